"""Topics articles are filed under (visas, work permits, health, ...), labelled per language."""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base


class Topic(Base):
    """Seeded by migration 0002 and kept between tests; admins rename and add topics."""

    __tablename__ = "topic"
    __table_args__ = {"info": {"reference_data": True}}

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    labels: Mapped[dict[str, str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
