#!/usr/bin/env python3
"""Kith's developer commands: set a checkout up from nothing, then run the app or the checks.

    python3 dev.py run [kith args…]      set up, then start Kith (.venv/bin/python -m kith …)
    python3 dev.py test [pytest args…]   set up, then ruff check, ruff format --check, mypy, pytest,
                                         and pytest again with the clock moved (libfaketime)
    python3 dev.py demo [kith args…]     set up, write demo.sqlite once, start Kith on it
    python3 dev.py setup                 only set up (everything `test` needs)

Setting up is idempotent and costs a few milliseconds when nothing changed:
1. system packages (Debian/Ubuntu only): the libraries Qt loads, a font, python3-venv when this
   Python cannot make a virtual environment, and for `test` the X server and tools some tests
   start; installed with apt-get as root (or through sudo), skipped when dpkg says present;
2. the project-local virtual environment `.venv`, and `pip install -e '.[dev]'` into it
   whenever pyproject.toml changed since the last install (a hash stamp lives inside .venv).

Only the standard library is used here, and nothing newer than Python 3.8 is needed to read
this file, so that an old Python gets a clear message instead of a syntax error.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "kith-dev-install.stamp"
LOCK = VENV / "kith-dev-setup.lock"
DEMO_DATABASE = "demo.sqlite"
MIN_PYTHON = (3, 11)

# --- System packages (Debian/Ubuntu names) ------------------------------------------------------
# Found by running `ldd` on PySide6-Essentials' Qt libraries and platform plugins in a bare
# Debian 12 (debootstrap minbase + python3) and mapping each missing .so to its package.

# What the window needs, for `run`, `demo` and `test` alike.
QT_RUNTIME_PACKAGES = {
    # -- linked by QtGui and by every platform plugin, the offscreen one included
    "libgl1": "libGL.so.1 (GLVND): QtGui, QtOpenGL and all platform plugins",
    "libegl1": "libEGL.so.1: QtGui and all platform plugins",
    "libxkbcommon0": "libxkbcommon.so.0: keyboard handling in QtGui",
    "libfontconfig1": "libfontconfig.so.1: Qt finds the system's fonts through fontconfig",
    "libfreetype6": "libfreetype.so.6: Qt renders text with FreeType",
    "libglib2.0-0": "libglib-2.0/libgthread-2.0: Qt's event loop integrates with GLib",
    "libdbus-1-3": "libdbus-1.so.3: QtDBus (QtGui uses it for the tray, portals, themes)",
    "libgssapi-krb5-2": "libgssapi_krb5.so.2: QtNetwork links it (Kerberos authentication)",
    "libx11-6": "libX11.so.6: QtGui and the offscreen plugin link Xlib",
    "fonts-dejavu-core": "a font: without any font Qt draws no text at all",
    # -- the xcb platform plugin (libqxcb.so), which shows the window on an X11 display
    "libxcb1": "libxcb.so.1: the X protocol library",
    "libx11-xcb1": "libX11-xcb.so.1: libqxcb.so",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0: keyboard layouts from the X server",
    "libxcb-cursor0": "libxcb-cursor.so.0: libqxcb.so (required since Qt 6.5)",
    "libxcb-glx0": "libxcb-glx.so.0: the GLX integration plugin of libqxcb.so",
    "libxcb-icccm4": "libxcb-icccm.so.4: libqxcb.so (window manager hints)",
    "libxcb-image0": "libxcb-image.so.0: libqxcb.so",
    "libxcb-keysyms1": "libxcb-keysyms.so.1: libqxcb.so (key symbols)",
    "libxcb-randr0": "libxcb-randr.so.0: libqxcb.so (screens and their sizes)",
    "libxcb-render0": "libxcb-render.so.0: libqxcb.so",
    "libxcb-render-util0": "libxcb-render-util.so.0: libqxcb.so",
    "libxcb-shape0": "libxcb-shape.so.0: libqxcb.so",
    "libxcb-shm0": "libxcb-shm.so.0: libqxcb.so (shared-memory images)",
    "libxcb-sync1": "libxcb-sync.so.1: libqxcb.so",
    "libxcb-util1": "libxcb-util.so.1: libqxcb.so",
    "libxcb-xfixes0": "libxcb-xfixes.so.0: libqxcb.so",
    "libxcb-xkb1": "libxcb-xkb.so.1: libqxcb.so (keyboard extension)",
    # -- the wayland platform plugin (libqwayland.so), used first on a Wayland desktop
    "libwayland-client0": "libwayland-client.so.0: libqwayland.so",
    "libwayland-cursor0": "libwayland-cursor.so.0: libqwayland.so",
    "libwayland-egl1": "libwayland-egl.so.1: Qt's wayland-egl integration plugin",
}

# What some tests start besides, for `test` (and `setup`).
TEST_TOOL_PACKAGES = {
    "xvfb": "Xvfb: a real X server without a screen, for tray and screenshot tests",
    "xauth": "xauth: xvfb-run needs it to hand the X server's cookie to the client",
    "xdotool": "xdotool: tests that click or type into a real X window",
    "trayer": "trayer: a small system-tray host, so the tray icon has somewhere to live",
    "desktop-file-utils": "desktop-file-validate: tests check the .desktop file with it",
    "gnome-keyring": "a real Secret Service keyring: a sync password round-trips through it",
    "dbus": "dbus-run-session: the private session bus that keyring test runs the daemon on",
    "faketime": "libfaketime: the second pass of the suite runs with the process clock moved",
    "dovecot-imapd": "Dovecot: the real IMAP server the mail-capture tests read",
    "openssl": "openssl: makes the self-signed certificate of the capture tests' IMAP server",
    # -- the installer build in tests/packaging (packaging/linux/build_deb.py)
    "binutils": "objdump, strip: build_deb.py reads and strips the bundle's libraries",
    "chrpath": "chrpath: build_deb.py drops RUNPATHs that name the build machine's folders",
}

# What `test` needs only where CI=true (the CI machine, the installers workflow): lintian brings
# 154 packages (Perl and its modules) into a fresh Debian 12, minutes of apt-get on a newcomer's
# first `dev.py test`. Elsewhere tests/packaging leaves its lintian check out and says so.
CI_TOOL_PACKAGES = {
    "lintian": "lintian: the .deb test checks the package against Debian's policy",
}

# Debian's own python3 comes without ensurepip, so `python3 -m venv` needs this package.
VENV_PACKAGE = "python3-venv"

# Debian's own python3 keeps its shared library apart (libpython3.11 on Debian 12): for `test`,
# since PyInstaller puts it into the bundle; see libpython_package().

APT_INSTALL = ["apt-get", "install", "-y", "--no-install-recommends"]
# Wait for another apt/dpkg run (an unattended upgrade, say) instead of failing at once.
APT_OPTIONS = ["-q", "-o", "DPkg::Lock::Timeout=300"]


class SetupError(Exception):
    """Something the user has to do before Kith can be set up; the message says what."""


def header(text: str) -> None:
    print(f"==> {text}", flush=True)


def note(text: str) -> None:
    print(f"dev.py: {text}", file=sys.stderr, flush=True)


# --- Step 1: system packages -------------------------------------------------------------------


def is_debian_like() -> bool:
    return sys.platform.startswith("linux") and bool(
        shutil.which("apt-get") and shutil.which("dpkg-query")
    )


def installed_packages(names: list[str]) -> set[str]:
    """Those of ``names`` that dpkg says are installed (one dpkg-query call for all)."""
    # Ubuntu 24.04 renamed many libraries for 64-bit time_t (libglib2.0-0 -> libglib2.0-0t64);
    # either name counts.
    queried = list(names) + [f"{name}t64" for name in names if name.startswith("lib")]
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n", *queried],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    present = set()
    for line in result.stdout.splitlines():
        package, _, status = line.partition("\t")
        if len(status) >= 2 and status[1] == "i":  # "ii ", "hi ": installed
            package = package.split(":")[0]
            present.add(package[:-3] if package.endswith("t64") else package)
    return present


def needs_venv_package() -> bool:
    """True when .venv has yet to be made and this Python has no ensurepip to make it with."""
    import importlib.util

    return not venv_python().exists() and importlib.util.find_spec("ensurepip") is None


def libpython_package() -> str | None:
    """The package with this Python's shared library, when PyInstaller needs it from apt.

    PyInstaller copies the running Python's libpython3.X.so.1.0 into the bundle. Debian's
    python3 is built with a shared libpython (Py_ENABLE_SHARED) but its interpreter does not
    link it, so the library comes in its own package (libpython3.11 on Debian 12), which a bare
    system lacks. A Python built elsewhere (/usr/local, pyenv, …) carries its own libpython
    beside it, or none at all (then PyInstaller says so), and no package of the system's helps.
    """
    import sysconfig

    shared = sysconfig.get_config_var("Py_ENABLE_SHARED")
    if not shared or os.path.realpath(sys.base_prefix) != "/usr":
        return None
    return f"libpython{sys.version_info.major}.{sys.version_info.minor}"


def required_system_packages(with_test_tools: bool) -> list[str]:
    packages = list(QT_RUNTIME_PACKAGES)
    if with_test_tools:
        packages += list(TEST_TOOL_PACKAGES)
        if os.environ.get("CI") == "true":
            packages += list(CI_TOOL_PACKAGES)
        libpython = libpython_package()
        if libpython:
            packages.append(libpython)  # for PyInstaller: see libpython_package()
    if needs_venv_package():
        packages.append(VENV_PACKAGE)
    return packages


def privilege_prefix() -> list[str] | None:
    """How to run apt-get as root: directly, through sudo, or (None) not at all."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        return ["sudo", "env", "DEBIAN_FRONTEND=noninteractive"]
    return None


