"""The sign-in form as the OpenAPI document shows it (the router reads the form itself)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SignInForm(BaseModel):
    """What the sign-in page posts: the authorization request carried in hidden fields, the page's
    CSRF token, and the person's email and password."""

    response_type: str = Field(description="code")
    client_id: str
    redirect_uri: str
    code_challenge: str
    code_challenge_method: str = Field(description="S256")
    state: str | None = None
    ui_locales: str | None = Field(default=None, description="The page's language: ar, en, fr or it.")
    csrf_token: str = Field(description="The token the page set in its cookie (double submit).")
    username: str = Field(description="The account's email.")
    password: str
