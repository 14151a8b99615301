"""The editorial rules: who may change a translation, its workflow, revisions and stale writes.

Workflow per translation: draft → in_review → published → archived (→ draft to rework it).
In review it can be returned to draft. Publication is an approval: the approver is an admin,
or an editor who neither submitted nor last edited the text. Any edit of a translation that is
in review, published or archived sends it back to draft, so no text reaches the public without
a second pair of eyes; the published text leaves the site (and the search index) until approved
again. Every save, status changes included, adds a revision numbered like the version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from imis_info.articles import repository
from imis_info.articles.models import (
    Article,
    Revision,
    RevisionAction,
    Translation,
    TranslationStatus,
)
from imis_info.articles.rendering import render_markdown
from imis_info.articles.schemas import (
    ArticleCreate,
    ArticleUpdate,
    TranslationCreate,
    TranslationStatusChange,
    TranslationUpdate,
)
from imis_info.caching import tag_listed
from imis_info.countries import service as countries
from imis_info.search import index
from imis_info.topics import service as topics
from imis_shared.auth import Principal, PrincipalKind, Role
from imis_shared.db import utcnow
from imis_shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidState,
    PreconditionFailed,
)

Status = TranslationStatus
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: frozenset({Status.PUBLISHED, Status.DRAFT}),
    Status.PUBLISHED: frozenset({Status.ARCHIVED}),
    Status.ARCHIVED: frozenset({Status.DRAFT}),
}
CONTENT_FIELDS = ("slug", "title", "summary", "body", "sources")


class PreconditionRequired(DomainError):
    status, slug, title = 428, "precondition-required", "Precondition required"


def entity_tag(translation: Translation) -> str:
    return f'"{translation.version}"'


def check_if_match(if_match: str | None, translation: Translation, *, required: bool) -> None:
    """412 when the caller's copy is stale; 428 when a required ``If-Match`` is missing."""
    if if_match is None:
        if required:
            raise PreconditionRequired(
                "Send If-Match with the ETag (version) you last read, so edits are not lost."
            )
        return
    if not tag_listed(if_match, entity_tag(translation)):
        raise PreconditionFailed(
            f"The translation changed since you read it; it is now at version {translation.version}.",
            current_version=translation.version,
        )


async def _flush(session: AsyncSession) -> None:
    """Flush; a concurrent writer's commit in between becomes 409, never an overwrite."""
    try:
        await session.flush()
    except StaleDataError:
        raise Conflict("Someone else saved this translation at the same time; reload and retry.") from None
    except IntegrityError:
        raise Conflict("The slug or language was taken at the same time; reload and retry.") from None


def _snapshot(
    translation: Translation, action: RevisionAction, editor: str, changed: list[str], note: str | None
) -> Revision:
    return Revision(
        translation_id=translation.id,
        number=translation.version,
        action=action,
        status=translation.status,
        slug=translation.slug,
        title=translation.title,
        summary=translation.summary,
        body=translation.body,
        sources=list(translation.sources),
        changed_fields=changed,
        note=note,
        saved_by=editor,
    )


async def _record(
    session: AsyncSession,
    translation: Translation,
    action: RevisionAction,
    editor: str,
    changed: list[str],
    note: str | None = None,
) -> None:
    translation.updated_at = utcnow()  # every save is an UPDATE, so the version always moves
    await _flush(session)
    session.add(_snapshot(translation, action, editor, changed, note))
    await _flush(session)


async def _check_slug(session: AsyncSession, language: str, slug: str, article_id: Any) -> None:
    owner = await repository.slug_owner(session, language, slug)
    if owner is not None and owner != article_id:
        raise Conflict(f"The slug {slug!r} is used by another {language} article.", field="slug")


def _sources(body: TranslationCreate | TranslationUpdate) -> list[dict[str, str]]:
    return [{"title": source.title, "url": str(source.url)} for source in body.sources or []]


async def article_details(
    session: AsyncSession, article: Article
) -> tuple[list[str], list[str], Sequence[Translation]]:
    """What an editor sees of an article: its topics, ISCO groups and every translation."""
    topics = await repository.topics_of(session, [article.id])
    return (
        topics.get(article.id, []),
        await repository.occupations_of(session, article.id),
        await repository.translations(session, article.id),
    )


async def create_article(
    session: AsyncSession, body: ArticleCreate, editor: str
) -> tuple[Article, Translation]:
    await countries.require(session, body.country)
    await topics.require(session, body.topics)
    await _check_slug(session, body.translation.language, body.translation.slug, None)
    article = Article(country=body.country, created_by=editor)
    session.add(article)
    await _flush(session)
    repository.add_topics(session, article.id, body.topics)
    repository.add_occupations(session, article.id, body.isco_groups)
    return article, await add_translation(session, article, body.translation, editor)


async def update_article(session: AsyncSession, article: Article, body: ArticleUpdate) -> Article:
    """Country, topics and occupations; the texts and their workflow are untouched."""
    if "country" in body.model_fields_set:
        await countries.require(session, body.country)
        article.country = body.country
        await index.move_country(session, article.id, body.country)
    if body.topics is not None:
        await topics.require(session, body.topics)
        await repository.replace_topics(session, article.id, body.topics)
    if body.isco_groups is not None:
        await repository.replace_occupations(session, article.id, body.isco_groups)
    article.updated_at = utcnow()
    await _flush(session)
    return article


