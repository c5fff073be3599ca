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
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kith.ui.formats import date_text, month_text
from kith.ui.icons import icon_pixmap
from kith.ui.text_fit import wrap_title
from kith.ui.theme import current_theme

#: Mime type carrying a follow-up id when one is dragged (from a list) onto a day.
FOLLOW_UP_MIME = "application/x-kith-follow-up"

ROWS = 6
HEADER_HEIGHT = 28
#: Where a cell's lines start, below the day number.
LINES_TOP = 30
#: What a cell line is: a birthday, an open follow-up, a done one, or "+3" for those left out.
BIRTHDAY, OPEN, DONE, MORE = "birthday", "open", "done", "more"


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
    #: Important dates (anniversaries…) as (name, the date's name), drawn like birthdays.
    dates: list[tuple[str, str]] = field(default_factory=list)
    #: Titles of the open follow-ups (in order of time), then of the done ones.
    titles: list[str] = field(default_factory=list)
    done_titles: list[str] = field(default_factory=list)

    def lines(self, limit: int | None = None) -> list[tuple[str, str]]:
        """Everything the cell can show, in the day list's order: (kind, text); with
        ``limit``, only the first ``limit`` of them (a busy day holds a hundred)."""
        room = self.count() if limit is None else max(limit, 0)
        found = [(BIRTHDAY, name) for name in self.birthdays[:room]]
        if len(found) < room:
            found += [
                (BIRTHDAY, f"{name} · {label}") for name, label in self.dates[: room - len(found)]
            ]
        if len(found) < room:
            found += [(OPEN, title) for title in self.titles[: room - len(found)]]
        if len(found) < room:
            found += [(DONE, title) for title in self.done_titles[: room - len(found)]]
        return found

    def count(self) -> int:
        """How many lines :meth:`lines` holds."""
        return len(self.birthdays) + len(self.dates) + len(self.titles) + len(self.done_titles)


def fit_marks(marks: DayMarks, room: int) -> list[tuple[str, str]]:
    """The lines a cell with ``room`` lines shows: all if they fit, else the first ones and
    ("more", "+N") for the rest — making only the lines shown."""
    total = marks.count()
    if total <= room:
        return marks.lines()
    if room <= 0:
        return []
    shown = marks.lines(room - 1)
    return [*shown, (MORE, f"+{total - len(shown)}")]


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
    lines += [f"{label}: {name}" for name, label in marks.dates[:8]]
    if len(marks.dates) > 8:
        lines.append(f"  and {len(marks.dates) - 8} more dates")
    return "\n".join(lines)


