"""Reference data of the diaspora service: ESCO occupations and skills, ISCO-08, sectors.

ESCO comes from :mod:`imis_shared.reference` (the same release as the jobs service), held in
memory; members, offers and projects store ESCO ids and the derived ISCO-08 unit group, so no
other service's database is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel

from imis_shared import reference
from imis_shared.errors import FieldError, body_error
from imis_shared.reference import Occupation, Skill
from imis_shared.validators import ConceptId


class Sector(StrEnum):
    """Economic sectors of members, offers and projects (after the ISIC Rev. 4 sections)."""

    AGRICULTURE = "agriculture"
    MANUFACTURING = "manufacturing"
    ENERGY = "energy"
    WATER_SANITATION = "water_sanitation"
    CONSTRUCTION = "construction"
    TRADE = "trade"
    TRANSPORT = "transport"
    TOURISM = "tourism"
    ICT = "ict"
    FINANCE = "finance"
    PROFESSIONAL_SERVICES = "professional_services"
    PUBLIC_ADMINISTRATION = "public_administration"
    EDUCATION = "education"
    HEALTH = "health"
    ARTS_CULTURE = "arts_culture"
    OTHER = "other"


class SkillOut(BaseModel):
    """An ESCO skill as responses show it."""

    skill_id: ConceptId
    label: str


class Esco:
    """ESCO occupations and skills by id (read-only, built once per process)."""

    def __init__(self) -> None:
        self.occupations: dict[str, Occupation] = {o.id: o for o in reference.occupations()}
        self.skills: dict[str, Skill] = {s.id: s for s in reference.skills()}

    def skill_list(self, skill_ids: Iterable[str]) -> list[SkillOut]:
        """The skills with their labels, in label order."""
        listed = (SkillOut(skill_id=skill, label=self.skills[skill].label) for skill in skill_ids)
        return sorted(listed, key=lambda skill: (skill.label, skill.skill_id))

    def unknown_skills(self, skills: Iterable[str]) -> list[FieldError]:
        """An error for each entry of a body's `skills` that is not an ESCO skill."""
        return [
            body_error(f"skills.{index}", "is not an ESCO skill", "unknown_skill")
            for index, skill in enumerate(skills)
            if skill not in self.skills
        ]

    def errors(self, values: dict[str, Any]) -> list[FieldError]:
        """Bad `occupation_id` and `skills` of a request body (unknown, or a skill twice)."""
        errors: list[FieldError] = []
        occupation = values.get("occupation_id")
        if occupation and occupation not in self.occupations:
            errors.append(body_error("occupation_id", "is not an ESCO occupation", "unknown_occupation"))
        skills = values.get("skills") or []
        errors += self.unknown_skills(skills)
        if len(set(skills)) != len(skills):
            errors.append(body_error("skills", "names the same skill twice", "duplicate"))
        return errors


@lru_cache(maxsize=1)
def get_esco() -> Esco:
    return Esco()


async def _esco() -> Esco:
    """The dependency: loaded at start-up, so no request waits (and none takes a worker thread)."""
    return get_esco()


EscoDep = Annotated[Esco, Depends(_esco)]
