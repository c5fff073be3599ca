"""The Contacts page as a user drives it: create, find, edit, delete and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.store.models import Contact
from kith.ui.dialogs.contact_dialog import ContactDialog
from kith.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def active_form(qtbot: QtBot, window: MainWindow) -> ContactDialog:
    """The contact form the page just opened, once it has keyboard focus."""
    dialog = window.contacts_page.open_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def open_new_contact_form(qtbot: QtBot, window: MainWindow) -> ContactDialog:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    return active_form(qtbot, window)


def save(qtbot: QtBot, dialog: ContactDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)


def card_names(window: MainWindow) -> list[str]:
    model = window.contacts_page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_create_a_contact_through_the_form(qtbot: QtBot, window: MainWindow) -> None:
    page = window.contacts_page
    assert page.count_label.isVisible() is False or page.model.rowCount() == 0
    dialog = open_new_contact_form(qtbot, window)
    dialog.full_name.insert("Sofía Ramírez")  # QTest can only type ASCII
    qtbot.keyClicks(dialog.company, "Acme Corp.")
    qtbot.keyClicks(dialog.title, "VP Engineering")
    row = dialog.channels.add_row(ChannelDraft("email", ""))
    qtbot.keyClicks(row.value, "sofia@acme.example")
    qtbot.keyClicks(row.label, "work")
    qtbot.keyClicks(dialog.tags, "mentor, madrid")
    dialog.circle.setCurrentIndex(2)
    qtbot.keyClicks(dialog.notes, "Loves climbing.")
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert card_names(window) == ["Sofía Ramírez"]
    assert page.count_label.text() == "1 person"
    assert page.detail.contact_id is not None
    body = page.detail.body_text()
    assert "sofia@acme.example" in body and "Loves climbing." in body
    assert "Sofía Ramírez" in window.statusBar().currentMessage()
    stored = load_draft(Contact.get().id)
    assert stored.company == "Acme Corp."
    assert stored.tags == ["mentor", "madrid"]
    assert stored.circle == 2


def test_a_bad_email_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_new_contact_form(qtbot, window)
    qtbot.keyClicks(dialog.full_name, "Jonas Berg")
    row = dialog.channels.add_row(ChannelDraft("email", ""))
    qtbot.keyClicks(row.value, "jonas.acme.example")
    save(qtbot, dialog)

    assert dialog.isVisible()
    assert row.error.isVisible()
    assert "@" in row.error.text()
    assert Contact.select().count() == 0
    row.value.clear()
    qtbot.keyClicks(row.value, "jonas@acme.example")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert card_names(window) == ["Jonas Berg"]


def test_a_nameless_contact_is_refused_with_the_reason(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_new_contact_form(qtbot, window)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "name" in dialog._errors["full_name"].text()
    assert dialog.full_name.hasFocus()


def test_find_a_contact_with_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    save_contact(ContactDraft(full_name="Sofía Ramírez", notes="Loves climbing"))
    save_contact(
        ContactDraft(
            full_name="Jonas Berg", channels=[ChannelDraft("email", "jonas@globex.example")]
        )
    )
    window.show_page("contacts")  # the list is read when the page is first shown
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    window.show_page("today")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.current_page() == "contacts"
    assert page.search_box.hasFocus()

    qtbot.keyClicks(page.search_box, "climb")
    qtbot.waitUntil(lambda: card_names(window) == ["Sofía Ramírez"])
    assert page.count_label.text() == "1 person match “climb”"
    # The first match's card follows once typing pauses.
    qtbot.waitUntil(lambda: "Sofía Ramírez" in page.detail._name.text())

    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "globex")
    qtbot.waitUntil(lambda: card_names(window) == ["Jonas Berg"])

    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "nobody-like-this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page._stack.currentWidget() is page._no_match


def test_edit_a_contact(qtbot: QtBot, window: MainWindow) -> None:
    contact_id = save_contact(ContactDraft(full_name="Amara Okafor", company="Acme Labs"))
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_contact(contact_id)
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_E, CTRL)
    dialog = active_form(qtbot, window)
    assert dialog.company.text() == "Acme Labs"
    dialog.company.clear()
    qtbot.keyClicks(dialog.company, "Globex")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert load_draft(contact_id).company == "Globex"
    summary = page.model.index(0, 0).data(page.model.SummaryRole)
    assert summary.company == "Globex"
    assert "Globex" in page.detail._role.text()


def test_delete_a_contact_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    save_contact(ContactDraft(full_name="Amara Okafor", tags=["speaking"]))
    jonas = save_contact(ContactDraft(full_name="Jonas Berg"))
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.select_contact(jonas)
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_Delete)

    assert card_names(window) == ["Amara Okafor"]
    assert "Deleted Jonas Berg" in window.statusBar().currentMessage()
    assert Contact.select().count() == 1

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert card_names(window) == ["Amara Okafor", "Jonas Berg"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert card_names(window) == ["Amara Okafor"]


def test_undo_a_new_contact_and_an_edit(qtbot: QtBot, window: MainWindow) -> None:
    page = window.contacts_page
    dialog = open_new_contact_form(qtbot, window)
    qtbot.keyClicks(dialog.full_name, "Priya Raman")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: card_names(window) == ["Priya Raman"])
    page.edit_current()
    dialog = active_form(qtbot, window)
    dialog.full_name.end(False)
    qtbot.keyClicks(dialog.full_name, " Iyer")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: card_names(window) == ["Priya Raman Iyer"])
    window.undo_stack.undo()
    assert card_names(window) == ["Priya Raman"]
    window.undo_stack.undo()
    assert card_names(window) == []
    window.undo_stack.redo()
    assert card_names(window) == ["Priya Raman"]


def test_a_photo_is_stored_as_a_small_square_thumbnail(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    path = tmp_path / "face.png"
    image.save(str(path))
    dialog = open_new_contact_form(qtbot, window)
    qtbot.keyClicks(dialog.full_name, "Hiroshi Tanaka")
    assert dialog.load_photo(path)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    photo = load_draft(Contact.get().id).photo
    assert photo is not None and photo[:2] == b"\xff\xd8"  # JPEG
    stored = QImage.fromData(photo)
    assert (stored.width(), stored.height()) == (256, 256)


def test_a_file_that_is_not_an_image_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    path = tmp_path / "notes.png"
    path.write_text("not really a picture")
    dialog = open_new_contact_form(qtbot, window)
    assert not dialog.load_photo(path)
    assert shown and "not an image" in shown[0]


def test_introduced_by_is_picked_from_suggestions(qtbot: QtBot, window: MainWindow) -> None:
    tomas = save_contact(ContactDraft(full_name="Tomás Ortega"))
    dialog = open_new_contact_form(qtbot, window)
    dialog.full_name.insert("Sofía Ramírez")  # QTest can only type ASCII
    qtbot.keyClicks(dialog.introduced_by, "Tom")
    dialog.introduced_by.insert("ás Ortega")
    dialog.introduced_by.textEdited.emit(dialog.introduced_by.text())
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    sofia = Contact.get(Contact.full_name == "Sofía Ramírez")
    assert sofia.introduced_by_id == tomas
    page = window.contacts_page
    page.select_contact(sofia.id)
    assert "Introduced by" in page.detail.body_text()
    assert "Tomás Ortega" in page.detail.body_text()


def test_an_unknown_introducer_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_new_contact_form(qtbot, window)
    dialog.full_name.insert("Sofía Ramírez")  # QTest can only type ASCII
    qtbot.keyClicks(dialog.introduced_by, "Someone I never added")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "Pick a person" in dialog._errors["introduced_by"].text()


def test_pages_switch_with_ctrl_number_and_explain_what_will_appear(
    qtbot: QtBot, window: MainWindow
) -> None:
    for number, name in enumerate(("today", "contacts", "calendar", "goals", "network"), 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), CTRL)
        assert window.current_page() == name
        assert window.navigation.currentRow() == number - 1
    QApplication.processEvents()


def test_double_clicking_a_card_opens_its_form_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_contact(ContactDraft(full_name="Amara Okafor"))
    window.show_page("contacts")
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    opened: list[int | None] = []
    edit = page.edit_contact
    monkeypatch.setattr(page, "edit_contact", lambda cid: opened.append(cid) or edit(cid))
    centre = page.list_view.visualRect(page.model.index(0, 0)).center()
    # As a real double-click arrives: press, release, then the double-click.
    qtbot.mouseClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert len(opened) == 1
    assert active_form(qtbot, window).windowTitle()


def test_the_circle_filter_narrows_the_list_and_says_so(qtbot: QtBot, window: MainWindow) -> None:
    inner = save_contact(ContactDraft(full_name="Ines Inner", circle=1))
    fifteen = save_contact(ContactDraft(full_name="Fatou Fifteen", circle=2))
    save_contact(ContactDraft(full_name="Nadia Nocircle"))
    window.show_page("contacts")
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.circle_button.text() == "All circles"
    page.circle_actions[1].trigger()  # tick "Inner 5" in the menu
    assert card_names(window) == ["Ines Inner"]
    assert page.circle_button.text() == "Inner 5"
    assert page.count_label.text() == "1 person in Inner 5"
    page.circle_actions[2].trigger()
    assert [page.model.contact_id(r) for r in range(page.model.rowCount())] == [fifteen, inner]
    page.search_box.setText("fatou")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count_label.text() == "1 person in Inner 5 and 15 match “fatou”"
    page.search_box.clear()
    page.set_circle_filter(frozenset())
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.circle_button.text() == "All circles"


def test_the_form_edits_the_name_parts_and_department_other_address_books_keep(
    qtbot: QtBot, window: MainWindow
) -> None:
    from kith.core.contacts import load_draft
    from kith.store.models import Contact

    dialog = open_new_contact_form(qtbot, window)
    qtbot.keyClicks(dialog.full_name, "Dr. Maria Luisa Fernandez PhD")
    qtbot.keyClicks(dialog.name_prefix, "Dr.")
    qtbot.keyClicks(dialog.given_name, "Maria")
    qtbot.keyClicks(dialog.middle_name, "Luisa")
    qtbot.keyClicks(dialog.family_name, "Fernandez")
    qtbot.keyClicks(dialog.name_suffix, "PhD")
    qtbot.keyClicks(dialog.company, "Acme")
    qtbot.keyClicks(dialog.department, "Research")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = load_draft(Contact.get().id)
    assert (stored.name_prefix, stored.middle_name, stored.name_suffix) == ("Dr.", "Luisa", "PhD")
    assert (stored.company, stored.department) == ("Acme", "Research")


def test_an_address_keeps_its_parts_until_its_text_is_edited(
    qtbot: QtBot, window: MainWindow
) -> None:
    from kith.core.contacts import AddressParts, ContactDraft, load_draft, save_contact

    parts = AddressParts("Calle Mayor 5", "Madrid", "", "28013", "Spain")
    contact_id = save_contact(
        ContactDraft(
            full_name="Maria", channels=[ChannelDraft("address", parts.one_line(), "", parts)]
        )
    )
    dialog = ContactDialog(lambda d: save_contact(d, contact_id), load_draft(contact_id))
    qtbot.addWidget(dialog)
    [row] = dialog.channels.rows
    assert dialog.draft().channels[0].address == parts  # untouched: the parts stay
    qtbot.keyClicks(row.label, "home")
    assert dialog.draft().channels[0].address == parts
    row.value.setText("Gran Vía 1, Madrid")
    assert dialog.draft().channels[0].address is None  # edited: one line again


def test_the_compact_list_has_one_line_per_person_under_letter_headers(
    qtbot: QtBot, window: MainWindow
) -> None:
    for name in ("Ana Lima", "Émile Zola", "Ben Okafor", "Anh Tran", "3M Office"):
        save_contact(ContactDraft(full_name=name))
    window.show_page("contacts")
    page = window.contacts_page
    view = page.list_view
    card_height = view.rowHeight(1)
    page.set_compact(True)
    # Name order: 3M Office, Ana Lima, Anh Tran, Ben Okafor, Émile Zola (accents folded).
    assert page._rows.sections == {0: "#", 1: "A", 3: "B", 4: "E"}
    line = view.rowHeight(2)
    assert line < card_height / 1.8  # one line per person
    assert view.rowHeight(1) > line and view.rowHeight(3) > line  # a header above
    # Searching lists by relevance, not A to Z: no headers then.
    qtbot.keyClicks(page.search_box, "an")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page._rows.sections == {}
    assert view.rowHeight(0) == view.rowHeight(1) == line
    # The choice is remembered for the next window.
    page.search_box.clear()
    again = MainWindow(window.database_path)
    qtbot.addWidget(again)
    assert again.contacts_page.compact


def test_anniversaries_and_named_dates_are_edited_on_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    from kith.core.contacts import ImportantDate

    dialog = open_new_contact_form(qtbot, window)
    qtbot.keyClicks(dialog.full_name, "Bjorn Lindqvist")
    dialog.resize(dialog.minimumWidth(), dialog.height())  # as narrow as it may be made
    qtbot.mouseClick(dialog.dates.add_button, Qt.MouseButton.LeftButton)
    [row] = dialog.dates.rows
    assert row.label.currentText() == "Anniversary"
    # The form grows to the row's width: no field is cut off (the form cannot scroll sideways).
    from PySide6.QtWidgets import QScrollArea

    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: row.remove.isVisible() and row.remove.width() < 100)  # laid out
    viewport = scroll.viewport()
    assert row.remove.mapTo(viewport, row.remove.rect().bottomRight()).x() < viewport.width()
    assert scroll.horizontalScrollBar().maximum() == 0
    row.day.setValue(30)
    row.month.setCurrentIndex(2)  # February: no 30th
    save(qtbot, dialog)
    assert dialog.isVisible()  # refused, and said beside the row
    assert row.error.isVisible()
    assert row.error.text() == "That day does not exist in that month"
    row.day.setValue(18)
    row.month.setCurrentIndex(8)
    row.year.setValue(2012)
    qtbot.mouseClick(dialog.dates.add_button, Qt.MouseButton.LeftButton)
    climb = dialog.dates.rows[1]
    climb.label.setCurrentText("")
    qtbot.keyClicks(climb.label.lineEdit(), "First climb")
    climb.day.setValue(1)
    climb.month.setCurrentIndex(3)
    qtbot.mouseClick(dialog.dates.add_button, Qt.MouseButton.LeftButton)  # left empty
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [contact_id] = [c.id for c in Contact.select()]
    assert load_draft(contact_id).dates == [
        ImportantDate("Anniversary", 8, 18, 2012),
        ImportantDate("First climb", 3, 1, None),
    ]
    again = ContactDialog(lambda d: save_contact(d, contact_id), load_draft(contact_id))
    qtbot.addWidget(again)
    assert [r.label.currentText() for r in again.dates.rows] == ["Anniversary", "First climb"]
    assert again.draft().dates == load_draft(contact_id).dates


def test_the_detail_pane_says_each_date_and_what_comes_next(db: object) -> None:
    from datetime import date

    from kith.core.contacts import ImportantDate
    from kith.core.directory import contact_detail
    from kith.ui.pages.contact_detail_pane import date_lines

    contact_id = save_contact(
        ContactDraft(
            full_name="Ana",
            dates=[ImportantDate("Anniversary", 11, 26, 2016), ImportantDate("Climb", 3, 1)],
        )
    )
    detail = contact_detail(contact_id)
    assert detail is not None
    first, second = date_lines(detail, date(2026, 11, 23))
    assert first.startswith("Anniversary: ") and first.endswith("— 10 years in 3 days")
    assert second.startswith("Climb: ") and "—" not in second  # months away, no year


def test_typing_keeps_the_top_person_current_without_reading_their_details_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, title in (("Tea Aaron", "Teacher"), ("Teal Berg", "Teacher"), ("Cleo Cole", "Nurse")):
        save_contact(ContactDraft(full_name=name, title=title))
    window.show_page("contacts")
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.search_box.setFocus()
    qtbot.keyClicks(page.search_box, "tea")
    qtbot.waitUntil(lambda: "Tea Aaron" in page.detail._name.text())  # after the pause
    shown: list[int | None] = []
    monkeypatch.setattr(page.detail, "show_contact", shown.append)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    qtbot.keyClicks(page.search_box, "c")  # "teac": Tea Aaron is still on top
    qtbot.waitUntil(lambda: page.model.search == "teac")
    qtbot.wait(300)  # past the pause
    assert card_names(window) == ["Tea Aaron", "Teal Berg"]
    assert page.current_contact_id() == page.model.contact_id(0)
    assert shown == [] and resets == []  # no model reset, the pane not read again
    page.search_box.setText("nurse")  # someone else on top: their details follow the pause
    qtbot.waitUntil(lambda: shown != [])
    assert card_names(window) == ["Cleo Cole"]
    assert page.current_contact_id() == page.model.contact_id(0)
    assert shown[-1] == page.model.contact_id(0)


def test_a_broad_search_at_scale_counts_once_typing_pauses(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.core import directory
    from tests.crowd import add_crowd

    add_crowd(3_000)
    monkeypatch.setattr(directory, "BOUNDED_FROM", 1_000)  # the crowd stands in for 1,000,000
    window.show_page("contacts")
    page = window.contacts_page
    directory.prepare_search()
    everyone = directory.contact_ids("tea")
    page.search_box.setText("tea")
    qtbot.waitUntil(lambda: page.model.search == "tea")
    assert page.count_label.text() == "100+ people match “tea”"
    qtbot.waitUntil(lambda: page.model.count_known)  # typing paused: counted
    assert page.count_label.text() == f"{len(everyone):,} people match “tea”"
    page.search_box.setText("team")
    qtbot.waitUntil(lambda: page.model.search == "team")
    page.select_all()
    assert page.selected_ids() == directory.contact_ids("team")
