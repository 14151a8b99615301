"""Reference tables: ISCO-08 groups, ESCO occupations and skills.

Loaded from imis_shared.reference by migration; other tables refer to them so that a
vacancy or profile can only name a real occupation or skill. Tests leave these rows in
place (``info={"reference_data": True}``).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base

REFERENCE = {"reference_data": True}


class IscoGroup(Base):
    __tablename__ = "isco_group"
    __table_args__ = {"info": REFERENCE}

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    level: Mapped[int]


class Occupation(Base):
    __tablename__ = "occupation"
    __table_args__ = {"info": REFERENCE}

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    isco_code: Mapped[str] = mapped_column(ForeignKey("isco_group.code"), index=True)
    label: Mapped[str] = mapped_column(String(300))


class Skill(Base):
    __tablename__ = "skill"
    __table_args__ = {"info": REFERENCE}

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(300))
