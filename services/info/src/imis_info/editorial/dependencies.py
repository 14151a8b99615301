"""Loading the article, translation or revision a path names, for editors."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from imis_info.access import EditorUser
from imis_info.articles import repository
from imis_info.articles.models import Article, Revision, Translation
from imis_info.languages import Language
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound
from imis_shared.validators import WHOLE_NUMBER


async def article_for_editor(article_id: uuid.UUID, _editor: EditorUser, session: SessionDep) -> Article:
    article = await repository.get_article(session, article_id)
    if article is None:
        raise NotFound("No such article.")
    return article


EditableArticle = Annotated[Article, Depends(article_for_editor)]


async def translation_for_editor(
    article: EditableArticle,
    language: Annotated[Language, Path(description="The translation's language.")],
    session: SessionDep,
) -> Translation:
    translation = await repository.translation(session, article.id, language)
    if translation is None:
        raise NotFound(f"The article has no {language} translation.")
    return translation


EditableTranslation = Annotated[Translation, Depends(translation_for_editor)]


async def revision_of_translation(
    translation: EditableTranslation,
    number: Annotated[int, Path(ge=1, le=1_000_000), WHOLE_NUMBER],
    session: SessionDep,
) -> Revision:
    revision = await repository.revision(session, translation.id, number)
    if revision is None:
        raise NotFound(f"The translation has no revision {number}.")
    return revision


TranslationRevision = Annotated[Revision, Depends(revision_of_translation)]
