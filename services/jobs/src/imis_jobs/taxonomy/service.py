"""The taxonomy as the jobs service serves it: ESCO occupations and skills, the ISCO-08 tree.

Read-only reference data, held in memory (built once per process, ~0.5 s) with a label
index for ranked search. The same data is in the database for foreign keys and joins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from imis_shared import reference
from imis_shared.errors import NotFound
from imis_shared.reference import IscoGroup, Occupation, Skill
from imis_shared.reference.search import Hit, LabelIndex


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
        return LabelIndex((o.id, o.label, o.alt_labels) for o in self.occupations.values())

    @cached_property
    def skill_index(self) -> LabelIndex:
        return LabelIndex((s.id, s.label, s.alt_labels) for s in self.skills.values())

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

    def search_occupations(self, q: str | None, isco: str | None, limit: int, offset: int) -> Ranked:
        """``isco`` is a code of ISCO-08 (the query parameter's type checks it)."""
        if not q:
            ordered = (
                self._occupations_by_label
                if isco is None
                else [o for o in self._occupations_by_label if o.isco_code.startswith(isco)]
            )
            return Ranked([(o, None) for o in ordered[offset : offset + limit]], len(ordered))
        allowed = self.occupation_ids_under(isco) if isco is not None else None
        ranking = self.occupation_index.search(q, limit=offset + limit, allowed=allowed)
        return Ranked([(self.occupations[h.concept_id], h) for h in ranking.hits[offset:]], ranking.total)

    def search_skills(self, q: str | None, skill_type: str | None, limit: int, offset: int) -> Ranked:
        if not q:
            ordered = self._skills_by_label.get(skill_type, []) if skill_type else self._skills_by_label[None]
            return Ranked([(s, None) for s in ordered[offset : offset + limit]], len(ordered))
        allowed = self._skill_ids_of_type.get(skill_type, set()) if skill_type is not None else None
        ranking = self.skill_index.search(q, limit=offset + limit, allowed=allowed)
        return Ranked([(self.skills[h.concept_id], h) for h in ranking.hits[offset:]], ranking.total)


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """One taxonomy per process: it is immutable reference data."""
    return Taxonomy()