def install_hint(missing: list[str]) -> str:
    """The command that installs ``missing``, as this user would type it."""
    command = " ".join([*APT_INSTALL, *missing])
    sudo = "sudo " if os.geteuid() != 0 and shutil.which("sudo") else ""
    return f"{sudo}apt-get update && {sudo}{command}"


def ensure_system_packages(with_test_tools: bool) -> None:
    if not is_debian_like():
        note(
            "not a Debian/Ubuntu system (no apt-get/dpkg): skipping system packages; Qt needs "
            "your distribution's OpenGL, fontconfig, xkbcommon and xcb-cursor libraries."
        )
        return
    wanted = required_system_packages(with_test_tools)
    present = installed_packages(wanted)
    missing = [name for name in wanted if name not in present]
    if not missing:
        return
    prefix = privilege_prefix()
    if prefix is None:
        raise SetupError(
            "these system packages are missing and this user cannot install them "
            f"(not root, no sudo): {' '.join(missing)}\n"
            f"As root, install them and run this again:\n    {install_hint(missing)}"
        )
    header(f"Installing system packages with apt-get: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        [*prefix, "apt-get", *APT_OPTIONS, "update"],
        [*prefix, *APT_INSTALL, *APT_OPTIONS, *missing],
    ):
        if subprocess.run(command, env=env, stdin=subprocess.DEVNULL).returncode != 0:
            raise SetupError(
                f"`{' '.join(command)}` failed, so these system packages are still missing: "
                f"{' '.join(missing)}\nInstall them, then run this again:\n"
                f"    {install_hint(missing)}"
            )
    present = installed_packages(missing)
    still_missing = [name for name in missing if name not in present]
    if still_missing:
        raise SetupError(
            f"apt-get finished but these packages are still not installed: "
            f"{' '.join(still_missing)}\nInstall them, then run this again:\n"
            f"    {install_hint(still_missing)}"
        )


