"""Kith's two themes: both load, and the controls a user reads or clicks stand out in each —
arrows on spin and combo boxes, checkboxes, a main button that looks disabled when it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kith.ui import theme as theme_module
from kith.ui.theme import DARK, LIGHT, Theme, apply_theme, stylesheet, tinted_chip
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.date_fields import DateEdit, DateTimeEdit, SpinBox, TimeEdit


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=[LIGHT, DARK], ids=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Theme]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    apply_theme(qapp, request.param)
    yield request.param
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    theme_module._current = LIGHT


def _shown(qtbot: QtBot, widget: QWidget) -> QImage:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget.grab().toImage()


def _stands_out(image: QImage, surface: QColor, x0: int, x1: int, ratio: float) -> bool:
    """Some pixel between columns x0 and x1 contrasts ``ratio`` or more with ``surface``."""
    return any(
        contrast(QColor(image.pixel(x, y)), surface) >= ratio
        for x in range(max(0, x0), min(image.width(), x1))
        for y in range(image.height())
    )


def test_both_themes_load_with_every_image_they_name(themed: Theme) -> None:
    sheet = stylesheet(themed)
    images = re.findall(r"url\(([^)]+)\)", sheet)
    assert images and all(Path(path).is_file() for path in images)
    # The applied stylesheet is the one Qt parsed (a parse error is a Qt warning: it fails).
    assert QApplication.instance().styleSheet() == sheet  # type: ignore[union-attr]


def test_spin_combo_and_date_fields_draw_their_arrows(qtbot: QtBot, themed: Theme) -> None:
    base = QColor(themed.base)
    for field in (SpinBox(), QComboBox(), DateEdit()):
        field.resize(160, 30)
        if isinstance(field, SpinBox):
            field.setRange(0, 10)
            field.setValue(5)  # both arrows on
        image = _shown(qtbot, field)
        width = image.width()
        assert _stands_out(image, base, width - 22, width - 4, 2.5), type(field).__name__


def test_number_date_and_time_fields_are_as_tall_as_a_text_field(themed: Theme) -> None:
    height = QLineEdit().sizeHint().height()
    for field in (QComboBox(), SpinBox(), DateEdit(), DateTimeEdit(), TimeEdit()):
        assert field.sizeHint().height() == height, type(field).__name__


def test_a_checkbox_is_visible_checked_or_not(qtbot: QtBot, themed: Theme) -> None:
    for checked in (False, True):
        box = QCheckBox("Urgent")
        box.setChecked(checked)
        image = _shown(qtbot, box)
        # The box itself (left of the label) stands out from the window behind it.
        assert _stands_out(image, QColor(themed.window), 0, 18, 3.0), checked


def test_a_checkable_menu_item_shows_its_box(qtbot: QtBot, themed: Theme) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    action = menu.addAction("Inner 5")
    action.setCheckable(True)
    menu.popup(QPoint(0, 0))
    qtbot.waitExposed(menu)
    image = menu.grab().toImage()
    assert _stands_out(image, QColor(themed.base), 0, 26, 3.0)


def test_a_disabled_main_button_looks_disabled(qtbot: QtBot, themed: Theme) -> None:
    enabled, disabled = make_primary(QPushButton("Save")), make_primary(QPushButton("Save"))
    disabled.setEnabled(False)
    on, off = _shown(qtbot, enabled), _shown(qtbot, disabled)
    middle_left = (6, on.height() // 2)
    fill_on, fill_off = QColor(on.pixel(*middle_left)), QColor(off.pixel(*middle_left))
    assert fill_on == QColor(themed.accent)
    window = QColor(themed.window)
    # The disabled fill is nearer the window than the accent is: faded, not just another blue.
    assert contrast(fill_off, window) < contrast(fill_on, window) / 1.8


def test_urgent_and_important_chips_are_readable(themed: Theme) -> None:
    surface = QColor(themed.base)
    for colour in (themed.danger, themed.accent):
        fill, ink = tinted_chip(colour, themed)
        alpha = fill.alphaF()
        behind = QColor.fromRgbF(
            fill.redF() * alpha + surface.redF() * (1 - alpha),
            fill.greenF() * alpha + surface.greenF() * (1 - alpha),
            fill.blueF() * alpha + surface.blueF() * (1 - alpha),
        )
        assert contrast(ink, behind) >= 4.5, colour


def test_forms_build_kiths_fields_and_segments_not_qts_stock_ones() -> None:
    """A spin box, a date or time field, a calendar or tabs straight from Qt would miss the
    text indent, the locale's format, the month picker or the segmented look."""
    kith = Path(stylesheet.__code__.co_filename).resolve().parents[1]
    stock = re.compile(
        r"\b(QSpinBox|QDateEdit|QDateTimeEdit|QTimeEdit|QCalendarWidget|QTabWidget|QTabBar)\("
    )
    own = {Path("ui/widgets/date_fields.py"), Path("ui/widgets/segmented_control.py")}
    found = {
        str(path.relative_to(kith)): stock.findall(path.read_text(encoding="utf-8"))
        for path in sorted((kith / "ui").rglob("*.py"))
        if path.relative_to(kith) not in own
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
