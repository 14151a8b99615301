"""Building topic responses in the caller's language (no queries here)."""

from __future__ import annotations

from imis_info.languages import LanguageChoice, direction, labels_in
from imis_info.topics.models import Topic
from imis_info.topics.schemas import TopicOut


def topic_out(topic: Topic, choice: LanguageChoice) -> TopicOut:
    language, label = labels_in(topic.labels, choice)
    return TopicOut(
        code=topic.code,
        label=label,
        labels=topic.labels,
        position=topic.position,
        language=language,
        dir=direction(language),
    )
