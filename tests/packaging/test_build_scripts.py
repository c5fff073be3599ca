"""The installers' helpers, without a build: the glibc ceiling, md5sums, the man page and the
licence list (packaging/linux/build_deb.py, packaging/man_page.py,
packaging/third_party_licenses.py)."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kith.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def _load(relative: str) -> ModuleType:
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build_deb = _load("packaging/linux/build_deb.py")
man_page = _load("packaging/man_page.py")
licences = _load("packaging/third_party_licenses.py")


def test_a_bundle_needing_a_newer_glibc_than_ubuntu_22_04_fails_the_build() -> None:
    build_deb.check_glibc("2.35", build_deb.MAX_GLIBC)
    build_deb.check_glibc("2.9", "2.35")  # compared as numbers, not as text
    with pytest.raises(build_deb.BuildError, match=r"glibc 2\.36"):  # Debian 12's own
        build_deb.check_glibc("2.36", build_deb.MAX_GLIBC)
    with pytest.raises(build_deb.BuildError, match=r"glibc 2\.38"):  # ubuntu-latest's
        build_deb.check_glibc("2.38", build_deb.MAX_GLIBC)
    assert build_deb.MAX_GLIBC == "2.35"


def test_glibc_needed_reads_the_newest_symbol_version_of_real_files() -> None:
    if shutil.which("objdump") is None:
        pytest.skip("needs objdump (binutils)")
    python = Path(sys.executable).resolve()
    needed = build_deb.glibc_needed([python])
    symbols = subprocess.run(["objdump", "-T", python], capture_output=True, text=True).stdout
    assert f"GLIBC_{needed}" in symbols
    assert build_deb.version_tuple(needed) >= (2, 2)


def test_md5sums_list_files_but_not_links_folders_or_the_control_area(tmp_path: Path) -> None:
    (tmp_path / "DEBIAN").mkdir()
    (tmp_path / "DEBIAN" / "control").write_text("Package: x\n")
    (tmp_path / "usr" / "lib" / "kith").mkdir(parents=True)
    (tmp_path / "usr" / "lib" / "kith" / "kith").write_bytes(b"\x7fELF binary")
    (tmp_path / "usr" / "bin").mkdir()
    (tmp_path / "usr" / "bin" / "kith").symlink_to("../lib/kith/kith")
    digest = hashlib.md5(b"\x7fELF binary").hexdigest()
    assert build_deb.md5sums(tmp_path) == f"{digest}  usr/lib/kith/kith\n"


def test_the_changelog_is_a_debian_changelog_entry() -> None:
    import datetime

    date = datetime.datetime(2026, 12, 5, 18, 0, tzinfo=datetime.UTC)
    text = build_deb.changelog("1.2.3", date)
    assert text.startswith("kith (1.2.3) unstable; urgency=medium\n\n  * ")
    assert text.endswith(f" -- {build_deb.MAINTAINER}  Sat, 05 Dec 2026 18:00:00 +0000\n")


def test_gzip_files_are_reproducible(tmp_path: Path) -> None:
    build_deb.write_gzip(tmp_path / "a.gz", "same text\n")
    build_deb.write_gzip(tmp_path / "b.gz", "same text\n")
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.gz").read_bytes()) == b"same text\n"


def test_the_man_page_has_every_verb_and_visible_option_of_the_parser() -> None:
    parser = build_parser()
    page = man_page.man_page(parser, "9.8.7")
    assert page.startswith('.TH KITH 1 "" "Kith 9.8.7" "User Commands"\n')
    verbs = next(action for action in parser._actions if action.dest == "command").choices
    for verb, sub in verbs.items():
        assert f'.SS "{man_page.roff(verb)}"' in page
        for action in sub._actions:
            for flag in action.option_strings:
                assert f"\\fB{man_page.roff(flag)}" in page or f", {man_page.roff(flag)}" in page
    assert "\\-\\-database PATH" in page
    # Hidden from --help, hidden from the page.
    assert "self\\-test" not in page and "first\\-paint" not in page
    # Nothing in it starts a roff request by accident.
    body = [line for line in page.splitlines() if line.startswith((".", "'"))]
    assert all(line.split()[0] in {".TH", ".SH", ".SS", ".TP", ".PP"} for line in body), body


def test_roff_escapes_what_roff_would_read_as_markup() -> None:
    assert man_page.roff("a-b \\n") == "a\\-b \\en"
    assert man_page.roff(".hidden\n'quoted") == "\\&.hidden\n\\&'quoted"


def test_licences_are_found_for_real_bundled_files() -> None:
    import peewee
    import PySide6

    qtcore = next(Path(PySide6.__file__).parent.glob("QtCore.*"))
    listed = licences.components(
        [
            ("PySide6/QtCore.so", str(qtcore)),
            ("peewee.py", peewee.__file__),
            ("json.py", str(Path(sys.modules["json"].__file__ or ""))),  # the standard library
            ("kith/resources/kith.svg", str(ROOT / "resources" / "icons" / "kith.svg")),
        ],
        ROOT,
        bootloader=False,  # PyInstaller is in the build environment, maybe not in this one
    )
    by_name = {component.name.lower(): component for component in listed}
    assert "python" in by_name and "PSF" in by_name["python"].licence
    pyside = next(c for name, c in by_name.items() if name.startswith("pyside6"))
    assert "LGPL-3.0" in pyside.licence
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in text for _, text in pyside.texts)
    assert by_name["peewee"].texts and by_name["peewee"].files == ["peewee.py"]
    assert any("GNU GENERAL PUBLIC LICENSE" in text for _, text in by_name["kith"].texts)
    text = licences.render(listed)
    assert text.index("peewee") < text.index("== ")  # the list first, then the texts


def test_the_code_qt_builds_in_and_icu_are_listed_with_their_licences() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent
    bundled = [
        ("PySide6/QtCore.so", next(qt.glob("QtCore.*"))),
        ("PySide6/QtGui.so", next(qt.glob("QtGui.*"))),
        *[
            (f"PySide6/Qt/lib/{path.name}", path)
            for path in (qt / "Qt" / "lib").glob("*")
            if path.name.startswith(("libQt6Core", "libQt6Gui", "libicu"))
        ],
        *[
            (f"PySide6/Qt/plugins/imageformats/{path.name}", path)
            for path in (qt / "Qt" / "plugins" / "imageformats").glob("*qjpeg*")
        ],
    ]
    listed = licences.components(
        [(dest, str(source)) for dest, source in bundled], ROOT, bootloader=False
    )
    by_name = {component.name: component for component in listed}
    built_in = next(
        c for name, c in by_name.items() if name.startswith("Qt's built-in third-party")
    )
    text = licences.render(listed)
    listing = built_in.texts[0][1]
    for part in ("PCRE2", "HarfBuzz-NG", "LibPNG", "MD4C", "double-conversion", "TinyCBOR"):
        assert part in listing, part
    assert "LibJPEG-turbo" in listing  # the JPEG plugin was bundled
    assert "Wayland" not in listing and "Public Suffix" not in listing  # those were not
    # Each licence text the list names is there in full, once.
    assert "EXEMPTION FOR BINARY LIBRARY-LIKE PACKAGES" in text  # PCRE2's
    assert 'HarfBuzz is licensed under the so-called "Old MIT" license' in text
    assert "PNG Reference Library License version 2" in text
    assert "the Independent JPEG Group" in text
    assert text.count("Apache License\n                           Version 2.0") == 1
    if sys.platform.startswith("linux"):
        # The Linux wheel links the system's zlib and FreeType: they are not Qt's to list.
        assert "Data Compression Library (zlib)" not in listing
        assert "\nFreeType 2\n" not in listing
        if any(dest.split("/")[-1].startswith("libicu") for dest, _ in bundled):
            icu = next(c for name, c in by_name.items() if name.startswith("ICU"))
            assert icu.version.isdigit() and "UNICODE LICENSE V3" in icu.texts[0][1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strict on Linux only")
def test_a_bundled_file_of_unknown_origin_stops_the_build(tmp_path: Path) -> None:
    stray = tmp_path / "libmystery.so"
    stray.write_bytes(b"\x7fELF")
    with pytest.raises(licences.LicenseError, match="libmystery"):
        licences.components([("libmystery.so", str(stray))], ROOT)


def test_dev_py_brings_the_build_tools_everywhere_and_lintian_only_on_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dev = _load("dev.py")
    monkeypatch.delenv("CI", raising=False)
    everywhere = dev.required_system_packages(with_test_tools=True)
    assert {"binutils", "chrpath"} <= set(everywhere)
    assert "lintian" not in everywhere  # 154 packages a newcomer's first run would wait for
    monkeypatch.setenv("CI", "true")
    assert "lintian" in dev.required_system_packages(with_test_tools=True)
    assert "lintian" not in dev.required_system_packages(with_test_tools=False)
