"""The segmented control in place of stock tabs: a click or the arrow keys switch the view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QTabBar, QTabWidget
from pytestqt.qtbot import QtBot

from kith.ui.main_window import MainWindow
from kith.ui.widgets.segmented_control import SegmentedControl, SegmentedPages
from tests.core.rules_fixtures import person


def test_a_click_on_a_segment_shows_its_page(qtbot: QtBot) -> None:
    pages = SegmentedPages()
    qtbot.addWidget(pages)
    first, second = QLabel("first"), QLabel("second")
    pages.addTab(first, "Timeline")
    pages.addTab(second, "Details")
    pages.show()
    assert pages.currentIndex() == 0 and pages.currentWidget() is first
    with qtbot.waitSignal(pages.currentChanged) as changed:
        qtbot.mouseClick(pages.segments.button(1), Qt.MouseButton.LeftButton)
    assert changed.args == [1]
    assert pages.currentWidget() is second
    assert pages.segments.button(1).isChecked() and not pages.segments.button(0).isChecked()


def test_the_arrow_keys_move_between_segments(qtbot: QtBot) -> None:
    control = SegmentedControl()
    qtbot.addWidget(control)
    for text in ("Month", "Next 14 days", "Year"):
        control.addTab(text)
    control.show()
    qtbot.keyClick(control, Qt.Key.Key_Right)
    assert control.currentIndex() == 1
    qtbot.keyClick(control, Qt.Key.Key_End)
    assert control.currentIndex() == 2
    qtbot.keyClick(control, Qt.Key.Key_Right)  # stays on the last
    assert control.currentIndex() == 2
    qtbot.keyClick(control, Qt.Key.Key_Home)
    qtbot.keyClick(control, Qt.Key.Key_Left)
    assert control.currentIndex() == 0


def test_the_detail_pane_and_the_calendar_switch_views_with_segments(
    window: MainWindow, qtbot: QtBot
) -> None:
    ana = person("Ana Lima", notes="Met at the conference.")
    window.open_contact(ana)
    pane = window.contacts_page.detail
    qtbot.waitUntil(lambda: pane.contact_id == ana)
    assert [pane.tabs.segments.tabText(i) for i in range(2)] == ["Timeline", "Details"]
    qtbot.mouseClick(pane.tabs.segments.button(1), Qt.MouseButton.LeftButton)
    assert isinstance(pane.tabs.currentWidget(), QScrollArea)  # the details

    window.show_page("calendar")
    page = window.calendar_page
    qtbot.mouseClick(page.tabs.button(1), Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "Next 14 days"
    qtbot.mouseClick(page.tabs.button(0), Qt.MouseButton.LeftButton)
    assert page.title_label.text() != "Next 14 days"
    # No stock tabs are left in the window.
    assert not window.findChildren(QTabBar) and not window.findChildren(QTabWidget)
