"""The seed's programmes played end to end through the gateway, as their actors would: the
platform started as `make run` starts it, every call over HTTP with a real token.

- Italy-Albania: pre-selection with verified language and interviews, the selected-candidate list
  handed to the Italian ministry's system.
- Tunisia's pre-screened pool (ATE): destination employers search candidates the ministry checked.
- Agency regulation (Philippines, Sri Lanka): licences on a public register, no recruitment fees
  charged to workers, job orders approved by an officer.
- Italy's seasonal schemes: a season's quota, places reserved per citizenship, the return owed, and
  the returnee who kept it first in line for the next season.
- Netherlands-Poland nurses: recruitment, the orientation the programme requires before departure,
  employment abroad, a welfare case against the employer, the return and reintegration follow-up.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from e2e_platform import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMITS,
    SERVICES,
    Platform,
    environment,
    run_platform,
)

from imis_testing import free_port, fresh_database_url

pytestmark = pytest.mark.e2e
PASSWORD = "a-long-passphrase-42"


def today() -> date:
    """The platform's date (UTC), read at each use: a run may cross midnight."""
    return datetime.now(UTC).date()


NEXT_YEAR = (today() + timedelta(days=365)).isoformat()
LAST_WEEK = (today() - timedelta(days=7)).isoformat()
_numbers = itertools.count()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The platform under the ministry's policies these programmes run with: agencies' job orders
    approved by an officer, and pre-screening by an interview and a police clearance."""
    workdir = tmp_path_factory.mktemp("programmes")
    ports = {name: free_port() for name in SERVICES}
    database_urls = {name: fresh_database_url(f"e2e_programmes_{name}", workdir) for name in SERVICES}
    env = environment(ports, database_urls)
    env["IMIS_JOBS_JOB_ORDER_APPROVAL"] = "agencies"
    env["IMIS_JOBS_PRESCREENING_REQUIRES"] = json.dumps(["interview", "police_clearance"])
    env.update(RATE_LIMITS)  # every programme's people register and sign in from 127.0.0.1
    with run_platform(workdir, ports, env) as started:
        yield started


@dataclass
class Ministry:
    """The platform as its people reach it: accounts made through the gateway."""

    platform: Platform

    @property
    def jobs(self) -> str:
        return f"{self.platform.gateway}/api/v1/jobs"

    def person(self, role: str, name: str) -> dict[str, str]:
        email = f"{name.lower().replace(' ', '.')}.{next(_numbers)}@example.org"
        self.platform.register({"email": email, "password": PASSWORD, "full_name": name, "roles": [role]})
        return self.platform.bearer(email, PASSWORD)

    def officer(self) -> dict[str, str]:
        admin = self.platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)
        email = f"officer.{next(_numbers)}@ministry.example"
        account = self.platform.register(
            {"email": email, "password": PASSWORD, "full_name": "Officer", "roles": ["job_seeker"]}
        )
        granted = httpx.post(
            f"{self.platform.gateway}/api/v1/admin/users/{account['id']}/roles",
            json={"role": "officer"},
            headers=admin,
            timeout=30,
        )
        assert granted.status_code == 200, granted.text
        return self.platform.bearer(email, PASSWORD)

    def partner(self, name: str) -> tuple[str, dict[str, str]]:
        """A machine client with `jobs:handover`, as an admin creates it: (client_id, its bearer)."""
        admin = self.platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)
        created = httpx.post(
            f"{self.platform.gateway}/api/v1/admin/clients",
            json={"name": name, "scopes": ["jobs:handover"]},
            headers=admin,
            timeout=30,
        )
        assert created.status_code == 201, created.text
        client = created.json()
        token = httpx.post(
            f"{self.platform.gateway}/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client["client_id"],
                "client_secret": client["client_secret"],
            },
            timeout=30,
        )
        assert token.status_code == 200, token.text
        return client["client_id"], {"Authorization": f"Bearer {token.json()['access_token']}"}

    def call(
        self, method: str, path: str, headers: dict[str, str] | None = None, status: int = 200, **kwargs: Any
    ) -> Any:
        response = httpx.request(method, f"{self.jobs}{path}", headers=headers, timeout=30, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
        return (
            response.json() if response.content and "json" in response.headers["content-type"] else response
        )

    def occupation(self, q: str) -> str:
        found: str = self.call("GET", "/occupations", params={"q": q, "limit": 1})["items"][0]["id"]
        return found

    def employer(self, owner: dict[str, str], officer: dict[str, str], **body: Any) -> str:
        fields = {
            "name": "Ospedale San Carlo",
            "type": "direct_employer",
            "country": "IT",
            "city": "Milano",
            "sector": "Health",
            "registration_number": f"REG-{next(_numbers)}",
            "contact_email": "hr@ospedale.example",
        } | body
        employer = self.call("POST", "/employers", owner, 201, json=fields)
        self.call("POST", f"/employers/{employer['id']}/status", officer, json={"status": "verified"})
        employer_id: str = employer["id"]
        return employer_id

    def vacancy(
        self, owner: dict[str, str], employer_id: str, occupation_id: str, **body: Any
    ) -> dict[str, Any]:
        fields = {
            "employer_id": employer_id,
            "title": "Infermiere/a, reparto di medicina",
            "occupation_id": occupation_id,
            "description": "Nurses for a public hospital's medical ward.",
            "destination_country": "IT",
            "destination_city": "Milano",
            "positions": 10,
            "contract_type": "fixed_term",
            "contract_months": 24,
            "salary_min": "1800.00",
            "salary_max": "2300.00",
            "salary_currency": "EUR",
            "salary_period": "month",
            "hours_per_week": 36,
            "application_deadline": NEXT_YEAR,
        } | body
        vacancy: dict[str, Any] = self.call("POST", "/vacancies", owner, 201, json=fields)
        return vacancy

    def seeker(
        self, name: str, citizenship: str, occupation_id: str, languages: list[Any]
    ) -> tuple[dict[str, str], str]:
        headers = self.person("job_seeker", name)
        profile = self.call(
            "POST",
            "/seekers/me",
            headers,
            201,
            json={
                "full_name": name,
                "date_of_birth": "1995-03-02",
                "citizenship": citizenship,
                "residence_country": citizenship,
                "phone": "+355 69 123 4567" if citizenship == "AL" else "+216 20 123 456",
                "occupations": [{"occupation_id": occupation_id, "years": 5}],
                "languages": languages,
                "education_level": 6,
                "discoverable": True,
            },
        )
        return headers, profile["id"]

    def check(self, officer: dict[str, str], seeker_id: str, kind: str, **fields: Any) -> None:
        body = {"seeker_id": seeker_id, "kind": kind, "outcome": "passed", "checked_on": LAST_WEEK} | fields
        self.call("POST", "/verifications", officer, 201, json=body)

    def language_test(self, officer: dict[str, str], seeker_id: str, language: str, level: str) -> None:
        levels = dict.fromkeys(("reading", "writing", "listening", "speaking"), level)
        self.check(officer, seeker_id, "language_test", language=language, valid_until=NEXT_YEAR, **levels)


@pytest.fixture(scope="module")
def ministry(platform: Platform) -> Ministry:
    return Ministry(platform)


class TestItalyAlbania:
    """Albanian nurses for Italian hospitals: the ministry verifies Italian and interviews, the
    hospital offers, and the selected list goes to the Italian ministry's system."""

    def test_pre_selection_to_the_hand_over(self, ministry: Ministry) -> None:
        officer = ministry.officer()
        nurse = ministry.occupation("nurse responsible for general care")
        programme = ministry.call(
            "POST",
            "/programmes",
            officer,
            201,
            json={
                "name": "Italia-Albania infermieri",
                "destination_country": "IT",
                "origin_country": "AL",
                "eligible_citizenships": ["AL"],
                "isco_groups": ["222"],
                "starts_on": (today() - timedelta(days=10)).isoformat(),
                "ends_on": NEXT_YEAR,
                "quota": 50,
                "required_verifications": ["language_test", "interview"],
            },
        )
        hospital = ministry.person("employer", "Risorse Umane")
        employer_id = ministry.employer(hospital, officer)
        vacancy = ministry.vacancy(
            hospital,
            employer_id,
            nurse,
            programme_id=programme["id"],
            languages=[{"language": "it", "min_level": "B1"}],
        )
        ministry.call("POST", f"/vacancies/{vacancy['id']}/status", hospital, json={"status": "published"})

        # Three applicants declare Italian B1; the ministry's test finds one of them at A2.
        applicants = {
            name: ministry.seeker(name, "AL", nurse, [{"language": "it", "level": "B1"}])
            for name in ("Arta", "Besa", "Drita")
        }
        for name, (_headers, seeker_id) in applicants.items():
            ministry.language_test(officer, seeker_id, "it", "A2" if name == "Drita" else "B1")
            ministry.check(
                officer, seeker_id, "interview", programme_id=programme["id"], valid_until=NEXT_YEAR
            )
        matches = ministry.call(
            "GET", f"/vacancies/{vacancy['id']}/matches", hospital, params={"prescreened": "true"}
        )
        by_name = {m["seeker"]["full_name"]: m for m in matches["items"]}
        assert set(by_name) == {"Arta", "Besa", "Drita"}
        assert "language: it B1" in by_name["Arta"]["verified"]
        assert "language: it B1" in by_name["Drita"]["declared_only"]

        # They apply; the ministry shortlists and interviews; the hospital offers to two.
        application = {}
        for name, (headers, _seeker_id) in applicants.items():
            application[name] = ministry.call(
                "POST", f"/vacancies/{vacancy['id']}/applications", headers, 201, json={}
            )["id"]
            ministry.call(
                "POST", f"/applications/{application[name]}/transitions", officer, json={"to": "shortlisted"}
            )
            ministry.call(
                "POST", f"/applications/{application[name]}/transitions", officer, json={"to": "interview"}
            )
        for name in ("Arta", "Besa"):
            ministry.call(
                "POST",
                f"/applications/{application[name]}/transitions",
                hospital,
                json={"to": "offered", "interview_result": "passed"},
            )
        ministry.call(
            "POST",
            f"/applications/{application['Drita']}/transitions",
            officer,
            json={
                "to": "rejected",
                "note": "Italian below B1 at the ministry's test.",
                "interview_result": "passed",
            },
        )
        timeline = ministry.call("GET", f"/applications/{application['Arta']}", hospital)["timeline"]
        assert [(e["to_status"], e["actor"]) for e in timeline[1:3]] == [
            ("shortlisted", "officer"),
            ("interview", "officer"),
        ]

        # The Italian ministry's system becomes the programme's partner; Arta agrees, Besa does not.
        client_id, partner = ministry.partner("Ministero del Lavoro - sistema flussi")
        ministry.call(
            "POST",
            f"/programmes/{programme['id']}/partners",
            officer,
            201,
            json={
                "client_id": client_id,
                "name": "Ministero del Lavoro e delle Politiche Sociali",
                "country": "IT",
                "fields": ["identity", "languages", "verifications", "placement"],
            },
        )
        words = ministry.call(
            "GET", f"/programmes/{programme['id']}/sharing-consent-text", params={"language": "it"}
        )
        assert "Ministero del Lavoro e delle Politiche Sociali (Italia)" in words["text"]
        ministry.call(
            "PUT",
            f"/seekers/me/sharing-consents/{programme['id']}",
            applicants["Arta"][0],
            json={"granted": True, "language": "it", "text_version": words["text_version"]},
        )
        handed = ministry.call("GET", f"/programmes/{programme['id']}/handover", partner)
        assert [c["identity"]["full_name"] for c in handed["items"]] == ["Arta"]
        (arta,) = handed["items"]
        assert arta["contact"] is None and arta["status"] == "offered"
        assert {v["kind"] for v in arta["verifications"]} == {"language_test", "interview"}
        sheet = ministry.call("GET", f"/programmes/{programme['id']}/handover.csv", partner)
        assert "Arta" in sheet.text and "Besa" not in sheet.text and "+355" not in sheet.text

        # Only its own programme, and never as anyone but a partner; every hand-over on record.
        other = ministry.call(
            "POST",
            "/programmes",
            officer,
            201,
            json={
                "name": "Another programme",
                "destination_country": "DE",
                "origin_country": "AL",
                "eligible_citizenships": ["AL"],
                "starts_on": today().isoformat(),
                "ends_on": NEXT_YEAR,
                "quota": 5,
            },
        )
        ministry.call("GET", f"/programmes/{other['id']}/handover", partner, 403)
        ministry.call("GET", f"/programmes/{programme['id']}/handover", hospital, 403)
        audit = ministry.call("GET", f"/programmes/{programme['id']}/handovers", officer)
        assert [(h["recipient"], h["format"], h["seekers"]) for h in audit["items"]] == [
            (client_id, "csv", 1),
            (client_id, "json", 1),
        ]


