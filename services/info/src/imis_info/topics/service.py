"""Topics: admins add and relabel them; articles must name known ones."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.topics import repository
from imis_info.topics.models import Topic
from imis_info.topics.schemas import TopicCreate, TopicUpdate
from imis_shared.errors import Conflict, ValidationFailed


async def create(session: AsyncSession, body: TopicCreate) -> Topic:
    if await repository.get(session, body.code) is not None:
        raise Conflict(f"A topic {body.code!r} exists already.")
    topic = Topic(code=body.code, labels=dict(body.labels), position=body.position)
    session.add(topic)
    await session.flush()
    return topic


async def update(session: AsyncSession, topic: Topic, body: TopicUpdate) -> Topic:
    if body.labels is not None:
        topic.labels = {**topic.labels, **{str(k): v for k, v in body.labels.items()}}
    if body.position is not None:
        topic.position = body.position
    await session.flush()
    return topic


async def require(session: AsyncSession, codes: Sequence[str], field: str = "topics") -> None:
    """A 422 naming ``field`` and the unknown codes."""
    unknown = sorted(set(codes) - await repository.existing_codes(session, codes))
    if unknown:
        raise ValidationFailed.field(field, f"Unknown topics: {', '.join(unknown)}.", "unknown")
