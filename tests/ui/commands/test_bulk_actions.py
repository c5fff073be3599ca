"""Bulk actions in the Contacts list: select many, change them at once, undo in one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kith.core.bulk import add_tag
from kith.core.contacts import ContactDraft, load_draft, save_contact, save_contacts
from kith.core.directory import contact_ids
from kith.store.models import Contact
from kith.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def crowd(db: object) -> list[int]:
    names = ["Ana Souza", "Ben Okafor", "Cleo Park", "Dev Rao", "Eva Lind", "Finn Moe"]
    return [save_contact(ContactDraft(full_name=n, company="Acme")) for n in names]


def click_row(qtbot: QtBot, window: MainWindow, row: int, modifier: object = None) -> None:
    view = window.contacts_page.list_view
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        modifier or Qt.KeyboardModifier.NoModifier,  # type: ignore[arg-type]
        rect.center(),
    )


def test_shift_and_ctrl_click_select_several_and_show_the_action_bar(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    assert not page.bulk_bar.isVisible()
    click_row(qtbot, window, 0)
    click_row(qtbot, window, 2, SHIFT)
    click_row(qtbot, window, 4, CTRL)
    assert page.selected_ids() == [crowd[0], crowd[1], crowd[2], crowd[4]]
    assert page.bulk_bar.isVisible()
    assert page.bulk_bar.count_label.text() == "4 selected"
    qtbot.keyClick(page.list_view, Qt.Key.Key_Escape)
    assert page.selection_count() == 1
    assert not page.bulk_bar.isVisible()


def test_bulk_tag_is_one_undo_step(qtbot: QtBot, crowd: list[int], window: MainWindow) -> None:
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    click_row(qtbot, window, 1)
    click_row(qtbot, window, 3, SHIFT)
    page.actions.ask_tag = lambda count: "speaker" if count == 3 else None
    qtbot.mouseClick(page.bulk_bar.tag_button, Qt.MouseButton.LeftButton)
    assert set(contact_ids("speaker")) == {crowd[1], crowd[2], crowd[3]}
    assert "Tagged 3 people “speaker”" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert contact_ids("speaker") == []
    window.undo_stack.redo()
    assert len(contact_ids("speaker")) == 3


def test_bulk_circle_from_the_bar_menu_and_undo(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    save_contact(ContactDraft(full_name="Ana Souza", company="Acme", circle=1), crowd[0])
    page = window.contacts_page
    page.select_all()
    actions = {a.text(): a for a in page.bulk_bar.circle_menu.actions()}
    actions["Circle 50"].trigger()
    assert {load_draft(i).circle for i in crowd} == {3}
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert load_draft(crowd[0]).circle == 1
    assert {load_draft(i).circle for i in crowd[1:]} == {None}


def test_bulk_cadence_asks_how_often(qtbot: QtBot, crowd: list[int], window: MainWindow) -> None:
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    click_row(qtbot, window, 0)
    click_row(qtbot, window, 1, SHIFT)
    asked: list[int] = []
    page.actions.ask_cadence = lambda count: asked.append(count) or 21
    qtbot.mouseClick(page.bulk_bar.cadence_button, Qt.MouseButton.LeftButton)
    assert asked == [2]
    assert [load_draft(i).cadence_days for i in crowd[:3]] == [21, 21, None]
    window.undo_stack.undo()
    assert load_draft(crowd[0]).cadence_days is None


def test_bulk_archive_hides_them_and_one_undo_brings_them_back(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    click_row(qtbot, window, 2)
    click_row(qtbot, window, 5, SHIFT)
    qtbot.mouseClick(page.bulk_bar.archive_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2
    assert "Archived 4 people" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert page.model.rowCount() == 6
    assert not any(load_draft(i).archived for i in crowd)


def test_bulk_delete_asks_once_and_undo_restores_everyone(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    page = window.contacts_page
    asked: list[int] = []
    page.actions.confirm_delete = lambda n: asked.append(n) is None
    page.select_all()
    qtbot.mouseClick(page.bulk_bar.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [6]
    assert page.model.rowCount() == 0
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert sorted(contact_ids()) == sorted(crowd)


def test_declining_the_delete_question_deletes_nobody(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    page = window.contacts_page
    page.actions.confirm_delete = lambda n: False
    page.select_all()
    page.delete_selected()
    assert page.model.rowCount() == 6 and window.undo_stack.count() == 0


def test_ctrl_a_selects_all_matching_the_search_without_loading_cards(
    qtbot: QtBot, db: object, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = save_contacts(
        [ContactDraft(full_name=f"Person {i:05d}", company="Big") for i in range(3000)]
    )
    save_contact(ContactDraft(full_name="Zed Other", company="Small"))
    page = window.contacts_page
    page.search_box.setText("Big")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3000)
    loaded: list[int] = []
    real = page.model._summary
    monkeypatch.setattr(page.model, "_summary", lambda row: loaded.append(row) or real(row))
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_A, CTRL)
    assert page.selection_count() == 3000
    assert page.selected_ids() == ids
    assert page.bulk_bar.count_label.text() == "3,000 selected"
    assert len(loaded) < 100  # only what is painted, never the whole selection
    page.tag_selected("big-co")
    assert len(contact_ids("big-co")) == 3000


def test_the_context_menu_offers_the_bulk_actions(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    selection = page.list_view.selectionModel()
    model = page.model
    selection.select(
        QItemSelection(model.index(0, 0), model.index(2, 0)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    menu = page.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:2] == ["Tag 3 people…", "Set circle"]
    assert "Archive 3 people" in texts and "Delete 3 people…" in texts
    assert "Select all 6" in texts
    archive = next(a for a in menu.actions() if a.text() == "Archive 3 people")
    archive.trigger()
    assert Contact.select().where(Contact.archived == True).count() == 3  # noqa: E712


def test_bulk_tag_on_people_who_already_have_it_says_so(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    add_tag(crowd[:1], "vip")
    page = window.contacts_page
    page.select_all()
    page.tag_selected("VIP")
    assert "(5 did not have it yet)" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert contact_ids("vip") == [crowd[0]]


def test_several_selected_shows_them_in_the_detail_pane_and_the_splitter_stays(
    qtbot: QtBot, crowd: list[int], window: MainWindow
) -> None:
    window.show_page("contacts")
    page = window.contacts_page
    click_row(qtbot, window, 0)
    assert page.detail_stack.currentWidget() is page.detail
    splitter = page.detail_stack.parentWidget()
    sizes = splitter.sizes()
    list_top = page.list_view.mapTo(page, page.list_view.rect().topLeft())
    click_row(qtbot, window, 3, SHIFT)
    assert page.detail_stack.currentWidget() is page.bulk_bar
    assert page.bulk_bar.count_label.text() == "4 selected"
    assert page.bulk_bar.isVisible() and not page.detail.isVisible()
    # Neither the splitter nor the list moves when the pane changes.
    assert splitter.sizes() == sizes
    assert page.list_view.mapTo(page, page.list_view.rect().topLeft()) == list_top
    page.export_requested.disconnect()  # the window would ask where to save
    with qtbot.waitSignal(page.export_requested) as asked:
        exports = [b for b in page.bulk_bar.findChildren(QPushButton) if "CSV" in b.text()]
        qtbot.mouseClick(exports[0], Qt.MouseButton.LeftButton)
    assert asked.args == ["csv"]
    qtbot.mouseClick(page.bulk_bar.clear_button, Qt.MouseButton.LeftButton)
    assert page.detail_stack.currentWidget() is page.detail
    assert page.selection_count() == 1