# --- Step 2: the virtual environment -----------------------------------------------------------


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def python_requirements() -> list[str]:
    """What pip installs into .venv: Kith with its dev extras, and its build backend.

    The build backend ([build-system] requires, and `wheel`, which setuptools before 70.1
    needs for bdist_wheel) lets tests and packaging build Kith offline with
    ``--no-build-isolation``.
    """
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as file:
        pyproject = tomllib.load(file)
    build_requires = pyproject.get("build-system", {}).get("requires", [])
    return ["-e", ".[dev]", *build_requires, "wheel"]


def install_stamp() -> str:
    """Changes whenever what pip would install changes."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(b"dev.py install scheme 1")
    return digest.hexdigest()


def venv_is_usable(python: Path) -> bool:
    if not python.exists():
        return False
    check = subprocess.run(
        [str(python), "-m", "pip", "--version"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return check.returncode == 0


def create_venv() -> None:
    # The setup lock file lives in .venv and stays while this process holds it.
    leftovers = [path for path in VENV.iterdir() if path != LOCK] if VENV.exists() else []
    if leftovers:
        if not (VENV / "pyvenv.cfg").exists():
            raise SetupError(
                f"{VENV} exists but is not a virtual environment; move it away and run this again."
            )
        header("Removing the broken virtual environment .venv")
        for path in leftovers:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    header(f"Creating the virtual environment .venv (Python {sys.version.split()[0]})")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)], stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        hint = (
            f"    {install_hint([VENV_PACKAGE])}"
            if is_debian_like()
            else "    install your distribution's venv/ensurepip package for this Python"
        )
        raise SetupError(f"`{sys.executable} -m venv` failed. Make venv work, e.g.:\n{hint}")


class _SetupLock:
    """Keeps two dev.py runs in one checkout from running pip into .venv at the same time."""

    def __enter__(self) -> _SetupLock:
        self._file = None
        try:
            import fcntl
        except ImportError:  # Windows: no locking
            return self
        VENV.mkdir(exist_ok=True)
        self._file = LOCK.open("w")
        fcntl.flock(self._file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()


def ensure_venv() -> Path:
    python = venv_python()
    stamp = install_stamp()
    if python.exists() and STAMP.exists() and STAMP.read_text() == stamp:
        return python
    with _SetupLock():
        # Another dev.py may have finished the same work while this one waited.
        if python.exists() and STAMP.exists() and STAMP.read_text() == stamp:
            return python
        if not venv_is_usable(python):
            create_venv()
        requirements = python_requirements()
        header(f"Installing Python packages into .venv: pip install {' '.join(requirements)}")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        if subprocess.run([*pip, *requirements], cwd=ROOT, stdin=subprocess.DEVNULL).returncode:
            raise SetupError(
                "pip could not install Kith into .venv; its messages above say why "
                "(a package index out of reach, or an error in pyproject.toml or the checkout)."
            )
        STAMP.write_text(stamp)
    return python


# --- Commands ----------------------------------------------------------------------------------


def setup(*, with_test_tools: bool) -> Path:
    """Everything between a bare checkout and a working .venv; returns the venv's python."""
    if sys.version_info < MIN_PYTHON:
        raise SetupError(
            f"Kith needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is "
            f"{sys.version.split()[0]} ({sys.executable}). Run dev.py with a newer python3."
        )
    ensure_system_packages(with_test_tools)
    return ensure_venv()


