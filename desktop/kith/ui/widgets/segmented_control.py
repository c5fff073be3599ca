"""A segmented control: two or three views of one thing, side by side in a rounded track
(Timeline | Details, Month | Next 14 days), in place of Qt's stock tabs.

:class:`SegmentedControl` speaks QTabBar's language (``addTab``, ``currentIndex``,
``setCurrentIndex``, ``currentChanged``) so it replaces a tab bar line for line;
:class:`SegmentedPages` puts one above a stack of pages, as a QTabWidget would. The control
takes the keyboard focus as one widget: ← and → (Home, End) choose the segment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class SegmentedControl(QWidget):
    """Segments in a track; exactly one is current (-1 while there are none)."""

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SegmentedControl")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # Tab reaches it (then ← →); a click only switches, without a focus ring.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(2)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idToggled.connect(self._toggled)
        self._buttons: list[QPushButton] = []

    def addTab(self, *args: object) -> int:
        """``addTab(text)`` or ``addTab(icon, text)``: a new segment; returns its index."""
        if len(args) == 2:
            glyph, text = args
        else:
            glyph, text = None, args[0]
        button = QPushButton(str(text))
        if isinstance(glyph, QIcon):
            button.setIcon(glyph)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        index = len(self._buttons)
        self._buttons.append(button)
        self._group.addButton(button, index)
        self._layout.addWidget(button)
        if index == 0:
            button.setChecked(True)
        return index

    def count(self) -> int:
        return len(self._buttons)

    def tabText(self, index: int) -> str:
        return self._buttons[index].text()

    def button(self, index: int) -> QPushButton:
        """The segment's button (to click it in a test, or set a tooltip)."""
        return self._buttons[index]

    def currentIndex(self) -> int:
        return self._group.checkedId()

    def setCurrentIndex(self, index: int) -> None:
        if 0 <= index < len(self._buttons):
            self._buttons[index].setChecked(True)

    def _toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.currentChanged.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft and step is not None:
            step = -step
        if step is not None:
            self.setCurrentIndex(min(max(current + step, 0), self.count() - 1))
        elif event.key() == Qt.Key.Key_Home:
            self.setCurrentIndex(0)
        elif event.key() == Qt.Key.Key_End:
            self.setCurrentIndex(self.count() - 1)
        else:
            super().keyPressEvent(event)


class SegmentedPages(QWidget):
    """A segmented control above the pages it switches between (QTabWidget's job)."""

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.segments = SegmentedControl()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.segments)
        row.addStretch()
        layout.addLayout(row)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.segments.currentChanged.connect(self.stack.setCurrentIndex)
        self.segments.currentChanged.connect(self.currentChanged)

    def addTab(self, page: QWidget, text: str) -> int:
        self.stack.addWidget(page)
        return self.segments.addTab(text)

    def currentIndex(self) -> int:
        return self.segments.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        self.segments.setCurrentIndex(index)

    def currentWidget(self) -> QWidget:
        return self.stack.currentWidget()
