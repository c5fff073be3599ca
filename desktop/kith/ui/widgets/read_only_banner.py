"""The strip across the top of the window while the open database is read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from kith.core.database import read_only_reason


class ReadOnlyBanner(QLabel):
    """Says that, and why, Kith can show the file but not save to it."""

    def __init__(self, path: Path, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadOnlyBanner")
        self.setAccessibleName("Read-only")
        self.setWordWrap(True)
        self.setText(
            f"<b>Read-only.</b> Kith can show {path.name} but cannot save to it: {reason}. "
            "Every change is refused with a message, and nothing you type is lost. To make "
            "changes, make the file writable (or copy it somewhere you can write) and open "
            "it again."
        )
        self.setToolTip(str(path))


def read_only_banner(path: Path, parent: QWidget | None = None) -> ReadOnlyBanner | None:
    """The banner for the open database, or None when Kith may write it."""
    reason = read_only_reason()
    return ReadOnlyBanner(path, reason, parent) if reason is not None else None
