"""Editors the contact form is made of: channels, tags with completion, a contact picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import CHANNEL_KINDS, CHANNEL_LABELS, ChannelDraft
from kith.core.directory import find_contacts, match_reasons
from kith.ui.icons import icon
from kith.ui.lists.contact_card_delegate import draw_marked
from kith.ui.lists.index import ModelIndex
from kith.ui.theme import current_theme, set_style_property
from kith.ui.widgets.avatar import avatar_pixmap

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
        # An address's parts (from another address book) go back out while its one-line
        # text is left as it was; edited, it is one line again.
        self._address = (channel.value, channel.address)
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
        kind = self.kind.currentData()
        value, parts = self._address
        address = parts if kind == "address" and self.value.text() == value else None
        return ChannelDraft(kind, self.value.text(), self.label.text(), address)


class EditorRow(Protocol):
    def widgets(self) -> list[QWidget]:
        """The row's fields in column order, then its remove button, then its error label."""
        ...


RowT = TypeVar("RowT", bound=EditorRow)


class RowsEditor(QWidget, Generic[RowT]):
    """Rows of fields in a grid — a row's fields and remove button on one line, its error on
    the next — with an add button under them: the contact form's channels and its dates."""

    def __init__(
        self,
        add_text: str,
        *,
        stretch_column: int,
        error_columns: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(stretch_column, 1)
        outer.addLayout(self._grid)
        self.add_button = QPushButton(icon("add"), add_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        outer.addLayout(buttons)
        #: The first column of a row's error line, and how many columns it spans.
        self._error_columns = error_columns
        self._rows: list[RowT] = []

    @property
    def rows(self) -> list[RowT]:
        return list(self._rows)

    def _clear(self) -> None:
        for row in list(self._rows):
            self.remove_row(row)

    def _append(self, row: RowT) -> RowT:
        self._rows.append(row)
        self._relayout()
        return row

    def remove_row(self, row: RowT) -> None:
        self._rows.remove(row)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()

    def _relayout(self) -> None:
        first, span = self._error_columns
        for i, row in enumerate(self._rows):
            *fields, error = row.widgets()
            for column, widget in enumerate(fields):
                self._grid.addWidget(widget, 2 * i, column)
            self._grid.addWidget(error, 2 * i + 1, first, 1, span)


class ChannelEditor(RowsEditor[_ChannelRow]):
    """Several emails, phones, links, handles and addresses, each with a label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # The error under the value and the label (from the value's column to the remove's).
        super().__init__("Add channel", stretch_column=1, error_columns=(1, 3), parent=parent)
        menu = QMenu(self.add_button)
        for kind in CHANNEL_KINDS:
            action = menu.addAction(icon(CHANNEL_ICONS[kind]), CHANNEL_LABELS[kind])
            action.triggered.connect(lambda _=False, k=kind: self.add_row(ChannelDraft(k, "")))
        self.add_button.setMenu(menu)

    def set_channels(self, channels: list[ChannelDraft]) -> None:
        self._clear()
        for channel in channels:
            self.add_row(channel)

    def add_row(self, channel: ChannelDraft) -> _ChannelRow:
        row = self._append(_ChannelRow(self, channel))
        row.value.setFocus()
        return row

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


#: What a picker's suggestion holds besides its text.
PICKED_ID_ROLE = Qt.ItemDataRole.UserRole
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
CREATE_ROLE = Qt.ItemDataRole.UserRole + 2
#: Where a suggestion matched when not by name ("Role: Team Lead"), marked.
REASON_ROLE = Qt.ItemDataRole.UserRole + 3

_AVATAR = 28
_PAD = 8


class SuggestionDelegate(QStyledItemDelegate):
    """A picker's row: avatar, name, and role · company under it; "Create …" with a plus."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(240, max(_AVATAR, 2 * line + 2) + 2 * _PAD - 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        theme = current_theme()
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        state = option.state
        if state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent_soft))
            painter.drawRoundedRect(rect.adjusted(3, 1, -3, -1), 6, 6)
        metrics = option.fontMetrics
        line = metrics.height()
        left = rect.left() + _PAD + 4
        top = rect.top() + (rect.height() - _AVATAR) // 2
        text_left = left + _AVATAR + 10
        width = rect.right() - _PAD - text_left
        if index.data(CREATE_ROLE):
            icon("add").paint(painter, QRect(left + 4, top + 4, _AVATAR - 8, _AVATAR - 8))
            painter.setPen(QColor(theme.accent))
            text = metrics.elidedText(str(index.data()), Qt.TextElideMode.ElideMiddle, width)
            painter.drawText(
                QRect(text_left, rect.top(), width, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
            painter.restore()
            return
        summary = index.data(SUMMARY_ROLE)
        name = str(index.data())
        photo = summary.photo if summary is not None else None
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(left, top, avatar_pixmap(name, photo, _AVATAR, dpr))
        reason = index.data(REASON_ROLE)
        detail = reason or (summary.role_line if summary is not None else "")
        name_top = rect.top() + (rect.height() - (2 * line + 2 if detail else line)) // 2
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRect(text_left, name_top, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, width),
        )
        below = QRect(text_left, name_top + line + 2, width, line)
        if reason:
            draw_marked(
                painter, below, reason, option.font, QColor(theme.muted), QColor(theme.accent)
            )
        elif detail:
            painter.setFont(option.font)
            painter.setPen(QColor(theme.muted))
            painter.drawText(
                below,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(detail, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class ContactPicker(QLineEdit):
    """Type a few letters of a name and pick the person from the suggestions.

    The suggestions rank names first (:func:`kith.core.directory.contact_ids`): a name that
    begins with what was typed, then a word of a name, then a company, a role or a note —
    every word narrowing, accents ignored. Each row shows the avatar and role · company; the
    last one offers to create the person typed (:attr:`create_contact`, a quick add). ↓ and
    Enter, or a click, pick; :attr:`picked` says whom.
    """

    picked = Signal(object)  # int | None

    #: How many people a picker suggests.
    LIMIT = 12

    def __init__(self, parent: QWidget | None = None, *, exclude: int | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Start typing a name…")
        self.setClearButtonEnabled(True)
        self._exclude = exclude
        self._id: int | None = None
        self._name = ""
        self._suggestions = QStandardItemModel(self)
        # The completer is attached with setWidget, not QLineEdit.setCompleter: that would
        # write the picked text back into the field after :attr:`picked` (a chip picker
        # clears the field on a pick) and fill it with each row the arrows pass over.
        self._completer = QCompleter(self._suggestions, self)
        self._completer.setWidget(self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(8)
        view = QListView()
        view.setUniformItemSizes(True)
        self._completer.setPopup(view)
        view.setItemDelegate(SuggestionDelegate(view))  # after setPopup, which sets its own
        self._completer.activated[QModelIndex].connect(self._on_activated)
        self.textEdited.connect(self._on_edited)
        #: Makes a new contact from the typed name: (id, name), or None if the user cancels.
        #: Replaced by tests; by default the quick-add dialog.
        self.create_contact: Callable[[QWidget, str], tuple[int, str] | None] = _quick_add

    def popup(self) -> QAbstractItemView:
        """The list of suggestions under the field."""
        return self._completer.popup()

    def suggestions(self) -> list[str]:
        """The suggested rows' texts, in order (the last one may offer to create someone)."""
        model = self._suggestions
        return [str(model.index(row, 0).data()) for row in range(model.rowCount())]

    def current_id(self) -> int | None:
        return self._id

    def is_unresolved(self) -> bool:
        """Text was typed but no person was picked."""
        return bool(self.text().strip()) and self._id is None

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self._id = contact_id
        self._name = name if contact_id is not None else ""
        self.setText(self._name)

    def take_only_suggestion(self) -> bool:
        """Pick the person typed when the suggestions name only one (Enter without choosing
        a row); whether that happened."""
        if self._id is not None or not self.text().strip():
            return False
        people = [
            self._suggestions.index(row, 0)
            for row in range(self._suggestions.rowCount())
            if not self._suggestions.index(row, 0).data(CREATE_ROLE)
        ]
        if len(people) != 1:
            return False
        self._on_activated(people[0])
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take_only_suggestion()
        super().keyPressEvent(event)

    def _on_edited(self, text: str) -> None:
        if text != self._name:
            self._id = None
        self._suggestions.clear()
        typed = text.strip()
        if not typed:
            self._completer.popup().hide()
            self.picked.emit(None)
            return
        found = find_contacts(typed, limit=self.LIMIT + 1)
        reasons = match_reasons([summary.id for summary in found], typed)
        for summary in found:
            if summary.id == self._exclude:
                continue
            item = QStandardItem(summary.full_name)
            item.setData(summary.id, PICKED_ID_ROLE)
            item.setData(summary, SUMMARY_ROLE)
            item.setData(reasons.get(summary.id), REASON_ROLE)
            item.setToolTip(summary.role_line)
            self._suggestions.appendRow(item)
            if summary.full_name.casefold() == typed.casefold() and self._id is None:
                self._id, self._name = summary.id, summary.full_name
            if self._suggestions.rowCount() == self.LIMIT:
                break
        create = QStandardItem(f"Create ‘{typed}’ as a new contact")
        create.setData(True, CREATE_ROLE)
        self._suggestions.appendRow(create)
        self._completer.complete()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(CREATE_ROLE):
            made = self.create_contact(self, self.text().strip())
            if made is None:
                self.setFocus()
                return
            self._id, self._name = made
        else:
            self._id = index.data(PICKED_ID_ROLE)
            self._name = str(index.data())
        self._completer.popup().hide()
        self.setText(self._name)
        self.picked.emit(self._id)


def _quick_add(parent: QWidget, name: str) -> tuple[int, str] | None:
    # Imported here: the dialogs are built from these widgets.
    from kith.ui.dialogs.quick_add_dialog import quick_add_contact

    return quick_add_contact(parent, name)
