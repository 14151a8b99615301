"""Topic endpoints: anyone reads them; admins add and relabel."""

from __future__ import annotations

from fastapi import Request, Response

from imis_info import API_PREFIX
from imis_info.access import AdminUser
from imis_info.caching import cached, public_response
from imis_info.languages import LanguageChoiceDep
from imis_info.topics import repository, service, views
from imis_info.topics.dependencies import ExistingTopic
from imis_info.topics.schemas import TopicCreate, TopicOut, TopicUpdate
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=f"{API_PREFIX}/topics", tags=["topics"])


@router.get("", response_model=list[TopicOut], summary="All topics, in the caller's language.", **cached())
async def list_topics(request: Request, choice: LanguageChoiceDep, session: SessionDep) -> Response:
    """Anyone, without an account. Labels fall back to the default language."""
    topics = [views.topic_out(topic, choice) for topic in await repository.all_topics(session)]
    return public_response(request, topics, language=choice.wanted)


@router.post(
    "",
    response_model=TopicOut,
    status_code=201,
    summary="Add a topic.",
    responses=problem_responses(401, 403, 409),
)
async def create_topic(
    body: TopicCreate, _admin: AdminUser, choice: LanguageChoiceDep, session: SessionDep
) -> TopicOut:
    """Admins only."""
    return views.topic_out(await service.create(session, body), choice)


@router.patch(
    "/{code}",
    response_model=TopicOut,
    summary="Relabel or reorder a topic.",
    responses=problem_responses(401, 403, 404),
)
async def update_topic(
    body: TopicUpdate, topic: ExistingTopic, _admin: AdminUser, choice: LanguageChoiceDep, session: SessionDep
) -> TopicOut:
    """Admins only. Labels given are added or replaced; others are kept."""
    return views.topic_out(await service.update(session, topic, body), choice)
