"""Builds the QApplication, hands over to a running Kith, opens the database (explaining any
problem), shows the window and starts the tray and the reminders."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

import kith
from kith import APP_ID
from kith.store.cipher import looks_encrypted
from kith.store.database import CorruptDatabaseError, DatabaseOpenError, open_database
from kith.store.models import utcnow
from kith.store.paths import APP_NAME, default_database_path

if TYPE_CHECKING:
    from kith.core.encryption import FileKey
    from kith.core.reminders import Clock
    from kith.ui.backup_scheduler import BackupScheduler
    from kith.ui.main_window import MainWindow
    from kith.ui.preferences import Preferences
    from kith.ui.reminder_popup import ReminderPopups
    from kith.ui.reminder_scheduler import ReminderScheduler
    from kith.ui.tray import KithTray


def _ask_for_database(error: DatabaseOpenError) -> Path | None:
    """Explain why a file cannot be opened; let the user pick another one or quit.

    A damaged file may also be restored from a backup (when the backups feature offers it,
    :data:`kith.ui.error_hook.restore_from_backup`): then the same path is opened again.
    """
    from PySide6.QtWidgets import QFileDialog, QMessageBox  # their types, made on first use

    from kith.ui import error_hook

    box = QMessageBox(QMessageBox.Icon.Critical, error.title, str(error))
    other_text = "You can open another Kith database, or start a new one in a different file."
    restore = None
    if isinstance(error, CorruptDatabaseError):
        if error_hook.restore_from_backup is not None:
            restore = box.addButton(error_hook.RESTORE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
        else:
            other_text = f"{error_hook.backups_hint(error.path)} {other_text}"
    box.setInformativeText(other_text)
    other = box.addButton("Open or create another file…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        assert error_hook.restore_from_backup is not None
        if error_hook.restore_from_backup(error.path, None):
            return error.path
        return _ask_for_database(error)
    if box.clickedButton() is not other:
        return None
    name, _ = QFileDialog.getSaveFileName(
        None,
        "Open or create a Kith database",
        str(error.path.with_name("kith.sqlite")),
        "Kith database (*.sqlite);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


class _FirstPaintProbe(QObject):
    """For bench/: print "first-paint" once the window's content has been painted."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._done = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        # The app quits once the work that follows the first paint has run (run_gui), so a
        # start that breaks there fails here too.
        print("first-paint", flush=True)


@dataclass
class Background:
    """What keeps Kith working behind the window: the tray, the scheduler, the popups."""

    tray: KithTray
    scheduler: ReminderScheduler
    popups: ReminderPopups


def attach_reminders(
    window: MainWindow,
    *,
    clock: Clock = utcnow,
    prefs: Preferences | None = None,
    show_tray: bool = True,
    watch_wake: bool = True,
    start: bool = True,
) -> Background:
    """Wire the tray icon, the reminder scheduler and the popups to the window.

    Where a tray is shown, closing the window hides it (Kith keeps reminding); without a
    tray, closing quits. Popups and the tray reach the window only through its public
    methods (``open_follow_up``, ``log_interaction``, ``show_page``, ``quit``).
    """
    from kith.ui.preferences import preferences
    from kith.ui.reminder_popup import ReminderPopups
    from kith.ui.reminder_scheduler import ReminderScheduler
    from kith.ui.tray import KithTray

    prefs = prefs or preferences()
    tray = KithTray(clock=clock, prefs=prefs, parent=window)
    if show_tray:
        tray.show()
    window.keeps_running_in_tray = lambda: tray.visible
    popups = ReminderPopups(window.follow_up_actions, clock=clock, prefs=prefs, parent=window)
    scheduler = ReminderScheduler(clock, prefs, watch_wake=watch_wake, parent=window)
    # One notification per reminder: Kith's own card (it never takes the focus), not a
    # desktop balloon beside it as well.
    scheduler.reminders_due.connect(popups.show_due)

    def open_follow_up(follow_up_id: int) -> None:
        window.bring_to_front()
        window.open_follow_up(follow_up_id)

    def open_today() -> None:
        window.bring_to_front()
        window.show_page("today")

    def log_interaction() -> None:
        window.bring_to_front()
        window.log_interaction()

    popups.open_requested.connect(open_follow_up)
    popups.open_app_requested.connect(open_today)
    tray.follow_up_requested.connect(open_follow_up)
    tray.open_requested.connect(window.bring_to_front)
    tray.log_interaction_requested.connect(log_interaction)
    tray.quit_requested.connect(window.quit)
    window.hidden_to_tray.connect(tray.show_hidden_notice)
    window.quit_requested.connect(popups.clear)
    window.quit_requested.connect(scheduler.stop)
    if start:
        scheduler.start()
    return Background(tray, scheduler, popups)


