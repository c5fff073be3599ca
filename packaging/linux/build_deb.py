#!/usr/bin/env python3
"""Build Kith's Linux installers: the PyInstaller bundle, a .deb and a plain .tar.gz.

    python3 packaging/linux/build_deb.py [--dist DIR] [--work DIR]

1. copies the sources Kith is built from (pyproject.toml, desktop/, resources/) into WORK/src,
   so the build never writes into the checkout;
2. makes the build environment WORK/venv (kept between runs) and installs Kith into it
   non-editable, with PyInstaller (the ``packaging`` extra) — the only network use (PyPI);
3. renders the icon sizes (packaging/render_icons.py) and freezes Kith with
   packaging/kith.spec into WORK/bundle/kith;
4. tidies the bundle: strips its ELF files of symbols and debug information and drops any
   RUNPATH that names a folder of the build machine (a pyenv Python's lib-dynload has one);
5. lays the .deb out — the bundle in /usr/lib/kith, the link /usr/bin/kith, the .desktop file,
   icons 16–512 px plus the SVG, AppStream metainfo, the man page (made from ``kith --help``'s
   own parser), copyright, changelog, lintian overrides, md5sums — works out Depends from the
   libraries the bundle links but does not carry (and fails when its libc requirement is newer
   than the oldest system it promises to install on, --max-glibc, Ubuntu 22.04's 2.35), and
   packs
   it with ``dpkg-deb -Zxz``;
6. writes DIST/kith_VERSION_ARCH.deb and DIST/kith-VERSION-linux-MACHINE.tar.gz, and checks the
   .desktop and metainfo files with desktop-file-validate / appstreamcli when they are installed.

Needs Python 3.11+, dpkg-deb, objdump and strip (binutils), chrpath and a Debian-like system
(dpkg -S). Only the standard library is used here.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import gzip
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.kith.Kith"
PACKAGE = "kith"
ICON_NAME = "kith"  # Icon= in the .desktop file
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MAINTAINER = "The Kith developers <kith@users.noreply.github.com>"
#: Where the bundle is installed: a private folder under /usr/lib, so that the package owns no
#: folder another package or the admin shares (/opt) and dpkg removes exactly what it put there.
INSTALL_DIR = Path("usr/lib") / PACKAGE
#: The oldest glibc the .deb promises to install on: Ubuntu 22.04 has 2.35, Debian 12
#: (bookworm) 2.36. A build on a newer system links newer symbols; the build then fails
#: (--max-glibc). Built on Debian 12 the bundle asks for 2.35 (libpython3.11).
MAX_GLIBC = "2.35"
#: dpkg-deb's compression: xz is what Debian's archive and lintian accept (zstd is not, before
#: lintian 2.117), and at preset 1 it packs the bundle smaller than zstd's default level in
#: less time than zstd -19 (measured in packaging/README.md).
COMPRESSION = ["-Zxz", "-z1"]
#: What the build needs besides Python, and the Debian package that has it.
TOOLS = {
    "dpkg-deb": "dpkg",
    "dpkg": "dpkg",
    "objdump": "binutils",
    "strip": "binutils",
    "chrpath": "chrpath",
}


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, text=True, stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"`{' '.join(map(str, command))}` failed (exit code {result.returncode})")
    return result


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


# --- 1. sources and the build environment ------------------------------------------------------


def copy_sources(destination: Path) -> None:
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("desktop", "resources"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=skip)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def build_environment(work: Path, python: str) -> Path:
    """WORK/venv with Kith (from WORK/src, not editable) and PyInstaller; returns its python."""
    venv = work / "venv"
    if not venv_python(venv).exists():
        step(f"Creating the build environment {venv}")
        run([python, "-m", "venv", str(venv)])
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    step("Installing Kith (not editable) and PyInstaller into it")
    run([*pip, f"{work / 'src'}[packaging]"])
    # A kept environment may hold an older build of the same version: replace it.
    run([*pip, "--no-deps", "--force-reinstall", str(work / "src")])
    return venv_python(venv)


# --- 2. icons and the bundle -------------------------------------------------------------------


def render_icons(python: Path, out: Path) -> Path:
    """PNG sizes of resources/icons/kith.svg, via the icon helper; returns the folder."""
    helper = ROOT / "packaging" / "render_icons.py"
    if not helper.exists():
        raise BuildError(f"{helper} is missing: it renders Kith's icon to the PNG sizes")
    if out.exists():
        shutil.rmtree(out)
    run(
        [str(python), str(helper), "--out", str(out)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    return out


def freeze(python: Path, work: Path) -> Path:
    """Run PyInstaller on packaging/kith.spec; returns the one-folder bundle."""
    step("Freezing Kith with PyInstaller (packaging/kith.spec)")
    dist = work / "bundle"
    run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(ROOT / "packaging" / "kith.spec"),
        ],
        cwd=work,
    )
    bundle = dist / "kith"
    if not (bundle / "kith").is_file():
        raise BuildError(f"PyInstaller made no {bundle / 'kith'}")
    return bundle


# --- 3. the .deb -------------------------------------------------------------------------------


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_names(path: Path) -> list[str]:
    out = run(["objdump", "-p", str(path)], capture_output=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check_glibc(needed: str, ceiling: str) -> None:
    """Fail when the bundle needs a newer glibc than the oldest system it promises to run on."""
    if version_tuple(needed) > version_tuple(ceiling):
        raise BuildError(
            f"the bundle needs glibc {needed} (GLIBC_{needed} symbols), newer than the {ceiling} "
            "of the oldest system the .deb promises to install on (Ubuntu 22.04 has 2.35, "
            "Debian 12 2.36): build on Debian 12 (a debian:12 container) or Ubuntu 22.04, "
            "leave the library that asks for more to the system (LINUX_SYSTEM_LIBRARIES in "
            "packaging/kith.spec), or pass --max-glibc if the promise changes"
        )


def glibc_needed(paths: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for."""
    newest: tuple[int, ...] = (2, 0)
    for path in paths:
        out = run(["objdump", "-T", str(path)], capture_output=True).stdout
        for match in re.finditer(r"\bGLIBC_(\d+(?:\.\d+)+)\b", out):
            newest = max(newest, tuple(int(part) for part in match.group(1).split(".")))
    return ".".join(map(str, newest))


