"""The Network page: rings, relationships, size by strength, colour, zoom, hover, click."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from PySide6.QtCore import QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsSceneHoverEvent, QLabel
from pytestqt.qtbot import QtBot

from kith.core.goals import GoalDraft, create_goal, link_contacts
from kith.core.network_map import ring_layout
from kith.core.relationships import set_relationship
from kith.ui.main_window import MainWindow
from kith.ui.pages.network_page import HoverCard, NetworkPage, node_radius
from kith.ui.theme import current_theme
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


def test_names_are_readable_at_the_first_zoom_and_never_overlap(
    window: MainWindow, qtbot: QtBot
) -> None:
    people = [person(f"Person Number {i:02d}", circle=1 + i % 5) for i in range(60)]
    for a, b in pairwise(people[:20]):
        set_relationship(a, b, "colleague")
    page = _network(window, qtbot)
    page.view.fit()
    assert page.view.scale_factor() < 1  # zoomed out to show everyone…
    labels = page.view.labels()
    # …yet names keep the window's own text size, and many are shown.
    assert page.view.label_font.pointSizeF() >= QApplication.font().pointSizeF()
    assert len(labels) >= 10
    boxes = list(labels.values())
    for i, box in enumerate(boxes):
        assert page.view.viewport().rect().contains(box.toRect())
        for other in boxes[i + 1 :]:
            assert not box.intersects(other), "two names overlap"
    dots = {
        cid: QRectF(page.view.mapFromScene(item.pos()), QSizeF(0, 0)).adjusted(-2, -2, 2, 2)
        for cid, item in page.items.items()
    }
    for cid, box in labels.items():
        assert not any(box.intersects(dot) for other, dot in dots.items() if other != cid)
    # Zooming in gives names more room.
    page.view.zoom_by(3)
    assert len(page.view.labels()) > len(labels) or len(labels) == len(people)


def test_hovering_someone_fades_the_other_lines_and_the_card_fits_and_follows(
    window: MainWindow, qtbot: QtBot
) -> None:
    ana = person("Ana Lima de Oliveira Santos", circle=1, company="Acme", title="Designer")
    bo = person("Bo Jensen", circle=2)
    cy = person("Cy Park", circle=3)
    set_relationship(ana, bo, "friend")
    set_relationship(bo, cy, "friend")
    page = _network(window, qtbot)
    resting = page.edges.colour()
    page.hover(ana)
    assert page.view.hovered == ana and page.view.hovered_knows == {bo}
    assert ana in page.view.labels()  # the hovered name is always written
    base = QColor(current_theme().base)
    faded = page.edges.colour()
    # The other lines move towards the page colour; the hovered person's stand out.
    assert abs(faded.lightness() - base.lightness()) < abs(resting.lightness() - base.lightness())
    assert page.highlight.line_count() == 1
    card = page.card
    widest = max(
        card.facts.fontMetrics().horizontalAdvance(line) for line in card.facts.text().splitlines()
    )
    assert widest <= card.width() <= HoverCard.MAX_WIDTH
    assert card.name.fontMetrics().horizontalAdvance(card.name.text()) <= card.width()
    before = card.pos()
    page.view.zoom_by(2)
    assert card.pos() != before  # it stays beside Ana as the map zooms
    dot = page.view.mapFromScene(page.items[ana].pos())
    assert (card.geometry().center() - dot).manhattanLength() < card.width() + 60
    page.items[ana].hoverLeaveEvent(QGraphicsSceneHoverEvent())
    assert page.edges.colour() == resting and not card.isVisible()


def test_an_empty_network_says_what_the_page_will_show(window: MainWindow, qtbot: QtBot) -> None:
    page = _network(window, qtbot)
    assert page.map_stack.currentWidget() is page.empty
    assert "Your network will appear here" in " ".join(
        label.text() for label in page.empty.findChildren(QLabel)
    )
    person("Ana Lima", circle=1)
    qtbot.waitUntil(lambda: page.map_stack.currentWidget() is page.view)
