"""A file Kith cannot open gets a clear dialog that offers another file — and is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kith.app import _ask_for_database
from kith.store.database import DatabaseOpenError, NotKithDatabaseError, open_database


def _refusal(path: Path) -> DatabaseOpenError:
    with pytest.raises(DatabaseOpenError) as raised:
        open_database(path)
    return raised.value


def _answer(qtbot: QtBot, button_text: str, seen: list[str]) -> None:
    """When the message box is up, note what it says and press one of its buttons."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, press)


def test_a_foreign_sqlite_file_is_explained_and_left_alone(qtbot: QtBot, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "notes.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE note (text TEXT)")
        conn.execute("INSERT INTO note VALUES ('keep me')")
    before = path.read_bytes()
    error = _refusal(path)
    assert isinstance(error, NotKithDatabaseError)
    seen: list[str] = []
    _answer(qtbot, "Quit", seen)
    assert _ask_for_database(error) is None
    (said,) = seen
    assert said.startswith("Not a Kith database")
    assert str(path) in said and "untouched" in said
    assert path.read_bytes() == before


def test_another_file_can_be_chosen_instead(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    error = _refusal(path)
    chosen = tmp_path / "fresh.sqlite"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    seen: list[str] = []
    _answer(qtbot, "Open or create another file…", seen)
    assert _ask_for_database(error) == chosen
    assert "another Kith database" in seen[0]
    assert path.read_bytes() == before
