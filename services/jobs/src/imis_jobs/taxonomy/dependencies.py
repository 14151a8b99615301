"""The taxonomy as a request dependency: built once per process, shared by every package."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Header, Query

from imis_jobs.taxonomy.service import Taxonomy, get_taxonomy
from imis_shared.languages import accept_language_preferences
from imis_shared.reference import LABEL_LANGUAGES
from imis_shared.reference.analysis import is_arabic
from imis_shared.validators import ContentLanguage


async def _taxonomy() -> Taxonomy:
    """The dependency: built at start-up, so no request waits (and none takes a worker thread)."""
    return get_taxonomy()


TaxonomyDep = Annotated[Taxonomy, Depends(_taxonomy)]


async def search_language(
    lang: Annotated[
        ContentLanguage | None,
        Query(
            description="The language of the query and of the labels answered. Without it: `ar` when "
            "`q` is in Arabic script, else the first of `Accept-Language` that is one of these, else `en`."
        ),
    ] = None,
    q: Annotated[str | None, Query(include_in_schema=False)] = None,
    accept_language: Annotated[
        str | None, Header(description="Preferred languages (RFC 9110), used when `lang` is not given.")
    ] = None,
) -> str:
    """The language a search is in (a coroutine: cheap work that needs no thread)."""
    if lang is not None:
        return lang
    if q and is_arabic(q):
        return "ar"
    for primary in accept_language_preferences(accept_language):
        if primary in LABEL_LANGUAGES:
            return primary
    return "en"


SearchLanguage = Annotated[str, Depends(search_language)]
Mode = Annotated[
    Literal["search", "typeahead"],
    Query(
        description="`typeahead` while the words are being typed: the last word (three letters or more) "
        "also finds the label words it begins. `search` (default) takes the words as complete."
    ),
]
