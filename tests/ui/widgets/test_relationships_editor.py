"""Recording who knows whom from a contact, with undo; the circle budget meter."""

from __future__ import annotations

from datetime import datetime

from pytestqt.qtbot import QtBot

from kith.core.relationships import connections_of, relationship_between
from kith.core.rules.circles import circle_budget
from kith.ui.main_window import MainWindow
from kith.ui.widgets.circle_budget import CircleBudgetMeter
from kith.ui.widgets.relationships_editor import RelationshipsDialog
from tests.core.rules_fixtures import person


def test_add_change_remove_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    ana, bo = person("Ana Lima"), person("Bo Jensen", company="Acme")
    dialog = RelationshipsDialog(ana, window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Who Ana Lima knows"
    assert dialog.empty.isVisibleTo(dialog)
    assert not dialog.add_relationship()
    assert dialog.error.text() == "Pick someone from the list"

    dialog.picker.set_contact(bo, "Bo Jensen")
    dialog.kind.setCurrentIndex(dialog.kind.findData("colleague"))
    dialog.note.setText("Both at Acme")
    assert dialog.add_relationship()
    assert [(r.title, r.detail) for r in dialog.model.rows()] == [
        ("Bo Jensen", "Colleague · Acme · Both at Acme")
    ]
    window.undo_stack.undo()
    assert connections_of(ana) == []
    window.undo_stack.redo()
    assert relationship_between(ana, bo).kind == "colleague"

    dialog.list.setCurrentIndex(dialog.model.index(0))
    dialog.remove_selected()
    assert connections_of(ana) == []
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(dialog.model.rows()) == 1)


def test_circle_budget_meter_warns_and_links_suggestions(
    db: object, qtbot: QtBot, now: datetime
) -> None:
    ids = [person(f"Inner {n}", circle=1) for n in range(7)]
    meter = CircleBudgetMeter()
    qtbot.addWidget(meter)
    meter.set_budget(circle_budget(now))
    text = meter.advice.text()
    assert "Circle Inner 5 holds 7 people: 2 more than Dunbar&#x27;s 5." in text
    assert text.count("contact:") == 2
    with qtbot.waitSignal(meter.open_contact_requested) as opened:
        meter.advice.linkActivated.emit(f"contact:{ids[0]}")
    assert opened.args == [ids[0]]
