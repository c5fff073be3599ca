"""Every keyboard shortcut Kith has, in one list: what Help ▸ Keyboard shortcuts shows.

A test builds the whole window (every page, the forms, the import review) and checks that
each shortcut it finds is listed here — a new shortcut that is not written down fails it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Shortcut:
    """Keys (several: alternatives), what they do, and where they work."""

    keys: tuple[str, ...]
    does: str


#: (where, shortcuts), in the order Help shows them.
SHORTCUTS: tuple[tuple[str, tuple[Shortcut, ...]], ...] = (
    (
        "Anywhere",
        (
            Shortcut(
                ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"),
                "Today, Contacts, Calendar, Goals, Network",
            ),
            Shortcut(("Ctrl+N",), "New contact"),
            Shortcut(("Ctrl+L",), "Log an interaction (about the person on screen)"),
            Shortcut(("Ctrl+Shift+F",), "Plan a follow-up"),
            Shortcut(("Ctrl+F",), "Search contacts"),
            Shortcut(("Ctrl+I",), "Import a file (or drop it on the window)"),
            Shortcut(
                ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"),
                "Undo, redo (saves, deletes, imports, merges, done, snooze, moves)",
            ),
            Shortcut(("Ctrl+,",), "Settings"),
            Shortcut(("F1",), "This help"),
            Shortcut(("Ctrl+Q",), "Quit (closing the window keeps Kith in the tray)"),
        ),
    ),
    (
        "Contacts",
        (
            Shortcut(("Ctrl+E", "Return"), "Edit the selected contact"),
            Shortcut(("Down",), "From the search box to the list"),
            Shortcut(("Ctrl+A",), "Select everyone the search matches"),
            Shortcut(("Esc",), "One person selected again"),
            Shortcut(("Del",), "Delete the selected contacts, or the selected timeline entry"),
        ),
    ),
    (
        "Today",
        (
            Shortcut(
                ("1", "2", "3", "4", "5"),
                "Put the newcomer in your inner 5, 15, 50, 150 or acquaintances",
            ),
            Shortcut(("A",), "Archive the newcomer"),
            Shortcut(("S",), "Skip the newcomer for now"),
        ),
    ),
    (
        "Follow-up lists (Today, Calendar)",
        (
            Shortcut(("Return",), "Open the selected follow-up"),
            Shortcut(("Ctrl+D",), "Mark it done"),
            Shortcut(("Ctrl+M",), "Move it to another day"),
            Shortcut(("Shift+Del",), "Drop it"),
        ),
    ),
    (
        "Calendar",
        (
            Shortcut(("PgUp", "PgDown"), "Previous / next month"),
            Shortcut(("T",), "Back to today"),
            Shortcut(("Left", "Right", "Up", "Down", "Home"), "Move the selected day / today"),
        ),
    ),
    (
        "Network",
        (
            Shortcut(("Ctrl+=", "Ctrl++"), "Zoom in"),
            Shortcut(("Ctrl+-",), "Zoom out"),
            Shortcut(("Ctrl+0",), "Fit everyone"),
        ),
    ),
    (
        "Forms",
        (
            Shortcut(("Ctrl+Return", "Ctrl+S"), "Save"),
            Shortcut(("Esc",), "Cancel"),
            Shortcut(("Down", "Return"), "Pick a person from the suggestions"),
        ),
    ),
    (
        "Date fields",
        (
            Shortcut(("F4", "Alt+Down"), "Open the month picker (or click the field's arrow)"),
            Shortcut(("Left", "Right", "Up", "Down"), "In the picker: a day, a week"),
            Shortcut(("PgUp", "PgDown"), "In the picker: previous / next month"),
            Shortcut(("Shift+PgUp", "Shift+PgDown"), "In the picker: previous / next year"),
            Shortcut(("Home", "End", "T"), "In the picker: first / last day of the month, today"),
            Shortcut(("Return", "Space"), "Pick the day"),
            Shortcut(("Esc",), "Close the picker, keeping the date"),
        ),
    ),
    (
        "Timeline | Details, Month | Next 14 days",
        (Shortcut(("Left", "Right"), "Switch view when the switch has the focus (Tab to it)"),),
    ),
    (
        "Import review",
        (Shortcut(("Space",), "Tick or untick the selected rows"),),
    ),
)


def native(keys: str) -> str:
    """``keys`` as this platform writes them ("Ctrl+N" is "⌘N" on macOS)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


def documented_keys() -> set[str]:
    """Every key sequence listed, in portable text ("Ctrl+Shift+F")."""
    return {
        QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)
        for _where, shortcuts in SHORTCUTS
        for shortcut in shortcuts
        for keys in shortcut.keys
    }


def shortcuts_markdown() -> str:
    """The list as Markdown: a table per place."""
    parts = ["# Keyboard shortcuts", ""]
    for where, shortcuts in SHORTCUTS:
        parts += [f"## {where}", "", "| keys | does |", "| --- | --- |"]
        for shortcut in shortcuts:
            keys = ", ".join(f"**{native(k)}**" for k in shortcut.keys)
            parts.append(f"| {keys} | {shortcut.does} |")
        parts.append("")
    return "\n".join(parts)
