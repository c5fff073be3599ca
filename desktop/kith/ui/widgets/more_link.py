"""“and 22 more”: a link under a shortened list that opens the whole of it (Tab reaches it,
Enter or a click follows it)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QWidget


class MoreLink(QLabel):
    """A one-line link; :attr:`clicked` when followed. Hidden while it has no text."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.linkActivated.connect(lambda _: self.clicked.emit())
        self.hide()

    def set_link(self, text: str) -> None:
        """Show ``text`` as the link ("" hides it)."""
        self._text = text
        self.setText(f'<a href="more">{escape(text)}</a>' if text else "")
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def link_text(self) -> str:
        return self._text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Focused by Tab, Enter or Space follows the link.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._text:
            self.clicked.emit()
            return
        super().keyPressEvent(event)