def exec_kith(python: Path, args: list[str]) -> int:
    """Replace this process with Kith, so signals and the exit code are Kith's own.

    Without a display Kith itself says so in one message (kith.app.missing_display).
    """
    command = [str(python), "-m", "kith", *args]
    sys.stdout.flush()
    if os.name == "nt":
        return subprocess.call(command, cwd=ROOT)
    os.chdir(ROOT)
    os.execv(command[0], command)
    return 0  # not reached


def command_run(args: list[str]) -> int:
    return exec_kith(setup(with_test_tools=False), args)


def command_demo(args: list[str]) -> int:
    python = setup(with_test_tools=False)
    if not (ROOT / DEMO_DATABASE).exists():
        header(f"Writing the demo network to {DEMO_DATABASE} (kith demo {DEMO_DATABASE})")
        result = subprocess.run(
            [str(python), "-m", "kith", "demo", DEMO_DATABASE], cwd=ROOT, stdin=subprocess.DEVNULL
        )
        if result.returncode != 0:
            raise SetupError(f"`kith demo {DEMO_DATABASE}` failed (its message is above).")
    return exec_kith(python, ["--database", DEMO_DATABASE, *args])


def command_setup(args: list[str]) -> int:
    if args:
        raise SetupError(f"`dev.py setup` takes no arguments (got: {' '.join(args)})")
    setup(with_test_tools=True)
    print("Set up: system packages present, .venv up to date.")
    return 0


# --- The suite at another moment ----------------------------------------------------------------
# `test` runs pytest a second time with the process clock moved (libfaketime), at a moment that
# catches the usual date bugs. The moments take turns, one per day, so that each shows up within
# a few runs; KITH_TEST_CLOCK="YYYY-MM-DD HH:MM:SS Zone" picks one (any moment, any zone), and
# KITH_CLOCK_RUN=0 leaves the second pass out. docs/development.md says more.
CLOCK_MOMENTS = [
    ("2028-02-29 21:00:00", "America/New_York", "29 February, already 1 March in UTC"),
    ("2027-12-31 23:30:00", "America/Los_Angeles", "New Year's Eve 23:30, already 2028 in UTC"),
    ("2027-03-28 01:30:00", "Europe/Berlin", "half an hour before the clocks go forward"),
    ("2027-10-30 23:30:00", "Europe/Berlin", "the evening before the clocks go back"),
]


def clock_moment() -> tuple[str, str, str]:
    """The moment and time zone of the moved-clock pass: KITH_TEST_CLOCK, else today's turn."""
    chosen = os.environ.get("KITH_TEST_CLOCK", "").strip()
    if chosen:
        day, at, *zone = chosen.split()
        if len(zone) != 1:
            raise SetupError(
                f'KITH_TEST_CLOCK={chosen!r}: expected "YYYY-MM-DD HH:MM:SS Zone", '
                'e.g. "2028-02-29 23:30:00 Europe/Berlin"'
            )
        return f"{day} {at}", zone[0], "KITH_TEST_CLOCK"
    import datetime

    return CLOCK_MOMENTS[datetime.date.today().toordinal() % len(CLOCK_MOMENTS)]


