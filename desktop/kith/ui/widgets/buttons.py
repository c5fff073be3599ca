"""Buttons with a role: the one main action of a page or dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

from kith.ui.icons import icon
from kith.ui.theme import current_theme


def make_primary(button: QAbstractButton) -> QAbstractButton:
    """Mark ``button`` as the main action: the accent background (the theme's stylesheet draws
    ``[primary="true"]``) and its line icon, if it has one, in the accent's text colour — an
    icon in the palette's text colour would be dark on the accent."""
    button.setProperty("primary", True)
    name = button.icon().name()
    if name:
        button.setIcon(icon(name, current_theme().accent_text))
    return button
