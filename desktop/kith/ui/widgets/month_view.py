"""A painted month grid: follow-ups due and birthdays in each day, drops to move a follow-up."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QLocale, QMimeData, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kith.ui.formats import date_text, month_text
from kith.ui.icons import icon_pixmap
from kith.ui.theme import current_theme

#: Mime type carrying a follow-up id when one is dragged (from a list) onto a day.
FOLLOW_UP_MIME = "application/x-kith-follow-up"

ROWS = 6
HEADER_HEIGHT = 28


def follow_up_mime(follow_up_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(FOLLOW_UP_MIME, str(follow_up_id).encode("ascii"))
    return mime


def follow_up_from_mime(mime: QMimeData) -> int | None:
    if not mime.hasFormat(FOLLOW_UP_MIME):
        return None
    try:
        return int(bytes(mime.data(FOLLOW_UP_MIME).data()).decode("ascii"))
    except ValueError:
        return None


@dataclass
class DayMarks:
    """What a day cell shows."""

    due: int = 0  # open follow-ups due that day
    overdue: bool = False  # some of them are past due
    done: int = 0
    birthdays: list[str] = field(default_factory=list)
    #: Titles of the open follow-ups, for the day's tooltip.
    titles: list[str] = field(default_factory=list)


def day_summary(day: date, marks: DayMarks, today: date) -> str:
    """What a day holds, in words: for its tooltip and for screen readers."""
    parts = []
    if marks.due:
        parts.append(f"{marks.due} {'overdue' if day < today else 'due'}")
    if marks.done:
        parts.append(f"{marks.done} done")
    lines = [date_text(day, weekday=True, long=True) + (f": {', '.join(parts)}" if parts else "")]
    lines += [f"• {title}" for title in marks.titles[:8]]
    if len(marks.titles) > 8:
        lines.append(f"  and {len(marks.titles) - 8} more")
    lines += [f"Birthday: {name}" for name in marks.birthdays[:8]]
    if len(marks.birthdays) > 8:
        lines.append(f"  and {len(marks.birthdays) - 8} more birthdays")
    return "\n".join(lines)


class MonthView(QWidget):
    """Six weeks around a month; click or arrow keys select a day."""

    date_selected = Signal(object)  # date
    month_changed = Signal(int, int)  # year, month
    follow_up_dropped = Signal(int, object)  # follow-up id, date
    activated = Signal(object)  # date (double click / Enter)

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        start = today()
        self._year, self._month = start.year, start.month
        self._selected = start
        self._marks: dict[date, DayMarks] = {}
        self._drop_target: date | None = None
        first = QLocale().firstDayOfWeek().value  # 1 = Monday … 7 = Sunday
        self._first_weekday = (first - 1) % 7  # Python: 0 = Monday
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(420, 320))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Month")

    # state --------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self._year

    @property
    def month(self) -> int:
        return self._month

    def selected_date(self) -> date:
        return self._selected

    def visible_range(self) -> tuple[date, date]:
        """The first and last day shown (six whole weeks)."""
        first = date(self._year, self._month, 1)
        offset = (first.weekday() - self._first_weekday) % 7
        start = first - timedelta(days=offset)
        return start, start + timedelta(days=7 * ROWS - 1)

    def set_marks(self, marks: dict[date, DayMarks]) -> None:
        self._marks = marks
        selected = self._selected
        self.setAccessibleDescription(day_summary(selected, self.marks(selected), self._today()))
        self.update()

    def marks(self, day: date) -> DayMarks:
        return self._marks.get(day, DayMarks())

    def set_month(self, year: int, month: int) -> None:
        if (year, month) != (self._year, self._month):
            self._year, self._month = year, month
            self.month_changed.emit(year, month)
            self.update()

    def step_months(self, delta: int) -> None:
        index = self._year * 12 + (self._month - 1) + delta
        self.set_month(index // 12, index % 12 + 1)

    def select(self, day: date) -> None:
        """Select a day, turning to its month if needed."""
        self.set_month(day.year, day.month)
        if day != self._selected:
            self._selected = day
            self.update()
        self.setAccessibleDescription(day_summary(day, self.marks(day), self._today()))
        self.date_selected.emit(day)

    def step_selection(self, months: int) -> None:
        """Select the same day ``months`` months away (the last day of a shorter month)."""
        index = self._selected.year * 12 + self._selected.month - 1 + months
        year, month = index // 12, index % 12 + 1
        day = min(self._selected.day, calendar.monthrange(year, month)[1])
        self.select(date(year, month, day))

    def go_to_today(self) -> None:
        self.select(self._today())

    def title(self) -> str:
        return month_text(self._year, self._month)

    # geometry -----------------------------------------------------------------------

    def _cell_size(self) -> tuple[float, float]:
        return self.width() / 7, (self.height() - HEADER_HEIGHT) / ROWS

    def cell_rect(self, day: date) -> QRect:
        start, _ = self.visible_range()
        index = (day - start).days
        w, h = self._cell_size()
        col, row = index % 7, index // 7
        return QRectF(col * w, HEADER_HEIGHT + row * h, w, h).toRect()

    def date_at(self, pos: QPoint) -> date | None:
        if pos.y() < HEADER_HEIGHT:
            return None
        w, h = self._cell_size()
        col = int(pos.x() // w)
        row = int((pos.y() - HEADER_HEIGHT) // h)
        if not (0 <= col < 7 and 0 <= row < ROWS):
            return None
        start, _ = self.visible_range()
        return start + timedelta(days=row * 7 + col)

    # painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = current_theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.base))
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        bold = QFont(font)
        bold.setBold(True)
        w, h = self._cell_size()

        painter.setFont(small)
        painter.setPen(QColor(theme.muted))
        for col in range(7):
            weekday = (self._first_weekday + col) % 7 + 1  # Qt: 1 = Monday
            name = QLocale().dayName(weekday, QLocale.FormatType.ShortFormat)
            painter.drawText(
                QRectF(col * w, 0, w, HEADER_HEIGHT), Qt.AlignmentFlag.AlignCenter, name
            )

        start, _ = self.visible_range()
        today = self._today()
        metrics = QFontMetrics(small)
        for index in range(7 * ROWS):
            day = start + timedelta(days=index)
            rect = QRectF((index % 7) * w, HEADER_HEIGHT + (index // 7) * h, w, h).adjusted(
                1.5, 1.5, -1.5, -1.5
            )
            in_month = day.month == self._month
            marks = self._marks.get(day)
            past_due = marks is not None and marks.overdue and marks.due > 0
            path = QPainterPath()
            path.addRoundedRect(rect, 6, 6)
            if day == self._selected:
                painter.fillPath(path, QColor(theme.accent_soft))
            elif past_due:
                tint = QColor(theme.danger)
                tint.setAlpha(28)
                painter.fillPath(path, tint)
            elif not in_month:
                painter.fillPath(path, QColor(theme.alternate))
            if day == self._drop_target:
                painter.setPen(QPen(QColor(theme.accent), 2, Qt.PenStyle.DashLine))
                painter.drawPath(path)
            elif day == self._selected and self.hasFocus():
                painter.setPen(QPen(QColor(theme.accent), 1.5))
                painter.drawPath(path)
            else:
                painter.setPen(QPen(QColor(theme.border), 1))
                painter.drawPath(path)

            # The day number; today in an accent circle.
            number_rect = QRectF(rect.left() + 6, rect.top() + 5, 24, 22)
            if day == today:
                circle = QPainterPath()
                circle.addEllipse(number_rect.adjusted(1, 0, -1, 0))
                painter.fillPath(circle, QColor(theme.accent))
                painter.setPen(QColor(theme.accent_text))
                painter.setFont(bold)
            else:
                painter.setPen(QColor(theme.text if in_month else theme.muted))
                painter.setFont(bold if in_month else font)
            painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, str(day.day))

            if marks is None:
                continue
            painter.setFont(small)
            y = rect.top() + 30
            line_h = metrics.height() + 2
            if marks.due:
                text = f"{marks.due} due" if not past_due else f"{marks.due} overdue"
                badge_w = metrics.horizontalAdvance(text) + 12
                badge = QRectF(rect.left() + 6, y, min(badge_w, rect.width() - 12), line_h)
                badge_path = QPainterPath()
                badge_path.addRoundedRect(badge, 4, 4)
                painter.fillPath(badge_path, QColor(theme.danger if past_due else theme.accent))
                painter.setPen(QColor("#ffffff"))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
                y += line_h + 3
            elif marks.done:
                painter.setPen(QColor(theme.success))
                painter.drawText(
                    QRectF(rect.left() + 6, y, rect.width() - 12, line_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    f"✓ {marks.done} done",
                )
                y += line_h + 3
            cake = icon_pixmap("birthday", 14, QColor(theme.warning))
            for name in marks.birthdays:
                if y + line_h > rect.bottom() - 2:
                    break
                painter.drawPixmap(int(rect.left() + 6), int(y + (line_h - 14) / 2), cake)
                painter.setPen(QColor(theme.warning))
                room = int(rect.width() - 12 - 18)
                painter.drawText(
                    QRectF(rect.left() + 6 + 18, y, room, line_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(
                        name if metrics.horizontalAdvance(name) <= room else name.split()[0],
                        Qt.TextElideMode.ElideRight,
                        room,
                    ),
                )
                y += line_h
        painter.end()

    # interaction --------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.date_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                text = day_summary(day, self.marks(day), self._today())
                QToolTip.showText(event.globalPos(), text, self, self.cell_rect(day))
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is not None:
            self.select(day)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is not None:
            self.activated.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        key = Qt.Key(event.key())
        if key in steps:
            self.select(self._selected + timedelta(days=steps[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.step_selection(-1 if key == Qt.Key.Key_PageUp else 1)
        elif key == Qt.Key.Key_Home:
            self.go_to_today()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self._selected)
        else:
            super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if follow_up_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is None or follow_up_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        if day != self._drop_target:
            self._drop_target = day
            self.update()
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:
        self._drop_target = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_target = None
        self.update()
        day = self.date_at(event.position().toPoint())
        follow_up_id = follow_up_from_mime(event.mimeData())
        if day is None or follow_up_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.follow_up_dropped.emit(follow_up_id, day)