class TestTunisiaPreScreenedPool:
    """Destination employers consult candidates the ministry pre-screened (interview and police
    clearance), search by verified language, invite, and see contact details only once accepted."""

    def test_an_employer_abroad_searches_the_pool_and_invites(self, ministry: Ministry) -> None:
        officer = ministry.officer()
        cook = ministry.occupation("cook")
        people = {
            name: ministry.seeker(name, "TN", cook, [{"language": "fr", "level": "B2"}])
            for name in ("Amine", "Salma", "Youssef")
        }
        for name, (_headers, seeker_id) in people.items():
            ministry.check(officer, seeker_id, "interview", valid_until=NEXT_YEAR)
            if name != "Youssef":  # no police clearance yet: not pre-screened
                ministry.check(
                    officer, seeker_id, "police_clearance", issuing_country="TN", valid_until=NEXT_YEAR
                )
            ministry.language_test(officer, seeker_id, "fr", "B1" if name == "Salma" else "B2")

        restaurant = ministry.person("employer", "Chef de cuisine")
        employer_id = ministry.employer(
            restaurant, officer, name="Brasserie du Port", country="FR", city="Marseille"
        )
        query = {"occupation_id": cook, "language": "fr:B2"}
        pool = ministry.call("GET", "/candidates", restaurant, params=query)
        assert [c["seeker"]["full_name"] for c in pool["items"]] == ["Amine"]
        (amine,) = pool["items"]
        assert amine["verified"] == ["language: fr B2"]
        assert not {"phone", "email", "date_of_birth"} & set(amine["seeker"])
        wider = ministry.call("GET", "/candidates", restaurant, params={"occupation_id": cook})
        assert sorted(c["seeker"]["full_name"] for c in wider["items"]) == ["Amine", "Salma"]

        unverified = ministry.person("employer", "Unverified")
        ministry.call("GET", "/candidates", unverified, 403, params=query)
        ministry.call("GET", "/candidates", None, 401, params=query)

        vacancy = ministry.vacancy(
            restaurant,
            employer_id,
            cook,
            title="Cuisinier",
            destination_country="FR",
            destination_city="Marseille",
            contract_type="seasonal",
            contract_months=6,
        )
        ministry.call("POST", f"/vacancies/{vacancy['id']}/status", restaurant, json={"status": "published"})
        seeker_id = amine["seeker"]["id"]
        invitation = ministry.call(
            "POST", f"/vacancies/{vacancy['id']}/invitations", restaurant, 201, json={"seeker_id": seeker_id}
        )
        before = ministry.call("GET", f"/seekers/{seeker_id}", restaurant)
        assert "phone" not in before
        ministry.call(
            "POST",
            f"/applications/{invitation['id']}/transitions",
            people["Amine"][0],
            json={"to": "submitted"},
        )
        after = ministry.call("GET", f"/seekers/{seeker_id}", restaurant)
        assert after["phone"] == "+21620123456"
        outcomes = ministry.call("GET", f"/seekers/{seeker_id}/verifications", restaurant)
        assert sorted(v["kind"] for v in outcomes["items"]) == [
            "interview",
            "language_test",
            "police_clearance",
        ]


