"""The undo commands behind :class:`kith.ui.commands.follow_up_actions.FollowUpActions`.

Each change runs once when its command is made (so a follow-up that vanished or is already
done raises there, before anything is pushed); ``redo()`` skips that first run, and undo puts
the follow-up back exactly as it was. Imported on a follow-up's first change, not at start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from PySide6.QtGui import QUndoCommand

from kith.core.follow_ups import (
    Completion,
    FollowUpDraft,
    FollowUpState,
    complete_follow_up,
    create_follow_up,
    delete_follow_up,
    restore_follow_up,
    undo_completion,
    update_follow_up,
)
from kith.core.interactions import InteractionDraft
from kith.ui.preferences import preferences


class StateCommand(QUndoCommand):
    """A follow-up change whose undo is "put the row back as it was" (snooze, drop, …)."""

    def __init__(self, text: str, follow_up_id: int, apply: Callable[[int], FollowUpState]) -> None:
        super().__init__(text)
        self.follow_up_id = follow_up_id
        self._apply = apply
        self._before = apply(follow_up_id)  # raises before anything is pushed
        self._first = True

    def undo(self) -> None:
        self.follow_up_id = restore_follow_up(self._before)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._before = self._apply(self.follow_up_id)


def _morning() -> time:
    """The user's "morning" (Settings): when date-only follow-ups remind, repeats included."""
    return preferences().morning


class CompleteCommand(QUndoCommand):
    """Mark done (maybe logging an interaction); undo removes what it created and reopens."""

    def __init__(
        self, text: str, follow_up_id: int, interaction: InteractionDraft | None = None
    ) -> None:
        super().__init__(text)
        self.follow_up_id = follow_up_id
        self._interaction = interaction
        self.completion: Completion = complete_follow_up(
            follow_up_id, interaction=interaction, morning=_morning()
        )
        self._first = True

    def undo(self) -> None:
        undo_completion(self.completion)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.completion = complete_follow_up(
            self.follow_up_id, interaction=self._interaction, morning=_morning()
        )


class DeleteCommand(QUndoCommand):
    """Delete a follow-up; undo re-creates it with the same id."""

    def __init__(self, text: str, follow_up_id: int) -> None:
        super().__init__(text)
        self.follow_up_id = follow_up_id
        self._state = delete_follow_up(follow_up_id)
        self._first = True

    def undo(self) -> None:
        self.follow_up_id = restore_follow_up(self._state)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._state = delete_follow_up(self.follow_up_id)


class CreateCommand(QUndoCommand):
    """Plan a new follow-up; undo deletes it, redo brings back the same one."""

    def __init__(self, draft: FollowUpDraft) -> None:
        super().__init__(f"Plan {draft.title.strip()}")
        self.follow_up_id = create_follow_up(draft, morning=_morning())  # raises ValidationError
        self._state: FollowUpState | None = None

    def undo(self) -> None:
        self._state = delete_follow_up(self.follow_up_id)

    def redo(self) -> None:
        if self._state is not None:
            self.follow_up_id = restore_follow_up(self._state)
            self._state = None


class UpdateCommand(QUndoCommand):
    """Save the follow-up form; undo puts every field back."""

    def __init__(self, follow_up_id: int, draft: FollowUpDraft) -> None:
        super().__init__(f"Edit {draft.title.strip()}")
        self.follow_up_id = follow_up_id
        self._draft = draft
        self._before = update_follow_up(
            follow_up_id, draft, morning=_morning()
        )  # raises ValidationError
        self._first = True

    def undo(self) -> None:
        restore_follow_up(self._before)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._before = update_follow_up(self.follow_up_id, self._draft, morning=_morning())
