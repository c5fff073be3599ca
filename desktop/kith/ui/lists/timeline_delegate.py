"""Paints a timeline row: kind icon, title and date, a muted detail line, notes; Done/Snooze.

Open follow-ups carry two small buttons (Done, Snooze) painted in the row; a click on one
emits :attr:`TimelineDelegate.done_clicked` or :attr:`TimelineDelegate.snooze_clicked`.
"""

from __future__ import annotations

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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kith.ui.formats import date_text
from kith.ui.icons import icon_pixmap
from kith.ui.lists.index import ModelIndex
from kith.ui.lists.timeline_model import FOLLOW_UP, HEADER, TimelineEntry, TimelineModel
from kith.ui.theme import current_theme

PAD = 10
ICON = 30
GAP = 6
NOTE_LINES = 4
TITLE_LINES = 2
BUTTON_H = 24


class TimelineDelegate(QStyledItemDelegate):
    """Rows of :class:`TimelineModel`; their height follows the notes' wrapped text."""

    done_clicked = Signal(int)  # follow-up id
    snooze_clicked = Signal(int, QPoint)  # follow-up id, where to open the menu (global)

    def __init__(self, view: QAbstractItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent or view)
        self._view = view

    # geometry ---------------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        return base, title, small

    def _text_width(self, entry: TimelineEntry, width: int) -> int:
        return max(80, width - 2 * PAD - ICON - 10)

    def _date_width(self, entry: TimelineEntry, small: QFont) -> int:
        text = self._date_text(entry)
        return QFontMetrics(small).horizontalAdvance(text) + 8 if text else 0

    def _title_height(self, entry: TimelineEntry, font: QFont, width: int) -> int:
        metrics = QFontMetrics(font)
        rect = metrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), entry.title
        )
        return min(max(rect.height(), metrics.height()), metrics.lineSpacing() * TITLE_LINES)

    def _note_height(self, entry: TimelineEntry, font: QFont, width: int) -> int:
        if not entry.notes:
            return 0
        metrics = QFontMetrics(font)
        rect = metrics.boundingRect(
            QRect(0, 0, width, metrics.lineSpacing() * NOTE_LINES),
            int(Qt.TextFlag.TextWordWrap),
            entry.notes,
        )
        return min(rect.height(), metrics.lineSpacing() * NOTE_LINES) + 4

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        entry: TimelineEntry | None = index.data(TimelineModel.EntryRole)
        width = self._view.viewport().width() or 360
        base, title, small = self._fonts(option)
        if entry is None:
            return QSize(width, 0)
        if entry.kind == HEADER:
            return QSize(width, QFontMetrics(small).height() + 22)
        text_width = self._text_width(entry, width)
        title_width = text_width - self._date_width(entry, small)
        height = PAD + self._title_height(entry, title, title_width) + 2
        height += QFontMetrics(small).height()
        height += self._note_height(entry, base, text_width)
        if entry.is_open_follow_up:
            height += 6 + BUTTON_H
        return QSize(width, max(height + PAD, ICON + 2 * PAD))

    def button_rects(self, rect: QRect, entry: TimelineEntry) -> tuple[QRect, QRect]:
        """Where the Done and Snooze buttons of an open follow-up's row are (bottom left)."""
        top = rect.bottom() - PAD - BUTTON_H + 1
        left = rect.left() + PAD + ICON + 10
        done = QRect(left, top, 72, BUTTON_H)
        snooze = QRect(done.right() + 7, top, 80, BUTTON_H)
        return done, snooze

    # painting ---------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        entry: TimelineEntry | None = index.data(TimelineModel.EntryRole)
        if entry is None:
            return
        theme = current_theme()
        base, title_font, small = self._fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if entry.kind == HEADER:
            painter.setFont(small)
            font = QFont(small)
            font.setWeight(QFont.Weight.Bold)
            font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1)
            painter.setFont(font)
            painter.setPen(QColor(theme.muted))
            text_rect = rect.adjusted(PAD, 12, -PAD, -4)
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                entry.title.upper(),
            )
            painter.setFont(small)
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                entry.detail,
            )
            painter.restore()
            return

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        card = QRectF(rect.adjusted(2, 2, -2, -2))
        if selected or hovered:
            path = QPainterPath()
            path.addRoundedRect(card, 8, 8)
            painter.fillPath(path, QColor(theme.accent_soft if selected else theme.alternate))
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            path = QPainterPath()
            path.addRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
            painter.setPen(QPen(QColor(theme.accent), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

        # icon in a soft disc
        disc = QRectF(rect.left() + PAD, rect.top() + PAD, ICON, ICON)
        colour = QColor(theme.accent)
        if entry.kind == FOLLOW_UP:
            if entry.status == "done":
                colour = QColor(theme.success)
            elif entry.status == "dropped":
                colour = QColor(theme.muted)
            elif entry.overdue:
                colour = QColor(theme.danger)
            else:
                colour = QColor(theme.warning)
        elif entry.direction == "gave":
            colour = QColor(theme.success)
        elif entry.direction == "asked":
            colour = QColor(theme.warning)
        soft = QColor(colour)
        soft.setAlpha(40 if not theme.dark else 70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(soft)
        painter.drawEllipse(disc)
        pixmap = icon_pixmap(entry.icon, 18, colour, painter.device().devicePixelRatioF())
        painter.drawPixmap(int(disc.center().x() - 9), int(disc.center().y() - 9), pixmap)

        left = rect.left() + PAD + ICON + 10
        width = self._text_width(entry, rect.width())
        y = rect.top() + PAD
        text = QColor(theme.text)
        muted = QColor(theme.muted)
        dropped = entry.status == "dropped"

        # title (up to two lines) … date
        title_metrics = QFontMetrics(title_font)
        date_text = self._date_text(entry)
        small_metrics = QFontMetrics(small)
        date_width = self._date_width(entry, small)
        painter.setPen(muted if dropped else text)
        title_height = self._title_height(entry, title_font, width - date_width)
        title_rect = QRect(left, y, width - date_width, title_height)
        font = QFont(title_font)
        font.setStrikeOut(dropped)
        painter.setFont(font)
        lines = max(1, title_height // title_metrics.lineSpacing())
        painter.drawText(
            title_rect,
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
            self._elide_lines(entry.title, title_metrics, title_rect.width(), lines),
        )
        if date_text:
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(
                QRect(left + width - date_width, y, date_width, title_metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                date_text,
            )
        y += title_height + 2

        # detail line
        painter.setFont(small)
        painter.setPen(QColor(theme.danger) if entry.overdue else muted)
        painter.drawText(
            QRect(left, y, width, small_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            small_metrics.elidedText(entry.detail, Qt.TextElideMode.ElideRight, width),
        )
        y += small_metrics.height()

        # notes
        if entry.notes:
            y += 4
            painter.setFont(base)
            painter.setPen(text)
            metrics = QFontMetrics(base)
            height = self._note_height(entry, base, width) - 4
            lines = max(1, height // metrics.lineSpacing())
            shown = self._elide_lines(entry.notes, metrics, width, lines)
            painter.drawText(
                QRect(left, y, width, height),
                int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
                shown,
            )

        if entry.is_open_follow_up:
            done, snooze = self.button_rects(rect, entry)
            self._paint_button(painter, done, "Done", "done", small)
            self._paint_button(painter, snooze, "Snooze", "snooze", small)
        painter.restore()

    @staticmethod
    def _date_text(entry: TimelineEntry) -> str:
        if entry.kind == FOLLOW_UP or entry.day is None:
            return ""
        return date_text(entry.day)

    @staticmethod
    def _elide_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> str:
        """The text cut to ``lines`` wrapped lines, the last ending in an ellipsis if cut."""
        full = metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text)
        if full.height() <= metrics.lineSpacing() * lines:
            return text
        words = text.split()
        shown = ""
        for word in words:
            attempt = f"{shown} {word}".strip()
            box = metrics.boundingRect(
                QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), attempt + " …"
            )
            if box.height() > metrics.lineSpacing() * lines:
                break
            shown = attempt
        return shown + " …"

    @staticmethod
    def _paint_button(
        painter: QPainter, rect: QRect, text: str, icon_name: str, font: QFont
    ) -> None:
        theme = current_theme()
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.fillPath(path, QColor(theme.base))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(theme.border), 1))
        painter.drawPath(path)
        pixmap = icon_pixmap(
            icon_name, 14, QColor(theme.text), painter.device().devicePixelRatioF()
        )
        metrics = QFontMetrics(font)
        total = 14 + 4 + metrics.horizontalAdvance(text)
        x = rect.left() + (rect.width() - total) // 2
        painter.drawPixmap(x, rect.top() + (rect.height() - 14) // 2, pixmap)
        painter.setFont(font)
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRect(x + 18, rect.top(), rect.width(), rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )

    # clicks -----------------------------------------------------------------------------

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        entry: TimelineEntry | None = index.data(TimelineModel.EntryRole)
        if (
            entry is not None
            and entry.is_open_follow_up
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            done, snooze = self.button_rects(option.rect, entry)
            point = event.position().toPoint()
            if done.contains(point):
                self.done_clicked.emit(entry.id)
                return True
            if snooze.contains(point):
                where = self._view.viewport().mapToGlobal(snooze.bottomLeft())
                self.snooze_clicked.emit(entry.id, where)
                return True
        return super().editorEvent(event, model, option, index)
