"""The contact form's important dates: anniversaries and dates of the user's own naming,
each a name, a day and month, and a year when known."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QToolButton,
    QWidget,
)

from kith.core.contacts import ANNIVERSARY, ImportantDate
from kith.ui.formats import month_name
from kith.ui.icons import icon
from kith.ui.widgets.contact_fields import RowsEditor, error_label, mark_invalid
from kith.ui.widgets.date_fields import SpinBox

#: The year field's "no year" value (shown as "Year (optional)").
NO_YEAR = 999
#: Names offered in the name field's list; any other can be typed.
DATE_NAMES = (ANNIVERSARY, "Wedding", "Engagement", "Started working together", "Name day")


class _DateRow:
    def __init__(self, editor: ImportantDatesEditor, important: ImportantDate) -> None:
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.addItems(list(DATE_NAMES))
        self.label.setCurrentText(important.label)
        self.label.setAccessibleName("Name of the date")
        self.label.setMinimumWidth(150)
        self.day = SpinBox()
        self.day.setRange(0, 31)
        self.day.setSpecialValueText("Day")
        self.day.setValue(important.day or 0)
        self.day.setAccessibleName("Day")
        self.month = QComboBox()
        self.month.addItem("Month", None)
        for month in range(1, 13):
            self.month.addItem(month_name(month), month)
        self.month.setCurrentIndex(important.month if 1 <= important.month <= 12 else 0)
        self.month.setAccessibleName("Month")
        self.year = SpinBox()
        self.year.setRange(NO_YEAR, date.today().year + 10)
        self.year.setSpecialValueText("Year (optional)")
        self.year.setValue(important.year if important.year is not None else NO_YEAR)
        self.year.setAccessibleName("Year")
        self.remove = QToolButton()
        self.remove.setIcon(icon("close"))
        self.remove.setToolTip("Remove this date")
        self.remove.setAutoRaise(True)
        self.remove.clicked.connect(lambda: editor.remove_row(self))
        self.error = error_label()

    def widgets(self) -> list[QWidget]:
        return [self.label, self.day, self.month, self.year, self.remove, self.error]

    def is_empty(self) -> bool:
        return not self.day.value() and self.month.currentData() is None

    def date(self) -> ImportantDate:
        year = self.year.value()
        return ImportantDate(
            self.label.currentText().strip(),
            self.month.currentData() or 0,
            self.day.value(),
            None if year == NO_YEAR else year,
        )


class ImportantDatesEditor(RowsEditor[_DateRow]):
    """Dates beside the birthday, one row each; "Add date" adds an anniversary row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add date", stretch_column=0, error_columns=(0, 5), parent=parent)
        self.add_button.setToolTip("An anniversary, or a date of your own naming")
        self.add_button.clicked.connect(lambda: self.add_row(ImportantDate(ANNIVERSARY, 0, 0)))

    def set_dates(self, dates: list[ImportantDate]) -> None:
        self._clear()
        for important in dates:
            self.add_row(important)

    def add_row(self, important: ImportantDate) -> _DateRow:
        row = self._append(_DateRow(self, important))
        row.day.setFocus()
        return row

    def dates(self) -> list[ImportantDate]:
        """The rows' dates (rows left without a day and a month are left out)."""
        return [row.date() for row in self._rows if not row.is_empty()]

    def show_errors(self, errors: dict[int, str]) -> QWidget | None:
        """Each problem beside its row (``errors`` by position among :meth:`dates`);
        return the first invalid field (to focus)."""
        first = None
        filled = [row for row in self._rows if not row.is_empty()]
        for row in self._rows:
            message = errors.get(filled.index(row)) if row in filled else None
            row.error.setText(message or "")
            row.error.setVisible(bool(message))
            mark_invalid(row.day, bool(message))
            if message and first is None:
                first = row.day
        return first
