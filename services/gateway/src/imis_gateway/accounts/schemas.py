"""Request and response bodies of the account endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from imis_gateway.accounts import passwords
from imis_gateway.accounts.models import AccountStatus
from imis_shared.auth import Role
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import EmailAddress, LanguageCode, Trimmed

# Shared with every service: the same email and language rules everywhere.
Email = EmailAddress
Language = LanguageCode
FullName = Annotated[str, Trimmed(200)]
Password = Annotated[str, Field(min_length=1, max_length=passwords.MAX_LENGTH)]
# A password being chosen: the lengths are in the schema; the rest of the policy (accounts/passwords.py)
# no schema can state, and a password that breaks it is refused naming the field (password_policy).
NewPassword = Annotated[
    str,
    Field(
        min_length=passwords.MIN_LENGTH,
        max_length=passwords.MAX_LENGTH,
        description=f"{passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters, at least 4 of them "
        "different; not the email address or its local part, and not one of the ~30,000 most common "
        "passwords (refused as `password_policy`).",
    ),
]


class SelfServiceRole(StrEnum):
    """The roles a person takes themselves at registration; an administrator grants the others."""

    JOB_SEEKER = Role.JOB_SEEKER.value
    EMPLOYER = Role.EMPLOYER.value
    DIASPORA_MEMBER = Role.DIASPORA_MEMBER.value


def distinct_roles(roles: list[SelfServiceRole]) -> list[SelfServiceRole]:
    return sorted(set(roles))


class RegisterIn(StrictModel):
    email: Email
    password: NewPassword
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
    pending_email: str | None = Field(
        description="An address asked for (`POST /auth/me/email-change`): it becomes `email` when the "
        "link mailed to it is used."
    )
    password_change_required: bool = Field(
        description="The password was set by an admin: until the user changes it "
        "(`POST /auth/me/password`), their tokens can only read the account and change it."
    )


class MeUpdate(ChangeModel):
    """The email changes by confirmation instead: `POST /auth/me/email-change`."""

    full_name: FullName | None = None
    preferred_language: Language | None = None


class PasswordChange(StrictModel):
    current_password: Password
    new_password: NewPassword


class RoleGrant(StrictModel):
    role: Role


class AccountStatusChange(StrictModel):
    status: AccountStatus
