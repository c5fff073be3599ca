"""The question at start for an encrypted database whose key is not in the keyring: its
passphrase or its recovery key, three tries (:func:`ask_for_key`); and the same question for
an encrypted Kith backup being imported that the open database's key does not open
(:func:`ask_for_backup_key`)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kith.core.database import WrongKeyError
from kith.core.encryption import (
    EncryptionError,
    FileKey,
    check_key,
    key_from_passphrase,
    key_from_recovery,
    remember_recovered,
)
from kith.ui.dialogs.dialog import Dialog

#: How many wrong answers before Kith stops asking.
TRIES = 3


def key_from_text(text: str) -> FileKey:
    """A recovery key when ``text`` reads as one, else a passphrase."""
    try:
        return key_from_recovery(text)
    except ValueError:
        return key_from_passphrase(text)


class PassphraseDialog(Dialog):
    """Asks for the passphrase (or recovery key) of ``path``; ``key`` is the one that opened
    it once the dialog is accepted. After :data:`TRIES` wrong answers it closes, rejected,
    with ``gave_up`` set."""

    remembers_height = False
    title = "Kith is locked"

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.key: FileKey | None = None
        self.tries_left = TRIES
        self.gave_up = False
        self.setWindowTitle(self.title)
        layout = QVBoxLayout(self)
        intro = QLabel(self.intro_text())
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Passphrase or recovery key")
        self.field.setAccessibleName("Passphrase or recovery key")
        layout.addWidget(self.field)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def intro_text(self) -> str:
        return (
            f"Your Kith data in {self.path} is encrypted, and this computer's keyring has no "
            "key for it. Type its passphrase — or the recovery key you saved when you turned "
            "encryption on."
        )

    def opens(self, key: FileKey) -> bool:
        """Whether ``key`` opens the file (which is only read)."""
        try:
            check_key(self.path, key)
        except WrongKeyError:
            return False
        return True

    def opened(self, key: FileKey) -> None:
        """``key`` opened the file: a recovery key goes into the keyring, so the file opens by
        itself next time; if the keyring fails, the file is open all the same and Kith asks
        again next time."""
        with contextlib.suppress(EncryptionError):
            remember_recovered(self.path, key)

    def _say(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        text = self.field.text()
        if not text:
            self._say("Type the passphrase or the recovery key.")
            return
        try:
            key = key_from_text(text)
        except ValueError as exc:
            self._say(str(exc))
            return
        if not self.opens(key):
            self.tries_left -= 1
            self.field.clear()
            if self.tries_left <= 0:
                self.gave_up = True
                self.reject()
                return
            tries = "one more try" if self.tries_left == 1 else f"{self.tries_left} more tries"
            self._say(f"That does not open it. Check it and type it again ({tries}).")
            return
        self.key = key
        self.opened(key)
        super().accept()


def ask_for_key(path: Path, parent: QWidget | None = None) -> FileKey | None:
    """Ask for ``path``'s passphrase or recovery key; None when the user gave up (cancelled,
    or three wrong answers)."""
    dialog = PassphraseDialog(path, parent)
    dialog.exec()
    return dialog.key


class BackupPassphraseDialog(PassphraseDialog):
    """Asks for the passphrase (or recovery key) of the database an encrypted Kith backup
    (``path``) was made from, when the open database's key does not open it."""

    title = "Encrypted backup"

    def intro_text(self) -> str:
        return (
            f"“{self.path.name}” is an encrypted Kith backup made from another database, or "
            "with another passphrase. Type that database's passphrase — or the recovery key "
            "saved when its encryption was turned on."
        )

    def opens(self, key: FileKey) -> bool:
        from kith.core.export import backup_key_opens

        return backup_key_opens(self.path, key)

    def opened(self, key: FileKey) -> None:
        """Nothing is kept: the key is another database's."""


def ask_for_backup_key(path: Path, parent: QWidget | None = None) -> FileKey | None:
    """Ask for the key of the encrypted backup ``path``; None when the user gave up."""
    dialog = BackupPassphraseDialog(path, parent)
    dialog.exec()
    return dialog.key
