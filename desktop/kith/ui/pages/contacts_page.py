"""The Contacts page: search-as-you-type over everyone, cards in a list, the detail pane.

Several people can be selected (shift/ctrl-click, Ctrl+A for everyone matching the search)
and changed at once from the bar above the list or the context menu: tag, circle, cadence,
archive, delete — each one undo step. The selection is read as row ranges, so selecting
100,000 people never loads their cards.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.contacts import (
    ContactNotFoundError,
    load_draft,
)
from kith.core.directory import section_letters
from kith.core.rules.circles import CIRCLE_ORDER, CircleFilter, circle_name
from kith.ui.commands.bulk_edit import (
    BulkActionBar,
    circle_menu,
)
from kith.ui.commands.contact_actions import ContactActions
from kith.ui.dialogs.contact_dialog import ContactDialog
from kith.ui.icons import icon
from kith.ui.lists.contact_card_delegate import ContactCardDelegate
from kith.ui.lists.contact_list_model import ContactListModel
from kith.ui.lists.contact_list_view import ContactListView
from kith.ui.lists.contact_row_delegate import HEADER_HEIGHT, ROW_HEIGHT, ContactRowDelegate
from kith.ui.pages.contact_detail_pane import ContactDetailPane
from kith.ui.pages.page import Page
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.empty_state import EmptyState
from kith.ui.widgets.steady_label import SteadyLabel

#: How long typing must pause before the first match's details load (a keystroke re-lists the
#: cards in a frame; the details — a dozen queries — would double that).
DETAIL_AFTER_TYPING_MS = 120
#: Where the choice of cards or the compact list is remembered.
COMPACT_SETTING = "contacts/compact"
#: A broad search in a large database shows its first page at once and counts everyone it
#: matches this long after typing stops (see ContactListModel.count_all).
COUNT_AFTER_TYPING_MS = 250


class ContactsPage(Page):
    """Everyone you keep in touch with; the page the search box (Ctrl+F) belongs to.

    It watches no tables itself: its list model and detail pane keep themselves current.
    """

    #: The selection changed: how many people are selected now.
    selection_changed = Signal(int)
    #: Export the selected people: "vcard" or "csv" (the window's export actions do it).
    export_requested = Signal(str)

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dialog: ContactDialog | None = None
        #: The changes this page makes (bulk and the contact form), each one undo step.
        self.actions = ContactActions(undo_stack, self._targets, self)
        self.actions.status_message.connect(self.status_message)

        #: Empty until the page is first shown (or asked to select someone): start-up does
        #: not read 100,000 ids for a page it does not paint.
        self.model = ContactListModel(self, load=False)
        #: While the search is typed, the first card's details follow once typing pauses.
        self._detail_follows_typing = False
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_AFTER_TYPING_MS)
        self._detail_timer.timeout.connect(self._show_current_detail)
        self.model.count_changed.connect(lambda _: self._update_count())
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_AFTER_TYPING_MS)
        self._count_timer.timeout.connect(self.model.count_all)

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(24, 18, 16, 0)
        layout.setSpacing(6)
        self._build_header(layout)
        self.count_label = SteadyLabel()  # a new count every keystroke: no relayout
        self.count_label.setProperty("role", "muted")
        layout.addWidget(self.count_label)

        self.bulk_bar = BulkActionBar(panel=True)
        self.bulk_bar.tag_requested.connect(lambda: self.tag_selected())
        self.bulk_bar.circle_requested.connect(lambda c: self.set_circle_selected(c or None))
        self.bulk_bar.cadence_requested.connect(lambda: self.set_cadence_selected())
        self.bulk_bar.archive_requested.connect(self.archive_selected)
        self.bulk_bar.delete_requested.connect(self.delete_selected)
        self.bulk_bar.clear_requested.connect(self.clear_selection)
        self.bulk_bar.export_requested.connect(self.export_requested)

        self._build_list()
        layout.addWidget(self._build_stack(), 1)

        self.detail = ContactDetailPane()
        self.detail.edit_requested.connect(self.edit_contact)
        self.detail.delete_requested.connect(lambda cid: self.delete_contacts([cid]))
        self.detail.contact_activated.connect(self.select_contact)

        # One person: their card; several: "39 selected" and what to do with them. One stack,
        # so the splitter keeps its place whichever shows.
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.detail)
        self.detail_stack.addWidget(self.bulk_bar)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail_stack)
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

        self._build_shortcuts()
        self.set_compact(QSettings().value(COMPACT_SETTING, False, type=bool))
        self._after_reset()

    def showEvent(self, event: QShowEvent) -> None:
        self.model.ensure_loaded()
        super().showEvent(event)

    # building -----------------------------------------------------------------------

    def _build_header(self, layout: QVBoxLayout) -> None:
        """The title, the search box, the circle filter and New contact."""
        header = QHBoxLayout()
        header.setSpacing(12)
        title = QLabel("Contacts")
        title.setObjectName("PageTitle")
        header.addWidget(title)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("SearchBox")
        self.search_box.setPlaceholderText("Search people…")
        self.search_box.setToolTip(
            "Search names, companies, roles, tags, emails, phones, how you met and notes (Ctrl+F)"
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(200)
        self.search_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.setAccessibleName("Search contacts")
        header.addWidget(self.search_box, 1)
        self.circle_button = QToolButton()
        self.circle_button.setObjectName("CircleFilter")
        self.circle_button.setIcon(icon("network"))
        self.circle_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.circle_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.circle_button.setToolTip("Show only some circles")
        self.circle_button.setAccessibleName("Circle filter")
        circles_menu = QMenu(self.circle_button)
        self.circle_actions: dict[int | None, QAction] = {}
        for circle in CIRCLE_ORDER:
            action = circles_menu.addAction(circle_name(circle))
            action.setCheckable(True)
            action.toggled.connect(lambda _checked: self._apply_circles())
            self.circle_actions[circle] = action
        circles_menu.addSeparator()
        circles_menu.addAction("All circles", lambda: self.set_circle_filter(frozenset()))
        self.circle_button.setMenu(circles_menu)
        self.circle_button.setText("All circles")
        header.addWidget(self.circle_button)
        header.addWidget(self._build_view_switch())
        self.new_button = QPushButton(icon("add"), "New contact")
        make_primary(self.new_button)
        self.new_button.setToolTip("New contact (Ctrl+N)")
        self.new_button.clicked.connect(self.new_contact)
        header.addWidget(self.new_button)
        layout.addLayout(header)

    def _build_view_switch(self) -> QWidget:
        """Cards or a compact list (one line per person, A–Z headers), remembered."""
        switch = QWidget()
        row = QHBoxLayout(switch)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.view_buttons = QButtonGroup(self)
        for compact, name, tip in (
            (False, "view-cards", "Show people as cards"),
            (True, "view-list", "Show people as a compact list, A to Z"),
        ):
            button = QToolButton()
            button.setIcon(icon(name))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            self.view_buttons.addButton(button, int(compact))
            row.addWidget(button)
        self.view_buttons.idClicked.connect(lambda i: self.set_compact(bool(i)))
        return switch

    def _build_list(self) -> None:
        """The one-column list of cards over the paged model, and what it does on click."""
        self.list_view = ContactListView()
        self.list_view.setObjectName("ContactList")
        self.list_view.setModel(self.model)
        self._cards = ContactCardDelegate(self.list_view)
        self._rows = ContactRowDelegate(self.list_view)
        self.list_view.setItemDelegate(self._cards)
        self.list_view.setAccessibleName("Contacts")
        self.list_view.activated.connect(lambda _: self.edit_current())
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list_view.selectionModel().selectionChanged.connect(
            lambda *_: self._on_selection_changed()
        )
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._show_context_menu)
        self.model.modelReset.connect(self._after_reset)
        self.model.replaced.connect(self._after_replace)
        self.model.layoutChanged.connect(lambda *_: self._on_selection_changed())
        self.model.layoutChanged.connect(lambda *_: self._update_sections())

    def _build_stack(self) -> QStackedWidget:
        """The list, or a word when nobody is here yet or nobody matches the search."""
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
        return self._stack

    def _build_shortcuts(self) -> None:
        """Ctrl+E edits, Delete deletes, Esc clears the selection, Down goes from search to list."""
        edit = QAction("Edit contact", self)
        edit.setShortcut(QKeySequence("Ctrl+E"))
        edit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edit.triggered.connect(self.edit_current)
        delete = QAction("Delete contact", self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.list_view.addAction(delete)
        clear = QAction("Clear the selection", self)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.clear_selection)
        self.list_view.addAction(clear)
        self.addAction(edit)
        search_next = QAction(self)
        search_next.setShortcut(QKeySequence(Qt.Key.Key_Down))
        search_next.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        search_next.triggered.connect(self._focus_list)
        self.search_box.addAction(search_next)
        self.search_box.returnPressed.connect(self._focus_list)

    # public API ---------------------------------------------------------------------

    @property
    def compact(self) -> bool:
        return self.list_view.itemDelegate() is self._rows

    def set_compact(self, compact: bool) -> None:
        """Cards (False) or the compact list (True); remembered for the next start."""
        QSettings().setValue(COMPACT_SETTING, compact)
        button = self.view_buttons.button(int(compact))
        if button is not None:
            button.setChecked(True)
        self.list_view.setItemDelegate(self._rows if compact else self._cards)
        self._update_sections()
        self.list_view.viewport().update()

    def _update_sections(self) -> None:
        """The compact list's A–Z headers, while the list is in name order (not searching)."""
        compact = self.compact
        in_name_order = compact and not self.model.search.strip()
        sections = section_letters(self.model.all_ids()) if in_name_order else {}
        self._rows.sections = sections
        if compact:
            tall = ROW_HEIGHT + HEADER_HEIGHT
            self.list_view.set_row_height(ROW_HEIGHT, {row: tall for row in sections})
        else:
            self.list_view.set_row_height(ContactListView.ROW_HEIGHT)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def current_contact_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return self.model.contact_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The selected contacts' ids in list order (read from row ranges, no card loaded)."""
        rows: set[int] = set()
        spans = []
        for span in self.list_view.selectionModel().selection():
            spans.append((span.top(), span.bottom()))
        if len(spans) == 1:  # the common case, e.g. Ctrl+A over 100,000 people
            top, bottom = spans[0]
            return self.model.all_ids()[top : bottom + 1]
        for top, bottom in spans:
            rows.update(range(top, bottom + 1))
        return [self.model.contact_id(r) for r in sorted(rows)]

    def selection_count(self) -> int:
        spans = [(s.top(), s.bottom()) for s in self.list_view.selectionModel().selection()]
        if len(spans) <= 1:
            return sum(b - t + 1 for t, b in spans)
        rows: set[int] = set()
        for top, bottom in spans:
            rows.update(range(top, bottom + 1))
        return len(rows)

    def select_all(self) -> None:
        """Select everyone the search matches (one row range, whatever the count)."""
        self.model.ensure_loaded()
        self.model.count_all()
        self.list_view.selectAll()

    def clear_selection(self) -> None:
        """Back to one selected person: the current one."""
        current = self.list_view.currentIndex()
        selection = self.list_view.selectionModel()
        if current.isValid():
            selection.select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.clearSelection()

    def _targets(self) -> list[int]:
        ids = self.selected_ids()
        if not ids and (cid := self.current_contact_id()) is not None:
            ids = [cid]
        return ids

    # bulk actions ---------------------------------------------------------------------

    def tag_selected(self, tag: str | None = None) -> None:
        """Tag everyone selected (asks for the tag when none is given); one undo step."""
        self.actions.tag(tag)

    def set_circle_selected(self, circle: int | None) -> None:
        self.actions.set_circle(circle)

    def set_cadence_selected(self, days: int | None = None, *, ask: bool = True) -> None:
        """Keep in touch with everyone selected every ``days`` days (asks when None and ``ask``)."""
        self.actions.set_cadence(days, ask=ask)

    def archive_selected(self) -> None:
        self.actions.archive()

    def _on_selection_changed(self) -> None:
        count = self.selection_count()
        self.bulk_bar.set_count(count)
        self.detail_stack.setCurrentWidget(self.bulk_bar if count > 1 else self.detail)
        self.selection_changed.emit(count)

    def _show_context_menu(self, pos: QPoint) -> None:
        self.context_menu(pos).popup(self.list_view.viewport().mapToGlobal(pos))

    def context_menu(self, pos: QPoint | None = None) -> QMenu:
        """The list's right-click menu for the selection (built fresh each time)."""
        if pos is not None:
            index = self.list_view.indexAt(pos)
            selection = self.list_view.selectionModel()
            if index.isValid() and not selection.isSelected(index):
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = QMenu(self)
        count = len(self._targets())
        if count == 1:
            menu.addAction(icon("edit"), "Edit…", self.edit_current)
            menu.addSeparator()
        who = "" if count <= 1 else f" {count:,} people"
        menu.addAction(icon("tag"), f"Tag{who}…", lambda: self.tag_selected())
        circles = circle_menu(menu, lambda c: self.set_circle_selected(c or None))
        circles.setIcon(icon("network"))
        menu.addMenu(circles)
        menu.addAction(
            icon("calendar"), "Keep in touch every…", lambda: self.set_cadence_selected()
        )
        menu.addAction(icon("archive"), f"Archive{who}", self.archive_selected)
        menu.addAction(icon("delete"), f"Delete{who}…", self.delete_selected)
        menu.addSeparator()
        export = "them" if count > 1 else "this person"
        menu.addAction(
            icon("export"),
            f"Export {export} as vCard…",
            lambda: self.export_requested.emit("vcard"),
        )
        menu.addAction(f"Export {export} as CSV…", lambda: self.export_requested.emit("csv"))
        menu.addSeparator()
        self.model.count_all()  # "Select all 349,323", not the first page's 100
        select_all = menu.addAction(
            f"Select all {self.model.rowCount():,}" + (" matching" if self.model.search else "")
        )
        select_all.triggered.connect(self.select_all)
        menu.setEnabled(count > 0)
        return menu

    def select_contact(self, contact_id: int) -> bool:
        """Select and show a contact, clearing the search if it hides them."""
        self.model.ensure_loaded()
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
        if self._detail_timer.isActive():  # already current, its details waiting for typing
            self._detail_timer.stop()
            self._show_current_detail()
        self.list_view.scrollTo(index)
        return True

    def new_contact(self) -> ContactDialog:
        """Open the form for a new contact (window-modal; returns at once)."""
        dialog = ContactDialog(self.actions.save_new, parent=self)
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
            lambda d: self.actions.save_existing(d, contact_id),
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
        row = self.list_view.currentIndex().row()
        if not self.actions.delete(contact_ids):
            return
        if self.model.rowCount():
            row = min(max(row, 0), self.model.rowCount() - 1)
            self.list_view.setCurrentIndex(self.model.index(row, 0))

    # internals ----------------------------------------------------------------------

    def set_circle_filter(self, circles: frozenset[int | None]) -> None:
        """Show only the people in these circles (empty: everyone), as the menu does."""
        for circle, action in self.circle_actions.items():
            action.blockSignals(True)
            action.setChecked(circle in circles)
            action.blockSignals(False)
        self._apply_circles()

    def _apply_circles(self) -> None:
        circles = frozenset(c for c, a in self.circle_actions.items() if a.isChecked())
        label = CircleFilter(circles).label
        self.circle_button.setText(label or "All circles")
        self._detail_follows_typing = True  # the rows under the current one may go
        try:
            self.model.set_circles(circles)
        finally:
            self._detail_follows_typing = False

    def _apply_search(self) -> None:
        if self._detail_timer.isActive():
            self._detail_timer.start()  # still typing: the details wait for the pause
        self._count_timer.stop()
        self._detail_follows_typing = True  # the rows under the current one may go
        try:
            self.model.set_search(self.search_box.text())
        finally:
            self._detail_follows_typing = False

    def _after_replace(self, same: bool) -> None:
        """A new search or filter is listed (no model reset): the same people in the same
        rows keep the selection and the current row as they were; otherwise the first row
        becomes current (alone selected), its details following once typing pauses — and
        when it is the person the detail pane already shows, the pane is left as it is."""
        # Lay the rows out now (the scroll range of the new count): left to the view's own
        # timer it runs after the paint and paints the list a second time.
        self.list_view.doItemsLayout()
        self._update_sections()
        self._on_selection_changed()
        if same:
            return
        if not self.model.rowCount():
            self._detail_timer.stop()
            self.detail.show_contact(None)
            return
        top = self.model.index(0, 0)
        self._detail_follows_typing = True
        try:
            self.list_view.selectionModel().setCurrentIndex(
                top,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._detail_follows_typing = False
        self.list_view.scrollToTop()
        if self.model.contact_id(0) == self.detail.contact_id:
            self._detail_timer.stop()  # already shown: nothing to read again
        else:
            self._detail_timer.start()

    def _after_reset(self) -> None:
        self._update_sections()
        self._update_count()
        if self.model.rowCount() and not self.list_view.currentIndex().isValid():
            # A new search result: the first card becomes current, but its details (timeline,
            # strength, balance — a dozen queries) wait until typing pauses, so each keystroke
            # only re-lists the cards.
            self._detail_follows_typing = True
            try:
                self.list_view.setCurrentIndex(self.model.index(0, 0))
            finally:
                self._detail_follows_typing = False
        if not self.model.rowCount():
            self._detail_timer.stop()
            self.detail.show_contact(None)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        text = self.model.search.strip()
        circles = CircleFilter(self.model.circles).label
        people = "1 person" if n == 1 else f"{n:,} people"
        if not self.model.count_known:
            people = f"{n:,}+ people"  # the rest counted once typing pauses
            self._count_timer.start()
        where = f" in {circles}" if circles else ""
        if not text:
            self.count_label.setText(f"{people}{where}")
        else:
            self.count_label.setText(f"{people}{where} match “{text}”" if n else "")
        if n:
            self._stack.setCurrentWidget(self.list_view)
        else:
            narrowed = bool(text or circles)
            self._stack.setCurrentWidget(self._no_match if narrowed else self._no_one)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._detail_follows_typing:
            self._detail_timer.start()
            return
        self._detail_timer.stop()
        self._show_current_detail()

    def _show_current_detail(self) -> None:
        current = self.list_view.currentIndex()
        contact_id = self.model.contact_id(current.row()) if current.isValid() else None
        if contact_id is not None and contact_id == self.detail.contact_id:
            return  # already shown (the pane follows changes to them itself)
        self.detail.show_contact(contact_id)

    def _focus_list(self) -> None:
        if self.model.rowCount():
            self.list_view.setFocus()
            if not self.list_view.currentIndex().isValid():
                self.list_view.setCurrentIndex(self.model.index(0, 0))
