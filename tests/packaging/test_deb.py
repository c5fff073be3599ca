"""The Linux installer: build the .deb for real, unpack it, and run Kith from where it installs.

The build (a fresh build environment from PyPI, PyInstaller, dpkg-deb) takes a minute or two,
so it runs only when asked: ``KITH_BUILD_DEB=1 pytest tests/packaging`` (CI does, as its own
step). ``KITH_DEB=dist/kith_0.1.0_amd64.deb`` tests a .deb built before instead (its .tar.gz
beside it), as the installers workflow does; ``KITH_DEB_KEEP=DIR`` keeps a copy of the .deb
built here (.ci/fresh_debian.py then installs it with apt-get into a fresh Debian 12).
``dpkg -x`` stands in for ``dpkg -i``: it unpacks the files the package would install into a
scratch root, without needing root or touching the machine.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "linux" / "build_deb.py"
APP_ID = "io.github.kith.Kith"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
BUILD_TIMEOUT = 8 * 60
INSTALL_DIR = Path("usr/lib/kith")
#: The .deb's size budget (issue 20): 69.9 MiB before stripping and trimming.
MAX_DEB_MIB = 55
#: Ubuntu 22.04's glibc: the .deb must install there and on Debian 12 (2.36).
MAX_GLIBC = (2, 35)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("KITH_BUILD_DEB") != "1" and not os.environ.get("KITH_DEB"),
        reason="builds the real .deb (a minute or two, needs PyPI): set KITH_BUILD_DEB=1",
    ),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian)"),
]


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


@dataclass
class Built:
    deb: Path
    tarball: Path
    root: Path  # the .deb unpacked with dpkg -x

    @property
    def app(self) -> Path:
        return self.root / INSTALL_DIR / "kith"

    @property
    def control(self) -> Path:
        """The package's DEBIAN/ folder (dpkg-deb -e)."""
        return self.root.parent / "control"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    scratch = tmp_path_factory.mktemp("deb")
    if os.environ.get("KITH_DEB"):
        deb = Path(os.environ["KITH_DEB"]).resolve()
        dist = deb.parent
    else:
        dist = scratch
        log = scratch / "build.log"
        with log.open("w") as out:
            proc = subprocess.run(
                [sys.executable, str(BUILD), "--work", str(scratch / "work"), "--dist", str(dist)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=BUILD_TIMEOUT,
            )
        output = log.read_text()
        print(output[-1500:])
        assert proc.returncode == 0, f"build_deb.py failed:\n{output[-6000:]}"
        # The build environment and PyInstaller's work files are large: keep what is tested.
        shutil.rmtree(scratch / "work", ignore_errors=True)
        (deb,) = dist.glob("kith_*.deb")
        keep = os.environ.get("KITH_DEB_KEEP")
        if keep:  # .ci/fresh_debian.py installs this very .deb into a fresh Debian 12
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy2(deb, Path(keep) / deb.name)
    (tarball,) = dist.glob(f"kith-{_version()}-linux-*.tar.gz")
    root = scratch / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(scratch / "control")], check=True)
    yield Built(deb, tarball, root)
    # The unpacked bundle, the .deb and the .tar.gz are over 300 MB, and pytest keeps the
    # temporary folders of the last three runs: remove them once the tests are done.
    shutil.rmtree(scratch, ignore_errors=True)


def _run(
    command: list[str | Path], timeout: float = 120, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        **kwargs,  # type: ignore[arg-type]
    )


