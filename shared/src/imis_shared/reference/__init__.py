"""Reference data every service may use: ESCO v1.1.1 occupations and skills, ISCO-08, CEFR, ISCED.

The files under ``data/`` are derived from the official exports by
``scripts/build_reference_data.py`` (see ``data/ATTRIBUTION.txt``). They are read-only
package data: each service loads what it needs into its own database.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

ESCO_VERSION = "1.1.1"
ATTRIBUTION = "ESCO v1.1.1, European Commission, https://esco.ec.europa.eu"


@dataclass(frozen=True, slots=True)
class IscoGroup:
    code: str  # 1 digit: major group, 2: sub-major, 3: minor, 4: unit group
    label: str

    @property
    def level(self) -> int:
        return len(self.code)

    @property
    def parent_code(self) -> str | None:
        return self.code[:-1] or None


@dataclass(frozen=True, slots=True)
class Occupation:
    id: str  # the ESCO concept UUID
    isco_code: str  # the ISCO-08 unit group (4 digits)
    label: str
    alt_labels: tuple[str, ...]
    esco_code: str
    description: str

    @property
    def uri(self) -> str:
        return f"http://data.europa.eu/esco/occupation/{self.id}"


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    type: str  # "skill/competence" or "knowledge"
    label: str
    alt_labels: tuple[str, ...]

    @property
    def uri(self) -> str:
        return f"http://data.europa.eu/esco/skill/{self.id}"


def _load(name: str) -> Any:
    data = resources.files(__package__).joinpath("data", name).read_bytes()
    return json.loads(gzip.decompress(data) if name.endswith(".gz") else data)


@lru_cache(maxsize=1)
def isco_groups() -> tuple[IscoGroup, ...]:
    return tuple(IscoGroup(code, label) for code, label in _load("isco_groups.json.gz"))


@lru_cache(maxsize=1)
def occupations() -> tuple[Occupation, ...]:
    return tuple(
        Occupation(id_, isco, label, tuple(alts), code, description)
        for id_, isco, label, alts, code, description in _load("esco_occupations.json.gz")
    )


@lru_cache(maxsize=1)
def skills() -> tuple[Skill, ...]:
    return tuple(
        Skill(id_, type_, label, tuple(alts)) for id_, type_, label, alts in _load("esco_skills.json.gz")
    )


@lru_cache(maxsize=1)
def occupation_skills() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Occupation id → (essential skill ids, optional skill ids)."""
    all_skills = skills()
    return {
        occupation: (tuple(all_skills[i].id for i in essential), tuple(all_skills[i].id for i in optional))
        for occupation, (essential, optional) in _load("esco_occupation_skills.json.gz").items()
    }


@lru_cache(maxsize=1)
def levels() -> dict[str, list[list[Any]]]:
    """``{"cefr": [[code, rank, name]], "isced": [[level, name]]}``."""
    loaded: dict[str, list[list[Any]]] = _load("levels.json")
    return loaded


CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
ISCED_LEVELS = tuple(range(10))


LABEL_LANGUAGES = ("en", "fr", "it", "ar")
LabelSet = dict[str, tuple[str, tuple[str, ...]]]  # concept id or ISCO code -> (label, alternatives)


@dataclass(frozen=True, slots=True)
class Labels:
    """One language's labels of the occupations, ISCO-08 groups and skills that have one in it.

    English, French and Italian are ESCO's (``data/ATTRIBUTION.txt`` says which were modified);
    Arabic is the project's own (``data/arabic_labels.csv``, docs/arabic-labels.md): every ISCO-08
    group and the occupations North African workers most often migrate for, no skills."""

    language: str
    occupations: LabelSet
    isco: LabelSet
    skills: LabelSet


def _label_set(rows: list[list[Any]]) -> LabelSet:
    return {concept: (label, tuple(alternatives)) for concept, label, alternatives in rows}


def _arabic() -> Labels:
    text = resources.files(__package__).joinpath("data", "arabic_labels.csv").read_text("utf-8")
    found: dict[str, LabelSet] = {"occupation": {}, "isco": {}}
    for row in csv.DictReader(io.StringIO(text)):
        alternatives = tuple(a.strip() for a in row["alt_labels"].split("|") if a.strip())
        found[row["kind"]][row["code"]] = (row["label"].strip(), alternatives)
    return Labels("ar", found["occupation"], found["isco"], {})


@lru_cache(maxsize=len(LABEL_LANGUAGES))
def labels(language: str) -> Labels:
    """The labels in ``language`` (one of :data:`LABEL_LANGUAGES`)."""
    if language == "en":
        return Labels(
            "en",
            {o.id: (o.label, o.alt_labels) for o in occupations()},
            {g.code: (g.label, ()) for g in isco_groups()},
            {s.id: (s.label, s.alt_labels) for s in skills()},
        )
    if language == "ar":
        return _arabic()
    loaded = _load(f"esco_labels_{language}.json.gz")
    return Labels(
        language, _label_set(loaded["occupations"]), _label_set(loaded["isco"]), _label_set(loaded["skills"])
    )
