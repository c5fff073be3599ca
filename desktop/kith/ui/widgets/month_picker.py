"""Kith's month picker: a month of days to click or walk with the keys, in Kith's colours.

It replaces Qt's stock calendar (a saturated header, weekends in red, a last row cut off):
:class:`MonthPicker` is the month itself — a title with the previous and next month's
buttons, the weekdays' initials and always six weeks, so no month is clipped — and
:class:`MonthPickerPopup` shows one under a date field (see :mod:`kith.ui.widgets.date_fields`).

Keys: the arrows move a day or a week (into the next or previous month as needed), Page Up
and Page Down a month, Home and End to the month's first and last day, T to today, Enter or
Space picks the day, Escape closes the popup. A click picks the day under the pointer.
"""

from __future__ import annotations

import calendar
import contextlib
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QLocale, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.local_time import local_today
from kith.ui.formats import date_text, display_locale, month_text
from kith.ui.icons import icon
from kith.ui.theme import current_theme

WEEKS = 6  # every month is drawn on six rows: the longest months need them


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), on the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(min(max(index, 12), 9999 * 12 + 11), 12)  # within years 1 to 9999
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class DayGrid(QWidget):
    """Six weeks of days, Monday (or the locale's first day) first; one day has the cursor."""

    picked = Signal(object)  # date
    cursor_moved = Signal(object)  # date

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._cursor = today()
        self._selected: date | None = None
        self._minimum = date.min
        self._maximum = date.max
        self._hover: date | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Days of the month")
        metrics = QFontMetrics(self.font())
        self._cell = QSize(max(34, metrics.horizontalAdvance("00") + 18), metrics.height() + 14)
        self._header = metrics.height() + 8
        self.setFixedSize(self._cell.width() * 7, self._header + self._cell.height() * WEEKS)

    # state ---------------------------------------------------------------------------
    def cursor(self) -> date:
        return self._cursor

    def set_cursor(self, day: date) -> None:
        day = min(max(day, self._minimum), self._maximum)
        self.setAccessibleDescription(date_text(day, weekday=True, long=True))
        if day != self._cursor:
            self._cursor = day
            self.cursor_moved.emit(day)
            self.update()

    def set_selected(self, day: date | None) -> None:
        self._selected = day
        if day is not None:
            self.set_cursor(day)
        self.update()

    def set_range(self, minimum: date, maximum: date) -> None:
        self._minimum, self._maximum = minimum, maximum
        self.set_cursor(self._cursor)

    def first_shown(self) -> date:
        """The first day in the grid: the week of the cursor's month's first day."""
        first = self._cursor.replace(day=1)
        week_start = display_locale().firstDayOfWeek().value  # 1 = Monday … 7 = Sunday
        back = (first.isoweekday() - week_start) % 7
        return first - timedelta(days=back)

    def day_at(self, point: QPoint) -> date | None:
        if point.y() < self._header or not self.rect().contains(point):
            return None
        column = point.x() // self._cell.width()
        row = (point.y() - self._header) // self._cell.height()
        if not (0 <= column < 7 and 0 <= row < WEEKS):
            return None
        return self.first_shown() + timedelta(days=row * 7 + column)

    def day_rect(self, day: date) -> QRect:
        offset = (day - self.first_shown()).days
        row, column = divmod(offset, 7)
        return QRect(
            column * self._cell.width(),
            self._header + row * self._cell.height(),
            self._cell.width(),
            self._cell.height(),
        )

    def _enabled(self, day: date) -> bool:
        return self._minimum <= day <= self._maximum

    # events --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            steps[Qt.Key.Key_Left], steps[Qt.Key.Key_Right] = 1, -1
        cursor = self._cursor
        if key in steps:
            with contextlib.suppress(OverflowError):  # past 31 December 9999
                self._move_to(cursor + timedelta(days=steps[key]))
        elif key == Qt.Key.Key_PageUp:
            self._move_to(add_months(cursor, -12 if _shift(event) else -1))
        elif key == Qt.Key.Key_PageDown:
            self._move_to(add_months(cursor, 12 if _shift(event) else 1))
        elif key == Qt.Key.Key_Home:
            self._move_to(cursor.replace(day=1))
        elif key == Qt.Key.Key_End:
            self._move_to(cursor.replace(day=calendar.monthrange(cursor.year, cursor.month)[1]))
        elif key == Qt.Key.Key_T:
            self._move_to(self._today())
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._enabled(cursor):
                self.picked.emit(cursor)
        else:
            super().keyPressEvent(event)

    def _move_to(self, day: date) -> None:
        self.set_cursor(day)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self.day_at(event.position().toPoint())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        day = self.day_at(event.position().toPoint())
        if day is not None and self._enabled(day):
            self.set_cursor(day)
            self.picked.emit(day)

    # painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        theme = current_theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        small.setWeight(QFont.Weight.DemiBold)
        locale = display_locale()
        first = self.first_shown()

        painter.setFont(small)
        painter.setPen(QColor(theme.muted))
        for column in range(7):
            weekday = (first + timedelta(days=column)).isoweekday()
            name = locale.dayName(weekday, QLocale.FormatType.ShortFormat)
            rect = QRect(column * self._cell.width(), 0, self._cell.width(), self._header)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)

        today = self._today()
        month = self._cursor.month
        has_focus = self.hasFocus()
        for offset in range(7 * WEEKS):
            day = first + timedelta(days=offset)
            rect = self.day_rect(day)
            disc = QRectF(rect).adjusted(3, 2, -3, -2)
            radius = min(disc.width(), disc.height()) / 2
            selected = day == self._selected
            enabled = self._enabled(day)
            ink = QColor(theme.text if day.month == month else theme.muted)
            if not enabled:
                ink = QColor(theme.border if theme.dark else theme.scroll_handle)
            painter.setPen(Qt.PenStyle.NoPen)
            if selected:
                painter.setBrush(QColor(theme.accent))
                painter.drawRoundedRect(disc, radius, radius)
                ink = QColor(theme.accent_text)
            elif day == self._hover and enabled:
                painter.setBrush(QColor(theme.alternate))
                painter.drawRoundedRect(disc, radius, radius)
            if day == self._cursor and has_focus and not selected:
                painter.setBrush(QColor(theme.accent_soft))
                painter.drawRoundedRect(disc, radius, radius)
            if day == today and not selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QColor(theme.accent))
                painter.drawRoundedRect(disc.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            if day == self._cursor and has_focus and selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QColor(theme.accent_text))
                painter.drawRoundedRect(disc.adjusted(2, 2, -2, -2), radius - 2, radius - 2)
            font = QFont(base)
            if day == today or selected:
                font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(ink)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
        painter.end()


