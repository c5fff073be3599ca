"""File ▸ Export ▸ …: the chosen file is written in the background and opens in other apps."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.ui.main_window import MainWindow


@pytest.fixture
def people(db: object, today: date) -> list[int]:
    ana = save_contact(
        ContactDraft(
            full_name="Ana Souza",
            company="Acme",
            birthday_month=3,
            birthday_day=14,
            channels=[ChannelDraft("email", "ana@acme.example")],
        )
    )
    ben = save_contact(ContactDraft(full_name="Ben Okafor", tags=["mentor"]))
    cleo = save_contact(ContactDraft(full_name="Cléo Park"))
    create_follow_up(FollowUpDraft("Send Ana the deck", today + timedelta(days=2), contact_id=ana))
    return [ana, ben, cleo]


def export(
    qtbot: QtBot, window: MainWindow, action_text: str, target: Path, asked: list[str] | None = None
) -> str:
    """Trigger File ▸ Export ▸ ``action_text``, answering the save dialog with ``target``."""
    exporter = window.data_actions.exporter

    def ask(title: str, suggested: str, _filter: str) -> Path:
        if asked is not None:
            asked.append(f"{title} | {Path(suggested).name}")
        return target

    exporter.ask_path = ask
    menu = window.data_actions.export_menu
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.text().replace("&", "") == action_text)
    assert action.isEnabled()
    with qtbot.waitSignal(exporter.finished, timeout=10_000) as blocker:
        action.trigger()
    assert blocker.args is not None and blocker.args[0] is not None
    return str(blocker.args[0])


def test_all_contacts_as_vcard_parse_with_vobject(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    import vobject

    out = tmp_path / "all.vcf"
    asked: list[str] = []
    message = export(qtbot, window, "Contacts as vCard…", out, asked)
    assert asked == ["Export contacts as vCard | contacts.vcf"]
    assert message == "Exported 3 contacts to all.vcf (vCard)."
    assert window.statusBar().currentMessage() == message
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert sorted(c.fn.value for c in cards) == ["Ana Souza", "Ben Okafor", "Cléo Park"]
    assert all(c.version.value == "4.0" for c in cards)


def test_only_the_selected_contacts_as_vcard(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    import vobject

    page = window.contacts_page
    page.select_contact(people[1])
    out = tmp_path / "one.vcf"
    message = export(qtbot, window, "1 selected contact as vCard…", out)
    assert message == "Exported 1 contact to one.vcf (vCard)."
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert [c.fn.value for c in cards] == ["Ben Okafor"]


def test_follow_ups_and_birthdays_as_icalendar(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    import icalendar

    out = tmp_path / "kith.ics"
    message = export(qtbot, window, "Follow-ups and birthdays as iCalendar…", out)
    assert message == "Exported 1 open follow-up and 1 birthday to kith.ics."
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    todos = [str(c["SUMMARY"]) for c in calendar.walk("VTODO")]
    events = calendar.walk("VEVENT")
    assert todos == ["Send Ana the deck — Ana Souza"]
    assert len(events) == 1 and "Ana Souza" in str(events[0]["SUMMARY"])


def test_contacts_as_csv_and_the_full_backup(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "people"  # no suffix: Kith adds it
    export(qtbot, window, "Contacts as CSV…", out)
    with (tmp_path / "people.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    backup = tmp_path / "backup.json"
    message = export(qtbot, window, "Full backup (JSON)…", backup)
    assert message.startswith("Backed up 3 contacts, 0 interactions, 1 follow-ups")
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["format"] == "kith-backup" and len(document["contacts"]) == 3


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    exporter = window.data_actions.exporter
    exporter.ask_path = lambda *_: None
    assert not exporter.export_backup()
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("kith.sqlite")]


def test_a_folder_that_cannot_be_written_is_a_clear_error(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    exporter = window.data_actions.exporter
    errors: list[str] = []
    exporter.show_error = errors.append
    exporter.ask_path = lambda *_: tmp_path / "missing" / "folder" / "out.vcf"
    with qtbot.waitSignal(exporter.finished, timeout=10_000) as blocker:
        assert exporter.export_vcard()
    assert blocker.args == [None]
    assert errors and "missing" in errors[0]
    assert window.statusBar().currentMessage() == "The export failed."


def test_exporting_the_selection_with_nobody_selected_says_so(
    qtbot: QtBot, db: object, window: MainWindow
) -> None:
    exporter = window.data_actions.exporter
    exporter.ask_path = lambda *_: pytest.fail("no file dialog without a selection")
    assert not exporter.export_vcard(selected=True)
    assert "Select the people to export" in window.statusBar().currentMessage()


def test_the_contacts_context_menu_exports_the_selection(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    page = window.contacts_page
    page.select_all()
    out = tmp_path / "picked.csv"
    exporter = window.data_actions.exporter
    exporter.ask_path = lambda *_: out
    menu = page.context_menu()
    action = next(a for a in menu.actions() if a.text() == "Export them as CSV…")
    with qtbot.waitSignal(exporter.finished, timeout=10_000) as blocker:
        action.trigger()
    assert blocker.args == ["Exported 3 contacts to picked.csv (CSV)."]
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 3


def test_contacts_for_google_and_outlook_keep_their_labels(
    qtbot: QtBot, people: list[int], window: MainWindow, tmp_path: Path
) -> None:
    message = export(qtbot, window, "Contacts for Google Contacts (CSV)…", tmp_path / "g.csv")
    assert message == "Exported 3 contacts to g.csv (Google CSV)."
    with (tmp_path / "g.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    assert rows["Ana Souza"]["E-mail 1 - Value"] == "ana@acme.example"
    assert rows["Ben Okafor"]["Labels"] == "mentor"
    export(qtbot, window, "Contacts for Outlook (CSV)…", tmp_path / "o.csv")
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as f:
        outlook = list(csv.DictReader(f))
    assert [r["E-mail Address"] for r in outlook if r["Company"] == "Acme"] == ["ana@acme.example"]
