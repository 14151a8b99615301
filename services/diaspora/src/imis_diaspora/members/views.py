"""How a member record is shown: whole (to the member and staff), as a directory entry, with its
consents, or as rows of the staff CSV export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterable, Iterable
from typing import Any

from imis_diaspora.members.columns import COLUMNS
from imis_diaspora.members.models import ConsentEvent, Member
from imis_diaspora.members.schemas import (
    ConsentEventOut,
    Consents,
    ConsentState,
    DirectoryEntry,
    LanguageOut,
    MemberOut,
    OccupationOut,
)
from imis_diaspora.reference import Esco

E164 = re.compile(r"\+\d{6,15}")


def directory_fields(member: Member, esco: Esco) -> dict[str, Any]:
    occupation = esco.occupations.get(member.occupation_id or "")
    return {
        "id": member.id,
        "full_name": member.full_name,
        "residence_country": member.residence_country,
        "residence_city": member.residence_city,
        "occupation": OccupationOut(
            occupation_id=occupation.id, label=occupation.label, isco_code=occupation.isco_code
        )
        if occupation
        else None,
        "sector": member.sector,
        "education_level": member.education_level,
        "education_field": member.education_field,
        "skills": esco.skill_list(s.skill_id for s in member.skills),
        "languages": [LanguageOut(language=x.language, level=x.level) for x in member.languages],
    }


def consents(member: Member) -> Consents:
    return Consents(
        contact=member.contact_consent,
        directory=member.directory_consent,
        project_suggestions=member.suggestion_consent,
        statistics=member.statistics_consent,
    )


def consent_event_out(event: ConsentEvent) -> ConsentEventOut:
    return ConsentEventOut.model_validate(event, from_attributes=True)


def consent_state(member: Member, history: Iterable[ConsentEvent]) -> ConsentState:
    return ConsentState(current=consents(member), history=[consent_event_out(event) for event in history])


def directory_entry(member: Member, esco: Esco) -> DirectoryEntry:
    return DirectoryEntry(**directory_fields(member, esco))


def member_out(member: Member, esco: Esco) -> MemberOut:
    return MemberOut(
        **directory_fields(member, esco),
        user_id=member.user_id,
        date_of_birth=member.date_of_birth,
        citizenships=member.citizenships,
        emigration_year=member.emigration_year,
        residence_status=member.residence_status,
        employer=member.employer,
        phone=member.phone,
        email=member.email,
        preferred_contact=member.preferred_contact,
        consents=consents(member),
        created_at=member.created_at,
        updated_at=member.updated_at,
    )


# The import's columns (so an export is read the same way), with the id, ISCO group and consents.
CSV_COLUMNS = (
    "id",
    *COLUMNS,
    "isco_code",
    "contact_consent",
    "directory_consent",
    "suggestion_consent",
    "statistics_consent",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is quoted (CSV injection); E.164 numbers are safe.
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"} and not E164.fullmatch(text):
        return f"'{text}"
    return text


def csv_row(member: Member) -> list[str]:
    values: dict[str, object] = {key: getattr(member, key) for key in CSV_COLUMNS if hasattr(member, key)}
    values["citizenships"] = " ".join(member.citizenships)
    values["skills"] = " ".join(s.skill_id for s in member.skills)
    values["languages"] = " ".join(f"{x.language}:{x.level}" for x in member.languages)
    for key in ("contact_consent", "directory_consent", "suggestion_consent", "statistics_consent"):
        values[key] = "true" if values[key] else "false"
    return [_cell(values[key]) for key in CSV_COLUMNS]


async def csv_document(members: AsyncIterable[Member]) -> str:
    """The export file: a header row, then one row per member (UTF-8, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    async for member in members:
        writer.writerow(csv_row(member))
    return buffer.getvalue()
