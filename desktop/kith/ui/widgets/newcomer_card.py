"""Sort newcomers: on Today, one person without a circle at a time, a key for each circle.

Quality over quantity: people who arrive by import wait here until you decide whether they
belong in your inner 5, your 15, 50 or 150, are acquaintances, or are archived. Keys: 1–5 put
the person in that circle, A archives, S skips (for this session); the card says how many wait.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kith.core.contacts import CIRCLE_NAMES
from kith.core.rules.circles import Newcomer
from kith.ui.theme import current_theme

#: The circle buttons: (key, circle, label).
CIRCLE_KEYS = (
    ("1", 1, "Inner 5"),
    ("2", 2, "15"),
    ("3", 3, "50"),
    ("4", 4, "150"),
    ("5", 5, "Acquaintance"),
)


class NewcomerCard(QFrame):
    """One newcomer at a time, with a button (and a key) for each circle, archive and skip."""

    #: Put the person in a circle: (contact id, circle 1–5).
    sort_requested = Signal(int, int)
    archive_requested = Signal(int)
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setObjectName("NewcomerCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Sort newcomers")
        self._queue: list[Newcomer] = []
        self._count = 0
        #: Skipped this session: offered again after a restart.
        self.skipped: set[int] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setProperty("role", "section")
        layout.addWidget(self.heading)
        #: The person's name, a link to their card.
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.name.setToolTip("Open their card")
        self.name.linkActivated.connect(lambda _: self._open())
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.name.setFont(font)
        layout.addWidget(self.name)
        self.detail = QLabel()
        self.detail.setProperty("role", "muted")
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.circle_buttons: dict[int, QPushButton] = {}
        for key, circle, label in CIRCLE_KEYS:
            button = QPushButton(f"{key}  {label}")
            where = CIRCLE_NAMES[circle] if circle in (1, 5) else f"circle {CIRCLE_NAMES[circle]}"
            button.setToolTip(f"Put them in {where} ({key})")
            button.clicked.connect(lambda _=False, c=circle: self._sort(c))
            row.addWidget(button)
            self.circle_buttons[circle] = button
            QShortcut(
                QKeySequence(key),
                self,
                activated=lambda c=circle: self._sort(c),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        row.addStretch(1)
        self.archive_button = QPushButton("Archive")
        self.archive_button.setToolTip("Keep them out of your lists (A)")
        self.archive_button.clicked.connect(self._archive)
        row.addWidget(self.archive_button)
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("Decide later (S)")
        self.skip_button.clicked.connect(self.skip)
        row.addWidget(self.skip_button)
        for key, slot in (("A", self._archive), ("S", self.skip)):
            QShortcut(
                QKeySequence(key),
                self,
                activated=slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        layout.addLayout(row)
        self.hide()

    def set_queue(self, newcomers: Sequence[Newcomer], count: int) -> None:
        """Who waits (the longest-waiting first) and how many in all."""
        self._queue = list(newcomers)
        self._count = count
        self._show_current()

    def current(self) -> Newcomer | None:
        """The person the card shows (None: nobody left, or all skipped)."""
        return next((n for n in self._queue if n.contact_id not in self.skipped), None)

    def skip(self) -> None:
        person = self.current()
        if person is not None:
            self.skipped.add(person.contact_id)
            self._show_current()

    def _show_current(self) -> None:
        person = self.current()
        self.setVisible(person is not None)
        if person is None:
            return
        waiting = "1 waits" if self._count == 1 else f"{self._count:,} wait"
        self.heading.setText(f"SORT NEWCOMERS · {waiting} for a circle")
        self.name.setText(
            f"<a href='open' style='color: {current_theme().text}; text-decoration: none;'>"
            f"<b>{escape(person.full_name)}</b></a>"
        )
        role = " · ".join(p for p in (person.title, person.company) if p)
        self.detail.setText(
            (role + " — " if role else "")
            + "which circle? Until you decide, Kith never nags about them."
        )

    def _sort(self, circle: int) -> None:
        person = self.current()
        if person is not None:
            self.sort_requested.emit(person.contact_id, circle)

    def _archive(self) -> None:
        person = self.current()
        if person is not None:
            self.archive_requested.emit(person.contact_id)

    def _open(self) -> None:
        person = self.current()
        if person is not None:
            self.open_requested.emit(person.contact_id)
