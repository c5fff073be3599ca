"""Who knows whom: relationships between contacts, and what an introduction records.

A relationship is stored once per pair, with ``a`` the smaller id. See resources/help/rules.md
("Who knows whom").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kith.core.errors import ValidationError
from kith.store.changes import writing
from kith.store.models import RELATIONSHIP_KINDS, Contact, Relationship, utcnow

KIND_LABELS = {
    "knows": "Knows",
    "colleague": "Colleague",
    "friend": "Friend",
    "family": "Family",
    "introduced": "Introduced",
}
MAX_NOTE_LENGTH = 500


def _pair(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


@dataclass(frozen=True)
class RelationshipState:
    """A pair's relationship as it was (``kind`` None: they had none) — what undo puts back."""

    a: int
    b: int
    kind: str | None
    note: str = ""
    since: date | None = None


def relationship_between(x: int, y: int) -> RelationshipState:
    a, b = _pair(x, y)
    row = Relationship.get_or_none(Relationship.a == a, Relationship.b == b)
    if row is None:
        return RelationshipState(a, b, None)
    return RelationshipState(a, b, row.kind, row.note, row.since)


def _put(state: RelationshipState) -> None:
    """Write a pair's relationship; both people count as changed (their vCards list whom they
    know, so a sync sends them again). Inside a ``writing("relationship", "contact")``."""
    Contact.update(updated_at=utcnow()).where(Contact.id.in_([state.a, state.b])).execute()
    if state.kind is None:
        Relationship.delete().where(Relationship.a == state.a, Relationship.b == state.b).execute()
        return
    Relationship.insert(
        a=state.a, b=state.b, kind=state.kind, note=state.note, since=state.since
    ).on_conflict(
        conflict_target=[Relationship.a, Relationship.b],
        update={
            Relationship.kind: state.kind,
            Relationship.note: state.note,
            Relationship.since: state.since,
        },
    ).execute()


def set_relationship(
    x: int, y: int, kind: str = "knows", note: str = "", since: date | None = None
) -> RelationshipState:
    """Record (or change) that two people know each other; return the state before (undo).

    Raises ValidationError for a person with themselves, an unknown kind or a missing person.
    """
    errors: dict[str, str] = {}
    if x == y:
        errors["other"] = "Pick someone else: a person always knows themselves"
    if kind not in RELATIONSHIP_KINDS:
        errors["kind"] = "Choose knows, colleague, friend, family or introduced"
    if len(note.strip()) > MAX_NOTE_LENGTH:
        errors["note"] = f"Keep the note under {MAX_NOTE_LENGTH} characters"
    if x != y and Contact.select().where(Contact.id.in_([x, y])).count() != 2:
        errors["other"] = "That person is no longer in Kith"
    if errors:
        raise ValidationError(errors)
    before = relationship_between(x, y)
    a, b = _pair(x, y)
    with writing("relationship", "contact"):
        _put(RelationshipState(a, b, kind, note.strip(), since))
    return before


def remove_relationship(x: int, y: int) -> RelationshipState:
    """Forget that two people know each other; return the state before (for undo)."""
    before = relationship_between(x, y)
    with writing("relationship", "contact"):
        _put(RelationshipState(before.a, before.b, None))
    return before


def restore_relationship(state: RelationshipState) -> None:
    """Put a pair back as it was (undo of set/remove); missing people are ignored."""
    alive = Contact.select().where(Contact.id.in_([state.a, state.b])).count() == 2
    with writing("relationship", "contact"):
        if alive or state.kind is None:
            _put(state)


@dataclass(frozen=True)
class Connection:
    """Someone a contact knows, as their card lists them."""

    contact_id: int
    full_name: str
    company: str
    kind: str
    note: str
    since: date | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def connections_of(contact_id: int) -> list[Connection]:
    """Everyone this person knows (not archived), by name."""
    result = []
    for own, other in ((Relationship.a, Relationship.b), (Relationship.b, Relationship.a)):
        query = (
            Relationship.select(
                Contact.id,
                Contact.full_name,
                Contact.company,
                Relationship.kind,
                Relationship.note,
                Relationship.since,
                Contact.sort_name,
            )
            .join(Contact, on=(other == Contact.id))
            .where(own == contact_id, Contact.archived == False)  # noqa: E712
            .tuples()
        )
        result += list(query)
    result.sort(key=lambda r: (r[6], r[0]))
    return [Connection(*r[:6]) for r in result]


def all_relationships() -> list[tuple[int, int, str]]:
    """Every relationship as (a, b, kind), a < b."""
    return list(Relationship.select(Relationship.a, Relationship.b, Relationship.kind).tuples())


@dataclass(frozen=True)
class IntroRecord:
    """What an introduction wrote: the relationships before (for undo) and credits given."""

    before: tuple[RelationshipState, ...]
    #: (contact id, introduced_by before) for each person credited to the introducer.
    credited: tuple[tuple[int, int | None], ...]


def insert_intro(contact_ids: Sequence[int], introducer_id: int | None, day: date) -> IntroRecord:
    """Record an introduction inside the caller's ``writing("relationship", "contact")`` block.

    ``introducer_id`` None: you introduced them — every pair among ``contact_ids`` now knows
    each other ("introduced", "You introduced them"). Otherwise that person introduced the
    others: each of them now knows the introducer, pairs among them know each other, and each
    of them without an introducer on their card is credited to this one.
    A pair that already has a relationship keeps it (a colleague stays a colleague).
    """
    people = [cid for cid in dict.fromkeys(contact_ids) if cid != introducer_id]
    before: list[RelationshipState] = []
    names = {}
    if introducer_id is not None:
        row = Contact.get_or_none(Contact.id == introducer_id)
        names[introducer_id] = row.full_name if row is not None else ""
    together = (
        "You introduced them" if introducer_id is None else f"Introduced by {names[introducer_id]}"
    )
    links = [(x, y, "introduced", together) for i, x in enumerate(people) for y in people[i + 1 :]]
    if introducer_id is not None:
        links = [(introducer_id, p, "knows", "") for p in people] + links
    for x, y, kind, note in links:
        state = relationship_between(x, y)
        if state.kind is None:
            before.append(state)
            _put(RelationshipState(state.a, state.b, kind, note, day))
    credited: list[tuple[int, int | None]] = []
    if introducer_id is not None and people:
        rows = Contact.select(Contact.id, Contact.introduced_by).where(
            Contact.id.in_(people), Contact.introduced_by.is_null()
        )
        credited = [(cid, by) for cid, by in rows.tuples()]
        if credited:
            Contact.update(introduced_by=introducer_id).where(
                Contact.id.in_([cid for cid, _ in credited])
            ).execute()
    return IntroRecord(tuple(before), tuple(credited))


def undo_intro(record: IntroRecord) -> None:
    """Take back what :func:`insert_intro` recorded."""
    with writing("relationship", "contact"):
        for state in record.before:
            _put(state)
        for cid, by in record.credited:
            Contact.update(introduced_by=by).where(Contact.id == cid).execute()


def intro_introducer(contact_ids: Sequence[int], direction: str) -> int | None:
    """Who made an introduction logged with these people in this direction.

    "I gave" means you introduced them to each other (None); any other direction means the
    first person picked introduced you (and anyone else picked) — "Ana introduced me to Ben".
    """
    if direction == "gave" or not contact_ids:
        return None
    return contact_ids[0]
