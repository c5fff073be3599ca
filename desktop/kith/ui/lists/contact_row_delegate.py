"""Paints the compact contact list: one line per person — avatar, name, role · company (or where
a search matched), the last contact on the right — under A–Z section headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kith.core.directory import ContactSummary
from kith.core.local_time import local_date
from kith.core.relative_time import ago_words
from kith.ui.lists.contact_card_delegate import draw_marked
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme
from kith.ui.widgets.avatar import avatar_pixmap

ROW_HEIGHT = 36
HEADER_HEIGHT = 28
AVATAR = 24
PAD = 10


class ContactRowDelegate(QStyledItemDelegate):
    """One line per contact; a row that begins a letter's section carries its header on top
    (the view makes those rows :data:`HEADER_HEIGHT` taller)."""

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        #: {row: letter} of the rows that begin a section (none while searching).
        self.sections: dict[int, str] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        extra = HEADER_HEIGHT if index.row() in self.sections else 0
        return QSize(320, ROW_HEIGHT + extra)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        theme = current_theme()
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        letter = self.sections.get(index.row())
        if letter is not None:
            header = QRect(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT)
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor(theme.accent))
            painter.drawText(
                header.adjusted(PAD, 4, -PAD, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                letter,
            )
            painter.setPen(QColor(theme.border))
            painter.drawLine(
                header.left() + PAD + 22,
                header.center().y() + 2,
                header.right() - PAD,
                header.center().y() + 2,
            )
            rect = rect.adjusted(0, HEADER_HEIGHT, 0, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent_soft if selected else theme.alternate))
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 6, 6)
        summary: ContactSummary | None = index.data(ContactListModel.SummaryRole)
        if summary is None:
            painter.restore()
            return
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        top = rect.top() + (rect.height() - AVATAR) // 2
        painter.drawPixmap(
            rect.left() + PAD, top, avatar_pixmap(summary.full_name, summary.photo, AVATAR, dpr)
        )
        left = rect.left() + PAD + AVATAR + PAD
        right = rect.right() - PAD
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.92)
        when = (
            ago_words((self._today() - local_date(summary.last_contact)).days)
            if summary.last_contact is not None
            else ""
        )
        when_width = QFontMetrics(small).horizontalAdvance(when)
        if when:
            painter.setFont(small)
            painter.setPen(QColor(theme.muted))
            painter.drawText(
                QRect(right - when_width, rect.top(), when_width, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                when,
            )
            right -= when_width + PAD
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        name_metrics = QFontMetrics(name_font)
        name = name_metrics.elidedText(
            summary.full_name, Qt.TextElideMode.ElideRight, max(0, right - left)
        )
        painter.setFont(name_font)
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRect(left, rect.top(), right - left, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        left += name_metrics.horizontalAdvance(name) + PAD
        if right - left > 40:
            line = QRect(left, rect.top(), right - left, rect.height())
            reason = index.data(ContactListModel.MatchRole)
            if reason:
                draw_marked(painter, line, reason, small, QColor(theme.muted), QColor(theme.accent))
            elif summary.role_line:
                metrics = QFontMetrics(small)
                painter.setFont(small)
                painter.setPen(QColor(theme.muted))
                painter.drawText(
                    line,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(
                        summary.role_line, Qt.TextElideMode.ElideRight, line.width()
                    ),
                )
        painter.restore()
