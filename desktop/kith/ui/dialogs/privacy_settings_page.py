"""Settings ▸ Privacy: *Encrypt my data* — turning encryption at rest on or off for the open
database (docs/encryption.md).

The page says plainly, before anything is encrypted, that without the keyring and the recovery
key (or the passphrase) the file cannot be opened. Saving converts the file on a worker
thread, with a progress dialog; meanwhile the window goes on reading the file (a timer, a
repaint) through SQLCipher's SQLite, the one the conversion uses (two SQLite libraries in one
process do not see each other's locks). Windows renames over no file that is open, so at the
moment the converted copy takes the file's place nothing of the window's is open on it: the
swap runs on the window's thread, which closes its connection in it once the conversion has
checked that nothing was written since the copy; the window's lock is set aside for the rename
and taken again on the new file (:mod:`kith.store.conversion`); and the window's database is
opened again at once, with its new key. Turning it on with the keyring shows the recovery key once
(:class:`~kith.ui.dialogs.recovery_key_dialog.RecoveryKeyDialog`); turning it off asks first.
"""

from __future__ import annotations

import threading
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
    EncryptionError,
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


#: The last step of a conversion (the check, the close and the rename), to run with what
#: closes the window's connection once the check is done.
Swap = Callable[[Callable[[], None]], None]
#: A conversion: given where to say what it does and how to have its swap run, its result.
Job = Callable[[Callable[[str], None], Callable[[Swap], None]], object]


class SwapRequest:
    """The swap a conversion asks the window's thread to run, and what came of it: ``done``
    is set once it ran (``error``: what it raised). The worker abandons it when Kith quits
    before it ran, and then it never runs."""

    def __init__(self, swap: Swap) -> None:
        self.swap = swap
        self.done = threading.Event()
        self.error: BaseException | None = None
        self._state = "waiting"
        self._guard = threading.Lock()

    def _move(self, to: str) -> bool:
        with self._guard:
            if self._state != "waiting":
                return False
            self._state = to
            return True

    def take(self) -> bool:
        """Claim it to run (False: it was abandoned)."""
        return self._move("running")

    def abandon(self) -> bool:
        """Give it up (False: it runs already, or ran)."""
        return self._move("abandoned")


class ConversionWorker(QObject):
    """Runs one conversion on a worker thread; ``progress`` says what it is doing, and
    ``swap_wanted(SwapRequest)`` asks the window's thread to run the swap."""

    progress = Signal(str)
    swap_wanted = Signal(object)
    succeeded = Signal(object)  # an Encrypted, or the number of backups decrypted
    failed = Signal(str)
    finished = Signal()

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self._stopping = threading.Event()

    def cancel(self) -> None:
        """Kith quits: a swap not yet run is not waited for (the file stays as it was)."""
        self._stopping.set()

    def at_swap(self, swap: Swap) -> None:
        """Have the window's thread run ``swap``, and wait for it (on this thread)."""
        request = SwapRequest(swap)
        self.swap_wanted.emit(request)
        while not request.done.wait(0.05):
            if self._stopping.is_set() and request.abandon():
                raise EncryptionError(
                    Path(""), "Kith was closed before the conversion ended; nothing was changed."
                )
        if request.error is not None:
            raise request.error

    def run(self) -> None:
        try:
            self.succeeded.emit(self.job(self.progress.emit, self.at_swap))
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
        self._reopened = False
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

            def encrypt(progress: Callable[[str], None], at_swap: Callable[[Swap], None]) -> object:
                return encrypt_database(
                    self.database, passphrase=passphrase, progress=progress, at_swap=at_swap
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

            def decrypt(progress: Callable[[str], None], at_swap: Callable[[Swap], None]) -> object:
                return decrypt_database(self.database, key, progress=progress, at_swap=at_swap)

            self._run(decrypt, "Decrypting your data…", None, finish)

    # --- the conversion -------------------------------------------------------------------

    def _run(
        self,
        job: Job,
        title: str,
        new_key: FileKey | None,
        finish: Callable[[bool], None],
    ) -> None:
        self._old_key = open_key()
        self._new_key = new_key
        self._finish = finish
        self._reopened = False
        # Until the swap, the window reads the file through the conversion's SQLite.
        self._reopen(self._old_key, sqlcipher=True)
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
        worker.swap_wanted.connect(self._swap_here)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self._thread = start_worker(worker, worker.run, worker.finished, worker.cancel)

    @Slot(object)
    def _swap_here(self, request: SwapRequest) -> None:
        """Run the conversion's swap on the window's thread, which closes its connection in it
        (a timer or a repaint may have opened it again since), then opens the file it now is
        at once, with its key — before anything else on this thread can read it."""
        if not request.take():
            return
        try:
            request.swap(close_database)
        except BaseException as exc:  # told by the worker, which waits for it
            request.error = exc
        finally:
            try:
                self._reopen(self._key_now())
                self._reopened = True
            finally:
                request.done.set()

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
        recovery = result.recovery_key if isinstance(result, Encrypted) else None
        if not self._reopened:
            self._reopen(self._key_now())
        self._reset()
        if recovery is not None:
            self.show_recovery(recovery)
        self._finish(True)
        self.conversion_done.emit(True)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._close_progress()
        if not self._reopened:
            self._reopen(self._key_now())
        self._reset()
        self.encrypt_check.setChecked(not self.encrypted)
        self._say(message)
        self._finish(False)
        self.conversion_done.emit(False)

    def _key_now(self) -> FileKey | None:
        """The key that opens the file as it is now: the one it had, or once converted its
        new one (the passphrase's, the keyring's, or none)."""
        encrypted = is_encrypted(self.database)
        if encrypted == (self._old_key is not None):
            return self._old_key
        if self._new_key is not None or not encrypted:
            return self._new_key
        try:
            return keyring_key(self.database)
        except EncryptionError:
            return None  # reopening says the file needs its key

    def _reopen(self, key: FileKey | None, *, sqlcipher: bool = False) -> None:
        close_database()
        try:
            open_database(self.database, check=False, key=key, sqlcipher=sqlcipher)
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
