"""The rows of Kith's forms: a field with its error line under it, and showing the errors.

The contact, interaction and follow-up forms lay out their fields the same way: a label, the
field, and under it a red line that appears only when that field has a problem. Problems come
from ``kith.core`` as ``{field name: message}``; :meth:`FormRows.show_errors` puts each one
beside its field, outlines text boxes in red and says how many fields need fixing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kith.ui.widgets.contact_fields import error_label, mark_invalid


def fix_summary(count: int) -> str:
    """The line beside a form's buttons when fields need fixing ("" when none do)."""
    if not count:
        return ""
    return "Fix the field marked in red" if count == 1 else f"Fix the {count} fields marked in red"


class FormRows:
    """A form layout's rows, each field with an error line keyed by the core's field name."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(
        self,
        label: str,
        field: QWidget | QHBoxLayout | QVBoxLayout,
        key: str | None = None,
        *,
        focus: QWidget | None = None,
    ) -> QVBoxLayout:
        """Add a row; with ``key``, an error line under it (``focus``: the widget to focus on
        an error, when ``field`` is a layout or a container)."""
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(field, QWidget):
            box.addWidget(field)
        else:
            box.addLayout(field)
        if key is not None:
            error = error_label()
            box.addWidget(error)
            self.errors[key] = error
            target = focus or field
            if isinstance(target, QWidget):
                self.fields[key] = target
        self.form.addRow(label, box)
        return box

    def set_row_visible(self, box: QVBoxLayout, visible: bool) -> None:
        """Show or hide a row; an empty error line stays hidden when its row is shown."""
        self.form.setRowVisible(box, visible)
        for label in self.errors.values():
            if not label.text():
                label.hide()

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Show each message under its field (clearing the others); return the first field
        with a problem, to focus."""
        first: QWidget | None = None
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            field = self.fields.get(key)
            if isinstance(field, QLineEdit):
                mark_invalid(field, bool(message))
            if message and first is None:
                first = field
        return first
