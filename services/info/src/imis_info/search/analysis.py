"""Text as the index stores it and queries as they are matched: Snowball stems, computed in Python.

Both databases index the same terms, made here (``imis_shared.text``): PostgreSQL with the ``simple``
configuration (its parser splits on the separators below, its dictionary only lower-cases) and SQLite
FTS5 with ``unicode61``. So both find the same texts, whatever PostgreSQL version or Snowball build the
server has.

An analysed text has one chunk per word of the text as written, in order, separated by spaces: the
word's index terms joined by ``|`` ("ممرض|كممرض"), or ``-`` for a stop word. Neither separator is part
of a word to either database, and the chunks line up with ``imis_shared.text.words`` of the text as
written, which is how snippets mark the words found (``search/snippets.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from imis_info.search.normalise import content_terms, is_stop_word
from imis_shared.text import index_forms, query_forms, words

NO_TERM = "-"
VARIANTS = "|"

QueryGroups = tuple[frozenset[str], ...]  # one set per query word: a text matches one of each


def chunk(word: str, language: str) -> str:
    """The index chunk of one word as written."""
    if is_stop_word(word, language):
        return NO_TERM
    forms = index_forms(word, language)
    return VARIANTS.join(sorted(forms)) if forms else NO_TERM


def analyse(text: str, language: str) -> str:
    """The analysed text of ``text`` in ``language`` (what the databases index)."""
    return " ".join(chunk(word, language) for word in words(text))


def chunk_terms(analysed: str) -> list[frozenset[str]]:
    """The terms of each word of an analysed text, in order (empty for a stop word)."""
    return [frozenset() if c == NO_TERM else frozenset(c.split(VARIANTS)) for c in analysed.split()]


def query_groups(terms: Iterable[str], language: str) -> QueryGroups:
    """The words of a query (``normalise.query_terms``) as ``language`` matches them: stop words out,
    each remaining word's forms, each set once."""
    groups: list[frozenset[str]] = []
    for term in content_terms(terms, [language]):
        forms = query_forms(term, language)
        if forms and forms not in groups:
            groups.append(forms)
    return tuple(groups)
