"""Undoable follow-up changes (done, snooze, reschedule, drop, reopen, delete) shared by every page.

Each change runs once in Python (so a follow-up that vanished or is already done becomes a
status message instead of an exception inside Qt), then one :class:`QUndoCommand` is pushed
whose ``redo()`` skips that first run. Undo puts the follow-up back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kith.core.follow_ups import (
    Completion,
    FollowUpDraft,
    FollowUpNotFoundError,
    FollowUpState,
    FollowUpStateError,
    complete_follow_up,
    create_follow_up,
    delete_follow_up,
    drop,
    follow_up_item,
    reopen,
    reschedule,
    restore_follow_up,
    snooze,
    undo_completion,
    update_follow_up,
)
from kith.core.interactions import InteractionDraft
from kith.core.local_time import local_wall, to_utc
from kith.ui.formats import date_text, date_time_text
from kith.ui.preferences import preferences


def _when(moment: datetime) -> str:
    """A snooze moment in the user's words: "Mon, 24 Nov, 09:00"."""
    return date_time_text(local_wall(to_utc(moment)), weekday=True, year=False)


def _day(day: date) -> str:
    return date_text(day, weekday=True, year=False)


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


class FollowUpActions(QObject):
    """Undoable follow-up changes shared by every page, the tray and the popups."""

    status_message = Signal(str)  # e.g. "Done: Send Ana the deck · Undo with Ctrl+Z"

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack

    # the four every page uses ------------------------------------------------------------

    def complete(
        self, follow_up_id: int, interaction: InteractionDraft | None = None
    ) -> Completion | None:
        """Mark done (repeats roll on); with ``interaction``, log it in the same step.

        Returns what was done, or None when the follow-up was gone or no longer open (the
        reason goes to ``status_message``). Raises ValidationError for a bad interaction.
        """
        title = self._title(follow_up_id)
        if title is None:
            return None
        try:
            command = CompleteCommand(f"Done: {title}", follow_up_id, interaction)
        except (FollowUpNotFoundError, FollowUpStateError) as error:
            self._refused(error)
            return None
        self.undo_stack.push(command)
        text = f"Done: {title}"
        if command.completion.interaction_id is not None:
            text += " (interaction logged)"
        if command.completion.next_follow_up_id is not None:
            next_item = follow_up_item(command.completion.next_follow_up_id)
            if next_item is not None:
                text += f" · next on {_day(next_item.due_date)}"
        self.status_message.emit(f"{text} · Undo with Ctrl+Z")
        return command.completion

    def snooze(self, follow_up_id: int, until: datetime) -> None:
        """Remind again at ``until`` (aware, or naive UTC); the due date stays."""
        self._state_change(
            follow_up_id,
            "Snoozed",
            lambda i: snooze(i, until),
            f"until {_when(until)}",
        )

    def reschedule(self, follow_up_id: int, day: date) -> None:
        """Move to another local day, keeping the time of day; the reminder moves along."""
        self._state_change(follow_up_id, "Moved", lambda i: reschedule(i, day), f"to {_day(day)}")

    def drop(self, follow_up_id: int) -> None:
        """Give up on it; it stays in the person's history as dropped."""
        self._state_change(follow_up_id, "Dropped", drop, "")

    # also undoable -----------------------------------------------------------------------

    def create(self, draft: FollowUpDraft) -> int:
        """Plan a new follow-up; return its id. Raises ValidationError (nothing pushed)."""
        command = CreateCommand(draft)
        self.undo_stack.push(command)
        item = follow_up_item(command.follow_up_id)
        when = f" for {_day(item.due_date)}" if item is not None else ""
        self.status_message.emit(f"Planned: {draft.title.strip()}{when} · Undo with Ctrl+Z")
        return command.follow_up_id

    def update(self, follow_up_id: int, draft: FollowUpDraft) -> None:
        """Save the form's changes. Raises ValidationError (nothing pushed)."""
        self.undo_stack.push(UpdateCommand(follow_up_id, draft))
        self.status_message.emit(f"Saved: {draft.title.strip()} · Undo with Ctrl+Z")

    def reopen(self, follow_up_id: int) -> None:
        """Make a done or dropped follow-up open again."""
        self._state_change(follow_up_id, "Reopened", reopen, "")

    def delete(self, follow_up_id: int) -> None:
        """Delete it for good (undo brings it back)."""
        title = self._title(follow_up_id)
        if title is None:
            return
        try:
            command = DeleteCommand(f"Delete {title}", follow_up_id)
        except FollowUpNotFoundError as error:
            self._refused(error)
            return
        self.undo_stack.push(command)
        self.status_message.emit(f"Deleted: {title} · Undo with Ctrl+Z")

    # helpers -----------------------------------------------------------------------------

    def _title(self, follow_up_id: int) -> str | None:
        item = follow_up_item(follow_up_id)
        if item is None:
            self.status_message.emit("That follow-up is no longer in Kith.")
            return None
        return item.title

    def _refused(self, error: Exception) -> None:
        if isinstance(error, FollowUpNotFoundError):
            self.status_message.emit("That follow-up is no longer in Kith.")
        else:
            self.status_message.emit(str(error))

    def _state_change(
        self,
        follow_up_id: int,
        verb: str,
        apply: Callable[[int], FollowUpState],
        detail: str,
    ) -> None:
        title = self._title(follow_up_id)
        if title is None:
            return
        text = f"{verb}: {title}" + (f" {detail}" if detail else "")
        try:
            command = StateCommand(text, follow_up_id, apply)
        except FollowUpNotFoundError as error:
            self._refused(error)
            return
        self.undo_stack.push(command)
        self.status_message.emit(f"{text} · Undo with Ctrl+Z")
