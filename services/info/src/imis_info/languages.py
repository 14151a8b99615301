"""The content languages and how a request picks one (``?lang=``, then ``Accept-Language``).

The four languages are fixed by the domain (Arabic, English, French, Italian); the fallback is a
setting. Each has a text direction and, for search, a Snowball stemmer and a stop-word list.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from pydantic import BaseModel, Field

from imis_shared.languages import accept_language_preferences
from imis_shared.validators import ContentLanguage, TextDirection

Language = ContentLanguage
LANGUAGES: tuple[Language, ...] = ("en", "fr", "it", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})


def direction(language: str) -> TextDirection:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class LanguageChoice:
    """What the caller asked for, in order of preference, and the configured fallback."""

    preferences: tuple[Language, ...]
    fallback: Language

    @property
    def wanted(self) -> Language:
        """The language to serve content that exists in every language (labels, names)."""
        return self.preferences[0] if self.preferences else self.fallback

    def pick(self, available: Collection[str]) -> Language | None:
        """The best available language: a preference, else the fallback, else any available."""
        for language in (*self.preferences, self.fallback, *LANGUAGES):
            if language in available:
                return language
        return None


async def language_choice(
    request: Request,
    lang: Annotated[
        Language | None, Query(description="Language wanted; overrides `Accept-Language`.")
    ] = None,
    accept_language: Annotated[
        str | None,
        Header(
            alias="Accept-Language",
            description="Languages wanted, most wanted first (RFC 9110), e.g. `ar, en;q=0.5`.",
        ),
    ] = None,
) -> LanguageChoice:
    fallback: Language = request.app.state.settings.default_language
    if lang is not None:
        return LanguageChoice((lang,), fallback)
    preferences = tuple(
        language for language in accept_language_preferences(accept_language) if language in LANGUAGES
    )
    return LanguageChoice(preferences, fallback)  # type: ignore[arg-type]


LanguageChoiceDep = Annotated[LanguageChoice, Depends(language_choice)]


class Served(BaseModel):
    """Which language a response is in, and its writing direction."""

    language: Language
    dir: TextDirection = Field(description="`rtl` for Arabic.")


def labels_in(labels: Mapping[str, str], choice: LanguageChoice) -> tuple[Language, str]:
    """The label in the best available language."""
    language = choice.pick(labels) or choice.fallback
    return language, labels.get(language, "")
