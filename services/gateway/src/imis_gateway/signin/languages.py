"""The sign-in page's languages and how a request picks one: ``ui_locales`` (OpenID Connect's
parameter, space-separated, most wanted first), then ``Accept-Language``, then English."""

from __future__ import annotations

from typing import Literal

from imis_shared.languages import accept_language_preferences

Language = Literal["ar", "en", "fr", "it"]
LANGUAGES: tuple[Language, ...] = ("ar", "en", "fr", "it")
NAMES: dict[Language, str] = {"ar": "العربية", "en": "English", "fr": "Français", "it": "Italiano"}
FALLBACK: Language = "en"
_MAX_HEADER = 200


def direction(language: Language) -> Literal["ltr", "rtl"]:
    return "rtl" if language == "ar" else "ltr"


def _supported(tag: str) -> Language | None:
    primary = tag.strip().split("-")[0].split("_")[0].lower()
    for language in LANGUAGES:
        if language == primary:
            return language
    return None


def choose(ui_locales: str | None, accept_language: str | None) -> Language:
    for tag in (ui_locales or "")[:_MAX_HEADER].split():
        if language := _supported(tag):
            return language
    for primary in accept_language_preferences(accept_language):
        if language := _supported(primary):
            return language
    return FALLBACK