class MonthView(QWidget):
    """Six weeks around a month; click or arrow keys select a day."""

    date_selected = Signal(object)  # date
    month_changed = Signal(int, int)  # year, month
    follow_up_dropped = Signal(int, object)  # follow-up id, date
    activated = Signal(object)  # date (double click / Enter)
    #: The "+3" of a day was clicked (the day is selected too): show the day's whole list.
    more_clicked = Signal(object)  # date

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
        self._small: QFont | None = None  # the cells' font, and the height of one line
        self._line_h = 0
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

    def _cell_rectf(self, day: date) -> QRectF:
        """A day's cell as it is painted (inside the grid lines)."""
        start, _ = self.visible_range()
        return self._index_rectf((day - start).days, *self._cell_size())

    @staticmethod
    def _index_rectf(index: int, w: float, h: float) -> QRectF:
        """The painted cell of the ``index``-th day shown, cells ``w`` by ``h``."""
        return QRectF((index % 7) * w, HEADER_HEIGHT + (index // 7) * h, w, h).adjusted(
            1.5, 1.5, -1.5, -1.5
        )

    def _small_font(self) -> QFont:
        if self._small is None:
            self._small = QFont(self.font())
            self._small.setPointSizeF(self.font().pointSizeF() * 0.85)
            self._line_h = QFontMetrics(self._small).height() + 3
        return self._small

    def _line_height(self) -> int:
        self._small_font()
        return self._line_h

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._small = None  # measured again with the new font
        super().changeEvent(event)

    def _room(self, day: date) -> int:
        """How many lines a day's cell has room for."""
        return self._room_in(self._cell_rectf(day))

    def _room_in(self, rect: QRectF) -> int:
        return int((rect.bottom() - 3 - (rect.top() + LINES_TOP)) // self._line_height())

    def cell_lines(self, day: date) -> list[tuple[str, str]]:
        """What the day's cell shows, line by line: birthdays, then the titles of the
        follow-ups due, as many as fit, then "+3" for the rest."""
        marks = self._marks.get(day)
        if marks is None:
            return []
        return fit_marks(marks, self._room(day))

    def cell_layout(self, day: date) -> list[tuple[str, list[str], QRect]]:
        """The cell's lines as painted: (kind, the text's lines, where). Lines the entries do
        not need let long titles wrap (up to three lines each), so more of them is read."""
        marks = self._marks.get(day)
        if marks is None:
            return []
        return self._layout(marks, self._cell_rectf(day), QFontMetrics(self._small_font()))

    def _layout(
        self, marks: DayMarks, rect: QRectF, metrics: QFontMetrics
    ) -> list[tuple[str, list[str], QRect]]:
        """:meth:`cell_layout` of a cell whose painted rectangle is ``rect``."""
        room = self._room_in(rect)
        entries = fit_marks(marks, room)
        spare = room - len(entries)
        layout: list[tuple[str, list[str], QRect]] = []
        line = 0
        for kind, text in entries:
            first = self._line_rect_in(rect, line)
            texts = [text]
            if kind != MORE and spare > 0:
                width = self._text_rect(kind, first).width()
                texts = wrap_title(text, metrics, width, lines=1 + min(spare, 2))
                spare -= len(texts) - 1
            if len(texts) > 1:
                first = first.united(self._line_rect_in(rect, line + len(texts) - 1))
            layout.append((kind, texts, first))
            line += len(texts)
        return layout

    @staticmethod
    def _text_rect(kind: str, line: QRect) -> QRect:
        """Where the text of a line goes (after its bar, cake or check)."""
        if kind == OPEN:
            return line.adjusted(10, 0, -3, 0)
        if kind == MORE:
            return line.adjusted(4, 0, 0, 0)
        return line.adjusted(16, 0, -2, 0)

    def line_rect(self, day: date, line: int) -> QRect:
        """Where line number ``line`` of a day's cell is."""
        return self._line_rect_in(self._cell_rectf(day), line)

    def _line_rect_in(self, rect: QRectF, line: int) -> QRect:
        height = self._line_height()
        top = rect.top() + LINES_TOP + line * height
        return QRectF(rect.left() + 4, top, rect.width() - 8, height - 1).toRect()

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
        lines = _LinePainter(self, painter)
        for index in range(7 * ROWS):
            day = start + timedelta(days=index)
            rect = self._index_rectf(index, w, h)
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
            lines.paint(marks, rect, past_due)
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

    def more_at(self, pos: QPoint) -> date | None:
        """The day whose "+3" is at ``pos``, if any."""
        day = self.date_at(pos)
        if day is None:
            return None
        lines = self.cell_lines(day)
        if lines and lines[-1][0] == MORE and self.line_rect(day, len(lines) - 1).contains(pos):
            return day
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        day = self.date_at(pos)
        if day is not None:
            self.select(day)
            if self.more_at(pos) == day:
                self.more_clicked.emit(day)
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


class _LinePainter:
    """Paints cells' lines, with what every cell shares (the theme, fonts, metrics, icons)
    made once per paint instead of once per line."""

    def __init__(self, view: MonthView, painter: QPainter) -> None:
        self.view = view
        self.painter = painter
        self.theme = current_theme()
        small = view._small_font()
        self.metrics = QFontMetrics(small)
        self.height = view._line_height()
        self.plain = QFont(small)
        self.plain.setBold(False)
        self.bold = QFont(small)
        self.bold.setBold(True)
        self.cake: QPixmap | None = None
        self.check: QPixmap | None = None

    def paint(self, marks: DayMarks, cell: QRectF, past_due: bool) -> None:
        """A cell's lines: a cake and the name for a birthday, a bar and the title for a
        follow-up due (red past due), a check and the muted title for a done one, "+3"."""
        painter, theme, height, metrics = self.painter, self.theme, self.height, self.metrics
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for kind, texts, rect in self.view._layout(marks, cell, metrics):
            painter.setFont(self.bold if kind == MORE else self.plain)
            first = QRect(rect.left(), rect.top(), rect.width(), height - 1)
            if kind == MORE:
                painter.setPen(QColor(theme.accent))
            elif kind == BIRTHDAY:
                if self.cake is None:
                    self.cake = icon_pixmap("birthday", 13, QColor(theme.warning))
                painter.drawPixmap(first.left() + 1, first.center().y() - 6, self.cake)
                painter.setPen(QColor(theme.warning))
            elif kind == OPEN:
                colour = QColor(theme.danger if past_due else theme.accent)
                fill = QColor(colour)
                fill.setAlpha(34 if not theme.dark else 60)
                pill = QPainterPath()
                pill.addRoundedRect(QRectF(rect), 4, 4)
                painter.fillPath(pill, fill)
                bar = QPainterPath()
                bar.addRoundedRect(
                    QRectF(rect.left() + 3, rect.top() + 3, 3, rect.height() - 6), 1.5, 1.5
                )
                painter.fillPath(bar, colour)
                painter.setPen(QColor(theme.text))
            else:  # done
                if self.check is None:
                    self.check = icon_pixmap("done", 13, QColor(theme.success))
                painter.drawPixmap(first.left() + 1, first.center().y() - 6, self.check)
                painter.setPen(QColor(theme.muted))
            for number, text in enumerate(texts):
                line = MonthView._text_rect(kind, first.translated(0, number * height))
                painter.drawText(
                    line, align, metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width())
                )