def system_library_paths() -> dict[str, str]:
    """soname → path of the libraries the dynamic linker knows (ldconfig -p)."""
    machine = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(platform.machine(), "")
    out = run(["/sbin/ldconfig", "-p"], capture_output=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        soname, _, flags = name.partition(" (")
        if path and (not machine or machine in flags or "64" not in flags):
            paths.setdefault(soname, path)
    return paths


def owning_package(path: str) -> str | None:
    """The Debian package that installed ``path`` (also through /lib → /usr/lib)."""
    candidates = [path, str(Path(path).resolve())]
    for candidate in list(candidates):
        if candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
        elif candidate.startswith("/usr/lib/"):
            candidates.append(candidate.removeprefix("/usr"))
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].strip()
    return None


def depends_of(bundle: Path, max_glibc: str = MAX_GLIBC) -> list[str]:
    """Debian packages for the libraries the bundle links but does not carry.

    packaging/kith.spec leaves the graphics stack (GL, EGL, xcb, Wayland), the C++ runtime and
    fontconfig/FreeType to the system; libfontconfig1 in turn depends on a font, without which
    Qt draws no text.
    """
    elves = elf_files(bundle)
    carried = {path.name for path in bundle.rglob("*")}
    wanted = sorted({name for elf in elves for name in needed_names(elf)} - carried)
    known = system_library_paths()
    packages: set[str] = set()
    missing = []
    for soname in wanted:
        path = known.get(soname)
        package = owning_package(path) if path else None
        if package is None:
            missing.append(soname)
        else:
            packages.add(package)
    if missing:
        raise BuildError(
            "the bundle links libraries that are neither in it nor installed here, so the "
            f".deb cannot name their packages: {', '.join(missing)}. Install them (their "
            "Debian packages) and build again."
        )
    needed = glibc_needed(elves)
    check_glibc(needed, max_glibc)
    libc = f"libc6 (>= {needed})"
    return [libc, *sorted(packages - {"libc6"})]


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts:
            continue
        total += 1 if path.is_dir() or path.is_symlink() else -(-path.stat().st_size // 1024)
    return total


def copy_file(source: Path, target: Path, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def runpath_of(path: Path) -> str | None:
    """The RUNPATH (or old-style RPATH) of one ELF file, if it has one."""
    out = run(["objdump", "-p", str(path)], capture_output=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] in ("RUNPATH", "RPATH"):
            return fields[1]
    return None


def tidy_bundle(bundle: Path) -> None:
    """Strip the bundle's libraries and drop the search paths that name the build machine.

    Every shared library and extension module loses its symbol table and debug information (as
    Debian's dh_strip does: ``--strip-unneeded``, no .comment/.note); libpython alone shrinks
    from 22 to 4 MiB. A RUNPATH entry that is not relative to the file itself (``$ORIGIN``) —
    a pyenv Python's modules carry ``/root/.pyenv/versions/…/lib`` — is removed with chrpath,
    in place. The executable is left alone: PyInstaller keeps its archive inside it, and its
    bootloader comes stripped.
    """
    executable = bundle / PACKAGE
    for path in elf_files(bundle):
        if path == executable:
            continue
        run(
            [
                "strip",
                "--strip-unneeded",
                "--remove-section=.comment",
                "--remove-section=.note",
                str(path),
            ]
        )
        search = runpath_of(path)
        if search is None:
            continue
        entries = search.split(":")
        kept = [entry for entry in entries if entry.startswith("$ORIGIN")]
        if kept == entries:
            continue
        command = ["chrpath", "-r", ":".join(kept)] if kept else ["chrpath", "-d"]
        run([*command, str(path)], stdout=subprocess.DEVNULL)


def release_date() -> datetime.datetime:
    """When this version was made: SOURCE_DATE_EPOCH, else the last commit, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch and shutil.which("git"):
        result = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
        )
        epoch = result.stdout.strip() if result.returncode == 0 else None
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def write_gzip(target: Path, text: str) -> None:
    """``text`` gzipped at level 9 with no name or time stamp inside (as ``gzip -9n``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as packed,
    ):
        packed.write(text.encode())


def changelog(version: str, date: datetime.datetime) -> str:
    """The package's changelog: one entry for this version (Debian's changelog format)."""
    return (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * Kith {version}, built from its source release with PyInstaller.\n\n"
        f" -- {MAINTAINER}  {email.utils.format_datetime(date)}\n"
    )


def copyright_file(year: int) -> str:
    internal = f"{INSTALL_DIR}/_internal"
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Kith\n\n"
        f"Files: *\nCopyright: {year} The Kith developers\nLicense: GPL-3.0-or-later\n"
        " On Debian systems, the full text of the GNU General Public License version 3 can be\n"
        " found in /usr/share/common-licenses/GPL-3.\n\n"
        f"Files: {internal}/*\nCopyright: the authors of each component\n"
        "License: various\n"
        " The bundled Python runtime, Qt (LGPL-3.0) through PySide6, the Python packages and\n"
        " the libraries they link each carry their own licence. Every component, its version,\n"
        f" its licence and the full texts are in /{internal}/THIRD-PARTY-LICENSES.\n"
    )


#: Lintian's findings that a PyInstaller bundle cannot avoid, with the reason for each
#: (packaging/README.md lists them too). Everything else lintian says is a bug in the build.
LINTIAN_OVERRIDES = f"""\
# The bundle carries its own Python and the libraries Python and Qt link (zlib, bzip2, expat,
# libjpeg, ncurses…): that is what makes one .deb run on every Debian and Ubuntu release.
{PACKAGE}: embedded-library * [{INSTALL_DIR}/_internal/*]
# PyInstaller's prebuilt bootloader is not position-independent.
{PACKAGE}: hardening-no-pie [{INSTALL_DIR}/{PACKAGE}]
# Python extension modules that call nothing of libc need not link it (CPython's own build).
{PACKAGE}: library-not-linked-against-libc [{INSTALL_DIR}/_internal/*]
{PACKAGE}: shared-library-lacks-prerequisites [{INSTALL_DIR}/_internal/*]
"""


def stage_deb(
    bundle: Path,
    icons: Path,
    man_page: str,
    root: Path,
    version: str,
    arch: str,
    max_glibc: str = MAX_GLIBC,
) -> list[str]:
    """Lay out the package's files under ``root`` (DEBIAN/ included); returns Depends."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    # The bundle finds its _internal/ folder from the real path of the executable.
    (root / "usr" / "bin" / PACKAGE).symlink_to(Path("..") / "lib" / PACKAGE / PACKAGE)
    share = root / "usr" / "share"
    copy_file(
        ROOT / "resources" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"
    )
    copy_file(
        ROOT / "resources" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml"
    )
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if not png.exists():
            raise BuildError(f"the icon helper made no {png}")
        copy_file(png, hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png")
    copy_file(
        ROOT / "resources" / "icons" / f"{ICON_NAME}.svg",
        hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg",
    )
    write_gzip(share / "man" / "man1" / f"{PACKAGE}.1.gz", man_page)
    date = release_date()
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(date.year))
    write_gzip(doc / "changelog.gz", changelog(version, date))
    overrides = share / "lintian" / "overrides" / PACKAGE
    overrides.parent.mkdir(parents=True)
    overrides.write_text(LINTIAN_OVERRIDES)
    executable = root / INSTALL_DIR / PACKAGE
    for path in root.rglob("*"):
        if not path.is_symlink():
            # Folders and the one executable: 755; everything else, libraries too: 644.
            path.chmod(0o755 if path.is_dir() or path == executable else 0o644)

    depends = depends_of(bundle, max_glibc)
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(root)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: keeps your professional network alive\n"
        " Kith is a local-first personal relationship manager: it remembers, for the\n"
        " people you choose to keep close, how you met, who introduced you, what you\n"
        " talked about and when to get back in touch.\n"
        " .\n"
        " Your data stays on your computer, in one SQLite file. This package carries\n"
        f" its own Python and Qt in /{INSTALL_DIR}.\n"
    )
    (debian / "md5sums").write_text(md5sums(root))
    (debian / "md5sums").chmod(0o644)
    return depends


def md5sums(root: Path) -> str:
    """DEBIAN/md5sums: the MD5 sum of every file the package installs (dpkg --verify)."""
    lines = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] != "DEBIAN" and path.is_file() and not path.is_symlink():
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {relative.as_posix()}\n")
    return "".join(lines)


def validate(root: Path) -> None:
    desktop = root / "usr/share/applications" / f"{APP_ID}.desktop"
    metainfo = root / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml"
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", str(desktop)])
        print(f"    desktop-file-validate: {desktop.name} is valid")
    else:
        print("    desktop-file-validate not installed (apt package desktop-file-utils): skipped")
    if shutil.which("appstreamcli"):
        run(
            ["appstreamcli", "validate", "--no-net", "--pedantic", str(metainfo)],
            capture_output=True,
        )
        print(f"    appstreamcli validate: {metainfo.name} is valid")
    else:
        print("    appstreamcli not installed (apt package appstream): skipped")


def pack_tarball(bundle: Path, out: Path) -> None:
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname="kith")


def du(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist",
        help="where the .deb and .tar.gz go (default dist/)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "linux",
        help="build folder, kept between runs for its environment (default build/linux)",
    )
    parser.add_argument(
        "--python", default=sys.executable, help="the Python the bundle is made from"
    )
    parser.add_argument(
        "--max-glibc",
        default=MAX_GLIBC,
        metavar="X.Y",
        help=f"fail if the bundle needs a newer glibc (default {MAX_GLIBC}, Ubuntu 22.04)",
    )
    args = parser.parse_args(argv)
    work, dist = args.work.resolve(), args.dist.resolve()
    started = time.monotonic()
    try:
        missing = sorted({package for tool, package in TOOLS.items() if not shutil.which(tool)})
        if missing:
            raise BuildError(f"tools are missing: apt-get install {' '.join(missing)}")
        version = project_version()
        arch = run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()
        work.mkdir(parents=True, exist_ok=True)
        dist.mkdir(parents=True, exist_ok=True)
        step(f"Building Kith {version} for {arch} in {work}")
        copy_sources(work / "src")
        python = build_environment(work, args.python)
        step("Rendering the icon sizes (packaging/render_icons.py)")
        icons = render_icons(python, work / "icons")
        bundle = freeze(python, work)
        shown = run([str(bundle / "kith"), "--version"], capture_output=True).stdout.strip()
        if shown != f"Kith {version}":
            raise BuildError(f"the bundle says {shown!r}, not 'Kith {version}'")
        step("Stripping the bundle and dropping build-machine RUNPATHs")
        tidy_bundle(bundle)
        man_page = run(
            [str(python), str(ROOT / "packaging" / "man_page.py")], capture_output=True
        ).stdout

        step("Laying out the .deb")
        root = work / "deb" / f"{PACKAGE}_{version}_{arch}"
        depends = stage_deb(bundle, icons, man_page, root, version, arch, args.max_glibc)
        validate(root)
        deb = dist / f"{PACKAGE}_{version}_{arch}.deb"
        step(f"Packing {deb.name} (dpkg-deb {' '.join(COMPRESSION)})")
        run(
            ["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root), str(deb)],
            stdout=subprocess.DEVNULL,
        )
        tarball = dist / f"{PACKAGE}-{version}-linux-{platform.machine()}.tar.gz"
        step(f"Packing {tarball.name}")
        pack_tarball(bundle, tarball)
    except BuildError as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 1
    print(
        f"Built in {time.monotonic() - started:.0f} s:\n"
        f"  bundle   {bundle}  {mib(du(bundle))}\n"
        f"  .deb     {deb}  {mib(du(deb))}\n"
        f"  .tar.gz  {tarball}  {mib(du(tarball))}\n"
        f"  Depends: {', '.join(depends)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
