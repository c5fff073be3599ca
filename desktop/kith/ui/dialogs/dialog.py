"""What every Kith dialog shares: it opens at the size the user last gave it, never larger
than the screen it opens on, and wholly on that screen — so Save and Close are always
within reach, on a 1280×720 laptop too. Long content scrolls inside the dialog (the form's
body, Help's text); the button row stays put below it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

#: Room left around a dialog for the window manager's title bar and borders.
FRAME_ALLOWANCE = QSize(16, 48)


def screen_area(widget: QWidget) -> QRect:
    """The usable part of the screen ``widget`` (or its parent window) is on."""
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(size: QSize, area: QRect) -> QSize:
    """``size`` made small enough to fit ``area`` with its frame."""
    return size.boundedTo(
        QSize(area.width() - FRAME_ALLOWANCE.width(), area.height() - FRAME_ALLOWANCE.height())
    )


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` (title bar and borders included) wholly onto its screen's usable area."""
    area = screen_area(window)
    frame = window.frameGeometry()
    dx = max(area.left() - frame.left(), min(0, area.right() - frame.right()))
    dy = max(area.top() - frame.top(), min(0, area.bottom() - frame.bottom()))
    if dx or dy:
        window.move(window.x() + dx, window.y() + dy)


class Dialog(QDialog):
    """A dialog that remembers its size and fits the screen (see the module)."""

    #: Whether the height is remembered too; a form that sizes itself to its rows (and grows
    #: when a warning appears) remembers only its width.
    remembers_height = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placed = False

    def settings_key(self) -> str:
        """Where the size is remembered (one per kind of dialog)."""
        return f"dialogs/{type(self).__name__}/size"

    def setVisible(self, visible: bool) -> None:
        # Before the first show, so that QDialog centres the fitted size on the parent.
        if visible and not self._placed:
            self._placed = True
            self.fit_to_screen()
        super().setVisible(visible)

    def fit_to_screen(self) -> None:
        """Open at the remembered size (or the default one), capped to the screen, and never
        ask for a minimum the screen cannot give."""
        area = screen_area(self)
        room = fitted(QSize(10_000, 10_000), area)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        if room.expandedTo(self.minimumSize()) != room:
            self.setMinimumSize(self.minimumSize().boundedTo(room))
        remembered = QSettings().value(self.settings_key())
        resized = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        size = self.size() if resized else self.sizeHint()
        if isinstance(remembered, QSize) and remembered.isValid():
            height = remembered.height() if self.remembers_height else size.height()
            size = QSize(remembered.width(), height)
        self.resize(fitted(size.expandedTo(self.minimumSize()), area))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        keep_on_screen(self)

    def done(self, result: int) -> None:
        QSettings().setValue(self.settings_key(), self.size())
        super().done(result)
