"""The command-line verbs (``kith demo``, …): no window, plain text out, errors to stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kith.cli_secrets import database_key, passphrase_option, read_secret, take_piped_passphrase

if TYPE_CHECKING:
    from kith.core.directory import NamedContact
    from kith.core.importing.review import ImportReview


def _database_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--database",
        metavar="PATH",
        type=Path,
        # Sub-commands must not overwrite a --database given before the verb.
        default=None if top_level else argparse.SUPPRESS,
        help="the Kith database file to use (default: kith.sqlite in your user data folder)",
    )
    passphrase_option(parser, top_level=top_level)


class _VersionAction(argparse.Action):
    """``--version``: reads the version only when asked (see ``kith.__getattr__``)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show Kith's version and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import kith

        print(f"Kith {kith.__version__}")  # on stdout, as argparse's own version action
        parser.exit()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """``kith``'s arguments. Those of the window alone (no verb: ``kith``, ``kith --database
    F``, ``kith --import F``) are read without building every verb's parser — 15–35 ms of the
    window's start (issue 18); a verb, ``--help`` or a mistake goes through the whole parser,
    its messages and its exit status."""
    window = argparse.ArgumentParser(prog="kith", add_help=False, exit_on_error=False)
    _window_options(window)
    try:
        args, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv  # the whole parser says what is wrong
    if rest or "-h" in argv or "--help" in argv:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def _window_options(parser: argparse.ArgumentParser) -> None:
    """The options before any verb: the window's own, and --database for every verb."""
    parser.add_argument("--version", action=_VersionAction)
    _database_option(parser, top_level=True)
    parser.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        type=Path,
        nargs="?",  # a file manager's "%f" may expand to nothing
        default=None,
        help="open the window on the import review of FILE (vCard, CSV or a Kith backup)",
    )
    parser.add_argument(
        "--exit-after-first-paint",
        action="store_true",
        help=argparse.SUPPRESS,  # used by bench/: print the time to first paint and exit
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=argparse.SUPPRESS,  # used by packaging/: smoke-test an installed bundle (self_test.py)
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kith",
        description="Kith keeps your professional network alive. Without a command, "
        "it opens the window.",
    )
    _window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="write a demo network of about 150 people to a new database file"
    )
    demo.add_argument("path", type=Path, metavar="PATH", help="the new file to create")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.set_defaults(handler=_cmd_demo)
    _add_import_export(commands)
    _add_backups(commands)
    _add_due_stats(commands)
    _add_judgement(commands)
    _add_sync(commands)
    _add_accounts(commands)
    _add_encryption(commands)
    from kith.capture_cli import add_capture_verbs

    add_capture_verbs(commands)
    return parser


def _cmd_demo(args: argparse.Namespace) -> int:
    from kith.demo import DemoError, write_demo

    try:
        summary = write_demo(args.path, seed=args.seed)
    except DemoError as exc:
        print(f"kith demo: {exc}", file=sys.stderr)
        return 1
    print(summary)
    print(f"Open it with: kith --database {args.path}  (in a checkout: .venv/bin/kith)")
    return 0


def run_command(args: argparse.Namespace) -> int:
    """Run the verb; a database that fails under it (a damaged page, a write the file
    refused, …) is one line on stderr and exit status 1, never a traceback. The lock a verb
    that writes took (:func:`_lock_for_writing`) is let go when it ends."""
    from kith.core.database import explain_failure

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        take_piped_passphrase(args)  # its line comes first, before any password
        return handler(args)
    except Exception as exc:
        problem = explain_failure(exc)
        if problem is None:
            raise
        print(f"kith {args.command}: {problem}", file=sys.stderr)
        return 1
    finally:
        while _release_at_end:
            _release_at_end.pop()()


#: The verbs that write to the database: they hold the database file's lock while they run,
#: so they never write while the window — or another writing verb — has the file open,
#: whatever path or hard link either of them reached it by. Verbs that only read need no lock.
VERBS_THAT_WRITE = frozenset(
    {
        "import",
        "restore",
        "sync",
        "log",
        "accounts add",
        "accounts remove",
        "capture",
        "capture-source",
    }
)

#: How to let go of the locks taken for the verb now running.
_release_at_end: list[Callable[[], None]] = []


def _lock_for_writing(path: Path, verb: str, *, create: bool) -> bool:
    """Take the lock on ``path`` for ``verb``; False after telling why not (Kith has it open)."""
    from kith.core.database import DatabaseFileLock, DatabaseInUseError

    lock = DatabaseFileLock(Path(path).expanduser())
    try:
        lock.acquire(create=create)
    except DatabaseInUseError as exc:
        if verb == "import":
            what = (
                "import in the window instead (kith --import FILE hands the file to it), "
                "or quit Kith and run this again"
            )
        else:
            what = "quit it (or let it finish), then run this again"
        print(
            f"kith {verb}: Kith ({exc.holder}) has {exc.path} open, and only one Kith may "
            f"write to a database at a time: {what}. Nothing was changed.",
            file=sys.stderr,
        )
        return False
    _release_at_end.append(lock.release)
    return True


# --- import, export, restore -------------------------------------------------------------------

_EXPORT_FORMATS = {
    "vcard": ".vcf",
    "ics": ".ics",
    "csv": ".csv",
    "json": ".json",
    "google-csv": ".csv",
    "outlook-csv": ".csv",
}


