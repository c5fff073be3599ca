"""A small painted bar chart: interactions per month (PySide6-Essentials has no QtCharts)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kith.core.goals import MonthCount
from kith.ui.formats import month_name, month_text
from kith.ui.theme import current_theme


class MonthChart(QWidget):
    """One bar per month, the count above each bar, the month's initial below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: list[MonthCount] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)
        self.setAccessibleName("Interactions per month")

    def sizeHint(self) -> QSize:
        return QSize(360, 130)

    def set_months(self, months: Sequence[MonthCount]) -> None:
        self._months = list(months)
        total = sum(m.count for m in self._months)
        self.setToolTip(
            "\n".join(f"{month_text(m.year, m.month)}: {m.count}" for m in self._months if m.count)
            or "No interactions served this goal in these months"
        )
        self.setAccessibleDescription(f"{total} interactions in {len(self._months)} months")
        self.update()

    def months(self) -> list[MonthCount]:
        return list(self._months)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._months:
            return
        theme = current_theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        top, bottom = line + 4, self.height() - line - 6
        area = max(1.0, float(bottom - top))
        slot = self.width() / len(self._months)
        bar = min(28.0, slot * 0.62)
        peak = max(1, max(m.count for m in self._months))
        painter.setPen(QColor(theme.border))
        painter.drawLine(0, bottom, self.width(), bottom)
        for i, month in enumerate(self._months):
            x = i * slot + (slot - bar) / 2
            height = area * month.count / peak
            last = i == len(self._months) - 1
            colour = QColor(theme.accent if last or month.count else theme.border)
            if not last:
                colour.setAlphaF(0.55)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if month.count:
                painter.drawRoundedRect(QRectF(x, bottom - height, bar, height), 3, 3)
                painter.setPen(QColor(theme.text))
                painter.drawText(
                    QRectF(i * slot, bottom - height - line - 2, slot, line),
                    Qt.AlignmentFlag.AlignCenter,
                    str(month.count),
                )
            painter.setPen(QColor(theme.text if last else theme.muted))
            label = month_name(month.month, short=True)
            painter.drawText(
                QRectF(i * slot, bottom + 3, slot, line),
                Qt.AlignmentFlag.AlignCenter,
                label[:1] if slot < metrics.horizontalAdvance("May") + 6 else label,
            )
        painter.end()
