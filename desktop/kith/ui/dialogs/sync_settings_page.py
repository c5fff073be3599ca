"""Settings ▸ Sync: CardDAV/CalDAV accounts — add, edit, test the connection, pick or create the
address book and calendar, sync now, and the status line (last sync, next sync, errors).

Network work (testing a connection, creating collections) runs on worker threads; syncing runs
on the :class:`~kith.ui.sync_runner.SyncRunner`'s thread. The password typed here — or found
in a server address typed as ``https://user:password@host/`` — goes to the OS keyring (or,
without one, to memory for this session) and nowhere else; a keyring that fails is said in
the form, and the account is then not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kith.core.database import close_thread_connection
from kith.core.sync.accounts import (
    MAX_INTERVAL_MINUTES,
    Account,
    AccountDraft,
    AccountError,
    delete_account,
    get_account,
    keyring_status,
    list_accounts,
    password_store,
    save_account,
    split_credentials,
)
from kith.core.sync.dav import CALENDAR, CONTACTS
from kith.core.sync.errors import KeyringFailure
from kith.ui.icons import icon
from kith.ui.store_signals import store_signals
from kith.ui.sync_runner import SyncRunner, status_text
from kith.ui.theme import set_style_property
from kith.ui.widgets.date_fields import SpinBox
from kith.ui.worker_threads import start_worker

#: Combo box data besides a collection's URL.
CREATE = "kith:create"
NONE = "kith:none"

INTRO = (
    "Keep contacts, follow-ups and birthdays in step with a CardDAV/CalDAV server — "
    "Nextcloud, Radicale, Baïkal, Fastmail, iCloud — so your other computers and your "
    "phone see them. Kith's own file stays the truth on this computer."
)


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


class _NetworkWorker(QObject):
    """Runs one network call (discovery or creating collections) off the GUI thread."""

    done = Signal(object, object)  # the worker, the result
    failed = Signal(object, str)  # the worker, the problem in plain words
    finished = Signal()

    def __init__(self, call: Callable[[], object]) -> None:
        super().__init__()
        self.call = call

    def run(self) -> None:
        from kith.core.sync.errors import SyncError

        try:
            self.done.emit(self, self.call())
        except SyncError as exc:
            self.failed.emit(self, str(exc))
        except Exception as exc:  # a bug: say so rather than hang the form
            self.failed.emit(self, f"Kith could not finish this: {exc}")
        finally:
            close_thread_connection()
            self.finished.emit()


class SyncSettingsPage(QWidget):
    """The "Sync" page of the settings dialog. The dialog's one Save saves the account shown
    (:meth:`has_unsaved_changes`, :meth:`save`); Remove and Sync now act at once."""

    #: The connection test finished: (True, message) or (False, the problem in plain words).
    test_finished = Signal(bool, str)
    #: An account was saved (its id).
    account_saved = Signal(int)

    def __init__(self, runner: SyncRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if runner is None:
            from kith.ui.sync_runner import sync_runner

            runner = sync_runner()
        self.runner = runner
        self._account_id: int | None = None
        self._needs_password = True
        self._pending: dict[int, tuple[QObject, Callable[[Any], None], Callable[[str], None]]] = {}
        self._tested: tuple[str, str, str] | None = None
        self._saving = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        heading = QLabel("Sync")
        heading.setObjectName("PageTitle")
        outer.addWidget(heading)
        # The rest scrolls when the dialog is shorter than the form.
        body = QWidget()
        body.setObjectName("SyncPageBody")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        layout.addWidget(_help(INTRO))
        keyring = keyring_status()
        self.keyring_label = QLabel(keyring.message)
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setProperty("role", "muted" if keyring.usable else "error")
        layout.addWidget(self.keyring_label)

        # Accounts list with Add / Remove beside it.
        self.account_list = QListWidget()
        self.account_list.setAccessibleName("Sync accounts")
        self.account_list.setFixedHeight(72)
        self.account_list.currentRowChanged.connect(self._account_chosen)
        self.add_button = QPushButton(icon("add"), "Add account")
        self.add_button.clicked.connect(self.new_account)
        self.remove_button = QPushButton(icon("delete"), "Remove")
        self.remove_button.clicked.connect(self.remove_account)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        accounts = QHBoxLayout()
        accounts.addWidget(self.account_list, 1)
        accounts.addLayout(side)
        layout.addLayout(accounts)

        # The account form.
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Home server")
        self.name_edit.setAccessibleName("Account name")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://cloud.example.com/remote.php/dav")
        self.url_edit.setAccessibleName("Server address")
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName("Username")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Password")
        self.password_edit.setPlaceholderText("password or app password")
        form.addRow("Name", self.name_edit)
        form.addRow("Server", self.url_edit)
        form.addRow("Username", self.username_edit)
        form.addRow("Password", self.password_edit)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = QLabel()
        self.test_label.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_label, 1)
        form.addRow("", test_row)
        self.book_combo = QComboBox()
        self.book_combo.setAccessibleName("Address book")
        self.calendar_combo = QComboBox()
        self.calendar_combo.setAccessibleName("Calendar")
        form.addRow("Address book", self.book_combo)
        form.addRow("Calendar", self.calendar_combo)
        self.interval_spin = SpinBox()
        self.interval_spin.setRange(1, MAX_INTERVAL_MINUTES)
        self.interval_spin.setSuffix(" minutes")
        self.interval_spin.setAccessibleName("Sync every")
        form.addRow("Sync every", self.interval_spin)
        layout.addLayout(form)
        self.form_error = QLabel()
        self.form_error.setProperty("role", "error")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        layout.addWidget(self.form_error)

        # Status line, progress, Sync now.
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Sync status")
        self.sync_button = QPushButton(icon("sync"), "Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.sync_button)
        layout.addStretch(1)
        # The status line stays in view below the scrolling form.
        outer.addLayout(status_row)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(6)
        self.progress_bar.hide()
        outer.addWidget(self.progress_bar)

        runner.status_changed.connect(self._status_changed)
        store_signals().changed.connect(self._store_changed)
        self._reload_accounts()  # shows the first account (or an empty form)

    # --- accounts ---------------------------------------------------------------------------

    def _reload_accounts(self, select: int | None = None) -> None:
        keep = select if select is not None else self._account_id
        self.account_list.blockSignals(True)
        self.account_list.clear()
        row_to_select = -1
        for row, account in enumerate(list_accounts()):
            item = QListWidgetItem(f"{account.name} — {account.username}")
            item.setData(Qt.ItemDataRole.UserRole, account.id)
            self.account_list.addItem(item)
            if account.id == keep:
                row_to_select = row
        self.account_list.blockSignals(False)
        if row_to_select < 0 and self.account_list.count() and keep is None:
            row_to_select = 0
        if row_to_select >= 0:
            self.account_list.setCurrentRow(row_to_select)
            self._account_chosen(row_to_select)
        else:
            self._show_account(None)

    def _account_chosen(self, row: int) -> None:
        item = self.account_list.item(row) if row >= 0 else None
        account_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_account(get_account(account_id) if account_id is not None else None)

    def _show_account(self, account: Account | None) -> None:
        self._account_id = account.id if account is not None else None
        draft = account.draft() if account is not None else AccountDraft()
        # An account added with `kith accounts add --no-password` stays one until a password
        # is typed here.
        self._needs_password = draft.needs_password
        self.name_edit.setText(draft.name)
        self.url_edit.setText(draft.url)
        self.username_edit.setText(draft.username)
        self.password_edit.clear()
        if account is not None and self._saved_password(account.uid):
            self.password_edit.setPlaceholderText("saved (type to change)")
        else:
            self.password_edit.setPlaceholderText("password or app password")
        self.interval_spin.setValue(draft.interval_minutes)
        self.test_label.clear()
        self.form_error.hide()
        self._tested = None
        self._fill_combos(None, draft.addressbook_url, draft.calendar_url)
        self.remove_button.setEnabled(account is not None)
        self.sync_button.setEnabled(account is not None)
        self._refresh_status()

    def _saved_password(self, account_uid: str) -> str | None:
        """The stored password, or None — saying so beside the keyring line if it failed."""
        try:
            return password_store().get(account_uid)
        except KeyringFailure as exc:
            self._show_keyring_problem(str(exc))
            return None

    def _show_keyring_problem(self, message: str) -> None:
        self.keyring_label.setText(message)
        set_style_property(self.keyring_label, "role", "error")

    def new_account(self) -> None:
        self.account_list.clearSelection()
        self.account_list.setCurrentRow(-1)
        self._show_account(None)
        self.name_edit.setFocus()

    def remove_account(self) -> None:
        if self._account_id is None:
            return
        delete_account(self._account_id)
        self.runner.forget(self._account_id)
        self._account_id = None
        self._reload_accounts()

    # --- collections ------------------------------------------------------------------------

    def _fill_combos(
        self,
        discovery: object | None,
        book_url: str | None = None,
        calendar_url: str | None = None,
    ) -> None:
        from kith.core.sync.discovery import Discovery

        found = discovery if isinstance(discovery, Discovery) else None
        for combo, kind, current in (
            (self.book_combo, CONTACTS, book_url),
            (self.calendar_combo, CALENDAR, calendar_url),
        ):
            previous = combo.currentData()
            combo.clear()
            seen: set[str] = set()
            collections = []
            if found is not None:
                collections = found.addressbooks if kind == CONTACTS else found.calendars
            for collection in collections:
                combo.addItem(collection.name, collection.url)
                seen.add(collection.url)
            if current and current not in seen:
                combo.addItem(current, current)
            what = "address book “Kith”" if kind == CONTACTS else "calendar “Kith follow-ups”"
            combo.addItem(f"Create the {what}", CREATE)
            combo.addItem(
                "Don't sync contacts" if kind == CONTACTS else "Don't sync follow-ups or birthdays",
                NONE,
            )
            wanted = current or previous
            index = combo.findData(wanted) if wanted else -1
            if index < 0:
                kith_name = "Kith" if kind == CONTACTS else "Kith follow-ups"
                index = next(
                    (i for i in range(combo.count()) if combo.itemText(i) == kith_name),
                    combo.findData(CREATE),
                )
            combo.setCurrentIndex(index)

    def _credentials(self) -> tuple[str, str, str] | None:
        """Server, user and password to connect with: as typed (credentials in the address
        count), else the saved password."""
        address = split_credentials(self.url_edit.text())
        url = address.url
        user = self.username_edit.text().strip() or address.username
        password = self.password_edit.text() or address.password
        if not password and self._account_id is not None:
            password = self._saved_password(get_account(self._account_id).uid) or ""
        missing = [
            label
            for label, value in (("server", url), ("username", user), ("password", password))
            if not value
        ]
        if missing:
            self._show_test(False, f"Enter the {' and '.join(missing)} first.")
            return None
        return url, user, password

    def _run(
        self,
        call: Callable[[], object],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:
        """Run ``call`` on a worker thread; ``done``/``failed`` then run on the GUI thread."""
        worker = _NetworkWorker(call)
        self._pending[id(worker)] = (worker, done, failed)
        # Bound methods of this widget: Qt queues the calls to the GUI thread.
        worker.done.connect(self._network_done)
        worker.failed.connect(self._network_failed)
        start_worker(worker, worker.run, worker.finished, lambda: None)

    def _network_done(self, worker: object, result: object) -> None:
        entry = self._pending.pop(id(worker), None)
        if entry is not None:
            entry[1](result)

    def _network_failed(self, worker: object, message: str) -> None:
        entry = self._pending.pop(id(worker), None)
        if entry is not None:
            entry[2](message)

    def test_connection(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return
        from kith.core.sync.discovery import discover

        url, user, password = credentials
        self.test_button.setEnabled(False)
        set_style_property(self.test_label, "role", "muted")
        self.test_label.setText("Connecting…")

        def found(discovery: Any) -> None:
            self._tested = credentials
            self._fill_combos(
                discovery,
                self._current_url(self.book_combo),
                self._current_url(self.calendar_combo),
            )
            self._show_test(True, discovery.summary())

        self._run(
            lambda: discover(url, user, password, timeout=20),
            found,
            lambda message: self._show_test(False, message),
        )

    def _show_test(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        set_style_property(self.test_label, "role", "muted" if ok else "error")
        self.test_label.setText(message)
        self.test_finished.emit(ok, message)

    @staticmethod
    def _current_url(combo: QComboBox) -> str | None:
        data = combo.currentData()
        return data if data and data not in (CREATE, NONE) else None

    # --- saving -----------------------------------------------------------------------------

    def _draft(self, book: str | None, calendar: str | None) -> AccountDraft:
        return AccountDraft(
            name=self.name_edit.text(),
            url=self.url_edit.text(),
            username=self.username_edit.text(),
            addressbook_url=book,
            calendar_url=calendar,
            interval_minutes=self.interval_spin.value(),
            needs_password=self._needs_password or bool(self.password_edit.text()),
        )

    def has_unsaved_changes(self) -> bool:
        """Whether the form says something the saved account does not (or, with no account
        chosen, whether anything was typed): what the dialog's Save then saves."""
        typed = (self.name_edit.text(), self.url_edit.text(), self.username_edit.text())
        if self.password_edit.text():
            return True
        if self._account_id is None:
            return any(t.strip() for t in typed)
        account = get_account(self._account_id)
        if account is None:
            return False
        saved = account.draft()
        return (
            typed != (saved.name, saved.url, saved.username)
            or self.interval_spin.value() != saved.interval_minutes
            or self._current_url(self.book_combo) != saved.addressbook_url
            or self._current_url(self.calendar_combo) != saved.calendar_url
        )

    def save(self, done: Callable[[bool], None] | None = None) -> None:
        """Save the account (creating Kith's collections first when chosen), then sync it;
        ``done(True)`` once saved, ``done(False)`` when the form shows why it was not (the
        Settings dialog's one Save waits for it)."""
        from kith.core.sync.accounts import validate_account

        def finish(ok: bool) -> None:
            self._saving = False
            if done is not None:
                done(ok)

        self.form_error.hide()
        book_choice = self.book_combo.currentData() or NONE
        cal_choice = self.calendar_combo.currentData() or NONE
        errors = validate_account(
            self._draft(self._current_url(self.book_combo), None), self._account_id
        )
        typed_password = (
            self.password_edit.text() or split_credentials(self.url_edit.text()).password
        )
        if not errors and not typed_password and self._account_id is None:
            errors["password"] = "Enter the password"
        if errors:
            self._show_error("; ".join(errors.values()))
            finish(False)
            return
        wants = {CONTACTS: book_choice == CREATE, CALENDAR: cal_choice == CREATE}
        if not any(wants.values()):
            finish(
                self._store(
                    self._current_url(self.book_combo), self._current_url(self.calendar_combo)
                )
            )
            return
        credentials = self._credentials()
        if credentials is None:
            finish(False)
            return
        from kith.core.sync.discovery import create_kith_collections

        url, user, password = credentials
        self._saving = True

        def created(made: object) -> None:
            found = made if isinstance(made, dict) else {}
            book = found[CONTACTS].url if wants[CONTACTS] and CONTACTS in found else None
            cal = found[CALENDAR].url if wants[CALENDAR] and CALENDAR in found else None
            finish(
                self._store(
                    book or self._current_url(self.book_combo),
                    cal or self._current_url(self.calendar_combo),
                )
            )

        def failed(message: str) -> None:
            self._show_error(message)
            finish(False)

        self._run(
            lambda: create_kith_collections(
                url,
                user,
                password,
                contacts=wants[CONTACTS],
                calendar=wants[CALENDAR],
                timeout=20,
            ),
            created,
            failed,
        )

    def _store(self, book: str | None, calendar: str | None) -> bool:
        draft = self._draft(book, calendar)
        password = self.password_edit.text() or split_credentials(draft.url).password
        try:
            account = save_account(draft, self._account_id, password=password or None)
        except AccountError as exc:  # the form keeps what was typed
            self._show_error(str(exc))
            return False
        if password:
            status = keyring_status()
            if not status.usable:  # kept in memory only: say so again, where it is seen
                self._show_keyring_problem(status.message)
            self.password_edit.clear()
        self.runner.forget(account.id)
        self._account_id = account.id
        self._reload_accounts(select=account.id)
        self.account_saved.emit(account.id)
        self.runner.sync_now(account.id)
        return True

    def _show_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.show()

    # --- status -----------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Sync now — or, while this account's sync runs, stop it."""
        if self._account_id is None:
            return
        if self.runner.status(self._account_id).running:
            self.runner.stop_sync(self._account_id)
        else:
            self.runner.sync_now(self._account_id)

    def _status_changed(self, account_id: int) -> None:
        if account_id == self._account_id:
            self._refresh_status()

    def _store_changed(self, tables: frozenset[str]) -> None:
        if "sync_account" in tables and not self.isHidden():
            self._refresh_status()

    def _refresh_status(self) -> None:
        if self._account_id is None:
            self.status_label.setText("Add an account to start syncing.")
            set_style_property(self.status_label, "role", "muted")
            self.progress_bar.hide()
            return
        status = self.runner.status(self._account_id)
        self.status_label.setText(status_text(status))
        set_style_property(self.status_label, "role", "error" if status.error else "muted")
        # While a sync runs the button stops it (a big first sync can take minutes).
        self.sync_button.setText("Stop" if status.running else "Sync now")
        self.sync_button.setToolTip(
            "Stop this sync; the next one goes on from where it stopped" if status.running else ""
        )
        if status.running and status.total:
            self.progress_bar.setRange(0, status.total)
            self.progress_bar.setValue(status.done)
            self.progress_bar.show()
        elif status.running:
            self.progress_bar.setRange(0, 0)
            self.progress_bar.show()
        else:
            self.progress_bar.hide()


_asked: set[int] = set()


def ask_for_password(
    runner: SyncRunner, account_id: int, parent: QWidget | None = None
) -> QInputDialog | None:
    """Ask for an account's password (no keyring, or none stored): once per session.

    The dialog opens window-modal with ``open()`` and is returned so tests can drive it; on OK
    the password goes to the password store (the keyring, or memory for this session) and the
    account syncs.
    """
    if account_id in _asked:
        return None
    _asked.add(account_id)
    account = get_account(account_id)
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Sync password")
    dialog.setLabelText(
        f"Kith needs the password for {account.username} on “{account.name}” to sync.\n"
        + (
            "It is kept in your system keyring."
            if keyring_status().usable
            else "There is no system keyring, so Kith keeps it only until it quits."
        )
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted(text: str) -> None:
        if not text:
            return
        try:
            password_store().set(account.uid, text)
        except KeyringFailure as exc:  # use it for this session, and say why it is not kept
            password_store().remember(account.uid, text)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                exc.title,
                f"{exc}\n\nKith uses the password until it quits and asks again next time.",
                parent=parent,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        runner.sync_now(account_id)

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog
