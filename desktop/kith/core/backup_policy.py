"""Which backups to keep: those of the last 7 days, 4 weekly ones, the newest before an
upgrade, and a size cap. A pure function of the backups' names, times and sizes — no files,
no clock.

The rules (also in README.md, "Your data"):

- **Daily**: every backup of the 7 most recent days that have one (local calendar days: a
  day Kith was not used does not use up a place) — the day's own, the ones at quit, and
  those made just before a change (an import, a merge, a bulk delete, a restore).
- **Weekly**: the newest backup of each of 4 more weeks (ISO weeks, Monday first) further
  back that have one. A week whose newest backup is already kept as a daily one uses up no
  weekly place (as ``borg prune --keep-daily 7 --keep-weekly 4`` counts).
- **Before an upgrade** of the file's format: the newest one is always kept.
- **The size cap**: while the backups kept take more room than the cap, the oldest go first —
  daily and before-a-change copies before weekly and before-an-upgrade ones. The newest
  backup is always kept, even alone above the cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kith.core.local_time import local_date

#: How many days, and weeks, of backups are kept.
KEEP_DAILY = 7
KEEP_WEEKLY = 4

#: The backups Kith takes on its own: the day's, and at quit.
ROUTINE_KINDS = frozenset({"daily", "quit"})
#: The backups taken just before a change the user asked for.
CHANGE_KINDS = frozenset({"import", "merge", "delete", "restore"})
#: The backup taken before the file's format is upgraded.
UPGRADE_KIND = "upgrade"

#: The size cap when none is set: 500 MB.
DEFAULT_CAP_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class BackupEntry:
    """One backup as the policy sees it: a name, when (naive UTC), why, and its size."""

    name: str
    taken_at: datetime
    kind: str
    size: int


@dataclass(frozen=True)
class Decision:
    """What the policy decided: the backups kept (with why) and those to remove (newest first)."""

    keep: dict[str, str]
    remove: list[BackupEntry]

    @property
    def kept_names(self) -> set[str]:
        return set(self.keep)


def _newest_first(backups: Iterable[BackupEntry]) -> list[BackupEntry]:
    return sorted(backups, key=lambda b: (b.taken_at, b.name), reverse=True)


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def _why(kind: str) -> str:
    if kind in CHANGE_KINDS:
        return "before a change"
    if kind == UPGRADE_KIND:
        return "upgrade"
    return "daily"


def keep_by_time(backups: Sequence[BackupEntry], tz: tzinfo | None = None) -> dict[str, str]:
    """The backups the daily, weekly and upgrade rules keep: name → why.

    As ``borg prune --keep-daily 7 --keep-weekly 4`` counts, a week whose newest backup is
    already kept uses up no weekly place, so the weekly copies reach four weeks further back.
    """
    ordered = _newest_first(backups)
    keep: dict[str, str] = {}
    days: list[date] = []
    for backup in ordered:
        day = local_date(backup.taken_at, tz)
        if not days or day != days[-1]:
            if len(days) == KEEP_DAILY:
                break
            days.append(day)
        keep[backup.name] = _why(backup.kind)
    last_week: tuple[int, int] | None = None
    weeks = 0
    for backup in ordered:
        if weeks == KEEP_WEEKLY:
            break
        week = _week(local_date(backup.taken_at, tz))
        if week == last_week:
            continue
        last_week = week
        if backup.name not in keep:
            keep[backup.name] = "weekly"
            weeks += 1
    upgrade = next((b for b in ordered if b.kind == UPGRADE_KIND), None)
    if upgrade is not None and upgrade.name not in keep:
        keep[upgrade.name] = "upgrade"
    return keep


def decide(backups: Sequence[BackupEntry], *, cap_bytes: int, tz: tzinfo | None = None) -> Decision:
    """Which ``backups`` to keep and which to remove, under ``cap_bytes``."""
    keep = keep_by_time(backups, tz)
    ordered = _newest_first(backups)
    kept = [b for b in ordered if b.name in keep]
    total = sum(b.size for b in kept)
    if total > cap_bytes and kept:
        newest = kept[0]
        # Oldest first; daily and before-a-change copies before weekly and upgrade ones.
        candidates = sorted(
            kept[1:],
            key=lambda b: (keep[b.name] in ("weekly", "upgrade"), b.taken_at, b.name),
        )
        for backup in candidates:
            if total <= cap_bytes:
                break
            if backup is newest:
                continue
            del keep[backup.name]
            total -= backup.size
    remove = [b for b in ordered if b.name not in keep]
    return Decision(keep, remove)