def _add_import_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add_parser(
        "import",
        help="import people from a vCard, CSV (Google, Outlook, LinkedIn) or Kith backup file",
        description="Adds the new people in FILE. People already in Kith (same UID, email "
        "or phone) are listed but not merged; possible duplicates (only the name, or the name "
        "and company, agree) are listed and added as new people unless "
        "--skip-possible-duplicates; invalid entries are reported. Without --yes, shows what "
        "it would do and asks first.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--yes", "-y", action="store_true", help="import without asking")
    imp.add_argument(
        "--skip-possible-duplicates",
        action="store_true",
        help="do not add people whose name (and company) only match someone already in Kith",
    )
    imp.add_argument(
        "--phone-region",
        metavar="CC",
        help="the country (ISO code: DE, FR, US…) phone numbers without a country code are "
        "read in when comparing them; by default the KITH_PHONE_REGION setting, else the "
        "locale's country",
    )
    imp.add_argument(
        "--create",
        action="store_true",
        help="make a new Kith database when there is none at --database yet",
    )
    _database_option(imp, top_level=False)
    imp.set_defaults(handler=_cmd_import)

    exp = commands.add_parser(
        "export",
        help="export contacts (vCard, CSV), follow-ups and birthdays (iCalendar) or a backup",
    )
    exp.add_argument(
        "--format",
        choices=sorted(_EXPORT_FORMATS),
        help="vcard, ics (follow-ups and birthdays), csv (Kith's columns), google-csv or "
        "outlook-csv (their columns, labels kept), or json (full backup); by default taken "
        "from OUT's extension",
    )
    exp.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    _database_option(exp, top_level=False)
    exp.set_defaults(handler=_cmd_export)

    res = commands.add_parser(
        "restore",
        help="restore one of Kith's automatic backups (--backup), or a JSON export into a "
        "new, empty database",
        description="Two kinds of restore. "
        "kith restore --backup PATH|NAME puts the data of one of Kith's automatic backups "
        "(kith backups lists them) back into the database; the data as it is now is kept as "
        "a backup first, so the restore can be undone the same way. "
        "kith restore BACKUP.json restores a full JSON export (kith export --format json, "
        "or File > Export > Full backup) exactly into the database given by --database, "
        "which must be new or empty.",
    )
    res.add_argument(
        "backup",
        type=Path,
        metavar="BACKUP.json",
        nargs="?",
        help="a JSON export to restore into a new, empty database",
    )
    res.add_argument(
        "--backup",
        dest="from_backup",
        metavar="PATH|NAME",
        help="an automatic backup to restore: its file, or its name as kith backups lists it",
    )
    res.add_argument(
        "--yes", "-y", action="store_true", help="with --backup: restore without asking"
    )
    _database_option(res, top_level=False)
    res.set_defaults(handler=_cmd_restore)


def _open(args: argparse.Namespace, verb: str, *, create: bool = False) -> bool:
    """Open the database named by --database (or the default); False after telling why not.

    Only ``create`` (``kith restore``, ``kith import --create``) makes a new database: any
    other verb leaves a missing file, an empty file or another tool's empty SQLite file as
    it was. A verb in :data:`VERBS_THAT_WRITE` first takes the file's lock.
    """
    from kith.core.database import (
        DatabaseOpenError,
        NoDatabaseError,
        default_database_path,
        open_database,
    )

    path = getattr(args, "database", None) or default_database_path()
    if verb in VERBS_THAT_WRITE and not _lock_for_writing(path, verb, create=create):
        return False
    found, key = database_key(args, Path(path), verb)
    if not found:
        return False
    args.database_key = key
    try:
        open_database(path, create=create, key=key)
    except NoDatabaseError as exc:
        hint = (
            " Run it again with --create to make a new Kith database there."
            if verb == "import"
            else ""
        )
        print(f"kith {verb}: {exc}{hint}", file=sys.stderr)
        return False
    except DatabaseOpenError as exc:
        print(f"kith {verb}: {exc}", file=sys.stderr)
        return False
    return True


