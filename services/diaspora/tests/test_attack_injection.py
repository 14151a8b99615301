"""Attack suite: SQL metacharacters, LIKE wildcards, NUL bytes, over-long and odd Unicode values in
every string query parameter the published document gives the diaspora service (docs/security.md)."""

from __future__ import annotations

import httpx

from imis_testing import SigningKey, bearer
from imis_testing.attacks import assert_parameters_survive_injection, string_query_parameters

PREFIX = "/api/v1/diaspora/"


class TestInjectionInQueryParameters:
    def test_the_document_gives_parameters_to_attack(self) -> None:
        assert string_query_parameters(PREFIX)

    async def test_no_value_breaks_a_parameter(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        staff = bearer(signing_key, "staff-attacks", "admin", "officer", "editor")
        assert await assert_parameters_survive_injection(client, PREFIX, staff) > 0
