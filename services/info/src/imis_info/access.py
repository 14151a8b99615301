"""Who may write information content: editors and admins, or machine clients with `info:write`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_shared.auth import Principal, Role, require_roles, require_roles_or_scopes

WRITE_SCOPE = "info:write"
EditorUser = Annotated[Principal, Depends(require_roles_or_scopes([Role.EDITOR, Role.ADMIN], [WRITE_SCOPE]))]
AdminUser = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
