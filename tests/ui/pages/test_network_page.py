"""The Network page: rings, relationships, size by strength, colour, zoom, hover, click."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.goals import GoalDraft, create_goal, link_contacts
from kith.core.network_map import ring_layout
from kith.core.relationships import set_relationship
from kith.ui.main_window import MainWindow
from kith.ui.pages.network_page import NetworkPage, node_radius
from tests.core.rules_fixtures import log, person


def _network(window: MainWindow, qtbot: QtBot) -> NetworkPage:
    window.show_page("network")
    page = window.page("network")
    assert isinstance(page, NetworkPage)
    qtbot.waitUntil(lambda: page.map is not None)
    return page


def test_people_relationships_size_and_colour(
    window: MainWindow, qtbot: QtBot, now: datetime
) -> None:
    ana = person("Ana Lima", circle=1, tags=["design"])
    bo = person("Bo Jensen", circle=3)
    cy = person("Cy Park")
    set_relationship(ana, bo, "friend")
    log(ana, now - timedelta(days=1), "meeting", now=now)
    goal = create_goal(GoalDraft("Speak at conferences"))
    link_contacts(goal, [bo])
    page = _network(window, qtbot)
    assert set(page.items) == {ana, bo, cy}
    assert page.edges.line_count() == 1
    assert page.summary.text() == "3 people · 1 relationships between them"
    assert page.items[ana].radius > page.items[bo].radius == node_radius(0)
    # Inner circle closer to you than circle 50, and people without a circle outermost.
    distance = {cid: item.pos().manhattanLength() for cid, item in page.items.items()}
    assert distance[ana] < distance[bo] < distance[cy]
    # Colour by goal: Bo serves the goal, the others are grey; by tag: Ana's design tag.
    assert page.colour_of(bo) != page.colour_of(ana) == page.colour_of(cy)
    assert "Speak at conferences" in page.legend.text()
    page.colour_by.setCurrentIndex(page.colour_by.findData("tag"))
    assert page.colour_of(ana) != page.colour_of(bo)
    assert "design" in page.legend.text()

    # Recording a relationship elsewhere redraws the page.
    set_relationship(bo, cy, "colleague")
    qtbot.waitUntil(lambda: page.edges.line_count() == 2)


def test_hover_card_click_to_open_and_zoom(window: MainWindow, qtbot: QtBot) -> None:
    ana = person("Ana Lima", circle=1, company="Acme", title="Designer")
    bo = person("Bo Jensen", circle=2)
    set_relationship(ana, bo, "friend")
    page = _network(window, qtbot)
    page.hover(ana)
    assert page.card.isVisible()
    assert page.card.name.text() == "Ana Lima"
    assert page.card.subtitle.text() == "Designer · Acme"
    assert "Knows 1 person you know" in page.card.facts.text()

    opened: list[int] = []
    window.contacts_page.select_contact = opened.append  # type: ignore[method-assign]
    point = page.view.mapFromScene(page.items[bo].pos())
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [bo]
    assert window.current_page() == "contacts"

    window.show_page("network")
    before = page.view.scale_factor()
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(page.view.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(page.view.viewport(), wheel)
    assert page.view.scale_factor() > before
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.view.setFocus()
    zoomed = page.view.scale_factor()
    qtbot.keyClick(page.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert page.view.scale_factor() < zoomed


def test_rings_hold_many_people_without_crowding() -> None:
    positions, radii = ring_layout([list(range(1, 6)), list(range(6, 2006))])
    assert len(positions) == 2005
    assert radii[0] < radii[1]
    ring = [positions[i] for i in range(6, 2006)]
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in pairwise(ring))
    assert closest > 15