def _cmd_import(args: argparse.Namespace) -> int:
    from kith.core.phones import checked_region, region_used

    if not args.phone_region:
        return _import(args)
    if checked_region(args.phone_region) is None:
        print(
            f"kith import: “{args.phone_region}” is not a country code Kith knows for phone "
            "numbers (try DE, FR, GB, US…).",
            file=sys.stderr,
        )
        return 2
    with region_used(args.phone_region):
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.importing.apply import Decision, ImportApplyError, apply_import
    from kith.core.importing.file import ImportFileError
    from kith.core.importing.review import Action, Status

    if not _open(args, "import", create=args.create):
        return 2
    try:
        try:
            review = _import_review(args)
            if review is None:
                return 1
            candidates = list(review.candidates())
        except ImportFileError as exc:
            print(f"kith import: {exc}", file=sys.stderr)
            return 1
        possible = [c for c in candidates if c.status == Status.POSSIBLE]
        known = [c for c in candidates if c.status == Status.DUPLICATE]
        invalid = [c for c in candidates if c.status == Status.INVALID]
        new = [c for c in candidates if c.status == Status.NEW]
        possibly = f"{len(possible)} possible duplicates, " if possible else ""
        print(
            f"{args.file.name} ({review.format_name}): {len(candidates)} entries — "
            f"{len(new)} new, {possibly}{len(known)} already in Kith, {len(invalid)} invalid"
        )
        for c in known:
            where = f"row {c.match_row + 1} of this file" if c.match_row is not None else "Kith"
            print(f"  already in {where}: {c.name}, {c.source} — {c.reason}; not merged")
        skip_possible = args.skip_possible_duplicates
        for c in possible:
            where = f"row {c.match_row + 1} of this file" if c.match_row is not None else "Kith"
            fate = (
                "skipped (--skip-possible-duplicates)"
                if skip_possible
                else "added as a new person (--skip-possible-duplicates skips it)"
            )
            print(
                f"  possible duplicate of {c.match_name} in {where}: {c.name}, {c.source} — "
                f"only {c.reason}; {fate}"
            )
        if not skip_possible:
            new += possible
        for c in invalid:
            print(f"kith import: skipped: {c.reason}", file=sys.stderr)
        for c in new:
            for warning in c.warnings:
                print(f"kith import: {c.name}, {c.source}: {warning}", file=sys.stderr)
        if not new:
            print("Nothing new to import.")
            return 0
        if not args.yes:
            print(f"Would add {len(new)} new {'person' if len(new) == 1 else 'people'}:")
            for c in new[:20]:
                print(f"  + {c.name}" + (f" ({c.company})" if c.company else ""))
            if len(new) > 20:
                print(f"  … and {len(new) - 20} more")
            if not sys.stdin.isatty():
                print(
                    "kith import: nothing imported; run again with --yes to add them "
                    "(standard input is not a terminal, so Kith cannot ask).",
                    file=sys.stderr,
                )
                return 1
            answer = input(f"Import {len(new)} new people? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                print("Nothing imported.")
                return 0
        adding = {c.row for c in new}
        decisions = [
            Decision(c, Action.ADD if c.row in adding else Action.SKIP) for c in candidates
        ]
        try:
            result = apply_import(decisions, source=args.file.name)
        except ImportApplyError as exc:
            print(f"kith import: {exc}", file=sys.stderr)
            return 1
        print(f"Added {len(result.added)} {'person' if len(result.added) == 1 else 'people'}.")
        return 0
    finally:
        close_database()


def _import_review(args: argparse.Namespace) -> ImportReview | None:
    """The review of ``args.file``; an encrypted Kith backup that the open database's key does
    not open is opened with its own passphrase or recovery key, found as ``kith restore``
    finds it (None after saying why there is none)."""
    from kith.core.importing.file import EncryptedBackupError
    from kith.core.importing.review import ImportReview

    try:
        return ImportReview(args.file)
    except EncryptedBackupError:
        found, key = database_key(args, Path(args.file), "import")
        if not found:
            return None
        return ImportReview(args.file, key=key)


def _cmd_export(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.export import (
        ExportError,
        export_contacts_csv,
        export_google_csv,
        export_icalendar,
        export_json_backup,
        export_outlook_csv,
        export_vcards,
    )

    fmt = args.format
    if fmt is None:
        suffix = args.out.suffix.lower()
        fmt = next((f for f, ext in _EXPORT_FORMATS.items() if ext == suffix), None)
        if suffix == ".vcard":
            fmt = "vcard"
        if fmt is None:
            print(
                f"kith export: say which format with --format vcard|ics|csv|json "
                f"(“{args.out.name}” does not tell).",
                file=sys.stderr,
            )
            return 1
    if args.out.is_dir():
        print(f"kith export: {args.out} is a folder; give a file name.", file=sys.stderr)
        return 1
    if not _open(args, "export"):
        return 2
    try:
        if fmt == "vcard":
            count = export_vcards(args.out)
            print(f"Wrote {count} contacts to {args.out}")
        elif fmt == "ics":
            follow_ups, birthdays, dated = export_icalendar(args.out)
            dates = f" and {dated} anniversaries and other dates" if dated else ""
            print(
                f"Wrote {follow_ups} open follow-ups and {birthdays} birthdays{dates} to {args.out}"
            )
        elif fmt in ("csv", "google-csv", "outlook-csv"):
            writer = {
                "csv": export_contacts_csv,
                "google-csv": export_google_csv,
                "outlook-csv": export_outlook_csv,
            }[fmt]
            count = writer(args.out)
            print(f"Wrote {count} contacts to {args.out}")
        else:
            summary = export_json_backup(args.out)
            print(f"Backed up {summary} to {args.out}")
    except ExportError as exc:
        print(f"kith export: {exc}", file=sys.stderr)
        return 1
    finally:
        close_database()
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from kith.core.database import close_database, default_database_path
    from kith.core.export import RestoreError, backup_is_encrypted, restore_json_backup

    if (args.from_backup is None) == (args.backup is None):
        print(
            "kith restore: give either --backup PATH|NAME (one of Kith's automatic backups) "
            "or BACKUP.json (a JSON export, into a new database).",
            file=sys.stderr,
        )
        return 2
    if args.from_backup is not None:
        return _cmd_restore_backup(args)
    path = Path(getattr(args, "database", None) or default_database_path()).expanduser()
    created = not path.exists()
    if not _open(args, "restore", create=True):
        return 2
    backup_key = None
    if backup_is_encrypted(args.backup) and getattr(args, "database_key", None) is None:
        # A new database on another computer: the backup's own passphrase or recovery key.
        found, backup_key = database_key(args, Path(args.backup), "restore")
        if not found:
            close_database()
            return 1
    try:
        summary = restore_json_backup(args.backup, file_key=backup_key)
    except RestoreError as exc:
        close_database()
        if created:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        print(f"kith restore: {exc}", file=sys.stderr)
        return 1
    close_database()
    print(f"Restored {summary} into {path}")
    return 0


# --- backups ---------------------------------------------------------------------------------


def _add_backups(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backups = commands.add_parser(
        "backups",
        help="list Kith's automatic backups of the database, newest first",
        description="Lists the backups Kith keeps in the backups folder beside the database "
        "(one a day, before every import, merge, bulk delete and restore, and at quit after "
        "changes): when, why, how many people and interactions each holds, its size and "
        "name. Restore one with: kith restore --backup NAME",
    )
    backups.add_argument("--json", action="store_true", help="print one JSON object")
    _database_option(backups, top_level=False)
    backups.set_defaults(handler=_cmd_backups)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024):,} MB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _cmd_backups(args: argparse.Namespace) -> int:
    import json

    from kith.core.backups import backup_summaries, backups_folder, size_cap
    from kith.core.database import default_database_path
    from kith.core.local_time import to_local

    path = Path(getattr(args, "database", None) or default_database_path()).expanduser()
    path = path.absolute()
    if not database_key(args, path, "backups")[0]:
        return 1
    folder = backups_folder(path)
    summaries = backup_summaries(path)  # reads each backup read-only; never the database
    cap = size_cap()
    used = sum(s.backup.size for s in summaries)
    if args.json:
        print(
            json.dumps(
                {
                    "database": str(path),
                    "folder": str(folder),
                    "size_cap_bytes": cap,
                    "used_bytes": used,
                    "backups": [
                        {
                            "name": s.backup.name,
                            "path": str(s.backup.path),
                            "taken_at": s.backup.taken_at.isoformat() + "Z",
                            "kind": s.backup.kind,
                            "reason": s.backup.reason,
                            "people": s.people,
                            "interactions": s.interactions,
                            "size_bytes": s.backup.size,
                            "format_version": s.version,
                            "readable": s.readable,
                        }
                        for s in summaries
                    ],
                },
                indent=2,
            )
        )
        return 0
    if not summaries:
        print(f"No backups of {path} yet (Kith keeps them in {folder}).")
        return 0
    print(f"Backups of {path}, newest first, in {folder} ({_size(used)} of the {_size(cap)} cap):")
    width = max(len(s.backup.reason) for s in summaries)
    for s in summaries:
        when = to_local(s.backup.taken_at).strftime("%a %Y-%m-%d %H:%M")
        held = (
            f"{_count(s.people):>7} people {_count(s.interactions):>7} interactions"
            if s.readable
            else f"unreadable: {s.problem}"
        )
        print(
            f"  {when}  {s.backup.reason:<{width}}  {held}  {_size(s.backup.size):>8}  "
            f"{s.backup.name}"
        )
    print("Restore one with: kith restore --backup NAME")
    return 0


def _cmd_restore_backup(args: argparse.Namespace) -> int:
    from kith.core.backups import BackupError, RestoreError, find_backup, restore_backup, summarize
    from kith.core.database import (
        DatabaseOpenError,
        close_database,
        default_database_path,
        open_database,
    )
    from kith.core.local_time import to_local

    path = Path(getattr(args, "database", None) or default_database_path()).expanduser()
    if not _lock_for_writing(path, "restore", create=False):
        return 2
    found, key = database_key(args, path, "restore")
    if not found:
        return 1
    try:
        backup = find_backup(args.from_backup, path)
    except RestoreError as exc:
        print(f"kith restore: {exc}", file=sys.stderr)
        return 2
    summary = summarize(backup)
    when = to_local(backup.taken_at).strftime("%a %Y-%m-%d %H:%M")
    print(
        f"{backup.name}: {when}, {backup.reason.lower()}; "
        f"{_count(summary.people)} people, {_count(summary.interactions)} interactions"
    )
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "kith restore: nothing restored; run again with --yes to restore it "
                "(standard input is not a terminal, so Kith cannot ask).",
                file=sys.stderr,
            )
            return 1
        answer = input(
            f"Restore it into {path}? The data there now is kept as a backup first. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing restored.")
            return 0
    try:
        result = restore_backup(backup, database=path)
    except (RestoreError, BackupError) as exc:
        print(f"kith restore: {exc}", file=sys.stderr)
        return 1
    try:
        # A backup from an older Kith is upgraded now, not at next start.
        open_database(path, key=key)
    except DatabaseOpenError as exc:
        print(f"kith restore: restored, but {exc}", file=sys.stderr)
        return 1
    close_database()
    print(
        f"Restored {_count(summary.people)} people and {_count(summary.interactions)} "
        f"interactions into {path}."
    )
    if result.kept_as is not None:
        print(
            f"The data from before is kept as {result.kept_as.name} "
            f"(kith restore --backup {result.kept_as.name} brings it back)."
        )
    return 0


