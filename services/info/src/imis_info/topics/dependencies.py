"""Loading the topic a path names."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from imis_info.topics import repository
from imis_info.topics.models import Topic
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def topic_or_404(code: Annotated[str, Path(max_length=40)], session: SessionDep) -> Topic:
    topic = await repository.get(session, code)
    if topic is None:
        raise NotFound(f"No topic {code!r}.")
    return topic


ExistingTopic = Annotated[Topic, Depends(topic_or_404)]
