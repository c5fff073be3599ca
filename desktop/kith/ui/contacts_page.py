"""The Contacts page: search-as-you-type over everyone, cards in a list, the detail pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import ContactDraft, ContactNotFoundError, load_draft
from kith.ui.contact_card_delegate import ContactCardDelegate
from kith.ui.contact_commands import DeleteContactsCommand, SaveContactCommand
from kith.ui.contact_detail_pane import ContactDetailPane
from kith.ui.contact_dialog import ContactDialog
from kith.ui.contact_list_model import ContactListModel
from kith.ui.empty_state import EmptyState
from kith.ui.icons import icon


class ContactsPage(QWidget):
    """Everyone you keep in touch with; the page the search box (Ctrl+F) belongs to."""

    status_message = Signal(str)

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo = undo_stack
        self._dialog: ContactDialog | None = None

        self.model = ContactListModel(self)
        self.model.count_changed.connect(lambda _: self._update_count())

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(24, 18, 16, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        header.setSpacing(12)
        title = QLabel("Contacts")
        title.setObjectName("PageTitle")
        header.addWidget(title)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("SearchBox")
        self.search_box.setPlaceholderText("Search names, companies, tags, emails, notes…")
        self.search_box.setToolTip("Search (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.setAccessibleName("Search contacts")
        header.addWidget(self.search_box, 1)
        self.new_button = QPushButton(icon("add"), "New contact")
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("New contact (Ctrl+N)")
        self.new_button.clicked.connect(self.new_contact)
        header.addWidget(self.new_button)
        layout.addLayout(header)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        layout.addWidget(self.count_label)

        self.list_view = QListView()
        self.list_view.setObjectName("ContactList")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(ContactCardDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setMouseTracking(True)
        self.list_view.setAccessibleName("Contacts")
        self.list_view.doubleClicked.connect(lambda _: self.edit_current())
        self.list_view.activated.connect(lambda _: self.edit_current())
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._after_reset)

        self._no_one = EmptyState(
            "contacts",
            "Nobody here yet",
            "Add the people you want to keep close — not everyone you ever met. "
            "Each card remembers how you met, who introduced you and what you talked about.",
            "New contact",
        )
        self._no_one.action_triggered.connect(self.new_contact)
        self._no_match = EmptyState(
            "search", "Nobody matches", "Try fewer letters, or search a company, tag or email."
        )
        self._stack = QStackedWidget()
        self._stack.addWidget(self.list_view)
        self._stack.addWidget(self._no_one)
        self._stack.addWidget(self._no_match)
        layout.addWidget(self._stack, 1)

        self.detail = ContactDetailPane()
        self.detail.edit_requested.connect(self.edit_contact)
        self.detail.delete_requested.connect(lambda cid: self.delete_contacts([cid]))
        self.detail.contact_activated.connect(self.select_contact)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([640, 420])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)  # coalesce keystrokes already queued
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _: self._search_timer.start())

        edit = QAction("Edit contact", self)
        edit.setShortcut(QKeySequence("Ctrl+E"))
        edit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edit.triggered.connect(self.edit_current)
        delete = QAction("Delete contact", self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.list_view.addAction(delete)
        self.addAction(edit)
        search_next = QAction(self)
        search_next.setShortcut(QKeySequence(Qt.Key.Key_Down))
        search_next.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        search_next.triggered.connect(self._focus_list)
        self.search_box.addAction(search_next)
        self.search_box.returnPressed.connect(self._focus_list)

        self._after_reset()

    # public API ---------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def current_contact_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return self.model.contact_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.list_view.selectionModel().selectedRows())
        return [self.model.contact_id(r) for r in rows]

    def select_contact(self, contact_id: int) -> bool:
        """Select and show a contact, clearing the search if it hides them."""
        row = self.model.row_of(contact_id)
        if row is None and self.search_box.text():
            self.search_box.clear()
            self._apply_search()
            row = self.model.row_of(contact_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(index)
        return True

    def new_contact(self) -> ContactDialog:
        """Open the form for a new contact (window-modal; returns at once)."""
        dialog = ContactDialog(self._save_new, parent=self)
        dialog.accepted.connect(lambda: self._after_save(dialog, "Added"))
        self._open(dialog)
        return dialog

    def edit_current(self) -> None:
        contact_id = self.current_contact_id()
        if contact_id is not None:
            self.edit_contact(contact_id)

    def edit_contact(self, contact_id: int) -> ContactDialog | None:
        """Open the form for an existing contact (window-modal; returns at once)."""
        try:
            draft = load_draft(contact_id)
        except ContactNotFoundError:  # deleted meanwhile (e.g. by an undo)
            return None
        dialog = ContactDialog(
            lambda d: self._save_existing(d, contact_id),
            draft,
            contact_id=contact_id,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._after_save(dialog, "Saved"))
        self._open(dialog)
        return dialog

    @property
    def open_dialog(self) -> ContactDialog | None:
        """The contact form currently open, if any."""
        return self._dialog

    def _open(self, dialog: ContactDialog) -> None:
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "_dialog", None))
        dialog.open()
        dialog.activateWindow()

    def _after_save(self, dialog: ContactDialog, verb: str) -> None:
        if dialog.saved_id is not None:
            self.select_contact(dialog.saved_id)
            self.status_message.emit(f"{verb} {dialog.draft().display_name()}.")

    def delete_selected(self) -> None:
        ids = self.selected_ids() or (
            [cid] if (cid := self.current_contact_id()) is not None else []
        )
        if ids:
            self.delete_contacts(ids)

    def delete_contacts(self, contact_ids: list[int]) -> None:
        if len(contact_ids) > 1:
            answer = QMessageBox.question(
                self,
                "Delete contacts",
                f"Delete {len(contact_ids)} people, with their follow-ups? "
                "You can undo this with Ctrl+Z.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        row = self.list_view.currentIndex().row()
        command = DeleteContactsCommand(contact_ids)
        self._undo.push(command)
        who = command.names[0] if len(command.names) == 1 else f"{len(command.names)} people"
        self.status_message.emit(f"Deleted {who}. Undo with Ctrl+Z.")
        if self.model.rowCount():
            row = min(max(row, 0), self.model.rowCount() - 1)
            self.list_view.setCurrentIndex(self.model.index(row, 0))

    # internals ----------------------------------------------------------------------

    def _save_new(self, draft: ContactDraft) -> int:
        command = SaveContactCommand(draft)  # raises ValidationError before anything is pushed
        self._undo.push(command)
        return command.contact_id

    def _save_existing(self, draft: ContactDraft, contact_id: int) -> int:
        command = SaveContactCommand(draft, contact_id)
        self._undo.push(command)
        return command.contact_id

    def _apply_search(self) -> None:
        self.model.set_search(self.search_box.text())

    def _after_reset(self) -> None:
        self._update_count()
        if self.model.rowCount() and not self.list_view.currentIndex().isValid():
            self.list_view.setCurrentIndex(self.model.index(0, 0))
        if not self.model.rowCount():
            self.detail.show_contact(None)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        text = self.model.search.strip()
        people = "1 person" if n == 1 else f"{n:,} people"
        if not text:
            self.count_label.setText(people)
        else:
            self.count_label.setText(f"{people} match “{text}”" if n else "")
        if n:
            self._stack.setCurrentWidget(self.list_view)
        else:
            self._stack.setCurrentWidget(self._no_match if text else self._no_one)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_contact(
            self.model.contact_id(current.row()) if current.isValid() else None
        )

    def _focus_list(self) -> None:
        if self.model.rowCount():
            self.list_view.setFocus()
            if not self.list_view.currentIndex().isValid():
                self.list_view.setCurrentIndex(self.model.index(0, 0))
