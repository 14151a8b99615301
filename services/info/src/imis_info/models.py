"""The info service's declarative base; domain models come with their packages."""

from imis_shared.db import TYPE_ANNOTATION_MAP, new_metadata
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP
