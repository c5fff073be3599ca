"""Follow-ups as CalDAV tasks, both ways: the VTODO another Kith reads back exactly, and any
task (a phone's too) read as a follow-up.

What a phone shows is the standard part — SUMMARY, DESCRIPTION, DUE, PRIORITY, STATUS,
COMPLETED and a VALARM — built by :func:`kith.core.export.follow_up_todo`. What only Kith uses
travels beside it as ``X-KITH-*`` properties, which other clients keep untouched:

- ``X-KITH-TITLE``: the title (SUMMARY adds " — person");
- ``X-KITH-CONTACT``: the person's vCard UID (the contact's ``uid``, as in the address book);
- ``X-KITH-GOAL``: the goal's uid;
- ``X-KITH-RRULE``: the repeat rule (no RRULE is sent, so a phone never invents occurrences);
- ``X-KITH-ASK-SIZE``: a planned ask's size;
- ``X-KITH-INTERACTION``: the uid of the interaction that completed it;
- ``X-KITH-STATUS``: Kith's own state (open, done, dropped), ``X-KITH-DROPPED-AT``: when it
  was dropped, and ``X-KITH-REMIND-AT``: the reminder of a closed one (which has no alarm).

A task whose STATUS says done while ``X-KITH-STATUS`` still says open was ticked off by a
phone: the follow-up is then completed the Kith way (a repeat rolls on); one another Kith
completed already rolled on there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kith.store.models import FollowUp

X_TITLE = "X-KITH-TITLE"
X_CONTACT = "X-KITH-CONTACT"
X_GOAL = "X-KITH-GOAL"
X_RRULE = "X-KITH-RRULE"
X_ASK_SIZE = "X-KITH-ASK-SIZE"
X_STATUS = "X-KITH-STATUS"
X_INTERACTION = "X-KITH-INTERACTION"
X_DROPPED_AT = "X-KITH-DROPPED-AT"
X_REMIND_AT = "X-KITH-REMIND-AT"
_STAMP = "%Y%m%dT%H%M%SZ"

ASK_SIZES = ("small", "medium", "large")
STATUSES = ("open", "done", "dropped")

#: A task without a title of its own (a phone may send an empty SUMMARY).
UNTITLED = "Untitled task"


def wrap(component: Any) -> str:
    """One component in a VCALENDAR, as text."""
    from icalendar import Calendar

    from kith import __version__

    cal = Calendar()
    cal.add("prodid", f"-//Kith//Kith {__version__}//EN")
    cal.add("version", "2.0")
    cal.add_component(component)
    return bytes(cal.to_ical()).decode("utf-8")


def summary_for(title: str, who: str) -> str:
    """The SUMMARY a phone shows: the title, and the person unless the title names them."""
    return title if not who or who in title else f"{title} — {who}"


def render_task(
    f: FollowUp,
    who: str,
    contact_uid: str | None,
    goal_uid: str | None,
    interaction_uid: str | None = None,
) -> str:
    """The VTODO Kith sends for a follow-up (DTSTAMP is its ``updated_at``: an unchanged
    follow-up renders to the same text)."""
    from icalendar import vText

    from kith.core.export import follow_up_todo

    todo = follow_up_todo(f, who, f.updated_at.replace(tzinfo=UTC), repeat=False)
    extra = {
        X_TITLE: f.title,
        X_CONTACT: contact_uid,
        X_GOAL: goal_uid,
        X_RRULE: f.rrule,
        X_ASK_SIZE: f.ask_size,
        X_INTERACTION: interaction_uid,
        X_STATUS: f.status,
    }
    if f.status == "dropped" and f.completed_at is not None:
        extra[X_DROPPED_AT] = f.completed_at.strftime(_STAMP)
    if f.status != "open" and f.remind_at is not None:  # no alarm on a closed task
        extra[X_REMIND_AT] = f.remind_at.strftime(_STAMP)
    if goal_uid:  # the goal is a task too: this one is its subtask (RFC 9253 RELTYPE)
        todo.add("related-to", goal_uid, parameters={"RELTYPE": "PARENT"})
    for name, value in extra.items():
        if value:
            # As TEXT, escaped (";" "," "\\"): servers that parse unknown properties as text
            # (Radicale, through vobject) then keep them exactly.
            todo.add(name, vText(value))
    return wrap(todo)


@dataclass
class Task:
    """A VTODO read as a follow-up: the columns to write and what only sync needs."""

    uid: str
    title: str
    notes: str
    due_at: datetime
    due_has_time: bool
    remind_at: datetime | None
    urgent: bool
    important: bool
    rrule: str | None
    ask_size: str | None
    status: str
    #: When it was completed (done) or dropped; None while open.
    closed_at: datetime | None
    created_at: datetime | None
    contact_uid: str | None
    goal_uid: str | None
    #: The interaction that completed it (its uid), if any.
    interaction_uid: str | None
    #: What ``X-KITH-STATUS`` said (None on a task Kith never wrote).
    kith_status: str | None
    #: The SUMMARY as sent (the title is read from it when a phone changed it).
    summary: str

    def columns(self) -> dict[str, Any]:
        """The follow-up columns this task sets (people and goals are resolved apart)."""
        return {
            "title": self.title,
            "notes": self.notes,
            "due_at": self.due_at,
            "due_has_time": self.due_has_time,
            "remind_at": self.remind_at,
            "urgent": self.urgent,
            "important": self.important,
            "rrule": self.rrule,
            "ask_size": self.ask_size,
        }


def as_utc(value: Any, tz: Any = None) -> datetime | None:
    """A DATE-TIME property as naive UTC (a floating time is the user's local time)."""
    from kith.core.local_time import from_local

    if isinstance(value, datetime):
        if value.tzinfo is None:
            return from_local(value, tz)
        return value.astimezone(UTC).replace(tzinfo=None)
    return None


_ESCAPES = {"n": "\n", "N": "\n", ";": ";", ",": ",", "\\": "\\"}


def _unescape(text: str) -> str:
    """RFC 5545 TEXT unescaped (icalendar leaves X- properties as they came)."""
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append(_ESCAPES.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def text_value(name: str, value: Any) -> str:
    """A property's value as text (the first of several; X- properties unescaped)."""
    if value is None:
        return ""
    if isinstance(value, list):
        if not value:
            return ""
        value = value[0]
    if name.startswith("X-"):
        return _unescape(str(value)).strip()
    return str(value).strip()


def _text(component: Any, name: str) -> str:
    return text_value(name, component.get(name))


def _parent(todo: Any) -> str | None:
    """The task this one is a subtask of (``RELATED-TO``, RELTYPE PARENT or none said)."""
    raw = todo.get("RELATED-TO")
    for item in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        reltype = str(getattr(item, "params", {}).get("RELTYPE", "PARENT")).upper()
        if reltype == "PARENT" and str(item).strip():
            return str(item).strip()
    return None


def _priority(value: Any) -> tuple[bool, bool]:
    """(urgent, important) from RFC 5545 PRIORITY: Kith writes 1, 3, 5; 1–4 are high."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        return False, False
    if level == 1:
        return True, True
    if 2 <= level <= 4:
        return True, False
    if level == 5:
        return False, True
    return False, False


def _repeat(todo: Any, due: date) -> str | None:
    """Kith's repeat rule, else a phone's own RRULE when Kith can use it."""
    from kith.core.recurrence import RepeatRuleError, anchor_rule, normalise_rule

    kept = _text(todo, X_RRULE)
    if kept:
        return kept
    rule = todo.get("RRULE")
    if rule is None:
        return None
    try:
        normal = normalise_rule(bytes(rule.to_ical()).decode("ascii"))
    except (RepeatRuleError, UnicodeDecodeError, ValueError):
        return None
    return anchor_rule(normal, due) if normal else None


def _stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _STAMP) if text else None
    except ValueError:
        return None


def _reminder(todo: Any, due: datetime, tz: Any) -> datetime | None:
    for alarm in todo.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is None:
            continue
        value = trigger.dt
        if isinstance(value, timedelta):
            return due + value
        moment = as_utc(value, tz)
        if moment is not None:
            return moment
    return None


def read_task(text: str, *, today: date, names: dict[str, str], tz: Any = None) -> Task | None:
    """The first VTODO in ``text`` as a :class:`Task`; None when there is none (or it has no UID).

    ``names`` maps contact uids to names, to take the person back out of a SUMMARY a phone
    edited. A task without a due date is due ``today``.
    """
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return None
    for todo in cal.walk("VTODO"):
        uid = _text(todo, "UID")
        if not uid:
            return None
        due_value = todo.get("DUE") or todo.get("DTSTART")
        raw = due_value.dt if due_value is not None else today
        if isinstance(raw, datetime):
            due_at = as_utc(raw, tz) or datetime.combine(today, time(0, 0))
            due_has_time = True
        else:
            due_at, due_has_time = datetime.combine(raw, time(0, 0)), False
        contact_uid = _text(todo, X_CONTACT) or None
        who = names.get(contact_uid or "", "")
        summary = _text(todo, "SUMMARY")
        kept_title = _text(todo, X_TITLE)
        if kept_title and summary == summary_for(kept_title, who):
            title = kept_title
        else:  # a phone changed the SUMMARY (or Kith never wrote this task): it is the title
            title = summary.removesuffix(f" — {who}") if who else summary
        status_text = _text(todo, "STATUS").upper()
        completed = todo.get("COMPLETED")
        completed_at = as_utc(completed.dt, tz) if completed is not None else None
        if status_text == "COMPLETED" or completed_at is not None:
            status = "done"
            closed_at = completed_at
        elif status_text == "CANCELLED":
            status = "dropped"
            closed_at = _stamp(_text(todo, X_DROPPED_AT))
        else:
            status, closed_at = "open", None
        kith_status = _text(todo, X_STATUS).lower() or None
        urgent, important = _priority(todo.get("PRIORITY"))
        ask = _text(todo, X_ASK_SIZE).lower()
        created = todo.get("CREATED")
        return Task(
            uid=uid,
            title=(title.strip() or UNTITLED)[:200],
            notes=_text(todo, "DESCRIPTION"),
            due_at=due_at,
            due_has_time=due_has_time,
            remind_at=_reminder(todo, due_at, tz) or _stamp(_text(todo, X_REMIND_AT)),
            urgent=urgent,
            important=important,
            rrule=_repeat(todo, due_at.date()),
            ask_size=ask if ask in ASK_SIZES else None,
            status=status,
            closed_at=closed_at,
            created_at=as_utc(created.dt, tz) if created is not None else None,
            contact_uid=contact_uid,
            goal_uid=_text(todo, X_GOAL) or _parent(todo),
            interaction_uid=_text(todo, X_INTERACTION) or None,
            kith_status=kith_status if kith_status in STATUSES else None,
            summary=summary,
        )
    return None
