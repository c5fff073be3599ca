"""The search is prepared on a worker thread once the window has painted."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.core.directory import contact_ids, search_is_prepared
from kith.ui.main_window import MainWindow
from kith.ui.search_preparer import SearchPreparer


def test_the_name_order_is_ready_after_the_first_paint_and_searches_find_the_same(
    qtbot: QtBot, window: MainWindow
) -> None:
    lina = save_contact(ContactDraft(full_name="Lina Berg", nickname="Li"))
    wei = save_contact(ContactDraft(full_name="Wei Li"))
    save_contact(ContactDraft(full_name="Ana Souza"))
    assert not search_is_prepared()  # the write dropped whatever was read before

    preparer = SearchPreparer(window.centralWidget(), after_changes_ms=50)
    with qtbot.waitSignal(preparer.prepared, timeout=10_000):
        window.centralWidget().repaint()
    assert search_is_prepared()
    assert contact_ids("li") == [lina, wei]

    # A change to the contacts drops it; it is prepared again on the worker thread once the
    # writes have stopped for a moment.
    with qtbot.waitSignal(preparer.prepared, timeout=10_000):
        ola = save_contact(ContactDraft(full_name="Ola Lind"))
        assert not search_is_prepared()
    assert search_is_prepared()
    assert contact_ids("li") == [lina, ola, wei]


def test_a_new_tag_is_found_and_the_search_prepared_again(qtbot: QtBot, window: MainWindow) -> None:
    from kith.core.bulk import add_tag

    ana = save_contact(ContactDraft(full_name="Ana Souza"))
    preparer = SearchPreparer(window.centralWidget(), after_changes_ms=50)
    with qtbot.waitSignal(preparer.prepared, timeout=10_000):
        window.centralWidget().repaint()
    # Only the tags and the full-text index change: the words read for the search are read
    # again, and the new word is found meanwhile too.
    with qtbot.waitSignal(preparer.prepared, timeout=10_000):
        add_tag([ana], "Woodworking")
        assert contact_ids("woodw") == [ana]
    assert contact_ids("woodw") == [ana]
