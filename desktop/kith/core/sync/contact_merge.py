"""Three-way, field-by-field merge of a contact edited both in Kith and on the server.

The common ancestor is the card as it was last synced. For every field: if only one side
changed it, that change is taken; if both changed it to different values, the newer edit
wins and the other value is written into the contact's notes under a "Sync conflict" line,
so nothing is silently lost. Channels and tags merge as sets: additions from both sides are
kept, and something removed on one side (and untouched on the other) goes; so do important
dates (an anniversary edited on one side is the old one removed and the new one added).

Relationships travel on both people's cards (RELATED) and merge the same way, pair by pair
(``merge_relationship``): one side's change is taken; two different changes keep the newer
and write the other into the person's notes under the same "Sync conflict" line.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kith.core.contacts import CIRCLE_NAMES, ChannelDraft, ContactDraft
from kith.core.merge import channel_key

#: (attribute, label for the notes) of every single-valued field, in form order.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("full_name", "Name"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("name_prefix", "Name prefix"),
    ("middle_name", "Middle name"),
    ("name_suffix", "Name suffix"),
    ("nickname", "Nickname"),
    ("company", "Company"),
    ("department", "Department"),
    ("title", "Title"),
    ("location", "Location"),
    ("how_met", "How we met"),
    ("met_on", "Met on"),
    ("introduced_by_id", "Introduced by"),
    ("birthday", "Birthday"),
    ("circle", "Circle"),
    ("cadence_days", "Keep in touch every"),
    ("archived", "Archived"),
    ("photo", "Photo"),
)


def _get(draft: ContactDraft, attr: str) -> Any:
    if attr == "birthday":
        return (draft.birthday_year, draft.birthday_month, draft.birthday_day)
    value = getattr(draft, attr)
    return value.strip() if isinstance(value, str) else value


def _set(draft: ContactDraft, attr: str, value: Any) -> None:
    if attr == "birthday":
        draft.birthday_year, draft.birthday_month, draft.birthday_day = value
    else:
        setattr(draft, attr, value)


def _shown(attr: str, value: Any, names: Callable[[int], str]) -> str:
    if value is None or value == "" or value == (None, None, None):
        return "(empty)"
    if attr == "birthday":
        year, month, day = value
        return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if attr == "met_on":
        return str(value.isoformat())
    if attr == "circle":
        return CIRCLE_NAMES.get(value, str(value))
    if attr == "cadence_days":
        return f"{value} days"
    if attr == "introduced_by_id":
        return names(value)
    if attr == "archived":
        return "yes" if value else "no"
    if attr == "photo":
        return "another photo"
    return str(value)


def _merge_set(
    base: list[Any], local: list[Any], remote: list[Any], key: Callable[[Any], Hashable]
) -> list[Any]:
    base_keys = {key(x) for x in base}
    local_keys = {key(x) for x in local}
    remote_keys = {key(x) for x in remote}
    removed = (base_keys - local_keys) | (base_keys - remote_keys)
    result: list[Any] = []
    seen: set[Hashable] = set()
    for item in [*local, *remote]:
        k = key(item)
        if k in seen or k in removed:
            continue
        seen.add(k)
        result.append(item)
    return result


@dataclass
class ThreeWayResult:
    draft: ContactDraft
    #: One line per field both sides changed differently (as written into the notes).
    conflicts: list[str]


def merge_three_way(
    base: ContactDraft,
    local: ContactDraft,
    remote: ContactDraft,
    *,
    local_time: datetime,
    remote_time: datetime,
    names: Callable[[int], str] = str,
    today: str = "",
) -> ThreeWayResult:
    """Merge two edits of one contact made since ``base``; the newer edit wins a tie-break.

    ``local_time`` and ``remote_time`` are when each side was last edited (naive UTC);
    ``names`` turns a contact id into a name for the notes (the introduced-by field).
    """
    local_wins = local_time >= remote_time
    merged = ContactDraft(**{**vars(local)})
    conflicts: list[str] = []
    for attr, label in _FIELDS:
        b, mine, theirs = _get(base, attr), _get(local, attr), _get(remote, attr)
        if mine == theirs or theirs == b:
            continue  # nothing to do: local value stays
        if mine == b:
            _set(merged, attr, theirs)
            continue
        loser, where = (theirs, "on the server") if local_wins else (mine, "in this Kith")
        if not local_wins:
            _set(merged, attr, theirs)
        conflicts.append(f"{label} was “{_shown(attr, loser, names)}” {where}")
    merged.channels = _merge_set(
        base.channels,
        local.channels,
        remote.channels,
        key=lambda c: channel_key(c),
    )
    merged.channels = [ChannelDraft(c.kind, c.value, c.label, c.address) for c in merged.channels]
    merged.tags = _merge_set(base.tags, local.tags, remote.tags, key=lambda t: t.casefold())
    merged.dates = _merge_set(base.dates, local.dates, remote.dates, key=lambda d: d)
    # Notes: one side's edit is taken; two different edits keep both texts.
    b_notes, l_notes, r_notes = base.notes.strip(), local.notes.strip(), remote.notes.strip()
    if l_notes == r_notes or r_notes == b_notes:
        notes = l_notes
    elif l_notes == b_notes:
        notes = r_notes
    else:
        first, second = (l_notes, r_notes) if local_wins else (r_notes, l_notes)
        notes = first if second in first else "\n\n".join(p for p in (first, second) if p)
    if conflicts:
        when = f" {today}" if today else ""
        block = "\n".join([f"Sync conflict{when}:", *conflicts])
        if block not in notes:
            notes = "\n\n".join(p for p in (notes, block) if p)
    merged.notes = notes
    return ThreeWayResult(merged, conflicts)


#: A pair's relationship as (kind, note, since); None: they have none.
Relation = tuple[str, str, date | None] | None


def relation_shown(value: Relation) -> str:
    """A relationship in the notes' words: "Family: spouse, since 2019-05-01", "(none)"."""
    from kith.core.relationships import KIND_LABELS

    if value is None:
        return "(none)"
    kind, note, since = value
    text = KIND_LABELS.get(kind, kind)
    if note:
        text += f": {note}"
    if since is not None:
        text += f", since {since.isoformat()}"
    return text


def merge_relationship(
    base: Relation, local: Relation, remote: Relation, *, local_wins: bool, other: str
) -> tuple[Relation, str | None]:
    """One pair's relationship changed since ``base`` here (``local``) and/or on the server
    (``remote``): what to keep, and the conflict line when both changed it differently (the
    losing version, as written into the notes; None when there was no conflict)."""
    if local == remote or remote == base:
        return local, None
    if local == base:
        return remote, None
    loser, where = (remote, "on the server") if local_wins else (local, "in this Kith")
    line = f"Relationship with {other} was “{relation_shown(loser)}” {where}"
    return (local if local_wins else remote), line


def with_conflict_lines(notes: str, lines: list[str], today: str = "") -> str:
    """The notes with these conflict lines under today's "Sync conflict" heading (the last
    block when it is today's, else a new one); a line the notes already hold is not added."""
    new = [line for line in lines if line not in notes]
    if not new:
        return notes
    when = f" {today}" if today else ""
    heading = f"Sync conflict{when}:"
    text = notes.rstrip()
    last = text.rsplit("\n\n", 1)[-1]
    if last.startswith(heading):
        return "\n".join([text, *new])
    return "\n\n".join(p for p in (text, "\n".join([heading, *new])) if p)