def _shift(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)


class MonthPicker(QWidget):
    """A month to pick a day from: the month's name between ‹ and ›, then six weeks of days."""

    picked = Signal(object)  # date

    def __init__(
        self, today: Callable[[], date] = local_today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MonthPicker")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        self.previous_button = self._nav_button("chevron-left", "Previous month")
        self.next_button = self._nav_button("chevron-right", "Next month")
        self.title = QLabel()
        self.title.setObjectName("MonthPickerTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.addWidget(self.previous_button)
        header.addWidget(self.title, 1)
        header.addWidget(self.next_button)
        layout.addLayout(header)
        self.grid = DayGrid(today)
        layout.addWidget(self.grid)
        self.setFocusProxy(self.grid)
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.grid.cursor_moved.connect(lambda _: self._show_title())
        self.grid.picked.connect(self.picked)
        self._show_title()

    def _nav_button(self, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(name))
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _step(self, months: int) -> None:
        self.grid.set_cursor(add_months(self.grid.cursor(), months))

    def _show_title(self) -> None:
        cursor = self.grid.cursor()
        self.title.setText(month_text(cursor.year, cursor.month))

    def selected_date(self) -> date:
        """The day with the cursor (the picked one once the user picked)."""
        return self.grid.cursor()

    def set_selected_date(self, day: date) -> None:
        self.grid.set_selected(day)

    def set_range(self, minimum: date, maximum: date) -> None:
        self.grid.set_range(minimum, maximum)


class MonthPickerPopup(QFrame):
    """A :class:`MonthPicker` in a popup frame under a field; closes when a day is picked."""

    def __init__(self, parent: QWidget, today: Callable[[], date] = local_today) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("MonthPickerPopup")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        self.picker = MonthPicker(today)
        layout.addWidget(self.picker)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The keys the day grid does not use come up to here (no event filter: PySide crashes
        # when a Python filter meets a widget being destroyed).
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def show_under(self, field: QWidget) -> None:
        """Show the popup below ``field`` (above it when there is no room), on its screen."""
        self.adjustSize()
        below = field.mapToGlobal(QPoint(0, field.height() + 2))
        area = field.screen().availableGeometry()
        x = min(max(below.x(), area.left()), area.right() - self.width())
        y = below.y()
        if y + self.height() > area.bottom():
            y = field.mapToGlobal(QPoint(0, 0)).y() - self.height() - 2
        self.move(x, max(y, area.top()))
        self.show()
        self.picker.grid.setFocus(Qt.FocusReason.PopupFocusReason)
