"""HTTP input guards: the body size limit (413), the route's media type (415), a path's methods (405) and
NUL characters in text (422)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Form
from pydantic import BaseModel

from imis_shared.app import api_router
from imis_shared.errors import PROBLEM_MEDIA_TYPE
from imis_shared.settings import ServiceSettings
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
LIMIT = 1024  # max_body_bytes of the suite's settings


class Note(BaseModel):
    text: str


class Login(BaseModel):
    username: str
    password: str


class Calls:
    """Which handlers ran, to prove a refused request never reached one."""

    def __init__(self) -> None:
        self.names: list[str] = []


def guarded_router(calls: Calls) -> APIRouter:
    router = api_router(prefix="/in", tags=["in"])

    @router.post("/json")
    async def take_json(note: Note) -> dict[str, int]:
        calls.names.append("json")
        return {"length": len(note.text)}

    @router.patch("/merge")
    async def take_merge_patch(note: Note) -> dict[str, str]:
        calls.names.append("merge")
        return {"text": note.text}

    @router.post("/form")
    async def take_form(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> dict[str, str]:
        calls.names.append("form")
        return {"username": username}

    @router.post("/form-model")
    async def take_form_model(login: Annotated[Login, Form()]) -> dict[str, str]:
        calls.names.append("form-model")
        return {"username": login.username}

    @router.post("/no-body")
    async def no_body() -> dict[str, bool]:
        calls.names.append("no-body")
        return {"ok": True}

    @router.get("/search/{word}")
    async def search(word: str, q: str | None = None) -> dict[str, str | None]:
        calls.names.append("search")
        return {"word": word, "q": q}

    return router


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
async def client(make_app: AppFactory, calls: Calls) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(make_app([guarded_router(calls)])) as client:
        yield client


def note_of_size(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes."""
    overhead = len(b'{"text": ""}')
    return b'{"text": "' + b"x" * (size - overhead) + b'"}'


async def chunks(body: bytes, size: int = 256) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


