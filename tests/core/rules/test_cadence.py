"""Cadence: which setting wins, what the card says, and where the count starts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.rules.cadence import (
    NO_CADENCE,
    Cadence,
    cadence_for,
    cadence_status,
    cadence_status_for,
    resolve_cadence,
    set_tag_cadence,
    status_text,
    tag_cadences,
)
from tests.core.rules_fixtures import BERLIN, NOW, log, person


@pytest.mark.parametrize(
    ("own", "tags", "circle", "days", "label"),
    [
        (10, [("family", 7)], 1, 10, "every 10 days (set for this person)"),
        (None, [("family", 7), ("client", 21)], 4, 7, "every 7 days (tag family)"),
        (None, [("client", 21), ("family", 7)], 1, 7, "every 7 days (tag family)"),
        # A tag never loosens a circle's cadence: the tightest of tag and circle applies.
        (None, [("friends", None), ("client", 60)], 1, 14, "every 14 days (inner 5)"),
        (None, [("newsletter", 365)], 1, 14, "every 14 days (inner 5)"),
        (None, [("client", 60)], 4, 60, "every 60 days (tag client)"),
        (None, [("client", 30)], 2, 30, "every 30 days (circle 15)"),  # a tie: the circle
        (None, [("client", 60)], None, 60, "every 60 days (tag client)"),
        (None, [("friends", None)], 1, 14, "every 14 days (inner 5)"),
        (None, [], 2, 30, "every 30 days (circle 15)"),
        (None, [], 3, 90, "every 90 days (circle 50)"),
        (None, [], 4, 180, "every 180 days (circle 150)"),
        (None, [], 5, None, "no cadence"),
        (None, [], None, None, "no cadence"),
        (1, [], None, 1, "every day (set for this person)"),
    ],
)
def test_the_most_specific_cadence_wins(own, tags, circle, days, label):
    cadence = resolve_cadence(own, tags, circle)
    assert cadence.days == days
    assert cadence.label == label


def test_equal_tag_cadences_name_the_first_tag_alphabetically():
    cadence = resolve_cadence(None, [("Work", 30), ("alumni", 30)], None)
    assert cadence == Cadence(30, "tag", "alumni")


@pytest.mark.parametrize(
    ("due_in", "text"),
    [
        (None, "no cadence"),
        (12, "due in 12 days"),
        (1, "due tomorrow"),
        (0, "due today"),
        (-1, "1 day overdue"),
        (-5, "5 days overdue"),
        (-21, "3 weeks overdue"),
        (-90, "3 months overdue"),
        (30, "due in 4 weeks"),
    ],
)
def test_status_text(due_in, text):
    assert status_text(due_in) == text


def test_cadence_from_the_database_uses_tags_and_circle(db):
    set_tag_cadence("family", 7)
    set_tag_cadence("Client", 21)
    sister = person("Ana", circle=2, tags=["Family", "client"])
    colleague = person("Ben", circle=2, tags=["client"])
    friend = person("Cleo", circle=2, cadence_days=45, tags=["family"])
    stranger = person("Dev", circle=5)
    assert cadence_for(sister) == Cadence(7, "tag", "family")
    assert cadence_for(colleague) == Cadence(21, "tag", "Client")
    assert cadence_for(friend).label == "every 45 days (set for this person)"
    assert cadence_for(stranger) == NO_CADENCE
    assert cadence_for(9999) == NO_CADENCE
    assert ("family", 7) in tag_cadences()


def test_set_tag_cadence_checks_the_range(db):
    with pytest.raises(ValueError, match="1 to 3650"):
        set_tag_cadence("family", 0)
    set_tag_cadence("family", 7)
    set_tag_cadence("FAMILY", None)
    assert tag_cadences() == [("family", None)]


def test_status_counts_from_the_last_interaction_in_local_days(db):
    jonas = person("Jonas", circle=2, added=datetime(2026, 1, 1))
    # 23:30 UTC on 1 November is already 2 November in Berlin (UTC+1).
    log(jonas, datetime(2026, 11, 1, 23, 30))
    in_utc = cadence_status_for(jonas, NOW, UTC)
    in_berlin = cadence_status_for(jonas, NOW, BERLIN)
    assert (in_utc.days_since, in_utc.due_in, in_utc.text) == (22, 8, "due in 8 days")
    assert (in_berlin.days_since, in_berlin.due_in) == (21, 9)
    assert not in_utc.going_cold


def test_without_interactions_the_count_starts_when_added_or_met(db):
    cadence = Cadence(30, "circle", "2")
    added_long_ago = cadence_status(
        cadence, last_contact=None, added_at=datetime(2026, 1, 1), met_on=None, now=NOW, tz=UTC
    )
    assert added_long_ago.going_cold
    assert added_long_ago.counted_from == date(2026, 1, 1)
    met_recently = cadence_status(
        cadence,
        last_contact=None,
        added_at=datetime(2026, 1, 1),
        met_on=date(2026, 11, 20),
        now=NOW,
        tz=UTC,
    )
    assert met_recently.counted_from == date(2026, 11, 20)
    assert (met_recently.due_in, met_recently.text) == (27, "due in 4 weeks")


def test_going_cold_means_past_the_cadence_not_on_it():
    cadence = Cadence(30, "circle", "2")
    on_the_day = cadence_status(
        cadence, last_contact=datetime(2026, 10, 24, 12), added_at=None, met_on=None, now=NOW
    )
    assert (on_the_day.ratio, on_the_day.text, on_the_day.going_cold) == (1.0, "due today", False)
    a_day_late = cadence_status(
        cadence, last_contact=datetime(2026, 10, 23, 12), added_at=None, met_on=None, now=NOW
    )
    assert a_day_late.going_cold and a_day_late.text == "1 day overdue"


def test_no_cadence_has_no_ratio(db):
    contact_id = save_contact(ContactDraft(full_name="Eve"))
    status = cadence_status_for(contact_id, NOW, UTC)
    assert status.ratio is None and status.text == "no cadence" and not status.going_cold
