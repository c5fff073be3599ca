"""Contacts ▸ Find duplicates…: what each side of a likely pair holds, and an undoable merge."""

from __future__ import annotations

from dataclasses import dataclass

from kith.core.backups import backup_before
from kith.core.contacts import DeletedContacts, delete_contacts, restore_contacts
from kith.core.directory import contact_detail
from kith.core.merge import merge_contacts
from kith.store.changes import writing
from kith.store.models import CONTACT_TABLES, FollowUp, InteractionContact


@dataclass(frozen=True)
class PairSide:
    """One contact of a likely duplicate pair, as the side-by-side view shows it."""

    contact_id: int
    name: str
    role_line: str  # "VP Engineering · Acme"
    location: str
    channels: tuple[tuple[str, str], ...]  # (kind, value)
    tags: tuple[str, ...]
    interactions: int
    follow_ups: int
    notes: str


def pair_side(contact_id: int) -> PairSide | None:
    """What one contact holds (None when it was deleted meanwhile)."""
    detail = contact_detail(contact_id)
    if detail is None:
        return None
    interactions = (
        InteractionContact.select().where(InteractionContact.contact == contact_id).count()
    )
    follow_ups = FollowUp.select().where(FollowUp.contact == contact_id).count()
    return PairSide(
        contact_id=contact_id,
        name=detail.summary.full_name,
        role_line=detail.summary.role_line,
        location=detail.location,
        channels=tuple((c.kind, c.value) for c in detail.channels),
        tags=detail.summary.tags,
        interactions=int(interactions),
        follow_ups=int(follow_ups),
        notes=detail.notes,
    )


_TABLES = CONTACT_TABLES


@dataclass
class MergedPair:
    """A merge of two stored contacts, with both as they were before, for undo."""

    keep_id: int
    other_id: int
    before: DeletedContacts


def merge_pair(keep_id: int, other_id: int) -> MergedPair:
    """:func:`~kith.core.merge.merge_contacts`, remembering both people first (one transaction).

    The snapshot is taken by deleting both and putting them back inside the same
    transaction (so it is exactly what :func:`delete_contacts` would remove), then merging.
    """
    if keep_id == other_id:
        raise ValueError("A contact cannot be merged into itself")
    backup_before("merge")  # raises BackupError: nothing merged
    with writing(*_TABLES):
        before = delete_contacts([keep_id, other_id])
        _remap(before, restore_contacts(before))
        merge_contacts(keep_id, other_id)
    return MergedPair(keep_id, other_id, before)


def _remap(snapshot: DeletedContacts, new_ids: list[int]) -> dict[int, int]:
    old_ids = [int(c["id"]) for c in snapshot.contacts]
    mapping = dict(zip(old_ids, new_ids, strict=True))
    if any(old != new for old, new in mapping.items()):  # ids were taken meanwhile
        raise RuntimeError("Contacts could not be put back under their own ids")
    return mapping


def unmerge(merged: MergedPair) -> None:
    """Undo :func:`merge_pair`: both people back exactly as they were, each with their own
    interactions, follow-ups, tags, channels, goals and relationships."""
    with writing(*_TABLES):
        delete_contacts([merged.keep_id])
        mapping = dict(
            zip(
                [int(c["id"]) for c in merged.before.contacts],
                restore_contacts(merged.before),
                strict=True,
            )
        )
        merged.keep_id = mapping.get(merged.keep_id, merged.keep_id)
        merged.other_id = mapping.get(merged.other_id, merged.other_id)


def remerge(merged: MergedPair) -> None:
    """Redo :func:`merge_pair` after :func:`unmerge`."""
    merge_contacts(merged.keep_id, merged.other_id)