class TestAgencyRegulation:
    """A licensed agency on the public register; no fee charged to the worker; its job orders
    published only once an officer approves them."""

    def test_licence_fees_and_job_order_approval(self, ministry: Ministry) -> None:
        officer = ministry.officer()
        welder = ministry.occupation("welder")
        agency_user = ministry.person("employer", "Agency staff")
        agency = ministry.employer(
            agency_user,
            officer,
            name="Gulf Manpower Services",
            type="recruitment_agency",
            country="EG",
            city="Cairo",
            sector="Recruitment",
            licence_number="EG-RA-2026-0042",
            licence_issuer="Ministry of Labour, Egypt",
            licence_valid_until=NEXT_YEAR,
        )
        register = ministry.call("GET", "/register", params={"q": "Gulf Manpower"})
        (entry,) = register["items"]
        assert (entry["licence_number"], entry["licence_status"]) == ("EG-RA-2026-0042", "valid")
        assert "contact_email" not in entry

        fee = httpx.post(
            f"{ministry.jobs}/vacancies",
            json={
                "employer_id": agency,
                "title": "Welder",
                "occupation_id": welder,
                "description": "Welders for a shipyard.",
                "destination_country": "SA",
                "destination_city": "Jeddah",
                "positions": 20,
                "contract_type": "fixed_term",
                "contract_months": 24,
                "salary_min": "1500.00",
                "salary_max": "1800.00",
                "salary_currency": "USD",
                "salary_period": "month",
                "hours_per_week": 48,
                "worker_fee_amount": "1500.00",
                "worker_fee_currency": "EUR",
                "application_deadline": NEXT_YEAR,
            },
            headers=agency_user,
            timeout=30,
        )
        assert fee.status_code == 422, fee.text
        assert [e["field"] for e in fee.json()["errors"]] == ["worker_fee_amount"]

        order = ministry.vacancy(
            agency_user,
            agency,
            welder,
            title="Welder",
            destination_country="SA",
            destination_city="Jeddah",
            salary_currency="USD",
        )
        sent = ministry.call(
            "POST", f"/vacancies/{order['id']}/status", agency_user, json={"status": "published"}
        )
        assert sent["status"] == "pending_approval"
        ministry.call("GET", f"/vacancies/{order['id']}", None, 404)
        waiting = ministry.call("GET", "/vacancies", officer, params={"status": "pending_approval"})
        assert order["id"] in [v["id"] for v in waiting["items"]]
        ministry.call("GET", "/vacancies", agency_user, 403, params={"status": "pending_approval"})
        ministry.call(
            "POST", f"/vacancies/{order['id']}/approval", agency_user, 403, json={"decision": "approved"}
        )
        approved = ministry.call(
            "POST", f"/vacancies/{order['id']}/approval", officer, json={"decision": "approved"}
        )
        assert approved["status"] == "published"
        assert ministry.call("GET", f"/vacancies/{order['id']}")["title"] == "Welder"


