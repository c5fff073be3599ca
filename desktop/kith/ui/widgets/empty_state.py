"""A calm, centred message for a view with nothing to show yet, with an optional action."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kith.ui.icons import icon
from kith.ui.widgets.buttons import make_primary


def _centred(label: QLabel) -> QHBoxLayout:
    # A row with stretch on both sides, not an aligned item: a vertical box asks an aligned
    # item's height for the box's whole width, so a wrapped label narrower than the box
    # would be given too few lines and clipped.
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label, 1000)  # takes the room, up to its maximum width
    row.addStretch(1)
    return row


class EmptyState(QWidget):
    """An icon, a title, a sentence saying what will appear here, and maybe one button."""

    action_triggered = Signal()

    #: The widest a line of the explanation runs, in pixels: short lines read calmly.
    TEXT_WIDTH = 460

    def __init__(
        self,
        icon_name: str,
        title: str,
        text: str,
        action: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(10)
        layout.addStretch(2)
        self._icon_name = icon_name
        self.picture = QLabel()
        self.picture.setPixmap(self._pixmap())
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.picture)
        self.title = QLabel(title)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        layout.addLayout(_centred(self.title))
        self.text = QLabel(text)
        self.text.setProperty("role", "muted")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout.addLayout(_centred(self.text))
        if action:
            self.button = QPushButton(action)
            make_primary(self.button)
            self.button.clicked.connect(self.action_triggered)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        for label in (self.title, self.text):
            label.setMaximumWidth(self.TEXT_WIDTH)
            label.setMinimumWidth(120)

    def changeEvent(self, event: QEvent) -> None:
        # The picture is drawn in the palette's colours: redraw it when the theme changes.
        if event.type() == QEvent.Type.PaletteChange:
            self.picture.setPixmap(self._pixmap())
        super().changeEvent(event)

    def _pixmap(self) -> QPixmap:
        themed = icon(self._icon_name)
        return themed.pixmap(48, 48, QIcon.Mode.Disabled)
