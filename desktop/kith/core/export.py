"""Exports: vCard 4.0, iCalendar (follow-ups and birthdays), contacts CSV, and the JSON backup.

Every export writes a temporary file beside the target and renames it into place, so an
interrupted export never leaves half a file under the chosen name.

The JSON backup is Kith's whole database as one document: ``{"format": "kith-backup",
"version": 1, "schema_version": N, "exported_at": …}`` plus one list per table
(``contacts``, ``contact_methods``, ``tags``, ``contact_tags``, ``goals``,
``goal_contacts``, ``interactions``, ``interaction_contacts``, ``follow_ups``,
``relationships``) whose objects carry every column by its field name: ids, uids and
timestamps included, dates and times as ISO 8601 (UTC, no offset), photos as base64.
:func:`restore_json_backup` writes it back into an empty database exactly, and
:func:`backup_entries` reads its contacts for an ordinary (reviewed) import. The backup of an
encrypted database is sealed with its key (:func:`export_json_backup`); both read it through
:func:`open_backup_text`, with the open database's key or the one given.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

import peewee as pw

from kith.core.contacts import ChannelDraft, ContactDraft, fill_contact_index
from kith.core.importing.file import Entry, ImportFileError, finish_entry
from kith.store import cipher, derived
from kith.store.changes import writing
from kith.store.cipher import FileKey
from kith.store.models import (
    Contact,
    ContactCard,
    ContactDate,
    ContactMethod,
    ContactTag,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    Relationship,
    Tag,
    database_proxy,
    utcnow,
)
from kith.store.schema import SCHEMA_VERSION

BACKUP_FORMAT = "kith-backup"
BACKUP_VERSION = 1

#: The backup's lists, in the order they are restored (parents before children).
BACKUP_TABLES: tuple[tuple[str, type[pw.Model]], ...] = (
    ("contacts", Contact),
    ("contact_methods", ContactMethod),
    ("contact_cards", ContactCard),
    ("contact_dates", ContactDate),
    ("tags", Tag),
    ("contact_tags", ContactTag),
    ("goals", Goal),
    ("goal_contacts", GoalContact),
    ("interactions", Interaction),
    ("interaction_contacts", InteractionContact),
    ("follow_ups", FollowUp),
    ("relationships", Relationship),
)


class ExportError(Exception):
    """An export could not be written; the message is meant for the user."""


class RestoreError(Exception):
    """A backup could not be restored (nothing was written); the message is for the user."""


class BackupKeyError(RestoreError):
    """An encrypted JSON backup that no key given opens (nor the open database's); the
    message is for the user, ``key_given`` says whether a key was given for it."""

    def __init__(self, message: str, *, key_given: bool) -> None:
        super().__init__(message)
        self.key_given = key_given


@contextmanager
def _atomic(path: Path | str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    target = Path(path).expanduser()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise ExportError(f"Kith cannot write in {target.parent}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"Kith could not write {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _ids(contact_ids: Sequence[int] | None) -> list[int]:
    if contact_ids is not None:
        return list(contact_ids)
    # Plain SQL: peewee's rows took three times as long for 10,000 people (0.026 s).
    return [row[0] for row in database_proxy.execute_sql(_ALL_IDS)]


#: Every contact, in the list's order (``Contact.sort_name``, then id).
_ALL_IDS = 'SELECT "id" FROM "contact" ORDER BY "sort_name", "id"'


# --- vCard --------------------------------------------------------------------------------------


def export_vcards(path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Write the contacts (all when ``contact_ids`` is None) as vCard 4.0; return how many.

    Read 500 at a time (:func:`~kith.core.importing.vcard.contact_vcards`: a few queries
    per batch, not three per contact).
    """
    from kith.core.importing.vcard import contact_vcards

    ids = _ids(contact_ids)
    count = 0
    with _atomic(path, "w", encoding="utf-8", newline="") as out:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cards = contact_vcards(chunk)
            for contact_id in chunk:
                text = cards.get(contact_id)
                if text is not None:
                    out.write(text)
                    count += 1
    return count


# --- iCalendar ----------------------------------------------------------------------------------


def _priority(urgent: bool, important: bool) -> int:
    """RFC 5545 priority: 1 (highest) … 9 (lowest), 0 undefined."""
    if urgent and important:
        return 1
    if urgent:
        return 3
    if important:
        return 5
    return 0


def follow_up_todo(f: FollowUp, who: str, stamp: datetime, *, repeat: bool = True) -> Any:
    """One follow-up as an iCalendar VTODO (DUE, PRIORITY, STATUS, alarm); shared with sync.

    A done follow-up is ``STATUS:COMPLETED`` with its ``COMPLETED`` time, a dropped one
    ``CANCELLED``. ``repeat=False`` leaves the RRULE out (sync sends each occurrence as its
    own task, so a phone does not invent occurrences of its own).
    """
    from icalendar import Alarm, Todo, vRecur

    todo = Todo()
    todo.add("uid", f.uid)
    todo.add("dtstamp", stamp)
    summary = f.title if not who or who in f.title else f"{f.title} — {who}"
    todo.add("summary", summary)
    if f.notes:
        todo.add("description", f.notes)
    due = f.due_at
    if f.due_has_time:
        todo.add("due", due.replace(tzinfo=UTC))
    else:
        todo.add("due", due.date())
    if f.status == "done":
        todo.add("status", "COMPLETED")
        todo.add("percent-complete", 100)
        if f.completed_at is not None:
            todo.add("completed", f.completed_at.replace(tzinfo=UTC))
    elif f.status == "dropped":
        todo.add("status", "CANCELLED")
    else:
        todo.add("status", "NEEDS-ACTION")
    priority = _priority(f.urgent, f.important)
    if priority:
        todo.add("priority", priority)
    if f.rrule and repeat:
        todo.add("rrule", vRecur.from_ical(f.rrule.removeprefix("RRULE:")))
    if f.remind_at is not None and f.status == "open":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", f.remind_at.replace(tzinfo=UTC))
        todo.add_component(alarm)
    todo.add("created", f.created_at.replace(tzinfo=UTC))
    todo.add("last-modified", f.updated_at.replace(tzinfo=UTC))
    return todo


def _yearly_event(
    uid: str, summary: str, category: str, year: int | None, month: int, day: int, stamp: datetime
) -> Any | None:
    """A yearly all-day VEVENT from (year, month, day) — 29 February on the month's last day
    in other years; None for a day that does not exist."""
    from icalendar import Event

    leap_day = (month, day) == (2, 29)
    start_year = year if year is not None else (1972 if leap_day else 1970)
    try:
        start = date(start_year, month, day)
    except ValueError:
        return None
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    rule: dict[str, Any] = {"freq": "yearly"}
    if leap_day:
        rule.update(bymonth=2, bymonthday=-1)
    event.add("rrule", rule)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [category])
    return event


