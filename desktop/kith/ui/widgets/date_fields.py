"""Kith's number, date and time fields: one look, one format, and Kith's own month picker.

Every form builds its spin boxes and date and time fields from these classes:

- the text sits as far from the left edge as in every other field (Qt's stylesheet support
  puts a spin box's text against its border whatever the padding);
- date and time fields show :mod:`kith.ui.formats`' format;
- a date field's arrow (a click on it, F4 or Alt+↓) opens :class:`MonthPickerPopup`, Kith's
  month picker, instead of Qt's stock calendar.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QDateTimeEdit,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QTimeEdit,
    QWidget,
)

from kith.ui.formats import edit_date_format, edit_date_time_format, edit_time_format
from kith.ui.widgets.month_picker import MonthPickerPopup

#: The room (pixels) between a spin box's border and its text, as in a line edit.
TEXT_INDENT = 6
#: The width of the arrow area of a date field when the style cannot say.
ARROW_WIDTH = 26


def _indent(field: QAbstractSpinBox) -> None:
    field.lineEdit().setTextMargins(TEXT_INDENT, 0, 0, 0)


class SpinBox(QSpinBox):
    """A whole-number field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _indent(self)


class TimeEdit(QTimeEdit):
    """A time-of-day field in the locale's clock ("09:00", "9:00 AM")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _indent(self)
        self.setDisplayFormat(edit_time_format())


def _arrow_rect(field: QDateTimeEdit) -> QRect:
    option = QStyleOptionComboBox()
    option.initFrom(field)
    option.editable = True
    option.frame = True
    option.subControls = QStyle.SubControl.SC_All
    rect = field.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, field
    )
    if rect.isEmpty():
        rect = field.rect().adjusted(field.width() - ARROW_WIDTH, 0, 0, 0)
    return rect


def open_month_picker(
    field: QDateTimeEdit, popup: MonthPickerPopup | None = None
) -> MonthPickerPopup:
    """Show the month picker under ``field``, on its day; picking a day sets the field's.

    ``popup`` is the field's picker from an earlier time, shown again (it is the field's
    child, made once and kept)."""
    if popup is None:
        popup = MonthPickerPopup(field)
        popup.picker.picked.connect(lambda day: _picked(field, popup, day))
    popup.picker.set_range(_py(field.minimumDate()), _py(field.maximumDate()))
    popup.picker.set_selected_date(_py(field.date()))
    popup.show_under(field)
    return popup


def _press_opens_picker(field: QDateTimeEdit, event: QMouseEvent) -> bool:
    return (
        event.button() == Qt.MouseButton.LeftButton
        and field.isEnabled()
        and not field.isReadOnly()
        and _arrow_rect(field).contains(event.position().toPoint())
    )


def _py(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _picked(field: QDateTimeEdit, popup: MonthPickerPopup, day: date) -> None:
    field.setDate(QDate(day.year, day.month, day.day))  # a date-and-time keeps its time
    popup.close()
    field.setFocus(Qt.FocusReason.PopupFocusReason)


def _opens_picker(event: QKeyEvent) -> bool:
    alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
    return event.key() == Qt.Key.Key_F4 or (alt and event.key() == Qt.Key.Key_Down)


class _OpensMonthPicker:
    """What a day field and a day-and-time field share: their arrow (a click on it, F4 or
    Alt+↓) opens Kith's month picker instead of Qt's calendar."""

    popup: MonthPickerPopup | None

    def open_picker(self) -> MonthPickerPopup:
        field = cast(QDateTimeEdit, self)
        self.popup = open_month_picker(field, self.popup)
        return self.popup

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if _press_opens_picker(cast(QDateTimeEdit, self), event):
            event.accept()
            self.open_picker()
        else:
            super().mousePressEvent(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_picker(event) and not cast(QDateTimeEdit, self).isReadOnly():
            self.open_picker()
        else:
            super().keyPressEvent(event)  # type: ignore[misc]


class DateEdit(_OpensMonthPicker, QDateEdit):
    """A day field ("5 Aug 2026") whose arrow opens Kith's month picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)  # the drop-down arrow; the popup itself is Kith's
        self.setDisplayFormat(edit_date_format())
        self.popup = None


class DateTimeEdit(_OpensMonthPicker, QDateTimeEdit):
    """A day-and-time field ("5 Aug 2026, 09:00") whose arrow opens Kith's month picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(edit_date_time_format())
        self.popup = None
