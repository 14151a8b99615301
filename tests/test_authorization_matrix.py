"""Function-level authorisation over every operation and every kind of caller, from the document.

Each operation of the served ``/openapi.json`` states who may call it (``x-imis-audience``:
imis_shared.auth); an operation without one fails here, so a new route cannot ship without saying
it. Then every operation is called through the gateway of the real platform by each kind of caller:
anonymous, a person holding exactly one role (job seeker, employer, diaspora member, officer, editor,
admin) and a machine client with every scope of the catalogue. Path ids are unknown ones, bodies
empty: what is tested is who is let in, not what an object's owner may do (each route's own tests
show that, with its allowed and refused callers).

- A caller outside the audience is refused before anything else: 401 without a token, 403 with one.
  Nothing runs for it: never a 2xx, a 404 or a 422 that only a caller let in could reach.
- A caller inside it is never refused for who it is: no 401, no 403, but where the operation also
  needs something of the caller's own record (``STANDING``), which these fresh callers lack.

Then object-level authorisation: the callers own real records (an employer with a published vacancy,
a seeker's profile and application, a diaspora member's record, offer and pledge), and a second
person of each of those roles calls every operation whose path names one of them. Where the same
request is not answered to an anonymous caller (the object is not public), the other person gets
no 2xx, save for the acts open to anyone of the role by design (``BY_DESIGN``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from diaspora_helpers import member_body, project_body
from e2e_platform import ADMIN_EMAIL, ADMIN_PASSWORD, SERVICES, Platform, environment, run_platform
from jobs_helpers import employer_body, seeker_body, vacancy_body

from imis_shared.auth import ANY_USER, ANYONE, AUDIENCE_KEY, AUTHENTICATED, Role, client_audience
from imis_testing import free_port, fresh_database_url

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-passphrase-42"
METHODS = ("get", "post", "put", "patch", "delete")
USER_ROLES = tuple(Role)
# Raised so that the thousand requests of the matrix, all from 127.0.0.1, meet no limit.
LIMITS = {
    "IMIS_GATEWAY_REGISTRATIONS_PER_ADDRESS": "10000",
    "IMIS_GATEWAY_LOGIN_ATTEMPTS_PER_ADDRESS": "10000",
    "IMIS_GATEWAY_ANONYMOUS_SEARCHES_PER_ADDRESS": "100000",
}


# Operations whose admitted callers may still be refused (403) for the state of their own record, with
# the reason; the route's own tests show the caller who meets it.
STANDING = {
    ("POST /api/v1/diaspora/members/me/claim", "diaspora_member"): "needs a verified email in the token",
    ("GET /api/v1/jobs/seekers/{seeker_id}", "employer"): "needs membership of a verified employer",
    (
        "GET /api/v1/jobs/seekers/{seeker_id}/verifications",
        "employer",
    ): "needs membership of a verified employer",
    ("GET /api/v1/jobs/returnees", "employer"): "needs membership of a verified employer",
}


@dataclass(frozen=True)
class Caller:
    name: str
    headers: dict[str, str]
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()

    @property
    def kind(self) -> str:
        return "anonymous" if not self.headers else ("client" if self.scopes else "user")

    def admitted(self, audience: list[str]) -> bool:
        if ANYONE in audience:
            return True
        if self.kind == "anonymous":
            return False
        if AUTHENTICATED in audience:
            return True
        if self.kind == "user":
            return ANY_USER in audience or bool(self.roles & set(audience))
        granted = [who.removeprefix("client:").split() for who in audience if who.startswith("client:")]
        return any(set(scopes) <= self.scopes for scopes in granted)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("matrix")
    ports = {name: free_port() for name in SERVICES}
    urls = {name: fresh_database_url(f"matrix_{name}", workdir) for name in SERVICES}
    with run_platform(workdir, ports, {**environment(ports, urls), **LIMITS}) as platform:
        yield platform


@pytest.fixture(scope="module")
def document(platform: Platform) -> dict[str, Any]:
    response = httpx.get(f"{platform.gateway}/openapi.json", timeout=30)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["info"]["x-imis-missing-services"] == []
    return body


@pytest.fixture(scope="module")
def callers(platform: Platform, document: dict[str, Any]) -> list[Caller]:
    """Anonymous; one person per role holding that role alone; a machine client with every scope."""
    gateway = platform.gateway
    admin = platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)
    result = [Caller("anonymous", {}), Caller("admin", admin, frozenset({Role.ADMIN}))]
    for role in (Role.JOB_SEEKER, Role.EMPLOYER, Role.DIASPORA_MEMBER):
        email = f"{role}@example.org"
        platform.register({"email": email, "password": PASSWORD, "full_name": role.title(), "roles": [role]})
        result.append(Caller(role, platform.bearer(email, PASSWORD), frozenset({role})))
    for role in (Role.OFFICER, Role.EDITOR):
        email = f"{role}@ministry.example"
        initial = "an-initial-passphrase-7"
        body = {"email": email, "full_name": role.title(), "roles": [role], "initial_password": initial}
        created = httpx.post(f"{gateway}/api/v1/admin/users", json=body, headers=admin, timeout=30)
        assert created.status_code == 201, created.text
        changed = httpx.post(
            f"{gateway}/api/v1/auth/me/password",
            json={"current_password": initial, "new_password": PASSWORD},
            headers=platform.bearer(email, initial),
            timeout=30,
        )
        assert changed.status_code == 204, changed.text
        result.append(Caller(role, platform.bearer(email, PASSWORD), frozenset({role})))
    scopes = document["components"]["schemas"]["ClientScope"]["enum"]
    body = {"name": "matrix", "scopes": scopes}
    client = httpx.post(f"{gateway}/api/v1/admin/clients", json=body, headers=admin, timeout=30)
    assert client.status_code == 201, client.text
    issued = httpx.post(
        f"{gateway}/api/v1/auth/token",
        data={"grant_type": "client_credentials", "scope": " ".join(scopes)},
        auth=(client.json()["client_id"], client.json()["client_secret"]),
        timeout=30,
    )
    assert issued.status_code == 200, issued.text
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    result.append(Caller("machine_client", bearer, scopes=frozenset(scopes)))
    assert {caller.kind for caller in result} == {"anonymous", "user", "client"}
    assert {role for caller in result for role in caller.roles} == set(USER_ROLES)
    return result


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _value(document: dict[str, Any], schema: dict[str, Any]) -> str:
    """A well-formed value of a path or required query parameter (an unknown id for an id)."""
    schema = _resolve(document, schema)
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    for key in ("examples", "enum"):
        if schema.get(key):
            return str(schema[key][0])
    return {"integer": "1", "number": "1", "boolean": "true"}.get(schema.get("type", ""), "x")


def request(document: dict[str, Any], method: str, path: str, operation: dict[str, Any]) -> dict[str, Any]:
    """httpx.request arguments: the path filled in, required query parameters, an empty body."""
    query: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        value = _value(document, parameter["schema"])
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", value)
        elif parameter["in"] == "query" and parameter.get("required"):
            query[parameter["name"]] = value
    arguments: dict[str, Any] = {"method": method.upper(), "url": path, "params": query}
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        arguments["json"] = {}
    elif "multipart/form-data" in content:
        arguments["files"] = {"file": ("empty.csv", b"", "text/csv")}
    elif "application/x-www-form-urlencoded" in content:
        arguments["data"] = {"unknown": "x"}
    return arguments


def test_every_operation_says_who_may_call_it(document: dict[str, Any]) -> None:
    known = {ANYONE, AUTHENTICATED, ANY_USER, *USER_ROLES}
    scopes = document["components"]["schemas"]["ClientScope"]["enum"]
    undeclared, unknown = [], []
    for method, path, operation in operations(document):
        audience = operation.get(AUDIENCE_KEY)
        if not audience:
            undeclared.append(f"{method.upper()} {path}")
            continue
        for who in audience:
            granted = who.removeprefix("client:").split() if who.startswith("client:") else None
            if who not in known and not (granted and set(granted) <= set(scopes)):
                unknown.append(f"{method.upper()} {path}: {who}")
    assert undeclared == [], "operations that do not say who may call them (x-imis-audience)"
    assert unknown == []
    assert client_audience(["jobs:read"]) == "client:jobs:read"


def test_each_caller_is_let_in_exactly_where_the_document_says(
    platform: Platform, document: dict[str, Any], callers: list[Caller]
) -> None:
    wrong: list[str] = []
    with httpx.Client(base_url=platform.gateway, timeout=30) as client:
        for method, path, operation in operations(document):
            if path == "/api/v1/auth/me/password" or path == "/api/v1/auth/logout":
                continue  # would end the caller's session; tested in the gateway's own tests
            audience = operation[AUDIENCE_KEY]
            arguments = request(document, method, path, operation)
            for caller in callers:
                status = client.request(**arguments, headers=caller.headers).status_code
                admitted = caller.admitted(audience)
                refusal = 401 if caller.kind == "anonymous" else 403
                standing = (f"{method.upper()} {path}", caller.name) in STANDING and status == 403
                if admitted and status in (401, 403) and not standing:
                    wrong.append(f"{method.upper()} {path}: {caller.name} (admitted) got {status}")
                elif not admitted and status != refusal:
                    wrong.append(f"{method.upper()} {path}: {caller.name} got {status}, not {refusal}")
    assert wrong == [], "\n".join(wrong)


# Acts on another person's record that anyone of the role may do, by design.
BY_DESIGN = {
    (
        "POST /api/v1/jobs/vacancies/{vacancy_id}/applications",
        "job_seeker",
    ): "any seeker applies to a vacancy",
    ("POST /api/v1/diaspora/projects/{project_id}/pledges", "diaspora_member"): "any member pledges",
    ("GET /api/v1/diaspora/projects/{project_id}/pledges", "diaspora_member"): "pledges' totals are public",
    ("GET /api/v1/jobs/seekers/{seeker_id}", "employer"): "a verified employer sees a consenting seeker",
}


@dataclass
class World:
    ids: dict[str, str]  # path parameter name -> a record the callers own
    others: list[Caller]  # one more person of each owning role, owning records of their own


def _created(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def world(platform: Platform, callers: list[Caller]) -> World:
    by = {caller.name: caller.headers for caller in callers}
    officer, employer, seeker, member = by["officer"], by["employer"], by["job_seeker"], by["diaspora_member"]
    with httpx.Client(base_url=platform.gateway, timeout=30) as http:
        organisation = _created(http.post("/api/v1/jobs/employers", json=employer_body(), headers=employer))
        status = f"/api/v1/jobs/employers/{organisation['id']}/status"
        _created(http.post(status, json={"status": "verified"}, headers=officer), 200)
        body = vacancy_body(organisation["id"])
        vacancy = _created(http.post("/api/v1/jobs/vacancies", json=body, headers=employer))
        published = {"status": "published"}
        path = f"/api/v1/jobs/vacancies/{vacancy['id']}/status"
        _created(http.post(path, json=published, headers=employer), 200)
        profile = _created(http.post("/api/v1/jobs/seekers/me", json=seeker_body(), headers=seeker))
        path = f"/api/v1/jobs/vacancies/{vacancy['id']}/applications"
        application = _created(http.post(path, json={}, headers=seeker))
        record = _created(http.post("/api/v1/diaspora/members/me", json=member_body(), headers=member))
        offer_body = {"type": "mentoring", "description": "Mentoring newly arrived nurses."}
        offer = _created(http.post("/api/v1/diaspora/members/me/offers", json=offer_body, headers=member))
        project = _created(http.post("/api/v1/diaspora/projects", json=project_body(), headers=officer))
        path = f"/api/v1/diaspora/projects/{project['id']}/status"
        _created(http.post(path, json={"status": "open"}, headers=officer), 200)
        path = f"/api/v1/diaspora/projects/{project['id']}/pledges"
        pledge = _created(http.post(path, json={"kind": "volunteering", "days": 5}, headers=member))
        employer_user = _created(http.get("/api/v1/auth/me", headers=employer), 200)
        others = []
        for role in (Role.EMPLOYER, Role.JOB_SEEKER, Role.DIASPORA_MEMBER):
            email = f"other.{role}@example.org"
            platform.register({"email": email, "password": PASSWORD, "full_name": "Other", "roles": [role]})
            other = Caller(f"other {role}", platform.bearer(email, PASSWORD), frozenset({role}))
            others.append(other)
            if role == Role.EMPLOYER:  # a verified employer of their own
                own = _created(
                    http.post("/api/v1/jobs/employers", json=employer_body(), headers=other.headers)
                )
                status = f"/api/v1/jobs/employers/{own['id']}/status"
                _created(http.post(status, json={"status": "verified"}, headers=officer), 200)
            elif role == Role.JOB_SEEKER:
                body = seeker_body(email=email)
                _created(http.post("/api/v1/jobs/seekers/me", json=body, headers=other.headers))
            else:
                body = member_body(email=email)
                _created(http.post("/api/v1/diaspora/members/me", json=body, headers=other.headers))
    return World(
        ids={
            "employer_id": organisation["id"],
            "user_id": employer_user["id"],
            "vacancy_id": vacancy["id"],
            "seeker_id": profile["id"],
            "application_id": application["id"],
            "member_id": record["id"],
            "offer_id": offer["id"],
            "project_id": project["id"],
            "pledge_id": pledge["id"],
        },
        others=others,
    )


def test_no_one_reaches_another_persons_records(
    platform: Platform, document: dict[str, Any], world: World
) -> None:
    wrong: list[str] = []
    checked = 0
    with httpx.Client(base_url=platform.gateway, timeout=30) as client:
        for method, path, operation in operations(document):
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            if not names or any(name not in world.ids for name in names):
                continue
            url = path
            for name in names:
                url = url.replace("{" + name + "}", world.ids[name])
            arguments = {**request(document, method, path, operation), "url": url}
            if method == "get" and client.request(**arguments).is_success:
                continue  # public: anyone may read it
            for other in world.others:
                role = next(iter(other.roles))
                if (
                    not other.admitted(operation[AUDIENCE_KEY])
                    or (f"{method.upper()} {path}", role) in BY_DESIGN
                ):
                    continue
                checked += 1
                response = client.request(**arguments, headers=other.headers)
                if response.is_success:
                    wrong.append(f"{method.upper()} {path}: {other.name} got {response.status_code}")
    assert wrong == [], "\n".join(wrong)
    print(f"\n{checked} requests to records of others")
    assert checked >= 20  # the world reached the operations it was built for (21 today)
