"""Request and response bodies of the account endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import pycountry
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from imis_gateway.accounts.models import AccountStatus
from imis_shared.auth import SELF_SERVICE_ROLES, Role


def normalise_email(value: str) -> str:
    """Syntax-checked, normalised (lower-cased) email; no DNS lookups."""
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return result.normalized.lower()


def check_language(value: str) -> str:
    if pycountry.languages.get(alpha_2=value) is None:
        raise ValueError("must be an ISO 639-1 language code, e.g. 'ar', 'en', 'fr', 'it'")
    return value


Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=320), AfterValidator(normalise_email)
]
Language = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=2, max_length=2),
    AfterValidator(check_language),
]
FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, Field(min_length=1, max_length=256)]


def check_self_service_roles(roles: list[Role]) -> list[Role]:
    refused = sorted(set(roles) - SELF_SERVICE_ROLES)
    if refused:
        raise ValueError(f"roles {', '.join(refused)} cannot be self-assigned; an administrator grants them")
    return sorted(set(roles))


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(StrictModel):
    email: Email
    password: Password
    full_name: FullName
    preferred_language: Language = "en"
    roles: Annotated[
        list[Role], Field(min_length=1, max_length=3), AfterValidator(check_self_service_roles)
    ] = Field(description="Self-service roles only: job_seeker, employer, diaspora_member.")


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str
    preferred_language: str
    roles: list[str]
    status: AccountStatus
    created_at: datetime
    last_login_at: datetime | None


class MeUpdate(StrictModel):
    full_name: FullName | None = None
    preferred_language: Language | None = None


class PasswordChange(StrictModel):
    current_password: Password
    new_password: Password


class RoleGrant(StrictModel):
    role: Role


class StatusChange(StrictModel):
    status: AccountStatus
