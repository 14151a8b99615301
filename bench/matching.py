"""Matching at scale: ranked candidates for a vacancy among 100,000 generated job seekers.

For each database (SQLite, PostgreSQL) the script makes a fresh database, applies the jobs
migrations and bulk-inserts (SQLAlchemy Core, not the HTTP API) one verified employer with a
member, five published vacancies of common migrant occupations and N generated job seekers with
occupations, skills and languages, then derives the service's match profiles from them with the
statement a profile write runs (``imis_jobs.matching.repository``). It then starts the real
jobs app under uvicorn in a separate process and measures

    GET /api/v1/jobs/vacancies/{id}/matches?limit=20

over HTTP with the employer member's token: sequential requests on one kept-alive connection,
cycling over the vacancies, after a warm-up. It reports the seed time, the candidates per vacancy
(the response's ``total``) and p50/p95/p99 latency per vacancy.

Apart from deriving those rows it uses only the table schema and the HTTP API, not the matching
code, so it measures whatever ranking the service has. The generated data are reproducible
(fixed random seed, ids included). Everything runs on 127.0.0.1; the server is stopped on exit,
error and Ctrl-C, and the measured phase has a time budget.

    python bench/matching.py [--database sqlite|postgresql|both] [--seekers 100000]
                             [--requests 200] [--write-docs]

``--serve --database-url URL --jwks FILE --port N`` is the server entry point the driver starts.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from proxy_clients import cpu_model, free_port, memory_total, raise_system_exit, stop, write_docs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- matching:start -->", "<!-- matching:end -->"
DOCS_HEADING = "## Matching: 100,000 job seekers"
HOST = "127.0.0.1"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "imis_bench_matching"
SEED = 20260101
BATCH_ROWS = 5000  # rows per INSERT executemany
CHUNK_SEEKERS = 5000  # seekers generated and committed per transaction
WARMUP = 20
LIMIT = 20
EMPLOYER_USER = "bench-employer-owner"
ISSUER, AUDIENCE = "http://imis.test", "imis"  # as imis_testing signs test tokens

# Where generated seekers' occupations come from: (share of seekers, ISCO-08 code prefixes).
# An occupation belongs to the first pool whose prefix it matches; the rest of the seekers
# (UNIFORM_SHARE) draw from all ESCO occupations alike, so every ISCO group appears.
POOLS: dict[str, tuple[float, tuple[str, ...]]] = {
    "health": (0.12, ("222", "322", "532", "3256", "3258")),
    "care": (0.07, ("531", "3412", "9111", "5152")),
    "construction": (0.18, ("71", "9312", "9313")),
    "agriculture": (0.10, ("61", "92", "8341")),
    "hospitality": (0.12, ("512", "513", "5151", "941", "9112", "7512")),
    "drivers": (0.08, ("832", "833")),
    "industry": (0.07, ("72", "75", "81", "93")),
}
UNIFORM_SHARE = 1 - sum(share for share, _prefixes in POOLS.values())
HOT_WEIGHT = 5  # within its pool, a very common migrant occupation is this many times as likely
HOT_OCCUPATIONS = (
    "nurse responsible for general care",
    "specialist nurse",
    "healthcare assistant",
    "home care aide",
    "nurse assistant",
    "social care worker",
    "residential home older adult care worker",
    "child care worker",
    "domestic cleaner",
    "domestic housekeeper",
    "cook",
    "kitchen assistant",
    "kitchen porter",
    "waiter/waitress",
    "room attendant",
    "building cleaner",
    "baker",
    "construction painter",
    "bricklayer",
    "plasterer",
    "concrete finisher",
    "carpenter",
    "tile fitter",
    "construction scaffolder",
    "building electrician",
    "plumber",
    "welder",
    "fruit and vegetable picker",
    "crop production worker",
    "livestock worker",
    "horticulture worker",
    "moving truck driver",
    "car and van delivery driver",
    "bus driver",
    "taxi driver",
    "forklift operator",
)
EXTRA_LANGUAGES = (("en", 45), ("fr", 15), ("de", 13), ("it", 12), ("es", 10))
CEFR_WEIGHTS = (("A1", 20), ("A2", 25), ("B1", 25), ("B2", 16), ("C1", 9), ("C2", 5))
DESTINATIONS = ("SA", "AE", "KW", "QA", "JO", "IT", "DE", "FR", "ES", "GR", "GB", "CA")
FIRST_NAMES = (
    "Ahmed",
    "Mohamed",
    "Mahmoud",
    "Mostafa",
    "Omar",
    "Youssef",
    "Ali",
    "Hassan",
    "Hussein",
    "Ibrahim",
    "Khaled",
    "Tarek",
    "Amr",
    "Karim",
    "Mina",
    "Girgis",
    "Sherif",
    "Hany",
    "Walid",
    "Islam",
    "Mona",
    "Fatma",
    "Aya",
    "Nour",
    "Mariam",
    "Salma",
    "Heba",
    "Rania",
    "Dina",
    "Yasmin",
    "Esraa",
    "Shaimaa",
    "Marwa",
    "Reem",
    "Hagar",
    "Nada",
    "Sara",
    "Mervat",
    "Amal",
    "Doaa",
)
FAMILY_NAMES = (
    "Abdelrahman",
    "Abdallah",
    "Adel",
    "Ashraf",
    "Awad",
    "Badawi",
    "Darwish",
    "ElSayed",
    "Farag",
    "Fathy",
    "Gamal",
    "Hamdy",
    "Hegazy",
    "Helmy",
    "Ismail",
    "Kamal",
    "Mansour",
    "Metwally",
    "Nasser",
    "Osman",
    "Ragab",
    "Ramadan",
    "Saad",
    "Said",
    "Salem",
    "Shafik",
    "Soliman",
    "Tawfik",
    "Wahba",
    "Youssef",
    "Zaki",
    "Ghali",
    "Boutros",
    "Hanna",
    "Guirguis",
)


@dataclass(frozen=True)
class VacancySpec:
    occupation: str  # ESCO preferred label
    title: str
    country: str
    city: str
    languages: tuple[tuple[str, str, bool], ...]  # (language, minimum CEFR, required)
    min_education: int | None
    min_experience: int
    contract: tuple[str, int | None]  # (contract type, months)
    salary: tuple[int, int, str]  # (min, max, currency) per month
    positions: int


VACANCIES = (
    VacancySpec(
        "specialist nurse",
        "Specialist nurse, cardiology ward",
        "IT",
        "Milano",
        (("it", "B1", True),),
        6,
        2,
        ("fixed_term", 24),
        (1900, 2400, "EUR"),
        4,
    ),
    VacancySpec(
        "nurse responsible for general care",
        "General care nurse, care home for older people",
        "DE",
        "Berlin",
        (("de", "B1", False), ("en", "B1", False)),
        6,
        1,
        ("permanent", None),
        (3000, 3600, "EUR"),
        10,
    ),
    VacancySpec(
        "fruit and vegetable picker",
        "Seasonal strawberry picker",
        "ES",
        "Huelva",
        (),
        None,
        0,
        ("seasonal", 6),
        (1200, 1400, "EUR"),
        60,
    ),
    VacancySpec(
        "cook",
        "Cook, hotel restaurant",
        "GR",
        "Heraklion",
        (("en", "A2", False),),
        3,
        2,
        ("seasonal", 7),
        (1300, 1700, "EUR"),
        6,
    ),
    VacancySpec(
        "construction painter",
        "Construction painter, residential towers",
        "SA",
        "Riyadh",
        (),
        2,
        3,
        ("fixed_term", 24),
        (2500, 3200, "SAR"),
        40,
    ),
)


# --------------------------------------------------------------------------
# Generated data
# --------------------------------------------------------------------------


@dataclass
class Reference:
    """Lookup tables built once from imis_shared.reference and pycountry."""

    occupations: list[str]
    occupation_cum_weights: list[float]
    isco: dict[str, str]
    by_label: dict[str, str]
    by_minor_group: dict[str, list[str]]
    essential: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]]
    skills: list[str]
    governorates: list[str]

    @classmethod
    def load(cls) -> Reference:
        import pycountry

        from imis_shared import reference

        occupations = sorted(reference.occupations(), key=lambda o: o.id)
        by_label = {o.label: o.id for o in occupations}
        missing = [label for label in HOT_OCCUPATIONS + tuple(v.occupation for v in VACANCIES)]
        missing = [label for label in missing if label not in by_label]
        if missing:
            raise SystemExit(f"ESCO occupations not found by label: {missing}")
        hot = {by_label[label] for label in HOT_OCCUPATIONS}
        members: dict[str, list[str]] = {name: [] for name in POOLS}
        for occupation in occupations:
            for name, (_share, prefixes) in POOLS.items():
                if occupation.isco_code.startswith(prefixes):
                    members[name].append(occupation.id)
                    break
        weight = {o.id: UNIFORM_SHARE / len(occupations) for o in occupations}
        for name, (share, _prefixes) in POOLS.items():
            inner = {o: HOT_WEIGHT if o in hot else 1 for o in members[name]}
            total = sum(inner.values())
            for occupation_id, w in inner.items():
                weight[occupation_id] += share * w / total
        ids = [o.id for o in occupations]
        by_minor: dict[str, list[str]] = {}
        for occupation in occupations:
            by_minor.setdefault(occupation.isco_code[:3], []).append(occupation.id)
        links = reference.occupation_skills()
        return cls(
            occupations=ids,
            occupation_cum_weights=list(itertools.accumulate(weight[o] for o in ids)),
            isco={o.id: o.isco_code for o in occupations},
            by_label=by_label,
            by_minor_group=by_minor,
            essential={o: links.get(o, ((), ()))[0] for o in ids},
            optional={o: links.get(o, ((), ()))[1] for o in ids},
            skills=sorted(s.id for s in reference.skills()),
            governorates=sorted(s.code for s in pycountry.subdivisions.get(country_code="EG")),
        )


def new_id(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded generator, so that reruns make the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def employer_rows(rng: random.Random, ref: Reference, now: datetime) -> dict[str, list[dict[str, Any]]]:
    employer_id = new_id(rng)
    employer = {
        "id": employer_id,
        "name": "Mediterranean Staffing Partners",
        "type": "recruitment_agency",
        "country": "IT",
        "city": "Milano",
        "sector": "Recruitment",
        "registration_number": "IT-MI-2026-0001",
        "licence_number": "AUT-0042",
        "website": "https://staffing.example",
        "contact_email": "hr@staffing.example",
        "contact_phone": "+39 02 1234 5678",
        "status": "verified",
        "created_at": now,
        "updated_at": now,
    }
    member = {"employer_id": employer_id, "user_id": EMPLOYER_USER, "role": "owner", "joined_at": now}
    vacancies, skills, languages = [], [], []
    for spec in VACANCIES:
        vacancy_id = new_id(rng)
        occupation_id = ref.by_label[spec.occupation]
        contract_type, months = spec.contract
        low, high, currency = spec.salary
        vacancies.append(
            {
                "id": vacancy_id,
                "employer_id": employer_id,
                "title": spec.title,
                "occupation_id": occupation_id,
                "description": f"{spec.title} in {spec.city}. Generated by bench/matching.py.",
                "destination_country": spec.country,
                "destination_city": spec.city,
                "positions": spec.positions,
                "contract_type": contract_type,
                "contract_months": months,
                "salary_min": Decimal(low),
                "salary_max": Decimal(high),
                "salary_currency": currency,
                "salary_period": "month",
                "hours_per_week": 40,
                "employer_pays_travel": True,
                "employer_pays_accommodation": spec.country in {"ES", "SA"},
                "employer_pays_visa": True,
                "worker_fee_amount": Decimal(0),
                "worker_fee_currency": None,
                "min_education_level": spec.min_education,
                "min_experience_years": spec.min_experience,
                "application_deadline": now.date() + timedelta(days=180),
                "programme_id": None,
                "skills_from_esco": True,
                "status": "published",
                "published_at": now,
                "created_by": EMPLOYER_USER,
                "created_at": now,
                "updated_at": now,
            }
        )
        # What the API stores when a vacancy gives no skills: the occupation's essential ones.
        skills += [
            {"vacancy_id": vacancy_id, "skill_id": s, "requirement": "essential"}
            for s in ref.essential[occupation_id]
        ]
        languages += [
            {"vacancy_id": vacancy_id, "language": language, "min_level": level, "required": required}
            for language, level, required in spec.languages
        ]
    return {
        "employer": [employer],
        "employer_member": [member],
        "vacancy": vacancies,
        "vacancy_skill": skills,
        "vacancy_language": languages,
    }


def seeker_occupations(rng: random.Random, ref: Reference) -> list[tuple[str, int]]:
    first = rng.choices(ref.occupations, cum_weights=ref.occupation_cum_weights)[0]
    held = [(first, min(30, int(rng.expovariate(1 / 6))))]
    if rng.random() < 0.3:  # a second occupation, most often a related one
        related = ref.by_minor_group[ref.isco[first][:3]]
        if rng.random() < 0.6 and len(related) > 1:
            second = rng.choice(related)
        else:
            second = rng.choices(ref.occupations, cum_weights=ref.occupation_cum_weights)[0]
        if second != first:
            held.append((second, rng.randint(0, 8)))
    return held


def seeker_skills(rng: random.Random, ref: Reference, occupations: Sequence[str]) -> set[str]:
    wanted = rng.randint(5, 15)
    essential = sorted({s for o in occupations for s in ref.essential[o]})
    optional = sorted({s for o in occupations for s in ref.optional[o]} - set(essential))
    random_count = rng.randint(0, 3)
    from_occupations = wanted - random_count
    chosen = set(rng.sample(essential, min(len(essential), round(from_occupations * 0.75))))
    chosen |= set(rng.sample(optional, min(len(optional), from_occupations - len(chosen))))
    while len(chosen) < wanted:
        chosen.add(rng.choice(ref.skills))
    return chosen


def seeker_languages(rng: random.Random) -> dict[str, str]:
    languages = {"ar": "C2"}
    extra = weighted(rng, ((0, 45), (1, 40), (2, 15)))
    while len(languages) < 1 + extra:
        languages.setdefault(weighted(rng, EXTRA_LANGUAGES), weighted(rng, CEFR_WEIGHTS))
    return languages


def education_level(rng: random.Random, isco: str) -> int:
    if isco[0] in "12":  # managers and professionals
        return weighted(rng, ((5, 10), (6, 65), (7, 25)))
    if isco[0] == "3":  # technicians and associate professionals
        return weighted(rng, ((3, 20), (4, 30), (5, 30), (6, 20)))
    return weighted(rng, ((2, 25), (3, 45), (4, 15), (5, 8), (6, 6), (7, 1)))


def seeker_rows(
    rng: random.Random, ref: Reference, start: int, count: int, now: datetime
) -> dict[str, list[dict[str, Any]]]:
    seekers, occupations, skills, languages = [], [], [], []
    today = now.date()
    for number in range(start, start + count):
        seeker_id = new_id(rng)
        held = seeker_occupations(rng, ref)
        discoverable = rng.random() < 0.85
        preferred = [] if rng.random() < 0.35 else sorted(rng.sample(DESTINATIONS, rng.randint(1, 3)))
        seekers.append(
            {
                "id": seeker_id,
                "user_id": f"bench-seeker-{number:06d}",
                "full_name": " ".join(
                    (rng.choice(FIRST_NAMES), rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES))
                ),
                "date_of_birth": date(1970, 1, 1) + timedelta(days=rng.randint(0, 34 * 365)),
                "citizenship": "EG",
                "residence_country": "EG",
                "residence_subdivision": rng.choice(ref.governorates),
                "phone": f"+20 10{rng.randint(0, 9)} {rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}",
                "email": f"seeker{number:06d}@example.org",
                "education_level": education_level(rng, ref.isco[held[0][0]]),
                "education_field": None,
                "certifications": [],
                "preferred_countries": preferred,
                "available_from": None if rng.random() < 0.5 else today + timedelta(days=rng.randint(0, 180)),
                "discoverable": discoverable,
                "consent_changed_at": now if discoverable else None,
                "created_at": now,
                "updated_at": now,
            }
        )
        occupations += [{"seeker_id": seeker_id, "occupation_id": o, "years": y} for o, y in held]
        skills += [
            {"seeker_id": seeker_id, "skill_id": s}
            for s in sorted(seeker_skills(rng, ref, [o for o, _y in held]))
        ]
        languages += [
            {"seeker_id": seeker_id, "language": x, "level": level}
            for x, level in seeker_languages(rng).items()
        ]
    return {
        "job_seeker": seekers,
        "seeker_occupation": occupations,
        "seeker_skill": skills,
        "seeker_language": languages,
    }


# --------------------------------------------------------------------------
# Database: create, migrate, seed
# --------------------------------------------------------------------------


def tables() -> dict[str, Any]:
    """The jobs service's tables, as its models declare them (types convert UUIDs, JSON, times)."""
    import imis_jobs.employers.models
    import imis_jobs.seekers.models
    import imis_jobs.vacancies.models  # noqa: F401 (registers the tables)
    from imis_jobs.models import Base

    return dict(Base.metadata.tables)


