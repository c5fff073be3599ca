"""Kith's look: light and dark palettes that follow the system, semantic colours, one stylesheet."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from kith.ui.icons import svg_source


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
    #: The outline of a control that must stand out from its surface (a checkbox's box).
    control: str

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
    control="#868e9c",
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
    control="#6f7888",
)

_current = LIGHT


def current_theme() -> Theme:
    return _current


def tinted_chip(colour: str | QColor, theme: Theme | None = None) -> tuple[QColor, QColor]:
    """(fill, text) of a chip tinted with ``colour`` ("urgent" in red, "important" in blue).

    The fill is the colour, faint, over the surface; the text is the colour itself on a light
    surface (a shade darker) and a light tint of it on a dark one, where the saturated colour on
    its own faint fill is too dim to read.
    """
    theme = theme or current_theme()
    fill = QColor(colour)
    fill.setAlpha(70 if theme.dark else 40)
    name = QColor(colour).name()
    text = QColor(mix(name, "#ffffff", 0.55) if theme.dark else mix(name, "#000000", 0.15))
    return fill, text


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


def mix(a: str, b: str, amount: float) -> str:
    """The colour ``amount`` of the way from ``a`` to ``b`` (0 is ``a``, 1 is ``b``)."""
    first, second = QColor(a), QColor(b)
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    ).name()


_image_dir: Path | None = None


def style_image(name: str, colour: str, stroke: float | None = None) -> str:
    """The path of the line icon ``name`` drawn in ``colour`` as an SVG file, for the
    stylesheet's ``image: url(…)`` (the arrows of spin and combo boxes, a checkbox's tick).

    The files live in a folder of this process's own, removed at exit; ``stroke`` makes the
    lines heavier for an icon drawn small."""
    global _image_dir
    if _image_dir is None:
        _image_dir = Path(tempfile.mkdtemp(prefix="kith-style-"))
        atexit.register(shutil.rmtree, _image_dir, True)
    weight = "" if stroke is None else f"-{stroke:g}"
    path = _image_dir / f"{name}-{QColor(colour).name()[1:]}{weight}.svg"
    if not path.is_file():
        source = svg_source(name).replace(b"currentColor", QColor(colour).name().encode())
        if stroke is not None:
            source = source.replace(b'stroke-width="1.75"', f'stroke-width="{stroke:g}"'.encode())
        path.write_bytes(source)
    return path.as_posix()


def stylesheet(t: Theme) -> str:
    """Kith's one stylesheet, in the colours of ``t``."""
    arrow_up = style_image("chevron-up", t.muted, 2.5)
    arrow_down = style_image("chevron-down", t.muted, 2.5)
    arrow_up_off = style_image("chevron-up", t.border if t.dark else t.scroll_handle, 2.5)
    arrow_down_off = style_image("chevron-down", t.border if t.dark else t.scroll_handle, 2.5)
    tick = style_image("done", t.accent_text, 3)
    tick_off = style_image("done", t.base, 3)
    primary_off = mix(t.accent, t.window, 0.6)
    primary_off_text = mix(t.accent_text, primary_off, 0.35 if t.dark else 0.2)
    track = t.window if t.dark else t.alternate
    segment_on = t.chip if t.dark else t.base
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
QPushButton[primary="true"]:disabled {{
    background: {primary_off}; border-color: {primary_off}; color: {primary_off_text};
}}
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox {{
    border: 1px solid {t.border}; border-radius: 6px; padding: 4px 6px; background: {t.base};
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QComboBox:focus {{ border: 1px solid {t.accent}; }}
QLineEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled {{
    color: {t.muted}; background: {t.alternate};
}}
QAbstractSpinBox {{ padding: 2px 22px 3px 6px; }}
QAbstractSpinBox QLineEdit {{ padding: 0 0 0 4px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: padding; width: 20px; border: none; background: transparent;
    margin-right: 1px;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; margin-top: 2px; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; margin-bottom: 2px; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
    background: {t.alternate}; border-radius: 4px;
}}
QAbstractSpinBox::up-arrow {{ image: url({arrow_up}); width: 9px; height: 9px; }}
QAbstractSpinBox::down-arrow {{ image: url({arrow_down}); width: 9px; height: 9px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{
    image: url({arrow_up_off});
}}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{
    image: url({arrow_down_off});
}}
QComboBox {{ padding-right: 26px; }}
QComboBox::drop-down, QDateTimeEdit::drop-down {{
    subcontrol-origin: border; subcontrol-position: center right; width: 26px; border: none;
    background: transparent;
}}
QComboBox::down-arrow, QDateTimeEdit::down-arrow {{
    image: url({arrow_down}); width: 11px; height: 11px;
}}
QComboBox::down-arrow:disabled, QDateTimeEdit::down-arrow:disabled {{
    image: url({arrow_down_off});
}}
QComboBox QAbstractItemView {{
    background: {t.base}; border: 1px solid {t.border}; outline: 0; padding: 4px;
    selection-background-color: {t.accent_soft}; selection-color: {t.text};
}}
QCheckBox, QRadioButton {{ spacing: 7px; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {t.muted}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 16px; height: 16px; border: 1px solid {t.control}; background: {t.base};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {t.accent}; }}
QCheckBox::indicator:checked {{
    background: {t.accent}; border-color: {t.accent}; image: url({tick});
}}
QRadioButton::indicator:checked {{ border: 5px solid {t.accent}; width: 8px; height: 8px; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
    background: {t.alternate}; border-color: {t.border};
}}
QCheckBox::indicator:checked:disabled {{
    background: {t.border}; border-color: {t.border}; image: url({tick_off});
}}
QFrame#MonthPickerPopup {{ background: {t.base}; border: 1px solid {t.border}; }}
QLabel#MonthPickerTitle {{ font-weight: 600; }}
QWidget#MonthPicker QToolButton {{ border: none; border-radius: 6px; padding: 3px; }}
QWidget#MonthPicker QToolButton:hover {{ background: {t.alternate}; }}
QMenu {{ background: {t.base}; border: 1px solid {t.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 22px 5px 10px; border-radius: 4px; }}
QMenu::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QMenu::item:disabled {{ color: {t.muted}; }}
QMenu::separator {{ height: 1px; background: {t.border}; margin: 4px 6px; }}
QMenu::icon {{ padding-left: 8px; }}
QMenu::indicator {{ width: 14px; height: 14px; margin-left: 8px; }}
QMenu::indicator:non-exclusive {{
    border: 1px solid {t.control}; border-radius: 3px; background: {t.base};
}}
QMenu::indicator:non-exclusive:checked {{
    background: {t.accent}; border-color: {t.accent}; image: url({tick});
}}
QWidget#SegmentedControl {{
    background: {track}; border: 1px solid {t.border}; border-radius: 8px;
}}
QWidget#SegmentedControl QPushButton {{
    background: transparent; border: 1px solid transparent; border-radius: 6px;
    padding: 3px 14px; color: {t.muted}; font-weight: 600;
}}
QWidget#SegmentedControl QPushButton:hover {{ color: {t.text}; }}
QWidget#SegmentedControl QPushButton:checked {{
    background: {segment_on}; border-color: {t.border}; color: {t.text};
}}
QWidget#SegmentedControl:focus {{ border-color: {t.accent}; }}
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


#: Qt's command-line options for an application that is Fusion from the start
#: (``QApplication([argv0, *FUSION_ARGUMENTS])``): unlike ``setStyle("Fusion")`` afterwards,
#: they do not make PySide build its QStyle type and enums (~6 ms of the first paint).
FUSION_ARGUMENTS = ("-style", "Fusion")


class ThemeWatcher(QObject):
    """Applies the theme now and again whenever the system switches between light and dark."""

    theme_changed = Signal(object)

    def __init__(self, app: QApplication, *, set_style: bool = True) -> None:
        """``set_style``: make ``app`` Fusion (False: it was made with FUSION_ARGUMENTS)."""
        super().__init__(app)
        self._app = app
        if set_style:
            app.setStyle("Fusion")
        self.apply()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda *_: self.apply())

    def apply(self) -> None:
        apply_theme(self._app, DARK if system_prefers_dark() else LIGHT)
        self.theme_changed.emit(_current)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give the application ``theme``'s palette and stylesheet (widgets and delegates read
    :func:`current_theme` when they paint)."""
    global _current
    _current = theme
    app.setPalette(_palette(theme))
    app.setStyleSheet(stylesheet(theme))
