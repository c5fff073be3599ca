"""Editors the contact form is made of: channels, tags with completion, a contact picker."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import CHANNEL_KINDS, CHANNEL_LABELS, ChannelDraft
from kith.core.directory import find_contacts
from kith.ui.icons import icon
from kith.ui.theme import set_style_property

CHANNEL_PLACEHOLDERS = {
    "email": "name@example.com",
    "phone": "+44 20 7946 0958",
    "url": "linkedin.com/in/name",
    "social": "@handle",
    "address": "Street, city, country",
}

CHANNEL_ICONS = {
    "email": "email",
    "phone": "phone",
    "url": "link",
    "social": "social",
    "address": "address",
}

LABEL_PLACEHOLDERS = {
    "email": "work, home…",
    "phone": "mobile, work…",
    "url": "LinkedIn, site…",
    "social": "Mastodon, X…",
    "address": "home, office…",
}


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    set_style_property(widget, "invalid", invalid)


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


class _ChannelRow:
    def __init__(self, editor: ChannelEditor, channel: ChannelDraft) -> None:
        self.kind = QComboBox()
        for kind in CHANNEL_KINDS:
            self.kind.addItem(icon(CHANNEL_ICONS[kind]), CHANNEL_LABELS[kind], kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(channel.kind)))
        self.kind.setAccessibleName("Kind of channel")
        self.value = QLineEdit(channel.value)
        self.value.setAccessibleName("Channel")
        self.label = QLineEdit(channel.label)
        self.label.setAccessibleName("Label")
        self.label.setMaximumWidth(130)
        self.remove = QToolButton()
        self.remove.setIcon(icon("close"))
        self.remove.setToolTip("Remove this channel")
        self.remove.setAutoRaise(True)
        self.error = error_label()
        self.kind.currentIndexChanged.connect(self._update_placeholders)
        self.remove.clicked.connect(lambda: editor.remove_row(self))
        self._update_placeholders()

    def _update_placeholders(self) -> None:
        kind = self.kind.currentData()
        self.value.setPlaceholderText(CHANNEL_PLACEHOLDERS[kind])
        self.label.setPlaceholderText(LABEL_PLACEHOLDERS[kind])

    def widgets(self) -> list[QWidget]:
        return [self.kind, self.value, self.label, self.remove, self.error]

    def draft(self) -> ChannelDraft:
        return ChannelDraft(self.kind.currentData(), self.value.text(), self.label.text())


class ChannelEditor(QWidget):
    """Several emails, phones, links, handles and addresses, each with a label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        outer.addLayout(self._grid)
        self.add_button = QPushButton(icon("add"), "Add channel")
        menu = QMenu(self.add_button)
        for kind in CHANNEL_KINDS:
            action = menu.addAction(icon(CHANNEL_ICONS[kind]), CHANNEL_LABELS[kind])
            action.triggered.connect(lambda _=False, k=kind: self.add_row(ChannelDraft(k, "")))
        self.add_button.setMenu(menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        outer.addLayout(buttons)
        self._rows: list[_ChannelRow] = []

    @property
    def rows(self) -> list[_ChannelRow]:
        return list(self._rows)

    def set_channels(self, channels: list[ChannelDraft]) -> None:
        for row in list(self._rows):
            self.remove_row(row)
        for channel in channels:
            self.add_row(channel)

    def add_row(self, channel: ChannelDraft) -> _ChannelRow:
        row = _ChannelRow(self, channel)
        self._rows.append(row)
        self._relayout()
        row.value.setFocus()
        return row

    def remove_row(self, row: _ChannelRow) -> None:
        self._rows.remove(row)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()

    def _relayout(self) -> None:
        for i, row in enumerate(self._rows):
            self._grid.addWidget(row.kind, 2 * i, 0)
            self._grid.addWidget(row.value, 2 * i, 1)
            self._grid.addWidget(row.label, 2 * i, 2)
            self._grid.addWidget(row.remove, 2 * i, 3)
            self._grid.addWidget(row.error, 2 * i + 1, 1, 1, 3)

    def drafts(self) -> list[ChannelDraft]:
        return [row.draft() for row in self._rows]

    def show_errors(self, errors: dict[int, str]) -> QWidget | None:
        """Show each row's problem beside it; return the first invalid field (to focus)."""
        first = None
        for i, row in enumerate(self._rows):
            message = errors.get(i)
            row.error.setText(message or "")
            row.error.setVisible(bool(message))
            mark_invalid(row.value, bool(message))
            if message and first is None:
                first = row.value
        return first


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        current = widget.text() if isinstance(widget, QLineEdit) else ""
        head = [t.strip() for t in current.split(",")[:-1] if t.strip()]
        return ", ".join([*head, str(index.data())]) + ", "


class TagEdit(QLineEdit):
    """Tags as comma-separated text, completing from the tags already in use."""

    def __init__(self, known_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("mentor, python, madrid")
        completer = TagCompleter(QStringListModel(known_tags, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.setCompleter(completer)

    def tags(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]

    def set_tags(self, tags: list[str]) -> None:
        self.setText(", ".join(tags))


class ContactPicker(QLineEdit):
    """Type a few letters of a name and pick the person from the suggestions."""

    picked = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None, *, exclude: int | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Start typing a name…")
        self.setClearButtonEnabled(True)
        self._exclude = exclude
        self._id: int | None = None
        self._name = ""
        self._suggestions = QStandardItemModel(self)
        self._completer = QCompleter(self._suggestions, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.activated[QModelIndex].connect(self._on_activated)
        self.setCompleter(self._completer)
        self.textEdited.connect(self._on_edited)

    def current_id(self) -> int | None:
        return self._id

    def is_unresolved(self) -> bool:
        """Text was typed but no person was picked."""
        return bool(self.text().strip()) and self._id is None

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self._id = contact_id
        self._name = name if contact_id is not None else ""
        self.setText(self._name)

    def _on_edited(self, text: str) -> None:
        if text != self._name:
            self._id = None
        self._suggestions.clear()
        if not text.strip():
            self.picked.emit(None)
            return
        for contact_id, name, role in find_contacts(text, limit=15):
            if contact_id == self._exclude:
                continue
            item = QStandardItem(name)
            item.setData(contact_id, Qt.ItemDataRole.UserRole)
            item.setToolTip(role)
            self._suggestions.appendRow(item)
            if name.casefold() == text.strip().casefold() and self._id is None:
                self._id, self._name = contact_id, name
        self._completer.complete()

    def _on_activated(self, index: QModelIndex) -> None:
        self._id = index.data(Qt.ItemDataRole.UserRole)
        self._name = str(index.data())
        self.setText(self._name)
        self.picked.emit(self._id)
