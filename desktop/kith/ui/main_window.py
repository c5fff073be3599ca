"""The main window: sidebar of pages, the pages, menus, shortcuts and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kith.ui.commands.data_actions import DataActions
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.icons import icon
from kith.ui.lists.navigation_delegate import BADGE_ROLE, NavigationDelegate
from kith.ui.pages.page import Page
from kith.ui.theme import current_theme
from kith.ui.widgets.read_only_banner import read_only_banner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from kith.core.interactions import InteractionDraft
    from kith.ui.dialogs.duplicates_dialog import DuplicatesDialog
    from kith.ui.dialogs.follow_up_dialog import FollowUpDialog
    from kith.ui.dialogs.help_dialog import HelpDialog
    from kith.ui.dialogs.import_dialog import ImportDialog
    from kith.ui.dialogs.interaction_dialog import InteractionDialog
    from kith.ui.pages.calendar_page import CalendarPage
    from kith.ui.pages.contacts_page import ContactsPage
    from kith.ui.pages.goals_page import GoalsPage
    from kith.ui.pages.network_page import NetworkPage
    from kith.ui.pages.today_page import TodayPage


@dataclass(frozen=True)
class PageSpec:
    """One page of the window: its key, its title, how to build it, and its sidebar icon
    (resources/icons/<icon>.svg; the key when not given)."""

    name: str
    title: str
    build: Callable[[MainWindow], Page]
    icon: str = ""


# Each page's module is imported when the page is first shown (start-up imports only the page
# the window opens on): the builders below import inside.


def _today(window: MainWindow) -> Page:
    from kith.ui.pages.today_page import TodayPage

    return TodayPage(window.follow_up_actions)


def _contacts(window: MainWindow) -> Page:
    from kith.ui.pages.contacts_page import ContactsPage

    return ContactsPage(window.undo_stack)


def _calendar(window: MainWindow) -> Page:
    from kith.ui.pages.calendar_page import CalendarPage

    return CalendarPage(window.follow_up_actions)


def _goals(window: MainWindow) -> Page:
    from kith.ui.pages.goals_page import GoalsPage

    return GoalsPage(window.undo_stack)


def _network(window: MainWindow) -> Page:
    from kith.ui.pages.network_page import NetworkPage

    return NetworkPage(window.follow_up_actions)


#: The pages in sidebar order; Ctrl+1… follow it. A new page is a Page subclass and a line here.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", "Today", _today),
    PageSpec("contacts", "Contacts", _contacts),
    PageSpec("calendar", "Calendar", _calendar),
    PageSpec("goals", "Goals", _goals),
    PageSpec("network", "Network", _network),
)
PAGE_NAMES = tuple(spec.name for spec in PAGES)


class MainWindow(QMainWindow):
    """Kith's window. Pages (:data:`PAGES`) are switched with the sidebar or Ctrl+1…; each is
    built the first time it is shown or asked for (:meth:`page`), so start-up builds only the
    page the window opens on."""

    #: Quit was chosen (menu, Ctrl+Q or the tray): the app really quits, tray or not.
    quit_requested = Signal()
    #: The window was closed but Kith keeps running in the tray.
    hidden_to_tray = Signal()

    def __init__(self, database_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database_path = database_path
        self.setWindowTitle("Kith")
        self.setMinimumSize(QSize(900, 560))
        self.undo_stack: QUndoStack = QUndoStack(self)
        self._help: HelpDialog | None = None
        #: Set by the app when a tray icon is showing: closing then hides instead of quitting.
        self.keeps_running_in_tray = lambda: False
        self._quitting = False
        self.follow_up_actions: FollowUpActions = FollowUpActions(self.undo_stack, self)
        self.follow_up_actions.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        sidebar = QWidget()
        sidebar.setObjectName("Sidebar")
        sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        sidebar.setFixedWidth(200)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(8, 18, 8, 12)
        side.setSpacing(4)
        app_name = QLabel("Kith")
        app_name.setObjectName("AppName")
        side.addWidget(app_name)
        self.navigation = QListWidget()
        self.navigation.setObjectName("Navigation")
        self.navigation.setIconSize(QSize(18, 18))
        self.navigation.setAccessibleName("Pages")
        side.addWidget(self.navigation, 1)
        self.sidebar_footer = QLabel()
        self.sidebar_footer.setObjectName("SidebarFooter")
        self.sidebar_footer.setWordWrap(True)
        side.addWidget(self.sidebar_footer)
        layout.addWidget(sidebar)

        self.pages = QStackedWidget()
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        #: Across the top while the file is read-only (None when Kith may write it).
        self.read_only_banner = read_only_banner(database_path)
        if self.read_only_banner is not None:
            column.addWidget(self.read_only_banner)
        column.addWidget(self.pages, 1)
        layout.addLayout(column, 1)
        self.setCentralWidget(central)

        self.navigation.setItemDelegate(NavigationDelegate(self.navigation))
        self._page_widgets: dict[str, Page] = {}
        for spec in PAGES:
            # A stand-in until the page is first shown (see page()).
            self.pages.addWidget(QWidget())
            glyph = icon(spec.icon or spec.name, current_theme().sidebar_text)
            item = QListWidgetItem(glyph, spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setSizeHint(QSize(0, 36))
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._show_row)

        self.data_actions = DataActions(
            self,
            self.undo_stack,
            self._selected_contacts,
            lambda text: self.statusBar().showMessage(text, 8000),
        )
        self._build_menus()
        db_label = QLabel(str(database_path))
        db_label.setProperty("role", "muted")
        db_label.setToolTip("The database file Kith is using")
        self.statusBar().addPermanentWidget(db_label)
        #: The sync indicator, added once the window has painted (:meth:`add_sync_status`).
        self.sync_status: QLabel | None = None
        self.statusBar().setSizeGripEnabled(False)

        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # The first start: a comfortable size, but never larger than the screen.
            from kith.ui.dialogs.dialog import fitted, screen_area

            self.resize(fitted(QSize(1240, 800), screen_area(self)))
        self._set_today_badge(self.today_page.due_count())
        self.show_page("today")

    def add_sync_status(self) -> None:
        """The sync indicator in the status bar (hidden until an account is set up). The app
        adds it once the window has painted: it brings in the sync code (~15 ms)."""
        if self.sync_status is not None:
            return
        from kith.ui.widgets.sync_status_label import SyncStatusLabel

        self.sync_status = SyncStatusLabel(parent=self)
        self.statusBar().insertPermanentWidget(0, self.sync_status)

    # navigation ---------------------------------------------------------------------

    def _connect_page(self, page: Page) -> None:
        """The requests every page may send the window."""
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        page.open_contact_requested.connect(lambda i: self.open_contact(i))
        page.open_follow_up_requested.connect(lambda i: self.open_follow_up(i))
        page.log_interaction_requested.connect(lambda ids: self.log_interaction(ids or None))
        page.plan_follow_up_requested.connect(
            lambda contact_id, due: self.plan_follow_up(contact_id, due)
        )

    def _wire(self, name: str, page: Page) -> None:
        """What only one page asks of the window, once that page is built."""
        if name == "today":
            today = cast("TodayPage", page)
            today.due_count_changed.connect(self._set_today_badge)
            today.new_contact_requested.connect(self.new_contact)
            today.import_requested.connect(lambda: self.import_file())
        elif name == "contacts":
            contacts = cast("ContactsPage", page)
            self._connect_detail_pane(contacts)
            contacts.export_requested.connect(
                lambda key: self.data_actions.exporter.export(key, selected=True)
            )
        elif name == "goals":
            cast("GoalsPage", page).plan_goal_follow_up_requested.connect(
                lambda contact_id, goal_id: self.plan_follow_up(contact_id, None, goal_id)
            )

    def current_page(self) -> str:
        return PAGE_NAMES[self.pages.currentIndex()]

    def page(self, name: str) -> Page:
        """The page called ``name``, built now if it has not been shown yet."""
        page = self._page_widgets.get(name)
        if page is None:
            row = PAGE_NAMES.index(name)
            page = PAGES[row].build(self)
            self._page_widgets[name] = page
            self._connect_page(page)
            self._wire(name, page)
            stand_in = self.pages.widget(row)
            showing = self.pages.currentIndex()
            self.pages.insertWidget(row, page)
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
            self.pages.setCurrentIndex(showing)
        return page

    def built_pages(self) -> list[str]:
        """The pages built so far, in sidebar order."""
        return [name for name in PAGE_NAMES if name in self._page_widgets]

    def _show_row(self, row: int) -> None:
        self.page(PAGE_NAMES[row])
        self.pages.setCurrentIndex(row)

    @property
    def today_page(self) -> TodayPage:
        return cast("TodayPage", self.page("today"))

    @property
    def contacts_page(self) -> ContactsPage:
        return cast("ContactsPage", self.page("contacts"))

    @property
    def calendar_page(self) -> CalendarPage:
        return cast("CalendarPage", self.page("calendar"))

    @property
    def goals_page(self) -> GoalsPage:
        return cast("GoalsPage", self.page("goals"))

    @property
    def network_page(self) -> NetworkPage:
        return cast("NetworkPage", self.page("network"))

    def _selected_contacts(self) -> list[int]:
        """The people selected on the Contacts page (nobody before it was first shown)."""
        page = self._page_widgets.get("contacts")
        return cast("ContactsPage", page).selected_ids() if page is not None else []

    def show_page(self, name: str) -> None:
        self.navigation.setCurrentRow(PAGE_NAMES.index(name))

    def _set_today_badge(self, count: int) -> None:
        """Overdue + due-today follow-ups, on the sidebar's Today item."""
        item = self.navigation.item(PAGE_NAMES.index("today"))
        item.setData(BADGE_ROLE, count)
        item.setToolTip(f"{count} follow-ups overdue or due today" if count else "")

    def today_badge(self) -> int:
        return int(self.navigation.item(PAGE_NAMES.index("today")).data(BADGE_ROLE) or 0)

    def find(self) -> None:
        self.show_page("contacts")
        self.contacts_page.focus_search()

    def new_contact(self) -> None:
        self.show_page("contacts")
        self.contacts_page.new_contact()

    def import_file(self, path: Path | str | None = None) -> ImportDialog | None:
        """File ▸ Import… (Ctrl+I) or a dropped file: the review dialog, window-modal."""
        return self.data_actions.import_file(path)

    def find_duplicates(self) -> DuplicatesDialog:
        """Contacts ▸ Find duplicates… (window-modal)."""
        return self.data_actions.find_duplicates()

    # interactions and follow-ups ----------------------------------------------------

    def log_interaction(self, contact_ids: list[int] | None = None) -> InteractionDialog:
        """Open the log-interaction form (window-modal) about these people; Ctrl+L."""
        if contact_ids is None and self.current_page() == "contacts":
            current = self.contacts_page.detail.contact_id
            contact_ids = [current] if current is not None else None
        from kith.core.interactions import InteractionDraft
        from kith.ui.dialogs.interaction_dialog import InteractionDialog

        draft = InteractionDraft(
            occurred_at=datetime.now().astimezone(), contact_ids=list(contact_ids or [])
        )
        dialog = InteractionDialog(self._log, draft, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def _log(self, draft: InteractionDraft) -> object:
        from kith.ui.commands.interaction_commands import LogInteractionCommand

        command = LogInteractionCommand(draft)
        self.undo_stack.push(command)
        text = "Logged " + (f"“{draft.summary.strip()}”" if draft.summary.strip() else "it")
        if command.logged.follow_up_id is not None:
            text += " and planned the follow-up"
        self.statusBar().showMessage(f"{text} · Undo with Ctrl+Z", 8000)
        return command.logged

    def plan_follow_up(
        self,
        contact_id: int | None = None,
        due: date | None = None,
        goal_id: int | None = None,
    ) -> FollowUpDialog:
        """Open the follow-up form (window-modal) for a new one; Ctrl+Shift+F."""
        from kith.core.follow_ups import FollowUpDraft
        from kith.ui.dialogs.follow_up_dialog import FollowUpDialog

        if contact_id is None and self.current_page() == "contacts":
            contact_id = self.contacts_page.detail.contact_id
        draft = FollowUpDraft(
            due_date=due or date.today() + timedelta(days=7),
            contact_id=contact_id,
            goal_id=goal_id,
        )
        return self._open_follow_up_dialog(
            FollowUpDialog(self.follow_up_actions, draft, parent=self)
        )

    def open_follow_up(self, follow_up_id: int) -> FollowUpDialog:
        """Open an existing follow-up to edit it, mark it done, snooze, drop or delete it."""
        from kith.core.follow_ups import load_follow_up_draft
        from kith.ui.dialogs.follow_up_dialog import FollowUpDialog

        draft = load_follow_up_draft(follow_up_id)
        dialog = FollowUpDialog(
            self.follow_up_actions, draft, follow_up_id=follow_up_id, parent=self
        )
        return self._open_follow_up_dialog(dialog)

    def _open_follow_up_dialog(self, dialog: FollowUpDialog) -> FollowUpDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def edit_interaction(self, interaction_id: int) -> InteractionDialog | None:
        """Open a logged interaction in the form to change it (undoable)."""
        from kith.core.interactions import InteractionNotFoundError, load_interaction_draft
        from kith.ui.commands.interaction_commands import EditInteractionCommand
        from kith.ui.dialogs.interaction_dialog import InteractionDialog

        try:
            draft = load_interaction_draft(interaction_id)
        except InteractionNotFoundError:
            self.statusBar().showMessage("That interaction is no longer in Kith.", 8000)
            return None

        def save(changed: InteractionDraft) -> object:
            self.undo_stack.push(EditInteractionCommand(interaction_id, changed))
            self.statusBar().showMessage("Saved the interaction · Undo with Ctrl+Z", 8000)
            return interaction_id

        dialog = InteractionDialog(save, draft, interaction_id=interaction_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def delete_interaction(self, interaction_id: int) -> None:
        """Delete a logged interaction; Ctrl+Z brings it back with its people."""
        from kith.core.interactions import InteractionNotFoundError
        from kith.ui.commands.interaction_commands import DeleteInteractionCommand

        try:
            command = DeleteInteractionCommand(interaction_id)
        except InteractionNotFoundError:
            self.statusBar().showMessage("That interaction is no longer in Kith.", 8000)
            return
        self.undo_stack.push(command)
        self.statusBar().showMessage("Deleted the interaction · Undo with Ctrl+Z", 8000)

    def edit_relationships(self, contact_id: int) -> QDialog:
        """Who a contact knows (window-modal); returned so tests can drive it."""
        from kith.ui.widgets.relationships_editor import RelationshipsDialog

        dialog = RelationshipsDialog(contact_id, self, undo_stack=self.undo_stack)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.activateWindow()
        return dialog

    def find_warm_path(self, contact_id: int) -> QWidget:
        """ "How do I reach …?" for a contact, from the Network page."""
        self.show_page("network")
        return self.network_page.find_warm_path(target=contact_id)

    def _connect_detail_pane(self, page: ContactsPage) -> None:
        detail = page.detail
        actions = self.follow_up_actions
        detail.log_interaction_requested.connect(lambda ids: self.log_interaction(ids or None))
        detail.plan_follow_up_requested.connect(
            lambda contact_id, due: self.plan_follow_up(contact_id, due)
        )
        detail.open_follow_up_requested.connect(lambda i: self.open_follow_up(i))
        detail.edit_interaction_requested.connect(lambda i: self.edit_interaction(i))
        detail.delete_interaction_requested.connect(lambda i: self.delete_interaction(i))
        detail.complete_follow_up_requested.connect(lambda i: actions.complete(i))
        detail.snooze_follow_up_requested.connect(lambda i, until: actions.snooze(i, until))
        detail.delete_follow_up_requested.connect(lambda i: actions.delete(i))
        detail.relationships_requested.connect(lambda i: self.edit_relationships(i))
        detail.warm_path_requested.connect(lambda i: self.find_warm_path(i))

    def open_contact(self, contact_id: int) -> None:
        """Switch to Contacts and select that person's card."""
        self.show_page("contacts")
        self.contacts_page.select_contact(contact_id)

    # menus --------------------------------------------------------------------------

    def _action(
        self, text: str, shortcut: QKeySequence | str | None, slot: object, icon_name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("&New contact…", "Ctrl+N", self.new_contact, "add"))
        file_menu.addAction(
            self._action(
                "&Log interaction…", "Ctrl+L", lambda: self.log_interaction(), "log-interaction"
            )
        )
        file_menu.addAction(
            self._action(
                "&Plan follow-up…", "Ctrl+Shift+F", lambda: self.plan_follow_up(), "follow-up"
            )
        )
        file_menu.addSeparator()
        self.data_actions.add_file_menu_entries(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.quit))

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icon("undo"))
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Find…", QKeySequence.StandardKey.Find, self.find))
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action("&Settings…", "Ctrl+,", lambda: self.open_settings(), "settings")
        )

        self.data_actions.add_contacts_menu(bar)

        view_menu = bar.addMenu("&View")
        for number, spec in enumerate(PAGES, start=1):
            view_menu.addAction(
                self._action(
                    spec.title,
                    f"Ctrl+{number}",
                    lambda _=False, n=spec.name: self.show_page(n),
                    spec.icon or spec.name,
                )
            )

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "Kith &Help", QKeySequence.StandardKey.HelpContents, lambda: self.show_help()
            )
        )
        help_menu.addAction(
            self._action("&Keyboard shortcuts", None, lambda: self.show_shortcuts())
        )
        help_menu.addAction(self._action("&About Kith", None, self.show_about))

    def show_help(self, section: str = "") -> HelpDialog:
        """Help ▸ Kith Help (F1): how to use each page, the rules and their numbers, and every
        shortcut; opened on ``section`` when given. One Help window at a time."""
        from kith.ui.dialogs.help_dialog import HelpDialog

        dialog = self._help if self._help is not None else HelpDialog(self)
        if self._help is None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "_help", None))
            self._help = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if section:
            dialog.show_section(section)
        return dialog

    def show_shortcuts(self) -> HelpDialog:
        """Help ▸ Keyboard shortcuts: the Help, at its list of every shortcut."""
        from kith.ui.dialogs.help_dialog import SHORTCUTS_TITLE

        return self.show_help(SHORTCUTS_TITLE)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from kith import __version__

        QMessageBox.about(
            self,
            "About Kith",
            f"<h3>Kith {__version__}</h3>"
            "<p>Keeps your professional network alive: who you know, how you met, "
            "and when to follow up.</p>"
            f"<p>Your data stays on this computer, in<br><code>{self.database_path}</code></p>",
        )

    # lifecycle ----------------------------------------------------------------------

    def open_settings(self) -> QDialog:
        """Edit ▸ Settings… (Ctrl+,), window-modal; returned so tests can drive it."""
        from kith.ui.dialogs.capture_settings_page import CaptureSettingsPage
        from kith.ui.dialogs.privacy_settings_page import PrivacySettingsPage
        from kith.ui.dialogs.settings_dialog import (
            BUILT_IN_PAGES,
            SettingsDialog,
            SettingsPageSpec,
        )
        from kith.ui.dialogs.sync_settings_page import SyncSettingsPage

        pages = (
            *BUILT_IN_PAGES,
            SettingsPageSpec("Sync", "sync", lambda dialog: SyncSettingsPage(parent=dialog)),
            SettingsPageSpec(
                "Capture", "import", lambda dialog: CaptureSettingsPage(parent=dialog)
            ),
            SettingsPageSpec(
                "Privacy",
                "lock",
                lambda dialog: PrivacySettingsPage(self.database_path, parent=dialog),
            ),
        )
        dialog = SettingsDialog(pages=pages, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def bring_to_front(self) -> None:
        """Show the window (from the tray, or when Kith is started a second time)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        self._quitting = True
        self.close()
        self.quit_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        if not self._quitting and self.keeps_running_in_tray():
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        super().closeEvent(event)
