"""Attack suite: extra fields (status, owner, id, ...) sent with a new article are refused with 422
naming each (docs/security.md)."""

from __future__ import annotations

import httpx
from info_helpers import API, article_body, put_country

from imis_testing.attacks import assert_extra_fields_refused


class TestMassAssignment:
    async def test_article_create(self, client: httpx.AsyncClient, editor: dict[str, str]) -> None:
        await put_country(client, editor, "IT")
        await assert_extra_fields_refused(client, "POST", f"{API}/articles", article_body(), editor)
        assert (await client.get(f"{API}/editorial/translations", headers=editor)).json()["total"] == 0
