"""UI fixtures: the main window on a fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QSettings
from pytestqt.qtbot import QtBot

from kith.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _dialogs_open_at_their_default_size() -> Iterator[None]:
    """Sizes a test gave its dialogs, and how it showed the contacts, are not remembered into
    the next test."""
    yield
    QSettings().remove("dialogs")
    QSettings().remove("contacts")


@pytest.fixture(autouse=True)
def _windows_gone_after_the_test() -> Iterator[None]:
    """The windows a test made are deleted when it ends, not whenever a later test next runs
    an event loop: pytest-qt closes them and asks Qt to delete them later, and until then
    their pages still hear the store's changes — a later test's writes would start their
    reads (on that test's database, perhaps an encrypted one opened without its key)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _british_english() -> Iterator[None]:
    """Dates and times read the same on every machine: "Mon, 23 Nov 2026", "09:00"."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def window(db: object, db_path: Path, qtbot: QtBot) -> MainWindow:
    win = MainWindow(db_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
