"""Going cold: who is past their cadence, worst first, from one query."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kith.core.contacts import ContactDraft, load_draft, save_contact
from kith.core.rules.cadence import set_tag_cadence
from kith.core.rules.going_cold import going_cold, going_cold_with_total
from tests.core.rules_fixtures import BERLIN, NEW_YORK, NOW, TODAY, log, person

LONG_AGO = datetime(2025, 1, 1)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def names(items):
    return [c.full_name for c in items]


def test_ranked_by_ratio_then_circle_then_time_without_contact(db):
    inner = person("Inner", circle=1, added=LONG_AGO)  # 14 days
    fifteen = person("Fifteen", circle=2, added=LONG_AGO)  # 30 days
    fifty = person("Fifty", circle=3, added=LONG_AGO)  # 90 days
    tied_inner = person("Tied inner", circle=1, added=LONG_AGO)
    log(inner, days_ago(28))  # ratio 2.0
    log(fifteen, days_ago(60))  # ratio 2.0, outer circle
    log(fifty, days_ago(270))  # ratio 3.0
    log(tied_inner, days_ago(21))  # ratio 1.5
    ranked = going_cold(NOW, UTC)
    assert names(ranked) == ["Fifty", "Inner", "Fifteen", "Tied inner"]
    assert [round(c.ratio, 2) for c in ranked] == [3.0, 2.0, 2.0, 1.5]
    assert ranked[0].text == "6 months overdue"
    assert ranked[1].text == "2 weeks overdue"


def test_equal_ratio_and_circle_rank_the_longer_silence_first_then_by_name(db):
    a = person("Zed", cadence_days=10, added=LONG_AGO)
    b = person("Amy", cadence_days=20, added=LONG_AGO)
    c = person("Bob", cadence_days=20, added=LONG_AGO)
    log(a, days_ago(20))  # ratio 2, 20 days
    log(b, days_ago(40))  # ratio 2, 40 days
    log(c, days_ago(40))
    assert names(going_cold(NOW, UTC)) == ["Amy", "Bob", "Zed"]


def test_only_people_past_their_cadence_and_not_archived(db):
    due_today = person("Due today", circle=2, added=LONG_AGO)
    log(due_today, days_ago(30))
    one_day_late = person("One day late", circle=2, added=LONG_AGO)
    log(one_day_late, days_ago(31))
    acquaintance = person("Acquaintance", circle=5, added=LONG_AGO)
    log(acquaintance, days_ago(400))
    person("Unsorted", added=LONG_AGO)
    archived = person("Archived", circle=1, added=LONG_AGO, archived=True)
    log(archived, days_ago(100))
    assert names(going_cold(NOW, UTC)) == ["One day late"]


def test_people_never_contacted_count_from_when_they_were_added(db):
    person("Added long ago", circle=1, added=NOW - timedelta(days=40))
    person("Added yesterday", circle=1, added=NOW - timedelta(days=1))
    person("Met recently", circle=1, added=LONG_AGO, met_on=days_ago(3))
    cold = going_cold(NOW, UTC)
    assert names(cold) == ["Added long ago"]
    assert cold[0].status.last_contact is None
    assert cold[0].status.days_since == 40


def test_tag_cadence_and_its_name(db):
    set_tag_cadence("family", 7)
    set_tag_cadence("neighbours", 10)
    sister = person("Sister", tags=["neighbours", "family"], added=LONG_AGO)
    log(sister, days_ago(9))
    neighbour = person("Neighbour", tags=["neighbours"], added=LONG_AGO)
    log(neighbour, days_ago(9))
    cold = going_cold(NOW, UTC)
    assert names(cold) == ["Sister"]
    assert cold[0].status.cadence.label == "every 7 days (tag family)"
    assert cold[0].text == "2 days overdue"


def test_the_local_calendar_decides_the_boundary(db):
    # Last contact 23:30 UTC on 23 October: already 24 October in Berlin, not elsewhere.
    edge = person("Edge", circle=2, added=LONG_AGO)
    log(edge, datetime(2026, 10, 23, 23, 30))
    assert names(going_cold(NOW, NEW_YORK)) == ["Edge"]  # 31 days > 30
    assert going_cold(NOW, BERLIN) == []  # 30 days: due today
    assert names(going_cold(NOW, UTC)) == ["Edge"]


def test_the_latest_interaction_counts_even_with_several_people(db):
    ana = person("Ana", circle=1, added=LONG_AGO)
    ben = person("Ben", circle=1, added=LONG_AGO)
    log(ana, days_ago(40))
    log([ben, ana], days_ago(3))  # a group dinner keeps Ana warm
    log(ben, days_ago(50))
    assert names(going_cold(NOW, UTC)) == []


def test_limit_keeps_the_worst_and_total_counts_everyone(db):
    for n in range(12):
        contact_id = person(f"P{n:02d}", circle=2, added=LONG_AGO)
        log(contact_id, days_ago(31 + 10 * n))
    top, total = going_cold_with_total(NOW, UTC, limit=3)
    assert total == 12
    assert names(top) == ["P11", "P10", "P09"]
    assert names(going_cold(NOW, UTC, limit=3)) == names(top)
    assert len(going_cold(NOW, UTC)) == 12


def test_a_changed_cadence_takes_effect_at_once(db):
    contact_id = person("Jo", circle=3, added=LONG_AGO)
    log(contact_id, days_ago(40))
    assert going_cold(NOW, UTC) == []
    draft = load_draft(contact_id)
    draft.cadence_days = 30
    save_contact(draft, contact_id)
    assert names(going_cold(NOW, UTC)) == ["Jo"]


def test_empty_database(db):
    save_contact(ContactDraft(full_name="Nobody special"))
    assert going_cold_with_total(NOW, UTC) == ([], 0)


def test_the_fast_query_agrees_with_the_rule_one_person_at_a_time(db):
    import random

    from kith.core.rules.cadence import cadence_statuses

    rng = random.Random(7)
    set_tag_cadence("club", 21)
    ids = []
    for n in range(80):
        ids.append(
            person(
                f"Person {n:02d}",
                circle=rng.choice([1, 2, 3, 4, 5, None]),
                cadence_days=rng.choice([None, None, None, 5, 45]),
                tags=rng.choice([[], [], ["club"]]),
                added=NOW - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23)),
                met_on=rng.choice([None, days_ago(rng.randint(0, 200))]),
            )
        )
        if rng.random() < 0.8:
            log(ids[-1], NOW - timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 1439)))
    for tz in (UTC, BERLIN, NEW_YORK):
        statuses = cadence_statuses(ids, NOW, tz)
        expected = {cid for cid, status in statuses.items() if status.going_cold}
        full, total = going_cold_with_total(NOW, tz)
        assert {c.contact_id for c in full} == expected
        assert total == len(expected)
        for c in full:
            assert c.status == statuses[c.contact_id]
        for limit in (1, 5, 17):
            assert going_cold(NOW, tz, limit=limit) == full[:limit]


def test_a_limit_of_zero_still_counts(db):
    log(person("Jo", circle=1, added=LONG_AGO), days_ago(40))
    assert going_cold_with_total(NOW, UTC, limit=0) == ([], 1)
