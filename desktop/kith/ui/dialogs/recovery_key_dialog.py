"""The recovery key, shown once when encryption is turned on: Copy, Save…, and a plain word on
what it is for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kith.ui.dialogs.dialog import Dialog


def recovery_note(key: str, database: Path) -> str:
    """The text of a saved recovery key."""
    return (
        f"Kith recovery key for {database}\n\n    {key}\n\n"
        "It opens this Kith database on another computer, or after this computer's keyring "
        "was lost: Kith asks for it when it cannot find the key. Keep it somewhere safe and "
        "private (printed, or in a password manager). Without the keyring and this recovery "
        "key, nobody can open the file.\n"
    )


class RecoveryKeyDialog(Dialog):
    """Shows ``key`` (the text of :func:`kith.core.encryption.recovery_key_text`) once."""

    remembers_height = False

    def __init__(self, key: str, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.database = Path(database)
        self.saved_to: Path | None = None
        self.setWindowTitle("Your recovery key")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your data is now encrypted, and its key is in this computer's keyring. This is "
            "your recovery key: it opens your data on another computer, or if the keyring is "
            "ever lost. Kith shows it only now — copy it or save it somewhere safe."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_label = QLabel(key)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(self.key_label.textInteractionFlags())
        layout.addWidget(self.key_label)
        warning = QLabel(
            "Without the keyring and this recovery key, nobody can open the file — Kith included."
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.status_label = QLabel()
        self.status_label.hide()
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Copy")
        self.save_button = QPushButton("Save…")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        done = buttons.addButton("I have kept it", QDialogButtonBox.ButtonRole.AcceptRole)
        done.clicked.connect(self.accept)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.key)
        self.status_label.setText("Copied. Paste it somewhere safe.")
        self.status_label.show()

    def save(self, path: Path | None = None) -> None:
        """Save the key as a text file (asking where, unless ``path`` is given)."""
        if not path:
            name, _ = QFileDialog.getSaveFileName(
                self,
                "Save the recovery key",
                str(Path.home() / "Kith recovery key.txt"),
                "Text file (*.txt)",
            )
            if not name:
                return
            path = Path(name)
        try:
            Path(path).write_text(recovery_note(self.key, self.database), encoding="utf-8")
        except OSError as exc:
            self.status_label.setText(f"Kith could not save it to {path}: {exc.strerror}.")
        else:
            self.saved_to = Path(path)
            self.status_label.setText(f"Saved to {path}.")
        self.status_label.show()
