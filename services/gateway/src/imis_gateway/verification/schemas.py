"""Request body of the email-verification endpoints."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from imis_shared.schemas import StrictModel
from imis_shared.validators import EmailAddress


class EmailChange(StrictModel):
    email: EmailAddress = Field(description="The address to change to; it must be confirmed from there.")


class EmailVerificationConfirm(StrictModel):
    token: Annotated[str, Field(min_length=1, max_length=200)]
