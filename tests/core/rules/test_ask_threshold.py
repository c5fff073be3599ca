"""The action threshold: the size of an ask against the strength of the relationship."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from kith.core.rules.ask_threshold import THRESHOLDS, judge, tie_word, verdict
from tests.core.rules_fixtures import NOW, TODAY, log, person


@pytest.mark.parametrize(
    ("strength", "size", "level"),
    [
        (15, "small", "likely"),
        (14, "small", "stretch"),
        (0, "small", "stretch"),
        (40, "medium", "likely"),
        (25, "medium", "stretch"),
        (24, "medium", "too_big"),
        (65, "large", "likely"),
        (50, "large", "stretch"),
        (49, "large", "too_big"),
    ],
)
def test_levels_at_the_thresholds(strength: int, size: str, level: str) -> None:
    assert judge(strength, size, "Ana").level == level


def test_plain_words() -> None:
    assert (
        judge(80, "large", "Ana").text == "Ana would likely do this: a large ask of a strong tie."
    )
    too_big = judge(20, "large", "Ana")
    assert too_big.text == (
        "This is a large ask of a weak tie (strength 20). "
        "Ask for something smaller first or give first."
    )
    assert too_big.give_first and too_big.give_first_title.startswith("Give Ana something first")
    assert not judge(80, "large", "Ana").give_first


def test_tie_words_follow_the_thresholds() -> None:
    assert [tie_word(THRESHOLDS[s]) for s in ("small", "medium", "large")] == [
        "weak",
        "good",
        "strong",
    ]
    assert tie_word(3) == "new"


def test_unknown_size_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        judge(50, "huge", "Ana")


def test_verdict_reads_the_strength_and_calls_people_by_their_first_name(db: object) -> None:
    ana = person("Ana Silva", given_name="Ana")
    assert verdict(ana, "medium", NOW, tz=UTC).level == "too_big"
    for days in range(0, 60, 5):
        log(ana, TODAY - timedelta(days=days), "meeting", "gave")
    result = verdict(ana, "large", NOW, tz=UTC)
    assert result.ok and result.text.startswith("Ana would likely do this")


def test_give_first_follow_up_is_planned_about_them(db: object) -> None:
    from kith.core.follow_ups import create_follow_up, open_follow_ups
    from kith.core.rules.ask_threshold import give_first_draft

    ana = person("Ana Silva", given_name="Ana")
    said = verdict(ana, "large", NOW, tz=UTC)
    assert said.give_first
    draft = give_first_draft(ana, said, TODAY)
    create_follow_up(draft, tz=UTC)
    (item,) = open_follow_ups(tz=UTC)
    assert item.title == "Give Ana something first (share, help or introduce)"
    assert item.contact_id == ana and item.important and not item.urgent
    assert item.due_date == TODAY + timedelta(days=3)
