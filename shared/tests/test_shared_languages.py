"""Accept-Language, read once for every service."""

from __future__ import annotations

from imis_shared.languages import MAX_ACCEPT_LANGUAGE, accept_language_preferences


def test_primary_subtags_by_weight_then_order_each_once() -> None:
    header = "fr-CA;q=0.8, ar-EG, en;q=0.8, fr;q=0.9, it;q=0, de;q=x"
    assert accept_language_preferences(header) == ["ar", "fr", "en"]


def test_nothing_sent_or_nothing_acceptable_is_no_preference() -> None:
    assert accept_language_preferences(None) == []
    assert accept_language_preferences("") == []
    assert accept_language_preferences("it;q=0, *;q=0") == []


def test_only_the_start_of_a_long_header_is_read() -> None:
    header = "en;q=0.1," + " " * MAX_ACCEPT_LANGUAGE + "ar"
    assert accept_language_preferences(header) == ["en"]
