"""Diaspora member import at scale: a consulate's CSV of 100,000 generated people.

For each database (SQLite, PostgreSQL) the script makes a fresh database, applies the diaspora
migrations, and calls the real app in process (``httpx.ASGITransport``, the app's lifespan
running, an officer's signed token) with three multipart uploads of

    POST /api/v1/diaspora/members/import

1. the whole file into the empty database (every row new),
2. the same file again (every row matches a record and is unchanged: the idempotence check),
3. the file with every tenth row changed (city) and the rest unchanged.

It reports each upload's wall time, rows per second and the report's counts, and checks them
(100,000 imported, then 0 imported and 100,000 unchanged, then 10,000 updated). The generated
rows are reproducible (fixed seed): names, birth dates, citizenships, country and city of
residence, ESCO occupations and skills, languages with CEFR levels, phone numbers, emails
(90 % of rows; the rest match on name + birth date + country). No HTTP server or network is
involved, so the numbers are the service's own work: multipart parsing, row validation,
matching and the bulk writes.

    python bench/diaspora_import.py [--database sqlite|postgresql|both] [--rows 100000] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import platform
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import phonenumbers
from matching import recreate_postgres_database
from phonenumbers import PhoneNumberFormat
from proxy_clients import cpu_model, memory_total, write_docs

from imis_diaspora import MIGRATIONS
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.main import create_app
from imis_diaspora.members.columns import COLUMNS
from imis_shared import reference
from imis_shared.migrations import upgrade_to_head
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, SigningKey, app_client

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- diaspora-import:start -->", "<!-- diaspora-import:end -->"
DOCS_HEADING = "## Diaspora import: 100,000 rows"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "imis_bench_diaspora_import"
SEED = 20260104
URL = "/api/v1/diaspora/members/import"

COUNTRIES = [
    ("IT", ["Roma", "Milano", "Torino", "Napoli"], 30),
    ("DE", ["Berlin", "München", "Köln"], 20),
    ("FR", ["Paris", "Lyon", "Marseille"], 15),
    ("GB", ["London", "Manchester"], 10),
    ("SA", ["Riyadh", "Jeddah"], 10),
    ("AE", ["Dubai", "Abu Dhabi"], 8),
    ("US", ["New York", "Houston"], 7),
]
FIRST = [
    "Ahmed",
    "Mona",
    "Karim",
    "Hoda",
    "Omar",
    "Nour",
    "Youssef",
    "Salma",
    "Tarek",
    "Amal",
    "Mahmoud",
    "Dina",
    "Hassan",
    "Laila",
    "Mostafa",
    "Rania",
    "Sherif",
    "Yasmin",
    "Khaled",
    "Aya",
]
LAST = [
    "Nabil",
    "Samir",
    "Aziz",
    "Farouk",
    "Said",
    "Adel",
    "Hassan",
    "Mansour",
    "Fahmy",
    "Ibrahim",
    "Gamal",
    "Shaker",
    "Zaki",
    "Ramadan",
    "Saleh",
    "Osman",
    "Kamel",
    "Hegazy",
    "Badawi",
    "Lotfy",
]
LANGUAGES = ["en", "fr", "de", "it", "es"]
LEVELS = ["A2", "B1", "B2", "C1", "C2"]


@dataclass
class Upload:
    name: str
    seconds: float
    report: dict[str, Any]


def generate(rows: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    occupations = [o for o in reference.occupations() if o.isco_code[0] in "123"][:400]
    essential = reference.occupation_skills()
    countries = [c for c, _, w in COUNTRIES for _ in range(w)]
    cities = {c: cs for c, cs, _ in COUNTRIES}
    # A valid number per country (phone numbers need not be unique).
    phones = {
        c: phonenumbers.format_number(phonenumbers.example_number(c), PhoneNumberFormat.E164)
        for c, _, _ in COUNTRIES
    }
    people = []
    for index in range(rows):
        country = rng.choice(countries)
        occupation = rng.choice(occupations)
        skills = list(essential.get(occupation.id, ((), ()))[0])
        languages = {"ar": "C2"} | {
            rng.choice(LANGUAGES): rng.choice(LEVELS) for _ in range(rng.randint(1, 2))
        }
        born = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            {
                "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}",
                "date_of_birth": born.isoformat(),
                "citizenships": "EG" if rng.random() < 0.7 else f"EG {country}",
                "residence_country": country,
                "residence_city": rng.choice(cities[country]),
                "emigration_year": str(rng.randint(max(born.year + 16, 1970), 2026)),
                "residence_status": rng.choice(
                    ["citizen", "permanent_resident", "temporary_resident", "student"]
                ),
                "occupation_id": occupation.id,
                "sector": rng.choice(["health", "ict", "construction", "education", "finance", "trade"]),
                "education_level": str(rng.randint(3, 8)),
                "education_field": "",
                "skills": " ".join(sorted(rng.sample(skills, min(len(skills), rng.randint(0, 5))))),
                "languages": " ".join(f"{k}:{v}" for k, v in languages.items()),
                "employer": "",
                "phone": phones[country],
                "email": f"member{index}@example.org" if rng.random() < 0.9 else "",
                "preferred_contact": "",
            }
        )
    return people


def to_csv(people: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(people)
    return buffer.getvalue().encode()


def fresh_database(name: str, workdir: Path, postgres: str) -> str:
    """An empty, migrated database: a SQLite file in ``workdir`` or one on the PostgreSQL server."""
    if name == "postgresql":
        url = asyncio.run(recreate_postgres_database(postgres, POSTGRES_DATABASE))
    else:
        url = f"sqlite:///{workdir / 'bench_diaspora_import.sqlite3'}"
    upgrade_to_head(MIGRATIONS, url)
    return url


async def run_database(name: str, url: str, people: list[dict[str, str]], workdir: Path) -> list[Upload]:
    key = SigningKey()
    first = to_csv(people)
    changed = [
        p | {"residence_city": p["residence_city"] + " Nord"} if i % 10 == 0 else p
        for i, p in enumerate(people)
    ]
    third = to_csv(changed)
    limit = max(len(first), len(third)) + 1_000_000
    settings = DiasporaSettings(
        environment="test",
        database_url=url,
        jwt_issuer=TEST_ISSUER,
        jwt_audience=TEST_AUDIENCE,
        jwt_public_keys_file=str(key.write_jwks(workdir / f"jwks-{name}.json")),
        jwks_url=None,
        import_max_bytes=limit,
        log_level="WARNING",
    )
    headers = {"Authorization": f"Bearer {key.token('bench-officer', roles=['officer'], lifetime=3600)}"}
    uploads = []
    async with app_client(create_app(settings)) as client:
        client.timeout = 3600
        for label, data in (
            ("new file", first),
            ("same file again", first),
            ("every 10th row changed", third),
        ):
            started = time.perf_counter()
            response = await client.post(URL, files={"file": ("list.csv", data, "text/csv")}, headers=headers)
            seconds = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{name}: {label}: HTTP {response.status_code}: {response.text[:500]}")
            uploads.append(Upload(label, seconds, response.json()))
            print(
                f"{name}: {label}: {seconds:.1f} s {response.json() | {'skipped': '…', 'rejected': '…'}}",
                file=sys.stderr,
            )
    check(uploads, len(people))
    return uploads


def check(uploads: list[Upload], rows: int) -> None:
    counts = [
        (u.report["imported"], u.report["updated"], u.report["unchanged"], u.report["rejected_rows"])
        for u in uploads
    ]
    tenth = len(range(0, rows, 10))
    expected = [(rows, 0, 0, 0), (0, 0, rows, 0), (0, tenth, rows - tenth, 0)]
    if counts != expected:
        raise SystemExit(f"unexpected import reports {counts}, expected {expected}")


def report(runs: dict[str, list[Upload]], rows: int, size: int) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {cpu_model()}, {memory_total()} RAM, "
        f"Python {platform.python_version()}; {rows:,} rows, {size / 1_048_576:.1f} MiB of CSV; "
        "in process (no network), one request per upload.",
        "",
        "| database | upload | seconds | rows/s | imported | updated | unchanged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for database, uploads in runs.items():
        for u in uploads:
            r = u.report
            lines.append(
                f"| {database} | {u.name} | {u.seconds:.1f} | {rows / u.seconds:,.0f} | {r['imported']:,} "
                f"| {r['updated']:,} | {r['unchanged']:,} |"
            )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--postgres-url", default=POSTGRES_SERVER, help="PostgreSQL server on 127.0.0.1")
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.relative_to(ROOT)}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    people = generate(args.rows, args.seed)
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    runs: dict[str, list[Upload]] = {}
    with tempfile.TemporaryDirectory(prefix="imis-bench-import-") as tmp:
        for database in databases:
            url = fresh_database(database, Path(tmp), args.postgres_url)
            runs[database] = asyncio.run(run_database(database, url, people, Path(tmp)))
    block = report(runs, args.rows, len(to_csv(people)))
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
