"""A contact's timeline: interactions newest first with the others involved, follow-ups, header."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kith.core.follow_ups import FollowUpDraft, complete_follow_up, create_follow_up
from kith.core.timeline import contact_header, contact_timeline, interactions_of
from tests.core.rules_fixtures import BERLIN, NOW, log, person


def test_timeline_shows_interactions_follow_ups_and_figures(db):
    jonas = person("Jonas", circle=2, added=datetime(2025, 1, 1))
    mia = person("Mia")
    kai = person("Kai")
    log(jonas, NOW - timedelta(days=60), "email", "asked", summary="Asked for an intro")
    log([jonas, mia, kai], NOW - timedelta(days=40), "meal", "gave", notes="Paid for dinner")
    log(mia, NOW - timedelta(days=1), "call")  # not Jonas's
    soon = create_follow_up(
        FollowUpDraft(title="Send the article", due_date=date(2026, 11, 25), contact_id=jonas)
    )
    done = create_follow_up(
        FollowUpDraft(title="Thank him", due_date=date(2026, 10, 15), contact_id=jonas)
    )
    complete_follow_up(done, now=datetime(2026, 10, 15, 12))
    timeline = contact_timeline(jonas, NOW, UTC)
    assert [i.summary for i in timeline.interactions] == ["", "Asked for an intro"]
    dinner = timeline.interactions[0]
    assert (dinner.kind_label, dinner.direction_label, dinner.notes) == (
        "Coffee or meal",
        "I gave",
        "Paid for dinner",
    )
    assert dinner.others == ((mia, "Mia"), (kai, "Kai"))
    assert dinner.day == date(2026, 10, 14)
    assert [f.id for f in timeline.open_follow_ups] == [soon]
    assert [f.id for f in timeline.closed_follow_ups] == [done]
    assert timeline.interaction_count == 2
    header = timeline.header
    assert header.last_contact == NOW - timedelta(days=40)
    assert header.last_contact_text == "6 weeks ago"
    assert header.cadence.text == "10 days overdue"
    assert header.cadence.cadence.label == "every 30 days (circle 15)"
    assert (header.balance.gives, header.balance.asks, header.balance.balance) == (1, 1, 0)
    assert 0 < header.strength.total < 100
    assert header.strength.facts.favours == 2  # the give and the follow-up done on time


def test_someone_never_contacted(db):
    newcomer = person("Newcomer", circle=1, added=NOW - timedelta(days=3))
    header = contact_header(newcomer, NOW, BERLIN)
    assert (header.last_contact, header.last_contact_text) == (None, "never")
    assert header.strength.total == 0
    assert header.cadence.text == "due in 11 days"
    assert contact_timeline(newcomer, NOW, BERLIN).interactions == ()


def test_paging_and_a_deleted_contact(db):
    jonas = person("Jonas")
    for n in range(5):
        log(jonas, NOW - timedelta(days=n), summary=f"#{n}")
    assert [i.summary for i in interactions_of(jonas, limit=2, offset=1)] == ["#1", "#2"]
    assert len(contact_timeline(jonas, NOW, UTC, limit=3).interactions) == 3
    assert contact_timeline(jonas, NOW, UTC, limit=3).interaction_count == 5
    assert contact_timeline(9999, NOW, UTC) is None


def test_the_timeline_says_how_big_an_ask_was(db):
    jonas = person("Jonas")
    log(jonas, NOW - timedelta(days=3), "email", "asked", ask_size="medium")
    (ask,) = interactions_of(jonas, tz=UTC)
    assert ask.ask_size == "medium"
