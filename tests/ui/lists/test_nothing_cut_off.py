"""Nothing that matters is cut off: long follow-up and goal titles wrap to a second line, the
urgent/important grid leaves out the chips its headings state, and Today's “Going cold” rows
have room for “every 180 days”."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from itertools import pairwise

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics, QUndoStack
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, FollowUpItem, create_follow_up
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.lists.follow_up_list_view import FollowUpListView
from kith.ui.pages.today_page import TodayPage
from kith.ui.text_fit import wrap_title
from tests.core.rules_fixtures import NOW, TODAY, log, person

LONG = "Send Bram the notes on type hints in large codebases before Thursday's review"


def test_a_long_title_breaks_at_spaces_and_only_the_last_line_is_elided(qtbot: QtBot) -> None:
    metrics = QFontMetrics(QFont())
    width = metrics.horizontalAdvance("Send Bram the notes on type")
    lines = wrap_title(LONG, metrics, width)
    assert len(lines) == 2
    assert LONG.startswith(lines[0]) and lines[0].endswith("type")
    assert lines[1].startswith("hints in large") and lines[1].endswith("…")
    assert wrap_title("Call Ana", metrics, width) == ["Call Ana"]
    assert wrap_title(LONG, metrics, 10_000) == [LONG]


def _entries(view: FollowUpListView) -> list[FollowUpItem]:
    return [e for e in view.list_model.entries() if isinstance(e, FollowUpItem)]


def test_a_long_follow_up_title_takes_two_lines_and_its_row_grows(db: object, qtbot: QtBot) -> None:
    long = create_follow_up(FollowUpDraft(LONG, TODAY), tz=UTC)
    short = create_follow_up(FollowUpDraft("Call Ana", TODAY), tz=UTC)
    view = FollowUpListView(FollowUpActions(QUndoStack()), today=lambda: TODAY, fit_rows=True)
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    qtbot.waitExposed(view)
    from kith.core.follow_ups import follow_up_items

    items = follow_up_items([long, short], tz=UTC)
    view.set_entries([items[long], items[short]])
    delegate = view.follow_up_delegate
    row = view.visualRect(view.list_model.index(0))
    lines = delegate.title_lines(items[long], row, view.font())
    assert len(lines) == 2 and " ".join(lines).startswith("Send Bram the notes on type hints")
    assert delegate.title_lines(items[short], row, view.font()) == ["Call Ana"]
    tall = view.visualRect(view.list_model.index(0)).height()
    low = view.visualRect(view.list_model.index(1)).height()
    assert tall > low
    # The whole list is as tall as both rows: nothing hidden below the second.
    assert view.height() >= tall + low
    # Wide enough, the title is one line again.
    view.resize(1400, 300)
    qtbot.waitUntil(lambda: view.visualRect(view.list_model.index(0)).height() == low)
    # … and the list is exactly as tall as its rows: the second one is not cut off.
    last = view.visualRect(view.list_model.index(1))
    assert last.bottom() <= view.viewport().height()
    assert view.height() <= 2 * low + 4


def test_the_grid_has_no_chips_its_headings_already_state(db: object, qtbot: QtBot) -> None:
    soon = TODAY + timedelta(days=3)
    create_follow_up(FollowUpDraft("Pitch Ana", soon, urgent=True, important=True), tz=UTC)
    create_follow_up(FollowUpDraft("Late pitch", TODAY - timedelta(days=2), urgent=True), tz=UTC)
    page = TodayPage(FollowUpActions(QUndoStack()), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None)
    (item,) = _entries(page.quadrant_lists["do"])
    assert page.quadrant_lists["do"].follow_up_delegate.chips(item) == []
    (late,) = _entries(page.overdue_list)
    assert page.overdue_list.follow_up_delegate.chips(late) == ["urgent"]  # above: kept


def test_going_cold_rows_have_room_for_the_cadence(db: object, qtbot: QtBot) -> None:
    old = NOW - timedelta(days=800)
    far = person("Maximiliano Fernández-Villaverde", circle=4, added=old)
    log(far, NOW - timedelta(days=700))
    page = TodayPage(FollowUpActions(QUndoStack()), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(page)
    page.resize(1000, 700)  # the pages' width in a 1280×720 window
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None and page.cold_model.rowCount() == 1)
    view = page.cold_list
    delegate = page.cold_delegate
    (cold,) = page.cold_model.rows()
    text = delegate.line_two(cold)
    assert text.endswith("every 180 days")
    rect: QRect = view.visualRect(page.cold_model.index(0))
    small = QFont(view.font())
    small.setPointSizeF(view.font().pointSizeF() * 0.9)
    assert QFontMetrics(small).horizontalAdvance(text) <= delegate.text_room(rect, view.font())


def test_goal_titles_wrap_instead_of_losing_their_last_words(db: object, qtbot: QtBot) -> None:
    from kith.core.goals import GoalDraft, create_goal
    from kith.ui.pages.goals_page import GoalsPage

    title = "Find three speaking engagements by June at conferences about developer tools"
    create_goal(GoalDraft(title=title, why="", target_date=date(2027, 6, 30)))
    page = GoalsPage(QUndoStack())
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.goal_model.rowCount() == 1)
    view = page.goal_list
    index = page.goal_model.index(0, 0)
    lines = view.itemDelegate().title_lines(index, view.font(), view.visualRect(index).width())
    assert len(lines) == 2
    assert lines[0] + " " + lines[1].rstrip("…") in title
    assert lines[0].startswith("Find three speaking engagements")


def test_the_relationship_note_field_shows_what_it_asks_for(db: object, qtbot: QtBot) -> None:
    from kith.ui.widgets.relationships_editor import RelationshipsDialog

    dialog = RelationshipsDialog(person("Ana Lima"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for field in (dialog.note, dialog.picker):
        hint = QFontMetrics(field.font()).horizontalAdvance(field.placeholderText())
        assert field.width() > hint + 16, field.placeholderText()


def test_widening_the_window_keeps_every_row_of_a_section_whole(db: object, qtbot: QtBot) -> None:
    for n in range(3):
        create_follow_up(FollowUpDraft(f"{LONG} {n}", TODAY - timedelta(days=3 + n)), tz=UTC)
    page = TodayPage(FollowUpActions(QUndoStack()), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(page)
    page.resize(900, 800)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None)
    view = page.overdue_list

    def whole() -> bool:
        rows = [view.visualRect(view.list_model.index(r)) for r in range(3)]
        return rows[-1].bottom() <= view.viewport().height() and all(
            a.bottom() < b.top() + 2 for a, b in pairwise(rows)
        )

    tall = view.height()
    page.resize(1900, 800)
    qtbot.waitUntil(lambda: view.height() < tall)  # the titles fit on one line now
    qtbot.wait(300)  # past Qt's own delayed relayout
    assert whole()
    low = view.visualRect(view.list_model.index(0)).height()
    assert view.height() <= 3 * low + 4
