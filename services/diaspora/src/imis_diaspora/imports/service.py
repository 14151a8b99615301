"""Importing consulates' member lists: validate row by row, match, then write in bulk.

Nothing is written until every row has been read, so a file is imported whole, or (with
``all_or_nothing``) not at all; the request's one transaction makes either outcome atomic.
A row matches an existing record on its email, or else on name + date of birth + country of
residence, so importing the same file twice creates nothing the second time. Records without
a user account (``user_id`` null) are created; a row matching a member who registered themself
is skipped: they keep their own record.
"""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.imports import repository
from imis_diaspora.imports.repository import MemberKey
from imis_diaspora.imports.schemas import ImportReport, RejectedRow, SkippedRow
from imis_diaspora.members.columns import COLUMNS, REQUIRED, row_values
from imis_diaspora.members.schemas import MemberCreate
from imis_diaspora.members.service import check
from imis_diaspora.reference import Esco
from imis_shared.db import utcnow
from imis_shared.errors import ValidationFailed, body_error

SCALARS = tuple(c for c in COLUMNS if c not in {"skills", "languages"})
NaturalKey = tuple[str, date, str]


def file_error(message: str, kind: str) -> ValidationFailed:
    return ValidationFailed(f"The file {message}.", errors=[body_error("file", message, kind)])


def natural_key(full_name: str, born: date, country: str) -> NaturalKey:
    return " ".join(full_name.split()).casefold(), born, country


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(f"is not UTF-8 text (bad byte at offset {error.start})", "encoding") from None


def read_header(reader: Any) -> list[str]:
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise file_error("is empty; the first line names the columns", "empty") from None
    unknown = sorted(set(header) - set(COLUMNS))
    missing = [name for name in REQUIRED if name not in header]
    if unknown or missing or len(set(header)) != len(header):
        parts = []
        if unknown:
            parts.append(f"unknown columns: {', '.join(unknown)}")
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if len(set(header)) != len(header):
            parts.append("a column named twice")
        raise file_error(f"has the wrong columns ({'; '.join(parts)})", "columns")
    return header


@dataclass
class Pending:
    """A member the import will create or change."""

    values: dict[str, Any]
    member_id: uuid.UUID


@dataclass
class Plan:
    creates: dict[uuid.UUID, Pending] = field(default_factory=dict)
    updates: dict[uuid.UUID, Pending] = field(default_factory=dict)
    unchanged: int = 0
    updated_rows: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    rejected_lines: set[int] = field(default_factory=set)

    def reject(self, line: int, column: str, reason: str) -> None:
        self.rejected.append(RejectedRow(row=line, field=column, reason=reason))
        self.rejected_lines.add(line)


