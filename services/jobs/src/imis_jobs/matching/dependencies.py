"""The filters of the matching routes, read from the query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import StringConstraints

from imis_shared.validators import LANGUAGE_PATTERN, SchemaComponent

# An ISO 639-1 code (exactly those the profiles accept), then optionally a CEFR level.
LANGUAGE_FILTER = LANGUAGE_PATTERN.removesuffix("$") + "(?::(?:A1|A2|B1|B2|C1|C2))?$"
LanguageFilter = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_FILTER),
    SchemaComponent(
        "LanguageAtLevel",
        "An ISO 639-1 language code and, after a colon, the lowest CEFR level: `it:B1`; `it` alone "
        "is any level.",
        LANGUAGE_FILTER,
        ("it:B1", "fr"),
    ),
]


async def language_filters(
    language: Annotated[
        list[LanguageFilter] | None,
        Query(
            max_length=5,
            description="A language the candidate must hold, as ISO 639-1 code and lowest CEFR level, "
            "e.g. `it:B1` (`it` alone: any level); repeat for several.",
        ),
    ] = None,
) -> tuple[tuple[str, str], ...]:
    """(language, lowest level) pairs."""
    return tuple((code, level or "A1") for code, _, level in (item.partition(":") for item in language or []))
