"""Label search over reference concepts (occupations, skills): ranked, explainable, in memory.

Each concept has a preferred label and alternative labels in one language. Labels and queries are
cut into stemmed words by the language's :class:`~imis_shared.reference.analysis.Analyzer` (folding,
Arabic clitics, the abbreviation and jargon lexicon, stemming), and every label is scored:

1. the label's words are the query's                          → 1.0
2. the label starts with the query's words                    → 0.9 + up to 0.05 for shorter labels
3. type-ahead only: the label starts with the query, last word unfinished → 0.85 + up to 0.05
4. otherwise, word overlap weighted by rarity (IDF): the share of the query's weight the label
   covers times the share of the label's weight the query covers (a Dice-like measure), scaled
   into [0, 0.8], and reduced by 40% when the query misses the label's head word, which says what
   the person is: the last word in English ("nurse" in "specialist nurse"), the first in French,
   Italian and Arabic ("infirmier de bloc", "سائق شاحنة").

What a query's words may be besides the labels' own:

- a word no label has, of four letters or more, stands for the label word nearest in spelling (one
  edit, two from eight letters; the most used word on a tie): "Weldor" is "welder";
- in Arabic, a word no label has loses a one-letter clitic if what remains is known ("كممرض");
- a noise word (a shift, a contract, a city: the lexicon's) counts where a label has it and weighs
  nothing otherwise; a word that is nowhere is ignored;
- only in type-ahead mode, the last word of three letters or more also stands for the label words it
  begins, so "nur" finds "nurse"; a complete title is never read as a prefix.

A concept's score is its best label's; ties go to the concept whose preferred label fits the
query better, then to a preferred-label match, then to the shorter label, then to the concept
id, so the order is deterministic.

The cost of a query is bounded by design, whatever its words (any search box is public):

- at most :data:`MAX_QUERY_TOKENS` distinct words count — the last (it may be unfinished) and
  the rarest others; very common words ("use", "manager") carry little weight anyway;
- the labels that contain a query word are found with set algebra over the postings (in C),
  not scored; when at most :data:`SCORE_ALL_LIMIT` labels match, all are scored as before;
- otherwise only a bounded candidate set is scored: the labels that start with the query (the
  shortest first), the labels matching the most query words, and each word's best labels on its
  own (postings are kept in that order: head-word matches and light labels first);
- so when more labels match, the total counts the concepts of that candidate set (what can be
  paged through), not every concept that shares a common word with the query.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from imis_shared.reference.analysis import CLITICS, Analyzer, Word, analyzer

MIN_TYPO_LENGTH = 4  # shorter words are taken as typed: too many words are one edit from them
MAX_TYPO_WORDS = 4  # unknown words of a query looked up by spelling (each ~1 ms over a vocabulary)
MIN_PREFIX_LENGTH = 3  # type-ahead: a shorter last word is not expanded
MAX_QUERY_TOKENS = 8  # distinct words of a query that count (the last one and the rarest others)
PREFIX_SCAN = 1000  # vocabulary words starting with an unfinished last word that are looked at ...
MAX_PREFIX_VARIANTS = 50  # ... of which the most frequent stand for it
SCORE_ALL_LIMIT = 1000  # up to this many matching labels, every one is scored
MULTI_WORD_CANDIDATES = 300  # else: the labels matching the most query words ...
MIN_PER_WORD_CANDIDATES = 50  # ... each word's best labels on its own (the unfinished word's too) ...
STARTS_WITH_CANDIDATES = 100  # ... and the shortest labels that start with the whole query


@dataclass(frozen=True, slots=True)
class Hit:
    concept_id: str
    score: float
    matched_label: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class Ranking:
    hits: list[Hit]  # best first, at most the limit asked for
    total: int  # concepts ranked (all that match, unless more than SCORE_ALL_LIMIT labels do)


@dataclass(frozen=True, slots=True)
class _Query:
    counts: dict[str, int]  # every word of the query that counts, with how often it occurs
    noise: frozenset[str]  # those that weigh only where a label has them
    last: str  # the last word, which may be unfinished
    prefix_variants: frozenset[str]  # type-ahead: the vocabulary words the last word may be the start of
    weight: float  # of the words that are not noise
    whole: str  # every word, noise included ("contract engineer" is a label)


@dataclass(frozen=True, slots=True)
class _Label:
    concept_id: str
    text: str
    normalised: str
    tokens: frozenset[str]
    head: str  # what the person is: "nurse" in "specialist nurse", "infirmier" in "infirmier de bloc"
    weight: float
    specific: float  # the weight of what it says besides a default qualifier ("de soins généraux")
    preferred: bool


class LabelIndex:
    """An inverted index of concept labels; build once, query many times (thread-safe reads)."""

    def __init__(
        self,
        concepts: Iterable[tuple[str, str, Sequence[str]]],
        language_analyzer: Analyzer | None = None,
        *,
        heads: bool = True,
    ) -> None:
        """``concepts``: (id, preferred label, alternative labels), in the analyzer's language
        (English by default). ``heads``: find each label's head word as job titles have one (else
        the last word: skills are not titles)."""
        self.analyzer = language_analyzer or analyzer("en")
        raw: list[tuple[str, str, bool]] = []
        for concept_id, preferred, alternatives in concepts:
            raw.append((concept_id, preferred, True))
            raw.extend((concept_id, alt, False) for alt in alternatives)
        document_frequency: dict[str, int] = defaultdict(int)
        surfaces: Counter[tuple[str, str]] = Counter()
        tokenised = []
        for cid, text, pref in raw:
            words = self.analyzer.words(text)
            surfaces.update((word.surface, word.stem) for word in words)
            tokenised.append((cid, text, pref, [word.stem for word in words]))
        for _cid, _text, _pref, stems in tokenised:
            for token in set(stems):
                document_frequency[token] += 1
        count = max(1, len(tokenised))
        self._idf = {token: math.log(1 + count / df) for token, df in document_frequency.items()}
        self._labels: list[_Label] = []
        self._preferred: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        for cid, text, pref, stems in tokenised:
            index = len(self._labels)
            toks = frozenset(stems)
            head = self.analyzer.head(text, stems) if heads else (stems[-1] if stems else "")
            weight = sum(self._idf[t] for t in toks) or 1.0
            specific = sum(self._idf[t] for t in toks if t not in self.analyzer.generic) or 1.0
            # Each word once, in order: "infirmier/infirmière" is one word twice.
            normalised = " ".join(dict.fromkeys(stems))
            self._labels.append(_Label(cid, text, normalised, toks, head, weight, specific, pref))
            if pref:
                self._preferred[cid] = index
            for token in toks:
                postings[token].append(index)
        # Each word's labels, best first for that word alone: the labels it heads, then the lighter
        # (the order of its single-word score, then the shorter label); keys made once per label.
        label_heads = [label.head for label in self._labels]
        headed = [(-1.0 / label.weight, len(label.text)) for label in self._labels]
        other = [(-0.6 / label.weight, len(label.text)) for label in self._labels]
        self._postings: dict[str, list[int]] = {}
        for token, found in postings.items():
            keys = [headed[i] if label_heads[i] == token else other[i] for i in found]
            self._postings[token] = [i for _key, i in sorted(zip(keys, found, strict=True))]
        self._vocabulary = sorted(self._postings)
        # The label words as written (folded), each with its stem: what a misspelt word is compared with.
        stem_of: dict[str, str] = {}
        for (surface, stem), _times in surfaces.most_common():
            stem_of.setdefault(surface, stem)
        self._surfaces = sorted(stem_of)
        self._stem_of = stem_of
        self._concept_of = [label.concept_id for label in self._labels]
        self._weights = [label.weight for label in self._labels]
        # (normalised label, length, index), sorted: the labels starting with a text are one slice.
        by_text = sorted((label.normalised, len(label.normalised), i) for i, label in enumerate(self._labels))
        self._sorted_texts = [text for text, _length, _i in by_text]
        self._sorted_lengths = [(length, i) for _text, length, i in by_text]

    def _expand_prefix(self, prefix: str) -> list[str]:
        """The vocabulary words ``prefix`` may be the start of: the most frequent, if many."""
        start = bisect_left(self._vocabulary, prefix)
        found = []
        for token in self._vocabulary[start : start + PREFIX_SCAN]:
            if not token.startswith(prefix):
                break
            found.append(token)
        if len(found) > MAX_PREFIX_VARIANTS:
            found = heapq.nlargest(MAX_PREFIX_VARIANTS, found, key=lambda token: len(self._postings[token]))
        return found

    def _starting_with(self, text: str) -> list[int]:
        """The labels that start with ``text``, the shortest first (at most a bounded number)."""
        start = bisect_left(self._sorted_texts, text)
        end = bisect_left(self._sorted_texts, text + "\uffff", start)
        return [i for _length, i in heapq.nsmallest(STARTS_WITH_CANDIDATES, self._sorted_lengths[start:end])]

    def _query_tokens(self, words: list[str]) -> list[str]:
        """The distinct words that count, at most MAX_QUERY_TOKENS: the last (it may be unfinished)
        and the rarest others that some label has (a word no label has cannot match)."""
        distinct = list(dict.fromkeys(words))
        if len(distinct) <= MAX_QUERY_TOKENS:
            return distinct
        *others, last = distinct
        known = sorted((t for t in others if t in self._idf), key=lambda t: -self._idf[t])
        kept = set(known[: MAX_QUERY_TOKENS - 1])
        return [t for t in others if t in kept] + [last]

    def _candidates(
        self,
        normalised_query: str,
        query_tokens: list[str],
        variants: list[str],
        allowed: AbstractSet[str] | None,
    ) -> list[int]:
        """The labels worth scoring: every matching label when they are few, else a bounded set.
        The work here is set algebra over postings; the Python-level loops are bounded by the
        candidate limits."""
        # levels[k]: the labels having at least k + 1 of the query's words (set algebra, in C).
        levels: list[set[int]] = []
        word_sets = [set(self._postings.get(token, ())) for token in query_tokens[:-1]]
        word_sets.append(set().union(*(self._postings[v] for v in variants)))
        for labels in word_sets:
            for k in range(len(levels) - 1, -1, -1):
                more = levels[k] & labels
                if not more:
                    continue
                if k + 1 == len(levels):
                    levels.append(more)
                else:
                    levels[k + 1] |= more
            if levels:
                levels[0] |= labels
            else:
                levels.append(labels)
        if not levels:
            return []
        concept_of = self._concept_of
        found = levels[0] if allowed is None else {i for i in levels[0] if concept_of[i] in allowed}
        if len(found) <= SCORE_ALL_LIMIT:
            return list(found)
        chosen = set(self._starting_with(normalised_query))
        multi: list[int] = []
        for level in reversed(levels[1:]):  # the labels having the most query words first
            room = MULTI_WORD_CANDIDATES - len(multi)
            if room <= 0:
                break
            held = level if allowed is None else {i for i in level if concept_of[i] in allowed}
            held -= set(multi)
            # Among labels with as many of the words, the lighter (fewer other words) first.
            multi.extend(
                held if len(held) <= room else sorted(held, key=lambda i: (self._weights[i], i))[:room]
            )
        chosen.update(multi)
        # What is left of the budget goes to each word's best labels on its own, in equal shares.
        per_word = max(MIN_PER_WORD_CANDIDATES, (SCORE_ALL_LIMIT - len(chosen)) // len(query_tokens))
        for token in query_tokens[:-1]:
            chosen.update(self._best_alone(self._postings.get(token, ()), allowed, per_word))
        per_variant = max(1, per_word // max(1, len(variants)))
        for variant in sorted(variants, key=len):
            chosen.update(self._best_alone(self._postings[variant], allowed, per_variant))
        return list(chosen if allowed is None else (i for i in chosen if concept_of[i] in allowed))

    def _best_alone(self, posting: Sequence[int], allowed: AbstractSet[str] | None, count: int) -> list[int]:
        if allowed is None:
            return list(posting[:count])
        concept_of = self._concept_of
        best: list[int] = []
        for i in posting[: count * 20]:  # a filter may skip many; still bounded
            if concept_of[i] in allowed:
                best.append(i)
                if len(best) == count:
                    break
        return best

    def _known(self, word: Word, typos: list[int]) -> str | None:
        """The label word (stem) ``word`` stands for, or None when it stands for none."""
        if word.stem in self._postings:
            return word.stem
        if self.analyzer.language == "ar" and word.surface[:1] in CLITICS and len(word.surface) >= 4:
            stem = self.analyzer.stem(word.surface[1:])
            if stem in self._postings:
                return stem
        if word.noise or len(word.surface) < MIN_TYPO_LENGTH or typos[0] >= MAX_TYPO_WORDS:
            return None
        typos[0] += 1
        edits = 1 if len(word.surface) < 8 else 2
        found = process.extract(
            word.surface, self._surfaces, scorer=Levenshtein.distance, score_cutoff=edits, limit=8
        )
        if not found:
            return None
        # The nearest; among as near, the word most labels have.
        nearest = min(found, key=lambda hit: (hit[1], -len(self._postings[self._stem_of[hit[0]]]), hit[0]))
        return self._stem_of[nearest[0]]

    def search(
        self,
        query: str,
        limit: int = 20,
        allowed: AbstractSet[str] | None = None,
        *,
        typeahead: bool = False,
        secondary: bool = False,
    ) -> Ranking:
        """The best concepts for ``query`` (at most ``limit``), best first, and how many were ranked.
        ``typeahead``: the query is being typed, so its last word may be unfinished. ``secondary``:
        these labels are not the query's own language or kind (English labels for a French title, the
        ISCO groups' names), so a word they lack is not a typo of theirs and still weighs: a label that
        covers one word of a title they cannot read does not fit it."""
        typed = self.analyzer.words(query)
        if not typed:
            return Ranking([], 0)
        typos = [MAX_TYPO_WORDS if secondary else 0]
        resolved = [(self._known(word, typos), word) for word in typed]
        words = [stem for stem, _word in resolved if stem is not None]
        unknown = math.log(2 + len(self._labels))
        missing = (
            unknown * sum(1 for stem, word in resolved if stem is None and not word.noise)
            if secondary
            else 0.0
        )
        noise = frozenset(stem for stem, word in resolved if stem is not None and word.noise)
        last_word = typed[-1]
        variants: list[str] = []
        if typeahead and len(last_word.surface) >= MIN_PREFIX_LENGTH:
            variants = self._expand_prefix(
                last_word.stem if last_word.stem in self._postings else last_word.surface
            )
            if last_word.stem not in self._postings and resolved[-1][0] is None:
                words.append(last_word.stem)  # known only as the start of label words
        if not words:
            return Ranking([], 0)
        # The whole-label rules compare what the title says of the job: noise aside, unless it is all noise.
        distinct = list(dict.fromkeys(words))
        normalised_query = " ".join([w for w in distinct if w not in noise] or distinct)
        query_tokens = self._query_tokens(words)
        if not variants and query_tokens[-1] in self._postings:
            variants = [query_tokens[-1]]
        elif not variants:
            query_tokens = query_tokens[:-1] or query_tokens
            variants = [t for t in query_tokens[-1:] if t in self._postings]
        if typeahead and variants and words[-1] not in self._idf:  # the last word is only a beginning
            missing += 0.8 * max(self._idf[v] for v in variants)
        parsed = _Query(
            counts=dict.fromkeys(distinct, 1),
            noise=noise,
            last=words[-1],
            prefix_variants=frozenset(variants),
            # Every word but noise weighs: a label that covers little of a long query scores low.
            weight=(sum(self._idf.get(t, 0.0) for t in words if t not in noise) + missing) or 1.0,
            whole=" ".join(distinct),
        )
        best: dict[str, tuple[float, int, int, _Label]] = {}
        for index in self._candidates(normalised_query, query_tokens, variants, allowed):
            label = self._labels[index]
            score = self._score(label, normalised_query, parsed, typeahead)
            if score <= 0:
                continue
            key = (score, 1 if label.preferred else 0, -len(label.text))
            current = best.get(label.concept_id)
            if current is None or key > current[:3]:
                best[label.concept_id] = (*key, label)
        total = len(best)
        if len(best) > limit:  # only the concepts that can reach the page need the full order
            cutoff = heapq.nlargest(limit, (entry[0] for entry in best.values()))[-1]
            best = {cid: entry for cid, entry in best.items() if entry[0] >= cutoff}

        def preferred_fit(concept_id: str, entry: tuple[float, int, int, _Label]) -> float:
            """Among equal scores, the concept whose own name fits the query better goes first."""
            if entry[3].preferred:
                return entry[0]
            label = self._labels[self._preferred[concept_id]]
            return self._score(label, normalised_query, parsed, typeahead)

        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], -preferred_fit(*item), -item[1][1], -item[1][2], item[0]),
        )
        hits = [
            Hit(concept_id, round(score, 4), label.text, label.preferred)
            for concept_id, (score, _pref, _length, label) in ranked[:limit]
        ]
        return Ranking(hits, total)

    def _score(self, label: _Label, normalised_query: str, query: _Query, typeahead: bool = False) -> float:
        if label.normalised == normalised_query or label.normalised == query.whole:
            return 1.0
        # Among labels that start with the query, the one whose other words are the commonest (says
        # least besides): "infirmier en soins généraux" before "infirmier vétérinaire".
        shortness = 0.05 * min(1.0, query.weight / label.specific)
        if label.normalised.startswith(normalised_query + " ") and label.head in query.counts:
            return 0.9 + shortness
        if typeahead and label.normalised.startswith(normalised_query):  # the last word is unfinished
            return 0.85 + shortness
        # Walk the label's few words, not the query's many: the cost does not grow with the query.
        matched = 0.0
        idf = self._idf
        for token in label.tokens:
            times = query.counts.get(token)
            if times:
                matched += idf[token] * times
        if query.last not in label.tokens:
            variants = query.prefix_variants & label.tokens
            if variants:
                matched += 0.8 * max(idf[v] for v in variants)
        if matched == 0:
            return 0.0
        # Noise words weigh in the query only where this label has them.
        weight = query.weight + sum(idf[t] for t in query.noise if t in label.tokens)
        overlap = (matched / weight) * (matched / max(label.weight, matched))
        # Naming what the person is (the label's head word) counts more than a modifier.
        head_factor = 1.0 if label.head in query.counts else 0.6
        return 0.8 * overlap * head_factor
