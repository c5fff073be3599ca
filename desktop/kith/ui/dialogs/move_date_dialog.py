"""“Move to…”: pick the day a follow-up moves to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kith.core.follow_ups import follow_up_item
from kith.ui.dialogs.dialog import Dialog
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.month_picker import MonthPicker


class MoveDateDialog(Dialog):
    """A month to pick a day from (Kith's :class:`MonthPicker`): a click or Enter on a day, or
    Move, moves the follow-up there; :attr:`date_chosen` carries the day."""

    date_chosen = Signal(object)  # date

    def __init__(self, title: str, current: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to another day")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        label = QLabel(f"Move “{title}” to:")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.calendar = MonthPicker()
        self.calendar.set_selected_date(current)
        self.calendar.picked.connect(lambda _: self.accept())
        layout.addWidget(self.calendar, 0, Qt.AlignmentFlag.AlignHCenter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        move = buttons.button(QDialogButtonBox.StandardButton.Ok)
        move.setText("Move")
        make_primary(move)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.calendar.setFocus()

    def selected_date(self) -> date:
        return self.calendar.selected_date()

    def set_selected_date(self, day: date) -> None:
        self.calendar.set_selected_date(day)

    def accept(self) -> None:
        self.date_chosen.emit(self.selected_date())
        super().accept()


def ask_move(
    parent: QWidget,
    follow_up_id: int,
    moved: Callable[[int, date], None],
    *,
    tz: tzinfo | None = None,
    earliest: date | None = None,
) -> MoveDateDialog | None:
    """Open "Move to…" (window-modal) for a follow-up, starting on its due day (or on
    ``earliest`` if that is later); ``moved(follow_up_id, day)`` when the user picks one.
    None when the follow-up is gone."""
    item = follow_up_item(follow_up_id, tz=tz)
    if item is None:
        return None
    start = item.due_date if earliest is None else max(item.due_date, earliest)
    dialog = MoveDateDialog(item.title, start, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.date_chosen.connect(lambda day: moved(follow_up_id, day))
    dialog.open()
    return dialog