def validate_row(
    values: dict[str, Any], esco: Esco, today: date
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The row's normalised values (only the columns it filled), or its errors (column, reason)."""
    try:
        model = MemberCreate.model_validate(values)
    except ValidationError as error:
        return None, [(str(e["loc"][0]) if e["loc"] else "row", e["msg"]) for e in error.errors()]
    clean = model.model_dump(include=set(values))
    problems = check({**model.model_dump(), **clean}, esco, today)
    if problems:
        return None, [(p.field.split(".")[0], p.message) for p in problems]
    return clean, []


def same(stored: dict[str, Any], values: dict[str, Any]) -> bool:
    """Whether the stored record already holds every value of the row."""
    for key, value in values.items():
        if key == "skills":
            value = sorted(set(value))
        elif key == "languages":
            value = sorted((x["language"], x["level"]) for x in value)
        if stored[key] != value:
            return False
    return True


def read_rows(text: str, esco: Esco, result: Plan) -> list[tuple[int, dict[str, Any]]]:
    """Every valid row (line, values); invalid ones go to ``result``. CPU-bound, no database."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = read_header(reader)
    today = utcnow().date()
    valid: list[tuple[int, dict[str, Any]]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return valid
        except csv.Error as error:
            raise file_error(f"is not valid CSV at line {reader.line_num}: {error}", "csv") from None
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            result.reject(line, "row", f"has {len(cells)} cells; the header has {len(header)}")
            continue
        values, errors = validate_row(row_values(header, cells), esco, today)
        if values is None:
            for column, reason in errors:
                result.reject(line, column, reason)
        else:
            valid.append((line, values))


async def plan(session: AsyncSession, text: str, esco: Esco) -> Plan:
    result = Plan()
    # In a thread, so that the event loop keeps serving other requests while a big file is read.
    rows = await asyncio.to_thread(read_rows, text, esco, result)
    keys = await repository.member_keys(session)
    by_email: dict[str, MemberKey] = {k.email: k for k in keys if k.email}
    by_natural = {natural_key(k.full_name, k.date_of_birth, k.residence_country): k for k in keys}
    matched: list[tuple[dict[str, Any], MemberKey]] = []
    file_email: dict[str, Pending] = {}
    file_natural: dict[NaturalKey, Pending] = {}
    for line, values in rows:
        email = values.get("email")
        natural = natural_key(values["full_name"], values["date_of_birth"], values["residence_country"])
        pending = (file_email.get(email) if email else None) or file_natural.get(natural)
        if pending is not None:  # the same person twice in one file: the later row wins
            pending.values.update(values)
            result.updated_rows += 1
            continue
        existing = (by_email.get(email) if email else None) or by_natural.get(natural)
        if existing is not None:
            if existing.user_id is not None:
                result.skipped.append(
                    SkippedRow(row=line, reason="matches a member who manages their own record")
                )
                continue
            if email and existing.email and email != existing.email:
                result.reject(line, "email", "differs from the email of the matching record")
                continue
            matched.append((values, existing))
            if email and not existing.email:  # later rows with this email are this person too
                by_email[email] = existing
            continue
        created = Pending(values=values, member_id=uuid.uuid4())
        result.creates[created.member_id] = created
        if email:
            file_email[email] = created
        file_natural[natural] = created
    ids = sorted({k.id for _, k in matched})
    current = await repository.current_values(session, ids, SCALARS)
    for values, key in matched:
        if key.id in result.updates:
            result.updates[key.id].values.update(values)
            result.updated_rows += 1
        elif same(current[key.id], values):
            result.unchanged += 1
        else:
            result.updates[key.id] = Pending(values=values, member_id=key.id)
            result.updated_rows += 1
    return result


def skill_rows(pending: Pending) -> list[dict[str, Any]]:
    return [
        {"member_id": pending.member_id, "skill_id": s}
        for s in sorted(set(pending.values.get("skills") or []))
    ]


def language_rows(pending: Pending) -> list[dict[str, Any]]:
    return [
        {"member_id": pending.member_id, "language": x["language"], "level": x["level"]}
        for x in pending.values.get("languages") or []
    ]


def member_row(pending: Pending, esco: Esco) -> dict[str, Any]:
    row = {key: pending.values[key] for key in SCALARS if key in pending.values}
    if "occupation_id" in row:
        row["isco_code"] = esco.occupations[row["occupation_id"]].isco_code if row["occupation_id"] else None
    return row


async def write(session: AsyncSession, result: Plan, esco: Esco) -> None:
    now = utcnow()
    new_rows, new_skills, new_languages = [], [], []
    for pending in result.creates.values():
        row = {key: None for key in SCALARS} | {"isco_code": None} | member_row(pending, esco)
        new_rows.append(
            row
            | {
                "id": pending.member_id,
                "user_id": None,
                "contact_consent": False,
                "directory_consent": False,
                "suggestion_consent": False,
                "statistics_consent": False,
                "created_at": now,
                "updated_at": now,
            }
        )
        new_skills += skill_rows(pending)
        new_languages += language_rows(pending)
    await repository.insert_members(session, new_rows, new_skills, new_languages)
    changed = [member_row(p, esco) | {"id": p.member_id, "updated_at": now} for p in result.updates.values()]
    await repository.update_members(session, changed)
    with_skills = [p for p in result.updates.values() if "skills" in p.values]
    with_languages = [p for p in result.updates.values() if "languages" in p.values]
    await repository.replace_children(
        session,
        [p.member_id for p in with_skills],
        [row for p in with_skills for row in skill_rows(p)],
        [p.member_id for p in with_languages],
        [row for p in with_languages for row in language_rows(p)],
    )


async def import_members(
    session: AsyncSession, data: bytes, esco: Esco, *, all_or_nothing: bool
) -> ImportReport:
    result = await plan(session, decode(data), esco)
    if all_or_nothing and result.rejected:
        raise ValidationFailed(
            f"{len(result.rejected_lines)} rows are invalid; nothing was imported.",
            errors=[
                body_error(f"rows.{r.row}.{r.field}", r.reason, "invalid_row")
                for r in sorted(result.rejected, key=lambda r: r.row)
            ],
        )
    await write(session, result, esco)
    return ImportReport(
        imported=len(result.creates),
        updated=result.updated_rows,
        unchanged=result.unchanged,
        skipped=result.skipped,
        rejected=sorted(result.rejected, key=lambda r: r.row),
        rejected_rows=len(result.rejected_lines),
    )
