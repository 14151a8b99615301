"""Loading the sample set through the service's own rules (workflow, validation, search index).

The articles are written and approved by two sample accounts, so they pass the same four-eyes
check as real content. Loading twice changes nothing: the set is recognised by its first slug.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.alerts import service as alerts
from imis_info.alerts.schemas import AlertCreate
from imis_info.articles import repository as articles_repository
from imis_info.articles.models import Translation
from imis_info.articles.schemas import ArticleCreate, TranslationCreate, TranslationStatusChange
from imis_info.countries import service as countries
from imis_info.countries.schemas import CountryUpsert
from imis_info.demo.content import (
    ALERT,
    ARTICLES,
    COUNTRIES,
    OFFICES,
    QUOTES,
    SAMPLE_NOTE,
    SAMPLE_TITLE,
    SHORT_ARTICLES,
)
from imis_info.editorial import service as editorial
from imis_info.offices import service as offices
from imis_info.offices.schemas import OfficeCreate
from imis_info.remittances import service as remittances
from imis_info.remittances.schemas import QuoteCreate
from imis_shared.auth import Principal, PrincipalKind, Role

AUTHOR_ID = "sample-author"
AUTHOR = Principal(kind=PrincipalKind.USER, subject=AUTHOR_ID, roles=frozenset({Role.EDITOR}))
REVIEWER = Principal(kind=PrincipalKind.USER, subject="sample-reviewer", roles=frozenset({Role.EDITOR}))
MARKER_SLUG = "sample-" + ARTICLES[0][0]


@dataclass(frozen=True)
class Loaded:
    countries: int = 0
    articles: int = 0
    translations: int = 0
    offices: int = 0
    alerts: int = 0
    quotes: int = 0


def _translation(language: str, stem: str, title: str, summary: str, body: str) -> TranslationCreate:
    return TranslationCreate.model_validate(
        {
            "language": language,
            "slug": f"sample-{stem}" if language == "en" else f"sample-{stem}-{language}",
            "title": title + SAMPLE_TITLE[language],
            "summary": summary,
            "body": f"{SAMPLE_NOTE[language]}\n\n{body}",
        }
    )


async def _publish(session: AsyncSession, translation: Translation, country: str | None) -> None:
    for status, who in (("in_review", AUTHOR), ("published", REVIEWER)):
        await editorial.change_status(
            session,
            translation,
            TranslationStatusChange.model_validate({"status": status}),
            who,
            None,
            country,
        )


async def load_demo(session: AsyncSession) -> Loaded | None:
    """Load the sample set; None when it is there already. The caller commits."""
    if await articles_repository.published_by_slug(session, "en", MARKER_SLUG) is not None:
        return None
    for code, profile in COUNTRIES.items():
        await countries.upsert(session, code, CountryUpsert.model_validate(profile), AUTHOR_ID)
    translations = 0
    full = list(ARTICLES)
    short: list[tuple[str, str | None, list[str], list[str], dict[str, tuple[str, str, str]]]] = [
        (stem, country, [topic], [], {"en": (title, text, text)})
        for stem, country, topic, title, text in SHORT_ARTICLES
    ]
    for stem, country, topics, isco, texts in [*full, *short]:
        first, *others = texts.items()
        body = ArticleCreate(
            country=country,
            topics=topics,
            isco_groups=isco,
            translation=_translation(first[0], stem, *first[1]),
        )
        article, translation = await editorial.create_article(session, body, AUTHOR_ID)
        written = [translation]
        for language, text in others:
            other = _translation(language, stem, *text)
            written.append(await editorial.add_translation(session, article, other, AUTHOR_ID))
        for translation in written:
            await _publish(session, translation, country)
        translations += len(written)
    for office in OFFICES:
        await offices.create(session, OfficeCreate.model_validate(office), AUTHOR_ID)
    now = datetime.now(UTC)
    alert = AlertCreate.model_validate(
        {**ALERT, "valid_from": now, "valid_until": now.replace(year=now.year + 1)}
    )
    await alerts.create(session, alert, AUTHOR_ID)
    names = ("from_country", "to_country", "provider", "channel", "send_currency", "receive_currency",
             "fee_fixed", "fee_percent", "fx_margin_percent", "speed")  # fmt: skip
    for quote in QUOTES:
        values = {**dict(zip(names, quote, strict=True)), "recorded_date": date.today()}
        await remittances.create(session, QuoteCreate.model_validate(values), AUTHOR_ID)
    return Loaded(
        countries=len(COUNTRIES),
        articles=len(full) + len(short),
        translations=translations,
        offices=len(OFFICES),
        alerts=1,
        quotes=len(QUOTES),
    )
