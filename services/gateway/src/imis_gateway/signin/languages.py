"""The sign-in page's languages and how a request picks one: ``ui_locales`` (OpenID Connect's
parameter, space-separated, most wanted first), then ``Accept-Language``, then English."""

from __future__ import annotations

from typing import Literal

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


def _accepted(header: str) -> list[str]:
    """The tags of an Accept-Language header, most wanted first (q=0 dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:_MAX_HEADER].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def choose(ui_locales: str | None, accept_language: str | None) -> Language:
    for tag in (ui_locales or "")[:_MAX_HEADER].split():
        if language := _supported(tag):
            return language
    for tag in _accepted(accept_language or ""):
        if language := _supported(tag):
            return language
    return FALLBACK
