"""Kith's icon set: every icon is there and draws, in the palette's colours, crisp at any ratio."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

from kith.assets import asset_path
from kith.ui.icons import (
    UnknownIconError,
    app_icon,
    clear_icon_cache,
    icon,
    icon_pixmap,
)

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SVG = "{http://www.w3.org/2000/svg}"

#: The names the UI uses; each is resources/icons/<name>.svg.
LINE_ICONS = [
    "view-cards",
    "view-list",
    "today",
    "contacts",
    "calendar",
    "goals",
    "network",
    "search",
    "add",
    "edit",
    "delete",
    "photo",
    "log-interaction",
    "follow-up",
    "done",
    "snooze",
    "settings",
    "import",
    "export",
    "undo",
    "close",
    "tag",
    "email",
    "phone",
    "link",
    "social",
    "address",
    "birthday",
    "met",
    "introduced",
    "strength",
    "archive",
    "menu",
    "chevron-left",
    "chevron-right",
    "chevron-down",
    "chevron-up",
    "video",
    "dropped",
    "gave",
    "asked",
    "warning",
    "lock",
    "empty",
    "tray",
    "kith-symbolic",
]
LINE_ICON_FILES = sorted(path.stem for path in ICONS.glob("*.svg") if path.stem != "kith")
SIZES = (16, 24, 48)
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)  # 1024: macOS 512@2x


def coloured_pixels(image: QImage) -> list[QColor]:
    """The colours (un-premultiplied) of the pixels that are at least half opaque."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() >= 128
    ]


def close_to(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(
        abs(x - y) <= tolerance
        for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)  # type: ignore[arg-type]
    )


def drawn_in(pixmap: QPixmap, colour: str) -> bool:
    """Whether the opaque pixels of ``pixmap`` are mostly ``colour`` (and there are some)."""
    pixels = coloured_pixels(pixmap.toImage())
    hits = sum(close_to(pixel, QColor(colour)) for pixel in pixels)
    return bool(pixels) and hits / len(pixels) > 0.9


@pytest.fixture
def palette(qapp: QApplication) -> Iterator[QPalette]:
    """A palette with one telltale colour per icon mode, applied to the app for the test."""
    before = qapp.palette()
    test = QPalette(before)
    test.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Text, QColor("#c0392b"))
    test.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text, QColor("#c0392b"))
    test.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#2e7d32"))
    test.setColor(QPalette.ColorRole.HighlightedText, QColor("#2563eb"))
    qapp.setPalette(test)
    yield test
    qapp.setPalette(before)
    clear_icon_cache()


def test_every_icon_the_ui_names_has_its_file() -> None:
    missing = [name for name in [*LINE_ICONS, "kith"] if not (ICONS / f"{name}.svg").is_file()]
    assert missing == []
    assert asset_path("icons", "today.svg") == ICONS / "today.svg"


@pytest.mark.parametrize("name", LINE_ICON_FILES)
def test_a_line_icon_follows_the_drawing_rules(name: str) -> None:
    root = ET.parse(ICONS / f"{name}.svg").getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 24 24"
    assert root.get("fill") == "none"
    assert root.get("stroke") == "currentColor"
    assert root.get("stroke-width") == "1.75"
    assert root.get("stroke-linecap") == "round"
    assert root.get("stroke-linejoin") == "round"
    # no colour of its own anywhere: everything is drawn in currentColor
    for element in root.iter():
        for attribute in ("fill", "stroke", "color", "style", "stroke-width"):
            if element is not root:
                assert element.get(attribute) is None, f"{name}: {attribute} on {element.tag}"


@pytest.mark.parametrize("name", LINE_ICON_FILES)
def test_a_line_icon_draws_something_at_every_size(qapp: QApplication, name: str) -> None:
    for size in SIZES:
        pixmap = icon_pixmap(name, size, QColor("#1f2937"), 1.0)
        assert pixmap.size() == QSize(size, size)
        pixels = coloured_pixels(pixmap.toImage())
        # ink, but not a filled square: between 3 % and 60 % of the pixels
        assert 0.03 < len(pixels) / size**2 < 0.6, f"{name} at {size} px"


@pytest.mark.parametrize("name", ["contacts", "settings", "birthday"])
def test_an_icon_is_drawn_in_the_colour_asked_and_never_black(
    qapp: QApplication, name: str
) -> None:
    pixmap = icon_pixmap(name, 48, QColor("#e5484d"), 1.0)
    pixels = coloured_pixels(pixmap.toImage())
    assert pixels
    assert all(close_to(pixel, QColor("#e5484d"), tolerance=3) for pixel in pixels)
    assert not any(max(pixel.getRgb()[:3]) < 60 for pixel in pixels)  # type: ignore[type-var]


def test_icon_modes_take_the_palettes_colours(palette: QPalette) -> None:
    today = icon("today")
    assert drawn_in(today.pixmap(24, 24), "#c0392b")
    assert drawn_in(today.pixmap(24, 24, QIcon.Mode.Active), "#c0392b")
    assert drawn_in(today.pixmap(24, 24, QIcon.Mode.Disabled), "#2e7d32")
    assert drawn_in(today.pixmap(24, 24, QIcon.Mode.Selected), "#2563eb")


def test_an_icon_follows_the_palette_when_it_changes(qapp: QApplication, palette: QPalette) -> None:
    search = icon("search")
    assert drawn_in(search.pixmap(24, 24), "#c0392b")
    dark = QPalette(palette)
    dark.setColor(QPalette.ColorRole.Text, QColor("#e5e7eb"))
    qapp.setPalette(dark)
    assert drawn_in(search.pixmap(24, 24), "#e5e7eb")


def test_a_pinned_colour_is_used_and_fades_when_disabled(palette: QPalette) -> None:
    add = icon("add", color="#ffffff")
    assert drawn_in(add.pixmap(24, 24), "#ffffff")
    disabled = add.pixmap(24, 24, QIcon.Mode.Disabled).toImage()
    assert max(disabled.pixelColor(x, 12).alpha() for x in range(24)) < 160
    assert drawn_in(add.pixmap(24, 24, QIcon.Mode.Selected), "#2563eb")


def test_icons_are_rendered_at_the_device_pixel_ratio(qapp: QApplication) -> None:
    pixmap = icon("calendar").pixmap(QSize(24, 24), 2.0)
    assert pixmap.size() == QSize(48, 48)
    assert pixmap.devicePixelRatio() == 2.0
    crisp = icon_pixmap("calendar", 20, QColor("#1f2937"), dpr=1.5)
    assert crisp.size() == QSize(30, 30)
    assert crisp.deviceIndependentSize().toSize() == QSize(20, 20)


def test_an_icon_pinned_to_a_colour_keeps_it_on_a_dark_surface(
    qtbot: QtBot, palette: QPalette
) -> None:
    sidebar = QListWidget()
    qtbot.addWidget(sidebar)
    sidebar.setStyleSheet("QListWidget { background: #1f2530; color: #c9d1dc; }")
    sidebar.setIconSize(QSize(24, 24))
    sidebar.addItem(QListWidgetItem(icon("contacts", "#c9d1dc"), ""))
    sidebar.resize(120, 60)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    grabbed = sidebar.grab().toImage()
    pixels = [p for p in coloured_pixels(grabbed) if close_to(p, QColor("#c9d1dc"))]
    assert len(pixels) > 20
    assert not [p for p in coloured_pixels(grabbed) if close_to(p, QColor("#c0392b"))]


def test_an_icon_survives_being_copied_and_changed(qapp: QApplication) -> None:
    original = icon("tag")
    copy = QIcon(original)
    copy.addPixmap(QPixmap(8, 8))  # detaches: Qt clones the engine
    del original
    assert not copy.pixmap(24, 24).isNull()
    assert copy.name() == "tag"


def test_rendered_pixmaps_are_cached_until_cleared(qapp: QApplication) -> None:
    first = icon_pixmap("undo", 24, QColor("#1f2937"), 1.0)
    assert icon_pixmap("undo", 24, QColor("#1f2937"), 1.0).cacheKey() == first.cacheKey()
    clear_icon_cache()
    assert icon_pixmap("undo", 24, QColor("#1f2937"), 1.0).cacheKey() != first.cacheKey()


def test_the_app_icon_has_every_size_in_full_colour(qapp: QApplication) -> None:
    kith = app_icon()
    sizes = {size.width() for size in kith.availableSizes()}
    assert {16, 24, 32, 48, 64, 128, 256, 512} <= sizes
    for size in (16, 32, 128, 512):
        image = kith.pixmap(size, size).toImage()
        assert image.size() == QSize(size, size)
        # the accent-blue square with a white mark
        top = image.pixelColor(size // 2, size // 10)
        assert top.blue() > 200 and top.red() < 90, top.name()
        assert any(
            image.pixelColor(x, size // 2).lightness() > 200 for x in range(size // 8, size // 2)
        )


@pytest.mark.parametrize("name", ["contcts", "Today", "../icons/today", "", "today.svg"])
def test_an_unknown_icon_name_fails_loudly(qapp: QApplication, name: str) -> None:
    with pytest.raises(KeyError, match="no icon named"):
        icon(name)
    with pytest.raises(UnknownIconError):
        icon_pixmap(name, 16, QColor("#000000"))


def test_render_icons_writes_the_installers_sizes(tmp_path: Path) -> None:
    out = tmp_path / "icons"
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--out", str(out), "--ico"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for size in PNG_SIZES:
        png = QImage(str(out / f"{size}x{size}" / "apps" / "kith.png"))
        assert png.size() == QSize(size, size)
        assert png.hasAlphaChannel()
    scalable = out / "scalable" / "apps" / "kith.svg"
    assert scalable.read_bytes() == (ICONS / "kith.svg").read_bytes()
    assert (out / "symbolic" / "apps" / "kith-symbolic.svg").is_file()
    reader = QImageReader(str(out / "kith.ico"))
    sizes = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        sizes.append(reader.read().width())
    assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]


def test_render_icons_says_what_it_needs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py")],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "OUT_DIR" in result.stderr