def _forwarded(args: argparse.Namespace) -> list[str]:
    """The arguments a second start hands to the running Kith, with absolute paths (the two
    processes need not share a working folder)."""
    forwarded: list[str] = []
    if args.database is not None:
        forwarded += ["--database", str(Path(args.database).expanduser().absolute())]
    if args.import_file is not None:
        forwarded += ["--import", str(Path(args.import_file).expanduser().absolute())]
    return forwarded


def starts_in_tray(prefs: Preferences) -> bool:
    """Settings ▸ "Start minimised to the tray": only where a tray shows Kith's icon — without
    one a hidden window could not be reached. (The tray itself is set up after the window.)"""
    if not prefs.start_minimized:
        return False
    from kith.ui.tray import KithTray

    return KithTray.available()


def handle_second_start(window: MainWindow, argv: list[str]) -> None:
    """Another ``kith`` was started: bring this window forward (and say which file is open)."""
    from kith.cli import build_parser

    window.bring_to_front()
    try:
        args, _unknown = build_parser().parse_known_args(argv)
    except SystemExit:  # --help or a bad option given to the second start
        return
    wanted = getattr(args, "database", None)
    import_file = getattr(args, "import_file", None)
    if import_file is not None:
        window.import_file(Path(import_file))
    if wanted is not None and Path(wanted).expanduser().resolve() != window.database_path.resolve():
        window.statusBar().showMessage(
            f"Kith is already open with {window.database_path}. To open {wanted}, quit Kith first.",
            15000,
        )


NO_DISPLAY_MESSAGE = (
    "kith: there is no graphical display to open the window on (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set).\n"
    "Start Kith from your desktop session (over ssh: ssh -X). The command-line verbs need no "
    "display (kith --help), and QT_QPA_PLATFORM=offscreen runs Kith without a screen."
)


def missing_display() -> bool:
    """True where Qt would find no display to show the window on (Linux only).

    Qt's own answer is to abort with a message that blames the xcb-cursor library, so Kith
    says it first. QT_QPA_PLATFORM may name platforms to try in turn ("wayland;xcb"); one
    that needs no display (offscreen, minimal, vnc…) is left to Qt.
    """
    if not sys.platform.startswith("linux"):
        return False
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    platforms = [name.split(":")[0].strip() for name in wanted.split(";") if name.strip()]
    for name in platforms or ["xcb", "wayland"]:  # unset: Qt picks X11 or Wayland
        if name == "xcb":
            if os.environ.get("DISPLAY"):
                return False
        elif name.startswith("wayland"):
            if os.environ.get("WAYLAND_DISPLAY"):
                return False
        else:
            return False
    return True


#: A file up to this size has every page checked (SQLite's ``quick_check``, about 25 ms for
#: 16 MB) before the window is built, so damage gets the start-up dialog; a larger one is
#: checked on a thread of its own once the window shows (:data:`CHECK_LATER_MS`), and damage
#: found then gets the same dialog over the window — a 270 MB file of 100,000 people would
#: otherwise hold the window back by half a second.
CHECK_AT_ONCE_BYTES = 16 * 1024 * 1024
CHECK_LATER_MS = 1000
#: What the first frame does not show (the tray, the reminders, sync…) is set up once Today
#: has painted its figures, or this long after start should the window not paint (issue 18).
BEHIND_LATEST_MS = 3000


