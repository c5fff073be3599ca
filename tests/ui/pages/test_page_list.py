"""A new page is one Page subclass plus one line in PAGES: the sidebar, the stack, its Ctrl+N
shortcut, the shared requests and the re-read after a change all follow from that."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.core.directory import count_contacts
from kith.ui import main_window
from kith.ui.main_window import MainWindow, PageSpec
from kith.ui.pages.page import Page


class PeopleCountPage(Page):
    """A page a developer might add: how many people Kith holds, kept current."""

    watched_tables = frozenset({"contact"})

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0
        self.label = QLabel()
        QVBoxLayout(self).addWidget(self.label)

    def refresh(self) -> None:
        super().refresh()
        self.reads += 1
        self.label.setText(f"{count_contacts()} people")


@pytest.fixture
def window(db: object, db_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    spec = PageSpec("people", "People", lambda _window: PeopleCountPage(), icon="contacts")
    monkeypatch.setattr(main_window, "PAGES", (*main_window.PAGES, spec))
    monkeypatch.setattr(main_window, "PAGE_NAMES", (*main_window.PAGE_NAMES, "people"))
    win = MainWindow(db_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_one_line_in_pages_gives_the_sidebar_entry_the_shortcut_and_the_wiring(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = window.page("people")
    assert isinstance(page, PeopleCountPage)
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == ["Today", "Contacts", "Calendar", "Goals", "Network", "People"]
    shortcuts = {action.shortcut().toString(): action.text() for action in window.actions()}
    assert shortcuts[QKeySequence("Ctrl+6").toString()] == "People"

    # Hidden, a change only marks it stale; shown, it reads once and then follows every write.
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    assert page.reads == 0
    window.show_page("people")
    assert window.current_page() == "people"
    assert page.label.text() == "1 people" and page.reads == 1
    save_contact(ContactDraft(full_name="Bo Jensen"))
    qtbot.waitUntil(lambda: page.label.text() == "2 people")

    # The shared requests reach the window without any wiring of the page's own.
    page.open_contact_requested.emit(ana)
    assert window.current_page() == "contacts"
    assert window.contacts_page.current_contact_id() == ana
    page.status_message.emit("Counted everyone")
    assert window.statusBar().currentMessage() == "Counted everyone"
