"""Bulk reads and writes of a member import: a few statements per thousand rows, not per row."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member, MemberLanguage, MemberSkill

CHUNK = 1000  # ids per IN list
INSERT_BATCH = 10_000  # rows per executemany


class MemberKey(NamedTuple):
    id: uuid.UUID
    email: str | None
    full_name: str
    date_of_birth: date
    residence_country: str
    user_id: str | None


async def member_keys(session: AsyncSession) -> list[MemberKey]:
    statement = select(
        Member.id,
        Member.email,
        Member.full_name,
        Member.date_of_birth,
        Member.residence_country,
        Member.user_id,
    )
    connection = await session.connection()  # plain rows: no ORM processing of 100,000 of them
    return [MemberKey(*row) for row in (await connection.execute(statement)).all()]


async def current_values(
    session: AsyncSession, ids: Sequence[uuid.UUID], columns: Sequence[str]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The stored ``columns`` of these members, with ``skills`` (sorted ids) and ``languages``
    (sorted (language, level) pairs): plain rows, no ORM objects, for comparing at scale."""
    found: dict[uuid.UUID, dict[str, Any]] = {}
    selected = [getattr(Member, name) for name in columns]
    connection = await session.connection()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for row in (await connection.execute(select(Member.id, *selected).where(Member.id.in_(chunk)))).all():
            found[row[0]] = dict(zip(columns, row[1:], strict=True)) | {"skills": [], "languages": []}
        skills = select(MemberSkill.member_id, MemberSkill.skill_id).where(MemberSkill.member_id.in_(chunk))
        for member_id, skill in (await connection.execute(skills.order_by(MemberSkill.skill_id))).all():
            found[member_id]["skills"].append(skill)
        languages = select(MemberLanguage.member_id, MemberLanguage.language, MemberLanguage.level).where(
            MemberLanguage.member_id.in_(chunk)
        )
        for member_id, language, level in (await connection.execute(languages)).all():
            found[member_id]["languages"].append((language, level))
    for values in found.values():
        values["languages"].sort()
    return found


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), INSERT_BATCH):
        await session.execute(model.__table__.insert(), rows[start : start + INSERT_BATCH])


async def insert_members(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    skills: list[dict[str, Any]],
    languages: list[dict[str, Any]],
) -> None:
    await _insert(session, Member, rows)
    await _insert(session, MemberSkill, skills)
    await _insert(session, MemberLanguage, languages)


async def update_members(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Rows of changed columns, each with the member's ``id``."""
    by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        by_columns.setdefault(frozenset(row), []).append(row)
    for group in by_columns.values():  # one executemany per set of changed columns
        for start in range(0, len(group), CHUNK):
            await session.execute(update(Member), group[start : start + CHUNK])


async def replace_children(
    session: AsyncSession,
    skill_owners: list[uuid.UUID],
    skills: list[dict[str, Any]],
    language_owners: list[uuid.UUID],
    languages: list[dict[str, Any]],
) -> None:
    for start in range(0, len(skill_owners), CHUNK):
        chunk = skill_owners[start : start + CHUNK]
        await session.execute(delete(MemberSkill).where(MemberSkill.member_id.in_(chunk)))
    for start in range(0, len(language_owners), CHUNK):
        chunk = language_owners[start : start + CHUNK]
        await session.execute(delete(MemberLanguage).where(MemberLanguage.member_id.in_(chunk)))
    await _insert(session, MemberSkill, skills)
    await _insert(session, MemberLanguage, languages)
