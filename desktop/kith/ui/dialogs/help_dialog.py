"""Help ▸ How Kith keeps track (F1): the relationship rules, cadences, strength and the rest.

The text is ``resources/help/rules.md`` — the same page the project's docs link to — shown
with Qt's own Markdown support, so the app and the docs can never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kith.assets import asset_path
from kith.ui.dialogs.dialog import Dialog

RULES = ("help", "rules.md")


def rules_markdown() -> str:
    """The rules page as Markdown (a plain message if the file is missing from this build)."""
    try:
        return asset_path(*RULES).read_text(encoding="utf-8")
    except OSError as exc:
        return f"# How Kith keeps track\n\nThe help page could not be read ({exc})."


class HelpDialog(Dialog):
    """A readable page of how Kith's rules work, with its numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How Kith keeps track")
        self.resize(QSize(720, 760))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(24)
        self.browser.setMarkdown(rules_markdown())
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(buttons)
