"""Undoable changes to people from the Contacts page: tag, circle, cadence, archive and delete
the chosen people, and save the contact form — each one undo step, each said in the status line.

Like :class:`~kith.ui.commands.follow_up_actions.FollowUpActions` for follow-ups: the page
decides *who* (the selection, or the current card), this decides *what happens*. The questions
it asks (which tag, how often, delete so many?) are seams tests replace: :attr:`ask_tag`,
:attr:`ask_cadence`, :attr:`confirm_delete`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from kith.core.backups import BackupError
from kith.core.contacts import MAX_CADENCE_DAYS, ContactDraft, all_tag_names
from kith.core.errors import ValidationError
from kith.ui.commands.bulk_edit import BulkFieldCommand, BulkTagCommand, people
from kith.ui.commands.contact_commands import DeleteContactsCommand, SaveContactCommand


class ContactActions(QObject):
    """The Contacts page's changes; ``targets`` says whom they apply to at that moment."""

    status_message = Signal(str)

    def __init__(
        self, undo_stack: QUndoStack, targets: Callable[[], list[int]], window: QWidget
    ) -> None:
        super().__init__(window)
        self._undo = undo_stack
        self._targets = targets
        self._window = window
        #: Ask for a tag / a cadence for N people (None: the user cancelled).
        self.ask_tag: Callable[[int], str | None] = self._ask_tag
        self.ask_cadence: Callable[[int], int | None] = self._ask_cadence
        #: Asked before deleting several people.
        self.confirm_delete: Callable[[int], bool] = self._confirm_delete

    # the chosen people ----------------------------------------------------------------

    def tag(self, tag: str | None = None) -> None:
        """Tag everyone chosen (asks for the tag when none is given); one undo step."""
        ids = self._targets()
        if not ids:
            return
        if tag is None:
            tag = self.ask_tag(len(ids))
            if not tag:
                return
        try:
            command = BulkTagCommand(ids, tag)
        except ValidationError as exc:
            self._refuse("Tag", exc)
            return
        self._undo.push(command)
        newly = "" if command.added == len(ids) else f" ({command.added:,} did not have it yet)"
        self.status_message.emit(
            f"Tagged {people(len(ids))} “{command.tag}”{newly}. Undo with Ctrl+Z."
        )

    def set_circle(self, circle: int | None) -> None:
        self._set_field("circle", circle)

    def set_cadence(self, days: int | None = None, *, ask: bool = True) -> None:
        """Keep in touch with everyone chosen every ``days`` days (asks when None and ``ask``)."""
        ids = self._targets()
        if not ids:
            return
        if days is None and ask:
            days = self.ask_cadence(len(ids))
            if days is None:
                return
            days = days or None  # 0 from the dialog: back to the circle's cadence
        self._set_field("cadence_days", days)

    def archive(self) -> None:
        self._set_field("archived", True)

    def delete(self, contact_ids: list[int]) -> bool:
        """Delete these people (asking first when there are several); whether it happened."""
        if not contact_ids:
            return False
        if len(contact_ids) > 1 and not self.confirm_delete(len(contact_ids)):
            return False
        try:
            command = DeleteContactsCommand(contact_ids)  # backs up first when several
        except BackupError as exc:
            QMessageBox.warning(
                self._window,
                "Nobody was deleted",
                f"Kith keeps a copy of your data before deleting several people, and could "
                f"not make one: {exc}",
            )
            return False
        self._undo.push(command)
        who = command.names[0] if len(command.names) == 1 else f"{len(command.names):,} people"
        self.status_message.emit(f"Deleted {who}. Undo with Ctrl+Z.")
        return True

    # the contact form -----------------------------------------------------------------

    def save_new(self, draft: ContactDraft) -> int:
        """Add a person; raises ValidationError (pushing nothing) when the draft has problems."""
        command = SaveContactCommand(draft)
        self._undo.push(command)
        return command.contact_id

    def save_existing(self, draft: ContactDraft, contact_id: int) -> int:
        command = SaveContactCommand(draft, contact_id)
        self._undo.push(command)
        return command.contact_id

    # internals ------------------------------------------------------------------------

    def _set_field(self, column: str, value: object) -> None:
        ids = self._targets()
        if not ids:
            return
        try:
            command = BulkFieldCommand(column, ids, value)
        except ValidationError as exc:
            self._refuse("Change", exc)
            return
        self._undo.push(command)
        self.status_message.emit(f"{command.describe()}. Undo with Ctrl+Z.")

    def _refuse(self, title: str, exc: ValidationError) -> None:
        QMessageBox.warning(self._window, title, str(exc))

    def _ask_tag(self, count: int) -> str | None:
        tag, ok = QInputDialog.getItem(
            self._window,
            "Tag people",
            f"Tag {people(count)} with:",
            all_tag_names(),
            editable=True,
        )
        return tag.strip() if ok and tag.strip() else None

    def _ask_cadence(self, count: int) -> int | None:
        days, ok = QInputDialog.getInt(
            self._window,
            "Keep in touch",
            f"Keep in touch with {people(count)} every … days\n(0: as their circle says)",
            30,
            0,
            MAX_CADENCE_DAYS,
        )
        return days if ok else None

    def _confirm_delete(self, count: int) -> bool:
        answer = QMessageBox.question(
            self._window,
            "Delete contacts",
            f"Delete {count:,} people, with their follow-ups? You can undo this with Ctrl+Z.",
        )
        return answer == QMessageBox.StandardButton.Yes
