"""The circle budget meter: people per circle against Dunbar's layers, with who to move out."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kith.core.rules.circles import CircleBudget
from kith.ui.theme import current_theme

ROW_HEIGHT = 30


class LayerBars(QWidget):
    """One bar per layer: how full it is (cumulative), amber past Dunbar's size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._budget: CircleBudget | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(4 * ROW_HEIGHT)
        self.setAccessibleName("People per circle against Dunbar's layers")

    def sizeHint(self) -> QSize:
        return QSize(240, 4 * ROW_HEIGHT)

    def set_budget(self, budget: CircleBudget) -> None:
        self._budget = budget
        self.setToolTip(
            "\n".join(
                f"{layer.name}: {layer.cumulative} of {layer.size} ({layer.own} in this circle)"
                for layer in budget.layers
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._budget is None:
            return
        theme = current_theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        label_width = metrics.horizontalAdvance("Inner 5") + 10
        count_width = metrics.horizontalAdvance("150 / 150") + 8
        bar_left = label_width
        bar_width = max(20, self.width() - label_width - count_width)
        for i, layer in enumerate(self._budget.layers):
            top = i * ROW_HEIGHT
            middle = top + ROW_HEIGHT / 2
            painter.setPen(QColor(theme.text))
            painter.drawText(
                QRectF(0, top, label_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                layer.name,
            )
            track = QRectF(bar_left, middle - 4, bar_width, 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.chip))
            painter.drawRoundedRect(track, 4, 4)
            share = min(1.0, layer.cumulative / layer.size)
            painter.setBrush(QColor(theme.warning if layer.over else theme.accent))
            if share > 0:
                painter.drawRoundedRect(
                    QRectF(track.left(), track.top(), max(8.0, bar_width * share), 8), 4, 4
                )
            painter.setPen(QColor(theme.warning if layer.over else theme.muted))
            painter.drawText(
                QRectF(bar_left + bar_width, top, count_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                f"{layer.cumulative} / {layer.size}",
            )
        painter.end()


class CircleBudgetMeter(QWidget):
    """The bars, a line for acquaintances and unsorted people, and any warnings with
    suggestions (each name is a link that opens the person)."""

    open_contact_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        heading = QLabel("CIRCLE BUDGET")
        heading.setProperty("role", "section")
        heading.setToolTip(
            "Dunbar's layers are nested: your 15 include your inner 5, your 50 include the 15."
        )
        layout.addWidget(heading)
        self.bars = LayerBars()
        layout.addWidget(self.bars)
        self.others = QLabel()
        self.others.setProperty("role", "muted")
        layout.addWidget(self.others)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.advice.linkActivated.connect(self._on_link)
        layout.addWidget(self.advice)
        self.budget: CircleBudget | None = None

    def set_budget(self, budget: CircleBudget) -> None:
        self.budget = budget
        self.bars.set_budget(budget)
        self.others.setText(
            f"{budget.acquaintances} acquaintances · {budget.unsorted} without a circle"
        )
        theme = current_theme()
        parts = []
        for layer in budget.layers:
            if not layer.over:
                continue
            names = ", ".join(
                f"<a href='contact:{s.contact_id}' style='color:{theme.accent};"
                f"text-decoration:none'>{escape(s.full_name)}</a>"
                f" <span style='color:{theme.muted}'>({escape(s.reason)})</span>"
                for s in layer.suggestions[:5]
            )
            more = len(layer.suggestions) - 5
            if more > 0:
                names += f" and {more} more"
            parts.append(
                f"<p style='margin:0 0 6px 0'><span style='color:{theme.warning}'>"
                f"{escape(layer.warning)}</span><br>"
                f"Consider moving one circle out: {names}</p>"
            )
        if not parts:
            parts.append(
                f"<p style='margin:0;color:{theme.muted}'>Every circle is within Dunbar's "
                "layers.</p>"
            )
        self.advice.setText("".join(parts))

    def _on_link(self, link: str) -> None:
        if link.startswith("contact:"):
            self.open_contact_requested.emit(int(link.split(":", 1)[1]))
