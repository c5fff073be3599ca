"""A new contact in three fields, from a person picker's "Create ‘…’ as a new contact": the
name typed so far, an email and a company — then back to the form the picker is in.

Saving is one undo step on the window's undo stack (found among the dialog's parents), like
the full contact form; the rest of the card can be filled in later.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QWidget

from kith.core.contacts import ChannelDraft, ContactDraft, validate
from kith.ui.commands.contact_commands import SaveContactCommand
from kith.ui.dialogs.form_dialog import FormDialog


def undo_stack_of(widget: QWidget | None) -> QUndoStack | None:
    """The undo stack of the window ``widget`` belongs to (None outside a main window)."""
    while widget is not None:
        stack = getattr(widget, "undo_stack", None)
        if isinstance(stack, QUndoStack):
            return stack
        widget = widget.parentWidget()
    return None


class QuickAddDialog(FormDialog):
    """Name, email and company of someone new; :attr:`contact_id` is set once saved."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "New contact", parent, minimum=QSize(400, 0), size=QSize(440, 0), scrolls=False
        )
        self.contact_id: int | None = None
        self.name_edit = QLineEdit(name.strip())
        self.name_edit.setAccessibleName("Name")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@example.com (optional)")
        self.email_edit.setAccessibleName("Email")
        self.company_edit = QLineEdit()
        self.company_edit.setPlaceholderText("optional")
        self.company_edit.setAccessibleName("Company")
        self.add_row("Name", self.name_edit, "full_name")
        self.add_row("Email", self.email_edit, "channels")
        self.add_row("Company", self.company_edit, "company")
        self.outer.addLayout(self.summary_and_buttons("Add"))
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def draft(self) -> ContactDraft:
        email = self.email_edit.text().strip()
        return ContactDraft(
            full_name=self.name_edit.text().strip(),
            company=self.company_edit.text().strip(),
            channels=[ChannelDraft("email", email)] if email else [],
        )

    def problems(self, draft: ContactDraft) -> dict[str, str]:
        errors = validate(draft)
        # The channel rows' problems come keyed by row; this form has one email field.
        channel = next((k for k in errors if k.startswith("channel")), None)
        if channel is not None:
            errors["channels"] = errors.pop(channel)
        return errors

    def save(self, draft: ContactDraft) -> None:
        command = SaveContactCommand(draft)  # raises ValidationError
        stack = undo_stack_of(self.parentWidget())
        if stack is not None:
            stack.push(command)
        self.contact_id = command.contact_id


def quick_add_contact(parent: QWidget, name: str) -> tuple[int, str] | None:
    """Ask for a new contact starting from ``name``; (id, name) once added, None if cancelled."""
    dialog = QuickAddDialog(name, parent)
    try:
        if dialog.exec() and dialog.contact_id is not None:
            return dialog.contact_id, dialog.name_edit.text().strip()
        return None
    finally:
        dialog.deleteLater()
