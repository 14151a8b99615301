"""The gateway's declarative base (its own identity database)."""

from sqlalchemy.orm import DeclarativeBase

from imis_shared.db import TYPE_ANNOTATION_MAP, new_metadata
from imis_shared.events import event_tables


class Base(DeclarativeBase):
    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


# The outbox of the events this service announces and the inbox of those it handled (imis_shared.events).
EVENT_TABLES = event_tables(Base.metadata)