def faketime_library() -> Path | None:
    """libfaketime.so.1 from Debian's faketime package, wherever this architecture keeps it."""
    for pattern in ("lib/*/faketime/libfaketime.so.1", "lib/faketime/libfaketime.so.1"):
        for found in sorted(Path("/usr").glob(pattern)):
            return found
    return None


def moved_clock_env(env: dict[str, str]) -> tuple[dict[str, str], str, str] | None:
    """``env`` with the process clock moved to :func:`clock_moment`, the moment, and why it."""
    library = faketime_library()
    if library is None:
        return None
    import datetime
    import zoneinfo

    moment, zone, why = clock_moment()
    try:
        wall = datetime.datetime.strptime(moment, "%Y-%m-%d %H:%M:%S")
        target = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as error:
        raise SetupError(f"cannot move the clock to {moment} {zone}: {error}") from error
    # An offset, not an absolute time: every process the tests start (Radicale, `kith` in a
    # subprocess) then shares one moved clock instead of each starting at the same instant.
    offset = round(target.timestamp() - time.time())
    moved = dict(
        env,
        TZ=zone,
        FAKETIME=f"{offset:+d}",
        # Timers, timeouts and pytest's durations keep the real monotonic clock.
        FAKETIME_DONT_FAKE_MONOTONIC="1",
        LD_PRELOAD=" ".join(filter(None, [str(library), env.get("LD_PRELOAD", "")])),
        # The installer's build does not depend on the date; the first pass built it.
        KITH_BUILD_DEB="0",
        # Every Python process of this pass sleeps around a libfaketime 0.9.10 bug: see there.
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT / "tests" / "moved_clock"), env.get("PYTHONPATH", "")])
        ),
    )
    return moved, f"{moment} {zone}", why


def command_test(args: list[str]) -> int:
    started = time.monotonic()
    python = str(setup(with_test_tools=True))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # The Linux installer is part of the checks: tests/packaging builds the .deb, unpacks it
    # and starts the installed app (a minute or two). KITH_BUILD_DEB=0 leaves it out.
    env.setdefault("KITH_BUILD_DEB", "1")
    steps = [
        ("ruff check .", [python, "-m", "ruff", "check", "."], env),
        ("ruff format --check .", [python, "-m", "ruff", "format", "--check", "."], env),
        ("mypy (files and options from pyproject.toml)", [python, "-m", "mypy"], env),
        (
            "lint-imports (the layer contracts in pyproject.toml)",
            [str(Path(python).with_name("lint-imports"))],
            env,
        ),
        ("pytest " + " ".join(args), [python, "-m", "pytest", *args], env),
    ]
    if os.environ.get("KITH_CLOCK_RUN", "1") != "0":
        moved = moved_clock_env(env)
        if moved is None:
            note("libfaketime is missing (Debian's faketime package): no moved-clock pass")
        else:
            moved_env, moment, why = moved
            # pytest's cache would carry the first pass's failures (--lf) into this one.
            command = [python, "-m", "pytest", "-p", "no:cacheprovider", *args]
            title = f"pytest again, the clock moved to {moment}: {why}"
            steps.append((title, command, moved_env))
    for number, (title, command, step_env) in enumerate(steps, start=1):
        header(f"[{number}/{len(steps)}] {title.strip()}")
        code = subprocess.run(command, cwd=ROOT, env=step_env, stdin=subprocess.DEVNULL).returncode
        if code != 0:
            header(f"FAILED at step {number}/{len(steps)}: {title.strip()} (exit code {code})")
            if "FAKETIME" in step_env and "FAKETIME" not in env:
                note(
                    "this pass ran with the clock moved; to run just that: "
                    f'KITH_TEST_CLOCK="{moment}" python3 dev.py test [pytest args]'
                )
            return code
    header(f"All {len(steps)} checks passed in {time.monotonic() - started:.0f} s")
    return 0


COMMANDS = {
    "run": command_run,
    "test": command_test,
    "demo": command_demo,
    "setup": command_setup,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        asked = bool(argv) and argv[0] in ("-h", "--help", "help")
        if argv and not asked:
            note(f"unknown command {argv[0]!r}")
        usage = __doc__.split("\n\n")[1]
        print(f"usage:\n{usage}", file=sys.stdout if asked else sys.stderr)
        return 0 if asked else 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except SetupError as error:
        note(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
