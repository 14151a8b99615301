"""Request bodies of the staff-account endpoints (the answer is the account, accounts.schemas.UserOut)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from imis_gateway.accounts.schemas import Email, FullName, Language, NewPassword
from imis_shared.auth import Role
from imis_shared.schemas import StrictModel


class StaffRole(StrEnum):
    """The roles of ministry staff: every role but the self-service (citizen) ones."""

    EDITOR = Role.EDITOR.value
    OFFICER = Role.OFFICER.value
    ADMIN = Role.ADMIN.value


class StaffAccountCreate(StrictModel):
    email: Email
    full_name: FullName
    preferred_language: Language = "en"
    roles: Annotated[list[StaffRole], Field(min_length=1, max_length=3)] = Field(
        description="Staff roles only; the account gets no citizen role."
    )
    initial_password: NewPassword | None = Field(
        default=None,
        description="A password you hand over yourself; the person must change it at first sign-in. "
        "Without one, they are mailed a single-use link to set their own.",
    )


class PasswordSetupConfirm(StrictModel):
    token: Annotated[str, Field(min_length=1, max_length=200)]
    new_password: NewPassword
