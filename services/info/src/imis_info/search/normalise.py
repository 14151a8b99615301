"""The words of a query, and the stop words a search leaves out (per language).

Arabic letters are folded as ``imis_shared.text.normalise_arabic`` folds them (``normalise`` here),
so a query's words read as they are matched. Stems are made by ``search/analysis.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from imis_shared.text import fold, normalise_arabic

_WORD = re.compile(r"[^\W_]+")  # underscores split words, as in both databases


def normalise(text: str) -> str:
    """Arabic tashkeel and tatweel removed, letter variants in one form (as before stemming)."""
    return normalise_arabic(text)


def query_terms(query: str) -> list[str]:
    """The words of a query after normalisation (punctuation and operators dropped)."""
    return _WORD.findall(normalise(query).lower())


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    """stop_words.json (scripts/build_stop_words.py): Snowball's lists for en, fr, it, the project's
    own for ar."""
    data = json.loads(files("imis_info.search").joinpath("stop_words.json").read_text(encoding="utf-8"))
    return {language: frozenset(words) for language, words in data["words"].items()}


@lru_cache(maxsize=32)
def _stop_words_of(languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_stop_words().get(language, frozenset()) for language in languages))


def content_terms(terms: Iterable[str], languages: Iterable[str]) -> list[str]:
    """``terms`` without the stop words of ``languages`` ("the", "de", "في"): words every text has,
    which find nothing a query's other words do not, and which would make the database rank every
    text (PostgreSQL's language configurations leave them out too)."""
    stop = _stop_words_of(tuple(languages))
    return [term for term in terms if term not in stop]


def is_stop_word(word: str, language: str) -> bool:
    """Whether a word as written is one of ``language``'s stop words (compared folded)."""
    return fold(word) in _stop_words().get(language, frozenset())
