"""The Qt binding Kith runs on must not crash it after a few minutes of use.

PySide6 6.12.0 on Python 3.11 releases a reference to ``None`` on every call of a C++ method
that returns void (``QPainter.save()``, ``QWidget.update()``, ``QRect.setX()`` …). ``None``
starts with a few thousand references, so after some scrolling and typing the interpreter
aborts with "Fatal Python error: none_dealloc" — the window just vanishes. pyproject.toml
keeps that release out; this test catches any binding that brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from kith.ui.widgets.empty_state import EmptyState

CALLS = 2_000


def test_void_methods_leave_none_alone(qtbot: QtBot) -> None:
    before = sys.getrefcount(None)
    rect = QRect()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    state = EmptyState("contacts", "Nobody here yet", "Add someone.")
    qtbot.addWidget(state)
    for _ in range(CALLS):
        rect.setX(1)
        painter.save()
        painter.restore()
        state.update()
    painter.end()
    # Other code may take or drop a handful of references meanwhile; a leak per call loses
    # thousands.
    assert sys.getrefcount(None) >= before - 100
