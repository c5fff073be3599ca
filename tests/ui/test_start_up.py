"""The window opens on Today without building the other pages or reading the Contacts list:
each is built, and the list read, when first shown — and then behaves as before."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.main_window import PAGE_NAMES, MainWindow


def test_only_the_first_page_is_built_and_the_others_come_when_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    assert window.current_page() == "today"
    assert window.built_pages() == ["today"]

    window.show_page("contacts")
    page = window.contacts_page
    assert window.built_pages() == ["today", "contacts"]
    assert page.isVisible()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.current_contact_id() == ana

    for name in PAGE_NAMES:
        window.show_page(name)
        assert window.current_page() == name and window.page(name).isVisible()
    assert window.built_pages() == list(PAGE_NAMES)


def test_the_contacts_list_is_read_when_the_page_is_first_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    page = window.contacts_page  # built (asked for), not shown
    assert not page.model.loaded and page.model.rowCount() == 0
    bo = save_contact(ContactDraft(full_name="Bo Jensen"))  # nothing to re-read yet
    window.show_page("contacts")
    assert page.model.loaded
    assert [page.model.index(r, 0).data() for r in range(2)] == ["Ana Lima", "Bo Jensen"]
    assert page.count_label.text() == "2 people"
    # Selecting someone on a page not yet shown reads the list first (Today's "open").
    window.show_page("today")
    assert page.select_contact(bo) and page.current_contact_id() == bo


def test_a_model_made_without_its_ids_is_empty_until_loaded(
    db: object, qtmodeltester: object
) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    model = ContactListModel(watch_store=False, load=False)
    assert model.rowCount() == 0 and not model.loaded
    model.ensure_loaded()
    assert model.rowCount() == 1
    qtmodeltester.check(model)  # type: ignore[attr-defined]
