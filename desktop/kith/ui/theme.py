"""Kith's look: light and dark palettes that follow the system, semantic colours, one stylesheet."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Theme:
    """The colours every widget and delegate paints with (read at paint time)."""

    dark: bool
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    accent_soft: str
    danger: str
    success: str
    warning: str
    chip: str
    chip_text: str
    sidebar: str
    sidebar_text: str
    sidebar_active: str
    badge: str
    badge_text: str
    scroll_handle: str

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    dark=False,
    window="#f5f6f8",
    base="#ffffff",
    alternate="#f1f3f6",
    text="#1f2937",
    muted="#6b7280",
    border="#e2e5ea",
    accent="#2563eb",
    accent_text="#ffffff",
    accent_soft="#e8effd",
    danger="#c0392b",
    success="#2e7d32",
    warning="#b45309",
    chip="#eef0f4",
    chip_text="#374151",
    sidebar="#1f2530",
    sidebar_text="#c9d1dc",
    sidebar_active="#2f3745",
    badge="#f6c945",
    badge_text="#1f2937",
    scroll_handle="#c5cad3",
)

DARK = Theme(
    dark=True,
    window="#16191f",
    base="#1e222a",
    alternate="#252a33",
    text="#e6e8ec",
    muted="#9aa3b0",
    border="#323844",
    accent="#4f8cff",
    accent_text="#ffffff",
    accent_soft="#22314d",
    danger="#ef6b5b",
    success="#5cb85c",
    warning="#e0a63a",
    chip="#2b313c",
    chip_text="#d3d8e0",
    sidebar="#111318",
    sidebar_text="#b7c0cc",
    sidebar_active="#262b35",
    badge="#f6c945",
    badge_text="#1f2937",
    scroll_handle="#3d4451",
)

_current = LIGHT


def current_theme() -> Theme:
    return _current


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet selects on (``[role="muted"]``, ``[invalid="true"]``) and
    restyle the widget now — Qt reads such properties only when a widget is polished."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _palette(t: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.base,
        QPalette.ColorRole.AlternateBase: t.alternate,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.Button: t.base,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.Highlight: t.accent,
        QPalette.ColorRole.HighlightedText: t.accent_text,
        QPalette.ColorRole.ToolTipBase: t.base,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.PlaceholderText: t.muted,
        QPalette.ColorRole.Link: t.accent,
        QPalette.ColorRole.LinkVisited: t.accent,
        QPalette.ColorRole.Mid: t.border,
        QPalette.ColorRole.Midlight: t.alternate,
        QPalette.ColorRole.Light: t.base,
        QPalette.ColorRole.Dark: t.border,
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.BrightText: t.danger,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.muted))
    return p


def _stylesheet(t: Theme) -> str:
    return f"""
QWidget#Sidebar {{ background: {t.sidebar}; }}
QLabel#AppName {{ color: #ffffff; font-size: 17pt; font-weight: 600; padding: 4px 10px 14px 10px; }}
QLabel#SidebarFooter {{ color: {t.sidebar_text}; font-size: 8.5pt; padding: 4px 10px; }}
QListView#Navigation {{
    background: transparent; border: none; color: {t.sidebar_text}; outline: 0;
    font-size: 10.5pt;
}}
QListView#Navigation::item {{ padding: 4px 10px; border-radius: 6px; margin: 1px 0; }}
QListView#Navigation::item:hover {{ background: {t.sidebar_active}; }}
QListView#Navigation::item:selected {{
    background: {t.sidebar_active}; color: #ffffff; font-weight: 600;
}}
QLabel#PageTitle {{ font-size: 17pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="error"] {{ color: {t.danger}; }}
QLabel[role="warning"] {{ color: {t.warning}; }}
QLabel#ReadOnlyBanner {{ background: {t.warning}; color: #ffffff; padding: 8px 16px; }}
QLabel[role="section"] {{
    color: {t.muted}; font-size: 8.5pt; font-weight: 700; letter-spacing: 1px;
}}
QPushButton {{
    padding: 5px 14px; border: 1px solid {t.border}; border-radius: 6px; background: {t.base};
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:focus {{ border: 1px solid {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; }}
QPushButton[primary="true"] {{
    background: {t.accent}; color: {t.accent_text}; border: 1px solid {t.accent}; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {QColor(t.accent).darker(110).name()}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {QColor(t.accent).lighter(140).name()}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDateEdit, QComboBox {{
    border: 1px solid {t.border}; border-radius: 6px; padding: 4px 6px; background: {t.base};
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDateEdit:focus,
QComboBox:focus {{ border: 1px solid {t.accent}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 1px solid {t.danger}; }}
QToolButton#CircleFilter {{
    padding: 5px 18px 5px 8px; border: 1px solid {t.border}; border-radius: 6px;
    background: {t.base};
}}
QToolButton#CircleFilter:hover {{ border-color: {t.accent}; }}
QToolButton#CircleFilter::menu-indicator {{
    subcontrol-origin: padding; subcontrol-position: center right; right: 6px;
}}
QLineEdit#SearchBox {{ padding: 6px 10px; font-size: 10.5pt; }}
QTableView#ContactList {{
    background: transparent; border: none; outline: 0; selection-background-color: transparent;
}}
QScrollArea {{ border: none; background: transparent; }}
QWidget#DetailPane {{ background: {t.base}; border-left: 1px solid {t.border}; }}
QFrame[card="true"] {{
    background: {t.base}; border: 1px solid {t.border}; border-radius: 8px;
}}
QStatusBar {{ color: {t.muted}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; border: none; }}
QScrollBar::handle:vertical {{
    background: {t.scroll_handle}; border-radius: 4px; min-height: 36px; margin: 2px 3px;
}}
QScrollBar::handle:horizontal {{
    background: {t.scroll_handle}; border-radius: 4px; min-width: 36px; margin: 3px 2px;
}}
QScrollBar::handle:hover {{ background: {t.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QToolTip {{ color: {t.text}; background: {t.base}; border: 1px solid {t.border}; padding: 4px; }}
"""


def system_prefers_dark() -> bool:
    forced = os.environ.get("KITH_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


class ThemeWatcher(QObject):
    """Applies the theme now and again whenever the system switches between light and dark."""

    theme_changed = Signal(object)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.setStyle("Fusion")
        self.apply()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda *_: self.apply())

    def apply(self) -> None:
        global _current
        _current = DARK if system_prefers_dark() else LIGHT
        self._app.setPalette(_palette(_current))
        self._app.setStyleSheet(_stylesheet(_current))
        self.theme_changed.emit(_current)