def birthday_event(
    uid: str, name: str, year: int | None, month: int, day: int, stamp: datetime
) -> Any | None:
    """A contact's birthday as a yearly all-day VEVENT (29 February: the month's last day)."""
    return _yearly_event(
        f"{uid}-birthday@kith", f"{name}’s birthday", "Birthday", year, month, day, stamp
    )


def important_date_event(
    key: str, name: str, label: str, year: int | None, month: int, day: int, stamp: datetime
) -> Any | None:
    """An important date (an anniversary…) as a yearly all-day VEVENT like a birthday's,
    with the UID ``<key>@kith`` (``key``: :func:`important_date_key`)."""
    category = "Anniversary" if label.casefold() == "anniversary" else "Date"
    return _yearly_event(f"{key}@kith", f"{name}: {label}", category, year, month, day, stamp)


def important_date_key(contact_uid: str, label: str, month: int, day: int) -> str:
    """The stable name of a contact's important date on a calendar, the same on every
    computer: ``<contact uid>-date-<12 hex digits of its name, month and day>``."""
    import hashlib

    digest = hashlib.sha1(
        f"{label.strip().casefold()}|{month}|{day}".encode(), usedforsecurity=False
    ).hexdigest()[:12]
    return f"{contact_uid}{DATE_MARK}{digest}"


#: What sits between a contact's uid and the digest in :func:`important_date_key`.
DATE_MARK = "-date-"


def export_icalendar(path: Path | str) -> tuple[int, int, int]:
    """Open follow-ups as VTODOs (with DUE); birthdays and important dates (anniversaries…)
    as yearly VEVENTs.

    Returns (follow-ups, birthdays, important dates) written. Times are UTC; a follow-up
    without a time of day is due on a date. A 29 February birthday recurs on the last day of
    February.
    """
    from icalendar import Calendar

    from kith import __version__

    cal = Calendar()
    cal.add("prodid", f"-//Kith//Kith {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Kith")
    stamp = datetime.now(UTC).replace(microsecond=0)
    names = dict(Contact.select(Contact.id, Contact.full_name).tuples())
    follow_ups = 0
    for f in (
        FollowUp.select().where(FollowUp.status == "open").order_by(FollowUp.due_at, FollowUp.id)
    ):
        cal.add_component(follow_up_todo(f, names.get(f.contact_id, ""), stamp))
        follow_ups += 1
    birthdays = 0
    query = (
        Contact.select(
            Contact.uid,
            Contact.full_name,
            Contact.birthday_year,
            Contact.birthday_month,
            Contact.birthday_day,
        )
        .where(
            Contact.birthday_month.is_null(False),
            Contact.birthday_day.is_null(False),
            Contact.archived == False,  # noqa: E712
        )
        .order_by(Contact.birthday_month, Contact.birthday_day, Contact.sort_name)
        .tuples()
    )
    for uid, name, year, month, day in query:
        event = birthday_event(uid, name, year, month, day, stamp)
        if event is None:
            continue
        cal.add_component(event)
        birthdays += 1
    dates = (
        ContactDate.select(
            Contact.uid,
            Contact.full_name,
            ContactDate.label,
            ContactDate.year,
            ContactDate.month,
            ContactDate.day,
        )
        .join(Contact)
        .where(Contact.archived == False)  # noqa: E712
        .order_by(ContactDate.month, ContactDate.day, Contact.sort_name, ContactDate.position)
        .tuples()
    )
    written: set[str] = set()
    dated = 0
    for uid, name, label, year, month, day in dates:
        key = important_date_key(uid, label, month, day)
        event = important_date_event(key, name, label, year, month, day, stamp)
        if event is None or key in written:
            continue
        written.add(key)
        cal.add_component(event)
        dated += 1
    with _atomic(path, "wb") as out:
        out.write(cal.to_ical())
    return follow_ups, birthdays, dated


# --- CSV ----------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "Name",
    "Given name",
    "Family name",
    "Nickname",
    "Company",
    "Title",
    "Location",
    "Emails",
    "Phones",
    "Links",
    "Social",
    "Addresses",
    "Tags",
    "Birthday",
    "Dates",
    "How we met",
    "Met on",
    "Circle",
    "Cadence (days)",
    "Notes",
    "Archived",
    "UID",
)


