"""Label search over reference concepts (occupations, skills): ranked, explainable, in memory.

Each concept has a preferred label and alternative labels. A query is normalised (case,
accents, punctuation, plural ``-s``) and every label is scored:

1. the whole label equals the query                     → 1.0
2. the label starts with the query's words              → 0.9 + up to 0.05 for shorter labels
3. the label starts with the query, last word unfinished → 0.85 + up to 0.05 (type-ahead)
4. otherwise, token overlap weighted by rarity (IDF): the share of the query's weight the label
   covers times the share of the label's weight the query covers (a Dice-like measure), scaled
   into [0, 0.8], and reduced by 40% when the query misses the label's head (last) word, which
   in English titles says what the person is ("nurse" in "specialist nurse", not "registered").
   The last query token also matches as a prefix, so "nur" finds "nurse".

A concept's score is its best label's; ties go to the concept whose preferred label fits the
query better, then to a preferred-label match, then to the shorter label, then to the concept
id, so the order is deterministic.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NON_WORD = re.compile(r"[^0-9a-z]+")
_STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "or", "at", "by", "m", "f", "w", "d"}
)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", ascii_text).split())


def _stem(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    return [_stem(token) for token in normalise(text).split() if token not in _STOPWORDS]


@dataclass(frozen=True, slots=True)
class Hit:
    concept_id: str
    score: float
    matched_label: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class _Label:
    concept_id: str
    text: str
    normalised: str
    tokens: frozenset[str]
    head: str  # the last word: in English titles, what the person is ("nurse" in "specialist nurse")
    weight: float
    preferred: bool


class LabelIndex:
    """An inverted index of concept labels; build once, query many times (thread-safe reads)."""

    def __init__(self, concepts: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """``concepts``: (id, preferred label, alternative labels)."""
        raw: list[tuple[str, str, bool]] = []
        for concept_id, preferred, alternatives in concepts:
            raw.append((concept_id, preferred, True))
            raw.extend((concept_id, alt, False) for alt in alternatives)
        document_frequency: dict[str, int] = defaultdict(int)
        tokenised = [(cid, text, pref, frozenset(tokens(text))) for cid, text, pref in raw]
        for _cid, _text, _pref, toks in tokenised:
            for token in toks:
                document_frequency[token] += 1
        count = max(1, len(tokenised))
        self._idf = {token: math.log(1 + count / df) for token, df in document_frequency.items()}
        self._labels: list[_Label] = []
        self._preferred: dict[str, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)
        for cid, text, pref, toks in tokenised:
            index = len(self._labels)
            words = tokens(text)
            head = words[-1] if words else ""
            weight = sum(self._idf[t] for t in toks) or 1.0
            self._labels.append(_Label(cid, text, normalise(text), toks, head, weight, pref))
            if pref:
                self._preferred[cid] = index
            for token in toks:
                self._postings[token].append(index)
        self._vocabulary = sorted(self._postings)

    def _expand_prefix(self, prefix: str) -> list[str]:
        from bisect import bisect_left

        start = bisect_left(self._vocabulary, prefix)
        found = []
        for token in self._vocabulary[start : start + 200]:
            if not token.startswith(prefix):
                break
            found.append(token)
        return found

    def search(self, query: str, limit: int = 20, allowed: set[str] | None = None) -> list[Hit]:
        normalised_query = normalise(query)
        query_tokens = tokens(query)
        if not normalised_query or not query_tokens:
            return []
        # The last token may be unfinished (type-ahead): let it match as a prefix.
        prefix_variants = {query_tokens[-1]: self._expand_prefix(query_tokens[-1])}
        candidates: set[int] = set()
        for token in query_tokens:
            candidates.update(self._postings.get(token, ()))
        for variant in prefix_variants[query_tokens[-1]]:
            candidates.update(self._postings.get(variant, ()))
        query_weight = sum(self._idf.get(t, math.log(2 + len(self._labels))) for t in query_tokens)
        best: dict[str, tuple[float, int, int, _Label]] = {}
        for index in candidates:
            label = self._labels[index]
            if allowed is not None and label.concept_id not in allowed:
                continue
            score = self._score(label, normalised_query, query_tokens, query_weight, prefix_variants)
            if score <= 0:
                continue
            key = (score, 1 if label.preferred else 0, -len(label.text))
            current = best.get(label.concept_id)
            if current is None or key > current[:3]:
                best[label.concept_id] = (*key, label)

        def preferred_fit(concept_id: str) -> float:
            """Among equal scores, the concept whose own name fits the query better goes first."""
            label = self._labels[self._preferred[concept_id]]
            return self._score(label, normalised_query, query_tokens, query_weight, prefix_variants)

        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], -preferred_fit(item[0]), -item[1][1], -item[1][2], item[0]),
        )
        return [
            Hit(concept_id, round(score, 4), label.text, label.preferred)
            for concept_id, (score, _pref, _length, label) in ranked[:limit]
        ]

    def _score(
        self,
        label: _Label,
        normalised_query: str,
        query_tokens: list[str],
        query_weight: float,
        prefix_variants: dict[str, list[str]],
    ) -> float:
        if label.normalised == normalised_query:
            return 1.0
        shortness = 0.05 * len(normalised_query) / len(label.normalised)
        if label.normalised.startswith(normalised_query + " "):
            return 0.9 + shortness
        if label.normalised.startswith(normalised_query):  # the last word is unfinished
            return 0.85 + shortness
        matched = 0.0
        for position, token in enumerate(query_tokens):
            if token in label.tokens:
                matched += self._idf.get(token, 0.0)
            elif position == len(query_tokens) - 1:
                variants = [v for v in prefix_variants.get(token, ()) if v in label.tokens]
                if variants:
                    matched += 0.8 * max(self._idf[v] for v in variants)
        if matched == 0:
            return 0.0
        overlap = (matched / query_weight) * (matched / max(label.weight, matched))
        # Naming what the person is (the label's head word) counts more than a modifier.
        head_factor = 1.0 if label.head in query_tokens else 0.6
        return 0.8 * overlap * head_factor
