"""Dependencies that load the calling user's account."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_gateway.accounts import repository
from imis_gateway.accounts.models import AccountStatus, UserAccount
from imis_shared.auth import CurrentPrincipal, Principal, PrincipalBeforePasswordChange, PrincipalKind
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, InvalidToken


async def get_current_account(principal: CurrentPrincipal, session: SessionDep) -> UserAccount:
    return await _account_of(principal, session)


async def get_account_before_password_change(
    principal: PrincipalBeforePasswordChange, session: SessionDep
) -> UserAccount:
    """The caller's account even while they must change the password an admin set."""
    return await _account_of(principal, session)


async def _account_of(principal: Principal, session: SessionDep) -> UserAccount:
    if principal.kind is not PrincipalKind.USER or principal.subject is None:
        raise Forbidden("Only user accounts have a profile; machine clients do not.")
    try:
        user_id = uuid.UUID(principal.subject)
    except ValueError:
        raise InvalidToken("The token's subject is not a user.") from None
    account = await repository.get(session, user_id)
    if account is None:
        raise InvalidToken("The token's user no longer exists.")
    if account.status != AccountStatus.ACTIVE:  # besides the revocation list: the account itself
        raise InvalidToken("The account is disabled.")
    return account


CurrentAccount = Annotated[UserAccount, Depends(get_current_account)]
# Only for reading the account and changing the password: what a user who must change it may do.
AccountBeforePasswordChange = Annotated[UserAccount, Depends(get_account_before_password_change)]
