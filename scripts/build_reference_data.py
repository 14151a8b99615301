"""Rebuild the compact reference data shipped in imis_shared/reference/data/ from the source files.

    python scripts/build_reference_data.py [SOURCE_DIR]      # default: ../shared/data

Reads the official ESCO v1.1.1 CSV export (occupations, skills, occupation-skill relations, the
ISCO-08 tree) and the CEFR / ISCED level lists, and writes gzip JSON files that the services load
into their own databases. Nothing reads SOURCE_DIR at run time. Rows the source itself cannot
resolve (relations naming an occupation or skill that is not in the export) are skipped and
counted, not fatal.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "shared" / "src" / "imis_shared" / "reference" / "data"
ESCO = "esco-v1.1.1"
ATTRIBUTION = (
    "ESCO v1.1.1, European Commission, https://esco.ec.europa.eu — © European Union, reuse authorised "
    "provided the source is acknowledged (Commission Decision 2011/833/EU). ISCO-08: International "
    "Labour Organization, via ESCO. CEFR levels: Council of Europe. ISCED 2011 levels: UNESCO.\n"
    "French and Italian labels: ESCO (French v1.1.1; Italian v1.0.8), European Commission, "
    "https://esco.ec.europa.eu. This service uses the ESCO classification of the European Commission. "
    "Modified: the Italian labels are derived from ESCO v1.0.8 as the MELO benchmark published them "
    "(Avature/melo-benchmark, MIT; alternative and hidden labels merged), kept only for concepts that "
    "ESCO v1.1.1 has; the French skill labels come from an ESCO v1.0 export, kept only for skills that "
    "v1.1.1 has; labels identical to the preferred label are dropped.\n"
    "Arabic labels (arabic_labels.csv) are the project's own, not ESCO's: see docs/arabic-labels.md."
)
# The labels per language beside English: (folder, occupations file, ISCO groups file, skills file).
LANGUAGES = {
    "fr": ("esco/fr", "occupations_fr.csv", "ISCOGroups_fr.csv", "skills_fr_v1.0.csv"),
    "it": ("esco/it", "occupations_it_v1.0.8.csv", "ISCOGroups_it_v1.0.8.csv", None),
}


def uuid_of(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[1]


def labels(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for label in text.split("\n"):
        label = label.strip()
        if label:
            seen.setdefault(label, None)
    return list(seen)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(name: str, payload: Any) -> None:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: the same input gives byte-identical output, so rebuilding shows no spurious diff.
    with gzip.GzipFile(OUT / name, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(data)
    print(f"{name}: {len(data):,} bytes -> {(OUT / name).stat().st_size:,} gzipped")


def concept_labels(rows: list[dict[str, str]], known: set[str], key: str) -> list[list[Any]]:
    """[id or code, preferred label, alternative labels] for the rows whose concept ``known`` has."""
    found = []
    for row in rows:
        concept = uuid_of(row["conceptUri"]) if key == "uri" else row["code"]
        if concept in known and row["preferredLabel"].strip():
            preferred = row["preferredLabel"].strip()
            found.append(
                [concept, preferred, [a for a in labels(row.get("altLabels", "")) if a != preferred]]
            )
    return sorted(found, key=lambda item: item[0])


def build_languages(
    source: Path, occupation_ids: set[str], skill_ids: set[str], isco_codes: set[str]
) -> None:
    """One file per language: its labels of the occupations, ISCO groups and (where the source has
    them) skills that ESCO v1.1.1 has; a concept without a label in that language is absent."""
    for language, (folder, occupations, groups, skills) in LANGUAGES.items():
        base = source / folder
        payload = {
            "occupations": concept_labels(read(base / occupations), occupation_ids, "uri"),
            "isco": concept_labels(read(base / groups), isco_codes, "code"),
            "skills": concept_labels(read(base / skills), skill_ids, "uri") if skills else [],
        }
        write(f"esco_labels_{language}.json.gz", payload)
        print(f"{language}: " + ", ".join(f"{len(items)} {kind}" for kind, items in payload.items()))


def build(source: Path) -> None:
    esco = source / ESCO
    isco = sorted(
        ([row["code"], row["preferredLabel"]] for row in read(esco / "ISCOGroups_en.csv")),
        key=lambda item: item[0],
    )
    occupations = sorted(
        (
            [
                uuid_of(row["conceptUri"]),
                row["iscoGroup"],
                row["preferredLabel"],
                [a for a in labels(row["altLabels"]) if a != row["preferredLabel"]],
                row["code"],
                row["description"].strip(),
            ]
            for row in read(esco / "occupations_en.csv")
        ),
        key=lambda item: item[0],
    )
    skills = sorted(
        (
            [
                uuid_of(row["conceptUri"]),
                row["skillType"] or "skill/competence",
                row["preferredLabel"],
                [a for a in labels(row["altLabels"]) if a != row["preferredLabel"]],
            ]
            for row in read(esco / "skills_en.csv")
        ),
        key=lambda item: item[0],
    )
    skill_index = {skill[0]: index for index, skill in enumerate(skills)}
    occupation_ids = {occupation[0] for occupation in occupations}
    relations: dict[str, list[list[int]]] = {}
    skipped = 0
    for row in read(esco / "occupationSkillRelations.csv"):
        occupation, skill = uuid_of(row["occupationUri"]), uuid_of(row["skillUri"])
        if occupation not in occupation_ids or skill not in skill_index:
            skipped += 1
            continue
        pair = relations.setdefault(occupation, [[], []])
        pair[0 if row["relationType"] == "essential" else 1].append(skill_index[skill])
    for pair in relations.values():
        pair[0].sort()
        pair[1].sort()
    levels = source / "levels"
    cefr = [[row["code"], int(row["rank"]), row["name_en"]] for row in read(levels / "cefr_levels.csv")]
    isced = [[int(row["code"]), row["name_en"]] for row in read(levels / "isced2011_levels.csv")]

    OUT.mkdir(parents=True, exist_ok=True)
    write("isco_groups.json.gz", isco)
    write("esco_occupations.json.gz", occupations)
    write("esco_skills.json.gz", skills)
    write("esco_occupation_skills.json.gz", dict(sorted(relations.items())))
    build_languages(source, occupation_ids, set(skill_index), {code for code, _label in isco})
    (OUT / "levels.json").write_text(json.dumps({"cefr": cefr, "isced": isced}, indent=1) + "\n")
    (OUT / "ATTRIBUTION.txt").write_text(ATTRIBUTION + "\n")
    print(
        f"{len(isco)} ISCO groups, {len(occupations)} occupations, {len(skills)} skills, "
        f"{sum(len(a) + len(b) for a, b in relations.values())} relations ({skipped} skipped: unknown ids)"
    )


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
