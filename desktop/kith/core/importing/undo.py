"""Undoing an import: delete the people it added and put merged people back as they were.

:func:`before_import` records the stored contacts an import will merge into (call it just
before :func:`~kith.core.importing.apply.apply_import`); :func:`undo_import` then removes the
added people and restores the merged ones (without the kept card the import gave them), and
:func:`redo_import` applies it all again — each in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kith.core.bulk import DeletedMany, delete_many, restore_many
from kith.core.contacts import ContactDraft, load_drafts, save_contact
from kith.core.importing.apply import Decision, ImportResult
from kith.core.importing.original_card import keep_cards, stored_cards
from kith.core.importing.review import Action
from kith.store.changes import writing
from kith.store.models import CONTACT_TABLES, ContactCard

_TABLES = CONTACT_TABLES


@dataclass
class ImportUndo:
    """What an applied import changed, enough to undo and redo it."""

    added: list[int]
    before: dict[int, ContactDraft]
    after: dict[int, ContactDraft] = field(default_factory=dict)
    deleted: DeletedMany | None = None
    #: The kept cards the import gave merged-into people who had none (taken back on undo).
    cards: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def merged(self) -> list[int]:
        return list(self.before)


def before_import(decisions: Iterable[Decision]) -> dict[int, ContactDraft]:
    """The stored contacts these decisions merge into, as they are now."""
    ids = []
    for d in decisions:
        if d.action == Action.MERGE:
            target = d.merge_into or d.candidate.match_id
            if target is not None:
                ids.append(target)
    return load_drafts(ids)


def import_undo(result: ImportResult, before: dict[int, ContactDraft]) -> ImportUndo:
    """The undo record of an import that has just been applied."""
    touched = {i: d for i, d in before.items() if i in set(result.merged)}
    return ImportUndo(added=list(result.added), before=touched, cards=stored_cards(result.carded))


def undo_import(state: ImportUndo) -> None:
    """Delete the people the import added and restore those it merged into."""
    with writing(*_TABLES):
        state.after = load_drafts(state.before)
        state.deleted = delete_many(state.added)
        for contact_id, draft in state.before.items():
            save_contact(draft, contact_id)
        ContactCard.delete().where(ContactCard.contact.in_(list(state.cards))).execute()


def redo_import(state: ImportUndo) -> None:
    """Apply an undone import again: the added people back, the merged ones merged."""
    if state.deleted is None:
        return
    with writing(*_TABLES):
        state.added = restore_many(state.deleted)
        state.deleted = None
        for contact_id, draft in state.after.items():
            save_contact(draft, contact_id)
        keep_cards(state.cards)
