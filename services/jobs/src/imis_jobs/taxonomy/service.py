"""The taxonomy as the jobs service serves it: ESCO occupations and skills, the ISCO-08 tree.

Read-only reference data, held in memory (built once per process, ~0.5 s) with a label
index per language for ranked search. The same data is in the database for foreign keys and joins.

A search in French, Italian or Arabic looks in three places and keeps each occupation's best:
its labels in that language; its English labels, at :data:`OTHER_LANGUAGE` of their score (titles
mix in English words: "barista", "chef de partie", "فني IT"); and the labels of the ISCO-08 unit
groups in that language, at :data:`GROUP` of their score, standing for the group's occupations
(the Arabic labels name every group but only the occupations most asked for).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from imis_shared import reference
from imis_shared.errors import NotFound
from imis_shared.reference import IscoGroup, LabelSet, Occupation, Skill
from imis_shared.reference.analysis import analyzer
from imis_shared.reference.search import Hit, LabelIndex, Ranking

OTHER_LANGUAGE = 0.9  # an English label matching a query in another language: its score times this
GROUP = 0.85  # an ISCO-08 unit group's label: its score times this, for the group's occupations
GROUP_MEMBERS = 5  # the occupations of a matched group that stand for it, the likeliest first


@dataclass(frozen=True)
class Ranked:
    """A page of concepts, with the search hit for each when there was a query."""

    items: list[tuple[Occupation | Skill, Hit | None]]
    total: int


class Taxonomy:
    def __init__(self) -> None:
        self.occupations = {o.id: o for o in reference.occupations()}
        self.skills = {s.id: s for s in reference.skills()}
        self.isco = {g.code: g for g in reference.isco_groups()}
        self.occupation_skills = reference.occupation_skills()
        children: dict[str, list[str]] = defaultdict(list)
        for code in sorted(self.isco):
            if len(code) > 1:
                children[code[:-1]].append(code)
        self.isco_children = dict(children)
        by_unit: dict[str, list[Occupation]] = defaultdict(list)
        for occupation in sorted(self.occupations.values(), key=lambda o: (o.label, o.id)):
            by_unit[occupation.isco_code].append(occupation)
        self.occupations_by_unit = dict(by_unit)
        self._under: dict[str, frozenset[str]] = {}
        self._indexes: dict[tuple[str, str], LabelIndex] = {}
        self._building = threading.Lock()
        self._builders: dict[tuple[str, str], threading.Lock] = {}
        self._members: dict[str, list[Occupation]] = {}
        # Orders and sets that every unfiltered or type-filtered request would otherwise rebuild.
        self._occupations_by_label = sorted(self.occupations.values(), key=lambda o: (o.label, o.id))
        skills_by_label = sorted(self.skills.values(), key=lambda s: (s.label, s.id))
        self._skills_by_label: dict[str | None, list[Skill]] = {None: skills_by_label}
        for skill in skills_by_label:
            self._skills_by_label.setdefault(skill.type, []).append(skill)
        self._skill_ids_of_type = {
            kind: {s.id for s in held} for kind, held in self._skills_by_label.items() if kind is not None
        }

    @cached_property
    def occupation_index(self) -> LabelIndex:
        return self.occupation_index_in("en")

    @cached_property
    def skill_index(self) -> LabelIndex:
        return self.skill_index_in("en")

    def _index(self, kind: str, language: str) -> LabelIndex:
        """The label index of one kind of concept in one language (built once, ~0.5-1 s)."""
        key = (kind, language)
        index = self._indexes.get(key)
        if index is None:
            with self._building:
                building = self._builders.setdefault(key, threading.Lock())
            with building:  # two first searches build it once; other indexes are built meanwhile
                index = self._indexes.get(key)
                if index is None:
                    labels: LabelSet = getattr(reference.labels(language), kind)
                    if kind == "isco":
                        labels = {
                            code: held for code, held in labels.items() if code in self.occupations_by_unit
                        }
                    concepts = ((c, label, alternatives) for c, (label, alternatives) in labels.items())
                    index = self._indexes[key] = LabelIndex(
                        concepts, analyzer(language), heads=kind != "skills"
                    )
        return index

    def occupation_index_in(self, language: str) -> LabelIndex:
        return self._index("occupations", language)

    def skill_index_in(self, language: str) -> LabelIndex:
        return self._index("skills", language)

    def group_index_in(self, language: str) -> LabelIndex:
        """The labels of the ISCO-08 unit groups that have occupations."""
        return self._index("isco", language)

    def label_in(self, kind: str, concept: str, language: str) -> tuple[str, str]:
        """The label of an occupation, skill or ISCO group in ``language``, or in English where it has
        none in it: (label, its language)."""
        held = getattr(reference.labels(language), kind).get(concept)
        if held is not None:
            return held[0], language
        return getattr(reference.labels("en"), kind)[concept][0], "en"

    def group_members(self, code: str) -> list[Occupation]:
        """The occupations of an ISCO-08 unit group, the likeliest meaning of the group's name first:
        those whose English name shares most words with the group's, then the most often named (by
        alternative labels)."""
        members = self._members.get(code)
        if members is None:
            english = analyzer("en")
            group_words = set(english.stems(self.isco[code].label))

            def likeliness(o: Occupation) -> tuple[int, int, str]:
                return (-len(group_words & set(english.stems(o.label))), -len(o.alt_labels), o.label)

            members = self._members[code] = sorted(self.occupations_by_unit.get(code, []), key=likeliness)
        return members

    def occupation_ids_under(self, code: str) -> frozenset[str]:
        """Ids of the ESCO occupations in an ISCO-08 group of any level (computed once per group)."""
        ids = self._under.get(code)
        if ids is None:
            ids = self._under[code] = frozenset(
                o.id for unit, held in self.occupations_by_unit.items() if unit.startswith(code) for o in held
            )
        return ids

    def occupation(self, occupation_id: str) -> Occupation:
        try:
            return self.occupations[occupation_id]
        except KeyError:
            raise NotFound(f"No ESCO occupation {occupation_id}.") from None

    def skill(self, skill_id: str) -> Skill:
        try:
            return self.skills[skill_id]
        except KeyError:
            raise NotFound(f"No ESCO skill {skill_id}.") from None

    def isco_group(self, code: str) -> IscoGroup:
        try:
            return self.isco[code]
        except KeyError:
            raise NotFound(f"No ISCO-08 group {code}.") from None

    def search_occupations(
        self,
        q: str | None,
        isco: str | None,
        limit: int,
        offset: int,
        language: str = "en",
        typeahead: bool = False,
    ) -> Ranked:
        """``isco`` is a code of ISCO-08 (the query parameter's type checks it); ``language`` one of
        the label languages."""
        if not q:
            ordered = (
                self._occupations_by_label
                if isco is None
                else [o for o in self._occupations_by_label if o.isco_code.startswith(isco)]
            )
            return Ranked([(o, None) for o in ordered[offset : offset + limit]], len(ordered))
        allowed = self.occupation_ids_under(isco) if isco is not None else None
        want = offset + limit
        found = [self.occupation_index_in(language).search(q, want, allowed, typeahead=typeahead)]
        if language != "en":
            english = self.occupation_index.search(q, want, allowed, typeahead=typeahead, secondary=True)
            found.append(_scaled(english, OTHER_LANGUAGE))
            groups = self.group_index_in(language).search(q, want, typeahead=typeahead, secondary=True)
            found.append(self._group_hits(groups, allowed))
        ranking = _merged(found, want)
        return Ranked([(self.occupations[h.concept_id], h) for h in ranking.hits[offset:]], ranking.total)

    def _group_hits(self, groups: Ranking, allowed: frozenset[str] | None) -> Ranking:
        hits = []
        for group in groups.hits:
            members = [o for o in self.group_members(group.concept_id) if allowed is None or o.id in allowed]
            for rank, occupation in enumerate(members[:GROUP_MEMBERS]):
                score = round(group.score * GROUP * (1 - 0.02 * rank), 4)
                hits.append(Hit(occupation.id, score, group.matched_label, False))
        return Ranking(hits, len({h.concept_id for h in hits}))

    def search_skills(
        self,
        q: str | None,
        skill_type: str | None,
        limit: int,
        offset: int,
        language: str = "en",
        typeahead: bool = False,
    ) -> Ranked:
        if not q:
            ordered = self._skills_by_label.get(skill_type, []) if skill_type else self._skills_by_label[None]
            return Ranked([(s, None) for s in ordered[offset : offset + limit]], len(ordered))
        allowed = self._skill_ids_of_type.get(skill_type, set()) if skill_type is not None else None
        want = offset + limit
        found = [self.skill_index.search(q, want, allowed, typeahead=typeahead)]
        if language != "en" and reference.labels(language).skills:
            own = self.skill_index_in(language).search(q, want, allowed, typeahead=typeahead)
            english = self.skill_index.search(q, want, allowed, typeahead=typeahead, secondary=True)
            found = [own, _scaled(english, OTHER_LANGUAGE)]
        ranking = _merged(found, want)
        return Ranked([(self.skills[h.concept_id], h) for h in ranking.hits[offset:]], ranking.total)


def _scaled(ranking: Ranking, factor: float) -> Ranking:
    hits = [Hit(h.concept_id, round(h.score * factor, 4), h.matched_label, h.preferred) for h in ranking.hits]
    return Ranking(hits, ranking.total)


def _merged(rankings: list[Ranking], limit: int) -> Ranking:
    """Each concept's best hit over the rankings, best first (ties: the earlier ranking, then the
    order within it); the total is that of the widest ranking, or more if the union holds more."""
    if len(rankings) == 1:
        return rankings[0]
    best: dict[str, tuple[float, int, int, Hit]] = {}
    for order, ranking in enumerate(rankings):
        for position, hit in enumerate(ranking.hits):
            current = best.get(hit.concept_id)
            if current is None or hit.score > current[0]:
                best[hit.concept_id] = (hit.score, order, position, hit)
    ordered = sorted(best.values(), key=lambda entry: (-entry[0], entry[1], entry[2]))
    total = max([len(best), *(ranking.total for ranking in rankings)])
    return Ranking([entry[3] for entry in ordered[:limit]], total)


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """One taxonomy per process: it is immutable reference data."""
    return Taxonomy()
