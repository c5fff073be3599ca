"""Help ▸ How Kith keeps track: the rules page ships with Kith and opens with F1."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.ui.dialogs.help_dialog import HelpDialog, rules_markdown
from kith.ui.main_window import MainWindow


def test_f1_opens_the_rules_with_their_numbers(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), HelpDialog))
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, HelpDialog)
    text = dialog.browser.toPlainText()
    # The cadences per circle, the strength score and the action threshold are explained.
    assert "14 days" in text
    assert "Strength" in text
    assert "threshold" in text.lower()
    assert "#" not in text.splitlines()[0]  # Markdown rendered, not shown raw
    dialog.close()


def test_the_rules_page_is_part_of_the_app() -> None:
    markdown = rules_markdown()
    assert markdown.startswith("# ")
    assert "could not be read" not in markdown
