"""How an account is shown: the same body to its owner and to admins."""

from __future__ import annotations

from imis_gateway.accounts.models import UserAccount
from imis_gateway.accounts.schemas import UserOut


def user_out(account: UserAccount) -> UserOut:
    return UserOut(
        id=account.id,
        email=account.email,
        full_name=account.full_name,
        preferred_language=account.preferred_language,
        roles=account.roles,
        status=account.status,
        created_at=account.created_at,
        last_login_at=account.last_login_at,
        email_verified_at=account.email_verified_at,
        pending_email=account.pending_email,
        password_change_required=account.password_change_required,
    )
