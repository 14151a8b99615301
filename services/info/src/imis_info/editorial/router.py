"""Editorial endpoints: drafts, translations, workflow, revisions and the review queue.

Editors, admins and machine clients with `info:write` write; approving publication needs a
person (an admin, or an editor other than the submitter and the last author).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import Header, Query, Request, Response

from imis_info import API_PREFIX
from imis_info.access import EditorUser
from imis_info.articles import repository
from imis_info.articles.models import TranslationStatus
from imis_info.articles.schemas import (
    ArticleCreate,
    ArticleEditorOut,
    ArticleUpdate,
    DueForReview,
    RevisionBrief,
    RevisionOut,
    TranslationCreate,
    TranslationEditorOut,
    TranslationStatusChange,
    TranslationUpdate,
)
from imis_info.editorial import service, views
from imis_info.editorial.dependencies import EditableArticle, EditableTranslation, TranslationRevision
from imis_info.languages import Language
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import WHOLE_NUMBER, CountryCode

router = api_router(tags=["editorial"], responses={401: PROBLEM_RESPONSE, 403: PROBLEM_RESPONSE})
ARTICLES = f"{API_PREFIX}/articles"
TRANSLATION = ARTICLES + "/{article_id}/translations/{language}"
NOT_FOUND = problem_responses(404)
WRITE_ERRORS = problem_responses(404, 409, 412, 428)
IfMatch = Annotated[
    str | None, Header(description='The ETag of the version you edited, e.g. `"3"`.', max_length=200)
]


@router.post(
    ARTICLES,
    response_model=TranslationEditorOut,
    status_code=201,
    summary="Write a new article (its first translation starts as a draft).",
    responses=problem_responses(409),
)
async def create_article(
    body: ArticleCreate, editor: EditorUser, session: SessionDep, response: Response
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. The country needs a profile; topics
    and ISCO-08 groups must exist."""
    _, translation = await service.create_article(session, body, editor.subject or "")
    return views.editor_response(translation, response)


@router.get(
    ARTICLES + "/{article_id}/translations",
    response_model=ArticleEditorOut,
    summary="An article with every translation, whatever its status.",
    responses=NOT_FOUND,
)
async def get_article_with_translations(article: EditableArticle, session: SessionDep) -> ArticleEditorOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.article_editor_out(article, *await service.article_details(session, article))


@router.patch(
    ARTICLES + "/{article_id}",
    response_model=ArticleEditorOut,
    summary="Change an article's country, topics or ISCO groups.",
    responses=NOT_FOUND,
)
async def update_article(
    body: ArticleUpdate, article: EditableArticle, session: SessionDep
) -> ArticleEditorOut:
    """Editors, admins, machine clients with `info:write`. The translations and their workflow
    are untouched; published ones are found under the new country at once."""
    updated = await service.update_article(session, article, body)
    return views.article_editor_out(updated, *await service.article_details(session, updated))


