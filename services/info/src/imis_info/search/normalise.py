"""Text as it is indexed and queried: the same folding on both sides, so variants meet.

Arabic is written with optional short-vowel marks (tashkeel), a stretching character (tatweel)
and several forms of some letters that readers treat as one: alef with hamza above or below,
with madda or wasla become a bare alef; alef maqsura becomes yeh; teh marbuta becomes heh; hamza
on waw or yeh becomes the bare letter.
Latin accents are folded by the databases themselves (unicode61 ``remove_diacritics``,
PostgreSQL's language configurations keep them but match the stemmed forms).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ALEF, YEH, HEH, WAW = "\u0627", "\u064a", "\u0647", "\u0648"
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": ALEF,  # alef with hamza above
        "\u0625": ALEF,  # alef with hamza below
        "\u0622": ALEF,  # alef with madda
        "\u0671": ALEF,  # alef wasla
        "\u0649": YEH,  # alef maqsura
        "\u0629": HEH,  # teh marbuta
        "\u0624": WAW,  # waw with hamza
        "\u0626": YEH,  # yeh with hamza
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)


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
