"""Changes to many contacts at once (tag, circle, cadence, archive), each undoable exactly.

Each function writes in one transaction and returns what it changed, so the caller's undo
can put back exactly the values from before: :func:`restore_values` for circle, cadence and
archive, :func:`undo_tagging` for a tag. Selections of any size work: ids go to SQLite in
chunks, also for :func:`delete_many` (undone by :func:`restore_many`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kith.core.backups import backup_before
from kith.core.contacts import (
    CIRCLE_NAMES,
    MAX_CADENCE_DAYS,
    MAX_TAG_LENGTH,
    DeletedContacts,
    delete_contacts,
    reindex_contacts,
    restore_contacts,
)
from kith.core.errors import ValidationError
from kith.store.changes import writing
from kith.store.models import CONTACT_TABLES, Contact, ContactTag, Tag, utcnow

#: Ids per SQL statement (well under SQLite's variable limit).
CHUNK = 500

#: The contact fields the bulk actions set.
BULK_FIELDS = ("circle", "cadence_days", "archived")


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


@dataclass
class FieldChange:
    """The values one field had before a bulk change: contact id → old value."""

    column: str
    before: dict[int, Any] = field(default_factory=dict)
    value: Any = None

    @property
    def count(self) -> int:
        """How many contacts the change touched (those that already had the value too)."""
        return len(self.before)


def _set_field(contact_ids: Sequence[int], name: str, value: Any) -> FieldChange:
    column = getattr(Contact, name)
    ids = list(dict.fromkeys(contact_ids))
    change = FieldChange(name, value=value)
    with writing("contact"):
        now = utcnow()
        for chunk in _chunks(ids):
            for contact_id, old in (
                Contact.select(Contact.id, column).where(Contact.id.in_(chunk)).tuples()
            ):
                change.before[contact_id] = old
            Contact.update({column: value, Contact.updated_at: now}).where(
                Contact.id.in_(chunk)
            ).execute()
    return change


def set_circle(contact_ids: Sequence[int], circle: int | None) -> FieldChange:
    """Put everyone in ``circle`` (1–5; None: unsorted)."""
    if circle is not None and circle not in CIRCLE_NAMES:
        raise ValidationError({"circle": "Unknown circle"})
    return _set_field(contact_ids, "circle", circle)


def set_cadence(contact_ids: Sequence[int], days: int | None) -> FieldChange:
    """Keep in touch with everyone every ``days`` days (None: back to their circle's cadence)."""
    if days is not None and not 1 <= days <= MAX_CADENCE_DAYS:
        raise ValidationError({"cadence_days": f"Keep in touch every 1 to {MAX_CADENCE_DAYS} days"})
    return _set_field(contact_ids, "cadence_days", days)


def set_archived(contact_ids: Sequence[int], archived: bool = True) -> FieldChange:
    """Archive (or unarchive) everyone: archived people leave lists and reminders."""
    return _set_field(contact_ids, "archived", bool(archived))


def restore_values(change: FieldChange) -> None:
    """Undo a :class:`FieldChange`: every contact gets its old value back (one transaction)."""
    if change.column not in BULK_FIELDS:
        raise ValueError(f"Not a bulk field: {change.column}")
    column = getattr(Contact, change.column)
    by_value: dict[Any, list[int]] = {}
    for contact_id, old in change.before.items():
        by_value.setdefault(old, []).append(contact_id)
    with writing("contact"):
        for old, ids in by_value.items():
            for chunk in _chunks(ids):
                Contact.update({column: old}).where(Contact.id.in_(chunk)).execute()


@dataclass
class Tagging:
    """What :func:`add_tag` did: the tag, who newly got it, and whether it was created."""

    tag: str
    added_to: list[int]
    created: bool

    @property
    def count(self) -> int:
        return len(self.added_to)


def add_tag(contact_ids: Sequence[int], name: str) -> Tagging:
    """Tag everyone with ``name`` (created if new; existing spelling kept), one transaction."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError({"tags": "Give the tag a name"})
    if len(clean) > MAX_TAG_LENGTH:
        raise ValidationError({"tags": f"Keep tags under {MAX_TAG_LENGTH} characters"})
    ids = list(dict.fromkeys(contact_ids))
    added: list[int] = []
    with writing("tag", "contact_tag", "contact_index"):
        tag = Tag.get_or_none(Tag.name == clean)
        created = tag is None
        if tag is None:
            tag = Tag.create(name=clean)
        for chunk in _chunks(ids):
            have = {
                row[0]
                for row in ContactTag.select(ContactTag.contact)
                .where(ContactTag.tag == tag.id, ContactTag.contact.in_(chunk))
                .tuples()
            }
            existing = {
                row[0] for row in Contact.select(Contact.id).where(Contact.id.in_(chunk)).tuples()
            }
            new = [i for i in chunk if i in existing and i not in have]
            if new:
                ContactTag.insert_many([{"contact": i, "tag": tag.id} for i in new]).execute()
            added.extend(new)
        reindex_contacts(added)
    return Tagging(tag.name, added, created)


def undo_tagging(tagging: Tagging) -> None:
    """Undo :func:`add_tag`: take the tag off those who got it; drop it if it was new."""
    with writing("tag", "contact_tag", "contact_index"):
        tag = Tag.get_or_none(Tag.name == tagging.tag)
        if tag is None:
            return
        for chunk in _chunks(tagging.added_to):
            ContactTag.delete().where(
                ContactTag.tag == tag.id, ContactTag.contact.in_(chunk)
            ).execute()
        if tagging.created and not ContactTag.select().where(ContactTag.tag == tag.id).exists():
            tag.delete_instance()
        reindex_contacts(tagging.added_to)


def redo_tagging(tagging: Tagging) -> Tagging:
    """Apply an undone :func:`add_tag` again to the same people."""
    return add_tag(tagging.added_to, tagging.tag)


#: Contacts deleted per :func:`delete_contacts` call inside :func:`delete_many` (their
#: interactions go to SQLite as statement values too: keep well under its 32,766 limit).
DELETE_CHUNK = 1000

_DELETE_TABLES = CONTACT_TABLES


@dataclass
class DeletedMany:
    """Snapshots of a :func:`delete_many`, in the order they were taken."""

    parts: list[DeletedContacts]

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parts)

    @property
    def names(self) -> list[str]:
        return [name for p in self.parts for name in p.names]


def delete_many(contact_ids: Sequence[int]) -> DeletedMany:
    """:func:`~kith.core.contacts.delete_contacts` for any number of people, one transaction.

    SQLite limits the values one statement can take, so the ids go in chunks; an
    interaction shared only among the deleted people is kept by whichever chunk deletes the
    last of them, and :func:`restore_many` puts the chunks back in reverse order.

    Deleting several people takes a backup first (:func:`kith.core.backups.backup_before`);
    when it cannot be written, :class:`~kith.core.backups.BackupError` is raised and nobody
    is deleted.
    """
    ids = list(dict.fromkeys(contact_ids))
    if len(ids) > 1:
        backup_before("delete")
    parts: list[DeletedContacts] = []
    with writing(*_DELETE_TABLES):
        for start in range(0, len(ids), DELETE_CHUNK):
            parts.append(delete_contacts(ids[start : start + DELETE_CHUNK]))
    return DeletedMany(parts)


def restore_many(deleted: DeletedMany) -> list[int]:
    """Undo :func:`delete_many` (one transaction); return the contacts' ids."""
    restored: list[list[int]] = []
    with writing(*_DELETE_TABLES):
        for part in reversed(deleted.parts):
            restored.append(restore_contacts(part))
    return [i for ids in reversed(restored) for i in ids]
