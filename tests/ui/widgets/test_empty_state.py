"""Empty states: their words are never cut off, whatever the width of the page."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kith.ui.widgets.empty_state import EmptyState

LONG = (
    "Add the people you want to keep close — not everyone you ever met. Each card remembers "
    "how you met, who introduced you and what you talked about."
)


@pytest.mark.parametrize("width", [260, 420, 640, 1100])
def test_the_whole_text_is_shown_at_any_width(qtbot: QtBot, width: int) -> None:
    state = EmptyState("contacts", "Nobody here yet", LONG, "New contact")
    qtbot.addWidget(state)
    state.resize(width, 600)
    state.show()
    qtbot.waitExposed(state)
    for label in (state.title, state.text):
        assert label.width() <= width
        assert label.height() >= label.heightForWidth(label.width())
    # Short lines read calmly: the text runs as wide as the page allows, up to its measure.
    margins = state.layout().contentsMargins()
    assert state.text.width() == min(
        EmptyState.TEXT_WIDTH, width - margins.left() - margins.right()
    )


def test_the_action_button_is_offered(qtbot: QtBot) -> None:
    state = EmptyState("contacts", "Nobody here yet", LONG, "New contact")
    qtbot.addWidget(state)
    with qtbot.waitSignal(state.action_triggered):
        state.button.click()
