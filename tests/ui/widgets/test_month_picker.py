"""Kith's month picker: opened from a date field's arrow or F4, walked with keys, picked with a
click or Enter — never Qt's stock calendar."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication, QCalendarWidget
from pytestqt.qtbot import QtBot

from kith.ui.dialogs.move_date_dialog import MoveDateDialog
from kith.ui.widgets.date_fields import DateEdit, DateTimeEdit, SpinBox, _arrow_rect
from kith.ui.widgets.month_picker import WEEKS, MonthPicker, MonthPickerPopup


def _field(qtbot: QtBot, day: date = date(2026, 8, 5)) -> DateEdit:
    field = DateEdit()
    field.setDate(QDate(day.year, day.month, day.day))
    field.resize(180, 32)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    return field


def _open_by_click(qtbot: QtBot, field: DateEdit | DateTimeEdit) -> MonthPickerPopup:
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=_arrow_rect(field).center())
    assert field.popup is not None
    qtbot.waitUntil(field.popup.isVisible)
    return field.popup


def _click_day(qtbot: QtBot, popup: MonthPickerPopup, day: date) -> None:
    grid = popup.picker.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.day_rect(day).center())


def test_the_arrow_opens_kiths_month_picker_and_a_click_picks_a_day(qtbot: QtBot) -> None:
    field = _field(qtbot)
    popup = _open_by_click(qtbot, field)
    assert popup.picker.title.text() == "August 2026"
    assert popup.picker.selected_date() == date(2026, 8, 5)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QCalendarWidget)]
    assert not field.findChildren(QCalendarWidget)  # Qt's own calendar is never made

    _click_day(qtbot, popup, date(2026, 8, 20))
    assert field.date() == QDate(2026, 8, 20)
    qtbot.waitUntil(lambda: not popup.isVisible())


def test_a_click_on_the_text_edits_it_and_opens_nothing(qtbot: QtBot) -> None:
    field = _field(qtbot)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(12, field.height() // 2))
    assert field.popup is None


def test_keys_walk_the_days_and_months_and_enter_picks(qtbot: QtBot) -> None:
    field = _field(qtbot)
    qtbot.keyClick(field, Qt.Key.Key_F4)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    grid = popup.picker.grid
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.cursor() == date(2026, 8, 6)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.cursor() == date(2026, 8, 13)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert grid.cursor() == date(2026, 9, 13)
    assert popup.picker.title.text() == "September 2026"
    qtbot.keyClick(grid, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ShiftModifier)
    assert grid.cursor() == date(2027, 9, 13)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(grid, Qt.Key.Key_End)
    assert grid.cursor() == date(2026, 9, 30)
    assert field.date() == QDate(2026, 8, 5)  # nothing changes until a day is picked
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 9, 30)
    assert not popup.isVisible()


def test_escape_closes_the_picker_and_keeps_the_day(qtbot: QtBot) -> None:
    field = _field(qtbot)
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup.picker.grid, Qt.Key.Key_Left)
    qtbot.keyClick(popup.picker.grid, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert field.date() == QDate(2026, 8, 5)


def test_the_arrows_beside_the_title_turn_the_month(qtbot: QtBot) -> None:
    field = _field(qtbot)
    popup = _open_by_click(qtbot, field)
    qtbot.mouseClick(popup.picker.previous_button, Qt.MouseButton.LeftButton)
    assert popup.picker.title.text() == "July 2026"
    _click_day(qtbot, popup, date(2026, 7, 14))
    assert field.date() == QDate(2026, 7, 14)


def test_a_date_and_time_field_keeps_its_time(qtbot: QtBot) -> None:
    field = DateTimeEdit()
    field.setDateTime(QDateTime(QDate(2026, 8, 5), QTime(14, 30)))
    field.resize(240, 32)
    qtbot.addWidget(field)
    field.show()
    popup = _open_by_click(qtbot, field)
    _click_day(qtbot, popup, date(2026, 8, 11))
    assert field.dateTime().toPython() == datetime(2026, 8, 11, 14, 30)


def test_days_outside_the_fields_range_cannot_be_picked(qtbot: QtBot) -> None:
    field = _field(qtbot)
    field.setMinimumDate(QDate(2026, 8, 3))
    popup = _open_by_click(qtbot, field)
    _click_day(qtbot, popup, date(2026, 8, 1))
    assert field.date() == QDate(2026, 8, 5) and popup.isVisible()
    qtbot.keyClick(popup.picker.grid, Qt.Key.Key_Home)  # stops at the first day allowed
    assert popup.picker.grid.cursor() == date(2026, 8, 3)


def test_every_month_shows_all_its_weeks(qtbot: QtBot) -> None:
    picker = MonthPicker(today=lambda: date(2026, 8, 5))
    qtbot.addWidget(picker)
    # August 2026 starts on a Saturday and spans six weeks (Monday first in en_GB).
    picker.set_selected_date(date(2026, 8, 31))
    grid = picker.grid
    assert grid.first_shown() == date(2026, 7, 27)
    assert grid.rect().contains(grid.day_rect(date(2026, 8, 31)))
    assert grid.day_rect(date(2026, 8, 31)).bottom() <= grid.height()
    assert WEEKS == 6


def test_move_to_picks_the_day_with_the_month_picker(qtbot: QtBot) -> None:
    dialog = MoveDateDialog("Call Ana", date(2026, 8, 5))
    qtbot.addWidget(dialog)
    chosen: list[date] = []
    dialog.date_chosen.connect(chosen.append)
    dialog.show()
    grid = dialog.calendar.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.day_rect(date(2026, 8, 12)).center())
    assert chosen == [date(2026, 8, 12)]
    assert not dialog.findChildren(QCalendarWidget)


def test_a_spin_box_keeps_its_text_off_the_border(qtbot: QtBot) -> None:
    spin = SpinBox()
    qtbot.addWidget(spin)
    spin.show()
    assert spin.lineEdit().textMargins().left() >= 4


def test_a_screen_reader_hears_the_day_with_the_cursor(qtbot: QtBot) -> None:
    picker = MonthPicker(today=lambda: date(2026, 8, 5))
    qtbot.addWidget(picker)
    picker.set_selected_date(date(2026, 8, 5))
    qtbot.keyClick(picker.grid, Qt.Key.Key_Right)
    assert picker.grid.accessibleDescription() == "Thursday, 6 August 2026"
