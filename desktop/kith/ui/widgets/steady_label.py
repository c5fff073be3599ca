"""A one-line label whose text changes often (a count that follows each keystroke)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget


class SteadyLabel(QLabel):
    """A one-line :class:`QLabel` that keeps its size when its text changes.

    ``QLabel.setText`` asks for a new layout every time (its size hint follows the text):
    the request climbs the window's layouts — six of them for the Contacts page's count,
    ~1.5 ms a keystroke. This label is as tall as one line of its font and takes the width
    its layout gives it; a new text only repaints it, elided on the right if it is too long.
    Styled as a ``QLabel`` (``[role="muted"]``), read by screen readers through its
    accessible name.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self.update()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = self.fontMetrics().height() + margins.top() + margins.bottom()
        return QSize(self.fontMetrics().horizontalAdvance("0") * 20, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(
            painter,
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            QPalette.ColorRole.WindowText,
        )
        painter.end()
