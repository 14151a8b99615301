"""Matching's read model: per seeker, what ranking reads, derived from the seeker tables
(``seekers.models``) in the same transaction as every profile write (``matching.repository``)."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base


class SeekerMatchProfile(Base):
    """What matching reads of a seeker: the profile's hard-constraint and scoring inputs, with
    occupations, skills and languages as space-separated lists (``occupation:years``, ``skill``,
    ``language:level``). Matching's read model, derived from the tables above in the same
    transaction as every profile write (``matching.repository``, told of each write through
    ``seeker_changes``).

    One row per occupation the seeker holds (``occupation_id`` "" when none), keyed and — on
    SQLite, a table WITHOUT ROWID — stored in occupation order, so the candidates of a group of
    occupations are one range read of whole rows rather than a lookup per seeker.
    """

    __tablename__ = "seeker_match_profile"
    __table_args__ = ({"sqlite_with_rowid": False},)

    occupation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    discoverable: Mapped[bool]
    citizenship: Mapped[str] = mapped_column(String(2))
    education_level: Mapped[int | None]
    preferred_countries: Mapped[list[str]] = mapped_column(JSON)
    occupations: Mapped[str] = mapped_column(Text)
    skills: Mapped[str] = mapped_column(Text)
    languages: Mapped[str] = mapped_column(Text)
    # How many skills the seeker holds. The largest count bounds the skills component of every
    # seeker not read yet, which lets the ranking stop before reading whole occupation groups.
    skill_count: Mapped[int] = mapped_column(index=True)


class SeekerMatchLanguage(Base):
    """A seeker's language with their consent and citizenship beside it, derived like
    ``SeekerMatchProfile``. Counting a vacancy's candidates who hold a required language at its
    level reads one range of the index below, rather than joining every holder of the language
    to their seeker (which PostgreSQL did by scanning all seekers: ~30 ms at 100,000)."""

    __tablename__ = "seeker_match_language"
    __table_args__ = (
        Index("ix_seeker_match_language_holders", "language", "discoverable", "level", "citizenship"),
    )

    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    level: Mapped[str] = mapped_column(String(2))
    discoverable: Mapped[bool]
    citizenship: Mapped[str] = mapped_column(String(2))
