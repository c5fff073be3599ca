"""Paints one person going cold per row, with one-click “Log” and “Plan” buttons."""

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
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from kith.core.rules.going_cold import ColdContact
from kith.ui.icons import icon_pixmap
from kith.ui.lists.going_cold_model import GoingColdModel
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme
from kith.ui.widgets.avatar import avatar_pixmap

ROW_HEIGHT = 54
GAP = 6
PAD = 12
AVATAR = 32
BUTTON_H = 26
#: Rows narrower than this show icon-only buttons.
COMPACT_BELOW = 340

#: (name, label, icon, tooltip) of the two buttons, left to right.
BUTTONS = (
    ("log", "Log", "log-interaction", "Log an interaction with {name}"),
    ("plan", "Plan", "follow-up", "Plan a follow-up with {name}"),
)


class GoingColdDelegate(QStyledItemDelegate):
    """Rows of :class:`GoingColdModel`: avatar, name, how overdue, and the two buttons."""

    log_clicked = Signal(int)  # contact id
    plan_clicked = Signal(int)  # contact id

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return QSize(260, ROW_HEIGHT + GAP)

    def button_rects(self, rect: QRect, font: QFont) -> dict[str, QRect]:
        """Where each button of a row with this ``option.rect`` is, by name."""
        row = rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        metrics = QFontMetrics(self._button_font(font))
        right = row.right() - PAD + 2
        rects: dict[str, QRect] = {}
        compact = self.compact(rect)
        for name, label, _, _ in reversed(BUTTONS):
            width = BUTTON_H + 4 if compact else 16 + 6 + metrics.horizontalAdvance(label) + 18
            rects[name] = QRect(
                right - width, row.center().y() - BUTTON_H // 2 + 1, width, BUTTON_H
            )
            right -= width + 6
        return rects

    def text_room(self, rect: QRect, font: QFont) -> int:
        """How wide the name and "9 months overdue · every 180 days" may be in a row."""
        row = rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        left = row.left() + PAD + AVATAR + 10
        right = min(r.left() for r in self.button_rects(rect, font).values()) - 10
        return max(0, right - left)

    @staticmethod
    def line_two(cold: ColdContact) -> str:
        """How overdue and the cadence: "9 months overdue · every 180 days"."""
        days = cold.status.cadence.days
        cadence = f" · every {days} days" if days and days > 1 else " · every day"
        return cold.text + cadence

    @staticmethod
    def compact(rect: QRect) -> bool:
        """Narrow rows show the buttons as icons only (the tooltip still names them)."""
        return rect.width() < COMPACT_BELOW

    @staticmethod
    def _button_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        return small

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        cold: ColdContact | None = index.data(GoingColdModel.ColdRole)
        if cold is None:
            return
        theme = current_theme()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = option.rect.adjusted(1, GAP // 2, -1, -GAP // 2)
        card = QRectF(row).adjusted(0.5, 0.5, -0.5, -0.5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        path = QPainterPath()
        path.addRoundedRect(card, 7, 7)
        painter.fillPath(path, QColor(theme.accent_soft if selected else theme.base))
        border = QColor(theme.border)
        if hovered and not selected:
            border = QColor(theme.accent).lighter(150) if not theme.dark else QColor(theme.muted)
        painter.setPen(QPen(border, 1))
        painter.drawPath(path)

        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        top = row.top() + (row.height() - AVATAR) // 2
        painter.drawPixmap(row.left() + PAD, top, avatar_pixmap(cold.full_name, None, AVATAR, dpr))

        cursor = QPoint()
        if option.widget is not None:
            cursor = option.widget.mapFromGlobal(QCursor.pos())
        buttons = self.button_rects(option.rect, option.font)
        button_font = self._button_font(option.font)
        painter.setFont(button_font)
        for name, label, icon_name, _ in BUTTONS:
            rect = buttons[name]
            hot = rect.contains(cursor)
            pill = QPainterPath()
            pill.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            painter.fillPath(pill, QColor(theme.accent_soft if hot else theme.base))
            painter.setPen(QPen(QColor(theme.accent if hot else theme.border), 1))
            painter.drawPath(pill)
            colour = QColor(theme.accent)
            if self.compact(option.rect):
                painter.drawPixmap(
                    rect.center().x() - 7, rect.center().y() - 7, icon_pixmap(icon_name, 15, colour)
                )
                continue
            painter.drawPixmap(
                rect.left() + 9, rect.center().y() - 7, icon_pixmap(icon_name, 15, colour)
            )
            painter.setPen(colour)
            painter.drawText(
                rect.adjusted(9 + 16 + 5, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

        left = row.left() + PAD + AVATAR + 10
        base = QFont(option.font)
        name_font = QFont(base)
        name_font.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        name_metrics = QFontMetrics(name_font)
        small_metrics = QFontMetrics(small)
        text_top = (
            row.top() + (row.height() - name_metrics.height() - small_metrics.height() - 2) // 2
        )
        room = self.text_room(option.rect, option.font)
        painter.setFont(name_font)
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRect(left, text_top, room, name_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(cold.full_name, Qt.TextElideMode.ElideRight, room),
        )
        painter.setFont(small)
        line2 = QRect(left, text_top + name_metrics.height() + 2, room, small_metrics.height())
        overdue = cold.text
        painter.setPen(QColor(theme.warning))
        painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, overdue)
        used = small_metrics.horizontalAdvance(overdue)
        cadence = self.line_two(cold)[len(overdue) :]
        painter.setPen(QColor(theme.muted))
        painter.drawText(
            line2.adjusted(used, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(cadence, Qt.TextElideMode.ElideRight, max(0, room - used)),
        )
        painter.restore()

    def _button_at(self, option: QStyleOptionViewItem, pos: QPoint) -> str | None:
        for name, rect in self.button_rects(option.rect, option.font).items():
            if rect.contains(pos):
                return name
        return None

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        kinds = (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        )
        if event.type() not in kinds or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        name = self._button_at(option, event.position().toPoint())
        if name is None or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        if event.type() == QEvent.Type.MouseButtonRelease:
            contact_id = int(index.data(GoingColdModel.IdRole))
            (self.log_clicked if name == "log" else self.plan_clicked).emit(contact_id)
        return True

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        name = self._button_at(option, event.pos())
        cold: ColdContact | None = index.data(GoingColdModel.ColdRole)
        if name is not None and cold is not None:
            tip = next(t for n, _, _, t in BUTTONS if n == name)
            QToolTip.showText(event.globalPos(), tip.format(name=cold.full_name), view)
            return True
        return super().helpEvent(event, view, option, index)
