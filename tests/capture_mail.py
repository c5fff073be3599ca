"""Mail and calendar the capture tests read: a few people in Kith, and messages dated relative
to the test's "now" (so the suite holds under a moved clock) covering every case capture must
tell apart — known and unknown senders, a reply thread, a message from the user, a newsletter,
a big CC list, automatic mail and broken messages."""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.local_time import local_at, to_local

ME = "me@example.org"
ANA = "ana.lima@example.com"
BOB = "bob@example.net"


@dataclass(frozen=True)
class People:
    ana: int
    bob: int
    cleo: int


def add_people() -> People:
    """Ana (two addresses, one typed in capitals), Bob, and Cleo, who is archived."""
    ana = save_contact(
        ContactDraft(
            full_name="Ana Lima",
            channels=[
                ChannelDraft("email", "Ana.Lima@Example.com"),
                ChannelDraft("email", "ana@work.example"),
            ],
        )
    )
    bob = save_contact(ContactDraft(full_name="Bob Stone", channels=[ChannelDraft("email", BOB)]))
    cleo = save_contact(
        ContactDraft(
            full_name="Cleo Park",
            channels=[ChannelDraft("email", "cleo@example.com")],
            archived=True,
        )
    )
    return People(int(ana), int(bob), int(cleo))


def noon(today: date, days_ago: int, hours: int = 0) -> datetime:
    """Local noon ``days_ago`` days before ``today`` (+ hours), as naive UTC."""
    return local_at(today - timedelta(days=days_ago), time(12)) + timedelta(hours=hours)


def message(
    sender: str,
    to: list[str],
    when: datetime | None,
    message_id: str,
    *,
    cc: list[str] = (),  # type: ignore[assignment]
    replies_to: list[str] = (),  # type: ignore[assignment]
    subject: str = "Hello",
    headers: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if when is not None:
        msg["Date"] = format_datetime(to_local(when))
    msg["Message-ID"] = f"<{message_id}>"
    if replies_to:
        msg["In-Reply-To"] = f"<{replies_to[-1]}>"
        msg["References"] = " ".join(f"<{m}>" for m in replies_to)
    msg["Subject"] = subject
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content("The body, which capture never reads.\n")
    return bytes(msg)


def inbox(today: date) -> list[bytes]:
    """The inbox: what others sent (and one broken message)."""
    return [
        # A thread Ana starts, 5 days ago; she answers again 3 days ago.
        message(ANA, [ME], noon(today, 5), "a1@example.com", subject="Lunch next week?"),
        message(
            f"Ana Lima <{ANA.upper()}>",
            [ME],
            noon(today, 3),
            "a3@example.com",
            replies_to=["a1@example.com", "a2@example.org"],
            subject="Re: Lunch next week?",
        ),
        # A newsletter from Ana's work address: skipped.
        message(
            "ana@work.example",
            [ME],
            noon(today, 2),
            "news1@work.example",
            headers={"List-Unsubscribe": "<mailto:leave@work.example>"},
        ),
        # A big CC list with Bob on it: skipped (12 people).
        message(
            ANA,
            [ME],
            noon(today, 2),
            "crowd@example.com",
            cc=[BOB] + [f"person{n}@example.com" for n in range(9)],
        ),
        # Someone Kith does not know.
        message("stranger@elsewhere.example", [ME], noon(today, 1), "x1@elsewhere.example"),
        # Robots: a no-reply sender and an auto-reply from Bob.
        message("no-reply@shop.example", [ME, BOB], noon(today, 1), "r1@shop.example"),
        message(
            BOB,
            [ME],
            noon(today, 1),
            "auto1@example.net",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        # Archived Cleo writes: not suggested.
        message("cleo@example.com", [ME], noon(today, 1), "c1@example.com"),
        # Broken: no date.
        message(BOB, [ME], None, "nodate@example.net"),
    ]


def sent(today: date) -> list[bytes]:
    """The Sent folder: the user's answer to Ana, and a message the user starts with Bob."""
    return [
        message(
            ME,
            [ANA],
            noon(today, 5, hours=1),
            "a2@example.org",
            replies_to=["a1@example.com"],
            subject="Re: Lunch next week?",
        ),
        message(ME, [BOB], noon(today, 4), "b1@example.org", subject="The intro"),
    ]


def write_mbox(path: Path, messages: list[bytes], *, broken_date: bool = True) -> Path:
    box = mailbox.mbox(str(path), create=True)
    for raw in messages:
        box.add(raw)
    if broken_date:
        box.add(
            b"From: bob@example.net\nTo: me@example.org\nDate: the day after tomorrow\n"
            b"Message-ID: <baddate@example.net>\n\nhello\n"
        )
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def ics(today: date) -> str:
    """A calendar: a meeting Ana organised with Bob (and a stranger), a meeting the user
    organised where Bob declined, a cancelled one, one not yet happened, and a crowded one."""

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y%m%dT%H%M%SZ")

    def event(uid: str, start: datetime, organizer: str, attendees: list[str], extra: str = ""):
        lines = [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp(start)}",
            f"DTSTART:{stamp(start)}",
            f"DTEND:{stamp(start + timedelta(hours=1))}",
            "SUMMARY:Planning",
        ]
        if organizer:
            lines.append(f"ORGANIZER:mailto:{organizer}")
        lines += attendees
        if extra:
            lines.append(extra)
        lines.append("END:VEVENT")
        return "\r\n".join(lines)

    def att(address: str, status: str = "ACCEPTED") -> str:
        return f"ATTENDEE;PARTSTAT={status}:mailto:{address}"

    events = [
        event("m1@kith", noon(today, 6), ANA, [att(BOB), att(ME), att("guest@else.example")]),
        event("m2@kith", noon(today, 2), ME, [att(ANA.upper()), att(BOB, "DECLINED")]),
        event("m3@kith", noon(today, 2), BOB, [att(ME)], "STATUS:CANCELLED"),
        event("m4@kith", noon(today, -3), BOB, [att(ME)]),
        event(
            "m5@kith", noon(today, 1), ANA, [att(BOB)] + [att(f"p{n}@x.example") for n in range(10)]
        ),
    ]
    return (
        "\r\n".join(
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kith tests//EN", *events, "END:VCALENDAR"]
        )
        + "\r\n"
    )
