"""Request and response bodies of the account endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from imis_gateway.accounts.models import AccountStatus
from imis_shared.auth import Role
from imis_shared.schemas import StrictModel
from imis_shared.validators import EmailAddress, LanguageCode

# Shared with every service: the same email and language rules everywhere.
Email = EmailAddress
Language = LanguageCode
FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, Field(min_length=1, max_length=256)]


class SelfServiceRole(StrEnum):
    """The roles a person takes themselves at registration; an administrator grants the others."""

    JOB_SEEKER = Role.JOB_SEEKER.value
    EMPLOYER = Role.EMPLOYER.value
    DIASPORA_MEMBER = Role.DIASPORA_MEMBER.value


def distinct_roles(roles: list[SelfServiceRole]) -> list[SelfServiceRole]:
    return sorted(set(roles))


class RegisterIn(StrictModel):
    email: Email
    password: Password
    full_name: FullName
    preferred_language: Language = "en"
    roles: Annotated[
        list[SelfServiceRole], Field(min_length=1, max_length=3), AfterValidator(distinct_roles)
    ] = Field(description="Self-service roles only: job_seeker, employer, diaspora_member.")


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str
    preferred_language: Language
    roles: list[str]
    status: AccountStatus
    created_at: datetime
    last_login_at: datetime | None
    email_verified_at: datetime | None
    password_change_required: bool = Field(
        description="The password was set by an admin: until the user changes it "
        "(`POST /auth/me/password`), their tokens can only read the account and change it."
    )


class MeUpdate(StrictModel):
    email: Email | None = Field(default=None, description="A new email must be verified again.")
    full_name: FullName | None = None
    preferred_language: Language | None = None


class PasswordChange(StrictModel):
    current_password: Password
    new_password: Password


class RoleGrant(StrictModel):
    role: Role


class AccountStatusChange(StrictModel):
    status: AccountStatus
