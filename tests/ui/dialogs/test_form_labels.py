"""Every form in Kith labels its fields the same way: right-aligned beside the field, and no
colon after the label (the contact form never had them; Settings and Sync did)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kith.ui.main_window import MainWindow

RIGHT = Qt.AlignmentFlag.AlignRight


def _labels(root: QWidget) -> list[tuple[QFormLayout, str]]:
    found = []
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel) and item.widget().text():
                found.append((form, item.widget().text()))
    return found


def test_every_form_labels_its_fields_alike(window: MainWindow, qtbot: QtBot) -> None:
    from kith.ui.dialogs.goal_dialog import GoalDialog

    dialogs: list[QWidget] = [
        window.log_interaction(),
        window.plan_follow_up(),
        window.contacts_page.new_contact(),
        window.open_settings(),
    ]
    goal = GoalDialog(lambda draft: 1, parent=window)
    qtbot.addWidget(goal)
    dialogs.append(goal)
    window.show_page("network")
    dialogs.append(window.network_page.find_warm_path())
    seen = 0
    for dialog in dialogs:
        for form, text in _labels(dialog):
            seen += 1
            assert not text.rstrip().endswith(":"), f"{type(dialog).__name__}: {text!r}"
            assert form.labelAlignment() & RIGHT, f"{type(dialog).__name__}: {text!r}"
        dialog.close()
    assert seen > 30  # the forms were really looked at
