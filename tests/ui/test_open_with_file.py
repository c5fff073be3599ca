"""Opening Kith with a file (`kith --import FILE`, a .vcf double-clicked in the file manager)
shows that file's import review — also when Kith is already running."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.app import _forwarded, handle_second_start
from kith.cli import build_parser
from kith.ui.dialogs.import_dialog import ImportDialog
from kith.ui.main_window import MainWindow

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n"


def test_the_option_takes_a_file_or_nothing() -> None:
    parser = build_parser()
    assert parser.parse_args(["--import", "people.vcf"]).import_file == Path("people.vcf")
    # A file manager's %f expands to nothing when Kith is started from the menu.
    assert parser.parse_args(["--import"]).import_file is None
    assert parser.parse_args([]).import_file is None


def test_a_second_start_hands_over_absolute_paths(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["--import", "people.vcf", "--database", "k.sqlite"])
    assert _forwarded(args) == [
        "--database",
        str(tmp_path / "k.sqlite"),
        "--import",
        str(tmp_path / "people.vcf"),
    ]
    assert _forwarded(argparse.Namespace(database=None, import_file=None)) == []


def test_the_running_kith_opens_the_review_of_the_handed_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    card = tmp_path / "ana.vcf"
    card.write_text(CARD, encoding="utf-8")
    window.hide()
    handle_second_start(window, ["--import", str(card)])
    assert window.isVisible()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    dialog.close()
