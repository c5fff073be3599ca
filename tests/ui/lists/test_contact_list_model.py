"""The contacts item model: a well-behaved Qt model that loads card data lazily."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint
from pytestqt.qtbot import QtBot

from kith.core import directory
from kith.core.contacts import ContactDraft, delete_contacts, save_contact
from kith.core.directory import SearchResult, contact_ids, contact_summaries, prepare_search
from kith.store.changes import writing
from kith.ui.lists.contact_card_delegate import ContactCardDelegate, marked_parts
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.lists.contact_list_view import ContactListView
from tests.crowd import add_crowd


def test_model_passes_qt_model_tester(db: object, qtmodeltester: object) -> None:
    for name in ("Amara Okafor", "Jonas Berg", "Sofía Ramírez"):
        save_contact(ContactDraft(full_name=name, company="Acme"))
    model = ContactListModel(watch_store=False)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_search("acme")
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_card_data_is_loaded_a_page_at_a_time(db: object) -> None:
    with writing("contact"):
        for i in range(1_000):
            save_contact(ContactDraft(full_name=f"Person {i:04d}"))
    model = ContactListModel(watch_store=False)
    assert model.rowCount() == 1_000
    assert len(model._cache) == 0  # nothing loaded until a row is shown
    assert model.index(742, 0).data() == "Person 0742"
    assert len(model._cache) == model.PAGE_SIZE


def test_changes_keep_the_current_row_on_the_same_person(db: object, qtbot: QtBot) -> None:
    ids = [save_contact(ContactDraft(full_name=n)) for n in ("Bea", "Cem", "Dov")]
    model = ContactListModel()
    current = model.index(2, 0)  # Dov
    kept = QPersistentModelIndex(current)
    with qtbot.waitSignal(model.layoutChanged):
        save_contact(ContactDraft(full_name="Abe"))
    assert kept.data() == "Dov" and kept.row() == 3
    with qtbot.waitSignal(model.count_changed):
        delete_contacts([ids[0]])
    assert model.rowCount() == 3
    assert kept.data() == "Dov"


def test_a_row_matched_by_something_else_than_the_name_says_why(db: object) -> None:
    lea = save_contact(ContactDraft(full_name="Léa Roux", title="Designer"))
    lead = save_contact(ContactDraft(full_name="Aaron Smith", title="Team Lead"))
    model = ContactListModel(watch_store=False)
    model.set_search("lea")
    assert model.all_ids() == [lea, lead]  # the name first
    assert model.index(0, 0).data(ContactListModel.MatchRole) is None
    assert model.index(1, 0).data(ContactListModel.MatchRole) == "Role: Team \x02Lead\x03"
    assert marked_parts("Role: Team \x02Lead\x03") == [("Role: Team ", False), ("Lead", True)]
    model.set_search("")
    assert model.index(1, 0).data(ContactListModel.MatchRole) is None


def test_a_search_matching_thousands_lists_the_same_people_scrolled_to_the_end(
    db: object, qtbot: QtBot, qtmodeltester: object
) -> None:
    add_crowd(3_000)
    model = ContactListModel(watch_store=False)
    view = ContactListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(ContactCardDelegate(view))
    view.resize(600, 400)
    view.show()
    for search in ("tea", "acme", ""):
        model.set_search(search)
        everyone = contact_ids(search)
        assert model.rowCount() == len(everyone) >= 2_000  # the count says how many match
        assert model.index(0, 0).data(model.IdRole) == everyone[0]
        assert isinstance(model._ids, SearchResult)  # counted, the first page read, no more
        view.scrollToBottom()
        qtbot.wait(1)  # painted at the end
        last = view.indexAt(view.viewport().rect().bottomLeft() - QPoint(0, 2))
        assert last.row() == len(everyone) - 1, search
        assert last.data() == contact_summaries([everyone[-1]])[everyone[-1]].full_name
        rows = [model.index(r, 0).data(model.IdRole) for r in range(model.rowCount())]
        assert rows == everyone, search
    model.set_search("tea")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.all_ids() == contact_ids("tea")


def _rows(model: ContactListModel) -> list[int]:
    return [model.index(r, 0).data(model.IdRole) for r in range(model.rowCount())]


def test_a_new_search_replaces_the_rows_without_a_reset_and_lists_what_a_fresh_model_does(
    db: object, qtbot: QtBot, qtmodeltester: object
) -> None:
    add_crowd(3_000)
    save_contact(ContactDraft(full_name="Tea Aaron"))
    model = ContactListModel(watch_store=False)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    # Broad and narrow, growing and shrinking, a list and a count with its first page.
    for search in ["tea", "teac", "tea aaron", "t", "te", "", "zzz", "acme", "acme ", "lea"]:
        model.set_search(search)
        fresh = ContactListModel(watch_store=False)
        fresh.set_search(search)
        assert model.rowCount() == fresh.rowCount() == len(contact_ids(search)), search
        assert _rows(model) == _rows(fresh) == contact_ids(search), search
    assert resets == []
    model.set_search("te")
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_same_people_after_a_new_search_keep_the_selection(db: object, qtbot: QtBot) -> None:
    for name in ("Ana Acme", "Ben Acme", "Cleo Acme", "Dev Other"):
        save_contact(ContactDraft(full_name=name, company=name.split()[1]))
    model = ContactListModel(watch_store=False)
    view = ContactListView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_search("acme")
    selection = view.selectionModel()
    view.selectAll()
    view.setCurrentIndex(model.index(1, 0))
    view.selectAll()
    same: list[bool] = []
    model.replaced.connect(same.append)
    model.set_search("acme ")  # the same people: nothing to move
    assert same == [True]
    assert len(selection.selectedRows()) == 3
    assert view.currentIndex().row() == 1
    model.set_search("acm")  # the same people again
    assert same == [True, True] and len(selection.selectedRows()) == 3
    model.set_search("ben")
    assert same[-1] is False and model.rowCount() == 1


def test_a_broad_search_at_scale_shows_its_first_page_and_counts_when_asked(
    db: object, qtbot: QtBot, qtmodeltester: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_crowd(3_000)
    monkeypatch.setattr(directory, "BOUNDED_FROM", 1_000)  # the crowd stands in for 1,000,000
    prepare_search()
    everyone = contact_ids("tea")
    model = ContactListModel(watch_store=False)
    counts: list[int] = []
    model.count_changed.connect(counts.append)
    model.set_search("tea")
    assert not model.count_known and model.rowCount() == model.PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    assert _rows(model) == everyone[: model.PAGE_SIZE]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.fetchMore(QModelIndex())  # scrolled to the end of the first page: counted
    assert model.count_known and model.rowCount() == len(everyone) == counts[-1]
    assert _rows(model) == everyone
    model = ContactListModel(watch_store=False)  # (the tester fetches everything it sees)
    model.set_search("")
    model.set_search("tea")
    assert not model.count_known
    assert model.all_ids() == everyone and model.rowCount() == len(everyone)
    model.set_search("teal")
    model.set_search("tea")
    assert model.row_of(everyone[1]) == 1 and not model.count_known  # on the first page
    assert model.row_of(everyone[-1]) == len(everyone) - 1  # past it: counted, shown
    assert model.rowCount() == len(everyone)
    view = ContactListView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_search("tea")
    view.selectAll()  # everyone matching, not the first page
    assert len(view.selectionModel().selectedRows()) == len(everyone)
