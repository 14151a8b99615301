"""Check the project's Arabic occupation labels (imis_shared/reference/data/arabic_labels.csv).

    .venv/bin/python scripts/check_arabic_labels.py [PATH]     # default: the packaged file

Validates the file against the project's own reference data (ESCO v1.1.1 occupations, ISCO-08
groups): the header; the kinds (``isco``, ``occupation``); every ISCO-08 group present exactly
once; every occupation id an ESCO concept; no duplicate (kind, code) rows; labels and alternative
labels non-empty, in Arabic script and without a leading article; review_status ``draft`` or
``reviewed``. Prints the counts and exits 1 on any violation. See docs/arabic-labels.md.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from imis_shared.reference import isco_groups, occupations

HEADER = ["kind", "code", "label", "alt_labels", "review_status", "note"]
KINDS = ("isco", "occupation")
STATUSES = ("draft", "reviewed")
ALT_SEPARATOR = "|"
# Arabic letters and marks, spaces, and the punctuation a title may need: parentheses, hyphen,
# slash, the Arabic comma. No Latin letters and no digits: a label is written in Arabic script.
_ARABIC_TEXT = re.compile(r"[\u0600-\u06ff\u0750-\u077f ()\-/\u060c]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
# The definite article on the first word: the search strips it, so a label never needs it.
_ARTICLE = re.compile(r"^[\u0627\u0671]\u0644\S{2,}")


def default_path() -> Path:
    return Path(str(resources.files("imis_shared.reference").joinpath("data", "arabic_labels.csv")))


def text_problem(text: str) -> str | None:
    """Why ``text`` is not a usable label, or None."""
    if not text:
        return "is empty"
    if text != text.strip() or "  " in text:
        return "has leading, trailing or doubled spaces"
    if not _ARABIC_TEXT.fullmatch(text) or not _ARABIC_LETTER.search(text):
        return "is not in Arabic script"
    if _ARTICLE.match(text):
        return "starts with the article ال"
    return None


def check(path: Path) -> tuple[list[str], Counter[str]]:
    """The violations found in the file at ``path`` and the counts of what it holds."""
    groups = {group.code: group for group in isco_groups()}
    occupation_ids = {occupation.id for occupation in occupations()}
    errors: list[str] = []
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    isco_seen: Counter[str] = Counter()

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != HEADER:
            return [f"header is {header}, expected {HEADER}"], counts
        for line, row in enumerate(reader, start=2):
            where = f"line {line}"
            if len(row) != len(HEADER):
                errors.append(f"{where}: {len(row)} columns, expected {len(HEADER)}")
                continue
            kind, code, label, alt_labels, status, _note = row
            where = f"line {line} ({kind} {code})"
            if kind not in KINDS:
                errors.append(f"{where}: kind must be one of {KINDS}")
                continue
            if (kind, code) in seen:
                errors.append(f"{where}: duplicate row")
            seen.add((kind, code))
            if kind == "isco":
                if code not in groups:
                    errors.append(f"{where}: no such ISCO-08 group")
                else:
                    isco_seen[code] += 1
                    counts[f"isco level {groups[code].level}"] += 1
            elif code not in occupation_ids:
                errors.append(f"{where}: no such ESCO v1.1.1 occupation")
            counts[kind] += 1
            counts[status] += 1
            if status not in STATUSES:
                errors.append(f"{where}: review_status must be one of {STATUSES}")
            if problem := text_problem(label):
                errors.append(f"{where}: label {label!r} {problem}")
            if not alt_labels:
                continue
            alts = alt_labels.split(ALT_SEPARATOR)
            counts["alt labels"] += len(alts)
            for alt in alts:
                if problem := text_problem(alt):
                    errors.append(f"{where}: alt label {alt!r} {problem}")
                elif alt == label:
                    errors.append(f"{where}: alt label {alt!r} repeats the label")
            for alt, times in Counter(alts).items():
                if times > 1:
                    errors.append(f"{where}: alt label {alt!r} given {times} times")

    for code in sorted(set(groups) - set(isco_seen)):
        errors.append(f"ISCO-08 group {code} ({groups[code].label}) has no row")
    return errors, counts


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else default_path()
    errors, counts = check(path)
    print(f"{path}")
    print(
        f"isco groups: {counts['isco']} (major {counts['isco level 1']}, sub-major {counts['isco level 2']}, "
        f"minor {counts['isco level 3']}, unit {counts['isco level 4']}); occupations: {counts['occupation']}"
    )
    print(
        f"alt labels: {counts['alt labels']}; review_status: draft {counts['draft']}, "
        f"reviewed {counts['reviewed']}"
    )
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} violation(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
