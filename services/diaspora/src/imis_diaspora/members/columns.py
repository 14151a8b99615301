"""The member CSV format: its columns and how a cell becomes a field value.

Consulates' lists come in it (the import reads it) and the staff export writes the same columns.

UTF-8 (a byte-order mark is allowed), comma-separated, one header row naming the columns in any
order. Required: full_name, date_of_birth (YYYY-MM-DD), citizenships, residence_country. Lists
are space-separated: citizenships `EG IT`, skills (ESCO ids), languages `ar:C2 it:B1`; country and
language codes in either case. An empty cell is no value. A column not listed here makes the
whole file invalid.
"""

from __future__ import annotations

import re
from typing import Any

REQUIRED = ("full_name", "date_of_birth", "citizenships", "residence_country")
OPTIONAL = (
    "residence_city",
    "emigration_year",
    "residence_status",
    "occupation_id",
    "sector",
    "education_level",
    "education_field",
    "skills",
    "languages",
    "employer",
    "phone",
    "email",
    "preferred_contact",
)
COLUMNS = REQUIRED + OPTIONAL
LISTS = frozenset({"citizenships", "skills"})
# Country codes as people type them in a spreadsheet: the body takes them as ISO writes them.
UPPER_CASE = frozenset({"citizenships", "residence_country"})
# Whole numbers: the body takes them as JSON numbers, a cell holds their digits.
INTEGERS = frozenset({"emigration_year", "education_level"})
_INTEGER = re.compile(r"[+-]?[0-9]+")


def cell_value(column: str, text: str) -> Any:
    """The field value of one non-empty cell, in the shape the member body takes."""
    if column in UPPER_CASE:
        text = text.upper()
    if column in LISTS:
        return text.split()
    if column in INTEGERS:
        # Anything else stays text, so the row is rejected naming the column.
        return int(text) if _INTEGER.fullmatch(text) else text
    if column == "languages":
        pairs = []
        for item in text.split():
            language, _, level = item.partition(":")
            pairs.append({"language": language.lower(), "level": level.upper()})
        return pairs
    return text


def row_values(header: list[str], cells: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, raw in zip(header, cells, strict=True):
        text = raw.strip()
        if text:
            values[column] = cell_value(column, text)
    return values
