"""An unfocused field never takes the mouse wheel: scrolling a form over a combo box or a spin
box scrolls the form, and never silently changes the circle, the cadence or a date.

Qt gives wheel events to whatever field is under the pointer, focused or not. The guard, an
event filter on each value field of a form (:func:`guard_wheel`), leaves the wheel to the
scrolling parent whenever the field does not have the keyboard focus. Click (or Tab into) a
field, and the wheel changes its value as before. (A filter on the whole application would do
the same in one place, but PySide6 crashes when a Python application-wide filter meets a
widget in the middle of its destruction.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

#: Fields whose value the wheel changes (QDateEdit and QTimeEdit are spin boxes).
GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Ignores wheel events on an unfocused field so that the scroll area gets them."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        wheel = event.type() == QEvent.Type.Wheel
        if wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # not handled here: Qt passes it to the parent, which scrolls
            return True
        return False


_guard = WheelGuard()


def guard_wheel(root: QWidget) -> None:
    """Guard every value field inside ``root`` (call again after adding fields)."""
    for kind in GUARDED:
        for field in root.findChildren(kind):
            # Wheel focus would let the wheel focus (and change) a field the pointer crosses.
            if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            field.installEventFilter(_guard)
