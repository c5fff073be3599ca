"""“How do I reach …?”: record an intro, find the path through the introducer, ask for it."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import open_follow_ups
from kith.core.relationships import relationship_between, set_relationship
from kith.ui.dialogs.warm_path_dialog import WarmPathDialog
from kith.ui.main_window import MainWindow
from kith.ui.pages.network_page import NetworkPage
from tests.core.rules_fixtures import log, person


def _dialog(window: MainWindow, qtbot: QtBot, **kwargs: object) -> WarmPathDialog:
    window.show_page("network")
    page = window.page("network")
    assert isinstance(page, NetworkPage)
    dialog = page.find_warm_path(**kwargs)  # type: ignore[arg-type]
    assert isinstance(dialog, WarmPathDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_an_intro_opens_a_path_and_asking_plans_a_follow_up(
    window: MainWindow, qtbot: QtBot, now: datetime
) -> None:
    carl = person("Carl Berg", given_name="Carl", circle=2)
    dana = person("Dana Wu", given_name="Dana", company="Acme")
    eve = person("Eve Park", given_name="Eve", company="Acme")
    set_relationship(dana, eve, "colleague")
    # Half a year of meetings, favours both ways: Carl would make an introduction.
    for days in range(1, 200, 20):
        flow = "gave" if days % 40 == 1 else "they_gave"
        log(carl, now - timedelta(days=days), "meeting", flow, now=now, initiator="me")

    before = _dialog(window, qtbot, target=eve)
    assert before.paths == []
    assert "No warm path to Eve Park" in before.empty.text()
    before.reject()

    # Log it as the user does: an introduction, Carl first (he made it), then Dana.
    form = window.log_interaction([carl, dana])
    form.kind.setCurrentIndex(form.kind.findData("intro"))
    qtbot.mouseClick(form.direction_buttons["asked"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.summary, "Carl introduced me to Dana")
    with qtbot.waitSignal(form.finished):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert relationship_between(carl, dana).kind == "knows"
    dialog = _dialog(window, qtbot, target=eve)
    texts = [p.text for p in dialog.paths]
    assert "You → Carl Berg → Dana Wu → Eve Park" in texts
    assert "You → Dana Wu → Eve Park" in texts
    assert dialog.paths == sorted(dialog.paths, key=lambda p: -p.score)

    row = texts.index("You → Carl Berg → Dana Wu → Eve Park")
    # Each chain says what its first person would make of being asked, as the verdict does.
    details = {r.title: r.detail for r in dialog.model.rows()}
    assert details["You → Carl Berg → Dana Wu → Eve Park"].endswith(
        "Carl would likely introduce you"
    )
    assert details["You → Dana Wu → Eve Park"].endswith("too big an ask of Dana for now")
    dialog.list.setCurrentIndex(dialog.model.index(row))
    assert dialog.ask_button.text() == "Ask Carl for an introduction"
    assert dialog.verdict_label.text().startswith("Carl would likely do this")
    with qtbot.waitSignal(dialog.finished):
        dialog.ask_button.click()
    (follow_up,) = open_follow_ups()
    assert follow_up.contact_id == carl
    assert follow_up.title == "Ask Carl for an introduction to Eve Park"
    assert follow_up.notes == "You → Carl Berg → Dana Wu → Eve Park"
    assert "Planned: Ask Carl" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert open_follow_ups() == []


def test_a_company_lists_chains_to_anyone_there(
    window: MainWindow, qtbot: QtBot, now: datetime
) -> None:
    ana = person("Ana Lima", circle=1)
    log(ana, now - timedelta(days=3), "meal", now=now)  # in touch: a link from you
    dana = person("Dana Wu", company="Acme")
    set_relationship(ana, dana, "friend")
    dialog = _dialog(window, qtbot)
    dialog.set_company("acme")
    assert [p.text for p in dialog.paths] == ["You → Ana Lima → Dana Wu"]
    assert dialog.result_label.text() == "WAYS INTO ACME"
    assert dialog.model.rows()[0].badge == "best"
    dialog.reject()
