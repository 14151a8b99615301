"""Label search (imis_shared.reference.search): its cost is bounded whatever the query.

Counted, not timed: the number of labels a query has scored, over an index where every label
shares the query's common words.
"""

from __future__ import annotations

from typing import Any

import pytest

from imis_shared.reference import search
from imis_shared.reference.search import (
    MAX_QUERY_TOKENS,
    MAX_TYPO_WORDS,
    MIN_PER_WORD_CANDIDATES,
    SCORE_ALL_LIMIT,
    LabelIndex,
)

COMMON = ["operate", "equipment", "system", "machine", "manage", "work", "plan", "service", "safety", "team"]


class CountingIndex(LabelIndex):
    scored = 0

    def _score(self, *args: Any) -> float:
        self.scored += 1
        return super()._score(*args)


def crowded_index(size: int = 6000) -> CountingIndex:
    """``size`` concepts, each labelled with three common words and one rare word of its own."""
    concepts = []
    for n in range(size):
        words = [COMMON[n % 10], COMMON[(n // 10) % 10], COMMON[(n // 100) % 10], f"rare{n}"]
        concepts.append((f"c{n}", " ".join(words), [f"{words[3]} specialist"]))
    concepts.append(("brush", "brush maker", []))
    return CountingIndex(concepts)


class TestBoundedCost:
    def test_a_long_query_of_common_words_scores_a_bounded_number_of_labels(self) -> None:
        index = crowded_index()
        query = " ".join(COMMON * 2) + " brush maker"
        ranking = index.search(query, limit=10)
        bound = SCORE_ALL_LIMIT + MAX_QUERY_TOKENS * MIN_PER_WORD_CANDIDATES
        assert 0 < index.scored <= bound  # the index holds 12,001 labels, every one matching
        assert ranking.hits[0].concept_id == "brush" and ranking.total >= len(ranking.hits) == 10

    def test_a_short_prefix_scores_a_bounded_number_of_labels(self) -> None:
        index = crowded_index()
        ranking = index.search("rar", limit=5, typeahead=True)
        assert 0 < index.scored <= SCORE_ALL_LIMIT + MIN_PER_WORD_CANDIDATES
        assert all(hit.matched_label.startswith("rare") for hit in ranking.hits)

    def test_when_few_labels_match_every_one_is_ranked(self) -> None:
        index = crowded_index(300)
        ranking = index.search("operate equipment", limit=1000)
        sharing = {f"c{n}" for n in range(300) if {n % 10, (n // 10) % 10, (n // 100) % 10} & {0, 1}}
        assert {hit.concept_id for hit in ranking.hits} == sharing and ranking.total == len(sharing)
        first = ranking.hits[0].matched_label.split()
        assert {"operate", "equipment"} <= set(first)  # a label with both words before one with one

    def test_only_the_rarest_words_of_a_long_query_find_candidates(self) -> None:
        index = crowded_index(50)
        words = [f"rare{n}" for n in range(12)]
        kept = index._query_tokens(words)
        assert len(kept) == MAX_QUERY_TOKENS and kept[-1] == "rare11"


class TestMisspeltWords:
    def test_a_misspelt_word_stands_for_the_nearest_label_word(self) -> None:
        index = LabelIndex([("w", "welder", []), ("p", "plumber", []), ("n", "nurse", ["staff nurse"])])
        assert [hit.concept_id for hit in index.search("weldor").hits] == ["w"]
        assert [hit.concept_id for hit in index.search("plumer").hits] == ["p"]

    def test_only_a_bounded_number_of_unknown_words_are_looked_up_by_spelling(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        index = LabelIndex([("w", "welder", []), ("p", "plumber", [])])
        calls: list[str] = []
        real = search.process.extract

        def counting(query: str, *args: Any, **kwargs: Any) -> Any:
            calls.append(query)
            return real(query, *args, **kwargs)

        monkeypatch.setattr(search.process, "extract", counting)
        index.search(" ".join(f"qwxz{n}yy" for n in range(20)))
        assert len(calls) == MAX_TYPO_WORDS

    def test_short_words_are_taken_as_typed_and_expanded_only_while_typing(self) -> None:
        index = LabelIndex([("a", "baker", []), ("b", "bakery manager", [])])
        assert index.search("bak").hits == []  # three letters: neither a typo nor a prefix
        assert {hit.concept_id for hit in index.search("bak", typeahead=True).hits} == {"a", "b"}
        assert index.search("ba", typeahead=True).hits == []  # under three letters: never a prefix
