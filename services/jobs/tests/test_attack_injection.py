"""Attack suite: SQL metacharacters, LIKE wildcards, NUL bytes, over-long and odd Unicode values in
every string query parameter the published document gives the jobs service (docs/security.md)."""

from __future__ import annotations

import httpx
from jobs_helpers import employer_body, published_vacancy

from imis_testing import SigningKey, bearer
from imis_testing.attacks import assert_parameters_survive_injection, string_query_parameters

PREFIX = "/api/v1/jobs/"


class TestInjectionInQueryParameters:
    def test_the_document_gives_parameters_to_attack(self) -> None:
        assert string_query_parameters(PREFIX)

    async def test_no_value_breaks_a_parameter(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        # Every role the jobs routes with string parameters admit (the seeker's own pre-screening too).
        staff = bearer(signing_key, "staff-attacks", "admin", "officer", "editor", "job_seeker")
        assert await assert_parameters_survive_injection(client, PREFIX, staff) > 0


class TestLikeWildcardsMatchLiterally:
    """``%`` and ``_`` in a search are the characters themselves, not "anything"."""

    async def test_employer_names(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        for index, name in enumerate(["Azienda Rossi", "Verdi 100% Bio", "Bianchi_Sud"]):
            owner = bearer(signing_key, f"owner-{index}", "employer")
            created = await client.post(
                "/api/v1/jobs/employers", json=employer_body(name=name), headers=owner
            )
            assert created.status_code == 201, created.text

        async def names(q: str) -> list[str]:
            response = await client.get("/api/v1/jobs/employers", params={"q": q}, headers=officer)
            assert response.status_code == 200, response.text
            return sorted(item["name"] for item in response.json()["items"])

        assert await names("%") == ["Verdi 100% Bio"]
        assert await names("_") == ["Bianchi_Sud"]
        assert await names("%%") == []
        assert await names("i_s") == ["Bianchi_Sud"]
        assert await names("r_s") == []  # "Rossi" has no literal "r_s"
        assert await names("\\") == []
        assert len(await names("i")) == 3

    async def test_vacancy_words(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        await published_vacancy(client, owner, officer, title="Nurse, 100% hospital shifts")

        async def total(q: str) -> int:
            response = await client.get("/api/v1/jobs/vacancies", params={"q": q})
            assert response.status_code == 200, response.text
            count: int = response.json()["total"]
            return count

        assert await total("nurse") == 1
        assert await total("100%") == 1
        assert await total("%") == 1
        assert await total("_") == 0
        assert await total("n_rse") == 0
        assert await total("%%") == 0
