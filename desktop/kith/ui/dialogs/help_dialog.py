"""Help (F1): how to use each page, how Kith judges (the rules, with their numbers), and every
keyboard shortcut — one readable document with its contents on the left.

The texts are ``resources/help/guide.md`` and ``resources/help/rules.md`` (the same pages the
project's docs link to) and the shortcut list of :mod:`kith.ui.shortcuts`, shown with Qt's own
Markdown support, so the app and the docs can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kith.assets import asset_path
from kith.ui.dialogs.dialog import Dialog
from kith.ui.shortcuts import shortcuts_markdown

GUIDE = ("help", "guide.md")
RULES = ("help", "rules.md")

#: The heading Help ▸ Keyboard shortcuts opens on.
SHORTCUTS_TITLE = "Keyboard shortcuts"


def _read(parts: tuple[str, str], title: str) -> str:
    try:
        return asset_path(*parts).read_text(encoding="utf-8")
    except OSError as exc:
        return f"# {title}\n\nThis help page could not be read ({exc})."


def rules_markdown() -> str:
    """The rules page as Markdown (a plain message if the file is missing from this build)."""
    return _read(RULES, "How Kith keeps track")


def help_markdown() -> str:
    """The whole help: the guide, the rules, the shortcuts."""
    return "\n\n".join((_read(GUIDE, "Using Kith"), rules_markdown(), shortcuts_markdown()))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    position: int


def headings(browser: QTextBrowser, deepest: int = 2) -> list[Heading]:
    """The document's headings down to ``deepest`` (1: parts, 2: sections), in order."""
    found = []
    block: QTextBlock = browser.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if 0 < level <= deepest and block.text().strip():
            found.append(Heading(level, block.text().strip(), block.position()))
        block = block.next()
    return found


class HelpDialog(Dialog):
    """The help, with a contents tree: a part per document, a section per page or rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kith Help")
        self.resize(QSize(940, 760))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("Contents")
        self.contents.setFixedWidth(250)
        self.contents.setRootIsDecorated(False)
        self.contents.setIndentation(14)
        self.contents.setStyleSheet(
            "QTreeWidget { border: none; padding: 10px 6px; }"
            "QTreeWidget::item { padding: 3px 4px; border-radius: 4px; }"
        )
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(24)
        self.browser.setMarkdown(help_markdown())
        body.addWidget(self.contents)
        body.addWidget(self.browser, 1)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(buttons)
        self._fill_contents()
        self.contents.currentItemChanged.connect(self._go)

    def _fill_contents(self) -> None:
        part: QTreeWidgetItem | None = None
        for heading in headings(self.browser):
            item = QTreeWidgetItem([heading.text])
            item.setData(0, Qt.ItemDataRole.UserRole, heading.position)
            if heading.level == 1 or part is None:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                self.contents.addTopLevelItem(item)
                part = item
            else:
                part.addChild(item)
        self.contents.expandAll()

    def section_titles(self) -> list[str]:
        """Every entry of the contents, parts and sections, in order."""
        titles = []
        for i in range(self.contents.topLevelItemCount()):
            part = self.contents.topLevelItem(i)
            titles.append(part.text(0))
            titles += [part.child(j).text(0) for j in range(part.childCount())]
        return titles

    def show_section(self, title: str) -> bool:
        """Scroll to the section called ``title`` (and select it in the contents)."""
        found = self.contents.findItems(
            title, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        )
        if not found:
            return False
        self.contents.setCurrentItem(found[0])
        self._go(found[0])
        return True

    def _go(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        position = int(item.data(0, Qt.ItemDataRole.UserRole))
        block = self.browser.document().findBlock(position)
        top = self.browser.document().documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))
