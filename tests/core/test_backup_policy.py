"""Which backups Kith keeps, at fixed dates: 7 daily, 4 weekly, the copies made before a
change on those days, the newest one before an upgrade, and the size cap."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kith.core.backup_policy import BackupEntry, decide, keep_by_time

MB = 1024 * 1024
BERLIN = ZoneInfo("Europe/Berlin")


def entry(day: date, kind: str = "daily", at: time = time(8, 0), size: int = MB) -> BackupEntry:
    taken_at = datetime.combine(day, at)
    return BackupEntry(f"kith.{taken_at:%Y%m%dT%H%M%SZ}.{kind}.sqlite", taken_at, kind, size)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def kept_days(backups: list[BackupEntry], **options) -> list[date]:
    keep = keep_by_time(backups, **options)
    return sorted(b.taken_at.date() for b in backups if b.name in keep)


def test_a_backup_every_day_keeps_seven_daily_and_four_weekly():
    # Every day from New Year to Sunday 1 March 2026 (ISO week 9 is 23 Feb – 1 Mar).
    backups = [entry(day) for day in days(date(2026, 1, 1), date(2026, 3, 1))]
    assert kept_days(backups, tz=UTC) == [
        # weekly: the newest of weeks 5, 6, 7 and 8 (Sundays)
        date(2026, 2, 1),
        date(2026, 2, 8),
        date(2026, 2, 15),
        date(2026, 2, 22),
        # daily: the last seven days
        *days(date(2026, 2, 23), date(2026, 3, 1)),
    ]
    keep = keep_by_time(backups, tz=UTC)
    assert keep[entry(date(2026, 2, 22)).name] == "weekly"
    assert keep[entry(date(2026, 3, 1)).name] == "daily"


def test_days_without_kith_use_up_no_place():
    # Kith was opened on ten scattered days in spring: the last seven of them are kept.
    used = [date(2026, 4, d) for d in (1, 2, 6, 9, 10, 16, 20, 27, 29, 30)]
    backups = [entry(day) for day in used]
    # daily: the last seven of those days (9 April on); weekly: those weeks' newest are
    # already daily ones, so the next week back, ISO week 14, gives its newest: 2 April.
    assert kept_days(backups, tz=UTC) == [
        date(2026, 4, 2),
        date(2026, 4, 9),
        date(2026, 4, 10),
        date(2026, 4, 16),
        date(2026, 4, 20),
        date(2026, 4, 27),
        date(2026, 4, 29),
        date(2026, 4, 30),
    ]


def test_the_days_backup_and_the_ones_at_quit_are_all_kept_for_seven_days():
    backups = []
    for day in days(date(2026, 6, 1), date(2026, 6, 10)):
        backups.append(entry(day, "daily", time(7, 0)))
        backups.append(entry(day, "quit", time(12, 0)))
        backups.append(entry(day, "quit", time(18, 0)))
    keep = keep_by_time(backups, tz=UTC)
    # 4–10 June: the day's own copy (as the day began) and both at quit.
    assert sorted(b.taken_at for b in backups if keep.get(b.name) == "daily") == [
        datetime.combine(day, at)
        for day in days(date(2026, 6, 4), date(2026, 6, 10))
        for at in (time(7, 0), time(12, 0), time(18, 0))
    ]
    # 1–3 June are in the same ISO week (23) as 4–7 June, whose newest is kept already.
    assert len(keep) == 21


def test_copies_made_before_a_change_are_all_kept_on_the_kept_days():
    backups = [entry(day) for day in days(date(2026, 5, 1), date(2026, 5, 20))]
    # Three merges and a bulk delete on 19 May, an import on 2 May (long gone).
    changes = [
        entry(date(2026, 5, 19), "merge", time(10, 0)),
        entry(date(2026, 5, 19), "merge", time(10, 30)),
        entry(date(2026, 5, 19), "delete", time(11, 0)),
        entry(date(2026, 5, 2), "import", time(12, 0)),
    ]
    decision = decide(backups + changes, cap_bytes=10_000 * MB, tz=UTC)
    assert all(c.name in decision.keep for c in changes[:3])
    assert decision.keep[changes[0].name] == "before a change"
    assert changes[3] in decision.remove


def test_the_newest_backup_before_an_upgrade_is_kept_however_old():
    old_upgrade = entry(date(2025, 1, 5), "upgrade")
    older_upgrade = entry(date(2024, 6, 1), "upgrade")
    backups = [entry(day) for day in days(date(2026, 1, 1), date(2026, 3, 1))]
    decision = decide([*backups, old_upgrade, older_upgrade], cap_bytes=10_000 * MB, tz=UTC)
    assert decision.keep[old_upgrade.name] == "upgrade"
    assert older_upgrade in decision.remove


def test_days_and_weeks_are_the_users_local_ones():
    # 23:30 UTC from Sunday 1 to Sunday 8 March 2026: in Berlin, 00:30 the next morning.
    backups = [entry(day, at=time(23, 30)) for day in days(date(2026, 3, 1), date(2026, 3, 8))]
    # In UTC the oldest, on Sunday 1 March, is the only one of ISO week 9: a weekly copy.
    assert len(keep_by_time(backups, tz=UTC)) == 8
    # In Berlin it is Monday 2 March already, in the week the daily copies keep: it goes.
    berlin = keep_by_time(backups, tz=BERLIN)
    assert len(berlin) == 7 and backups[0].name not in berlin


def test_the_cap_removes_the_oldest_non_weekly_backups_first():
    backups = [entry(day, size=10 * MB) for day in days(date(2026, 1, 1), date(2026, 3, 1))]
    merge = entry(date(2026, 2, 28), "merge", time(7, 0), size=10 * MB)
    # Kept by time: 7 daily + 4 weekly + 1 merge = 12 × 10 MB; the cap allows 9.
    by_time = keep_by_time([*backups, merge], tz=UTC)
    assert len(by_time) == 12
    decision = decide([*backups, merge], cap_bytes=95 * MB, tz=UTC)
    removed = sorted(b.taken_at for b in decision.remove if b.name in by_time)
    # The oldest three that are not weekly: the dailies of 23, 24 and 25 February.
    assert removed == [
        datetime(2026, 2, 23, 8),
        datetime(2026, 2, 24, 8),
        datetime(2026, 2, 25, 8),
    ]
    assert decision.keep[entry(date(2026, 2, 1)).name] == "weekly"
    assert sum(b.size for b in [*backups, merge] if b.name in decision.keep) <= 95 * MB


def test_the_cap_takes_weekly_ones_after_all_others_and_never_the_newest():
    backups = [entry(day, size=100 * MB) for day in days(date(2026, 1, 1), date(2026, 3, 1))]
    decision = decide(backups, cap_bytes=250 * MB, tz=UTC)
    assert sorted(b.taken_at.date() for b in backups if b.name in decision.keep) == [
        date(2026, 2, 22),  # the newest weekly one
        date(2026, 3, 1),  # the newest of all
    ]
    alone = decide(backups[-1:], cap_bytes=1 * MB, tz=UTC)
    assert alone.remove == []  # the newest backup stays, even alone above the cap