@router.post(
    ARTICLES + "/{article_id}/translations",
    response_model=TranslationEditorOut,
    status_code=201,
    summary="Add a translation in another language (a draft).",
    responses=problem_responses(404, 409),
)
async def create_translation(
    body: TranslationCreate,
    article: EditableArticle,
    editor: EditorUser,
    session: SessionDep,
    response: Response,
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.editor_response(
        await service.add_translation(session, article, body, editor.subject or ""), response
    )


@router.get(
    TRANSLATION, response_model=TranslationEditorOut, summary="A translation as stored.", responses=NOT_FOUND
)
async def get_translation(translation: EditableTranslation, response: Response) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. The `ETag` is the version to send
    back in `If-Match`."""
    return views.editor_response(translation, response)


@router.patch(
    TRANSLATION, response_model=TranslationEditorOut, summary="Edit a translation.", responses=WRITE_ERRORS
)
async def update_translation(
    body: TranslationUpdate,
    translation: EditableTranslation,
    editor: EditorUser,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. Needs `If-Match` (428 without it,
    412 when stale). An edit of a text in review, published or archived makes it a draft again."""
    updated = await service.edit(session, translation, body, editor.subject or "", if_match)
    return views.editor_response(updated, response)


@router.post(
    TRANSLATION + "/status",
    response_model=TranslationEditorOut,
    summary="Move a translation through the workflow.",
    responses=WRITE_ERRORS,
)
async def set_translation_status(
    body: TranslationStatusChange,
    translation: EditableTranslation,
    article: EditableArticle,
    editor: EditorUser,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. draft → in_review; in_review →
    published (approval: an admin, or an editor who did not submit or last edit it) or back to
    draft; published → archived; archived → draft. Other moves are 409 naming the allowed ones."""
    updated = await service.change_status(session, translation, body, editor, if_match, article.country)
    return views.editor_response(updated, response)


@router.post(
    TRANSLATION + "/review",
    response_model=TranslationEditorOut,
    summary="Record that a published translation was checked and is still correct.",
    responses=WRITE_ERRORS,
)
async def record_translation_review(
    translation: EditableTranslation,
    editor: EditorUser,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
    note: Annotated[str | None, Query(max_length=1000)] = None,
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. Sets `last_reviewed_date` to today."""
    updated = await service.mark_reviewed(session, translation, editor.subject or "", note, if_match)
    return views.editor_response(updated, response)


@router.get(
    TRANSLATION + "/revisions",
    response_model=Page[RevisionBrief],
    summary="Revisions of a translation, newest first.",
    responses=NOT_FOUND,
)
async def list_translation_revisions(
    translation: EditableTranslation, session: SessionDep, page: PageParamsDep
) -> Page[RevisionBrief]:
    """Editors, admins, machine clients with `info:write`."""
    rows, total = await repository.revisions(session, translation.id, page)
    return Page(
        items=[views.revision_brief(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    TRANSLATION + "/revisions/{number}",
    response_model=RevisionOut,
    summary="One revision with its full text.",
    responses=NOT_FOUND,
)
async def get_translation_revision(revision: TranslationRevision) -> RevisionOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.revision_out(revision)


@router.post(
    TRANSLATION + "/revisions/{number}/restore",
    response_model=TranslationEditorOut,
    summary="Make an earlier revision's text the current draft.",
    responses=WRITE_ERRORS,
)
async def restore_translation_revision(
    revision: TranslationRevision,
    translation: EditableTranslation,
    editor: EditorUser,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TranslationEditorOut:
    """Editors, admins, machine clients with `info:write`. Needs `If-Match`. The restore is a new
    revision; the translation becomes a draft that needs approval again."""
    updated = await service.restore(session, translation, revision, editor.subject or "", if_match)
    return views.editor_response(updated, response)


@router.get(
    f"{API_PREFIX}/editorial/translations",
    response_model=Page[TranslationEditorOut],
    summary="Translations by status, language or country (e.g. the review queue).",
)
async def list_translations(
    _editor: EditorUser,
    session: SessionDep,
    page: PageParamsDep,
    status: TranslationStatus | None = None,
    language: Language | None = None,
    country: CountryCode | None = None,
) -> Page[TranslationEditorOut]:
    """Editors, admins, machine clients with `info:write`."""
    rows, total = await repository.editorial_listing(
        session, page, status=status, language=language, country=country
    )
    return Page(items=[views.editor_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    f"{API_PREFIX}/editorial/due-for-review",
    response_model=Page[DueForReview],
    summary="Published translations not reviewed for a while, least recently reviewed first.",
)
async def list_translations_due_for_review(
    request: Request,
    _editor: EditorUser,
    session: SessionDep,
    page: PageParamsDep,
    older_than_days: Annotated[
        int | None,
        Query(ge=0, le=3650, description="Default: the `review_after_days` setting."),
        WHOLE_NUMBER,
    ] = None,
) -> Page[DueForReview]:
    """Editors, admins, machine clients with `info:write`."""
    days = request.app.state.settings.review_after_days if older_than_days is None else older_than_days
    today = date.today()
    rows, total = await repository.due_for_review(session, page, reviewed_before=today - timedelta(days=days))
    items = [views.due_for_review(row, today) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
