"""A mail message's headers, read with the standard library's ``email`` package, reduced to
what capture keeps: who, when, which thread, and whether it is bulk mail."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

#: The header fields capture reads (IMAP fetches exactly these; SUBJECT only when allowed).
HEADER_FIELDS = (
    "FROM",
    "TO",
    "CC",
    "DATE",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "LIST-ID",
    "LIST-UNSUBSCRIBE",
    "PRECEDENCE",
    "AUTO-SUBMITTED",
)

#: Local parts of senders no person answers.
_NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?|notifications?)"
    r"([+._-].*)?$",
    re.IGNORECASE,
)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


class BrokenMessage(ValueError):
    """A message whose headers cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class MailHeaders:
    """What capture takes from one message."""

    #: The Message-ID without brackets, or a fingerprint of the headers when there is none.
    key: str
    #: The first message of the thread (References' first, else In-Reply-To, else this one).
    thread_key: str
    #: Whether this message starts its thread (it answers nothing).
    starts_thread: bool
    occurred_at: datetime  # naive UTC
    sender: str  # lower-cased address
    #: Everyone on the message — From, To and Cc — lower-cased, each once, in order.
    people: tuple[str, ...]
    #: Why this is bulk mail ("a mailing list", …), or "" for a personal message.
    bulk: str
    subject: str = ""


def parse_headers(raw: bytes | Message, *, with_subject: bool = False) -> MailHeaders:
    """Read a message's headers (raw bytes or a parsed message); :class:`BrokenMessage` when
    it has no usable sender or date."""
    message = raw if isinstance(raw, Message) else message_from_bytes(raw, policy=compat32)
    senders = _addresses(message, "from")
    if not senders:
        raise BrokenMessage("it has no sender (From)")
    when = _date(message)
    bulk = _bulk_reason(message, senders[0])
    # Bulk mail is skipped whoever it was to: its To and Cc need not be read (the slow part).
    people = (
        senders
        if bulk
        else list(dict.fromkeys(senders + _addresses(message, "to") + _addresses(message, "cc")))
    )
    own = _ids(message.get("message-id"))
    references = _ids(message.get("references"))
    answers = _ids(message.get("in-reply-to"))
    key = own[0] if own else _fingerprint(message)
    thread = references[0] if references else answers[0] if answers else key
    subject = ""
    if with_subject:
        subject = " ".join(_text(message.get("subject")).split())[:200]
    return MailHeaders(
        key=key,
        thread_key=thread,
        starts_thread=not references and not answers,
        occurred_at=when,
        sender=senders[0],
        people=tuple(people),
        bulk=bulk,
        subject=subject,
    )


def _text(value: object) -> str:
    """A header's text with encoded words (=?utf-8?…?=) decoded."""
    if value is None:
        return ""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(str(value))))
    except (ValueError, LookupError, UnicodeError):
        return str(value)


def _addresses(message: Message, field: str) -> list[str]:
    values = [str(v) for v in message.get_all(field, [])]
    found = []
    for _name, address in getaddresses(values):
        address = address.strip().lower()
        if "@" in address and " " not in address:
            found.append(address)
    return found


def _date(message: Message) -> datetime:
    text = message.get("date")
    if text is None:
        raise BrokenMessage("it has no date")
    try:
        moment = parsedate_to_datetime(str(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        raise BrokenMessage(f"its date cannot be read ({str(text)[:60]!r})") from None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _ids(value: object) -> list[str]:
    return [m.lower() for m in _MESSAGE_ID.findall(str(value))] if value is not None else []


def _fingerprint(message: Message) -> str:
    """A stable key for a message without a Message-ID (the same message, the same key)."""
    parts = [str(message.get(f, "")) for f in ("from", "to", "cc", "date")]
    return "sha1:" + hashlib.sha1("\n".join(parts).encode("utf-8", "replace")).hexdigest()


def _bulk_reason(message: Message, sender: str) -> str:
    if message.get("list-id") is not None:
        return "a mailing list"
    if message.get("list-unsubscribe") is not None:
        return "a newsletter"
    precedence = str(message.get("precedence", "")).strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    auto = str(message.get("auto-submitted", "")).strip().lower()
    if auto and auto != "no":
        return "sent automatically"
    if is_no_reply(sender):
        return "from a no-reply address"
    return ""


def is_no_reply(address: str) -> bool:
    """Whether an address belongs to a robot (noreply@, mailer-daemon@, notifications@…)."""
    return bool(_NO_REPLY.match(address.partition("@")[0]))
