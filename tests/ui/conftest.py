"""UI fixtures: the main window on a fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kith.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _dialogs_open_at_their_default_size() -> Iterator[None]:
    """Sizes a test gave its dialogs are not remembered into the next test."""
    yield
    QSettings().remove("dialogs")


@pytest.fixture
def window(db: object, db_path: Path, qtbot: QtBot) -> MainWindow:
    win = MainWindow(db_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
