"""Help (F1) is written for users: contents, a section per page, no module names — and its
list of keyboard shortcuts names every shortcut the window has."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kith.ui.dialogs.help_dialog import SHORTCUTS_TITLE, HelpDialog, help_markdown, rules_markdown
from kith.ui.main_window import PAGES, MainWindow
from kith.ui.shortcuts import documented_keys


def test_f1_opens_the_help_with_the_rules_and_their_numbers(
    qtbot: QtBot, window: MainWindow
) -> None:
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


def test_the_help_pages_are_part_of_the_app() -> None:
    for markdown in (rules_markdown(), help_markdown()):
        assert markdown.startswith("# ")
        assert "could not be read" not in markdown


def test_help_has_contents_with_a_section_for_every_page(window: MainWindow, qtbot) -> None:
    dialog = window.show_help()
    qtbot.waitExposed(dialog)
    titles = dialog.section_titles()
    assert titles[0] == "Using Kith"
    for spec in PAGES:
        assert spec.title in titles, f"no help section for the {spec.title} page"
    for part in ("How Kith keeps track", SHORTCUTS_TITLE):
        assert part in titles
    assert "Strength: 0 to 100" in titles and "Picking a person" not in titles  # sections only


def test_choosing_a_section_scrolls_to_it(window: MainWindow, qtbot) -> None:
    dialog = window.show_help()
    qtbot.waitExposed(dialog)
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    assert dialog.show_section("Network")
    network = bar.value()
    assert network > 0
    assert dialog.show_section(SHORTCUTS_TITLE)
    assert bar.value() > network
    assert dialog.contents.currentItem().text(0) == SHORTCUTS_TITLE
    assert not dialog.show_section("No such section")


def test_keyboard_shortcuts_opens_the_same_help_at_its_list(window: MainWindow, qtbot) -> None:
    first = window.show_help()
    again = window.show_shortcuts()
    assert again is first  # one Help window
    assert first.contents.currentItem().text(0) == SHORTCUTS_TITLE


def test_the_help_speaks_to_users_not_to_programmers(db: object, qtbot: QtBot) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert not re.search(r"\bkith\.(core|ui|store)\b", text)
    assert not re.search(r"\((cadence|strength|pester|reciprocity|going_cold)[,)]", text)
    assert "Ctrl+L" in text or "⌘L" in text


def _shortcuts_in(widget: QWidget) -> set[str]:
    keys = set()
    for action in widget.findChildren(QAction):
        keys.update(
            s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()
        )
    for shortcut in widget.findChildren(QShortcut):
        sequences = shortcut.keys()
        keys.update(s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences)
    return {k for k in keys if k}


def test_every_shortcut_of_the_window_is_listed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    for spec in PAGES:  # pages are built when first shown
        window.show_page(spec.name)
    found = _shortcuts_in(window)
    form = window.log_interaction()
    found |= _shortcuts_in(form)
    form.reject()
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Jensen\r\nEND:VCARD\r\n")
    review = window.import_file(card)
    assert review is not None
    found |= _shortcuts_in(review)
    review.reject()
    assert len(found) > 25
    assert found - documented_keys() == set()