async def add_translation(
    session: AsyncSession, article: Article, body: TranslationCreate, editor: str
) -> Translation:
    if await repository.translation(session, article.id, body.language) is not None:
        raise Conflict(
            f"The article has a {body.language} translation already; edit it instead.", field="language"
        )
    await _check_slug(session, body.language, body.slug, article.id)
    translation = Translation(
        article_id=article.id,
        language=body.language,
        slug=body.slug,
        title=body.title,
        summary=body.summary,
        body=body.body,
        body_html=render_markdown(body.body),
        sources=_sources(body),
        status=Status.DRAFT,
        created_by=editor,
        updated_by=editor,
    )
    session.add(translation)
    await _record(session, translation, RevisionAction.CREATED, editor, list(CONTENT_FIELDS))
    return translation


async def edit(
    session: AsyncSession,
    translation: Translation,
    body: TranslationUpdate,
    editor: str,
    if_match: str | None,
) -> Translation:
    check_if_match(if_match, translation, required=True)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"sources"})
    if "sources" in body.model_fields_set:
        changes["sources"] = _sources(body)
    if "slug" in changes:
        await _check_slug(session, translation.language, changes["slug"], translation.article_id)
    changed = [
        name for name in CONTENT_FIELDS if name in changes and getattr(translation, name) != changes[name]
    ]
    if not changed:
        return translation
    was_public = translation.status is Status.PUBLISHED
    for name in changed:
        setattr(translation, name, changes[name])
    if "body" in changed:
        translation.body_html = render_markdown(translation.body)
    _back_to_draft(translation, editor)
    await _record(session, translation, RevisionAction.EDITED, editor, changed)
    if was_public:
        await index.withdraw(session, translation.id)
    return translation


def _back_to_draft(translation: Translation, editor: str) -> None:
    """A changed text goes back to draft: a second editor must approve it again."""
    translation.status = Status.DRAFT
    translation.submitted_by = None
    translation.approved_by = None
    translation.updated_by = editor


def _check_approver(principal: Principal, translation: Translation) -> None:
    if principal.kind is not PrincipalKind.USER or not principal.has_any_role({Role.EDITOR, Role.ADMIN}):
        raise Forbidden("Only an editor or an admin approves publication.")
    if principal.has_any_role({Role.ADMIN}):
        return
    if principal.subject in {translation.submitted_by, translation.updated_by}:
        raise Forbidden("Another editor (or an admin) must approve: you submitted or last edited this text.")


async def change_status(
    session: AsyncSession,
    translation: Translation,
    body: TranslationStatusChange,
    principal: Principal,
    if_match: str | None,
    country: str | None,
) -> Translation:
    check_if_match(if_match, translation, required=False)
    current, target = translation.status, body.status
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current]))
        hint = (
            " Publishing needs approval: submit it for review (in_review) first."
            if target is Status.PUBLISHED
            else ""
        )
        raise InvalidState(
            f"A {current} translation can go to: {allowed}.{hint}", allowed=sorted(TRANSITIONS[current])
        )
    editor = principal.subject or ""
    action: RevisionAction
    if target is Status.PUBLISHED:
        _check_approver(principal, translation)
        translation.approved_by = editor
        translation.published_at = utcnow()
        translation.last_reviewed_date = date.today()
        action = RevisionAction.APPROVED
    elif target is Status.IN_REVIEW:
        translation.submitted_by = editor
        action = RevisionAction.SUBMITTED
    elif current is Status.IN_REVIEW:
        translation.submitted_by = None
        action = RevisionAction.RETURNED
    elif current is Status.ARCHIVED:
        action = RevisionAction.REOPENED
    else:
        action = RevisionAction.ARCHIVED
    translation.status = target
    # The search index after the save: a statement run before it would flush the translation on
    # its own, outside _record's conflict handling and as a second version.
    await _record(session, translation, action, editor, ["status"], body.note)
    if target is Status.PUBLISHED:
        await index.publish(session, translation, country)
    elif current is Status.PUBLISHED:
        await index.withdraw(session, translation.id)
    return translation


async def mark_reviewed(
    session: AsyncSession, translation: Translation, editor: str, note: str | None, if_match: str | None
) -> Translation:
    """An editor checked that a published text is still correct."""
    check_if_match(if_match, translation, required=False)
    if translation.status is not Status.PUBLISHED:
        raise InvalidState("Only published translations are reviewed; edit and resubmit the others.")
    translation.last_reviewed_date = date.today()
    await _record(session, translation, RevisionAction.REVIEWED, editor, ["last_reviewed_date"], note)
    return translation


async def restore(
    session: AsyncSession, translation: Translation, revision: Revision, editor: str, if_match: str | None
) -> Translation:
    """The text of an earlier revision becomes a new draft revision."""
    check_if_match(if_match, translation, required=True)
    await _check_slug(session, translation.language, revision.slug, translation.article_id)
    restored: dict[str, Any] = {name: getattr(revision, name) for name in CONTENT_FIELDS}
    changed = [name for name in CONTENT_FIELDS if getattr(translation, name) != restored[name]]
    if not changed and translation.status is Status.DRAFT:
        return translation
    was_public = translation.status is Status.PUBLISHED
    for name in changed:
        setattr(translation, name, restored[name])
    translation.body_html = render_markdown(translation.body)
    _back_to_draft(translation, editor)
    await _record(
        session, translation, RevisionAction.RESTORED, editor, changed, f"restored revision {revision.number}"
    )
    if was_public:
        await index.withdraw(session, translation.id)
    return translation