def unlock(path: Path) -> FileKey | None:
    """The key that opens ``path`` when it is encrypted (None for a plain file): the one in
    this computer's keyring, else the passphrase or recovery key the user types (three tries).
    Raises :class:`DatabaseOpenError` when none is given, so the start offers another file."""
    file = path.expanduser()
    if not looks_encrypted(file):
        return None  # the keyring and the passphrase dialog are not even imported
    from kith.core.database import EncryptedDatabaseError, WrongKeyError
    from kith.core.encryption import EncryptionError, check_key, keyring_key
    from kith.ui.dialogs.passphrase_dialog import PassphraseDialog

    try:
        stored = keyring_key(file)
    except EncryptionError:
        stored = None  # the keyring failed: ask, as when it has no key
    if stored is not None:
        try:
            check_key(file, stored)
            return stored
        except WrongKeyError:
            pass
    dialog = PassphraseDialog(file)
    dialog.exec()
    if dialog.key is not None:
        return dialog.key
    if dialog.gave_up:
        raise WrongKeyError(
            file,
            f"Three passphrases did not open {file}. Kith has left it untouched; start Kith "
            "again to try once more, or use the recovery key.",
        )
    raise EncryptedDatabaseError(
        file, f"{file} is encrypted, and Kith cannot open it without its passphrase."
    )


def _open_window(
    path: Path, *, check_at_once_bytes: int = CHECK_AT_ONCE_BYTES, key: FileKey | None = None
) -> tuple[MainWindow, bool]:
    """Open the database and build the window on it: (the window, whether every page of the
    file is still to be checked). A damaged page found at open, or met by a read while the
    window is built, is a :class:`CorruptDatabaseError` here, before the window shows."""
    from kith.core.database import close_database, explain_failure
    from kith.ui.main_window import MainWindow

    file = path.expanduser()
    size = sum(p.stat().st_size for p in (file, Path(f"{file}-wal")) if p.exists())
    check_now = size <= check_at_once_bytes
    open_database(path, check=check_now, key=key)
    window: MainWindow | None = None
    try:
        window = MainWindow(path)
    except Exception as exc:
        problem = explain_failure(exc)
        if window is not None:
            window.deleteLater()
        close_database()
        if problem is None or problem is exc:
            raise
        raise problem from exc
    return window, not check_now


def install_restore_from_backup() -> None:
    """Let the "damaged" dialogs (:mod:`kith.ui.error_hook`) offer Restore from backup: the
    damaged file's backups, restored into it (:mod:`kith.ui.dialogs.restore_dialog`)."""
    from kith.ui import error_hook

    def restore_from_backup(database: Path, parent: QWidget | None) -> bool:
        from kith.ui.dialogs.restore_dialog import restore_from_backup as restore

        return restore(database, parent)

    error_hook.restore_from_backup = restore_from_backup


def identify(app: QApplication) -> None:
    """Name the application as the installers do.

    The desktop file name is the application id (``io.github.kith.Kith``): Qt sends it as the
    Wayland ``app_id`` and as the X11 ``WM_CLASS``, and GNOME and KDE match the window to the
    installed ``io.github.kith.Kith.desktop`` (its icon, one dock entry) by it.
    """
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)


