"""Scrolling a form over a field that does not have the focus scrolls the form and never
changes the field (a circle changed by a stray scroll is data lost without a word)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kith.ui.wheel_guard import guard_wheel


def _wheel(widget: QWidget, down: bool = True) -> QWheelEvent:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, -120 if down else 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_an_unfocused_field_ignores_the_wheel_and_the_form_scrolls(qtbot: QtBot) -> None:
    body = QWidget()
    layout = QVBoxLayout(body)
    circle = QComboBox()
    circle.addItems(["Unsorted", "Inner 5", "15", "50", "150"])
    cadence = QSpinBox()
    cadence.setValue(30)
    layout.addWidget(circle)
    layout.addWidget(cadence)
    for _ in range(40):
        layout.addWidget(QSpinBox())  # a long form
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.resize(300, 200)
    qtbot.addWidget(scroll)
    guard_wheel(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    scroll.setFocus()

    over_circle = _wheel(circle)
    over_cadence = _wheel(cadence)
    assert circle.currentIndex() == 0
    assert cadence.value() == 30
    # Left unaccepted: Qt hands a real (spontaneous) wheel on to the parent, which scrolls.
    # (Qt does not pass on a synthesized one, so the scrolling itself is not seen here.)
    assert not over_circle.isAccepted() and not over_cadence.isAccepted()

    circle.setFocus()
    qtbot.waitUntil(circle.hasFocus)
    _wheel(circle)  # a field you are working in still takes the wheel
    assert circle.currentIndex() == 1


def test_scrolling_the_contact_form_over_the_circle_keeps_the_circle(db, qtbot: QtBot) -> None:
    from kith.ui.dialogs.contact_dialog import ContactDialog

    dialog = ContactDialog(lambda draft: 1)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.circle.currentIndex()
    dialog.full_name.setFocus()
    event = _wheel(dialog.circle)
    assert dialog.circle.currentIndex() == before
    assert not event.isAccepted()
