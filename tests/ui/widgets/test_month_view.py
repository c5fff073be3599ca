"""The month grid: navigation by mouse and keyboard, marks, and dropping a follow-up on a day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from kith.ui.widgets.month_view import DayMarks, MonthView, day_summary, follow_up_mime

TODAY = date(2026, 11, 23)


def make_view(qtbot: QtBot) -> MonthView:
    view = MonthView(today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(700, 520)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_grid_shows_six_whole_weeks_around_the_month(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start, end = view.visible_range()
    assert start <= date(2026, 11, 1) and end >= date(2026, 11, 30)
    assert (end - start).days == 41
    assert view.title().startswith("November")


def test_clicking_a_day_selects_it(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    target = date(2026, 11, 12)
    with qtbot.waitSignal(view.date_selected) as signal:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(target).center())
    assert signal.args == [target]
    assert view.selected_date() == target


def test_arrow_keys_and_page_keys_move_across_months(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.select(date(2026, 11, 30))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_date() == date(2026, 12, 1)
    assert (view.year, view.month) == (2026, 12)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.selected_date() == date(2027, 1, 1)
    view.select(date(2027, 1, 31))
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.selected_date() == date(2027, 2, 28)  # clamped to the shorter month
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.selected_date() == TODAY


def test_marks_are_painted_without_error_and_readable_back(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.set_marks(
        {
            date(2026, 11, 20): DayMarks(due=2, overdue=True),
            TODAY: DayMarks(due=1, birthdays=["Hiroshi Tanaka"]),
        }
    )
    image = view.grab().toImage()
    assert not image.isNull()
    assert view.marks(date(2026, 11, 20)).overdue
    assert view.marks(date(2026, 11, 21)).due == 0


def test_dropping_a_follow_up_on_a_day_asks_to_move_it(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    target = date(2026, 11, 26)
    point = QPointF(view.cell_rect(target).center())
    mime = follow_up_mime(42)  # the event does not own its mime data: keep it alive
    event = QDropEvent(
        point,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(view.follow_up_dropped) as signal:
        view.dropEvent(event)
    assert signal.args == [42, target]
    assert view.date_at(QPoint(5, 5)) is None  # the weekday header is not a day


def test_a_day_says_what_it_holds_for_tooltips_and_screen_readers(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    late = date(2026, 11, 20)
    view.set_marks(
        {
            late: DayMarks(due=2, overdue=True, titles=["Thank Omar", "Call Jana"]),
            TODAY: DayMarks(due=1, done=1, birthdays=["Hiroshi Tanaka"], titles=["Send the deck"]),
        }
    )
    assert day_summary(late, view.marks(late), TODAY) == (
        "Friday, 20 November 2026: 2 overdue\n• Thank Omar\n• Call Jana"
    )
    assert view.accessibleDescription() == (
        "Monday, 23 November 2026: 1 due, 1 done\n• Send the deck\nBirthday: Hiroshi Tanaka"
    )
    view.select(date(2026, 11, 21))
    assert view.accessibleDescription() == "Saturday, 21 November 2026"


def fit_lines(lines: list[tuple[str, str]], room: int) -> list[tuple[str, str]]:
    """What a cell with ``room`` lines shows of ``lines``, worked out from all of them: all
    if they fit, else the first ones and ("more", "+N") for the rest."""
    if len(lines) <= room:
        return list(lines)
    if room <= 0:
        return []
    shown = lines[: room - 1]
    return [*shown, ("more", f"+{len(lines) - len(shown)}")]


def test_a_cell_shows_what_fits_and_counts_the_rest() -> None:
    from kith.ui.widgets.month_view import fit_marks

    marks = DayMarks(
        due=3, titles=["Call Ana", "Send the deck", "Book"], birthdays=["Bo"], done_titles=["X"]
    )
    lines = marks.lines()
    assert lines[0] == ("birthday", "Bo") and lines[-1] == ("done", "X")
    assert fit_marks(marks, 5) == lines
    assert fit_marks(marks, 3) == [("birthday", "Bo"), ("open", "Call Ana"), ("more", "+3")]
    assert fit_marks(marks, 1) == [("more", "+5")]
    assert fit_marks(marks, 0) == []


def test_a_busy_cell_makes_only_the_lines_it_shows() -> None:
    from kith.ui.widgets.month_view import fit_marks

    marks = DayMarks(
        due=3,
        titles=["Call Ana", "Send the deck", "Book"],
        birthdays=["Bo", "Cy"],
        dates=[("Di", "Anniversary")],
        done_titles=["X", "Y"],
    )
    everything = marks.lines()
    assert marks.count() == len(everything) == 8
    assert everything[2] == ("birthday", "Di · Anniversary")
    for room in range(-1, 11):
        assert marks.lines(room) == everything[: max(room, 0)]
        assert fit_marks(marks, room) == fit_lines(everything, room)
    assert fit_marks(DayMarks(), 3) == []