def run_gui(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    if not isinstance(existing, QApplication) and missing_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    from kith.ui.theme import FUSION_ARGUMENTS, ThemeWatcher

    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([*sys.argv[:1], *FUSION_ARGUMENTS])
    identify(app)

    from kith.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    ThemeWatcher(app, set_style=app is existing)
    if args.self_test:
        from kith.self_test import run_self_test

        return run_self_test(app, args.database, args)

    from kith.ui.single_instance import DatabaseLock, SingleInstance

    instance = SingleInstance()
    if not args.exit_after_first_paint:
        # A Kith already runs for this user: give it our arguments and leave, before the
        # database is ever opened here.
        if instance.hand_over(_forwarded(args)):
            return 0
        instance.listen()

    install_restore_from_backup()
    path: Path | None = args.database or default_database_path()
    lock: DatabaseLock | None = None
    while True:
        assert path is not None
        try:
            lock = DatabaseLock(path.expanduser())
            lock.acquire()
            key = unlock(path)
            window, check_later = _open_window(path, key=key)
            break
        except DatabaseOpenError as exc:
            if lock is not None:
                lock.release()
            path = _ask_for_database(exc)
            if path is None:
                return 2

    from kith.ui.error_hook import DatabaseErrorHook
    from kith.ui.first_paint import after_first_paint
    from kith.ui.preferences import preferences

    error_hook = DatabaseErrorHook(window, window.quit).install()
    if check_later:
        from kith.core.database import BackgroundCheck

        checked = path.expanduser()
        QTimer.singleShot(
            CHECK_LATER_MS, window, lambda: error_hook.report_check(BackgroundCheck(checked))
        )
    app.aboutToQuit.connect(error_hook.uninstall)
    instance.message_received.connect(lambda argv: handle_second_start(window, argv))
    window.quit_requested.connect(app.quit)

    backups: list[BackupScheduler] = []  # made behind the window, below

    def start_behind_the_window() -> None:
        """What the first frame does not show, set up once it is painted (or at once when
        the window starts hidden in the tray)."""
        if args.exit_after_first_paint:
            QTimer.singleShot(0, app.quit)  # bench/: "first-paint" was printed; after this
        from kith.ui.backup_scheduler import BackupScheduler

        # Backups (kith.core.backups): the day's one soon after start and after each
        # midnight, and one at quit when anything changed since the last. (Nothing is
        # written before this: the window has only read.)
        backups.append(BackupScheduler(window))
        backups[0].failed.connect(lambda text: window.statusBar().showMessage(text, 15000))
        if not args.exit_after_first_paint:
            backups[0].start()
        app.setApplicationVersion(kith.__version__)  # importlib.metadata, ~12 ms
        window.add_sync_status()
        # The tray, the reminders and their popups (~10 ms, with the tray's first reads).
        background = attach_reminders(window, start=not args.exit_after_first_paint)
        # With a tray, only Quit ends Kith; without one, closing the window does.
        app.setQuitOnLastWindowClosed(not background.tray.visible)
        if not args.exit_after_first_paint:
            from kith.ui.search_preparer import SearchPreparer

            # The name order, read on a worker thread, so the first search keystrokes find it
            # ready: now, or when a window that started hidden in the tray first paints.
            preparer = SearchPreparer(window.centralWidget())
            if window.isVisible():
                preparer.begin()
            start_sync_and_capture()

    def start_sync_and_capture() -> None:
        from kith.ui.dialogs.sync_settings_page import ask_for_password
        from kith.ui.sync_runner import sync_runner

        # Background sync (Settings ▸ Sync): on start, every N minutes, after local edits.
        app.aboutToQuit.connect(sync_runner().stop)
        sync_runner().password_needed.connect(
            lambda account_id: ask_for_password(sync_runner(), account_id, window)
        )
        QTimer.singleShot(0, sync_runner().start)
        from kith.ui.capture_runner import capture_runner

        # Mail and calendar capture (Settings ▸ Capture): on start, then on sync's schedule.
        app.aboutToQuit.connect(capture_runner().stop)
        QTimer.singleShot(0, capture_runner().start)

    shown = args.exit_after_first_paint or not starts_in_tray(preferences())
    if shown:
        # Once Today shows its figures (its sections paint after their first read, right
        # after the window's first paint), or a few seconds after start at the latest.
        after_first_paint(
            window.today_page.body, start_behind_the_window, at_the_latest_ms=BEHIND_LATEST_MS
        )
    else:
        QTimer.singleShot(0, start_behind_the_window)
    if args.exit_after_first_paint:
        # The page the window opens on (a list, or its empty state) paints inside this.
        _FirstPaintProbe(window.centralWidget())
    if shown:
        window.show()
    if args.import_file is not None:
        # Opened with a file (a .vcf from the file manager, say): its import review.
        wanted = Path(args.import_file).expanduser().absolute()
        QTimer.singleShot(0, lambda: window.import_file(wanted))
    try:
        return app.exec()
    finally:
        for scheduler in backups:
            scheduler.at_quit()  # while the database is still open and locked
        instance.close()
        from kith.core.database import close_database

        close_database()  # before the lock goes (see kith.store.file_lock)
        assert lock is not None
        lock.release()
