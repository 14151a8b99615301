"""Who may call what: typed dependencies for the jobs service's callers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_shared.auth import (
    STAFF_ROLES,
    Principal,
    PrincipalKind,
    Role,
    holds_roles_or_scopes,
    require_roles,
    require_roles_or_scopes,
)
from imis_shared.errors import Forbidden

# Machine clients read records with `jobs:read` (employers, vacancies, programmes, statistics) and
# never a person's whole profile: people are for officers in person, who serve them. With
# `jobs:seekers:read` a client sees the seekers who consented to be found, as an employer would
# (no birth date, no contact details), and their matches; never applications.
READ_SCOPE = "jobs:read"
SEEKERS_SCOPE = "jobs:seekers:read"

# Officers and admins; machine clients with `jobs:read` (e.g. the ministry's statistics office).
StaffReader = Annotated[Principal, Depends(require_roles_or_scopes(STAFF_ROLES, [READ_SCOPE]))]
# Officers and admins: changes only people make.
Officer = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
# A user acting for employers (registering one, joining one, creating its vacancies).
EmployerUser = Annotated[Principal, Depends(require_roles(Role.EMPLOYER))]
# A job seeker with an account.
SeekerUser = Annotated[Principal, Depends(require_roles(Role.JOB_SEEKER))]


def is_staff(principal: Principal) -> bool:
    """Officers and admins, or a machine client granted ``jobs:read``."""
    return holds_roles_or_scopes(principal, STAFF_ROLES, [READ_SCOPE])


def require_staff(principal: Principal, refusal: str) -> None:
    """Refuse anyone but staff (``is_staff``). Called from a route's body where a dependency would
    refuse before the route's own parameters were checked (a bad query answers 422 first)."""
    if not is_staff(principal):
        raise Forbidden(refusal)


def is_officer(principal: Principal) -> bool:
    """An officer or admin in person: machine clients read, but never act as officers nor see a
    person's whole record."""
    return principal.kind is PrincipalKind.USER and principal.has_any_role(STAFF_ROLES)


def require_officer(principal: Principal, refusal: str) -> None:
    """Refuse anyone but officers and admins in person (``is_officer``), from a route's body."""
    if not is_officer(principal):
        raise Forbidden(refusal)


def reads_consenting_seekers(principal: Principal) -> bool:
    """A machine client granted ``jobs:seekers:read``: seekers who consented to be found, minimised."""
    return principal.kind is PrincipalKind.CLIENT and SEEKERS_SCOPE in principal.scopes


def is_employer_user(principal: Principal) -> bool:
    """A person holding the `employer` role."""
    return principal.kind is PrincipalKind.USER and principal.has_any_role({Role.EMPLOYER})
