"""Who may call what: typed dependencies for the diaspora service's callers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_shared.auth import (
    STAFF_ROLES,
    Principal,
    Role,
    holds_roles_or_scopes,
    require_roles,
    require_roles_or_scopes,
)

READ_SCOPE = "diaspora:read"

# Officers and admins; machine clients with `diaspora:read` (e.g. the ministry's statistics office).
StaffReader = Annotated[Principal, Depends(require_roles_or_scopes(STAFF_ROLES, [READ_SCOPE]))]
# Officers and admins: changes only people make.
Officer = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
# A national abroad with an account.
MemberUser = Annotated[Principal, Depends(require_roles(Role.DIASPORA_MEMBER))]


def is_staff(principal: Principal) -> bool:
    """Officers and admins, or a machine client granted ``diaspora:read``."""
    return holds_roles_or_scopes(principal, STAFF_ROLES, [READ_SCOPE])
