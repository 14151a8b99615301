"""Search results."""

from __future__ import annotations

import uuid

from pydantic import Field

from imis_info.languages import Language, Served
from imis_shared.pagination import Page
from imis_shared.validators import CountryCode


class SearchHit(Served):
    article_id: uuid.UUID
    slug: str
    title: str
    country: CountryCode | None
    snippet: str = Field(description="HTML-escaped text with the matched words in `<mark>`.")
    score: float = Field(description="Higher is more relevant; comparable within one result list only.")


class SearchPage(Page[SearchHit]):
    query_terms: list[str] = Field(description="The words searched for, after normalisation.")
    languages: list[Language] = Field(description="The languages searched.")
