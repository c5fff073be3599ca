"""The sidebar's page list, with a count badge painted on a page (e.g. Today's due follow-ups)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme

#: Item data role holding the badge number (0 or None: no badge).
BADGE_ROLE = Qt.ItemDataRole.UserRole + 10


def badge_text(count: int) -> str:
    return "99+" if count > 99 else str(count)


class NavigationDelegate(QStyledItemDelegate):
    """Paints each page item as the style does, then a rounded count badge on the right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(BADGE_ROLE)
        if not count:
            return
        theme = current_theme()
        text = badge_text(int(count))
        font = QFont(option.font)
        font.setPointSizeF(font.pointSizeF() * 0.82)
        font.setBold(True)
        metrics = QFontMetrics(font)
        height = metrics.height() + 2
        width = max(height, metrics.horizontalAdvance(text) + 12)
        rect = option.rect
        badge = QRectF(
            rect.right() - 10 - width, rect.center().y() - height / 2 + 0.5, width, height
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(badge, height / 2, height / 2)
        painter.fillPath(path, QColor(theme.badge))
        painter.setFont(font)
        painter.setPen(QColor(theme.badge_text))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