class TestItalySeasonalScheme:
    """Italy's seasonal agricultural work: a season's own quota, places reserved for a partner
    country's citizens, the return owed within the maximum stay, and the worker who returned as
    agreed applying for the next season ahead of others."""

    def test_a_season_with_reserved_places_and_the_return(self, ministry: Ministry) -> None:
        officer = ministry.officer()
        picker = ministry.occupation("fruit and vegetable picker")
        programme = ministry.call(
            "POST",
            "/programmes",
            officer,
            201,
            json={
                "name": "Lavoro stagionale agricolo",
                "destination_country": "IT",
                "origin_country": "EG",
                "eligible_citizenships": ["EG", "TN"],
                "starts_on": (today() - timedelta(days=30)).isoformat(),
                "ends_on": (today() + timedelta(days=700)).isoformat(),
                "quota": 2,
                "max_stay_months": 9,
                "return_obligation": True,
            },
        )
        season = ministry.call(
            "POST",
            f"/programmes/{programme['id']}/seasons",
            officer,
            201,
            json={
                "name": "Raccolta 2026-27",
                "starts_on": (today() - timedelta(days=10)).isoformat(),
                "ends_on": (today() + timedelta(days=200)).isoformat(),
                "quota": 2,
            },
        )
        ministry.call(
            "POST",
            f"/programmes/{programme['id']}/citizenship-quotas",
            officer,
            201,
            json={"citizenship": "TN", "quota": 1},
        )
        farm = ministry.person("employer", "Azienda agricola")
        employer_id = ministry.employer(farm, officer, name="Azienda Agricola Latina", city="Latina")
        vacancy = ministry.vacancy(
            farm,
            employer_id,
            picker,
            title="Raccoglitore",
            destination_city="Latina",
            contract_type="seasonal",
            contract_months=6,
            programme_id=programme["id"],
            season_id=season["id"],
        )
        ministry.call("POST", f"/vacancies/{vacancy['id']}/status", farm, json={"status": "published"})

        def placed(headers: dict[str, str]) -> str:
            applied = ministry.call("POST", f"/vacancies/{vacancy['id']}/applications", headers, 201, json={})
            for to in ("shortlisted", "offered"):
                ministry.call("POST", f"/applications/{applied['id']}/transitions", farm, json={"to": to})
            application_id: str = applied["id"]
            return application_id

        workers = {
            name: ministry.seeker(name, citizenship, picker, [{"language": "ar", "level": "C2"}])
            for name, citizenship in (("Karim", "EG"), ("Omar", "EG"), ("Hedi", "TN"))
        }
        offers = {name: placed(headers) for name, (headers, _id) in workers.items()}
        # Karim takes the one place not reserved; Omar finds none left (the other is Tunisia's);
        # Hedi takes Tunisia's reserved place.
        ministry.call(
            "POST",
            f"/applications/{offers['Karim']}/transitions",
            workers["Karim"][0],
            json={"to": "accepted"},
        )
        full = httpx.post(
            f"{ministry.jobs}/applications/{offers['Omar']}/transitions",
            json={"to": "accepted"},
            headers=workers["Omar"][0],
            timeout=30,
        )
        assert full.status_code == 409 and full.json()["reason"] == "quota_full", full.text
        ministry.call(
            "POST", f"/applications/{offers['Hedi']}/transitions", workers["Hedi"][0], json={"to": "accepted"}
        )
        state = ministry.call("GET", f"/programmes/{programme['id']}")
        assert state["quota_used"] == 2
        assert [(s["name"], s["quota_used"]) for s in state["seasons"]] == [("Raccolta 2026-27", 2)]

        # Karim departs and owes his return within nine months; he returns as agreed.
        for to in ("contract_signed", "visa_issued", "departed"):
            moved = ministry.call(
                "POST", f"/applications/{offers['Karim']}/transitions", officer, json={"to": to}
            )
        assert moved["return_due_on"] > today().isoformat()
        ministry.call(
            "POST",
            f"/applications/{offers['Karim']}/transitions",
            officer,
            json={"to": "returned", "returned_as_agreed": True},
        )
        # The next season's vacancy: Karim applies again and comes first among its candidates.
        next_season = ministry.call(
            "POST",
            f"/programmes/{programme['id']}/seasons",
            officer,
            201,
            json={
                "name": "Raccolta 2027-28",
                "starts_on": (today() + timedelta(days=300)).isoformat(),
                "ends_on": (today() + timedelta(days=500)).isoformat(),
                "quota": 2,
            },
        )
        following = ministry.vacancy(
            farm,
            employer_id,
            picker,
            title="Raccoglitore 2027",
            destination_city="Latina",
            contract_type="seasonal",
            contract_months=6,
            programme_id=programme["id"],
            season_id=next_season["id"],
        )
        ministry.call("POST", f"/vacancies/{following['id']}/status", farm, json={"status": "published"})
        ministry.call("POST", f"/vacancies/{following['id']}/applications", workers["Karim"][0], 201, json={})
        ranked = ministry.call("GET", f"/vacancies/{following['id']}/matches", farm)
        assert ranked["items"][0]["seeker"]["full_name"] == "Karim"
        assert "returned as agreed" in ranked["items"][0]["priority"]


