"""Who may call what: typed dependencies for the diaspora service's callers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_shared.auth import Principal, PrincipalKind, Role, require_roles, require_roles_or_scopes

STAFF_ROLES = (Role.OFFICER, Role.ADMIN)
READ_SCOPE = "diaspora:read"

# Officers and admins; machine clients with `diaspora:read` (e.g. the ministry's statistics office).
StaffReader = Annotated[Principal, Depends(require_roles_or_scopes(STAFF_ROLES, [READ_SCOPE]))]
# Officers and admins: changes only people make.
Officer = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
# A national abroad with an account.
MemberUser = Annotated[Principal, Depends(require_roles(Role.DIASPORA_MEMBER))]


def is_staff(principal: Principal) -> bool:
    if principal.kind is PrincipalKind.CLIENT:
        return READ_SCOPE in principal.scopes
    return principal.has_any_role(STAFF_ROLES)
