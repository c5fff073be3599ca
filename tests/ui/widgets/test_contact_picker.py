"""The person picker (Log ▸ With, Introduced by, About, How do I reach…): names first, every
word narrowing, a keyboard pick that clears the field, and "Create ‘…’" for someone new."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kith.core.directory import contact_detail
from kith.store.models import Contact, Interaction, InteractionContact
from kith.ui.dialogs.quick_add_dialog import QuickAddDialog
from kith.ui.widgets.contact_fields import ContactPicker
from tests.core.rules_fixtures import person


def _leads_and_leas() -> dict[str, int]:
    people = {
        f"lead{i}": person(f"Aaron Smith {chr(65 + i)}", title="Team Lead", company="Initech")
        for i in range(15)
    }
    people["lea_roux"] = person("Léa Roux", title="Designer", company="Lumen")
    people["lea_girard"] = person("Léa Girard")
    people["ana_lea"] = person("Ana Léa Costa")
    people["leandro"] = person("Leandro Alves")
    return people


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` as keystrokes, accents included (QTest's keyClicks takes ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _typed(picker: ContactPicker, qtbot: QtBot, text: str) -> list[str]:
    picker.clear()
    _type(picker, text)
    return picker.suggestions()


def test_names_come_first_then_words_of_names_then_the_rest(db: object, qtbot: QtBot) -> None:
    _leads_and_leas()
    picker = ContactPicker()
    qtbot.addWidget(picker)
    shown = _typed(picker, qtbot, "lea")
    # Names that begin with "lea", then a name with a word starting so; the people with
    # "Lead" in their role only after every Léa — none of the Léas falls off the list.
    assert shown[:4] == ["Léa Girard", "Léa Roux", "Leandro Alves", "Ana Léa Costa"]
    assert shown[4:-1] == [f"Aaron Smith {chr(65 + i)}" for i in range(ContactPicker.LIMIT - 4)]
    assert len(shown) == ContactPicker.LIMIT + 1
    assert shown[-1] == "Create ‘lea’ as a new contact"


def test_every_word_narrows_and_accents_do_not_matter(db: object, qtbot: QtBot) -> None:
    _leads_and_leas()
    picker = ContactPicker()
    qtbot.addWidget(picker)
    assert _typed(picker, qtbot, "lea r")[:-1] == ["Léa Roux"]
    assert _typed(picker, qtbot, "LÉA gir")[:-1] == ["Léa Girard"]
    assert _typed(picker, qtbot, "roux lea")[:-1] == ["Léa Roux"]
    assert _typed(picker, qtbot, "lumen")[:-1] == ["Léa Roux"]  # then the company
    assert _typed(picker, qtbot, "zzz") == ["Create ‘zzz’ as a new contact"]


def test_arrow_and_enter_pick_then_the_form_saves(window, qtbot: QtBot) -> None:
    people = _leads_and_leas()
    dialog = window.log_interaction()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    picker = dialog.people.picker
    qtbot.keyClicks(picker, "lea r")
    popup = picker.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.people.names() == ["Léa Roux"]
    assert picker.text() == ""  # the field clears after a pick
    assert not popup.isVisible()
    qtbot.keyClicks(dialog.summary, "Coffee")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (row,) = Interaction.select()
    assert [link.contact_id for link in InteractionContact.select()] == [people["lea_roux"]]
    assert row.summary == "Coffee"


def test_enter_takes_the_only_person_suggested(window, qtbot: QtBot) -> None:
    people = _leads_and_leas()
    dialog = window.log_interaction()
    picker = dialog.people.picker
    qtbot.keyClicks(picker, "lea gi")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert dialog.people.contact_ids() == [people["lea_girard"]]
    assert picker.text() == "" and dialog.isVisible()


def test_create_adds_someone_new_and_picks_them(window, qtbot: QtBot) -> None:
    dialog = window.log_interaction()
    picker = dialog.people.picker
    asked: list[str] = []

    def fill_in(parent, name: str):
        asked.append(name)
        form = QuickAddDialog(name, parent)
        qtbot.addWidget(form)
        qtbot.keyClicks(form.email_edit, "lea@rivera.example")
        form.accept()
        return form.contact_id, form.name_edit.text()

    picker.create_contact = fill_in
    _type(picker, "Léa Rivera")
    popup = picker.popup()
    qtbot.waitUntil(popup.isVisible)
    last = popup.model().index(popup.model().rowCount() - 1, 0)
    assert last.data() == "Create ‘Léa Rivera’ as a new contact"
    popup.setCurrentIndex(last)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert asked == ["Léa Rivera"]
    (new,) = Contact.select().where(Contact.full_name == "Léa Rivera")
    assert dialog.people.contact_ids() == [new.id]
    detail = contact_detail(new.id)
    assert detail is not None and [c.value for c in detail.channels] == ["lea@rivera.example"]
    # One undo step on the window's stack takes the new person away again.
    assert window.undo_stack.undoText() == "New contact Léa Rivera"


def test_a_cancelled_create_keeps_what_was_typed(window, qtbot: QtBot) -> None:
    dialog = window.log_interaction()
    picker = dialog.people.picker
    picker.create_contact = lambda parent, name: None
    qtbot.keyClicks(picker, "Nobody Yet")
    popup = picker.popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == "Nobody Yet" and dialog.people.contact_ids() == []
    assert Contact.select().count() == 0


def test_the_quick_add_form_needs_a_name_and_a_valid_email(db: object, qtbot: QtBot) -> None:
    form = QuickAddDialog("  ")
    qtbot.addWidget(form)
    form.email_edit.setText("not an email")
    form.accept()
    assert form.contact_id is None and Contact.select().count() == 0
    assert form._errors["full_name"].text() == "Give this person a name"
    assert form._errors["channels"].text()
