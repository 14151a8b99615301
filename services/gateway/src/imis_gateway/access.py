"""Who may call what: typed dependencies for the gateway's callers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_shared.auth import Principal, Role, require_roles

# Administrators: accounts, machine clients and the audit log.
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