def _drafts_in_order(ids: Sequence[int]) -> Iterator[tuple[int, ContactDraft]]:
    """(id, draft) of the contacts in ``ids`` order, read 500 at a time."""
    from kith.core.contacts import load_drafts

    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        drafts = load_drafts(chunk)
        for contact_id in chunk:
            if contact_id in drafts:
                yield contact_id, drafts[contact_id]


def export_contacts_csv(path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Contacts as a spreadsheet-friendly CSV (UTF-8 with a BOM, so Excel reads accents).

    Several emails, phones, links… share one cell, one per line. Kith's own CSV import
    reads the file back.
    """
    ids = _ids(contact_ids)
    uids = (
        dict(Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(ids)).tuples())
        if ids
        else {}
    )
    count = 0
    with _atomic(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for contact_id, d in _drafts_in_order(ids):
            if contact_id not in uids:
                continue

            def values(kind: str, d: ContactDraft = d) -> str:
                return "\n".join(c.value for c in d.channels if c.kind == kind)

            birthday = ""
            if d.birthday_month is not None and d.birthday_day is not None:
                md = f"{d.birthday_month:02d}-{d.birthday_day:02d}"
                birthday = f"{d.birthday_year:04d}-{md}" if d.birthday_year else f"--{md}"
            writer.writerow(
                (
                    d.full_name,
                    d.given_name,
                    d.family_name,
                    d.nickname,
                    d.company,
                    d.title,
                    d.location,
                    values("email"),
                    values("phone"),
                    values("url"),
                    values("social"),
                    values("address"),
                    "; ".join(d.tags),
                    birthday,
                    "\n".join(f"{e.label}: {_date_iso(e.year, e.month, e.day)}" for e in d.dates),
                    d.how_met,
                    d.met_on.isoformat() if d.met_on else "",
                    d.circle or "",
                    d.cadence_days or "",
                    d.notes,
                    "yes" if d.archived else "",
                    uids[contact_id],
                )
            )
            count += 1
    return count


# --- CSV for Google Contacts and Outlook ---------------------------------------------------------

#: Kith's labels as Google writes them ("work" → "Work"); other labels go out as they are.
_GOOGLE_LABELS = {"work": "Work", "home": "Home", "mobile": "Mobile", "other": "Other"}
_GOOGLE_KINDS = (
    ("email", "E-mail", "Value"),
    ("phone", "Phone", "Value"),
    ("address", "Address", "Formatted"),
    ("url", "Website", "Value"),
)


_GOOGLE_ADDRESS_PARTS = ("Street", "City", "Region", "Postal Code", "Country")


def _parts(channel: ChannelDraft | None) -> tuple[str, str, str, str, str]:
    """An address's parts for the CSV columns; empty for a one-line address."""
    parts = channel.address if channel is not None else None
    if not parts:
        return ("", "", "", "", "")
    return (parts.street, parts.locality, parts.region, parts.postal_code, parts.country)


def _birthday_iso(d: ContactDraft) -> str:
    if d.birthday_month is None or d.birthday_day is None:
        return ""
    month_day = f"{d.birthday_month:02d}-{d.birthday_day:02d}"
    return f"{d.birthday_year:04d}-{month_day}" if d.birthday_year else f"--{month_day}"


def _date_iso(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _kith_extras(d: ContactDraft) -> list[tuple[str, str]]:
    """Kith's own fields that neither Google nor Outlook has a column for."""
    extras = [
        ("Location", d.location),
        ("How we met", d.how_met),
        ("Met on", d.met_on.isoformat() if d.met_on else ""),
        ("Circle", str(d.circle or "")),
        ("Keep in touch every (days)", str(d.cadence_days or "")),
        ("Archived", "yes" if d.archived else ""),
    ]
    return [(label, value) for label, value in extras if value]


def export_google_csv(path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Contacts in Google Contacts' CSV shape, labels kept: ``E-mail 1 - Label`` /
    ``E-mail 1 - Value``… (the first of each kind marked ``* `` as Google marks the primary
    one), social handles as ``IM N - Service``/``IM N - Value``, and Kith's own fields as
    ``Custom Field N``. Google and Kith both read it back."""
    ids = _ids(contact_ids)
    people = list(_drafts_in_order(ids))
    width = {kind: 0 for kind, _, _ in _GOOGLE_KINDS}
    width["social"] = 0
    customs = 0
    events = 0
    for _, d in people:
        for kind in width:
            width[kind] = max(width[kind], sum(1 for c in d.channels if c.kind == kind))
        customs = max(customs, len(_kith_extras(d)))
        events = max(events, len(d.dates))
    header = ["Name", "Name Prefix", "First Name", "Middle Name", "Last Name", "Name Suffix"]
    header += ["Nickname", "Birthday", "Notes", "Labels"]
    header += ["Organization Name", "Organization Title", "Organization Department"]
    for kind, word, value in _GOOGLE_KINDS:
        for n in range(1, width[kind] + 1):
            header += [f"{word} {n} - Label", f"{word} {n} - {value}"]
            if kind == "address":
                header += [f"{word} {n} - {part}" for part in _GOOGLE_ADDRESS_PARTS]
    for n in range(1, width["social"] + 1):
        header += [f"IM {n} - Service", f"IM {n} - Value"]
    for n in range(1, events + 1):
        header += [f"Event {n} - Label", f"Event {n} - Value"]
    for n in range(1, customs + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    with _atomic(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for _, d in people:
            row = [d.full_name, d.name_prefix, d.given_name, d.middle_name, d.family_name]
            row += [d.name_suffix, d.nickname, _birthday_iso(d)]
            row += [d.notes, " ::: ".join(d.tags), d.company, d.title, d.department]
            for kind, _, _ in _GOOGLE_KINDS:
                channels = [c for c in d.channels if c.kind == kind]
                for n in range(width[kind]):
                    if n < len(channels):
                        label = _GOOGLE_LABELS.get(channels[n].label, channels[n].label)
                        row += [f"* {label}" if n == 0 and label else label, channels[n].value]
                    else:
                        row += ["", ""]
                    if kind == "address":
                        row += list(_parts(channels[n] if n < len(channels) else None))
            social = [c for c in d.channels if c.kind == "social"]
            for n in range(width["social"]):
                row += [social[n].label, social[n].value] if n < len(social) else ["", ""]
            for n in range(events):
                if n < len(d.dates):
                    e = d.dates[n]
                    row += [e.label, _date_iso(e.year, e.month, e.day)]
                else:
                    row += ["", ""]
            extras = _kith_extras(d)
            for n in range(customs):
                row += list(extras[n]) if n < len(extras) else ["", ""]
            writer.writerow(row)
    return len(people)


#: Outlook's phone columns and the Kith label each holds (in the order they are filled).
_OUTLOOK_PHONE_SLOTS = (
    ("Mobile Phone", "mobile"),
    ("Business Phone", "work"),
    ("Business Phone 2", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Company Main Telephone", "main"),
    ("Business Fax", "work fax"),
    ("Home Fax", "home fax"),
    ("Other Fax", "other fax"),
    ("Pager", "pager"),
    ("Car Phone", "car"),
    ("Assistant's Phone", "assistant"),
    ("Other Phone", "other"),
    ("Primary Phone", ""),
)
_OUTLOOK_ADDRESS_SLOTS = (("Business", "work"), ("Home", "home"), ("Other", "other"))
_OUTLOOK_COLUMNS = (
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Nickname",
    "Company",
    "Department",
    "Job Title",
    "E-mail Address",
    "E-mail 2 Address",
    "E-mail 3 Address",
    *(column for column, _ in _OUTLOOK_PHONE_SLOTS),
    *(
        f"{place} {part}"
        for place, _ in _OUTLOOK_ADDRESS_SLOTS
        for part in ("Street", "City", "State", "Postal Code", "Country/Region")
    ),
    "Web Page",
    "Personal Web Page",
    "IMAddress",
    "Birthday",
    "Anniversary",
    "Location",
    "Categories",
    "Notes",
)


def _outlook_row(d: ContactDraft) -> dict[str, str]:
    """One person in Outlook's columns: each channel in the column its label names (else
    the next free one of its kind); what has no column left goes into Notes, labelled."""
    row = dict.fromkeys(_OUTLOOK_COLUMNS, "")
    row.update(
        {
            "Title": d.name_prefix,
            "First Name": d.given_name,
            "Middle Name": d.middle_name,
            "Last Name": d.family_name,
            "Suffix": d.name_suffix,
            "Nickname": d.nickname,
            "Company": d.company,
            "Department": d.department,
            "Job Title": d.title,
            "Location": d.location,
            "Categories": ";".join(d.tags),
        }
    )
    if not d.given_name and not d.family_name:
        row["First Name"] = d.full_name
    leftovers: list[str] = []

    def place(kind: str, value: str, label: str, slots: list[tuple[str, str]]) -> None:
        exact = next((c for c, lab in slots if lab == label and not row[c]), None)
        column = exact or next((c for c, _ in slots if not row[c]), None)
        if column is None:
            shown = f" ({label})" if label else ""
            leftovers.append(f"{_KIND_NAMES[kind]}{shown}: {value}")
        else:
            row[column] = value
            if exact is None and label:
                leftovers.append(f"Label of {value}: {label}")

    emails = [("E-mail Address", ""), ("E-mail 2 Address", ""), ("E-mail 3 Address", "")]
    addresses = [(f"{p} Street", label) for p, label in _OUTLOOK_ADDRESS_SLOTS]
    links = [("Web Page", ""), ("Personal Web Page", "personal")]
    for c in d.channels:
        if c.kind == "email":
            place("email", c.value, c.label, emails)
        elif c.kind == "phone":
            place("phone", c.value, c.label, list(_OUTLOOK_PHONE_SLOTS))
        elif c.kind == "address":
            before = {column for column, _ in addresses if row[column]}
            place("address", c.value, c.label, addresses)
            taken = [column for column, _ in addresses if row[column] and column not in before]
            if taken and c.address:  # its parts in the place's own columns
                where = taken[0].removesuffix(" Street")
                for part, value in zip(
                    ("Street", "City", "State", "Postal Code", "Country/Region"),
                    _parts(c),
                    strict=True,
                ):
                    row[f"{where} {part}"] = value
        elif c.kind == "url":
            place("url", c.value, c.label, links)
    row["IMAddress"] = ";".join(c.value for c in d.channels if c.kind == "social")
    if d.birthday_month is not None and d.birthday_day is not None:
        if d.birthday_year:
            row["Birthday"] = f"{d.birthday_month}/{d.birthday_day}/{d.birthday_year}"
        else:
            leftovers.append(f"Birthday: {_birthday_iso(d)}")
    for e in d.dates:  # Outlook has one column, for an anniversary with its year
        if e.is_anniversary() and e.year and not row["Anniversary"]:
            row["Anniversary"] = f"{e.month}/{e.day}/{e.year}"
        else:
            leftovers.append(f"{e.label}: {_date_iso(e.year, e.month, e.day)}")
    leftovers += [f"{label}: {value}" for label, value in _kith_extras(d) if label != "Location"]
    row["Notes"] = "\n\n".join(p for p in (d.notes, "\n".join(leftovers)) if p)
    return row


_KIND_NAMES = {"email": "Email", "phone": "Phone", "address": "Address", "url": "Link"}


def export_outlook_csv(path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Contacts in Outlook's CSV shape (its fixed columns, Windows' CRLF): a channel's label
    chooses its column (``mobile`` → Mobile Phone, ``work`` → Business Phone…); a channel with
    no column left, a year-less birthday and Kith's own fields go into Notes with a line
    naming them. Outlook and Kith both read it back."""
    people = list(_drafts_in_order(_ids(contact_ids)))
    with _atomic(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=_OUTLOOK_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for _, d in people:
            writer.writerow(_outlook_row(d))
    return len(people)


# --- JSON backup ---------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _from_json(field: pw.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, pw.DateTimeField):
        return datetime.fromisoformat(value)
    if isinstance(field, pw.DateField):
        return date.fromisoformat(value)
    if isinstance(field, pw.BlobField):
        return base64.b64decode(value, validate=True)
    if isinstance(field, pw.BooleanField):
        if not isinstance(value, bool):
            raise ValueError(f"{field.name} must be true or false")
        return value
    if isinstance(field, pw.IntegerField | pw.ForeignKeyField | pw.AutoField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{field.name} must be a whole number")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field.name} must be text")
    return value


def _stamp_to_json(value: Any) -> Any:
    try:
        return datetime.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        return value  # not a time SQLite holds as text: as peewee would read it


def _day_to_json(value: Any) -> Any:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        return value


def _to_json_reader(field: pw.Field) -> Any:
    """How a stored value of ``field``, as SQLite returns it, is written to the backup: the
    same text as ``_to_json(field.python_value(value))``, without peewee's per-value calls."""
    if isinstance(field, pw.DateTimeField):
        return _stamp_to_json
    if isinstance(field, pw.DateField):
        return _day_to_json
    if isinstance(field, pw.BooleanField):
        return bool
    if isinstance(field, pw.BlobField):
        return lambda v: base64.b64encode(bytes(v)).decode("ascii")
    if isinstance(field, pw.IntegerField | pw.ForeignKeyField):
        return lambda v: v if type(v) is int else _to_json(field.python_value(v))
    if isinstance(field, pw.CharField | pw.TextField):
        return lambda v: v if type(v) is str else _to_json(field.python_value(v))
    return lambda v: _to_json(field.python_value(v))


def _dump_rows(model: type[pw.Model]) -> Iterator[dict[str, Any]]:
    """The table's rows as JSON objects, one at a time (never the whole table in memory)."""
    from kith.store.models import database_proxy

    fields = model._meta.sorted_fields
    names = [f.name for f in fields]
    readers = [(i, r) for i, r in enumerate(_to_json_reader(f) for f in fields) if r is not None]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    key = model._meta.primary_key.column_name
    cursor = database_proxy.execute_sql(
        f'SELECT {columns} FROM "{model._meta.table_name}" ORDER BY "{key}"'
    )
    for row in cursor:
        values = list(row)
        for i, read in readers:
            if values[i] is not None:
                values[i] = read(values[i])
        yield dict(zip(names, values, strict=True))


@dataclass
class BackupSummary:
    contacts: int
    interactions: int
    follow_ups: int
    goals: int
    relationships: int

    def __str__(self) -> str:
        return (
            f"{self.contacts} contacts, {self.interactions} interactions, "
            f"{self.follow_ups} follow-ups, {self.goals} goals, {self.relationships} relationships"
        )


def export_json_backup(path: Path | str) -> BackupSummary:
    """Write everything in the database to one JSON file (read in one transaction).

    Streamed: one record per line, written as it is read, so memory stays flat however
    large the database is. The backup of an encrypted database is encrypted with the same key
    (or passphrase): the same lines go, a megabyte at a time, into a sealed file
    (:func:`kith.store.cipher.seal_text`), which :func:`restore_json_backup` opens with that
    key — the backup is never on the disk unencrypted.
    """
    from kith.store.database import open_key
    from kith.store.models import database_proxy

    header: dict[str, Any] = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": utcnow().replace(microsecond=0).isoformat(),
    }
    counts: dict[str, int] = {}
    file_key = open_key()
    with database_proxy.atomic():
        chunks = _backup_chunks(header, counts)
        if file_key is not None:
            _write_sealed(Path(path), chunks, file_key)
        else:
            with _atomic(path, "w", encoding="utf-8", newline="\n") as out:
                for chunk in chunks:
                    out.write(chunk)
    return BackupSummary(
        contacts=counts["contacts"],
        interactions=counts["interactions"],
        follow_ups=counts["follow_ups"],
        goals=counts["goals"],
        relationships=counts["relationships"],
    )


#: How much of a JSON backup one write (or one row of a sealed backup) holds.
_BACKUP_CHUNK = 1 << 20


def _backup_chunks(header: dict[str, Any], counts: dict[str, int]) -> Iterator[str]:
    """The JSON backup's text, a piece at a time: the header, then each table's records one
    per line, read as they are written (``counts`` gets each table's number of records)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = ["{\n"]
    size = 2
    for key, value in header.items():
        parts.append(f" {encode(key)}: {encode(value)},\n")
    for number, (key, model) in enumerate(BACKUP_TABLES, start=1):
        parts.append(f" {encode(key)}: [")
        count = 0
        for record in _dump_rows(model):
            line = (",\n  " if count else "\n  ") + encode(record)
            parts.append(line)
            size += len(line)
            count += 1
            if size >= _BACKUP_CHUNK:
                yield "".join(parts)
                parts, size = [], 0
        parts.append("\n ]" if count else "]")
        parts.append(",\n" if number < len(BACKUP_TABLES) else "\n")
        counts[key] = count
    parts.append("}\n")
    yield "".join(parts)


def _write_sealed(path: Path, chunks: Iterable[str], key: FileKey) -> None:
    """The JSON backup of an encrypted database, encrypted with its key as it is written,
    put in place atomically."""
    target = path.expanduser()
    temp = target.with_name(f".{target.name}.sealing")
    try:
        temp.unlink(missing_ok=True)
        cipher.seal_text(temp, chunks, key)
        os.replace(temp, target)
    except cipher.file_errors() as exc:
        temp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ExportError(f"Kith could not write {target}: {reason}.") from exc


def backup_is_encrypted(path: Path | str) -> bool:
    """Whether ``path`` is the encrypted JSON backup of an encrypted database: not JSON text,
    and a whole number of SQLCipher's default pages long, as every file
    :func:`kith.store.cipher.seal_text` writes is."""
    try:
        with Path(path).open("rb") as f:
            start = f.read(64)
        size = os.path.getsize(path)
    except OSError:
        return False
    return (
        not _starts_as_json_text(start)
        and size % cipher.SEALED_PAGE == 0
        and cipher.looks_encrypted(Path(path))
    )


def _starts_as_json_text(start: bytes) -> bool:
    """Whether the first bytes of a file are the start of JSON text: "{" after a byte-order
    mark or blanks, and the rest UTF-8. (An encrypted file starts with a random salt, which
    begins with "{" one time in 256 — but is not 60 bytes of UTF-8 text.)"""
    if not start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True


def open_backup_text(path: Path | str, file_key: FileKey | None = None) -> _TextSource:
    """The text of the JSON backup at ``path``, to read (and close): the file itself, or for
    the encrypted backup of an encrypted database its sealed text, opened with ``file_key``
    (its passphrase or recovery key) or else with the key of the database open here.

    Raises :class:`BackupKeyError` when neither key opens it, :class:`RestoreError` when the
    file cannot be read."""
    from kith.store.database import open_key

    path = Path(path)
    if not backup_is_encrypted(path):
        try:
            return path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise RestoreError(f"Kith cannot read “{path}”: {exc.strerror or exc}.") from exc
    keys = [k for k in (file_key, open_key()) if k is not None]
    for key in keys:
        sealed = cipher.open_sealed(path, key)
        if sealed is not None:
            return sealed
    if file_key is not None:
        why = "that passphrase or key does not open it"
    elif keys:
        why = (
            "the key of the database open here does not open it (it was made from another "
            "database, or with another passphrase)"
        )
    else:
        why = "no key was given"
    raise BackupKeyError(
        f"“{path.name}” is an encrypted Kith backup, and {why}. Give the passphrase or the "
        "recovery key of the database it was made from.",
        key_given=file_key is not None,
    )


def read_backup_text(path: Path | str, file_key: FileKey | None = None) -> str:
    """The whole text of the JSON backup at ``path`` (see :func:`open_backup_text`).

    Raises :class:`BackupKeyError`, or :class:`RestoreError` for a file that cannot be read
    (a sealed one damaged on the disk among them)."""
    path = Path(path)
    try:
        with open_backup_text(path, file_key) as handle:
            text: str = handle.read()
    except UnicodeDecodeError as exc:
        raise RestoreError(f"“{path.name}” is not a Kith backup (it is not UTF-8 text).") from exc
    except OSError as exc:
        raise RestoreError(f"Kith cannot read “{path}”: {exc.strerror or exc}.") from exc
    except cipher.driver_errors() as exc:
        raise RestoreError(f"“{path.name}” is damaged and cannot be read ({exc}).") from exc
    return text


def backup_key_opens(path: Path | str, key: FileKey) -> bool:
    """Whether ``key`` opens the encrypted JSON backup at ``path`` (which is only read)."""
    sealed = cipher.open_sealed(Path(path), key)
    if sealed is None:
        return False
    sealed.close()
    return True


def _load_backup(text: str, name: str = "the backup") -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RestoreError(
            f"“{name}” is not a Kith backup: it is not valid JSON (line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg})."
        ) from exc
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise RestoreError(f"“{name}” is JSON, but not a Kith backup.")
    version = document.get("version")
    if not isinstance(version, int) or version > BACKUP_VERSION:
        raise RestoreError(f"“{name}” was written by a newer Kith; update Kith to restore it.")
    schema = document.get("schema_version")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise RestoreError(f"“{name}” was written by a newer Kith; update Kith to restore it.")
    for key, _model in BACKUP_TABLES:
        rows = document.get(key, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise RestoreError(f"“{name}” is damaged: “{key}” is not a list of records.")
    return document


def _database_is_empty() -> bool:
    return not any(model.select().exists() for _, model in BACKUP_TABLES)


class _TextSource(Protocol):
    """What a backup is read from: a text file, or a sealed backup's text
    (:class:`kith.store.cipher.SealedText`)."""

    def read(self, size: int = -1, /) -> str: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: Any) -> Any: ...


class _JsonStream:
    """One JSON document read from a text file piece by piece.

    The top-level object and the lists in it are walked here; every value inside (each
    record) is decoded by the json module's own decoder (``raw_decode``), so only the record
    being read and one chunk of the file are in memory. (A per-event parser such as ijson
    costs more in Python calls than the whole restore may take at 100,000 people.)
    """

    CHUNK = 1 << 20
    #: A single value longer than this is taken for a damaged file, not read on.
    LONGEST = 256 << 20

    def __init__(self, handle: _TextSource, name: str) -> None:
        self._handle = handle
        self._name = name
        self._text = ""
        self._at = 0
        self._lines = 1  # the line ``_text`` starts on
        self._ended = False
        self._decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self._ended:
            return False
        self._lines += self._text.count("\n", 0, self._at)
        chunk = self._handle.read(self.CHUNK)
        self._text = self._text[self._at :] + chunk
        self._at = 0
        self._ended = not chunk
        return bool(chunk)

    def invalid(self, message: str, at: int | None = None) -> RestoreError:
        where = self._at if at is None else at
        line = self._lines + self._text.count("\n", 0, where)
        return RestoreError(
            f"“{self._name}” is not a Kith backup: it is not valid JSON (line {line}: {message})."
        )

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            found = _NOT_SPACE.search(self._text, self._at)
            if found is not None:
                self._at = found.start()
                return self._text[self._at]
            self._at = len(self._text)
            if not self._more():
                return ""

    def take(self, char: str) -> bool:
        if self.peek() != char:
            return False
        self._at += 1
        return True

    def expect(self, char: str) -> None:
        if not self.take(char):
            found = self.peek()
            raise self.invalid(f"expected “{char}”, found {f'“{found}”' if found else 'the end'}")

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._text, self._at)
            except json.JSONDecodeError as exc:
                if len(self._text) - self._at < self.LONGEST and self._more():
                    continue  # the value goes on in the next chunk
                raise self.invalid(exc.msg, exc.pos) from exc
            if end == len(self._text) and self._more():
                continue  # a number (or a word) may go on in the next chunk
            self._at = end
            return value

    def items(self, lists: frozenset[str]) -> Iterator[tuple[str, Any]]:
        """The top-level object's (key, value) pairs; a list under one of ``lists`` comes one
        (key, item) pair per item."""
        if self.peek() != "{":
            raise RestoreError(f"“{self._name}” is JSON, but not a Kith backup.")
        self.expect("{")
        if not self.take("}"):
            while True:
                key = self.value()
                if not isinstance(key, str):
                    raise self.invalid("expected a name in quotes")
                self.expect(":")
                if key in lists and self.take("["):
                    if not self.take("]"):
                        while True:
                            yield key, self.value()
                            if not self.take(","):
                                self.expect("]")
                                break
                else:
                    yield key, self.value()
                if not self.take(","):
                    self.expect("}")
                    break
        if self.peek():
            raise self.invalid("more after the end of the backup")


_NOT_SPACE = re.compile(r"\S")

#: A record's value for a field it does not have.
_ABSENT = object()

#: Rows inserted with one ``executemany``.
_RESTORE_BATCH = 2000


def _missing(field: pw.Field) -> Any:
    """What a record without ``field`` gets (what ``insert_many`` would give it)."""
    default = field.default
    return field.db_value(default() if callable(default) else default)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def _truth(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _from_json_writer(field: pw.Field) -> Any:
    """``field.db_value(_from_json(field, value))`` for a non-null value, checked the same
    way, in one call: what SQLite is given for it."""
    if isinstance(field, pw.DateTimeField):
        return lambda v: datetime.fromisoformat(v).isoformat(" ")
    if isinstance(field, pw.DateField):
        return lambda v: date.fromisoformat(v).isoformat()
    if isinstance(field, pw.BlobField):
        return lambda v: base64.b64decode(v, validate=True)
    if isinstance(field, pw.BooleanField):
        return _truth
    if isinstance(field, pw.IntegerField | pw.ForeignKeyField | pw.AutoField):
        return _whole
    if isinstance(field, pw.CharField | pw.TextField):
        return _text
    return lambda v: field.db_value(_from_json(field, v))


def _restore_rows(path: Path, handle: _TextSource) -> None:
    """Insert every record of the backup, table by table as they come (in the transaction)."""
    from kith.store.models import database_proxy

    models = dict(BACKUP_TABLES)
    header: dict[str, Any] = {}
    pending: list[tuple[Any, ...]] = []
    current: str | None = None
    number = 0
    sql = ""

    def flush() -> None:
        if pending:
            database_proxy.cursor().executemany(sql, pending)
            pending.clear()

    stream = _JsonStream(handle, path.name)
    for key, value in stream.items(frozenset(models)):
        if key not in models:
            header[key] = value
            _check_header(header, path.name)
            continue
        if not isinstance(value, dict):
            raise RestoreError(f"“{path.name}” is damaged: “{key}” is not a list of records.")
        if key != current:
            flush()
            current, number = key, 0
            model = models[key]
            fields = model._meta.sorted_fields
            writers = [(f.name, _from_json_writer(f), f) for f in fields]
            columns = ", ".join(f'"{f.column_name}"' for f in fields)
            marks = ", ".join("?" * len(fields))
            sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        number += 1
        try:
            row = tuple(
                [
                    None
                    if (v := value.get(name, _ABSENT)) is None
                    else _missing(f)
                    if v is _ABSENT
                    else write(v)
                    for name, write, f in writers
                ]
            )
        except (ValueError, TypeError, binascii.Error) as exc:
            raise RestoreError(
                f"“{path.name}” is damaged: record {number} of “{key}” has a bad value ({exc})."
            ) from exc
        pending.append(row)
        if len(pending) >= _RESTORE_BATCH:
            flush()
    flush()
    if header.get("format") != BACKUP_FORMAT:
        raise RestoreError(f"“{path.name}” is JSON, but not a Kith backup.")


def _check_header(header: dict[str, Any], name: str) -> None:
    if "format" in header and header["format"] != BACKUP_FORMAT:
        raise RestoreError(f"“{name}” is JSON, but not a Kith backup.")
    newer = f"“{name}” was written by a newer Kith; update Kith to restore it."
    if "version" in header:
        version = header["version"]
        if not isinstance(version, int) or version > BACKUP_VERSION:
            raise RestoreError(newer)
    schema = header.get("schema_version")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise RestoreError(newer)


@contextmanager
def _indexes_built_after(tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' secondary indexes for the block and build them again after it (in
    the caller's transaction): one sort per index instead of a b-tree insert per row. A
    unique index the rows break fails to build, an ``IntegrityError`` like an insert's."""
    from kith.store.models import database_proxy

    marks = ", ".join("?" * len(tables))
    indexes = database_proxy.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        list(tables),
    ).fetchall()
    for name, _sql in indexes:
        database_proxy.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        database_proxy.execute_sql(sql)


def restore_json_backup(path: Path | str, file_key: FileKey | None = None) -> BackupSummary:
    """Restore a JSON backup into an EMPTY database, exactly (same ids, uids, timestamps).

    Read as a stream and written in batches inside one transaction, so memory stays flat.
    An encrypted backup is read from its sealed file with ``file_key`` (its passphrase or
    recovery key), else with the key of the open database. Raises :class:`RestoreError`
    (writing nothing) for a database that already holds anything, a file that is not a Kith
    backup, a damaged backup, or an encrypted one that neither key opens.
    """
    from kith.store.models import database_proxy

    path = Path(path)
    with open_backup_text(path, file_key) as handle:
        if not _database_is_empty():
            raise RestoreError(
                "This database already has data. Restore a backup into a new, empty database "
                "(for example: kith --database NEW.sqlite restore BACKUP.json)."
            )
        tables = [m._meta.table_name for _, m in BACKUP_TABLES] + ["contact_index"]
        try:
            with writing(*tables):
                # Checked at commit: the lists may come in any order.
                database_proxy.execute_sql("PRAGMA defer_foreign_keys = ON")
                # No trigger per row either (some would search tables without their
                # indexes): everyone's last contact is worked out once after the rows.
                with (
                    _indexes_built_after([m._meta.table_name for _, m in BACKUP_TABLES]),
                    derived.triggers_off(database_proxy),
                ):
                    _restore_rows(path, handle)
                fill_contact_index()
        except UnicodeDecodeError as exc:
            raise RestoreError(
                f"“{path.name}” is not a Kith backup (it is not UTF-8 text)."
            ) from exc
        except OSError as exc:
            raise RestoreError(f"Kith cannot read “{path}”: {exc.strerror or exc}.") from exc
        except pw.IntegrityError as exc:
            raise RestoreError(
                f"“{path.name}” is damaged: its records do not fit together ({exc})."
            ) from exc
    return BackupSummary(
        contacts=Contact.select().count(),
        interactions=Interaction.select().count(),
        follow_ups=FollowUp.select().count(),
        goals=Goal.select().count(),
        relationships=Relationship.select().count(),
    )


def backup_entries(text: str) -> Iterator[Entry]:
    """The contacts of a JSON backup as import entries (for importing into a used database).

    Only people come across this way (with their channels, tags, uid and introducer);
    interactions, follow-ups and goals need :func:`restore_json_backup`.
    """
    try:
        document = _load_backup(text)
    except RestoreError as exc:
        raise ImportFileError(str(exc)) from exc
    methods: dict[int, list[dict[str, Any]]] = {}
    for m in document.get("contact_methods", []):
        methods.setdefault(m.get("contact"), []).append(m)
    tag_names = {t.get("id"): t.get("name", "") for t in document.get("tags", [])}
    tags: dict[int, list[str]] = {}
    for link in sorted(document.get("contact_tags", []), key=lambda r: r.get("id") or 0):
        name = tag_names.get(link.get("tag"))
        if name:
            tags.setdefault(link.get("contact"), []).append(name)
    uids = {c.get("id"): c.get("uid") for c in document.get("contacts", [])}
    fields = Contact._meta.fields
    for number, record in enumerate(document.get("contacts", []), start=1):
        source = f"contact {number}"
        warnings: list[str] = []

        def value(
            name: str, record: dict[str, Any] = record, warnings: list[str] = warnings
        ) -> Any:
            try:
                return _from_json(fields[name], record.get(name))
            except (ValueError, TypeError, binascii.Error):
                warnings.append(f"The {name.replace('_', ' ')} could not be read and was left out.")
                return None

        draft = ContactDraft(
            full_name=value("full_name") or "",
            given_name=value("given_name") or "",
            family_name=value("family_name") or "",
            nickname=value("nickname") or "",
            photo=value("photo"),
            company=value("company") or "",
            title=value("title") or "",
            location=value("location") or "",
            how_met=value("how_met") or "",
            met_on=value("met_on"),
            birthday_month=value("birthday_month"),
            birthday_day=value("birthday_day"),
            birthday_year=value("birthday_year"),
            circle=value("circle"),
            cadence_days=value("cadence_days"),
            notes=value("notes") or "",
            archived=bool(value("archived")),
            tags=tags.get(record.get("id"), []),
            channels=[
                ChannelDraft(
                    str(m.get("kind", "")), str(m.get("value", "")), str(m.get("label", ""))
                )
                for m in sorted(
                    methods.get(record.get("id"), []),
                    key=lambda m: (m.get("position") or 0, m.get("id") or 0),
                )
            ],
        )
        introducer = uids.get(record.get("introduced_by"))
        yield finish_entry(
            draft,
            source,
            end=0,
            uid=record.get("uid") if isinstance(record.get("uid"), str) else None,
            introduced_by_uid=introducer if isinstance(introducer, str) else None,
            warnings=warnings,
        )