class TestMediaType:
    async def test_json_route_accepts_json(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/in/json", json={"text": "hi"})
        assert response.status_code == 200
        assert response.json() == {"length": 2}

    async def test_json_route_accepts_json_with_a_charset(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/in/json", content=b'{"text": "hi"}', headers={"Content-Type": "Application/JSON; charset=utf-8"}
        )
        assert response.status_code == 200

    async def test_json_route_accepts_a_json_suffix_type(self, client: httpx.AsyncClient) -> None:
        response = await client.patch(
            "/in/merge", content=b'{"text": "hi"}', headers={"Content-Type": "application/merge-patch+json"}
        )
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "text/json"]
    )
    async def test_json_route_refuses_other_media_types(
        self, client: httpx.AsyncClient, calls: Calls, content_type: str
    ) -> None:
        response = await client.post(
            "/in/json", content=b'{"text": "hi"}', headers={"Content-Type": content_type}
        )
        assert response.status_code == 415
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        body = response.json()
        assert body["type"] == "urn:imis:problem:unsupported-media-type"
        assert "application/json" in body["detail"]
        assert calls.names == []

    async def test_json_route_refuses_a_body_without_content_type(
        self, client: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await client.post("/in/json", content=b'{"text": "hi"}')
        assert response.status_code == 415
        assert "no Content-Type" in response.json()["detail"]
        assert calls.names == []

    async def test_json_route_without_a_body_is_a_422_not_a_415(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/in/json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["type"] == "missing"

    async def test_form_route_accepts_a_form(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/in/form", data={"username": "asha", "password": "pw"})
        assert response.status_code == 200
        assert response.json() == {"username": "asha"}

    async def test_form_route_accepts_multipart(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/in/form", files={"username": (None, "asha"), "password": (None, "pw")})
        assert response.status_code == 200

    async def test_form_route_refuses_json(self, client: httpx.AsyncClient, calls: Calls) -> None:
        response = await client.post("/in/form", json={"username": "asha", "password": "pw"})
        assert response.status_code == 415
        assert "form" in response.json()["detail"]
        assert calls.names == []

    async def test_form_model_route_accepts_a_form_and_refuses_json(self, client: httpx.AsyncClient) -> None:
        accepted = await client.post("/in/form-model", data={"username": "asha", "password": "pw"})
        refused = await client.post("/in/form-model", json={"username": "asha", "password": "pw"})
        assert accepted.status_code == 200
        assert refused.status_code == 415

    async def test_route_without_a_body_ignores_the_content_type(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/in/no-body", content=b"whatever", headers={"Content-Type": "text/plain"}
        )
        assert response.status_code == 200


class TestBodySizeLimit:
    async def test_a_body_at_the_limit_is_accepted(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/in/json", content=note_of_size(LIMIT), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200
        assert response.json() == {"length": LIMIT - len(b'{"text": ""}')}

    async def test_a_declared_length_over_the_limit_is_a_413(
        self, client: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await client.post(
            "/in/json", content=note_of_size(LIMIT + 1), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        body = response.json()
        assert body["type"] == "urn:imis:problem:payload-too-large"
        assert body["detail"] == f"The body is {LIMIT + 1} bytes; the limit is {LIMIT}."
        assert body["request_id"] == response.headers["x-request-id"]
        assert calls.names == []

    async def test_the_declared_length_is_checked_on_any_route(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/nowhere", content=b"x" * (LIMIT + 1))
        assert response.status_code == 413

    async def test_a_streamed_body_over_the_limit_is_a_413_and_never_handled(
        self, client: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await client.post(
            "/in/json", content=chunks(note_of_size(4 * LIMIT)), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert response.json()["status"] == 413
        assert "x-request-id" in response.headers
        assert calls.names == []

    async def test_a_streamed_body_under_the_limit_is_accepted(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/in/json", content=chunks(note_of_size(LIMIT // 2)), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200

    async def test_a_streamed_form_over_the_limit_is_a_413(
        self, client: httpx.AsyncClient, calls: Calls
    ) -> None:
        body = b"username=asha&password=" + b"p" * (2 * LIMIT)
        response = await client.post(
            "/in/form", content=chunks(body), headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert response.status_code == 413
        assert calls.names == []


class TestPerRouteBodyLimit:
    """``body_limits`` raises the limit of exact paths only; every other path keeps max_body_bytes."""

    @pytest.fixture
    async def upload_client(self, make_app: AppFactory, calls: Calls) -> AsyncIterator[httpx.AsyncClient]:
        router = guarded_router(calls)

        @router.post("/upload")
        async def upload(note: Note) -> dict[str, int]:
            calls.names.append("upload")
            return {"length": len(note.text)}

        app = make_app([router], body_limits={"/in/upload": 8 * LIMIT})
        async with app_client(app) as client:
            yield client

    async def test_the_overridden_path_accepts_a_body_over_the_default(
        self, upload_client: httpx.AsyncClient
    ) -> None:
        response = await upload_client.post(
            "/in/upload", content=note_of_size(8 * LIMIT), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200

    async def test_the_overridden_path_refuses_a_body_over_its_own_limit(
        self, upload_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await upload_client.post(
            "/in/upload", content=note_of_size(8 * LIMIT + 1), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.json()["detail"] == f"The body is {8 * LIMIT + 1} bytes; the limit is {8 * LIMIT}."
        assert calls.names == []

    async def test_a_streamed_body_on_the_overridden_path_is_bounded_by_its_limit(
        self, upload_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        accepted = await upload_client.post(
            "/in/upload",
            content=chunks(note_of_size(4 * LIMIT)),
            headers={"Content-Type": "application/json"},
        )
        refused = await upload_client.post(
            "/in/upload",
            content=chunks(note_of_size(9 * LIMIT)),
            headers={"Content-Type": "application/json"},
        )
        assert accepted.status_code == 200
        assert refused.status_code == 413
        assert (
            refused.json()["detail"] == f"The body is more than {8 * LIMIT} bytes; the limit is {8 * LIMIT}."
        )
        assert calls.names == ["upload"]

    async def test_other_paths_keep_the_default_limit(
        self, upload_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        declared = await upload_client.post(
            "/in/json", content=note_of_size(LIMIT + 1), headers={"Content-Type": "application/json"}
        )
        streamed = await upload_client.post(
            "/in/json", content=chunks(note_of_size(2 * LIMIT)), headers={"Content-Type": "application/json"}
        )
        assert declared.status_code == 413 and streamed.status_code == 413
        assert calls.names == []

    async def test_an_override_is_an_exact_path_not_a_prefix(self, upload_client: httpx.AsyncClient) -> None:
        response = await upload_client.post(
            "/in/upload/more", content=note_of_size(2 * LIMIT), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413


def resource_router(calls: Calls) -> APIRouter:
    """One path served by three routes (Starlette keeps one route per method), and a sibling path
    whose parameter is a UUID, so ``/things/export`` is never taken for a thing."""
    router = api_router(prefix="/things", tags=["things"])

    @router.get("")
    async def list_things() -> list[str]:
        calls.names.append("list")
        return []

    @router.post("", status_code=201)
    async def create_thing(note: Note) -> dict[str, str]:
        calls.names.append("create")
        return {"text": note.text}

    @router.delete("", status_code=204)
    async def delete_things() -> None:
        calls.names.append("delete")

    @router.post("/export")
    async def export_things() -> list[str]:
        return []

    @router.get("/{thing_id:uuid}")
    async def get_thing(thing_id: str) -> dict[str, str]:
        return {"id": str(thing_id)}

    return router


class TestMethodsOfAPath:
    @pytest.fixture
    async def things(self, make_app: AppFactory, calls: Calls) -> AsyncIterator[httpx.AsyncClient]:
        async with app_client(make_app([resource_router(calls)])) as client:
            yield client

    async def test_a_405_lists_every_method_of_the_path_as_a_problem(
        self, things: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await things.put("/things", json={"text": "x"})
        assert response.status_code == 405
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert response.headers["allow"] == "GET, POST, DELETE, OPTIONS"
        assert response.json()["status"] == 405 and response.json()["instance"] == "/things"
        assert calls.names == []

    async def test_each_path_lists_its_own_methods(self, things: httpx.AsyncClient) -> None:
        export = await things.get("/things/export")
        one = await things.post("/things/3f0c6a52-9a39-4c6e-8f53-6d1d7f0e4b11")
        assert export.status_code == 405 and export.headers["allow"] == "POST, OPTIONS"
        assert one.status_code == 405 and one.headers["allow"] == "GET, OPTIONS"

    async def test_options_answers_204_with_the_same_allow(
        self, things: httpx.AsyncClient, calls: Calls
    ) -> None:
        response = await things.options("/things")
        assert response.status_code == 204 and response.content == b""
        assert response.headers["allow"] == "GET, POST, DELETE, OPTIONS"
        assert calls.names == []

    async def test_options_on_an_unknown_path_is_a_404(self, things: httpx.AsyncClient) -> None:
        response = await things.options("/nothing-here")
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE

    async def test_the_methods_the_path_has_still_work(self, things: httpx.AsyncClient, calls: Calls) -> None:
        assert (await things.get("/things")).status_code == 200
        assert (await things.post("/things", json={"text": "x"})).status_code == 201
        assert (await things.delete("/things")).status_code == 204
        assert calls.names == ["list", "create", "delete"]

    async def test_with_cors_a_preflight_is_still_the_cors_answer(
        self, make_app: AppFactory, settings: ServiceSettings, calls: Calls
    ) -> None:
        allowed = settings.model_copy(update={"cors_origins": ["https://portal.example"]})
        async with app_client(make_app([resource_router(calls)], settings=allowed)) as client:
            preflight = await client.options(
                "/things",
                headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "POST"},
            )
            plain = await client.options("/things", headers={"Origin": "https://portal.example"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://portal.example"
        assert plain.status_code == 204 and plain.headers["allow"] == "GET, POST, DELETE, OPTIONS"
        assert plain.headers["access-control-allow-origin"] == "https://portal.example"


class TestNulCharacters:
    """No text column stores a NUL (PostgreSQL fails on one): refused as input, naming the field."""

    @staticmethod
    def refused_fields(response: httpx.Response) -> set[tuple[str, str]]:
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        return {(error["location"], error["field"]) for error in response.json()["errors"]}

    async def test_in_a_query_or_path_parameter(self, client: httpx.AsyncClient, calls: Calls) -> None:
        assert self.refused_fields(await client.get("/in/search/ok", params={"q": "a\x00b"})) == {
            ("query", "q")
        }
        assert self.refused_fields(await client.get("/in/search/a%00b")) == {("path", "word")}
        assert calls.names == []
        assert (await client.get("/in/search/ok", params={"q": "a%00b \\u0000"})).json()[
            "q"
        ] == "a%00b \\u0000"

    async def test_in_a_json_member_or_a_form_field(self, client: httpx.AsyncClient, calls: Calls) -> None:
        refused = await client.post("/in/json", json={"text": "a\x00b"})
        assert self.refused_fields(refused) == {("body", "text")}
        form = await client.post("/in/form", data={"username": "a\x00", "password": "secret"})
        assert self.refused_fields(form) == {("body", "username")}
        assert calls.names == []
        # An escaped backslash followed by "u0000" is no NUL.
        kept = await client.post(
            "/in/json", content=b'{"text": "\\\\u0000"}', headers={"content-type": "application/json"}
        )
        assert kept.status_code == 200 and kept.json() == {"length": 6}
