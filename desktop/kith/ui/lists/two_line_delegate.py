"""Paints a row as a title over a muted detail line, with an optional badge on the right.

With ``wrap``, a title too long for one line takes two (the row grows) instead of being cut;
the view must then not use uniform item sizes."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kith.ui.lists.goal_models import BADGE_ROLE, DETAIL_ROLE, MUTED_ROLE
from kith.ui.lists.index import ModelIndex
from kith.ui.text_fit import wrap_title
from kith.ui.theme import current_theme

PAD_X = 12
PAD_Y = 7


def _badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


def _title_font(font: QFont) -> QFont:
    title_font = QFont(font)
    title_font.setWeight(QFont.Weight.DemiBold)
    return title_font


class TwoLineDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None, *, wrap: bool = False) -> None:
        super().__init__(parent)
        self._wrap = wrap

    def title_lines(self, index: ModelIndex, font: QFont, width: int) -> list[str]:
        """The title as a row ``width`` wide shows it (two lines at most when wrapping)."""
        right = width - PAD_X
        badge = index.data(BADGE_ROLE) or ""
        if badge:
            right -= QFontMetrics(_badge_font(font)).horizontalAdvance(badge) + 14 + 8
        room = max(0, right - PAD_X)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return wrap_title(title, QFontMetrics(_title_font(font)), room, 2 if self._wrap else 1)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        line = option.fontMetrics.height()
        detail = index.data(DETAIL_ROLE)
        lines = 1
        view = option.widget
        if self._wrap and view is not None and hasattr(view, "viewport"):
            lines = len(self.title_lines(index, option.font, view.viewport().width()))
        return QSize(200, 2 * PAD_Y + line * lines + (line + 2 if detail else 0))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        theme = current_theme()
        rect: QRect = option.rect
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent_soft if selected else theme.alternate))
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 6, 6)
        font: QFont = QFont(option.font)
        metrics = option.fontMetrics
        line = metrics.height()
        badge = index.data(BADGE_ROLE) or ""
        right = rect.right() - PAD_X
        if badge:
            painter.setFont(_badge_font(font))
            width = painter.fontMetrics().horizontalAdvance(badge) + 14
            chip = QRect(right - width, rect.top() + PAD_Y, width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.chip))
            painter.drawRoundedRect(chip, line / 2, line / 2)
            painter.setPen(QColor(theme.chip_text))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, badge)
            right = chip.left() - 8
        painter.setFont(_title_font(font))
        muted = bool(index.data(MUTED_ROLE))
        painter.setPen(QColor(theme.muted if muted else theme.text))
        title_rect = QRect(
            rect.left() + PAD_X, rect.top() + PAD_Y, right - rect.left() - PAD_X, line
        )
        titles = self.title_lines(index, font, rect.width())
        for number, title in enumerate(titles):
            if number:
                title_rect.translate(0, line)
            painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)
        detail = index.data(DETAIL_ROLE) or ""
        if detail:
            painter.setFont(font)
            painter.setPen(QColor(theme.muted))
            detail_rect = QRect(
                rect.left() + PAD_X, title_rect.bottom() + 3, rect.width() - 2 * PAD_X, line
            )
            painter.drawText(
                detail_rect,
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(detail, Qt.TextElideMode.ElideRight, detail_rect.width()),
            )
        painter.restore()
