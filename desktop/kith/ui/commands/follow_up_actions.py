"""Undoable follow-up changes (done, snooze, reschedule, drop, reopen, delete) shared by every page.

Each change runs once in Python (so a follow-up that vanished or is already done becomes a
status message instead of an exception inside Qt), then one :class:`QUndoCommand` is pushed
whose ``redo()`` skips that first run (:mod:`kith.ui.commands.follow_up_commands`). Undo puts
the follow-up back exactly as it was. The follow-up rules are imported on the first change:
the window makes its :class:`FollowUpActions` before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kith.core.local_time import local_wall, to_utc
from kith.ui.formats import date_text, date_time_text

if TYPE_CHECKING:
    from kith.core.follow_ups import Completion, FollowUpDraft, FollowUpState
    from kith.core.interactions import InteractionDraft


def _when(moment: datetime) -> str:
    """A snooze moment in the user's words: "Mon, 24 Nov, 09:00"."""
    return date_time_text(local_wall(to_utc(moment)), weekday=True, year=False)


def _day(day: date) -> str:
    return date_text(day, weekday=True, year=False)


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
        from kith.core.follow_ups import FollowUpNotFoundError, FollowUpStateError, follow_up_item
        from kith.ui.commands.follow_up_commands import CompleteCommand

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
        from kith.core.follow_ups import snooze

        self._state_change(
            follow_up_id,
            "Snoozed",
            lambda i: snooze(i, until),
            f"until {_when(until)}",
        )

    def reschedule(self, follow_up_id: int, day: date) -> None:
        """Move to another local day, keeping the time of day; the reminder moves along."""
        from kith.core.follow_ups import reschedule

        self._state_change(follow_up_id, "Moved", lambda i: reschedule(i, day), f"to {_day(day)}")

    def drop(self, follow_up_id: int) -> None:
        """Give up on it; it stays in the person's history as dropped."""
        from kith.core.follow_ups import drop

        self._state_change(follow_up_id, "Dropped", drop, "")

    # also undoable -----------------------------------------------------------------------

    def create(self, draft: FollowUpDraft) -> int:
        """Plan a new follow-up; return its id. Raises ValidationError (nothing pushed)."""
        from kith.core.follow_ups import follow_up_item
        from kith.ui.commands.follow_up_commands import CreateCommand

        command = CreateCommand(draft)
        self.undo_stack.push(command)
        item = follow_up_item(command.follow_up_id)
        when = f" for {_day(item.due_date)}" if item is not None else ""
        self.status_message.emit(f"Planned: {draft.title.strip()}{when} · Undo with Ctrl+Z")
        return command.follow_up_id

    def update(self, follow_up_id: int, draft: FollowUpDraft) -> None:
        """Save the form's changes. Raises ValidationError (nothing pushed)."""
        from kith.ui.commands.follow_up_commands import UpdateCommand

        self.undo_stack.push(UpdateCommand(follow_up_id, draft))
        self.status_message.emit(f"Saved: {draft.title.strip()} · Undo with Ctrl+Z")

    def reopen(self, follow_up_id: int) -> None:
        """Make a done or dropped follow-up open again."""
        from kith.core.follow_ups import reopen

        self._state_change(follow_up_id, "Reopened", reopen, "")

    def delete(self, follow_up_id: int) -> None:
        """Delete it for good (undo brings it back)."""
        from kith.core.follow_ups import FollowUpNotFoundError
        from kith.ui.commands.follow_up_commands import DeleteCommand

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
        from kith.core.follow_ups import follow_up_item

        item = follow_up_item(follow_up_id)
        if item is None:
            self.status_message.emit("That follow-up is no longer in Kith.")
            return None
        return item.title

    def _refused(self, error: Exception) -> None:
        from kith.core.follow_ups import FollowUpNotFoundError

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
        from kith.core.follow_ups import FollowUpNotFoundError
        from kith.ui.commands.follow_up_commands import StateCommand

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
