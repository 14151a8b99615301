"""Validate bench/data/occupation_titles.csv, the hand-written occupation-search evaluation set.

    python bench/data/check_titles.py [CSV] [--source-data DIR]

Checks the header, the languages and how many rows each has, the kinds, that every id names an
ESCO v1.1.1 occupation in the project's own reference data (imis_shared.reference), and that no
title repeats within a language after normalisation. When DIR (default ../shared/data next to the
repository) holds the ESCO exports, it also checks that no title equals an English, French or
Italian preferred or alternative label after normalisation; without DIR that check is skipped,
with a message. Prints the counts per language and per note kind; exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from imis_shared.reference import occupations

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CSV = Path(__file__).resolve().parent / "occupation_titles.csv"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
HEADER = ["language", "title", "occupation_ids", "kind", "note"]
MIN_ROWS = {"en": 130, "fr": 100, "it": 100, "ar": 100}
MIN_TOTAL = 440
KINDS = {"job_ad", "seeker", "board"}
MAX_IDS = 4
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The ESCO exports the labels are read from, relative to the source data folder.
LABEL_FILES = {
    "en": Path("esco-v1.1.1") / "occupations_en.csv",
    "fr": Path("esco") / "fr" / "occupations_fr.csv",
    "it": Path("esco") / "it" / "occupations_it_v1.0.8.csv",
}
# Folded before the accents go: œ, æ and ß do not decompose; the Arabic tatweel only stretches a word.
LIGATURES = str.maketrans({"\u0153": "oe", "\u00e6": "ae", "\u00df": "ss", "\u0640": ""})


def normalise(text: str) -> str:
    """Lower case, accents and other combining marks removed, punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in kept).split())


def note_tags(note: str) -> Iterator[tuple[str, str]]:
    """The (kind, detail) pairs a note names: `typo; noise: shift` -> (typo, ''), (noise, shift)."""
    for part in note.split(";"):
        if part.strip():
            kind, _, detail = part.partition(":")
            yield kind.strip(), detail.strip()


def esco_labels(path: Path) -> Iterator[str]:
    """Every preferred and alternative label of one ESCO occupations export, and the masculine and
    feminine halves of a `maçon/maçonne` style preferred label."""
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            preferred = row.get("preferredLabel") or ""
            yield preferred
            yield from preferred.split("/")
            yield from (row.get("altLabels") or "").split("\n")


def load_rows(path: Path, problems: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        if header != HEADER:
            problems.append(f"header is {header}, expected {HEADER}")
            return []
        rows = []
        for line, values in enumerate(reader, start=2):
            if len(values) != len(HEADER):
                problems.append(f"line {line}: {len(values)} fields, expected {len(HEADER)}")
                continue
            rows.append({"line": str(line), **dict(zip(HEADER, values, strict=True))})
        return rows


def check_rows(rows: Iterable[dict[str, str]], known_ids: set[str], problems: list[str]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        where = f"line {row['line']} ({row['language']}: {row['title']!r})"
        if row["language"] not in MIN_ROWS:
            problems.append(f"{where}: language must be one of {sorted(MIN_ROWS)}")
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
        title = row["title"]
        if not title.strip() or title != title.strip():
            problems.append(f"{where}: empty title, or spaces around it")
        ids = row["occupation_ids"].split("|")
        if not 1 <= len(ids) <= MAX_IDS or len(set(ids)) != len(ids):
            problems.append(f"{where}: 1 to {MAX_IDS} distinct occupation ids expected, got {ids}")
        for occupation_id in ids:
            if not UUID.match(occupation_id):
                problems.append(f"{where}: {occupation_id!r} is not an ESCO concept UUID")
            elif occupation_id not in known_ids:
                problems.append(f"{where}: {occupation_id} is not an ESCO v1.1.1 occupation")
        key = (row["language"], normalise(title))
        if key in seen:
            problems.append(f"{where}: same title, after normalisation, as line {seen[key]}")
        seen.setdefault(key, row["line"])


def check_labels(rows: Iterable[dict[str, str]], source: Path, problems: list[str]) -> None:
    if not source.is_dir():
        print(f"ESCO label check skipped: no source data folder at {source}")
        return
    labels: dict[str, str] = {}
    for language, relative in LABEL_FILES.items():
        path = source / relative
        if not path.is_file():
            print(f"ESCO label check skipped for {language}: {path} is missing")
            continue
        for label in esco_labels(path):
            if normalised := normalise(label):
                labels.setdefault(normalised, f"{language} label {label.strip()!r}")
    for row in rows:
        if hit := labels.get(normalise(row["title"])):
            problems.append(f"line {row['line']} ({row['language']}: {row['title']!r}) equals the ESCO {hit}")
    print(f"ESCO label check: titles compared with {len(labels)} normalised en/fr/it labels")


def table(title: str, counts: Counter[tuple[str, str]], names: list[str]) -> None:
    languages = list(MIN_ROWS)
    width = max(len(title), *(len(n) for n in names))
    print("\n" + title.ljust(width) + "".join(f"{lang:>6}" for lang in languages) + "   all")
    for name in names:
        row = [counts[name, lang] for lang in languages]
        print(name.ljust(width) + "".join(f"{c:>6}" for c in row) + f"{sum(row):>6}")


def report(rows: list[dict[str, str]]) -> None:
    per_language = Counter(row["language"] for row in rows)
    print(f"\n{len(rows)} rows: " + ", ".join(f"{lang} {per_language[lang]}" for lang in MIN_ROWS))
    distinct = {i for row in rows for i in row["occupation_ids"].split("|")}
    print(f"{len(distinct)} distinct occupations named")
    kinds = Counter((row["kind"], row["language"]) for row in rows)
    table("kind", kinds, sorted(KINDS))
    # Each note kind, then its details indented below it; a row counts once per kind.
    notes: Counter[tuple[str, str]] = Counter()
    for row in rows:
        tags = set(note_tags(row["note"]))
        for kind in {kind for kind, _ in tags} or {"(no note)"}:
            notes[kind, row["language"]] += 1
        for kind, detail in tags:
            if detail:
                notes[f"  {kind}: {detail}", row["language"]] += 1
    names = sorted({name for name, _ in notes}, key=lambda n: (n.strip().split(":")[0], n.startswith(" "), n))
    table("note kind", notes, names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--source-data", type=Path, default=DEFAULT_SOURCE, help="folder of the ESCO exports")
    args = parser.parse_args(argv)
    problems: list[str] = []
    rows = load_rows(args.csv, problems)
    check_rows(rows, {o.id for o in occupations()}, problems)
    per_language = Counter(row["language"] for row in rows)
    for language, minimum in MIN_ROWS.items():
        if per_language[language] < minimum:
            problems.append(f"{language}: {per_language[language]} rows, at least {minimum} expected")
    if len(rows) < MIN_TOTAL:
        problems.append(f"{len(rows)} rows, at least {MIN_TOTAL} expected")
    check_labels(rows, args.source_data, problems)
    report(rows)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print(f"\n{'FAIL' if problems else 'OK'}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
