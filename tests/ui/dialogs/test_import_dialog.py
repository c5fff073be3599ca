"""File ▸ Import…: the review table, choosing whom to import, and what gets written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.importing.review import Action, Status
from kith.store.models import Contact
from kith.ui.dialogs.import_dialog import ImportDialog
from kith.ui.lists.import_review_model import ACTION, NAME, STATUS
from kith.ui.main_window import MainWindow
from tests.core.importing.limits import within_a_second

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def open_import(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    """Open the review dialog for ``path`` and wait until the whole file has been read."""
    dialog = window.import_file(path)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    return dialog


def shown(dialog: ImportDialog, column: int) -> list[str]:
    proxy = dialog.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def checked(dialog: ImportDialog) -> list[str]:
    return [r.candidate.name for r in dialog.model.rows if r.checked]


def import_and_wait(qtbot: QtBot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.import_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args is not None and blocker.args[0] is not None, dialog.error


def test_the_review_table_marks_new_duplicate_and_invalid_rows(
    qtbot: QtBot, qtmodeltester: ModelTester, db: object, window: MainWindow
) -> None:
    known = save_contact(
        ContactDraft(
            full_name="Sofia Ramirez", channels=[ChannelDraft("email", "sofia@acme.example")]
        )
    )
    dialog = open_import(qtbot, window, FIXTURES / "apple.vcf")
    qtmodeltester.check(dialog.model)
    assert shown(dialog, NAME) == ["Sofía Ramírez", "Globex Corporation", "Climbing friends"]
    status = shown(dialog, STATUS)
    assert status[0] == "likely duplicate of Sofia Ramirez"
    assert status[1] == "new"
    assert status[2].startswith("invalid: Card 3 (line 50) is a contact group")
    assert shown(dialog, ACTION) == ["Merge into Sofia Ramirez", "Add", ""]
    # A small file: the new one is pre-selected, the changed duplicate set to merge.
    assert checked(dialog) == ["Sofía Ramírez", "Globex Corporation"]
    invalid = dialog.model.index(2, NAME)
    assert invalid.data(Qt.ItemDataRole.CheckStateRole) is None
    assert not dialog.model.flags(invalid) & Qt.ItemFlag.ItemIsUserCheckable
    assert not dialog.model.setData(invalid, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    tip = dialog.model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "same email sofia@acme.example" in tip and "adds phone" in tip
    assert "3 entries: 1 new · 1 already in Kith with something new · 1 invalid" in (
        dialog.summary.text()
    )
    assert dialog.import_button.text() == "Import 2"
    assert known


def test_importing_writes_exactly_the_checked_people_and_merges_the_chosen(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    known = save_contact(
        ContactDraft(
            full_name="Sofia Ramirez", channels=[ChannelDraft("email", "sofia@acme.example")]
        )
    )
    dialog = open_import(qtbot, window, FIXTURES / "apple.vcf")
    # Uncheck Globex with the checkbox, as a user would.
    dialog.model.setData(
        dialog.model.index(1, NAME), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert dialog.import_button.text() == "Import 1"
    import_and_wait(qtbot, dialog)
    assert contact_ids() == [known]
    merged = load_draft(known)
    assert "+34 600 123 456" in [c.value for c in merged.channels]
    assert "Added 0 people and merged 1 into people already in Kith" in dialog.summary.text()
    assert dialog.close_button.isVisible()
    assert "Imported 0 people from apple.vcf, merged 1" in window.statusBar().currentMessage()


def test_a_duplicate_can_be_added_as_new_through_the_do_column(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    save_contact(
        ContactDraft(
            full_name="Sofia Ramirez", channels=[ChannelDraft("email", "sofia@acme.example")]
        )
    )
    dialog = open_import(qtbot, window, FIXTURES / "apple.vcf")
    index = dialog.proxy.index(0, ACTION)
    dialog.table.setCurrentIndex(index)  # the editor opens on the current cell
    editor = dialog.table.indexWidget(index)
    qtbot.waitUntil(lambda: isinstance(dialog.table.focusWidget(), QComboBox))
    combo = dialog.table.focusWidget()
    assert isinstance(combo, QComboBox), editor
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Skip",
        "Merge into Sofia Ramirez",
        "Add as new",
    ]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert dialog.model.rows[0].action == Action.ADD
    import_and_wait(qtbot, dialog)
    assert Contact.select().count() == 3  # Sofia twice (as asked) and Globex


def test_choosing_skip_unchecks_the_row(qtbot: QtBot, db: object, window: MainWindow) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "google.csv")
    assert dialog.model.setData(dialog.model.index(0, ACTION), "skip")
    assert not dialog.model.rows[0].checked
    assert dialog.model.index(0, NAME).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )


def test_cancel_writes_nothing(qtbot: QtBot, db: object, window: MainWindow) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "google.csv")
    assert dialog.model.checked_count == 2
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Contact.select().count() == 0


def test_a_bad_file_shows_a_clear_message(qtbot: QtBot, db: object, window: MainWindow) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "no-name-column.csv")
    assert dialog.error_label.isVisible()
    assert "no column with people's names" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.close()
    dialog = open_import(qtbot, window, FIXTURES / "binary.vcf")
    assert "is not a text file Kith can import" in dialog.error_label.text()


def test_invalid_cards_name_the_card_and_the_rest_can_be_imported(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "broken.vcf")
    status = shown(dialog, STATUS)
    assert "invalid: Card 4 (line 19) has no name (only Nobody Inc.)." in status
    assert any(s.startswith("invalid: Card 2 (line 6) has no END:VCARD") for s in status)
    import_and_wait(qtbot, dialog)
    names = {load_draft(i).full_name for i in contact_ids()}
    assert names == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}


def test_reimporting_offers_only_the_changes(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "google.csv")
    import_and_wait(qtbot, dialog)
    dialog.close()
    again = open_import(qtbot, window, FIXTURES / "google.csv")
    assert dialog is not again
    assert [r.candidate.status for r in again.model.rows] == [
        Status.DUPLICATE,
        Status.DUPLICATE,
        Status.INVALID,
    ]
    assert again.model.checked_count == 0
    assert shown(again, NAME) == ["nameless@example.com"]  # only the invalid row is shown
    assert "Everyone in this file is already in Kith" in again.summary.text()
    assert not again.import_button.isEnabled()
    again.show_unchanged.setChecked(True)
    assert again.proxy.rowCount() == 3
    assert shown(again, STATUS)[0] == "already in Kith as Marcus Chen, nothing new"


def test_a_file_over_fifty_people_starts_with_nobody_checked_and_filters(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    rows = ["Name,E-mail 1 - Value,Organization 1 - Name,Group Membership"]  # Google's columns
    firsts = ["Ana", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lia"]
    lasts = ["Berg", "Okafor", "Park", "Rao", "Lind", "Moe", "Sato", "Weiss", "Costa", "Nagy"]
    for i in range(120):
        company = "Acme" if i % 3 == 0 else "Globex"
        tag = "friends ::: * myContacts" if i % 10 == 0 else "work"
        name = f"{firsts[i % 12]} {lasts[i // 12]}"
        rows.append(f"{name},p{i}@example.com,{company},{tag}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert dialog.model.counts()[Status.NEW] == 120
    assert dialog.model.checked_count == 0
    assert "Nobody is selected yet" in dialog.summary.text()
    qtbot.keyClicks(dialog.filter_box, "friends")
    assert dialog.proxy.rowCount() == 12
    qtbot.mouseClick(dialog.select_shown, Qt.MouseButton.LeftButton)
    assert dialog.model.checked_count == 12
    dialog.filter_box.clear()
    assert dialog.proxy.rowCount() == 120
    dialog.select_company("acme")
    assert dialog.model.checked_count == 12 + 40 - 4  # every 30th person is both
    assert ("Acme", 40) in dialog.model.companies()
    dialog.select_by_menu.aboutToShow.emit()
    texts = [a.text() for a in dialog.select_by_menu.actions()]
    assert "Globex (80)" in texts and "friends (12)" in texts
    import_and_wait(qtbot, dialog)
    assert Contact.select().count() == 48


def test_import_is_one_undo_step(qtbot: QtBot, db: object, window: MainWindow) -> None:
    window.show_page("contacts")
    dialog = open_import(qtbot, window, FIXTURES / "linkedin-connections.csv")
    import_and_wait(qtbot, dialog)
    assert len(contact_ids()) == 2
    # The write happened on a worker thread; the Contacts list hears of it all the same.
    qtbot.waitUntil(lambda: window.contacts_page.model.rowCount() == 2)
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert contact_ids() == []
    window.undo_stack.redo()
    assert len(contact_ids()) == 2


def test_a_card_made_to_stall_the_reader_is_named_among_the_problems(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    # 347 bytes that held the window for 15 s (a 24-parameter line without a colon).
    dialog = open_import(qtbot, window, FIXTURES / "many-parameters.vcf")
    assert dialog.problems_label.isVisible()
    assert (
        "Card 2 (line 6), Mallory Stall: line 10 has 24 parameters, more than any address "
        "book writes (Kith reads up to 20)."
    ) in dialog.problems_label.text()
    import_and_wait(qtbot, dialog)
    assert {load_draft(i).full_name for i in contact_ids()} == {"Ada Lovelace", "Grace Hopper"}


def test_cancel_stops_reading_inside_a_huge_card_at_once(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    # A card that seems never to end (its reading waits after 1,000 lines until Cancel is
    # asked for, however long that takes): Cancel must not wait for the end of the card.
    import threading
    import time

    from kith.core.importing import vcard

    real = vcard.logical_lines
    reached = threading.Event()

    def endless(card, should_cancel=None):
        for n, item in enumerate(real(card, should_cancel)):
            if n == 1000:
                reached.set()
                while should_cancel is not None and not should_cancel():
                    time.sleep(0.005)
            yield item

    monkeypatch.setattr(vcard, "logical_lines", endless)
    path = tmp_path / "huge.vcf"
    lines = "".join("NOTE:more\r\n" for _ in range(20_000))
    path.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge\r\n{lines}END:VCARD\r\n")
    dialog = window.import_file(path)
    assert dialog is not None
    qtbot.waitUntil(reached.is_set, timeout=10_000)  # in the middle of the card
    assert dialog.reading
    with qtbot.waitSignal(dialog.reading_finished) as finished:
        within_a_second(lambda: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton))
        assert not dialog.isVisible()
    assert finished.args == [False]  # stopped before the end of the file
    assert Contact.select().count() == 0


def test_cancelling_while_reading_a_large_file_writes_nothing(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "many.vcf"
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.com\r\nEND:VCARD\r\n"
        for i in range(3000)
    ]
    path.write_text("".join(cards), encoding="utf-8")
    dialog = window.import_file(path)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.model.rows) > 0, timeout=10_000)
    assert dialog.progress_row.isVisible() or not dialog.reading
    dialog.reject()
    assert not dialog.isVisible()
    assert Contact.select().count() == 0


def test_stop_reading_keeps_the_rows_read_so_far(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "many.vcf"
    cards = [f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEND:VCARD\r\n" for i in range(5000)]
    path.write_text("".join(cards), encoding="utf-8")
    dialog = window.import_file(path)
    assert dialog is not None
    with qtbot.waitSignal(dialog.reading_finished, timeout=20_000) as blocker:
        qtbot.waitUntil(lambda: len(dialog.model.rows) > 0, timeout=10_000)
        dialog.stop_reading()
    read = len(dialog.model.rows)
    assert read > 0
    if blocker.args == [False]:
        assert read < 5000
    dialog.check_shown(True)
    import_and_wait(qtbot, dialog)
    assert Contact.select().count() == read


def test_dropping_a_file_on_the_window_opens_the_review(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "friends.vcf"
    shutil.copy(FIXTURES / "google.vcf", path)
    mime = QMimeData()  # kept alive while the events live
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(QPoint(300, 300)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    dialog = window.data_actions.import_dialog
    assert dialog is not None and dialog.path == path
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    assert shown(dialog, NAME)[0] == "Priya Natarajan"


def test_file_import_asks_for_a_file_through_a_seam(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    window.data_actions.ask_open_path = lambda: None
    assert window.import_file() is None
    window.data_actions.ask_open_path = lambda: FIXTURES / "outlook.csv"
    window.data_actions.import_action.trigger()
    dialog = window.data_actions.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    assert checked(dialog) == ["Zoë Brontë", "Tom Okafor"]


@pytest.mark.parametrize(
    "name",
    ["android-2.1.vcf", "nextcloud-4.0.vcf", "google-2024.csv", "outlook-utf16.csv", "outlook.csv"],
)
def test_every_fixture_reads_into_the_table(
    qtbot: QtBot, qtmodeltester: ModelTester, db: object, window: MainWindow, name: str
) -> None:
    dialog = open_import(qtbot, window, FIXTURES / name)
    assert dialog.error is None
    assert dialog.model.counts()[Status.NEW] >= 1
    qtmodeltester.check(dialog.proxy)


def test_space_ticks_and_unticks_the_selected_rows(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    dialog = open_import(qtbot, window, FIXTURES / "broken.vcf")
    assert dialog.model.checked_count == 3
    dialog.table.setFocus()
    dialog.table.selectAll()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.checked_count == 0
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert checked(dialog) == ["Ada Lovelace"]


def test_a_possible_duplicate_is_shown_and_added_as_new(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    known = save_contact(
        ContactDraft(full_name="Maria Garcia", channels=[ChannelDraft("email", "m@one.example")])
    )
    path = tmp_path / "maria.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Garcia\r\nEMAIL:m@two.example\r\nEND:VCARD\r\n"
    )
    dialog = open_import(qtbot, window, path)
    assert shown(dialog, STATUS) == ["possible duplicate of Maria Garcia (same name)"]
    assert shown(dialog, ACTION) == ["Add as new"]
    assert checked(dialog) == ["Maria Garcia"]
    assert "1 entry: 0 new · 1 possible duplicates (added as new)." in dialog.summary.text()
    tip = dialog.model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "Only same name: they may be two people" in tip
    import_and_wait(qtbot, dialog)
    assert len(contact_ids()) == 2
    assert [c.value for c in load_draft(known).channels] == ["m@one.example"]


def test_the_columns_are_as_wide_as_what_they_show(
    qtbot: QtBot, db: object, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtGui import QFontMetrics

    from kith.ui.lists.import_review_model import CHANNEL, COMPANY

    path = tmp_path / "people.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Company,Position\n"
        "Léa,Rousseau-Delacroix,lea.rousseau-delacroix@example-company.com,"
        "Northwind Robotics International,Designer\n"
        "Ana,Lima,ana@example.com,Acme,CTO\n",
        encoding="utf-8",
    )
    dialog = open_import(qtbot, window, path)
    dialog.resize(1180, 680)  # the dialog's own first size
    metrics = QFontMetrics(dialog.table.font())
    for column, text in (
        (COMPANY, "Northwind Robotics International"),
        (CHANNEL, "lea.rousseau-delacroix@example-company.com"),
    ):
        qtbot.waitUntil(
            lambda c=column, t=text: dialog.table.columnWidth(c) > metrics.horizontalAdvance(t)
        )
    # The columns fill the table, no wider: nothing hides behind a horizontal scroll bar.
    total = sum(dialog.table.columnWidth(c) for c in range(dialog.proxy.columnCount()))
    assert abs(total - dialog.table.viewport().width()) <= 6
    # A column the user resizes stays as they left it.
    dialog.table.horizontalHeader().resizeSection(COMPANY, 90)
    dialog.resize(1100, 680)
    qtbot.wait(50)
    assert dialog.table.columnWidth(COMPANY) == 90
    dialog.reject()


def test_columns_share_what_room_there_is() -> None:
    from kith.ui.lists.column_fitter import column_widths

    # Room to spare: everyone gets what they want, the stretch column the rest.
    assert column_widths([100, 200, 50], [60, 60, 50], 400, stretch=1) == [100, 250, 50]
    # Too little: the overflow comes from what each can give above its least.
    assert column_widths([100, 300, 50], [60, 100, 50], 350, stretch=1) == [83, 217, 50]
    # Nothing to give: the wanted widths (the table scrolls).
    assert column_widths([60, 100], [60, 100], 100, stretch=0) == [60, 100]


# --- an encrypted JSON backup ---------------------------------------------------------------------


@pytest.fixture
def sealed_backup(tmp_path: Path) -> Path:
    """The encrypted JSON backup of another database (encrypted with a passphrase), holding
    Ada Lovelace."""
    from kith.core.database import close_database, open_database
    from kith.core.encryption import encrypt_database, key_from_passphrase
    from kith.core.export import export_json_backup

    other = tmp_path / "other" / "kith.sqlite"
    open_database(other)
    save_contact(ContactDraft(full_name="Ada Lovelace", company="Analytical Engines"))
    close_database()
    encrypt_database(other, passphrase="engine room")
    open_database(other, key=key_from_passphrase("engine room"))
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    close_database()
    assert b"Lovelace" not in backup.read_bytes()
    return backup


def test_an_encrypted_backup_without_its_passphrase_is_a_clear_message(
    qtbot: QtBot, sealed_backup: Path, db: object, window: MainWindow, monkeypatch
) -> None:
    """Cancelled, or three wrong passphrases: one message in the dialog, no rows, nothing to
    import — and no traceback."""
    from kith.ui.dialogs.import_dialog import locked_text
    from kith.ui.dialogs.passphrase_dialog import BackupPassphraseDialog

    asked: list[str] = []

    def cancel(dialog: BackupPassphraseDialog) -> int:
        asked.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(BackupPassphraseDialog, "exec", cancel)
    dialog = open_import(qtbot, window, sealed_backup)
    assert asked == ["Encrypted backup"]
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == locked_text("backup.json")
    assert "Kith cannot read it without the passphrase or the recovery key" in dialog.error
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()
    dialog.close()

    def three_wrong(dialog: BackupPassphraseDialog) -> int:
        while not dialog.gave_up:
            dialog.field.setText("wrong room")
            dialog.accept()
        return 0

    monkeypatch.setattr(BackupPassphraseDialog, "exec", three_wrong)
    dialog = open_import(qtbot, window, sealed_backup)
    assert dialog.error_label.text() == locked_text("backup.json")
    assert Contact.select().count() == 0


def test_an_encrypted_backup_is_imported_once_its_passphrase_is_given(
    qtbot: QtBot, sealed_backup: Path, db: object, window: MainWindow, monkeypatch
) -> None:
    from kith.ui.dialogs.passphrase_dialog import BackupPassphraseDialog

    said: list[str] = []

    def wrong_then_right(dialog: BackupPassphraseDialog) -> int:
        dialog.field.setText("wrong room")
        dialog.accept()
        said.append(dialog.error_label.text())
        dialog.field.setText("engine room")
        dialog.accept()
        return 1

    monkeypatch.setattr(BackupPassphraseDialog, "exec", wrong_then_right)
    dialog = open_import(qtbot, window, sealed_backup)
    assert said == ["That does not open it. Check it and type it again (2 more tries)."]
    assert not dialog.error_label.isVisible()
    assert "encrypted Kith backup" in dialog.heading.text()
    assert shown(dialog, NAME) == ["Ada Lovelace"]
    import_and_wait(qtbot, dialog)
    assert [load_draft(i).company for i in contact_ids()] == ["Analytical Engines"]


def test_the_encrypted_backup_of_the_open_database_is_read_with_its_key(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    from kith.core.database import close_database, open_database
    from kith.core.encryption import encrypt_database, key_from_passphrase
    from kith.core.export import export_json_backup
    from kith.ui.dialogs.passphrase_dialog import BackupPassphraseDialog

    open_database(db_path)
    save_contact(ContactDraft(full_name="Ada Lovelace"))
    close_database()
    encrypt_database(db_path, passphrase="engine room")
    open_database(db_path, key=key_from_passphrase("engine room"))
    backup = tmp_path / "backup.json"
    export_json_backup(backup)
    save_contact(ContactDraft(full_name="Charles Babbage"))
    monkeypatch.setattr(BackupPassphraseDialog, "exec", lambda _dialog: pytest.fail("asked"))
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        dialog = open_import(qtbot, window, backup)
        assert not dialog.error_label.isVisible()
        assert [r.candidate.name for r in dialog.model.rows] == ["Ada Lovelace"]
        assert dialog.model.rows[0].candidate.status == Status.DUPLICATE
        dialog.close()
    finally:
        window.close()
        close_database()
