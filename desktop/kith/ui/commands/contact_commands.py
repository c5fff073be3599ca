"""Undoable contact edits: each command is pushed after its first run succeeded.

Qt calls ``redo()`` when a command is pushed; an exception raised inside a virtual called
from C++ cannot reach the caller, so the first run happens in Python before the push (where
validation errors can be shown) and ``redo()`` skips it.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from kith.core.bulk import delete_many, restore_many
from kith.core.contacts import (
    ContactDraft,
    DeletedContacts,
    delete_contacts,
    load_draft,
    restore_contacts,
    save_contact,
)
from kith.core.duplicates import MergedPair, merge_pair, remerge, unmerge
from kith.core.importing.undo import ImportUndo, redo_import, undo_import


class SaveContactCommand(QUndoCommand):
    """Create or edit one contact; undo deletes the new one or puts the old values back."""

    def __init__(self, draft: ContactDraft, contact_id: int | None = None) -> None:
        self._before = load_draft(contact_id) if contact_id is not None else None
        self._after = draft
        self.contact_id = save_contact(draft, contact_id)  # raises ValidationError
        self._deleted: DeletedContacts | None = None
        self._first = True
        name = draft.display_name()
        super().__init__(f"New contact {name}" if contact_id is None else f"Edit {name}")

    def undo(self) -> None:
        if self._before is None:
            self._deleted = delete_contacts([self.contact_id])
        else:
            save_contact(self._before, self.contact_id)

    def redo(self) -> None:
        if self._first:
            self._first = False
        elif self._deleted is not None:
            self.contact_id = restore_contacts(self._deleted)[0]
            self._deleted = None
        else:
            save_contact(self._after, self.contact_id)


class DeleteContactsCommand(QUndoCommand):
    """Delete contacts — any number — and what belongs only to them; undo puts it all back."""

    def __init__(self, contact_ids: list[int]) -> None:
        self.contact_ids = list(contact_ids)
        self._deleted = delete_many(self.contact_ids)
        self._first = True
        names = self._deleted.names
        text = f"Delete {names[0]}" if len(names) == 1 else f"Delete {len(names)} contacts"
        super().__init__(text)

    @property
    def names(self) -> list[str]:
        return self._deleted.names

    def undo(self) -> None:
        self.contact_ids = restore_many(self._deleted)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._deleted = delete_many(self.contact_ids)


class ImportCommand(QUndoCommand):
    """An import already applied (by the import dialog); undo removes the people it added
    and puts the people it merged into back as they were."""

    def __init__(self, state: ImportUndo, source: str) -> None:
        self.state = state
        self._first = True
        added = len(state.added)
        super().__init__(f"Import {added} {'person' if added == 1 else 'people'} from {source}")

    def undo(self) -> None:
        undo_import(self.state)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        redo_import(self.state)


class MergeContactsCommand(QUndoCommand):
    """Merge two stored duplicates; undo puts both people back exactly as they were."""

    def __init__(self, keep_id: int, other_id: int, name: str) -> None:
        self.merged: MergedPair = merge_pair(keep_id, other_id)
        self._first = True
        super().__init__(f"Merge two records of {name}")

    def undo(self) -> None:
        unmerge(self.merged)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        remerge(self.merged)
