"""The Today page in one call."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.today import today_overview
from tests.core.rules_fixtures import BERLIN, NOW, log, person


def test_today_overview(db):
    long_ago = datetime(2025, 1, 1)
    jonas = person("Jonas", circle=1, added=long_ago)
    log(jonas, NOW - timedelta(days=30))
    for n in range(3):
        friend = person(f"Friend {n}", circle=2, added=long_ago)
        log(friend, NOW - timedelta(days=40 + n))
    warm = person("Warm", circle=1, added=long_ago, birthday_month=12, birthday_day=1)
    log(warm, NOW - timedelta(days=2))
    person("Old friend", birthday_month=11, birthday_day=20)

    def plan(title, due, **fields):
        return create_follow_up(FollowUpDraft(title=title, due_date=due, **fields), tz=BERLIN)

    plan("Overdue", date(2026, 11, 2))
    plan("Call back", date(2026, 11, 23), due_time=time(16, 0))
    plan("Intro Jonas to Mia", date(2026, 11, 23), important=True)
    plan("Next week", date(2026, 11, 30), urgent=True)
    overview = today_overview(NOW, BERLIN, cold_limit=2)
    assert overview.day == date(2026, 11, 23)
    assert [i.title for i in overview.overdue] == ["Overdue"]
    assert overview.overdue_count == 1
    assert [i.title for i in overview.due_today] == ["Intro Jonas to Mia", "Call back"]
    assert [c.full_name for c in overview.going_cold] == ["Jonas", "Friend 2"]
    assert overview.going_cold[0].text == "2 weeks overdue"
    assert overview.going_cold_count == 4
    assert [(b.full_name, b.day) for b in overview.birthdays] == [("Warm", date(2026, 12, 1))]
    # The grid holds only what is still to come: the overdue and today's are listed above.
    assert overview.quadrants.counts == {"do": 0, "plan": 0, "quick": 1, "later": 0}
    assert [i.title for i in overview.quadrants.quick] == ["Next week"]