async def recreate_postgres_database(server_url: str, name: str) -> str:
    """An empty database ``name`` on the local server of ``server_url``; returns its URL."""
    from sqlalchemy.engine import make_url

    from imis_testing import recreate_postgres_database as recreate

    url = make_url(server_url)
    if url.host not in {HOST, "localhost"}:
        raise SystemExit(f"--postgres-url must point at 127.0.0.1, not {url.host}")
    await recreate(server_url, name)
    return url.set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(database_url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    connection = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database="postgres"
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await connection.close()


def batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def seed(url: str, seekers: int, seed_value: int) -> tuple[dict[str, int], str]:
    """Generate and insert everything; rows per table and the server's version."""
    from sqlalchemy import exists, func, select, text

    from imis_jobs.matching.repository import refresh_statements
    from imis_shared.db import create_engine

    ref = Reference.load()
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    table = tables()
    counts: dict[str, int] = {}
    engine = create_engine(url)
    try:

        async def insert(rows: dict[str, list[dict[str, Any]]]) -> None:
            async with engine.begin() as connection:
                for name, values in rows.items():  # parents first: dicts keep their order
                    for batch in batches(values, BATCH_ROWS):
                        await connection.execute(table[name].insert(), batch)
                    counts[name] = counts.get(name, 0) + len(values)

        await insert(employer_rows(rng, ref, now))
        for start in range(0, seekers, CHUNK_SEEKERS):
            await insert(seeker_rows(rng, ref, start, min(CHUNK_SEEKERS, seekers - start), now))
            print(f"  seeded {min(start + CHUNK_SEEKERS, seekers):,} seekers", file=sys.stderr, end="\r")
        print(file=sys.stderr)
        async with engine.begin() as connection:
            # The rows bypassed the service, so derive its match profiles as a profile write would.
            for statement in refresh_statements():
                await connection.execute(statement)
            # One row per occupation held, or one for a seeker who holds none.
            occupation = table["seeker_occupation"]
            # NOT EXISTS, an anti-join: NOT IN over a subquery of a million rows falls back to a
            # nested loop on PostgreSQL once the subquery no longer fits work_mem, and ran for hours.
            seeker = table["job_seeker"]
            without = await connection.scalar(
                select(func.count())
                .select_from(seeker)
                .where(~exists().where(occupation.c.seeker_id == seeker.c.id))
            )
            counts["seeker_match_profile"] = counts["seeker_occupation"] + int(without or 0)
            counts["seeker_match_language"] = counts["seeker_language"]  # one row per language held
        if engine.dialect.name == "postgresql":
            # Visibility map and statistics, as autovacuum would soon have after a bulk load.
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE"))
        async with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                version = await connection.scalar(text("SHOW server_version"))
            else:
                version = await connection.scalar(text("SELECT sqlite_version()"))
            for name, expected in counts.items():
                stored = await connection.scalar(select(func.count()).select_from(table[name]))
                if stored != expected:
                    raise RuntimeError(f"{name}: {stored} rows stored, {expected} inserted")
    finally:
        await engine.dispose()
    return counts, str(version)


# --------------------------------------------------------------------------
# Server (the --serve subprocess) and measurement
# --------------------------------------------------------------------------


def serve(database_url: str, jwks: str, port: int) -> None:
    """The jobs app, configured as the tests configure it, under one uvicorn worker."""
    import uvicorn

    from imis_jobs.config import JobsSettings
    from imis_jobs.main import create_app

    settings = JobsSettings(
        environment="test",
        database_url=database_url,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwt_public_keys_file=jwks,
        jwks_url=None,
        log_level="WARNING",
    )
    uvicorn.run(
        create_app(settings),
        host=HOST,
        port=port,
        workers=1,
        access_log=False,
        log_level="warning",
        server_header=False,
    )


def start_server(
    database_url: str, jwks: Path, workdir: Path, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--serve",
        "--database-url",
        database_url,
        "--jwks",
        str(jwks),
        "--port",
        str(port),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=workdir, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the jobs server exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"the jobs server did not start in 120 s:\n{log.read_text()[-3000:]}")


@dataclass
class VacancyResult:
    label: str
    total: int | None = None
    samples: list[float] = field(default_factory=list)


def call(client: httpx.Client, vacancy_id: str, result: VacancyResult) -> float:
    started = time.perf_counter()
    response = client.get(f"/api/v1/jobs/vacancies/{vacancy_id}/matches", params={"limit": LIMIT})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{result.label}: HTTP {response.status_code}: {response.text[:500]}")
    body = response.json()
    items, total = body["items"], body["total"]
    if not items or len(items) != min(LIMIT, total):
        raise RuntimeError(f"{result.label}: {len(items)} items for total {total}")
    scores = [item["score"] for item in items]
    if scores != sorted(scores, reverse=True):
        raise RuntimeError(f"{result.label}: items are not ranked by score")
    if result.total is not None and result.total != total:
        raise RuntimeError(f"{result.label}: total changed from {result.total} to {total}")
    result.total = total
    return elapsed


def measure(
    base: str, token: str, vacancies: dict[str, str], requests: int, budget_s: float, timeout_s: float
) -> dict[str, VacancyResult]:
    results = {vacancy_id: VacancyResult(label) for vacancy_id, label in vacancies.items()}
    order = list(vacancies)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=timeout_s) as client:
        for index in range(WARMUP):
            vacancy_id = order[index % len(order)]
            call(client, vacancy_id, results[vacancy_id])
        deadline = time.monotonic() + budget_s
        for index in range(requests):
            if time.monotonic() > deadline:
                print(f"  time budget of {budget_s:.0f} s used up after {index} requests", file=sys.stderr)
                break
            vacancy_id = order[index % len(order)]
            results[vacancy_id].samples.append(call(client, vacancy_id, results[vacancy_id]))
            if (index + 1) % 10 == 0:
                print(f"  {index + 1}/{requests} requests", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return results


@dataclass
class DatabaseRun:
    name: str
    version: str
    migrate_s: float
    seed_s: float
    counts: dict[str, int]
    results: dict[str, VacancyResult]


def vacancy_labels(url: str) -> dict[str, str]:
    """Vacancy id → occupation label, read back from the seeded database."""
    from sqlalchemy import select

    from imis_shared.db import create_engine

    table = tables()["vacancy"]

    async def read() -> dict[str, str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                rows = (await connection.execute(select(table.c.id, table.c.occupation_id))).all()
        finally:
            await engine.dispose()
        return {str(vacancy_id): occupation for vacancy_id, occupation in rows}

    ref = Reference.load()
    label_of = {occupation_id: label for label, occupation_id in ref.by_label.items()}
    by_occupation = {v.occupation: i for i, v in enumerate(VACANCIES)}
    labels = {vacancy_id: label_of[o] for vacancy_id, o in asyncio.run(read()).items()}
    return dict(sorted(labels.items(), key=lambda pair: by_occupation[pair[1]]))


def run_database(name: str, args: argparse.Namespace, workdir: Path) -> DatabaseRun:
    from imis_jobs import MIGRATIONS
    from imis_shared.migrations import upgrade_to_head
    from imis_testing import SigningKey

    print(f"{name}: fresh database", file=sys.stderr)
    if name == "sqlite":
        url = f"sqlite:///{workdir / 'bench_matching.sqlite3'}"
    else:
        url = asyncio.run(recreate_postgres_database(args.postgres_url, POSTGRES_DATABASE))
    process = None
    try:
        started = time.perf_counter()
        upgrade_to_head(MIGRATIONS, url)
        migrate_s = time.perf_counter() - started
        print(f"{name}: migrated in {migrate_s:.1f} s; seeding {args.seekers:,} seekers", file=sys.stderr)
        started = time.perf_counter()
        counts, version = asyncio.run(seed(url, args.seekers, args.seed))
        seed_s = time.perf_counter() - started
        print(f"{name}: seeded in {seed_s:.1f} s: {counts}", file=sys.stderr)
        key = SigningKey()
        jwks = key.write_jwks(workdir / f"jwks-{name}.json")
        token = key.token(
            EMPLOYER_USER, roles=["employer"], issuer=ISSUER, audience=AUDIENCE, lifetime=24 * 3600
        )
        process, base = start_server(url, jwks, workdir, workdir / f"server-{name}.log")
        print(f"{name}: server at {base}; {WARMUP} warm-up + {args.requests} requests", file=sys.stderr)
        results = measure(base, token, vacancy_labels(url), args.requests, args.budget, args.timeout)
        return DatabaseRun(name, version, migrate_s, seed_s, counts, results)
    finally:
        if process is not None:
            stop(process)
        if name == "postgresql" and not args.keep_database:
            asyncio.run(drop_postgres_database(url))


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    if len(samples) == 1:
        return samples[0], samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), cuts[94], cuts[98]


def report(runs: list[DatabaseRun], args: argparse.Namespace) -> str:
    machine = f"{cpu_model()}, {os.cpu_count()} cores, {memory_total()} RAM, Python {sys.version.split()[0]}"
    versions = ", ".join(f"{LABELS[r.name]} {r.version}" for r in runs)
    counts = runs[0].counts
    rows = "; ".join(f"{name} {count:,}" for name, count in counts.items())
    measured = {len(v.samples) for r in runs for v in r.results.values()}
    per_vacancy = "/".join(str(n) for n in sorted(measured))
    seed = "; ".join(
        f"{LABELS[r.name]} {r.seed_s:.1f} s (migrations {r.migrate_s:.1f} s before)" for r in runs
    )
    lines = [
        "Generated by `python bench/matching.py --write-docs` (without `--write-docs` it only prints).",
        "",
        f"- Date (UTC): {datetime.now(UTC):%Y-%m-%d %H:%M}",
        f"- Machine: {machine}; {versions}, on the same machine.",
        f"- Data: {args.seekers:,} generated job seekers (random seed {args.seed}), all resident in Egypt "
        "(27 governorates); 1-2 ESCO occupations each, 74% drawn from common migrant occupations "
        "(health, care, construction, agriculture, hospitality, drivers, industry) and 26% from all "
        "3,007; 5-15 skills, mostly their occupations' essential and optional ones; Arabic C2 plus "
        "0-2 of en/fr/de/it/es at random CEFR levels; ISCED 2-7; 85% discoverable. One verified "
        "employer with 5 published vacancies, each requiring its occupation's ESCO essential skills.",
        f"- Rows seeded: {rows}.",
        f"- Seed (generate + SQLAlchemy Core bulk insert, {BATCH_ROWS:,}-row batches, "
        f"{CHUNK_SEEKERS:,} seekers per transaction; then the match profiles derived in SQL; "
        f"PostgreSQL then VACUUM ANALYZE): {seed}.",
        f"- Request: `GET /api/v1/jobs/vacancies/{{id}}/matches?limit={LIMIT}` with the employer "
        "member's token, over HTTP to the jobs app under uvicorn (one worker, its own process); "
        f"sequential on one kept-alive connection, {WARMUP} warm-up then {args.requests} measured "
        f"requests cycling over the vacancies ({per_vacancy} per vacancy). Every response was "
        "checked: 200, non-empty, ranked by score.",
        "- Languages the vacancies ask for: "
        + "; ".join(
            f"{v.occupation}: "
            + (
                ", ".join(f"{x} {level} {'required' if req else 'desired'}" for x, level, req in v.languages)
                or "none"
            )
            for v in VACANCIES
        )
        + ".",
        "",
        "| database | vacancy (occupation) | candidates (total) | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for result in run.results.values():
            if not result.samples:
                continue
            p50, p95, p99 = percentiles(result.samples)
            lines.append(
                f"| {LABELS[run.name]} | {result.label} | {result.total:,} "
                f"| {p50:,.1f} | {p95:,.1f} | {p99:,.1f} |"
            )
        everything = [s for r in run.results.values() for s in r.samples]
        if everything:
            p50, p95, p99 = percentiles(everything)
            lines.append(f"| {LABELS[run.name]} | all vacancies | | {p50:,.1f} | {p95:,.1f} | {p99:,.1f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seekers", type=int, default=100_000, help="job seekers to generate")
    parser.add_argument("--requests", type=int, default=200, help=f"measured requests after {WARMUP} warm-up")
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.relative_to(ROOT)}")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the generated data")
    parser.add_argument("--postgres-url", default=POSTGRES_SERVER, help="PostgreSQL server on 127.0.0.1")
    parser.add_argument(
        "--keep-database", action="store_true", help=f"keep the {POSTGRES_DATABASE} database afterwards"
    )
    parser.add_argument(
        "--budget", type=float, default=3600, help="seconds of measured requests per database at most"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per request at most")
    server = parser.add_argument_group("server entry point (used by the driver itself)")
    server.add_argument("--serve", action="store_true")
    server.add_argument("--database-url")
    server.add_argument("--jwks")
    server.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    if args.serve and not (args.database_url and args.jwks and args.port):
        parser.error("--serve needs --database-url, --jwks and --port")
    if args.seekers < 1 or args.requests < 1:
        parser.error("--seekers and --requests must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve:
        serve(args.database_url, args.jwks, args.port)
        return 0
    signal.signal(signal.SIGTERM, raise_system_exit)  # so that finally blocks stop the server
    names = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    with tempfile.TemporaryDirectory(prefix="imis-bench-matching-") as tmp:
        runs = [run_database(name, args, Path(tmp)) for name in names]
    block = report(runs, args)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