# --- encrypt, decrypt -------------------------------------------------------------------------


def _add_encryption(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    enc = commands.add_parser(
        "encrypt",
        help="encrypt the database file (and its backups) in place",
        description="Encrypts the database file in place, and its backups with the same key. "
        "By default a random key goes into the system keyring, and a recovery key is printed "
        "once: keep it somewhere safe (printed, or in a password manager) — it opens the file "
        "on another computer or after the keyring is lost. With --passphrase-stdin the file "
        "is encrypted with the passphrase on the first line of standard input instead, and "
        "Kith asks for it every time. Without the keyring, the recovery key and the "
        "passphrase the file cannot be opened by anyone, Kith included.",
    )
    _database_option(enc, top_level=False)
    enc.set_defaults(handler=_cmd_encrypt)
    dec = commands.add_parser(
        "decrypt",
        help="turn an encrypted database file (and its backups) back into a plain one",
        description="Decrypts the database file in place, and its backups, and removes its key "
        "from the system keyring. The key comes from the keyring, from --passphrase-stdin, "
        "or is asked for on a terminal.",
    )
    _database_option(dec, top_level=False)
    dec.set_defaults(handler=_cmd_decrypt)


def _open_for_conversion(args: argparse.Namespace, verb: str) -> Path | None:
    """Lock the database and check that it opens (upgrading it if need be); its path, or None
    after telling why not."""
    from kith.core.database import close_database

    path = Path(getattr(args, "database", None) or default_path()).expanduser()
    if not _lock_for_writing(path, verb, create=False):
        return None
    if not _open(args, verb):
        return None
    close_database()
    return path


def default_path() -> Path:
    from kith.core.database import default_database_path

    return Path(default_database_path())


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from kith.core.encryption import EncryptionError, encrypt_database, is_encrypted

    path = Path(getattr(args, "database", None) or default_path()).expanduser()
    if is_encrypted(path):
        print(f"kith encrypt: {path} is already encrypted.", file=sys.stderr)
        return 1
    passphrase = getattr(args, "piped_passphrase", None)
    if passphrase is not None and not passphrase:
        print("kith encrypt: the passphrase on standard input is empty.", file=sys.stderr)
        return 2
    opened = _open_for_conversion(args, "encrypt")
    if opened is None:
        return 1
    try:
        done = encrypt_database(opened, passphrase=passphrase)
    except EncryptionError as exc:
        print(f"kith encrypt: {exc}", file=sys.stderr)
        return 1
    backups = f" and {done.backups_converted} backups" if done.backups_converted else ""
    print(f"Encrypted {opened}{backups}.")
    if done.recovery_key is not None:
        print("Its key is in this computer's system keyring. Your recovery key (shown once):")
        print()
        print(f"    {done.recovery_key}")
        print()
        print(
            "Keep it somewhere safe: it opens the file on another computer or if the keyring "
            "is lost. Without the keyring and this recovery key, nobody can open the file."
        )
    else:
        print("Kith will ask for the passphrase every time it opens the file.")
    return 0


def _cmd_decrypt(args: argparse.Namespace) -> int:
    from kith.core.encryption import EncryptionError, decrypt_database, is_encrypted

    path = Path(getattr(args, "database", None) or default_path()).expanduser()
    if not is_encrypted(path):
        print(f"kith decrypt: {path} is not encrypted.", file=sys.stderr)
        return 1
    opened = _open_for_conversion(args, "decrypt")
    key = getattr(args, "database_key", None)
    if opened is None or key is None:
        return 1
    try:
        done = decrypt_database(opened, key)
    except EncryptionError as exc:
        print(f"kith decrypt: {exc}", file=sys.stderr)
        return 1
    backups = f" and {done} backups" if done else ""
    print(f"Decrypted {opened}{backups}; it is a plain file again.")
    return 0


# --- due, stats -------------------------------------------------------------------------------


def _add_due_stats(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    due = commands.add_parser(
        "due",
        help="print today's and overdue follow-ups, one a line",
        description="Prints each open follow-up due today or earlier as one line: the due "
        "date (and time), the person, the title. Prints “Nothing due.” when there is none.",
    )
    _database_option(due, top_level=False)
    due.set_defaults(handler=_cmd_due)

    stats = commands.add_parser(
        "stats", help="print counts: contacts, interactions, open follow-ups, going cold, goals"
    )
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    _database_option(stats, top_level=False)
    stats.set_defaults(handler=_cmd_stats)


def _cmd_due(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.follow_ups import due_today, overdue
    from kith.core.local_time import utcnow

    if not _open(args, "due"):
        return 2
    try:
        now = utcnow()
        items = overdue(now) + due_today(now)
    finally:
        close_database()
    if not items:
        print("Nothing due.")
        return 0
    for item in items:
        when = item.due_date.isoformat()
        if item.due_time is not None:
            when += f" {item.due_time:%H:%M}"
        who = item.contact_name or "—"
        print(f"{when}  {who}: {item.title}")
    return 0


_STATS_LABELS = {
    "contacts": "Contacts",
    "archived": "Archived",
    "interactions": "Interactions",
    "open_followups": "Open follow-ups",
    "overdue_followups": "Overdue",
    "due_today_followups": "Due today",
    "going_cold": "Going cold",
    "goals": "Active goals",
}


def _cmd_stats(args: argparse.Namespace) -> int:
    import json

    from kith.core.database import close_database
    from kith.core.local_time import utcnow
    from kith.core.stats import network_stats

    if not _open(args, "stats"):
        return 2
    try:
        stats = network_stats(utcnow()).as_dict()
    finally:
        close_database()
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        width = max(len(label) for label in _STATS_LABELS.values())
        for key, value in stats.items():
            print(f"{_STATS_LABELS.get(key, key):<{width}}  {value}")
    return 0


# --- log, person, ask: the judgement, for scripts and checks ---------------------------------

#: The kinds of interaction, as kith.core.interactions.KIND_LABELS has them (a test keeps the
#: two the same; the parser is built before any of core is imported).
_KINDS = ("meeting", "meal", "call", "video", "email", "message", "event", "intro", "other")
#: --flow's words → what flowed, as core calls it.
_FLOWS = {
    "gave": "gave",
    "asked": "asked",
    "they-gave": "they_gave",
    "they-asked": "they_asked",
    "mutual": "mutual",
    "neither": "neutral",
}
_REACHED_OUT = ("me", "them", "both")
_ASK_SIZES = ("small", "medium", "large")
_NAME_HELP = (
    "a full name or a unique part of one (case and accents do not matter; #ID names the "
    "person with that id)"
)


def _add_judgement(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    log = commands.add_parser(
        "log",
        help="log one interaction with one or more people",
        description="Logs one interaction (a coffee, a call, an email…) with the people named, "
        "and prints what was logged. A NAME that fits several people, or nobody, is an error "
        "that lists them, and nothing is logged. Kith's don't-pester and give-first warnings "
        "for it go to stderr; they never stop the log.",
    )
    log.add_argument("names", nargs="+", metavar="NAME", help=_NAME_HELP + "; quote a full name")
    log.add_argument("--kind", required=True, choices=_KINDS, help="what kind of interaction")
    log.add_argument(
        "--reached-out",
        required=True,
        choices=_REACHED_OUT,
        help="who reached out: me, them, or both (planned together)",
    )
    log.add_argument(
        "--flow",
        required=True,
        choices=list(_FLOWS),
        help="what flowed: I gave, I asked, they gave, they asked, mutual (both gave) or neither",
    )
    log.add_argument(
        "--size", choices=_ASK_SIZES, help="with --flow asked: how big the ask was (optional)"
    )
    log.add_argument(
        "--when",
        metavar="DATE",
        help="YYYY-MM-DD or YYYY-MM-DDTHH:MM in local time (default: now); a day without a "
        "time is noon that day (now, for today); a day still to come is refused",
    )
    log.add_argument("--summary", metavar="TEXT", default="", help="one line on what it was")
    _database_option(log, top_level=False)
    log.set_defaults(handler=_cmd_log)

    person = commands.add_parser(
        "person",
        help="how things stand with one person: strength and its parts, give & ask, cadence, …",
        description="Prints the strength of the tie with its four parts (points and why), the "
        "12-month give & ask balance and the open asks, the keep-in-touch cadence and whether "
        "they are going cold, the warnings a reach-out or an ask would get now, and who "
        "introduced them. Never changes the database.",
    )
    person.add_argument("name", nargs="+", metavar="NAME", help=_NAME_HELP)
    person.add_argument("--json", action="store_true", help="print one JSON object")
    _database_option(person, top_level=False)
    person.set_defaults(handler=_cmd_person)

    ask = commands.add_parser(
        "ask",
        help="would this person do what you ask? the verdict for a small, medium or large ask",
        description="Prints Kith's verdict on asking this person for something small (a "
        "coffee, a quick answer), medium (advice, a review, an introduction) or large (a "
        "referral, a job, money, a public endorsement): likely, a stretch or too big for now, "
        "and what the relationship still lacks. Never changes the database.",
    )
    ask.add_argument("name", nargs="+", metavar="NAME", help=_NAME_HELP)
    ask.add_argument("--size", required=True, choices=_ASK_SIZES, help="how big the ask is")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    _database_option(ask, top_level=False)
    ask.set_defaults(handler=_cmd_ask)


def _named(verb: str, text: str) -> NamedContact | None:
    """The one person ``text`` names, or None after saying on stderr whom it could mean."""
    from kith.core.directory import contacts_named

    found = contacts_named(text)
    if len(found) == 1:
        return found[0]
    if not found:
        print(f"kith {verb}: nobody in Kith is called “{text}”.", file=sys.stderr)
        return None
    lines = [
        f"kith {verb}: “{text}” could be {len(found)} people; "
        "give more of the name, or #ID for one of them:"
    ]
    width = max(len(f"#{c.id}") for c in found)
    for c in found:
        about = ", ".join(p for p in (c.role_line, "archived" if c.archived else "") if p)
        lines.append(f"  {f'#{c.id}':<{width}}  {c.full_name}" + (f" ({about})" if about else ""))
    print("\n".join(lines), file=sys.stderr)
    return None


def _parse_when(text: str | None, now: datetime) -> datetime | None:
    """--when as a naive UTC moment (``now`` without one); None when it is not a date."""
    import re
    from datetime import date, time

    from kith.core.local_time import from_local, local_at, today

    if text is None:
        return now
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?", text.strip())
    if match is None:
        return None
    try:
        day = date.fromisoformat(match.group(1))
        if match.group(2) is None:
            return now if day == today(now) else local_at(day, time(12, 0))
        at = time(int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return from_local(datetime.combine(day, at))


def _names_words(names: list[str]) -> str:
    """ "Ana", "Ana and Bo", "Ana, Bo and Cy"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _cmd_log(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.errors import ValidationError
    from kith.core.interactions import (
        DIRECTION_LABELS,
        INITIATOR_LABELS,
        KIND_LABELS,
        InteractionDraft,
        record_interaction,
        warnings_for,
    )
    from kith.core.local_time import local_wall, utcnow

    if args.size is not None and args.flow != "asked":
        print("kith log: --size is the size of an ask; use it with --flow asked.", file=sys.stderr)
        return 2
    now = utcnow()
    when = _parse_when(args.when, now)
    if when is None:
        print(
            f"kith log: --when takes YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time), "
            f"not “{args.when}”.",
            file=sys.stderr,
        )
        return 2
    if not _open(args, "log"):
        return 2
    try:
        people: dict[int, str] = {}
        for text in args.names:
            found = _named("log", text)
            if found is None:
                return 2
            people[found.id] = found.full_name
        draft = InteractionDraft(
            occurred_at=when,
            kind=args.kind,
            contact_ids=list(people),
            summary=args.summary,
            direction=_FLOWS[args.flow],
            initiator=args.reached_out,
            ask_size=args.size,
        )
        warnings = warnings_for(draft)  # before saving: the log itself must not count
        try:
            record_interaction(draft, now=now)
        except ValidationError as exc:
            for message in exc.errors.values():
                print(f"kith log: {message}.", file=sys.stderr)
            return 2
    finally:
        close_database()
    flow = DIRECTION_LABELS[draft.direction]
    if args.size is not None:
        flow += f" (a {args.size} ask)"
    summary = draft.summary.strip()
    print(
        f"Logged {KIND_LABELS[draft.kind].lower()} with {_names_words(list(people.values()))}, "
        f"{local_wall(when):%Y-%m-%d %H:%M} — {INITIATOR_LABELS[args.reached_out]} · {flow}"
        + (f" — “{summary}”" if summary else "")
    )
    for warning in warnings:
        print(f"kith log: {warning.message}", file=sys.stderr)
    return 0


def _person_json(contact_id: int, now: datetime) -> dict[str, Any]:
    """Everything `kith person` says about someone, as the --json object (see README.md)."""
    from kith.core.directory import contact_detail
    from kith.core.rules.cadence import cadence_status_for
    from kith.core.rules.circles import circle_name
    from kith.core.rules.pester import ASK_AGAIN, pester_warnings, short_name
    from kith.core.rules.reciprocity import balance_for, only_asks_text, unprompted_text
    from kith.core.rules.strength import strength_for

    detail = contact_detail(contact_id)
    status = cadence_status_for(contact_id, now)
    assert detail is not None and status is not None  # just named: it exists
    summary = detail.summary
    name = short_name(summary.full_name, detail.given_name, detail.nickname)
    strength = strength_for(contact_id, now)
    balance = balance_for(contact_id, now)
    reach_out = pester_warnings([contact_id], "neutral", now, initiator="me")
    asking = [
        w
        for w in pester_warnings([contact_id], "asked", now, initiator="me")
        if w.kind == ASK_AGAIN
    ]
    cadence = status.cadence
    introducer = detail.introduced_by
    last = status.last_contact
    return {
        "id": contact_id,
        "name": summary.full_name,
        "short_name": name,
        "role": summary.role_line,
        "circle": summary.circle,
        "circle_name": circle_name(summary.circle),
        "archived": summary.archived,
        "introduced_by": (
            None if introducer is None else {"id": introducer[0], "name": introducer[1]}
        ),
        "strength": {
            "total": strength.total,
            "tie": strength.tie,
            "known": strength.facts.known_days is not None,
            "parts": [
                {
                    "name": part.name,
                    "label": part.label,
                    "points": round(part.points, 1),
                    "value": round(part.value, 3),
                    "weight": part.weight,
                    "why": part.why,
                }
                for part in strength.parts
            ],
        },
        "balance": {
            "balance": balance.balance,
            "text": balance.text,
            "gives": balance.gives,
            "asks": balance.asks,
            "their_gives": balance.their_gives,
            "their_asks": balance.their_asks,
            "mutual": balance.mutual,
            "neutral": balance.neutral,
            "open_asks": balance.open_asks,
            "their_open_asks": balance.their_open_asks,
            "unprompted_gives": balance.unprompted_gives,
        },
        "only_asks": only_asks_text(name, balance) or None,
        "unprompted": unprompted_text(name, balance) or None,
        "cadence": {
            "days": cadence.days,
            "source": cadence.source,
            "label": cadence.label,
            "status": status.text,
            "due_in": status.due_in,
            "days_since": status.days_since,
            "last_contact": None if last is None else last.isoformat() + "Z",
        },
        "going_cold": status.going_cold and not summary.archived,
        "pester": [{"kind": w.kind, "message": w.message} for w in reach_out],
        "give_first": asking[0].message if asking else None,
    }


def _person_text(facts: dict[str, Any]) -> list[str]:
    """The readable block `kith person` prints."""
    strength, balance, cadence = facts["strength"], facts["balance"], facts["cadence"]
    title = facts["name"] + (f" — {facts['role']}" if facts["role"] else "")
    if facts["archived"]:
        title += " (archived)"
    circle = facts["circle_name"]
    circle = f"circle {circle}" if circle.isdigit() else circle
    if facts["circle"] is None:
        circle += " yet: a newcomer waiting to be sorted"
    tie = f"a {strength['tie']} tie" if strength["known"] else "nothing logged yet"
    lines = [
        title,
        f"  Circle         {circle}",
        f"  Introduced by  {facts['introduced_by']['name'] if facts['introduced_by'] else '—'}",
        f"  Strength       {strength['total']} / 100, {tie}",
    ]
    width = max(len(p["label"]) for p in strength["parts"])
    lines += [
        f"                   {p['label']:<{width}} {round(p['points']):>3}  {p['why']}"
        for p in strength["parts"]
    ]
    open_asks = []
    if balance["open_asks"]:
        n = balance["open_asks"]
        open_asks.append(f"{n} of your asks open" if n > 1 else "your last ask is open")
    if balance["their_open_asks"]:
        n = balance["their_open_asks"]
        open_asks.append(f"{n} of theirs open" if n > 1 else "their last ask is open")
    if balance["their_gives"] or balance["their_asks"]:
        gives, asks = balance["their_gives"], balance["their_asks"]
        open_asks.insert(
            0,
            f"they gave {gives} {'time' if gives == 1 else 'times'}, "
            f"asked {asks} {'time' if asks == 1 else 'times'}",
        )
    lines.append(
        f"  Give & ask     {balance['text']} in 12 months" + "".join(f"; {o}" for o in open_asks)
    )
    if cadence["days"] is None:
        lines.append("  Cadence        none (give them a circle or a cadence)")
    else:
        cold = " — going cold" if facts["going_cold"] else ""
        lines.append(f"  Cadence        {cadence['label']}: {cadence['status']}{cold}")
    reach = [w["message"] for w in facts["pester"]] or ["fine"]
    lines += [f"  Reaching out   {m}" for m in reach[:1]] + [
        f"                 {m}" for m in reach[1:]
    ]
    lines.append(f"  Asking         {facts['give_first'] or 'no ask of yours is open'}")
    lines += [f"  {note}" for note in (facts["unprompted"], facts["only_asks"]) if note]
    return lines


def _cmd_person(args: argparse.Namespace) -> int:
    import json

    from kith.core.database import close_database
    from kith.core.local_time import utcnow

    if not _open(args, "person"):
        return 2
    try:
        found = _named("person", " ".join(args.name))
        if found is None:
            return 2
        facts = _person_json(found.id, utcnow())
    finally:
        close_database()
    if args.json:
        print(json.dumps(facts, indent=2, ensure_ascii=False))
    else:
        print("\n".join(_person_text(facts)))
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    import json

    from kith.core.database import close_database
    from kith.core.local_time import utcnow
    from kith.core.rules.ask_threshold import SIZE_EXAMPLES, verdict

    if not _open(args, "ask"):
        return 2
    try:
        found = _named("ask", " ".join(args.name))
        if found is None:
            return 2
        said = verdict(found.id, args.size, utcnow())
    finally:
        close_database()
    if args.json:
        print(
            json.dumps(
                {
                    "id": found.id,
                    "name": found.full_name,
                    "size": said.size,
                    "level": said.level,
                    "ok": said.ok,
                    "text": said.text,
                    "missing": [{"what": m.what, "need": m.need} for m in said.missing],
                    "strength": said.strength,
                    "tie": said.tie,
                    "give_first": said.give_first,
                    "give_first_title": said.give_first_title if said.give_first else None,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(
        f"A {said.size} ask ({SIZE_EXAMPLES[said.size]}) of {found.full_name}: "
        f"strength {said.strength}, a {said.tie} tie."
    )
    print(said.text)
    if said.give_first:
        print(f"Suggested: {said.give_first_title}.")
    return 0


# --- sync -------------------------------------------------------------------------------------


def _add_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help="sync once with your CardDAV/CalDAV accounts and report what moved",
        description="Syncs every enabled account (set up in Settings ▸ Sync), or only the one "
        "named, and prints what moved. The password comes from the system keyring; without "
        "one, Kith asks for it on the terminal.",
    )
    sync.add_argument("--account", metavar="NAME", help="sync only this account")
    _database_option(sync, top_level=False)
    sync.set_defaults(handler=_cmd_sync)


def _cmd_sync(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.sync.accounts import find_account, list_accounts, password_store
    from kith.core.sync.engine import sync_account
    from kith.core.sync.errors import SyncError

    if not _open(args, "sync"):
        return 2
    try:
        if args.account:
            account = find_account(args.account)
            if account is None:
                names = ", ".join(a.name for a in list_accounts()) or "none yet"
                print(
                    f"kith sync: there is no account called “{args.account}” (accounts: {names}).",
                    file=sys.stderr,
                )
                return 2
            accounts = [account]
        else:
            accounts = [a for a in list_accounts() if a.enabled]
            if not accounts:
                print(
                    "kith sync: no sync account is set up; add one in Settings ▸ Sync.",
                    file=sys.stderr,
                )
                return 2
        failed = False
        store = password_store()
        for account in accounts:
            try:
                password = store.get(account.uid) if account.needs_password else ""
            except SyncError as exc:  # the keyring failed: say so, then ask on a terminal
                print(f"{account.name}: {exc}", file=sys.stderr)
                if not sys.stdin.isatty():
                    failed = True
                    continue
                password = None
            if password is None and sys.stdin.isatty():
                password = read_secret(f"Password for {account.username} ({account.name}): ")
            try:
                report = sync_account(account, password=password)
            except SyncError as exc:
                print(f"{account.name}: {exc}", file=sys.stderr)
                failed = True
                continue
            print(report.summary())
            for note in report.notes:
                print(f"  {note}")
        return 1 if failed else 0
    finally:
        close_database()


# --- accounts ---------------------------------------------------------------------------------


def _add_accounts(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accounts = commands.add_parser(
        "accounts",
        help="add, list or remove CardDAV/CalDAV sync accounts (scripted or headless setup)",
        description="The sync accounts of Settings ▸ Sync, from the terminal. Passwords go to "
        "the system keyring only.",
    )
    actions = accounts.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add an account: signs in, then picks (or creates) the collections to sync",
        description="Adds a sync account. The password is read from standard input (typed "
        "at a prompt on a terminal, or piped: printf '%s' \"$PW\" | kith accounts add …) and "
        "stored in the system keyring, never in the database. Kith signs in first: nothing "
        "is saved when the server refuses. Without --addressbook/--calendar, Kith syncs its "
        "own address book “Kith” and calendar “Kith follow-ups”, creating them if needed.",
    )
    add.add_argument("name", metavar="NAME", help="a name for the account, like “Home server”")
    add.add_argument("--url", required=True, help="the server's address (dav.example.com)")
    add.add_argument("--user", default="", help="your username on the server")
    add.add_argument(
        "--no-password",
        action="store_true",
        help="the server asks for no password (no authentication): none is read or stored",
    )
    add.add_argument(
        "--addressbook",
        metavar="URL|NAME|none",
        help="the address book to sync: its address or name, or none (default: Kith's own)",
    )
    add.add_argument(
        "--calendar",
        metavar="URL|NAME|none",
        help="the calendar for follow-ups and birthdays: its address or name, or none "
        "(default: Kith's own)",
    )
    add.add_argument(
        "--interval",
        type=int,
        default=15,
        metavar="MINUTES",
        help="how often the window syncs (default 15)",
    )
    add.add_argument(
        "--create", action="store_true", help="make a new Kith database if there is none"
    )
    _database_option(add, top_level=False)
    add.set_defaults(handler=_cmd_accounts_add)

    listing = actions.add_parser("list", help="list the accounts (never their passwords)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    _database_option(listing, top_level=False)
    listing.set_defaults(handler=_cmd_accounts_list)

    remove = actions.add_parser(
        "remove",
        help="remove an account and its keyring entry (contacts and follow-ups stay)",
    )
    remove.add_argument("name", metavar="NAME")
    _database_option(remove, top_level=False)
    remove.set_defaults(handler=_cmd_accounts_remove)


def _read_password(args: argparse.Namespace) -> str | None:
    """The password from standard input: a prompt on a terminal, else its first line."""
    who = f"{args.user} at " if args.user else ""
    return read_secret(f"Password for {who}{args.url}: ")


def _pick_collection(
    choice: str | None, kind: str, found: list[Any], made: dict[str, Any]
) -> tuple[str | None, str | None]:
    """(collection URL or None, error) for --addressbook/--calendar."""
    from urllib.parse import urlsplit

    what = "address book" if kind == "contacts" else "calendar"
    if choice is not None and choice.strip().casefold() == "none":
        return None, None
    if choice is None:
        if kind in made:
            return made[kind].url, None
        return None, f"the server offers no {what}s for this account"
    wanted = choice.strip()
    for collection in found:
        if collection.kind != kind:
            continue
        if (
            collection.name.casefold() == wanted.casefold()
            or collection.url.rstrip("/") == wanted.rstrip("/")
            or urlsplit(collection.url).path.rstrip("/") == wanted.rstrip("/")
        ):
            return collection.url, None
    names = ", ".join(f"“{c.name}”" for c in found if c.kind == kind) or "none"
    return None, f"there is no {what} “{wanted}” on the server ({what}s: {names})"


def _cmd_accounts_add(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.sync.accounts import (
        AccountDraft,
        AccountError,
        keyring_status,
        save_account,
        validate_account,
    )
    from kith.core.sync.dav import CALENDAR, CONTACTS
    from kith.core.sync.discovery import create_kith_collections, discover
    from kith.core.sync.errors import SyncError

    verb = "accounts add"
    password = "" if args.no_password else _read_password(args)
    if password is None or (not password and not args.no_password):
        print(
            f"kith {verb}: no password on standard input. Type it at the prompt, pipe it in "
            "(printf '%s' \"$PW\" | kith accounts add …), or use --no-password for a server "
            "without authentication.",
            file=sys.stderr,
        )
        return 2
    if not _open(args, verb, create=args.create):
        return 2
    try:
        draft = AccountDraft(
            name=args.name,
            url=args.url,
            username=args.user,
            interval_minutes=args.interval,
            needs_password=not args.no_password,
        )
        problems = validate_account(draft)
        if problems:
            for message in problems.values():
                print(f"kith {verb}: {message}.", file=sys.stderr)
            return 2
        try:
            found = discover(args.url, args.user, password, timeout=30)
            own = {
                kind
                for kind, choice in ((CONTACTS, args.addressbook), (CALENDAR, args.calendar))
                if choice is None
            }
            made = (
                create_kith_collections(
                    args.url,
                    args.user,
                    password,
                    contacts=CONTACTS in own,
                    calendar=CALENDAR in own,
                )
                if own
                else {}
            )
        except SyncError as exc:
            print(f"kith {verb}: {exc} Nothing was saved.", file=sys.stderr)
            return 1
        book, book_error = _pick_collection(args.addressbook, CONTACTS, found.collections, made)
        cal, cal_error = _pick_collection(args.calendar, CALENDAR, found.collections, made)
        for error in (book_error, cal_error):
            if error:
                print(f"kith {verb}: {error}. Nothing was saved.", file=sys.stderr)
        if book_error or cal_error:
            return 2
        draft.addressbook_url, draft.calendar_url = book, cal
        try:
            account = save_account(draft, password=password or None)
        except AccountError as exc:
            for message in exc.errors.values():
                print(f"kith {verb}: {message}", file=sys.stderr)
            return 1
        print(f"Added “{account.name}” ({account.url}).")
        print(f"  contacts: {account.addressbook_url or 'not synced'}")
        print(f"  calendar: {account.calendar_url or 'not synced'}")
        if not account.needs_password:
            print("  no password: the server asks for none.")
        elif keyring_status().usable:
            print("  password: in the system keyring.")
        else:
            print(
                "  password: NOT stored — this computer has no system keyring; "
                "kith sync asks for it on a terminal.",
            )
        print(
            "Sync now with: kith sync" + (f" --database {args.database}" if args.database else "")
        )
        return 0
    finally:
        close_database()


def _cmd_accounts_list(args: argparse.Namespace) -> int:
    import json

    from kith.core.database import close_database
    from kith.core.sync.accounts import list_accounts, password_store
    from kith.core.sync.errors import SyncError

    if not _open(args, "accounts list"):
        return 2
    try:
        accounts = list_accounts()
        store = password_store()

        def password_state(uid: str, needed: bool) -> str:
            if not needed:
                return "not needed"
            try:
                return "stored" if store.get(uid) is not None else "missing"
            except SyncError:
                return "keyring failed"

        rows = [
            {
                "name": a.name,
                "url": a.url,
                "username": a.username,
                "addressbook_url": a.addressbook_url,
                "calendar_url": a.calendar_url,
                "interval_minutes": a.interval_minutes,
                "enabled": a.enabled,
                "password": password_state(a.uid, a.needs_password),
                "last_sync_at": a.last_sync_at.isoformat() if a.last_sync_at else None,
                "last_error": a.last_error or None,
            }
            for a in accounts
        ]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False))
            return 0
        if not rows:
            print("No sync accounts. Add one with: kith accounts add NAME --url URL --user USER")
            return 0
        for row in rows:
            user = f" as {row['username']}" if row["username"] else ""
            off = "" if row["enabled"] else " (paused)"
            print(f"{row['name']}: {row['url']}{user}{off}")
            print(f"  contacts: {row['addressbook_url'] or 'not synced'}")
            print(f"  calendar: {row['calendar_url'] or 'not synced'}")
            last = row["last_sync_at"] or "never"
            print(
                f"  password: {row['password']}; every {row['interval_minutes']} min; "
                f"last sync: {last}"
            )
            if row["last_error"]:
                print(f"  last problem: {row['last_error']}")
        return 0
    finally:
        close_database()


def _cmd_accounts_remove(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.sync.accounts import delete_account, find_account, list_accounts

    verb = "accounts remove"
    if not _open(args, verb):
        return 2
    try:
        account = find_account(args.name)
        if account is None:
            names = ", ".join(f"“{a.name}”" for a in list_accounts()) or "none"
            print(
                f"kith {verb}: there is no account called “{args.name}” (accounts: {names}).",
                file=sys.stderr,
            )
            return 2
        delete_account(account.id)
        print(
            f"Removed “{account.name}” and its password. Its contacts and follow-ups stay in "
            "Kith and on the server."
        )
        return 0
    finally:
        close_database()
