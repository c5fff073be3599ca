"""Goals and per-tag cadences in the calendar, both ways.

- **A goal is a task** (VTODO, RFC 5545) marked ``X-KITH-ENTRY:goal``: SUMMARY (the title),
  DESCRIPTION (why), DUE (the target date), STATUS (active: IN-PROCESS, achieved: COMPLETED,
  dropped: CANCELLED), ``CATEGORIES:Kith goal`` and one ``X-KITH-CONTACT`` per person who serves
  it (their vCard UIDs). The follow-ups that serve it name it with ``RELATED-TO;RELTYPE=PARENT``
  (RFC 5545 / RFC 9253: its subtasks, which task apps show under it) as well as
  ``X-KITH-GOAL``; interactions with ``X-KITH-GOAL``.
- **The per-tag cadences are one journal entry** ``kith-tag-cadences.ics`` marked
  ``X-KITH-ENTRY:tag-cadences``: one ``X-KITH-TAG-CADENCE:<days> <tag>`` per tag that sets a
  cadence, and the same in words in DESCRIPTION for people reading it in a journal app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from kith.core.sync.follow_up_tasks import as_utc, text_value, wrap
from kith.store.models import Goal

X_ENTRY = "X-KITH-ENTRY"
X_CONTACT = "X-KITH-CONTACT"
X_TAG_CADENCE = "X-KITH-TAG-CADENCE"

GOAL_ENTRY = "goal"
TAG_CADENCES_ENTRY = "tag-cadences"
#: The UID of the one journal entry that holds the per-tag cadences.
TAG_CADENCES_UID = "kith-tag-cadences@kith"
TAG_CADENCES_NAME = "kith-tag-cadences"

_STATUS_OUT = {"active": "IN-PROCESS", "achieved": "COMPLETED", "dropped": "CANCELLED"}


def entry_kind(component: Any) -> str:
    """What ``X-KITH-ENTRY`` says a component is ("" when it says nothing)."""
    return text_value(X_ENTRY, component.get(X_ENTRY)).lower()


def render_goal(goal: Goal, people: Sequence[str]) -> str:
    """The task Kith sends for a goal; ``people`` are the contacts' uids."""
    from icalendar import Todo, vText

    todo = Todo()
    todo.add("uid", goal.uid)
    todo.add("dtstamp", goal.updated_at.replace(tzinfo=UTC))
    todo.add("summary", goal.title)
    if goal.why:
        todo.add("description", goal.why)
    if goal.target_date is not None:
        todo.add("due", goal.target_date)
    todo.add("status", _STATUS_OUT.get(goal.status, "IN-PROCESS"))
    todo.add("categories", ["Kith goal"])
    todo.add(X_ENTRY, vText(GOAL_ENTRY))
    for uid in sorted(people):
        todo.add(X_CONTACT, vText(uid))
    todo.add("created", goal.created_at.replace(tzinfo=UTC))
    todo.add("last-modified", goal.updated_at.replace(tzinfo=UTC))
    return wrap(todo)


@dataclass
class GoalEntry:
    uid: str
    title: str
    why: str
    target_date: date | None
    status: str
    created_at: datetime | None
    contact_uids: list[str]

    def columns(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "why": self.why,
            "target_date": self.target_date,
            "status": self.status,
        }


def _all(component: Any, name: str) -> list[str]:
    raw = component.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [v for v in (text_value(name, item) for item in items) if v]


def read_goal(component: Any) -> GoalEntry | None:
    """A goal task (a VTODO component) as a :class:`GoalEntry`; None without a UID."""
    uid = text_value("UID", component.get("UID"))
    if not uid:
        return None
    status_text = text_value("STATUS", component.get("STATUS")).upper()
    status = {"COMPLETED": "achieved", "CANCELLED": "dropped"}.get(status_text, "active")
    due = component.get("DUE")
    target: date | None = None
    if due is not None:
        target = due.dt.date() if isinstance(due.dt, datetime) else due.dt
    created = component.get("CREATED")
    return GoalEntry(
        uid=uid,
        title=(text_value("SUMMARY", component.get("SUMMARY")) or "Untitled goal")[:200],
        why=text_value("DESCRIPTION", component.get("DESCRIPTION")),
        target_date=target,
        status=status,
        created_at=as_utc(created.dt) if created is not None else None,
        contact_uids=list(dict.fromkeys(_all(component, X_CONTACT))),
    )


def render_tag_cadences(cadences: Mapping[str, int]) -> str:
    """The journal entry of every tag that sets a cadence (fixed DTSTAMP: one text per map)."""
    from icalendar import Journal, vText

    journal = Journal()
    journal.add("uid", TAG_CADENCES_UID)
    journal.add("dtstamp", datetime(2000, 1, 1, tzinfo=UTC))
    journal.add("summary", "Kith: keep-in-touch cadence per tag")
    ordered = sorted(cadences.items(), key=lambda item: item[0].casefold())
    lines = [f"{name}: every {days} days" for name, days in ordered]
    journal.add("description", "\n".join(lines) or "No tag sets a cadence.")
    journal.add(X_ENTRY, vText(TAG_CADENCES_ENTRY))
    for name, days in ordered:
        journal.add(X_TAG_CADENCE, vText(f"{days} {name}"))
    return wrap(journal)


def read_tag_cadences(component: Any) -> dict[str, int]:
    """The per-tag cadences a tag-cadences entry holds (unreadable lines are skipped)."""
    from kith.core.contacts import MAX_CADENCE_DAYS

    found: dict[str, int] = {}
    for value in _all(component, X_TAG_CADENCE):
        days, _, name = value.partition(" ")
        name = " ".join(name.split())
        if days.isdigit() and name and 1 <= int(days) <= MAX_CADENCE_DAYS:
            found[name] = int(days)
    return found


def merge_cadences(
    base: Mapping[str, int], local: Mapping[str, int], remote: Mapping[str, int]
) -> dict[str, int]:
    """Three-way, tag by tag: a tag changed here keeps its local value, any other takes the
    server's (a tag whose cadence was removed on one side is removed)."""

    def key(name: str) -> str:
        return name.casefold()

    b = {key(n): (n, d) for n, d in base.items()}
    lo = {key(n): (n, d) for n, d in local.items()}
    re = {key(n): (n, d) for n, d in remote.items()}
    merged: dict[str, int] = {}
    for k in lo.keys() | re.keys() | b.keys():
        mine = lo.get(k)
        chosen = re.get(k) if (mine[1] if mine else None) == (b[k][1] if k in b else None) else mine
        if chosen is not None:
            merged[chosen[0]] = chosen[1]
    return merged
