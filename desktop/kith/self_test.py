"""``kith --self-test``: start the real window on a scratch database, add a contact, check it.

Used to smoke-test an installed bundle (packaging/, tests/packaging/): it goes through the same
start-up, form and core functions a user does and exits 0, or non-zero with the reason on
stderr. Without ``--database`` the database is a temporary file that is removed afterwards; with
it, the contact added is removed again (through undo), so the file keeps its people. An
encrypted ``--database`` is opened as every verb opens it: with the key in this computer's
keyring, the passphrase (or recovery key) on standard input with ``--passphrase-stdin``, or
typed at a terminal. Headless, run it with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

#: Modules Kith imports lazily, inside the functions that use them: a bundle must carry them.
LAZY_MODULES = (
    "vobject",
    "icalendar",
    "rapidfuzz",
    "phonenumbers",
    "dateutil.rrule",
    "platformdirs",
    "requests",
)

CONTACT_NAME = "Ada Self-Test"
TIMEOUT_SECONDS = 20.0


class SelfTestError(Exception):
    """One check failed; the message says which and what was seen."""


def run_self_test(
    app: QApplication, database: Path | None, args: argparse.Namespace | None = None
) -> int:
    """Run every check; print one line per step. Returns the process exit code. ``args``:
    the command line's (``--passphrase-stdin``), for an encrypted ``database``."""
    started = time.monotonic()
    try:
        _check_install(app)
        _check_encryption()
        with _scratch_database(database, args or argparse.Namespace()) as path:
            _check_window(app, path)
    except SelfTestError as exc:
        print(f"kith --self-test: FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    except Exception as exc:  # a bug, shown in full: the point is to find out what broke
        traceback.print_exc()
        print(f"kith --self-test: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"kith --self-test: OK ({time.monotonic() - started:.2f} s)", flush=True)
    return 0


def _step(text: str) -> None:
    print(f"kith --self-test: {text}", flush=True)


def _check_install(app: QApplication) -> None:
    from kith import __version__
    from kith.assets import resources_dir

    if "unknown" in __version__:
        raise SelfTestError(
            f"no version ({__version__}): the kith distribution metadata is missing"
        )
    _step(f"Kith {__version__}, Python {sys.version.split()[0]}, Qt platform {app.platformName()}")
    try:
        resources = resources_dir()
    except FileNotFoundError as exc:
        raise SelfTestError(str(exc)) from exc
    if not any(resources.iterdir()):
        raise SelfTestError(f"the resources folder {resources} is empty")
    _step(f"resources in {resources}")
    icon = app.windowIcon()
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise SelfTestError("the application icon cannot be drawn (missing icon or SVG plugin)")
    for name in LAZY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise SelfTestError(f"cannot import {name}: {exc}") from exc
    _step(f"imports {', '.join(LAZY_MODULES)}")
    from kith.core.phones import NO_REGION, phone_key

    # phonenumbers loads a region's metadata when first asked: the bundle must carry it.
    if phone_key("+49 30 12345678", NO_REGION) != "+493012345678":
        raise SelfTestError("phone numbers cannot be read: phonenumbers' region data is missing")
    _step("reads phone numbers (+49 30 12345678 is +493012345678)")


def _check_encryption() -> None:
    """An encrypted database (SQLCipher, :mod:`kith.store.cipher`) opens, takes a contact,
    finds it by full-text search, keeps its name off the disk, and opens again with its key
    only: the bundle carries the driver."""
    import secrets

    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.directory import find_contacts
    from kith.store.cipher import FileKey
    from kith.store.database import (
        DatabaseOpenError,
        EncryptedDatabaseError,
        close_database,
        open_database,
    )

    folder = Path(tempfile.mkdtemp(prefix="kith-self-test-encrypted-"))
    path = folder / "kith.sqlite"
    key = FileKey(raw=secrets.token_bytes(32))
    try:
        try:
            open_database(path, key=key)
            save_contact(ContactDraft(full_name=CONTACT_NAME))
            close_database()
            open_database(path, key=key)
            found = [c.full_name for c in find_contacts("self-test")]
            close_database()
        except (DatabaseOpenError, ImportError) as exc:
            raise SelfTestError(f"an encrypted database does not work: {exc}") from exc
        if found != [CONTACT_NAME]:
            raise SelfTestError(f"an encrypted database lost its contact (found {found})")
        if CONTACT_NAME.encode() in path.read_bytes():
            raise SelfTestError("an encrypted database holds a contact's name in plain text")
        try:
            open_database(path)
        except EncryptedDatabaseError:
            pass
        else:
            close_database()
            raise SelfTestError("an encrypted database opened without its key")
        _step("an encrypted database opens with its key only (SQLCipher)")
    finally:
        close_database()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _scratch_database(given: Path | None, args: argparse.Namespace) -> Iterator[Path]:
    """The database to test on: ``given`` (opened with its key when it is encrypted, found as
    every verb finds it), or a new file in a temporary folder."""
    from kith.cli_secrets import database_key
    from kith.store.database import DatabaseOpenError, close_database, open_database

    folder: Path | None = None
    key = None
    if given is None:
        folder = Path(tempfile.mkdtemp(prefix="kith-self-test-"))
        path = folder / "kith.sqlite"
    else:
        path = Path(given).expanduser()
        found, key = database_key(args, path, "--self-test")
        if not found:  # why was said on stderr
            raise SelfTestError(f"cannot open {path}: it is encrypted, and no key opened it")
    try:
        try:
            open_database(path, key=key)
        except DatabaseOpenError as exc:
            raise SelfTestError(f"cannot open {path}: {exc}") from exc
        _step(f"database {path}" + (" (encrypted)" if key is not None else ""))
        try:
            yield path
        finally:
            close_database()
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


class _PaintWatch(QObject):
    """Notes when a widget has been painted."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.painted = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _wait_for(app: QApplication, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"gave up after {TIMEOUT_SECONDS:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


def _check_window(app: QApplication, path: Path) -> None:
    from kith.ui.main_window import MainWindow

    window = MainWindow(path)
    window.show_page("contacts")  # the window opens on Today
    page = window.contacts_page
    watch = _PaintWatch(page)
    window.show()
    try:
        _wait_for(
            app,
            lambda: window.windowHandle() is not None and window.windowHandle().isExposed(),
            "the main window to be shown",
        )
        _wait_for(app, lambda: watch.painted, "the contacts page to be painted")
        _step("main window shown and painted")

        before = page.model.rowCount()
        dialog = page.new_contact()  # the form Ctrl+N opens
        _wait_for(app, dialog.isVisible, "the new-contact form to open")
        dialog.full_name.setText(CONTACT_NAME)
        dialog.company.setText("Analytical Engines")
        dialog.accept()  # what Save does: validate, then save through kith.core.contacts
        contact_id = dialog.saved_id
        if contact_id is None:
            raise SelfTestError("the new-contact form did not save (it found a problem)")
        _wait_for(app, lambda: page.open_dialog is None, "the form to close after saving")

        row = page.model.row_of(contact_id)
        if row is None or page.model.rowCount() != before + 1:
            raise SelfTestError(
                f"the new contact is not in the contacts list ({page.model.rowCount()} rows, "
                f"{before} before)"
            )
        shown = page.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)
        if shown != CONTACT_NAME:
            raise SelfTestError(f"the contacts list shows {shown!r}, not {CONTACT_NAME!r}")
        page.search_box.setText(CONTACT_NAME.split()[0])
        _wait_for(app, lambda: page.model.search != "", "the search to run")
        if page.model.row_of(contact_id) is None:
            raise SelfTestError("searching for the new contact does not find them")
        _step(f"created {CONTACT_NAME!r} through the form; the list and the search show them")

        window.undo_stack.undo()
        app.processEvents()
        if page.model.row_of(contact_id) is not None:
            raise SelfTestError("undo did not remove the new contact")
        _step("undo removed them again")
    finally:
        # hide(), not close(): closing would save the window geometry into the user's settings.
        window.hide()
        window.deleteLater()
        app.processEvents()
