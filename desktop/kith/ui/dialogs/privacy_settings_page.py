"""Settings ▸ Privacy: *Encrypt my data* — turning encryption at rest on or off for the open
database (docs/encryption.md).

The page says plainly, before anything is encrypted, that without the keyring and the recovery
key (or the passphrase) the file cannot be opened. Saving converts the file on a worker
thread, with a progress dialog; the window's database is closed meanwhile and opened again
with its new key, and the window's lock moves onto the converted file before it takes the old
one's place. Turning it on with the keyring shows the recovery key once
(:class:`~kith.ui.dialogs.recovery_key_dialog.RecoveryKeyDialog`); turning it off asks first.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kith.core.database import (
    DatabaseProblem,
    close_database,
    open_database,
    open_key,
)
from kith.core.encryption import (
    Encrypted,
    FileKey,
    decrypt_database,
    encrypt_database,
    is_encrypted,
    key_from_passphrase,
    keyring_key,
    keyring_usable,
    state,
)
from kith.ui.worker_threads import start_worker

INTRO_TEXT = (
    "Kith keeps everything in one file on this computer. Encrypted, the file and its backups "
    "are unreadable to anyone who gets hold of them — names, notes, who asked whom for what. "
    "Search, sync, capture and the command line work the same."
)

WARNING_TEXT = (
    "Be sure of this before you turn it on: without this "
    "computer's keyring and the recovery key Kith shows you next (or, with a passphrase, "
    "without the passphrase), the file cannot be opened by anyone — Kith included. Nobody "
    "can recover it for you."
)

OFF_QUESTION = (
    "Turn encryption off? Kith will store your data unencrypted again, its backups too, "
    "and remove its key from the keyring."
)


class ConversionWorker(QObject):
    """Runs one conversion on a worker thread; ``progress`` says what it is doing."""

    progress = Signal(str)
    succeeded = Signal(object)  # an Encrypted, or the number of backups decrypted
    failed = Signal(str)
    finished = Signal()

    def __init__(self, job: Callable[[Callable[[str], None]], object]) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        try:
            self.succeeded.emit(self.job(self.progress.emit))
        except DatabaseProblem as exc:  # EncryptionError, WrongKeyError, DatabaseInUseError…
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so, and let the log have the details
            self.failed.emit(f"Kith could not convert the file: {exc}")
            traceback.print_exc()
        finally:
            self.finished.emit()


class PrivacySettingsPage(QWidget):
    """The Privacy page of Settings, on the database open in the window (``database``)."""

    #: The conversion ended: True when the file was converted.
    conversion_done = Signal(bool)

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = Path(database).expanduser()
        self.recovery_dialog: QWidget | None = None
        #: How the recovery key is shown (tests replace it).
        self.show_recovery: Callable[[str], None] = self._show_recovery
        #: How "turn it off?" is asked (tests replace it).
        self.confirm_off: Callable[[], bool] = self._confirm_off
        self._thread: object | None = None
        self._worker: ConversionWorker | None = None
        self._progress: QProgressDialog | None = None
        self._old_key: FileKey | None = None
        self._new_key: FileKey | None = None
        self._finish: Callable[[bool], None] = lambda _ok: None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        heading = QLabel("Privacy")
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        intro = QLabel(INTRO_TEXT)
        intro.setProperty("role", "muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.state_label)
        self.encrypt_check = QCheckBox("Encrypt my data")
        layout.addWidget(self.encrypt_check)
        self.warning_label = QLabel(WARNING_TEXT)
        self.warning_label.setProperty("role", "warning")
        self.warning_label.setWordWrap(True)
        layout.addWidget(self.warning_label)

        self.keyring_radio = QRadioButton("Keep the key in this computer's keyring (recommended)")
        self.passphrase_radio = QRadioButton("Use a passphrase instead (asked at every start)")
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.keyring_radio)
        self.mode_group.addButton(self.passphrase_radio)
        layout.addWidget(self.keyring_radio)
        layout.addWidget(self.passphrase_radio)
        self.passphrase_box = QWidget()
        form = QFormLayout(self.passphrase_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Passphrase", self.passphrase_edit)
        form.addRow("Again", self.repeat_edit)
        layout.addWidget(self.passphrase_box)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        self.encrypt_check.toggled.connect(self._update)
        self.keyring_radio.toggled.connect(self._update)
        self.passphrase_radio.toggled.connect(self._update)
        self._reset()

    # --- state ----------------------------------------------------------------------------

    def _reset(self) -> None:
        self.encrypted = is_encrypted(self.database)
        self.encrypt_check.blockSignals(True)
        self.encrypt_check.setChecked(self.encrypted)
        self.encrypt_check.blockSignals(False)
        if keyring_usable():
            self.keyring_radio.setChecked(True)
        else:
            self.keyring_radio.setEnabled(False)
            self.keyring_radio.setText(
                "Keep the key in this computer's keyring (this computer has no keyring)"
            )
            self.passphrase_radio.setChecked(True)
        self._update()

    def _state_text(self) -> str:
        if not self.encrypted:
            return f"Your data ({self.database}) is not encrypted."
        if state(self.database).key_source == "keyring":
            return (
                f"Your data ({self.database}) is encrypted; its key is in this computer's keyring."
            )
        return f"Your data ({self.database}) is encrypted; Kith asks for its passphrase at start."

    def _update(self) -> None:
        self.state_label.setText(self._state_text())
        turning_on = self.encrypt_check.isChecked() and not self.encrypted
        self.warning_label.setVisible(turning_on)
        for widget in (self.keyring_radio, self.passphrase_radio):
            widget.setVisible(turning_on)
        with_passphrase = turning_on and self.passphrase_radio.isChecked()
        self.passphrase_box.setVisible(with_passphrase)
        self.error_label.hide()

    def _say(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # --- SavesItself ----------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.encrypt_check.isChecked() != self.encrypted

    def save(self, done: Callable[[bool], None] | None = None) -> None:
        """Encrypt or decrypt the file, as the check box says; ``done(ok)`` when it is over."""
        finish = done or (lambda _ok: None)
        if not self.has_unsaved_changes():
            finish(True)
            return
        if self.encrypt_check.isChecked():
            passphrase = None
            if self.passphrase_radio.isChecked():
                passphrase = self.passphrase_edit.text()
                if not passphrase:
                    self._say("Type a passphrase (twice), or keep the key in the keyring.")
                    finish(False)
                    return
                if passphrase != self.repeat_edit.text():
                    self._say("The two passphrases are not the same; type them again.")
                    finish(False)
                    return
            elif not keyring_usable():
                self._say("This computer has no keyring: use a passphrase instead.")
                finish(False)
                return
            new_key = key_from_passphrase(passphrase) if passphrase else None

            def encrypt(progress: Callable[[str], None]) -> object:
                return encrypt_database(
                    self.database,
                    passphrase=passphrase,
                    progress=progress,
                    before_swap=_move_lock,
                )

            self._run(encrypt, "Encrypting your data…", new_key, finish)
        else:
            if not self.confirm_off():
                finish(False)
                return
            old_key = open_key()
            if old_key is None:
                self._say("Kith does not have the key of this file open; nothing was changed.")
                finish(False)
                return
            key = old_key

            def decrypt(progress: Callable[[str], None]) -> object:
                return decrypt_database(
                    self.database, key, progress=progress, before_swap=_move_lock
                )

            self._run(decrypt, "Decrypting your data…", None, finish)

    # --- the conversion -------------------------------------------------------------------

    def _run(
        self,
        job: Callable[[Callable[[str], None]], object],
        title: str,
        new_key: FileKey | None,
        finish: Callable[[bool], None],
    ) -> None:
        self._old_key = open_key()
        self._new_key = new_key
        self._finish = finish
        close_database()  # the window's connection: the file is about to be replaced
        progress = QProgressDialog(title, "", 0, 0, self)
        progress.setWindowTitle("Kith")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self._progress = progress
        worker = ConversionWorker(job)
        self._worker = worker
        # Bound methods of this page: Qt runs them on the GUI thread, queued.
        worker.progress.connect(self._progress_text)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self._thread = start_worker(worker, worker.run, worker.finished, lambda: None)

    @Slot(str)
    def _progress_text(self, text: str) -> None:
        if self._progress is not None:
            self._progress.setLabelText(text)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._close_progress()
        key = self._new_key
        recovery = result.recovery_key if isinstance(result, Encrypted) else None
        if recovery is not None:
            key = keyring_key(self.database)
        self._reopen(key)
        self._reset()
        if recovery is not None:
            self.show_recovery(recovery)
        self._finish(True)
        self.conversion_done.emit(True)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._close_progress()
        self._reopen(self._old_key)
        self._reset()
        self.encrypt_check.setChecked(not self.encrypted)
        self._say(message)
        self._finish(False)
        self.conversion_done.emit(False)

    def _reopen(self, key: FileKey | None) -> None:
        try:
            open_database(self.database, check=False, key=key)
        except DatabaseProblem as exc:
            self._say(str(exc))

    def _confirm_off(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Turn encryption off",
            OFF_QUESTION,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_recovery(self, key: str) -> None:
        from kith.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(key, self.database, self.window())
        self.recovery_dialog = dialog
        dialog.exec()


def _move_lock(converted: Path) -> None:
    """Move the window's lock onto the converted copy before it replaces the file."""
    from kith.ui.single_instance import DatabaseLock

    lock = DatabaseLock.held_by_window
    if lock is not None and lock.held:
        lock.move_onto(converted)
