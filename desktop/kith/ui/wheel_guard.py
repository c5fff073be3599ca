"""An unfocused field never takes the mouse wheel: scrolling a form over a combo box or a spin
box scrolls the form, and never silently changes the circle, the cadence or a date.

Qt gives wheel events to whatever field is under the pointer, focused or not. The guard, an
application-wide event filter, passes the wheel on to the scrolling parent instead whenever
the field under the pointer does not have the keyboard focus. Click (or Tab into) a field, and
the wheel changes its value as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

#: Fields whose value the wheel changes.
GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Ignores wheel events on unfocused value fields so that the scroll area gets them."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, GUARDED)
            and not watched.hasFocus()
        ):
            event.ignore()  # not handled here: Qt passes it to the parent, which scrolls
            return True
        return super().eventFilter(watched, event)


_guard: WheelGuard | None = None


def install_wheel_guard(app: QApplication | None = None) -> WheelGuard | None:
    """Install the guard on the application once (later calls do nothing)."""
    global _guard
    app = app or QApplication.instance()
    if app is None or _guard is not None:
        return _guard
    _guard = WheelGuard(app)
    app.installEventFilter(_guard)
    return _guard


def field_takes_wheel(widget: QWidget) -> bool:
    """Whether a wheel over ``widget`` changes its value (for tests and tooltips)."""
    return not isinstance(widget, GUARDED) or widget.hasFocus()
