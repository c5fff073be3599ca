"""Undoable interaction changes: log (with its follow-up), edit, delete.

Like the contact commands, the first run happens in Python before the push (so a
ValidationError reaches the form) and ``redo()`` skips it.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from kith.core.interactions import (
    DeletedInteraction,
    InteractionDraft,
    LoggedInteraction,
    delete_interaction,
    record_interaction,
    restore_interaction,
    undo_log,
    update_interaction,
)


def _label(draft: InteractionDraft) -> str:
    summary = draft.summary.strip()
    return f"“{summary}”" if summary else "interaction"


class LogInteractionCommand(QUndoCommand):
    """Log an interaction and its "follow up in …"; undo removes both."""

    def __init__(self, draft: InteractionDraft) -> None:
        self._draft = draft
        self.logged: LoggedInteraction = record_interaction(draft)  # raises ValidationError
        self._first = True
        super().__init__(f"Log {_label(draft)}")

    def undo(self) -> None:
        undo_log(self.logged)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.logged = record_interaction(self._draft)


class EditInteractionCommand(QUndoCommand):
    """Save changes to an interaction; undo puts the old values back."""

    def __init__(self, interaction_id: int, draft: InteractionDraft) -> None:
        self.interaction_id = interaction_id
        self._after = draft
        self._before = update_interaction(interaction_id, draft)  # raises ValidationError
        self._first = True
        super().__init__(f"Edit {_label(draft)}")

    def undo(self) -> None:
        update_interaction(self.interaction_id, self._before)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._before = update_interaction(self.interaction_id, self._after)


class DeleteInteractionCommand(QUndoCommand):
    """Delete an interaction; undo puts it back with its people and completed follow-ups."""

    def __init__(self, interaction_id: int, text: str = "Delete interaction") -> None:
        self.interaction_id = interaction_id
        self._deleted: DeletedInteraction = delete_interaction(interaction_id)
        self._first = True
        super().__init__(text)

    def undo(self) -> None:
        self.interaction_id = restore_interaction(self._deleted)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._deleted = delete_interaction(self.interaction_id)
