"""Building responses from rows (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from imis_info.articles.models import Article, Revision, Translation
from imis_info.articles.schemas import (
    ArticleEditorOut,
    ArticleListItem,
    ArticleOut,
    DueForReview,
    RevisionBrief,
    RevisionOut,
    SourceOut,
    TranslationBrief,
    TranslationEditorOut,
)
from imis_info.languages import Language, direction


def editor_out(translation: Translation) -> TranslationEditorOut:
    return TranslationEditorOut.model_validate(
        {
            **{
                name: getattr(translation, name)
                for name in TranslationEditorOut.model_fields
                if name != "dir"
            },
            "dir": direction(translation.language),
        }
    )


def article_editor_out(
    article: Article, topics: list[str], isco_groups: list[str], translations: Sequence[Translation]
) -> ArticleEditorOut:
    return ArticleEditorOut(
        id=article.id,
        country=article.country,
        topics=topics,
        isco_groups=isco_groups,
        created_by=article.created_by,
        translations=[TranslationBrief.model_validate(t, from_attributes=True) for t in translations],
    )


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


def due_for_review(translation: Translation, today: date) -> DueForReview:
    reviewed = translation.last_reviewed_date
    return DueForReview(
        article_id=translation.article_id,
        language=translation.language,  # type: ignore[arg-type]
        title=translation.title,
        last_reviewed_date=reviewed,
        days_since_review=(today - reviewed).days if reviewed else None,
    )


def revision_brief(revision: Revision) -> RevisionBrief:
    return RevisionBrief.model_validate(revision, from_attributes=True)


def revision_out(revision: Revision) -> RevisionOut:
    return RevisionOut.model_validate(revision, from_attributes=True)
