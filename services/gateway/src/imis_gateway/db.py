"""The gateway's declarative base (its own identity database)."""

from sqlalchemy.orm import DeclarativeBase

from imis_shared.db import TYPE_ANNOTATION_MAP, new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP
