"""One application id everywhere: the window, the installed desktop file, AppStream, packaging.

On Wayland the compositor matches a window to its ``.desktop`` file by the window's app_id,
which Qt takes from ``QGuiApplication.desktopFileName()`` (so does X11's ``WM_CLASS``). Any
mismatch and GNOME/KDE show a generic icon and a second dock entry.
"""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kith import APP_ID
from kith.app import identify
from kith.core import autostart

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication, its names put back afterwards (QSettings reads them)."""
    saved = (
        qapp.applicationName(),
        qapp.organizationName(),
        qapp.applicationDisplayName(),
        qapp.desktopFileName(),
    )
    yield qapp
    qapp.setApplicationName(saved[0])
    qapp.setOrganizationName(saved[1])
    qapp.setApplicationDisplayName(saved[2])
    qapp.setDesktopFileName(saved[3])


def test_the_running_app_names_itself_by_the_application_id(app: QApplication) -> None:
    app.setDesktopFileName("something-else")
    identify(app)
    assert app.desktopFileName() == APP_ID == "io.github.kith.Kith"
    assert app.applicationName() == "Kith"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(RESOURCES / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_is_named_and_classed_by_the_application_id() -> None:
    assert [p.name for p in RESOURCES.glob("*.desktop")] == [f"{APP_ID}.desktop"]
    assert _desktop_entry()["StartupWMClass"] == APP_ID


def test_the_appstream_metadata_uses_the_application_id() -> None:
    metainfo = ET.parse(RESOURCES / f"{APP_ID}.metainfo.xml").getroot()
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"


def test_autostart_and_the_installers_use_the_same_id() -> None:
    assert autostart.APP_ID == APP_ID
    for script in ("packaging/kith.spec", "packaging/linux/build_deb.py"):
        found = re.search(r'^APP_ID = "([^"]+)"', (ROOT / script).read_text(), re.MULTILINE)
        assert found and found.group(1) == APP_ID, script
    iss = (ROOT / "packaging" / "windows" / "kith.iss").read_text()
    assert APP_ID in iss
