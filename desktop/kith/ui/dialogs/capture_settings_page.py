"""Settings ▸ Capture: the mail accounts and files Kith reads for contact with your people —
each on or off, what is read and what is kept, *Read now* (on a worker thread, with progress
and Cancel), *Forget this source*, a form to add an IMAP account, and the addresses you said
"never" for.

Like the Sync page, this page saves as you go; the password typed here goes to the OS keyring
(or, without one, memory for this session) and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
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

from kith.core.capture.sources import (
    DEFAULT_MAX_PARTICIPANTS,
    MAX_PARTICIPANTS_LIMIT,
    Source,
    SourceDraft,
    blocked_addresses,
    forget_source,
    list_sources,
    save_source,
    set_enabled,
    unblock_address,
)
from kith.core.errors import ValidationError
from kith.core.sync.accounts import keyring_status
from kith.ui.capture_runner import ScanWorker
from kith.ui.formats import date_time_text
from kith.ui.icons import icon
from kith.ui.widgets.buttons import make_primary
from kith.ui.widgets.date_fields import SpinBox
from kith.ui.worker_threads import start_worker

READ_AND_KEPT = (
    "<b>What Kith reads:</b> mail headers only — who wrote to whom and when, which thread, "
    "and the marks of mailing lists and automatic mail; the subject only if you allow it. "
    "Never a message's body. Mail folders are opened read-only: nothing is marked read. "
    "From calendars: each event's time, organiser and who attended."
    "<br><b>What Kith keeps:</b> for each person already in Kith on a message or meeting, "
    "its date, the source, the thread and who wrote first — enough for “last email 3 days "
    "ago” and for the suggestions on Today. Nobody else on a message is kept, no contact is "
    "ever created from mail, and nothing is synced unless you accept it as an interaction."
)

SECURITY_CHOICES = (
    ("tls", "TLS (port 993)"),
    ("starttls", "STARTTLS (port 143)"),
    ("none", "None — only for a server on this computer"),
)


def source_text(source: Source) -> str:
    """ "Work mail — ana@example.org on imap.example.org · last read 5 Dec 14:02"."""
    if source.kind == "imap":
        where = f"{source.username} on {source.host}"
    elif source.kind == "caldav":
        where = "the calendars of a sync account"
    else:
        where = source.path
    text = f"{source.name} — {where}"
    if source.last_scan_at is not None:
        from kith.core.local_time import local_wall

        wall = local_wall(source.last_scan_at)
        text += f" · last read {date_time_text(wall, year=False)}"
    if source.last_error:
        text += f" · {source.last_error}"
    return text


class CaptureSettingsPage(QWidget):
    """The "Capture" page of the settings dialog (it saves as you go)."""

    #: A scan ended: its summary, or the problem in plain words.
    scan_finished = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker: ScanWorker | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        heading = QLabel("Capture")
        heading.setObjectName("PageTitle")
        outer.addWidget(heading)
        body = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        self.privacy_label = QLabel(READ_AND_KEPT)
        self.privacy_label.setWordWrap(True)
        self.privacy_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.privacy_label)

        self.source_list = QListWidget()
        self.source_list.setAccessibleName("Capture sources (tick to read, untick to pause)")
        self.source_list.setFixedHeight(96)
        self.source_list.itemChanged.connect(self._toggled)
        self.source_list.currentRowChanged.connect(lambda _: self._update_buttons())
        self.source_list.currentRowChanged.connect(lambda _: self._show_options())
        layout.addWidget(self.source_list)
        buttons = QHBoxLayout()
        self.scan_button = QPushButton("Read now")
        self.scan_button.clicked.connect(self.scan_selected)
        buttons.addWidget(self.scan_button)
        self.file_button = QPushButton(icon("import"), "Read a mail or calendar file…")
        self.file_button.clicked.connect(self._choose_file)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        self.forget_button = QPushButton(icon("delete"), "Forget this source")
        self.forget_button.setToolTip("Delete the source and everything captured from it")
        self.forget_button.clicked.connect(self.forget_selected)
        buttons.addWidget(self.forget_button)
        layout.addLayout(buttons)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        progress_row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.cancel_button.hide()
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        self.scan_label = QLabel()
        self.scan_label.setWordWrap(True)
        self.scan_label.setProperty("role", "muted")
        layout.addWidget(self.scan_label)

        layout.addWidget(self._build_options())
        layout.addWidget(self._build_form())

        calendars = QHBoxLayout()
        calendars.addWidget(QLabel("Meetings from the calendars of"))
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName("Sync account whose calendars to read")
        calendars.addWidget(self.account_combo, 1)
        self.calendar_button = QPushButton(icon("add"), "Add")
        self.calendar_button.setToolTip(
            "Read the events of this sync account's calendars (Settings ▸ Sync)"
        )
        self.calendar_button.clicked.connect(self.add_calendars)
        calendars.addWidget(self.calendar_button)
        layout.addLayout(calendars)

        blocked_heading = QLabel("NEVER CAPTURED")
        blocked_heading.setProperty("role", "section")
        layout.addWidget(blocked_heading)
        blocked_row = QHBoxLayout()
        self.blocked_list = QListWidget()
        self.blocked_list.setAccessibleName("Addresses never captured")
        self.blocked_list.setFixedHeight(72)
        blocked_row.addWidget(self.blocked_list, 1)
        self.unblock_button = QPushButton("Allow again")
        self.unblock_button.clicked.connect(self.unblock_selected)
        blocked_row.addWidget(self.unblock_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(blocked_row)
        layout.addStretch(1)
        self.reload()

    def _build_options(self) -> QWidget:
        """The chosen source's options: subjects, the crowd limit, auto-accept."""
        box = QFrame()
        box.setProperty("card", True)
        column = QVBoxLayout(box)
        title = QLabel("THIS SOURCE")
        title.setProperty("role", "section")
        column.addWidget(title)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        self.option_subject = QCheckBox("Read and keep subjects and event titles")
        self.option_max = SpinBox()
        self.option_max.setRange(1, MAX_PARTICIPANTS_LIMIT)
        self.option_max.setSuffix(" people")
        self.option_auto_mail = QCheckBox("Accept mail suggestions without asking")
        self.option_auto_meetings = QCheckBox("Accept meeting suggestions without asking")
        form.addRow("", self.option_subject)
        form.addRow("Skip messages with more than", self.option_max)
        form.addRow("", self.option_auto_mail)
        form.addRow("", self.option_auto_meetings)
        column.addLayout(form)
        self.options_button = QPushButton("Save these options")
        self.options_button.clicked.connect(self.save_options)
        column.addWidget(self.options_button, 0, Qt.AlignmentFlag.AlignRight)
        self.options_box = box
        return box

    def _show_options(self) -> None:
        source = self.selected()
        self.options_box.setEnabled(source is not None)
        if source is None:
            return
        self.option_subject.setChecked(source.read_subject)
        self.option_max.setValue(source.max_participants)
        self.option_auto_mail.setChecked(source.auto_accept_mail)
        self.option_auto_meetings.setChecked(source.auto_accept_meetings)

    def save_options(self) -> None:
        """Save the chosen source's options (they apply from its next scan)."""
        from dataclasses import replace

        from kith.core.capture.sources import source_draft

        source = self.selected()
        if source is None:
            return
        draft = replace(
            source_draft(source),
            read_subject=self.option_subject.isChecked(),
            max_participants=self.option_max.value(),
            auto_accept_mail=self.option_auto_mail.isChecked(),
            auto_accept_meetings=self.option_auto_meetings.isChecked(),
        )
        try:
            save_source(draft, source.id)
        except ValidationError as exc:
            self.scan_label.setText(" ".join(exc.errors.values()))
            return
        self.scan_label.setText(
            f"Saved the options of {source.name}; they apply from its next read."
        )
        self.reload()

    def _build_form(self) -> QWidget:
        box = QFrame()
        box.setProperty("card", True)
        column = QVBoxLayout(box)
        title = QLabel("ADD A MAIL ACCOUNT (IMAP)")
        title.setProperty("role", "section")
        column.addWidget(title)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Work mail")
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("imap.example.org")
        self.security_combo = QComboBox()
        for value, label in SECURITY_CHOICES:
            self.security_combo.addItem(label, value)
        self.port_spin = SpinBox()
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText("default")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.me_edit = QLineEdit()
        self.me_edit.setPlaceholderText("you@example.org, you@home.example (also learnt from Sent)")
        self.subject_check = QCheckBox("Also read and keep subjects and event titles")
        self.max_spin = SpinBox()
        self.max_spin.setRange(1, MAX_PARTICIPANTS_LIMIT)
        self.max_spin.setValue(DEFAULT_MAX_PARTICIPANTS)
        self.max_spin.setSuffix(" people")
        self.auto_mail_check = QCheckBox("Accept mail suggestions without asking")
        self.auto_meetings_check = QCheckBox("Accept meeting suggestions without asking")
        form.addRow("Name", self.name_edit)
        form.addRow("Server", self.host_edit)
        form.addRow("Encryption", self.security_combo)
        form.addRow("Port", self.port_spin)
        form.addRow("User", self.user_edit)
        form.addRow("Password", self.password_edit)
        form.addRow("Your addresses", self.me_edit)
        form.addRow("", self.subject_check)
        form.addRow("Skip messages with more than", self.max_spin)
        form.addRow("", self.auto_mail_check)
        form.addRow("", self.auto_meetings_check)
        column.addLayout(form)
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        self.form_error.setProperty("role", "error")
        column.addWidget(self.form_error)
        self.keyring_label = QLabel(keyring_status().message)
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setProperty("role", "muted")
        column.addWidget(self.keyring_label)
        self.add_button = QPushButton(icon("add"), "Add account")
        make_primary(self.add_button)
        self.add_button.clicked.connect(self.add_account)
        column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    # the list -----------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.selected()
        self.source_list.blockSignals(True)
        self.source_list.clear()
        for source in list_sources():
            item = QListWidgetItem(source_text(source))
            item.setData(Qt.ItemDataRole.UserRole, source)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if source.enabled else Qt.CheckState.Unchecked)
            self.source_list.addItem(item)
            if current is not None and source.id == current.id:
                self.source_list.setCurrentItem(item)
        self.source_list.blockSignals(False)
        if self.source_list.currentRow() < 0 and self.source_list.count():
            self.source_list.setCurrentRow(0)
        self.blocked_list.clear()
        for address in sorted(blocked_addresses()):
            self.blocked_list.addItem(address)
        from kith.core.sync.accounts import list_accounts

        self.account_combo.clear()
        for account in list_accounts():
            self.account_combo.addItem(account.name, account.id)
        self.calendar_button.setEnabled(self.account_combo.count() > 0)
        self._update_buttons()
        self._show_options()

    def selected(self) -> Source | None:
        item = self.source_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        busy = self._worker is not None
        chosen = self.selected() is not None
        self.scan_button.setEnabled(chosen and not busy)
        self.forget_button.setEnabled(chosen and not busy)
        self.file_button.setEnabled(not busy)

    def _toggled(self, item: QListWidgetItem) -> None:
        source: Source = item.data(Qt.ItemDataRole.UserRole)
        set_enabled(source.id, item.checkState() == Qt.CheckState.Checked)
        self.reload()

    def forget_selected(self) -> None:
        source = self.selected()
        if source is None:
            return
        answer = QMessageBox.question(
            self,
            "Forget this source?",
            f"Delete {source.name} and everything Kith captured from it — the suggestions "
            "waiting and what the cards show? Interactions you accepted stay.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        forget_source(source.id)
        self.scan_label.setText(f"Forgot {source.name} and everything captured from it.")
        self.reload()

    def unblock_selected(self) -> None:
        item = self.blocked_list.currentItem()
        if item is not None:
            unblock_address(item.text())
            self.reload()

    # adding -------------------------------------------------------------------------------

    def add_account(self) -> Source | None:
        draft = SourceDraft(
            kind="imap",
            name=self.name_edit.text(),
            host=self.host_edit.text(),
            port=self.port_spin.value() or None,
            security=self.security_combo.currentData(),
            username=self.user_edit.text(),
            my_addresses=[a for a in self.me_edit.text().replace(";", ",").split(",") if a.strip()],
            read_subject=self.subject_check.isChecked(),
            max_participants=self.max_spin.value(),
            auto_accept_mail=self.auto_mail_check.isChecked(),
            auto_accept_meetings=self.auto_meetings_check.isChecked(),
        )
        password = self.password_edit.text()
        if not password:
            self.form_error.setText("Enter the password (it is kept in your system keyring).")
            return None
        try:
            source = save_source(draft, password=password)
        except ValidationError as exc:
            self.form_error.setText(" ".join(exc.errors.values()))
            return None
        self.form_error.setText("")
        for edit in (self.name_edit, self.host_edit, self.user_edit, self.password_edit):
            edit.clear()
        self.me_edit.clear()
        self.reload()
        for row in range(self.source_list.count()):
            if self.source_list.item(row).data(Qt.ItemDataRole.UserRole).id == source.id:
                self.source_list.setCurrentRow(row)
        return source

    def add_calendars(self) -> Source | None:
        """A source for the chosen sync account's calendars, read at once."""
        from kith.core.capture.calendars import calendar_source
        from kith.core.sync.accounts import get_account

        account_id = self.account_combo.currentData()
        if account_id is None:
            return None
        source = calendar_source(get_account(account_id))
        self.reload()
        self._start(source, None)
        return source

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Read a mail or calendar file", "", "Mail and calendars (*.mbox *.ics *)"
        )
        if path:
            self.read_file(Path(path))

    def read_file(self, path: Path) -> None:
        """Read an mbox file, a Maildir folder or an .ics (a source of its own) in the
        background."""
        from kith.core.capture.files import CaptureFileError, file_kind
        from kith.core.capture.sources import file_source

        try:
            file_kind(path)
        except CaptureFileError as exc:
            self.scan_label.setText(str(exc))
            return
        source = file_source(path)
        self.reload()
        self._start(source, None)

    # scanning -----------------------------------------------------------------------------

    def scan_selected(self) -> None:
        source = self.selected()
        if source is None:
            return
        password = None
        if source.kind == "imap":
            from kith.core.sync.accounts import password_store
            from kith.core.sync.errors import KeyringFailure

            try:
                password = password_store().get(source.uid)
            except KeyringFailure as exc:
                self.scan_label.setText(str(exc))
                return
            if password is None:
                self.scan_label.setText(
                    f"Kith has no password for {source.name} (no keyring keeps it): forget "
                    "the source and add it again with its password."
                )
                return
        self._start(source, password)

    def _start(self, source: Source, password: str | None) -> None:
        worker = ScanWorker(source, password)
        self._worker = worker
        worker.progress.connect(self._progress)
        worker.done.connect(self._done)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._ended)
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"Reading {source.name}…")
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.scan_label.setText("")
        self._update_buttons()
        start_worker(worker, worker.run, worker.finished, worker.cancel)

    def cancel_scan(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Stopping after this batch…")

    def _progress(self, where: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{where}: {done} of {total}")

    def _done(self, report: object) -> None:
        text = report.summary()  # type: ignore[attr-defined]
        notes = report.notes  # type: ignore[attr-defined]
        if notes:
            text += f" ({len(notes)} note{'' if len(notes) == 1 else 's'}: {notes[0]}…)"
        self.scan_label.setText(text)
        self.scan_finished.emit(text)

    def _failed(self, message: str) -> None:
        self.scan_label.setText(message)
        self.scan_finished.emit(message)

    def _ended(self) -> None:
        self._worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.reload()
