"""Bulk actions on the selected contacts: the undo commands and the bar shown above the list.

Every bulk change is ONE step on the undo stack, however many people it touched. As with
:mod:`kith.ui.commands.contact_commands`, the first run happens in Python before the push (so a
refused value reaches the user as a message, not an exception inside Qt) and ``redo()``
skips it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.bulk import (
    FieldChange,
    Tagging,
    add_tag,
    redo_tagging,
    restore_values,
    set_archived,
    set_cadence,
    set_circle,
    undo_tagging,
)
from kith.core.contacts import CIRCLE_NAMES
from kith.ui.icons import icon
from kith.ui.theme import current_theme


def people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


class BulkTagCommand(QUndoCommand):
    """Tag many contacts; undo takes the tag off exactly those who got it."""

    def __init__(self, contact_ids: Sequence[int], tag: str) -> None:
        self._tagging: Tagging = add_tag(contact_ids, tag)  # raises ValidationError
        self._first = True
        self.selected = len(set(contact_ids))
        super().__init__(f"Tag {people(self.selected)} “{self._tagging.tag}”")

    @property
    def tag(self) -> str:
        return self._tagging.tag

    @property
    def added(self) -> int:
        return self._tagging.count

    def undo(self) -> None:
        undo_tagging(self._tagging)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._tagging = redo_tagging(self._tagging)


class BulkFieldCommand(QUndoCommand):
    """Set the circle, the cadence or the archived flag of many contacts at once."""

    def __init__(self, column: str, contact_ids: Sequence[int], value: object) -> None:
        self.contact_ids = list(dict.fromkeys(contact_ids))
        self.column = column
        self.value = value
        self._change: FieldChange = self._apply()  # raises ValidationError
        self._first = True
        super().__init__(self.describe())

    def _apply(self) -> FieldChange:
        if self.column == "circle":
            return set_circle(self.contact_ids, self.value)  # type: ignore[arg-type]
        if self.column == "cadence_days":
            return set_cadence(self.contact_ids, self.value)  # type: ignore[arg-type]
        if self.column == "archived":
            return set_archived(self.contact_ids, bool(self.value))
        raise ValueError(f"Not a bulk field: {self.column}")

    def describe(self) -> str:
        """What was done, in the user's words ("Put 12 people in circle 15")."""
        who = people(len(self.contact_ids))
        if self.column == "circle":
            if self.value is None:
                return f"Took {who} out of their circles"
            return f"Put {who} in circle {CIRCLE_NAMES[int(self.value)]}"  # type: ignore[call-overload]
        if self.column == "cadence_days":
            if self.value is None:
                return f"{who.capitalize()} back to their circle's cadence"
            return f"Keep in touch with {who} every {self.value} days"
        return f"Archived {who}" if self.value else f"Unarchived {who}"

    def undo(self) -> None:
        restore_values(self._change)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._change = self._apply()


class BulkActionBar(QWidget):
    """ "12 selected · Tag… · Circle · Keep in touch… · Archive · Delete · ×": what to do with
    several people. A bar, or (``panel``) the Contacts page's right-hand pane while several
    people are selected, with Export too.

    The bar only asks; the Contacts page does. Each signal carries nothing: the page knows
    the selection. ``circle_requested`` carries the circle (0: no circle);
    ``export_requested`` the format ("vcard" or "csv").
    """

    tag_requested = Signal()
    circle_requested = Signal(int)
    cadence_requested = Signal()
    archive_requested = Signal()
    delete_requested = Signal()
    clear_requested = Signal()
    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, panel: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("BulkActionBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = current_theme()
        self.setStyleSheet(
            (
                f"QWidget#BulkActionBar {{ background: {t.accent_soft}; border-radius: 8px; }}"
                if not panel
                else ""
            )
            + f"QLabel#BulkCount {{ font-weight: 600; color: {t.text}; }}"
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("PageTitle" if panel else "BulkCount")
        self.tag_button = QPushButton(icon("tag"), "Tag…")
        self.tag_button.setToolTip("Add a tag to everyone selected")
        self.tag_button.clicked.connect(self.tag_requested)
        self.circle_button = QPushButton(icon("network"), "Circle")
        self.circle_button.setToolTip("Put everyone selected in a circle")
        self.circle_menu = circle_menu(self, self.circle_requested.emit)
        self.circle_button.setMenu(self.circle_menu)
        self.cadence_button = QPushButton(icon("calendar"), "Keep in touch…")
        self.cadence_button.setToolTip("How often to be in touch with everyone selected")
        self.cadence_button.clicked.connect(self.cadence_requested)
        self.archive_button = QPushButton(icon("archive"), "Archive")
        self.archive_button.setToolTip("Archive everyone selected (they leave lists and reminders)")
        self.archive_button.clicked.connect(self.archive_requested)
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self.delete_button.setToolTip("Delete everyone selected (Delete)")
        self.delete_button.clicked.connect(self.delete_requested)
        changes = [
            self.tag_button,
            self.circle_button,
            self.cadence_button,
            self.archive_button,
            self.delete_button,
        ]
        if panel:
            self._build_panel(changes)
        else:
            self._build_bar(changes)

    def _build_bar(self, changes: list[QPushButton]) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        for button in changes:
            layout.addWidget(button)
        clear = QToolButton()
        clear.setIcon(icon("close"))
        clear.setAutoRaise(True)
        clear.setToolTip("Clear the selection (Esc)")
        clear.setAccessibleName("Clear the selection")
        clear.clicked.connect(self.clear_requested)
        layout.addWidget(clear)

    def _build_panel(self, changes: list[QPushButton]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(8)
        layout.addWidget(self.count_label)
        hint = QLabel(
            "What you do here changes everyone selected, in one step: Ctrl+Z takes it back."
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addSpacing(8)
        for button in changes:
            button.setStyleSheet("text-align: left; padding-left: 12px;")
            layout.addWidget(button)
        layout.addSpacing(8)
        for kind, text in (("vcard", "Export as vCard…"), ("csv", "Export as CSV…")):
            export = QPushButton(icon("export"), text)
            export.setStyleSheet("text-align: left; padding-left: 12px;")
            export.clicked.connect(lambda _=False, k=kind: self.export_requested.emit(k))
            layout.addWidget(export)
        layout.addSpacing(8)
        self.clear_button = QPushButton(icon("close"), "Clear the selection (Esc)")
        self.clear_button.setFlat(True)
        self.clear_button.clicked.connect(self.clear_requested)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def set_count(self, count: int) -> None:
        self.count_label.setText(f"{count:,} selected")


def circle_menu(parent: QWidget, choose: object) -> QMenu:
    """A menu of the circles (and "No circle"); picking one calls ``choose(circle or 0)``."""
    menu = QMenu("Set circle", parent)
    for circle, name in CIRCLE_NAMES.items():
        action = QAction(name if circle == 5 else f"Circle {name}", menu)
        action.setData(circle)
        menu.addAction(action)
    menu.addSeparator()
    none = QAction("No circle", menu)
    none.setData(0)
    menu.addAction(none)
    menu.triggered.connect(lambda action: choose(int(action.data())))  # type: ignore[operator]
    return menu
