"""Snippets: a few words of a found text as written, the words that matched marked (no I/O).

The databases find texts by their analysed terms (``search/analysis.py``); the snippet is cut here
from the text as written, for the page's rows only, so a reader sees "كممرض" or "infirmières"
marked, never a stem. Each word of the text is marked when one of its index terms is among those the
query looked for; the window of ``SNIPPET_WORDS`` words with most of the query's words (then most
matches) is shown, the first such window winning a tie.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Collection

from imis_info.search.analysis import VARIANTS
from imis_shared.text import word_spans

START, STOP = "\x02", "\x03"  # marks around matches, replaced by <mark> after escaping
ELLIPSIS = "…"
SNIPPET_WORDS = 24
LEAD = 3  # words shown before the first match of a window
MAX_WINDOWS = 64  # windows compared: a bounded cost, however often the words occur


def highlight(raw: str) -> str:
    """HTML-escaped text with the marked words in ``<mark>``."""
    return html.escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")


def _best_start(hits: list[int], found_at: list[frozenset[str]], words: int) -> int:
    """The first word of the window to show: ``found_at[k]`` is what the query found at ``hits[k]``."""
    best, best_score = 0, (-1, -1)
    for hit in hits[:MAX_WINDOWS]:
        start = max(0, min(hit - LEAD, words - SNIPPET_WORDS))
        first, last = bisect_left(hits, start), bisect_left(hits, start + SNIPPET_WORDS)
        score = (len(frozenset().union(*found_at[first:last])), last - first)
        if score > best_score:
            best, best_score = start, score
    return best


def _hits(chunks: list[str], wanted: frozenset[str]) -> tuple[list[int], list[frozenset[str]]]:
    """The words (by position) with an index term the query looked for, and those terms. A chunk is
    split into its terms only when it has several, and only the words found are kept."""
    hits = [
        i
        for i, chunk in enumerate(chunks)
        if chunk in wanted or (VARIANTS in chunk and not wanted.isdisjoint(chunk.split(VARIANTS)))
    ]
    return hits, [wanted.intersection(chunks[i].split(VARIANTS)) for i in hits]


def cut(text: str, analysed: str, wanted: Collection[str]) -> str:
    """The snippet of ``text`` (as written; ``analysed`` is its analysed form) for a query that looked
    for the terms ``wanted``: HTML-escaped, the matched words in ``<mark>``, ``…`` where text was
    left out. A text whose analysis does not line up with it (indexed by an older analyser) gets its
    first words, unmarked. The analysed text is compared chunk by chunk without building a set per
    word."""
    text = text.replace(START, "").replace(STOP, "")
    spans = list(word_spans(text))
    if not spans:
        return ""
    chunks = analysed.split()  # NO_TERM chunks never meet ``wanted``: terms are letters and digits
    wanted = frozenset(wanted)
    hits, found_at = _hits(chunks, wanted) if len(chunks) == len(spans) else ([], [])
    start = _best_start(hits, found_at, len(spans)) if hits else 0
    end = min(len(spans), start + SNIPPET_WORDS)
    marked = set(hits[bisect_left(hits, start) : bisect_left(hits, end)])
    pieces = [ELLIPSIS] if start > 0 else []
    position = spans[start][0]
    for index in range(start, end):
        begin, finish = spans[index]
        pieces.append(text[position:begin])
        word = text[begin:finish]
        pieces.append(f"{START}{word}{STOP}" if index in marked else word)
        position = finish
    pieces.append(ELLIPSIS if end < len(spans) else text[position:].rstrip())
    return highlight("".join(pieces))
