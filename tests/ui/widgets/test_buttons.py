"""The main action's button: accent background, and an icon that shows on it."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kith.ui.icons import icon
from kith.ui.theme import current_theme
from kith.ui.widgets.buttons import make_primary


def _colours(button: QPushButton) -> set[str]:
    image = button.icon().pixmap(24, 24).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    }


def test_a_primary_buttons_icon_is_drawn_in_the_accent_text_colour(qtbot: QtBot) -> None:
    button = QPushButton(icon("add"), "New contact")
    qtbot.addWidget(button)
    on_accent = {QColor(current_theme().accent_text).name()}
    assert _colours(button) != on_accent  # the palette's text colour: dark on the blue
    make_primary(button)
    assert button.property("primary") is True
    assert _colours(button) == on_accent
    assert button.icon().name() == "add"


def test_a_primary_button_without_an_icon_stays_without(qtbot: QtBot) -> None:
    button = QPushButton("Save")
    qtbot.addWidget(button)
    make_primary(button)
    assert button.icon().isNull()
    assert button.property("primary") is True
