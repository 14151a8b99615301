"""Building the public article responses from rows (no queries here)."""

from __future__ import annotations

from imis_info.articles.models import Article, Translation
from imis_info.articles.schemas import ArticleListItem, ArticleOut, SourceOut
from imis_info.languages import Language, direction


def list_item(translation: Translation, country: str | None, topics: list[str]) -> ArticleListItem:
    return ArticleListItem(
        id=translation.article_id,
        language=translation.language,  # type: ignore[arg-type]
        dir=direction(translation.language),
        country=country,
        topics=topics,
        slug=translation.slug,
        title=translation.title,
        summary=translation.summary,
        published_at=translation.published_at,
    )


def article_out(
    translation: Translation,
    article: Article,
    topics: list[str],
    isco_groups: list[str],
    available: list[Language],
) -> ArticleOut:
    return ArticleOut(
        **list_item(translation, article.country, topics).model_dump(),
        isco_groups=isco_groups,
        body_html=translation.body_html,
        sources=[SourceOut.model_validate(source) for source in translation.sources],
        last_reviewed_date=translation.last_reviewed_date,
        available_languages=available,
    )
