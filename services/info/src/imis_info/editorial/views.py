"""Building the editors' responses from rows (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fastapi import Response

from imis_info.articles.models import Article, Revision, Translation
from imis_info.articles.schemas import (
    ArticleEditorOut,
    DueForReview,
    RevisionBrief,
    RevisionOut,
    TranslationBrief,
    TranslationEditorOut,
)
from imis_info.editorial.service import entity_tag
from imis_info.languages import direction


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


def editor_response(translation: Translation, response: Response) -> TranslationEditorOut:
    """The translation as stored; its version as the ``ETag`` to send back, never cached."""
    response.headers["ETag"] = entity_tag(translation)
    response.headers["Cache-Control"] = "no-store"
    return editor_out(translation)


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
