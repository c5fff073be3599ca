"""Paints follow-up, birthday and day-heading rows, with one-click Done and Snooze buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kith.core.follow_ups import FollowUpItem
from kith.core.relative_time import span_words
from kith.core.rules.birthdays import Birthday
from kith.ui.formats import date_text, repeat_text, time_text, weekday_text
from kith.ui.icons import icon_pixmap
from kith.ui.lists.follow_up_list_model import DayHeading, FollowUpListModel
from kith.ui.lists.index import ModelIndex
from kith.ui.text_fit import wrap_title
from kith.ui.theme import current_theme, tinted_chip

FOLLOW_UP_HEIGHT = 56
BIRTHDAY_HEIGHT = 46
HEADING_HEIGHT = 34
GAP = 6
PAD = 12
BUTTON = 24


def due_words(item: FollowUpItem, today: date) -> str:
    """ "3 days overdue", "today · 14:00", "tomorrow", "Thursday", "Tue 8 Dec"."""
    days = (item.due_date - today).days
    if days < 0:
        when = f"{span_words(-days)} overdue"
    elif days == 0:
        when = "today"
    elif days == 1:
        when = "tomorrow"
    elif days < 7:
        when = weekday_text(item.due_date)
    else:
        when = date_text(item.due_date, weekday=True, year=item.due_date.year != today.year)
    if item.due_time is not None:
        when += f" · {time_text(item.due_time)}"
    return when


def _row_rect(option: QStyleOptionViewItem) -> QRect:
    return option.rect.adjusted(1, GAP // 2, -1, -GAP // 2)


class FollowUpDelegate(QStyledItemDelegate):
    """Rows of :class:`FollowUpListModel`: cards for follow-ups and birthdays, plain headings.

    An open follow-up has a round Done button on the left and a Snooze button on the right;
    clicking them emits :attr:`done_clicked` / :attr:`snooze_clicked` (the page acts).
    """

    done_clicked = Signal(int)  # follow-up id
    snooze_clicked = Signal(int, QPoint)  # follow-up id, where to open the menu (global)

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        *,
        buttons: bool = True,
        chips: bool = True,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._buttons = buttons
        self._chips = chips

    # geometry -----------------------------------------------------------------------------

    @staticmethod
    def done_rect(rect: QRect) -> QRect:
        """Where the Done button of a row with this ``option.rect`` is."""
        row = rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        return QRect(row.left() + PAD - 2, row.center().y() - BUTTON // 2, BUTTON, BUTTON)

    @staticmethod
    def snooze_rect(rect: QRect) -> QRect:
        row = rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        return QRect(row.right() - PAD - BUTTON + 4, row.center().y() - BUTTON // 2, BUTTON, BUTTON)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        entry = index.data(FollowUpListModel.EntryRole)
        if isinstance(entry, FollowUpItem):
            # A title that does not fit on one line takes a second one.
            width = option.rect.width()
            view = option.widget
            if view is not None and hasattr(view, "viewport"):
                width = view.viewport().width()
            row = QRect(0, 0, width, FOLLOW_UP_HEIGHT + GAP)
            lines = len(self.title_lines(entry, row, option.font))
            extra = (lines - 1) * QFontMetrics(self._title_font(option.font)).height()
            return QSize(260, FOLLOW_UP_HEIGHT + GAP + extra)
        if isinstance(entry, Birthday):
            return QSize(260, BIRTHDAY_HEIGHT + GAP)
        return QSize(260, HEADING_HEIGHT)

    def _has_buttons(self, entry: object) -> bool:
        return self._buttons and isinstance(entry, FollowUpItem) and entry.status == "open"

    @staticmethod
    def _title_font(font: QFont) -> QFont:
        title_font = QFont(font)
        title_font.setWeight(QFont.Weight.DemiBold)
        return title_font

    def chips(self, item: FollowUpItem) -> list[str]:
        """The flag chips of a row: "urgent" also for an important follow-up late enough to
        be urgent by now (urgency rises with lateness)."""
        if not self._chips:
            return []
        urgent = item.urgent or (item.status == "open" and item.quadrant_on(self._today()) == "do")
        return [name for name, on in (("urgent", urgent), ("important", item.important)) if on]

    def _text_span(self, rect: QRect, item: FollowUpItem) -> tuple[int, int]:
        """Left and right of a follow-up row's text (between the Done and Snooze buttons)."""
        row = rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        left = self.done_rect(rect).right() + 10
        right = row.right() - PAD
        if self._has_buttons(item):
            right = self.snooze_rect(rect).left() - 6
        return left, right

    @staticmethod
    def _chip_font(font: QFont) -> QFont:
        chip_font = QFont(font)
        chip_font.setPointSizeF(font.pointSizeF() * 0.8)
        return chip_font

    def _chips_width(self, item: FollowUpItem, font: QFont) -> int:
        metrics = QFontMetrics(self._chip_font(font))
        return sum(metrics.horizontalAdvance(text) + 12 + 4 for text in self.chips(item))

    def title_lines(self, item: FollowUpItem, rect: QRect, font: QFont) -> list[str]:
        """The title as the row of ``rect`` shows it: one line, or two when it is long."""
        left, right = self._text_span(rect, item)
        room = max(0, right - 1 - self._chips_width(item, font) - left - 4)
        return wrap_title(item.title, QFontMetrics(self._title_font(font)), room)

    # painting -----------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        entry = index.data(FollowUpListModel.EntryRole)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if isinstance(entry, DayHeading):
            self._paint_heading(painter, option, entry)
        elif isinstance(entry, FollowUpItem | Birthday):
            self._paint_card(painter, option)
            if isinstance(entry, FollowUpItem):
                self._paint_follow_up(painter, option, entry)
            else:
                self._paint_birthday(painter, option, entry)
        painter.restore()

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        theme = current_theme()
        card = QRectF(_row_rect(option)).adjusted(0.5, 0.5, -0.5, -0.5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        path = QPainterPath()
        path.addRoundedRect(card, 7, 7)
        painter.fillPath(path, QColor(theme.accent_soft if selected else theme.base))
        border = QColor(theme.accent if (selected and focused) else theme.border)
        if hovered and not selected:
            border = QColor(theme.accent).lighter(150) if not theme.dark else QColor(theme.muted)
        painter.setPen(QPen(border, 1))
        painter.drawPath(path)

    def _paint_heading(
        self, painter: QPainter, option: QStyleOptionViewItem, heading: DayHeading
    ) -> None:
        theme = current_theme()
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        is_today = heading.day == heading.today
        painter.setPen(QColor(theme.accent if is_today else theme.text))
        rect = option.rect.adjusted(4, 8, -4, -2)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading.text
        )

    def _paint_follow_up(
        self, painter: QPainter, option: QStyleOptionViewItem, item: FollowUpItem
    ) -> None:
        theme = current_theme()
        row = _row_rect(option)
        today = self._today()
        is_open = item.status == "open"
        overdue = is_open and item.due_date < today
        cursor = QPoint()
        if option.widget is not None:
            cursor = option.widget.mapFromGlobal(QCursor.pos())

        # Done circle (a check when done).
        done = QRectF(self.done_rect(option.rect)).adjusted(3, 3, -3, -3)
        circle = QPainterPath()
        circle.addEllipse(done)
        if item.status == "done":
            painter.fillPath(circle, QColor(theme.success))
            painter.drawPixmap(
                done.toRect().adjusted(2, 2, -2, -2), icon_pixmap("done", 14, QColor("#ffffff"))
            )
        elif is_open:
            hot = self._buttons and self.done_rect(option.rect).contains(cursor)
            painter.setPen(QPen(QColor(theme.success if hot else theme.muted), 1.5))
            painter.drawPath(circle)
            if hot:
                painter.drawPixmap(
                    done.toRect().adjusted(2, 2, -2, -2),
                    icon_pixmap("done", 14, QColor(theme.success)),
                )
        else:  # dropped
            painter.setPen(QPen(QColor(theme.muted), 1.2, Qt.PenStyle.DotLine))
            painter.drawPath(circle)

        left, right = self._text_span(option.rect, item)
        if self._has_buttons(item):
            snooze = self.snooze_rect(option.rect)
            hot = snooze.contains(cursor)
            hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
            if hovered or bool(option.state & QStyle.StateFlag.State_Selected):
                colour = QColor(theme.accent if hot else theme.muted)
                painter.drawPixmap(snooze.adjusted(4, 4, -4, -4), icon_pixmap("snooze", 16, colour))

        # Flag chips on the right of line 1.
        base = QFont(option.font)
        chip_font = self._chip_font(base)
        chip_metrics = QFontMetrics(chip_font)
        title_font = self._title_font(base)
        title_metrics = QFontMetrics(title_font)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        small_metrics = QFontMetrics(small)
        titles = self.title_lines(item, option.rect, base)
        title_h = title_metrics.height() * len(titles)
        top = row.top() + (row.height() - title_h - small_metrics.height() - 3) // 2
        line1 = QRect(left, top, right - left, title_metrics.height())
        colours = {"urgent": theme.danger, "important": theme.accent}
        chips = [(text, colours[text]) for text in self.chips(item)]
        x = line1.right()
        painter.setFont(chip_font)
        chip_h = chip_metrics.height() + 2
        for text, colour in reversed(chips):
            w = chip_metrics.horizontalAdvance(text) + 12
            chip = QRectF(x - w, line1.center().y() - chip_h / 2 + 1, w, chip_h)
            chip_path = QPainterPath()
            chip_path.addRoundedRect(chip, chip_h / 2, chip_h / 2)
            fill, ink = tinted_chip(colour, theme)
            painter.fillPath(chip_path, fill)
            painter.setPen(ink)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x -= w + 4
        title_room = max(0, x - line1.left() - 4)

        y_line = line1.top()
        for title in titles:
            painter.setFont(title_font)
            painter.setPen(QColor(theme.text if is_open else theme.muted))
            painter.drawText(
                QRect(line1.left(), y_line, title_room, line1.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                title,
            )
            if item.status != "open":  # done or dropped: struck through
                width = title_metrics.horizontalAdvance(title)
                y = y_line + line1.height() // 2 + 1
                painter.setPen(QPen(QColor(theme.muted), 1))
                painter.drawLine(line1.left(), y, line1.left() + width, y)
            y_line += line1.height()

        # Last line: the due words (red when overdue) · person · repeat.
        line2 = QRect(left, y_line + 3, right - left, small_metrics.height())
        painter.setFont(small)
        when = due_words(item, today) if is_open else item.status
        x2 = line2.left()
        painter.setPen(QColor(theme.danger if overdue else theme.muted))
        painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, when)
        x2 += small_metrics.horizontalAdvance(when)
        rest = " · ".join(p for p in (item.contact_name, repeat_text(item.rrule)) if p)
        if rest:
            rest = " · " + rest
            painter.setPen(QColor(theme.muted))
            room = max(0, line2.right() - x2)
            painter.drawText(
                QRect(x2, line2.top(), room, line2.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small_metrics.elidedText(rest, Qt.TextElideMode.ElideRight, room),
            )

    def _paint_birthday(
        self, painter: QPainter, option: QStyleOptionViewItem, birthday: Birthday
    ) -> None:
        theme = current_theme()
        row = _row_rect(option)
        cake = self.done_rect(option.rect)
        painter.drawPixmap(
            cake.adjusted(3, 3, -3, -3), icon_pixmap("birthday", 18, QColor(theme.warning))
        )
        left = cake.right() + 10
        base = QFont(option.font)
        name_font = QFont(base)
        name_font.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        name_metrics = QFontMetrics(name_font)
        small_metrics = QFontMetrics(small)
        top = row.top() + (row.height() - name_metrics.height() - small_metrics.height() - 2) // 2
        room = row.right() - PAD - left
        painter.setFont(name_font)
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRect(left, top, room, name_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(birthday.title, Qt.TextElideMode.ElideRight, room),
        )
        painter.setFont(small)
        painter.setPen(QColor(theme.warning))
        when = birthday.text(self._today())
        if (birthday.day - self._today()).days >= 2:
            when = f"{date_text(birthday.day, weekday=True, year=False)} · {when}"
        painter.drawText(
            QRect(left, top + name_metrics.height() + 2, room, small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(when, Qt.TextElideMode.ElideRight, room),
        )

    # clicks ---------------------------------------------------------------------------------

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        entry = index.data(FollowUpListModel.EntryRole)
        kinds = (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        )
        if (
            not self._has_buttons(entry)
            or event.type() not in kinds
            or not isinstance(event, QMouseEvent)
        ):
            return super().editorEvent(event, model, option, index)
        assert isinstance(entry, FollowUpItem)
        pos = event.position().toPoint()
        on_done = self.done_rect(option.rect).contains(pos)
        on_snooze = self.snooze_rect(option.rect).contains(pos)
        if not (on_done or on_snooze) or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        if event.type() == QEvent.Type.MouseButtonRelease:
            if on_done:
                self.done_clicked.emit(entry.id)
            else:
                below = self.snooze_rect(option.rect).bottomLeft()
                widget = option.widget
                where = widget.mapToGlobal(below) if widget is not None else below
                self.snooze_clicked.emit(entry.id, where)
        return True
