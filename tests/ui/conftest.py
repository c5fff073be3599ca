"""UI fixtures: the main window on a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kith.ui.main_window import MainWindow


@pytest.fixture
def window(db: object, db_path: Path, qtbot: QtBot) -> MainWindow:
    win = MainWindow(db_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