class TestNetherlandsPolandNurses:
    """Polish nurses for a Dutch hospital under a bilateral arrangement, followed the whole way:
    recruitment, the pre-departure orientation the programme requires, departure, employment, a
    welfare case against the employer, the return and the reintegration follow-up."""

    def test_the_whole_journey(self, ministry: Ministry) -> None:
        officer = ministry.officer()
        officer_id = ministry.call("GET", "/whoami", officer)["subject"]
        nurse = ministry.occupation("nurse responsible for general care")
        programme = ministry.call(
            "POST",
            "/programmes",
            officer,
            201,
            json={
                "name": "Nederland-Polen verpleegkundigen",
                "destination_country": "NL",
                "origin_country": "PL",
                "eligible_citizenships": ["PL"],
                "isco_groups": ["222"],
                "starts_on": (today() - timedelta(days=10)).isoformat(),
                "ends_on": NEXT_YEAR,
                "quota": 20,
                "orientation_required": True,
            },
        )
        hospital = ministry.person("employer", "HR Ziekenhuis")
        employer_id = ministry.employer(
            hospital, officer, name="Ziekenhuis Rijnstate", country="NL", city="Arnhem"
        )
        vacancy = ministry.vacancy(
            hospital,
            employer_id,
            nurse,
            title="Verpleegkundige interne geneeskunde",
            destination_country="NL",
            destination_city="Arnhem",
            programme_id=programme["id"],
        )
        ministry.call("POST", f"/vacancies/{vacancy['id']}/status", hospital, json={"status": "published"})

        # Recruitment: Agnieszka applies, the hospital offers, she accepts, the ministry follows up.
        worker, seeker_id = ministry.seeker(
            "Agnieszka Nowak", "PL", nurse, [{"language": "en", "level": "B2"}]
        )
        application = ministry.call("POST", f"/vacancies/{vacancy['id']}/applications", worker, 201, json={})
        path = f"/applications/{application['id']}"

        def step(who: dict[str, str], to: str, status: int = 200, **fields: Any) -> Any:
            return ministry.call("POST", f"{path}/transitions", who, status, json={"to": to} | fields)

        step(hospital, "shortlisted")
        step(hospital, "offered")
        step(worker, "accepted")
        step(officer, "contract_signed")
        step(officer, "visa_issued")

        # The programme requires orientation: no departure without a certificate.
        refused = step(officer, "departed", 409)
        assert refused["reason"] == "orientation_required"
        assert "NL" in refused["detail"]
        course = ministry.call(
            "POST",
            "/orientation-courses",
            officer,
            201,
            json={
                "title": "Werken en wonen in Nederland",
                "destination_country": "NL",
                "isco_group": "222",
                "language": "pl",
                "duration_hours": 16,
                "description": "Rights at work, the Dutch health system, housing, who to call.",
            },
        )
        starts = datetime.now(UTC) + timedelta(seconds=3)
        session = ministry.call(
            "POST",
            "/orientation-sessions",
            officer,
            201,
            json={
                "course_id": course["id"],
                "starts_at": starts.isoformat(),
                "mode": "online",
                "online_link": "https://orientation.ministry.example/nl-nurses",
                "capacity": 30,
            },
        )
        sessions = ministry.call("GET", f"/orientation-courses/{course['id']}/sessions")  # public
        assert [s["free_places"] for s in sessions["items"]] == [30]
        enrolment = ministry.call(
            "POST", f"/orientation-sessions/{session['id']}/enrolments", worker, 201, json={}
        )
        time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.2)
        attended = ministry.call(
            "POST",
            f"/orientation-enrolments/{enrolment['id']}/attendance",
            officer,
            json={"attendance": "attended"},
        )
        code = attended["certificate_code"]
        checked = ministry.call("GET", f"/orientation-certificates/{code}")  # anyone, e.g. a consulate
        assert checked == {
            "code": code,
            "holder_initials": "A. N.",
            "course_title": "Werken en wonen in Nederland",
            "completed_on": checked["completed_on"],
            "status": "valid",
        }

        # Departure, arrival, employment and a contract extension, each on the timeline.
        step(officer, "departed")
        step(worker, "arrived", arrived_on=today().isoformat())
        ends = today() + timedelta(days=365)
        step(hospital, "employed", started_on=today().isoformat(), contract_ends_on=ends.isoformat())
        longer = (ends + timedelta(days=180)).isoformat()
        ministry.call(
            "POST",
            f"{path}/employment-changes",
            hospital,
            201,
            json={"kind": "contract_extended", "contract_ends_on": longer},
        )
        employment = ministry.call("GET", f"{path}/employment", worker)
        assert employment["contract_ends_on"] == longer
        timeline = ministry.call("GET", path, worker)["timeline"]
        assert [(e["to_status"], e["actor"]) for e in timeline[-4:]] == [
            ("departed", "officer"),
            ("arrived", "seeker"),
            ("employed", "employer"),
            ("employed", "employer"),  # the extension keeps the status
        ]

        # Wages come late: she opens a case; while it is open the hospital does not learn of it.
        case = ministry.call(
            "POST",
            "/welfare-cases",
            worker,
            201,
            json={
                "category": "late_wages",
                "employer_id": employer_id,
                "application_id": application["id"],
                "country": "NL",
                "description": "My salary for October has not been paid.",
                "urgency": "high",
            },
        )
        against = ministry.call("GET", f"/employers/{employer_id}/welfare-cases", hospital)
        assert against["items"] == []
        other_worker, _ = ministry.seeker("Piotr Zielinski", "PL", nurse, [])
        ministry.call("GET", f"/welfare-cases/{case['id']}", other_worker, 404)

        # The labour attaché takes it up; what is internal stays internal.
        case_path = f"/welfare-cases/{case['id']}"
        ministry.call("PUT", f"{case_path}/assignee", officer, json={"officer_id": officer_id})
        ministry.call(
            "POST", f"{case_path}/notes", officer, 201, json={"text": "Called HR.", "visibility": "internal"}
        )
        ministry.call(
            "POST",
            f"{case_path}/notes",
            officer,
            201,
            json={"text": "We have asked the hospital to pay by Friday.", "visibility": "shared"},
        )
        ministry.call("POST", f"{case_path}/status", officer, json={"status": "in_progress"})
        ministry.call(
            "POST",
            f"{case_path}/status",
            officer,
            json={"status": "referred", "referral_target": "labour_attache", "note": "Attaché in The Hague."},
        )
        ministry.call("POST", f"{case_path}/messages", worker, 201, json={"text": "Paid today, thank you."})
        ministry.call(
            "POST", f"{case_path}/status", officer, json={"status": "resolved", "substantiated": True}
        )
        followed = ministry.call("GET", case_path, worker)
        assert followed["status"] == "resolved"
        assert [n["text"] for n in followed["notes"]] == ["We have asked the hospital to pay by Friday."]
        assert [m["text"] for m in followed["messages"]] == ["Paid today, thank you."]
        record = ministry.call("GET", f"/employers/{employer_id}/welfare-record", officer)
        assert record["substantiated"] == 1
        # Closed, it is the ministry's finding: the hospital sees it, but not who complained.
        against = ministry.call("GET", f"/employers/{employer_id}/welfare-cases", hospital)
        assert [(c["id"], c["worker_name"], c["substantiated"]) for c in against["items"]] == [
            (case["id"], None, True)
        ]
        assert "description" not in against["items"][0]

        # She comes back at the end of her contract, with a skill learnt abroad, and wants a job.
        skill = ministry.call("GET", "/skills", params={"q": "intensive care", "limit": 1})["items"][0]["id"]
        recorded = ministry.call(
            "POST",
            "/returns",
            worker,
            201,
            json={
                "application_id": application["id"],
                "returned_on": today().isoformat(),
                "reason": "contract_completed",
                "skills_gained": [skill],
                "needs": ["job_placement"],
                "joins_returnee_pool": True,
            },
        )
        assert ministry.call("GET", path, worker)["status"] == "returned"
        assert recorded["returned_from"] == "NL"
        assert recorded["diaspora_invitation_url"]
        assert [f["month"] for f in recorded["follow_ups"]] == [3, 6, 12]
        pool = ministry.call("GET", "/returnees", hospital)
        assert seeker_id in {r["seeker_id"] for r in pool["items"]}

        # Reintegration: referred to the regional employment office; employed at the 3-month follow-up.
        return_path = f"/returns/{recorded['id']}"
        ministry.call(
            "POST",
            f"{return_path}/referrals",
            officer,
            201,
            json={
                "need": "job_placement",
                "provider_name": "Wojewódzki Urząd Pracy",
                "referred_on": today().isoformat(),
            },
        )
        ministry.call("POST", f"{return_path}/follow-ups/3", officer, json={"outcome": "employed"})
        mine = ministry.call("GET", return_path, worker)
        assert [r["provider_name"] for r in mine["referrals"]] == ["Wojewódzki Urząd Pracy"]
        assert mine["follow_ups"][0]["outcome"] == "employed"
        ministry.call("GET", return_path, other_worker, 404)
        ministry.call("GET", "/return-statistics", worker, 403)
