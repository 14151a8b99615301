"""Helpers of the sign-in tests: a public client, PKCE pairs, the page's form, the redirect."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
from gateway_helpers import Tokens

AUTHORIZE_URL = "/api/v1/auth/authorize"
TOKEN_URL = "/api/v1/auth/token"
PUBLIC_CLIENTS_URL = "/api/v1/admin/public-clients"
REDIRECT = "https://portal.example.org/signed-in"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def create_public_client(
    client: httpx.AsyncClient, admin: Tokens, redirect_uris: list[str] | None = None, name: str = "Portal"
) -> str:
    response = await client.post(
        PUBLIC_CLIENTS_URL,
        json={"name": name, "redirect_uris": redirect_uris or [REDIRECT]},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    client_id: str = response.json()["client_id"]
    return client_id


def authorize_params(client_id: str, challenge: str, **overrides: str | None) -> dict[str, str]:
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "xyz-" + secrets.token_hex(4),
        **overrides,
    }
    return {key: value for key, value in params.items() if value is not None}


@dataclass
class Page:
    html: str
    forms: list[dict[str, str]]  # each form's action, method and fields (name → value)
    labels: dict[str, str]  # for= → label text
    inputs: dict[str, dict[str, str]]  # id → attributes
    links: list[dict[str, str]]
    html_attributes: dict[str, str]
    has_script: bool


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, dict[str, str]] = {}
        self.links: list[dict[str, str]] = []
        self.html_attributes: dict[str, str] = {}
        self.has_script = False
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.html_attributes = attributes
        elif tag == "script" or any(key.startswith("on") for key in attributes):
            self.has_script = True
        elif tag == "form":
            self.forms.append(
                {"_action": attributes.get("action", ""), "_method": attributes.get("method", "")}
            )
        elif tag == "input":
            if self.forms and "name" in attributes:
                self.forms[-1][attributes["name"]] = attributes.get("value", "")
            if "id" in attributes:
                self.inputs[attributes["id"]] = attributes
        elif tag == "label":
            self._label = attributes.get("for")
            if self._label:
                self.labels[self._label] = ""
        elif tag == "a":
            self.links.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels[self._label] += data.strip()


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    return Page(
        html,
        parser.forms,
        parser.labels,
        parser.inputs,
        parser.links,
        parser.html_attributes,
        parser.has_script,
    )


def redirect_params(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """The redirect's target without its query, and its query parameters (each once)."""
    assert response.status_code == 303, response.text
    location = urlsplit(response.headers["location"])
    target = location._replace(query="").geturl()
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert all(len(values) == 1 for values in parse_qs(location.query).values())
    return target, query


async def submit(
    client: httpx.AsyncClient, page: Page, email: str, password: str, **changes: str | None
) -> httpx.Response:
    """Post the page's form as a browser does, with the credentials typed in."""
    (form,) = page.forms
    fields = {key: value for key, value in form.items() if not key.startswith("_")}
    fields.update(username=email, password=password)
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return await client.post(form["_action"], data=fields)


async def sign_in(
    client: httpx.AsyncClient,
    client_id: str,
    challenge: str,
    email: str,
    password: str,
    **overrides: str | None,
) -> tuple[dict[str, str], dict[str, str]]:
    """(the authorization request's parameters, the redirect's query) of a whole sign-in."""
    params = authorize_params(client_id, challenge, **overrides)
    response = await client.get(AUTHORIZE_URL, params=params)
    assert response.status_code == 200, response.text
    _, query = redirect_params(await submit(client, parse_page(response.text), email, password))
    return params, query


async def redeem(
    client: httpx.AsyncClient, code: str, verifier: str, client_id: str, redirect_uri: str = REDIRECT
) -> httpx.Response:
    return await client.post(
        TOKEN_URL,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
