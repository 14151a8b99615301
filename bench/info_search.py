"""Information search at scale: GET /search over 20,000 published translations.

For each database (SQLite, PostgreSQL) the script makes a fresh database, applies the info
migrations and bulk-inserts (SQLAlchemy Core, not the HTTP API) N/4 articles with a published
translation in each of en, fr, it and ar, generated from per-language vocabularies of migration
words (fixed random seed). Each translation is indexed through the service's own code path
(``imis_info.search.index``: Markdown rendered, text analysed into Snowball stems; on PostgreSQL
the weighted tsvector computed in the database). It then measures

    GET /api/v1/info/search?q=...&lang=...[&country=..|&topic=..]

against the real info app in process (httpx ASGITransport: routing, middleware, validation,
the query and the response, but no socket), anonymously, sequentially, after a warm-up, cycling
over 24 queries (six per language, some filtered by country or topic, some over all languages).
Every response is checked: 200 and at least one hit.

    python bench/info_search.py [--database sqlite|postgresql|both] [--translations 20000]
                                [--requests 200] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from matching import percentiles, recreate_postgres_database
from proxy_clients import cpu_model, memory_total, write_docs
from sqlalchemy import bindparam, insert

from imis_info import MIGRATIONS
from imis_info.articles.models import Article, ArticleTopic, Translation, TranslationStatus
from imis_info.articles.rendering import plain_text, render_markdown
from imis_info.config import InfoSettings
from imis_info.countries.models import Country, CountryRole
from imis_info.main import create_app
from imis_info.search.index import analysed_text
from imis_info.search.models import SearchDocument
from imis_info.search.repository import weighted_document
from imis_shared.db import create_engine
from imis_shared.migrations import upgrade_to_head
from imis_testing import app_client

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- info-search:start -->", "<!-- info-search:end -->"
DOCS_HEADING = "## Information search: 20,000 translations"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "imis_bench_info_search"
SEED = 20261129
BATCH = 2000
WARMUP = 20
TARGET_P95_MS = 50.0
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
COUNTRIES = ("EG", "IT", "DE", "ES", "FR", "GR", "SA", "AE")
TOPICS = (
    "visas-entry",
    "work-permits",
    "employment-rights",
    "social-security",
    "health",
    "housing",
    "education-children",
    "qualifications-recognition",
    "remittances-banking",
    "pre-departure",
    "living-working-conditions",
    "integration",
    "return-reintegration",
    "safe-migration",
)

# Content words per language (the subject matter) and function words (the glue).


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS: dict[str, tuple[str, ...]] = {
    "en": _words(
        """
        visa permit work worker workers employer contract salary wages housing rent health
        insurance hospital doctor nurse nurses school children family residence renewal
        application office embassy consulate documents passport qualification recognition diploma
        language course training remittance transfer bank account fees exchange rate tax pension
        social security rights complaint union overtime holidays accident safety trafficking
        smuggling risks return reintegration departure orientation seasonal agriculture
        construction care domestic cleaning driver licence registration municipality integration
        citizenship appointment
        """
    ),
    "fr": _words(
        """
        visa permis travail travailleur travailleurs employeur contrat salaire logement loyer
        santé assurance hôpital médecin infirmière infirmières école enfants famille séjour
        renouvellement demande bureau ambassade consulat documents passeport qualification
        reconnaissance diplôme langue cours formation transfert argent banque compte frais change
        impôt retraite sécurité sociale droits plainte syndicat heures congés accident sécurité
        traite passeurs risques retour réintégration départ orientation saisonnier agriculture
        bâtiment soins domestique ménage chauffeur permis inscription mairie intégration
        nationalité rendez-vous
        """
    ),
    "it": _words(
        """
        visto permesso lavoro lavoratore lavoratori datore contratto stipendio alloggio affitto
        salute assicurazione ospedale medico infermiere infermieri scuola figli famiglia soggiorno
        rinnovo domanda ufficio ambasciata consolato documenti passaporto titolo riconoscimento
        diploma lingua corso formazione rimesse trasferimento banca conto commissioni cambio tasse
        pensione previdenza diritti reclamo sindacato straordinari ferie infortunio sicurezza
        tratta trafficanti rischi ritorno reintegrazione partenza orientamento stagionale
        agricoltura edilizia assistenza domestico pulizie autista patente iscrizione comune
        integrazione cittadinanza appuntamento
        """
    ),
    "ar": _words(
        """
        تأشيرة تصريح عمل العامل العمال صاحب عقد الراتب الأجور السكن الإيجار الصحة التأمين المستشفى
        الصحي الطبيب الممرضة الممرضات المدرسة الأطفال الأسرة الإقامة تجديد طلب مكتب السفارة
        القنصلية الوثائق جواز المؤهلات الاعتراف الشهادة اللغة دورة التدريب التحويلات تحويل البنك
        حساب الرسوم الصرف الضريبة المعاش الضمان الاجتماعي الحقوق شكوى النقابة الإضافي الإجازات
        حادث السلامة الاتجار التهريب المخاطر العودة الإدماج السفر التوجيه الموسمي الزراعة البناء
        الرعاية المنزلي التنظيف السائق رخصة التسجيل البلدية الاندماج الجنسية موعد
        """
    ),
}
GLUE: dict[str, tuple[str, ...]] = {
    "en": _words(
        """
        the a of to and in for with on at by from is are must can may should
        """
    ),
    "fr": _words(
        """
        le la les de des du et en pour avec sur au par est sont doit peut
        """
    ),
    "it": _words(
        """
        il la le di del della e in per con su al da è sono deve può
        """
    ),
    "ar": _words(
        """
        في من على إلى عن مع أن هذا هذه يجب يمكن قبل بعد
        """
    ),
}
# (language, query, filters): six per language, as users type them.
QUERIES: tuple[tuple[str | None, str, dict[str, str]], ...] = (
    ("en", "work permit", {}),
    ("en", "health insurance", {"country": "IT"}),
    ("en", "nurses contract", {}),
    ("en", "remittance fees", {"topic": "remittances-banking"}),
    ("en", "residence renewal application", {}),
    (None, "visa", {}),
    ("fr", "permis de travail", {}),
    ("fr", "assurance santé", {"country": "FR"}),
    ("fr", "infirmière", {}),
    ("fr", "transfert argent frais", {}),
    ("fr", "reconnaissance diplôme", {"topic": "qualifications-recognition"}),
    (None, "contrat", {}),
    ("it", "permesso di soggiorno", {}),
    ("it", "assicurazione salute", {"country": "IT"}),
    ("it", "infermieri", {}),
    ("it", "rimesse commissioni", {}),
    ("it", "riconoscimento titolo", {"topic": "qualifications-recognition"}),
    (None, "lavoro stagionale", {}),
    ("ar", "تصريح عمل", {}),
    ("ar", "التامين الصحي", {"country": "EG"}),
    ("ar", "الممرضات", {}),
    ("ar", "تحويل الرسوم", {}),
    ("ar", "تأشيرة", {"topic": "visas-entry"}),
    (None, "الإقامة", {}),
)


@dataclass
class DatabaseRun:
    name: str
    translations: int = 0
    seed_s: float = 0.0
    migrate_s: float = 0.0
    samples: list[float] = field(default_factory=list)
    per_language: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, list[int]] = field(default_factory=dict)


VOCABULARY = 3000  # words per language, Zipf-distributed
DOMAIN_RANKS = (15, 1500)  # where the migration words sit in the frequency ranking
SYLLABLES = [c + v for c in "bcdfglmnprstv" for v in "aeiou"]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def pseudo_word(rng: random.Random, language: str) -> str:
    if language == "ar":
        return "".join(rng.choice(ARABIC_LETTERS) for _ in range(rng.randint(3, 6)))
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]


def vocabulary(rng: random.Random, language: str) -> Vocabulary:
    """Glue words first, then pseudo-words with the migration words at random ranks; a word's
    frequency is proportional to 1 / rank (Zipf), as in natural text."""
    glue, domain = list(GLUE[language]), list(WORDS[language])
    known = set(glue) | set(domain)
    filler: list[str] = []
    while len(filler) < VOCABULARY - len(glue) - len(domain):
        word = pseudo_word(rng, language)
        if word not in known:
            known.add(word)
            filler.append(word)
    ranked = glue + filler
    for word, rank in zip(domain, sorted(rng.sample(range(*DOMAIN_RANKS), len(domain))), strict=True):
        ranked.insert(rank, word)
    total, cumulative = 0.0, []
    for rank in range(1, len(ranked) + 1):
        total += 1 / rank
        cumulative.append(total)
    return Vocabulary(ranked, cumulative)


def sentence(rng: random.Random, words: Vocabulary, length: int) -> str:
    return " ".join(rng.choices(words.words, cum_weights=words.cum_weights, k=length)).capitalize() + "."


def generate(rng: random.Random, articles: int) -> tuple[list[dict[str, Any]], ...]:
    now = datetime.now(UTC)
    article_rows, topic_rows, translation_rows, document_rows = [], [], [], []
    vocabularies = {language: vocabulary(rng, language) for language in WORDS}
    for number in range(articles):
        article_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        country = rng.choice(COUNTRIES)
        article_rows.append(
            {
                "id": article_id,
                "country": country,
                "created_by": "bench",
                "created_at": now,
                "updated_at": now,
            }
        )
        for code in rng.sample(TOPICS, rng.randint(1, 2)):
            topic_rows.append({"article_id": article_id, "topic_code": code})
        for language in WORDS:
            translation_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            title = sentence(rng, vocabularies[language], rng.randint(4, 9)).rstrip(".")
            summary = sentence(rng, vocabularies[language], rng.randint(15, 30))
            paragraphs = [
                " ".join(
                    sentence(rng, vocabularies[language], rng.randint(8, 20))
                    for _ in range(rng.randint(3, 6))
                )
                for _ in range(rng.randint(2, 4))
            ]
            body = "## " + title + "\n\n" + "\n\n".join(paragraphs)
            body_html = render_markdown(body)
            slug = f"bench-{number}-{language}"
            translation_rows.append(
                {
                    "id": translation_id,
                    "article_id": article_id,
                    "language": language,
                    "slug": slug,
                    "title": title,
                    "summary": summary,
                    "body": body,
                    "body_html": body_html,
                    "sources": [],
                    "status": TranslationStatus.PUBLISHED.value,
                    "version": 3,
                    "created_by": "bench",
                    "updated_by": "bench",
                    "submitted_by": "bench",
                    "approved_by": "bench-reviewer",
                    "published_at": now - timedelta(minutes=number),
                    "last_reviewed_date": date.today(),
                    "created_at": now,
                    "updated_at": now,
                }
            )
            document_rows.append(
                {
                    "translation_id": translation_id,
                    "article_id": article_id,
                    "language": language,
                    "country": country,
                    "slug": slug,
                    **analysed_text(language, title, summary, plain_text(body_html)),
                }
            )
    return article_rows, topic_rows, translation_rows, document_rows


async def seed(url: str, run: DatabaseRun, translations: int) -> None:
    started = time.perf_counter()
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    run.migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = generate(random.Random(SEED), translations // len(WORDS))
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            countries = [
                {
                    "code": code,
                    "role": (CountryRole.ORIGIN if code == "EG" else CountryRole.DESTINATION).value,
                    "summary": {},
                    "emergency_numbers": [],
                    "updated_by": "bench",
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
                for code in COUNTRIES
            ]
            await connection.execute(insert(Country), countries)
            for table, table_rows in zip((Article, ArticleTopic, Translation), rows[:3], strict=True):
                for start in range(0, len(table_rows), BATCH):
                    await connection.execute(insert(table), table_rows[start : start + BATCH])
            for language in WORDS:  # as the service indexes one translation, here in batches
                statement = insert(SearchDocument)
                if engine.dialect.name == "postgresql":
                    statement = statement.values(
                        document=weighted_document(
                            bindparam("text_title"),
                            bindparam("text_summary"),
                            bindparam("text_body"),
                        )
                    )
                documents = [
                    {
                        **row,
                        "text_title": row["title"],
                        "text_summary": row["summary"],
                        "text_body": row["body"],
                    }
                    for row in rows[3]
                    if row["language"] == language
                ]
                for start in range(0, len(documents), BATCH):
                    await connection.execute(statement, documents[start : start + BATCH])
        async with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                await connection.exec_driver_sql(
                    "INSERT INTO search_document_fts(search_document_fts) VALUES ('optimize')"
                )
            await connection.exec_driver_sql("ANALYZE")
    finally:
        await engine.dispose()
    run.translations = len(rows[2])
    run.seed_s = time.perf_counter() - started


async def measure(url: str, run: DatabaseRun, requests: int) -> None:
    settings = InfoSettings(database_url=url, log_level="WARNING")
    async with app_client(create_app(settings)) as client:
        for index in range(WARMUP + requests):
            language, query, filters = QUERIES[index % len(QUERIES)]
            params = {"q": query, **filters, **({"lang": language} if language else {})}
            started = time.perf_counter()
            response = await client.get("/api/v1/info/search", params=params)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(
                    f"{LABELS[run.name]}: {params} → {response.status_code} {response.text[:300]}"
                )
            if index >= WARMUP:
                run.samples.append(elapsed)
                key = language or "any language"
                run.per_language.setdefault(key, []).append(elapsed)
                run.totals.setdefault(key, []).append(response.json()["total"])


def report(runs: list[DatabaseRun], args: argparse.Namespace) -> str:
    versions = f"SQLite {sqlite3.sqlite_version}"
    if any(run.name == "postgresql" for run in runs):
        versions += ", PostgreSQL 15 (local)"
    seeded = "; ".join(
        f"{LABELS[run.name]} {run.seed_s:,.1f} s (migrations {run.migrate_s:,.1f} s before)" for run in runs
    )
    articles = runs[0].translations // 4
    request = (
        f"`GET /api/v1/info/search?q=…&lang=…` anonymously against the info app in process "
        "(httpx ASGITransport: routing, middleware, validation, both queries (page and count) and "
        f"the response; no socket), sequential, {WARMUP} warm-up then {args.requests} measured "
        f"requests cycling over {len(QUERIES)} queries (6 per language, 5 of them with a country "
        "or topic filter, 4 over all languages). Every response was checked: 200."
    )
    lines = [
        "Generated by `python bench/info_search.py --write-docs` (without `--write-docs` it only prints).",
        "",
        f"- Date (UTC): {datetime.now(UTC):%Y-%m-%d %H:%M}",
        f"- Machine: {cpu_model()}, {memory_total()} RAM, Python {platform.python_version()}; "
        f"{versions}, on the same machine, shared with other work.",
        f"- Data: {runs[0].translations:,} published translations ({articles:,} articles in en, fr, "
        f"it and ar), generated text (seed {SEED}): per language a {VOCABULARY:,}-word vocabulary with "
        "Zipf frequencies (stop words most frequent, about 85 migration words such as permit, visa, "
        f"nurse, remittance placed at random ranks {DOMAIN_RANKS[0]}-{DOMAIN_RANKS[1]}, the rest "
        "pseudo-words); bodies of 2-4 paragraphs (about 60-300 words); 8 countries, 1-2 of the 14 "
        "topics per article.",
        "- Seed (generate, render, normalise, Core bulk insert with the tsvector computed in the "
        f"INSERT on PostgreSQL, then ANALYZE): {seeded}.",
        f"- Request: {request}",
        "",
        "| database | queries | matches per query (median) | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        label = LABELS[run.name]
        for language, samples in sorted(run.per_language.items()):
            p50, p95, p99 = percentiles(samples)
            matches = statistics.median(run.totals[language])
            lines.append(f"| {label} | {language} | {matches:,.0f} | {p50:,.1f} | {p95:,.1f} | {p99:,.1f} |")
        p50, p95, p99 = percentiles(run.samples)
        total = statistics.median([t for totals in run.totals.values() for t in totals])
        lines.append(f"| {label} | **all** | {total:,.0f} | **{p50:,.1f}** | **{p95:,.1f}** | {p99:,.1f} |")
    verdicts = []
    for run in runs:
        p95 = percentiles(run.samples)[1]
        verdict = "meets" if p95 < TARGET_P95_MS else "misses"
        verdicts.append(f"{LABELS[run.name]} p95 {p95:,.1f} ms ({verdict} the target)")
    lines += ["", f"Target: p95 under {TARGET_P95_MS:.0f} ms on both databases. " + "; ".join(verdicts) + "."]
    return "\n".join(lines)


async def run_database(name: str, args: argparse.Namespace, workdir: Path) -> DatabaseRun:
    run = DatabaseRun(name)
    url = (
        f"sqlite:///{workdir / 'info_search.sqlite3'}"
        if name == "sqlite"
        else await recreate_postgres_database(POSTGRES_SERVER, POSTGRES_DATABASE)
    )
    print(f"{LABELS[name]}: seeding {args.translations:,} translations…", file=sys.stderr)
    await seed(url, run, args.translations)
    print(f"{LABELS[name]}: seeded in {run.seed_s:,.1f} s; measuring…", file=sys.stderr)
    await measure(url, run, args.requests)
    return run


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--translations", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--write-docs", action="store_true", help=f"write the results into {DOCS.name}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    with tempfile.TemporaryDirectory(prefix="imis-bench-info-") as workdir:
        runs = [asyncio.run(run_database(name, args, Path(workdir))) for name in names]
    block = report(runs, args)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