def _user_env(home: Path) -> dict[str, str]:
    """A user with an empty home, no display and no Python of their own on the path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "XDG_", "VIRTUAL_ENV", "QT_"))
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", PATH="/usr/bin:/bin")
    return env


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
    }


def test_the_package_is_named_and_versioned_from_pyproject(built: Built) -> None:
    version = _version()
    assert built.deb.name.startswith(f"kith_{version}_")
    fields = _run(["dpkg-deb", "-f", built.deb]).stdout
    assert "Package: kith\n" in fields
    assert f"Version: {version}\n" in fields
    depends = next(line for line in fields.splitlines() if line.startswith("Depends: "))
    # The graphics stack, C++ runtime and fonts come from the system, not from the bundle.
    for package in ("libc6 (>= ", "libegl1", "libgl1", "libfontconfig1", "libstdc++6"):
        assert package in depends
    installed_kib = int(next(line for line in fields.splitlines() if "Installed-Size" in line)[16:])
    bundle_kib = sum(p.lstat().st_size for p in (built.root / INSTALL_DIR).rglob("*")) / 1024
    assert bundle_kib <= installed_kib < bundle_kib * 1.2


def test_it_installs_on_ubuntu_22_04_and_debian_12_and_stays_in_its_size_budget(
    built: Built,
) -> None:
    fields = _run(["dpkg-deb", "-f", built.deb, "Depends"]).stdout
    libc = re.search(r"libc6 \(>= ([\d.]+)\)", fields)
    assert libc, fields
    assert tuple(int(part) for part in libc.group(1).split(".")) <= MAX_GLIBC, fields
    assert built.deb.stat().st_size <= MAX_DEB_MIB * 2**20, (
        f"{built.deb.stat().st_size / 2**20:.1f} MiB"
    )
    # xz, which Debian's archive and lintian accept (zstd they do not, yet).
    members = _run(["ar", "t", built.deb]).stdout.split()
    assert members == ["debian-binary", "control.tar.xz", "data.tar.xz"], members


def test_the_package_owns_nothing_outside_usr(built: Built) -> None:
    listed = _run(["dpkg-deb", "-c", built.deb]).stdout.splitlines()
    paths = [line.split()[5] for line in listed]
    outside = [
        path for path in paths if path not in ("./", "./usr/") and not path.startswith("./usr/")
    ]
    assert outside == []
    # No folder another package or the admin shares: /opt above all (dpkg would remove it).
    assert not any(path.startswith("./opt") for path in paths)
    assert "./usr/lib/kith/kith" in paths


def test_md5sums_cover_every_installed_file(built: Built) -> None:
    listed = {}
    for line in (built.control / "md5sums").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {
        path.relative_to(built.root).as_posix(): path
        for path in built.root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }
    assert set(listed) == set(files)
    for name in ("usr/lib/kith/kith", "usr/share/doc/kith/copyright"):
        assert hashlib.md5(files[name].read_bytes()).hexdigest() == listed[name]


def _sections(path: Path) -> set[str]:
    out = _run(["objdump", "-h", path]).stdout
    return {line.split()[1] for line in out.splitlines() if re.match(r"\s+\d+ ", line)}


def _runpath(path: Path) -> list[str]:
    out = _run(["objdump", "-p", path]).stdout
    return [
        entry
        for line in out.splitlines()
        if line.split()[:1] in (["RUNPATH"], ["RPATH"])
        for entry in line.split()[1].split(":")
    ]


def test_the_bundle_is_stripped_and_names_no_build_machine_folder(built: Built) -> None:
    elves = [
        path
        for path in (built.root / INSTALL_DIR).rglob("*")
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF"
    ]
    assert len(elves) > 100
    for path in elves:
        sections = _sections(path)
        assert not sections & {".symtab", ".debug_info"}, (path, sections)
        # Stripped as dh_strip does; the executable (PyInstaller's own, stripped) is left alone.
        assert ".comment" not in sections or path == built.app, path
        assert all(entry.startswith("$ORIGIN") for entry in _runpath(path)), path
        # Only the executable is executable: libraries are not programs (lintian).
        assert bool(path.stat().st_mode & 0o111) == (path == built.app), path


def test_qt_translations_and_unused_image_formats_are_left_out(built: Built) -> None:
    qt = built.root / INSTALL_DIR / "_internal" / "PySide6" / "Qt"
    assert list(qt.rglob("*.qm")) == []
    formats = {path.name for path in (qt / "plugins" / "imageformats").iterdir()}
    assert formats == {"libqgif.so", "libqjpeg.so", "libqsvg.so", "libqwebp.so"}


def test_the_man_page_lists_every_verb_and_renders_cleanly(built: Built) -> None:
    from kith.cli import build_parser

    page = built.root / "usr" / "share" / "man" / "man1" / "kith.1.gz"
    text = gzip.decompress(page.read_bytes()).decode()
    verbs = next(action.choices for action in build_parser()._actions if action.dest == "command")
    assert verbs, "kith has verbs"
    for verb in verbs:
        assert '.SS "{}"'.format(verb.replace("-", "\\-")) in text, verb  # roff's hyphen
    assert "self\\-test" not in text  # hidden from --help, hidden here
    if shutil.which("man"):
        shown = _run(
            ["man", "--warnings", "-l", page],
            env=dict(os.environ, MANWIDTH="80", LANG="C.UTF-8", MAN_KEEP_STDERR="1"),
        )
        assert shown.returncode == 0 and not shown.stderr.strip(), shown.stderr
        assert re.search(r"kith\s+import\s+\[-h\]", shown.stdout), shown.stdout  # justified


def test_licences_changelog_and_copyright_are_installed(built: Built) -> None:
    doc = built.root / "usr" / "share" / "doc" / "kith"
    copyright_text = (doc / "copyright").read_text()
    assert "Copyright: 20" in copyright_text
    notices = built.root / INSTALL_DIR / "_internal" / "THIRD-PARTY-LICENSES"
    assert f"/{INSTALL_DIR}/_internal/THIRD-PARTY-LICENSES" in copyright_text
    text = notices.read_text()
    for component in ("Python ", "PySide6", "shiboken6", "peewee", "keyring", "PyInstaller"):
        assert component in text, component
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt's LGPL-3.0, in full
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text
    # What Qt compiles in (PCRE2, HarfBuzz, libpng…) and the ICU the wheel ships beside QtCore.
    assert "Qt's built-in third-party code" in text and "EXEMPTION FOR BINARY LIBRARY-LIKE" in text
    assert "HarfBuzz-NG" in text and "PNG Reference Library License version 2" in text
    assert "ICU (International Components for Unicode)" in text and "UNICODE LICENSE V3" in text
    entry = gzip.decompress((doc / "changelog.gz").read_bytes()).decode()
    assert entry.startswith(f"kith ({_version()}) ")


def test_lintian_finds_nothing_but_what_a_bundle_cannot_avoid(built: Built) -> None:
    if shutil.which("lintian") is None:
        pytest.skip("lintian is not installed (dev.py installs it where CI=true)")
    checked = _run(["lintian", "--tag-display-limit", "0", built.deb], timeout=600)
    findings = [line for line in checked.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert findings == [], checked.stdout


def test_installed_kith_prints_its_version(built: Built, tmp_path: Path) -> None:
    shown = _run([built.app, "--version"], env=_user_env(tmp_path), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"Kith {_version()}"


def test_the_launcher_in_usr_bin_starts_the_bundle(built: Built, tmp_path: Path) -> None:
    launcher = built.root / "usr" / "bin" / "kith"
    assert launcher.is_symlink() and os.readlink(launcher) == "../lib/kith/kith"
    assert launcher.resolve() == built.app.resolve()
    # The same link, pointing into the scratch root: the bundle finds itself through it.
    link = tmp_path / "bin" / "kith"
    link.parent.mkdir()
    link.symlink_to(built.app)
    shown = _run([link, "--version"], env=_user_env(tmp_path), cwd=tmp_path)
    assert shown.stdout.strip() == f"Kith {_version()}", shown.stderr


def test_installed_kith_passes_its_self_test_and_writes_nothing_beside_itself(
    built: Built, tmp_path: Path
) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    before = _tree(built.app.parent)
    result = _run([built.app, "--self-test"], env=_user_env(home), cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kith --self-test: OK" in result.stdout
    assert "created 'Ada Self-Test' through the form" in result.stdout
    assert "reads phone numbers" in result.stdout
    assert _tree(built.app.parent) == before
    assert list(cwd.iterdir()) == []


def test_installed_kith_keeps_its_database_in_the_user_data_folder(
    built: Built, tmp_path: Path
) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    before = _tree(built.app.parent)
    cards = ROOT / "tests" / "fixtures" / "import" / "google.vcf"
    # A verb that writes makes a new database only when asked to (--create).
    result = _run([built.app, "import", "--yes", "--create", cards], env=_user_env(home), cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Added" in result.stdout
    assert (home / ".local" / "share" / "Kith" / "kith.sqlite").is_file()
    assert _tree(built.app.parent) == before
    assert list(cwd.iterdir()) == []


def test_the_desktop_file_and_metainfo_validate(built: Built) -> None:
    desktop = built.root / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    metainfo = built.root / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert shutil.which("desktop-file-validate"), "install desktop-file-utils"
    checked = _run(["desktop-file-validate", desktop])
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    entry = desktop.read_text()
    assert "\nExec=kith" in entry and "\nIcon=kith\n" in entry
    assert f"<id>{APP_ID}</id>" in metainfo.read_text()
    if shutil.which("appstreamcli"):
        checked = _run(["appstreamcli", "validate", "--no-net", metainfo])
        assert checked.returncode == 0, checked.stdout + checked.stderr


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_are_installed_at_every_size(built: Built) -> None:
    hicolor = built.root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / "kith.png"
        assert png.is_file(), f"no {size}x{size} icon"
        assert _png_size(png) == (size, size)
    assert (hicolor / "scalable" / "apps" / "kith.svg").read_text().lstrip().startswith("<")


def _extract(archive: tarfile.TarFile, name: str, folder: Path) -> None:
    """Extract one member the safe way on every Python 3.11.

    tarfile's extraction filters came in 3.11.4; Debian 12 has 3.11.2. Without them, refuse
    what the "data" filter would refuse for a plain file: an absolute or escaping path, or a
    member that is not a regular file.
    """
    if hasattr(tarfile, "data_filter"):
        archive.extract(name, folder, filter="data")
        return
    member = archive.getmember(name)
    target = (folder / member.name).resolve()
    assert member.isfile(), f"{name} is not a regular file in the archive"
    assert target.is_relative_to(folder.resolve()), f"{name} would land outside {folder}"
    archive.extract(member, folder, set_attrs=False)
    target.chmod(member.mode & 0o755)


def test_the_tarball_holds_the_same_bundle(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.tarball) as archive:
        names = set(archive.getnames())
        assert {"kith/kith", "kith/_internal"} <= names
        _extract(archive, "kith/kith", tmp_path)
    assert (tmp_path / "kith" / "kith").stat().st_mode & 0o111
