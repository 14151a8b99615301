"""Bulk import of consulates' lists: a row report, all or nothing, idempotent re-imports."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from diaspora_helpers import API, HYDRAULICS, NO_SUCH_CONCEPT, register

from imis_diaspora.config import DiasporaSettings
from imis_shared.http import MULTIPART_ALLOWANCE_BYTES

URL = f"{API}/members/import"
HEADER = ",".join(
    (
        "full_name,date_of_birth,citizenships,residence_country,residence_city",
        "occupation_id,skills,languages,email,phone",
    )
)
GOOD = [
    f"Hoda Samir,1979-11-23,EG,IT,Roma,,{HYDRAULICS},ar:C2 it:B2,hoda@example.org,+39 06 1234 5678",
    "Tarek Aziz,1990-02-14,EG DE,DE,Berlin,,,de:c1,,",
    '"Nour, El-Din",1988-07-01,EG,FR,Lyon,,,,nour@example.org,',
]


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], data: bytes, **params: str
) -> httpx.Response:
    return await client.post(
        URL, files={"file": ("list.csv", data, "text/csv")}, params=params, headers=headers
    )


async def names(client: httpx.AsyncClient, officer: dict[str, str]) -> list[str]:
    response = await client.get(f"{API}/members", params={"limit": 100}, headers=officer)
    return [m["full_name"] for m in response.json()["items"]]


@pytest.fixture
def settings(settings: DiasporaSettings) -> DiasporaSettings:
    return settings.model_copy(update={"import_max_bytes": 4096})


class TestImport:
    async def test_valid_file_creates_records_without_users(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        response = await upload(client, officer, csv_file(HEADER, *GOOD))
        assert response.status_code == 200, response.text
        assert response.json() == {
            "imported": 3,
            "updated": 0,
            "unchanged": 0,
            "skipped": [],
            "rejected": [],
            "rejected_rows": 0,
        }
        assert await names(client, officer) == ["Hoda Samir", "Nour, El-Din", "Tarek Aziz"]
        hoda = (await client.get(f"{API}/members", params={"city": "Roma"}, headers=officer)).json()["items"][
            0
        ]
        assert hoda["user_id"] is None and hoda["phone"] == "+390612345678"
        assert [s["skill_id"] for s in hoda["skills"]] == [HYDRAULICS]
        assert hoda["languages"] == [{"language": "ar", "level": "C2"}, {"language": "it", "level": "B2"}]
        assert hoda["consents"]["statistics"] is False

    async def test_codes_typed_in_either_case_are_stored_as_iso_writes_them(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        """The API takes only `EG`, `ar`; a consulate's spreadsheet may say `eg`, `AR`."""
        response = await upload(
            client, officer, csv_file(HEADER, "Mona Adel,1985-05-05,eg it,It,Roma,,,AR:c1,,")
        )
        assert response.status_code == 200 and response.json()["imported"] == 1, response.text
        mona = (await client.get(f"{API}/members", headers=officer)).json()["items"][0]
        assert mona["citizenships"] == ["EG", "IT"] and mona["residence_country"] == "IT"
        assert mona["languages"] == [{"language": "ar", "level": "C1"}]

    async def test_reimport_creates_no_duplicates(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        await upload(client, officer, csv_file(HEADER, *GOOD))
        again = (await upload(client, officer, csv_file(HEADER, *GOOD))).json()
        assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 3)
        changed = GOOD[1].replace("Berlin", "München")
        third = (await upload(client, officer, csv_file(HEADER, GOOD[0], changed))).json()
        assert (third["imported"], third["updated"], third["unchanged"]) == (0, 1, 1)
        assert len(await names(client, officer)) == 3
        tarek = (
            await client.get(f"{API}/members", params={"residence_country": "DE"}, headers=officer)
        ).json()
        assert tarek["items"][0]["residence_city"] == "München"

    async def test_every_column_is_read(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        """Numbers arrive as the digits of a cell: the body takes them as JSON numbers."""
        header = (
            "full_name,date_of_birth,citizenships,residence_country,residence_city,emigration_year,"
            "residence_status,occupation_id,sector,education_level,education_field,skills,languages,"
            "employer,phone,email,preferred_contact"
        )
        row = (
            "Salma Fathy,1983-03-09,EG,IT,Milano,2010,permanent_resident,,health,6,Nursing,"
            f"{HYDRAULICS},ar:C2 it:C1,Ospedale Niguarda,+39 02 1234 5678,salma@example.org,email"
        )
        bad = [
            "Bad Year,1983-03-09,EG,IT,,20x0,,,,,,,,,,,",
            "Bad Level,1983-03-09,EG,IT,,,,,,9,,,,,,,",
            "Early Year,1983-03-09,EG,IT,,1970,,,,,,,,,,,",
        ]
        report = (await upload(client, officer, csv_file(header, row, *bad))).json()
        assert report["imported"] == 1, report
        assert [(r["row"], r["field"]) for r in report["rejected"]] == [
            (3, "emigration_year"),
            (4, "education_level"),
            (5, "emigration_year"),
        ]
        salma = (await client.get(f"{API}/members", headers=officer)).json()["items"][0]
        assert {key: salma[key] for key in ("emigration_year", "education_level", "education_field")} == {
            "emigration_year": 2010,
            "education_level": 6,
            "education_field": "Nursing",
        }
        assert (salma["residence_status"], salma["sector"], salma["preferred_contact"]) == (
            "permanent_resident",
            "health",
            "email",
        )
        assert salma["employer"] == "Ospedale Niguarda" and salma["email"] == "salma@example.org"

    async def test_bad_rows_are_reported_and_good_rows_kept(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        bad = [
            "Bad Country,1980-01-01,EG,XX,,,,,,",
            "Bad Level,1980-01-01,EG,IT,,,,it:C3,,",
            f"Bad Skill,1980-01-01,EG,IT,,,{NO_SUCH_CONCEPT},,,",
            "Too Few,1980-01-01,EG",
            ",1980-01-01,EG,IT,,,,,,",
        ]
        report = (await upload(client, officer, csv_file(HEADER, GOOD[0], *bad))).json()
        assert report["imported"] == 1 and report["rejected_rows"] == 5
        assert [(r["row"], r["field"]) for r in report["rejected"]] == [
            (3, "residence_country"),
            (4, "languages"),
            (5, "skills"),
            (6, "row"),
            (7, "full_name"),
        ]
        assert await names(client, officer) == ["Hoda Samir"]

    async def test_all_or_nothing_writes_nothing_when_a_row_is_bad(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        data = csv_file(HEADER, *GOOD, "Bad Date,1980-13-01,EG,IT,,,,,,")
        response = await upload(client, officer, data, all_or_nothing="true")
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == ["rows.5.date_of_birth"]
        assert await names(client, officer) == []
        fine = await upload(client, officer, csv_file(HEADER, *GOOD), all_or_nothing="true")
        assert fine.status_code == 200 and fine.json()["imported"] == 3

    async def test_self_registered_members_keep_their_own_record(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        await register(client, member, email="hoda@example.org", full_name="Hoda S.")
        report = (await upload(client, officer, csv_file(HEADER, GOOD[0]))).json()
        assert report["imported"] == 0 and report["skipped"] == [
            {"row": 2, "reason": "matches a member who manages their own record"}
        ]
        assert (await client.get(f"{API}/members/me", headers=member)).json()["full_name"] == "Hoda S."

    async def test_the_same_person_twice_in_a_file_is_one_record(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        later = GOOD[0].replace("Roma", "Napoli")
        report = (await upload(client, officer, csv_file(HEADER, GOOD[0], later))).json()
        assert (report["imported"], report["updated"]) == (1, 1)
        assert (await client.get(f"{API}/members", params={"city": "Napoli"}, headers=officer)).json()[
            "total"
        ] == 1


class TestBadFiles:
    @pytest.mark.parametrize(
        ("data", "detail"),
        [
            (
                csv_file(
                    "full_name,date_of_birth,citizenships,residence_country,shoe_size",
                    "A,1980-01-01,EG,IT,42",
                ),
                "unknown columns: shoe_size",
            ),
            (
                csv_file("full_name,date_of_birth,citizenships", "A,1980-01-01,EG"),
                "missing columns: residence_country",
            ),
            (
                "full_name,date_of_birth,citizenships,residence_country\nHéla,1980-01-01,EG,IT\n".encode(
                    "latin-1"
                ),
                "not UTF-8",
            ),
            (b"", "empty"),
            (csv_file(HEADER, '"Unterminated,1980-01-01,EG,IT,,,,,,'), "not valid CSV"),
        ],
    )
    async def test_file_level_problems_name_the_file(
        self, client: httpx.AsyncClient, officer: dict[str, str], data: bytes, detail: str
    ) -> None:
        response = await upload(client, officer, data)
        assert response.status_code == 422, response.text
        assert detail in response.json()["detail"] and response.json()["errors"][0]["field"] == "file"
        assert await names(client, officer) == []

    async def test_a_utf8_bom_is_accepted(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        response = await upload(client, officer, b"\xef\xbb\xbf" + csv_file(HEADER, GOOD[1]))
        assert response.status_code == 200 and response.json()["imported"] == 1

    async def test_too_large_a_file_is_refused(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        response = await upload(client, officer, csv_file(HEADER, *GOOD * 40))
        assert response.status_code == 413
        assert await names(client, officer) == []

    async def test_json_is_not_a_file(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        assert (await client.post(URL, json={"file": "x"}, headers=officer)).status_code == 415

    async def test_only_officers_import(
        self, client: httpx.AsyncClient, member: dict[str, str], job_seeker: dict[str, str]
    ) -> None:
        data = csv_file(HEADER, *GOOD)
        assert (await upload(client, member, data)).status_code == 403
        assert (await upload(client, job_seeker, data)).status_code == 403
        assert (await upload(client, {}, data)).status_code == 401


class TestMatching:
    async def test_an_email_given_to_a_matched_record_is_not_used_twice(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        await upload(client, officer, csv_file(HEADER, GOOD[1]))  # Tarek, without an email
        with_email = "Tarek Aziz,1990-02-14,EG DE,DE,Berlin,,,de:c1,tarek@example.org,"
        same_email_other_name = with_email.replace("Tarek Aziz", "T. Aziz")
        report = (await upload(client, officer, csv_file(HEADER, with_email, same_email_other_name))).json()
        assert (report["imported"], report["updated"], report["rejected_rows"]) == (0, 2, 0)
        assert await names(client, officer) == ["T. Aziz"]


class TestImportBodyLimit:
    """The import route's body limit follows import_max_bytes; max_body_bytes bounds every other route."""

    @pytest.fixture
    def settings(self, settings: DiasporaSettings) -> DiasporaSettings:
        return settings.model_copy(update={"max_body_bytes": 1024, "import_max_bytes": 16 * 1024})

    @staticmethod
    def many_rows(count: int) -> bytes:
        rows = [f"Person {n},1980-01-01,EG,IT,Roma,,,,person{n}@example.org," for n in range(count)]
        return csv_file(HEADER, *rows)

    async def test_a_file_over_max_body_bytes_is_imported(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        data = self.many_rows(100)
        assert 8 * 1024 > len(data) > 1024
        response = await upload(client, officer, data)
        assert response.status_code == 200, response.text
        assert response.json()["imported"] == 100

    async def test_a_streamed_file_is_bounded_by_the_import_limit(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        boundary = "imis-test-boundary"
        big = self.many_rows(400)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + big * 8
            + f"\r\n--{boundary}--\r\n".encode()
        )

        limit = 16 * 1024 + MULTIPART_ALLOWANCE_BYTES
        assert len(body) > limit

        async def chunked() -> AsyncIterator[bytes]:
            for start in range(0, len(body), 4096):
                yield body[start : start + 4096]

        response = await client.post(
            URL,
            content=chunked(),
            headers={**officer, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert response.status_code == 413
        assert response.json()["detail"] == f"The body is more than {limit} bytes; the limit is {limit}."
        assert await names(client, officer) == []

    async def test_other_routes_keep_max_body_bytes(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        response = await client.post(
            f"{API}/members/me",
            content=b'{"full_name": "' + b"x" * 2048 + b'"}',
            headers={**member, "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["detail"] == f"The body is {len(b'x' * 2048) + 17} bytes; the limit is 1024."
