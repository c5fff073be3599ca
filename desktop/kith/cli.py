"""The command-line verbs (``kith demo``, …): no window, plain text out, errors to stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kith import __version__


def _database_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--database",
        metavar="PATH",
        type=Path,
        # Sub-commands must not overwrite a --database given before the verb.
        default=None if top_level else argparse.SUPPRESS,
        help="the Kith database file to use (default: kith.sqlite in your user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kith",
        description="Kith keeps your professional network alive. Without a command, "
        "it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Kith {__version__}")
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
    _add_sync(commands)
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
    """Run the verb; a database that fails under it (a damaged page, …) is one line on
    stderr and exit status 1, never a traceback."""
    from kith.core.database import explain_failure

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except Exception as exc:
        problem = explain_failure(exc)
        if problem is None:
            raise
        print(f"kith {args.command}: {problem}", file=sys.stderr)
        return 1


# --- import, export, restore -------------------------------------------------------------------

_EXPORT_FORMATS = {"vcard": ".vcf", "ics": ".ics", "csv": ".csv", "json": ".json"}


def _add_import_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add_parser(
        "import",
        help="import people from a vCard, CSV (Google, Outlook, LinkedIn) or Kith backup file",
        description="Adds the new people in FILE. People already in Kith (same UID, email, "
        "phone or name) are listed but not merged; invalid entries are reported. Without "
        "--yes, shows what it would do and asks first.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--yes", "-y", action="store_true", help="import without asking")
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
        help="vcard, ics (follow-ups and birthdays), csv, or json (full backup); "
        "by default taken from OUT's extension",
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
    it was.
    """
    from kith.core.database import (
        DatabaseOpenError,
        NoDatabaseError,
        default_database_path,
        open_database,
    )

    path = getattr(args, "database", None) or default_database_path()
    try:
        open_database(path, create=create)
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
    from kith.core.database import close_database
    from kith.core.importing.apply import Decision, ImportApplyError, apply_import
    from kith.core.importing.file import ImportFileError
    from kith.core.importing.review import Action, ImportReview, Status

    if not _open(args, "import", create=args.create):
        return 2
    try:
        try:
            review = ImportReview(args.file)
            candidates = list(review.candidates())
        except ImportFileError as exc:
            print(f"kith import: {exc}", file=sys.stderr)
            return 1
        new = [c for c in candidates if c.status == Status.NEW]
        known = [c for c in candidates if c.status == Status.DUPLICATE]
        invalid = [c for c in candidates if c.status == Status.INVALID]
        print(
            f"{args.file.name} ({review.format_name}): {len(candidates)} entries — "
            f"{len(new)} new, {len(known)} already in Kith, {len(invalid)} invalid"
        )
        for c in known:
            where = f"row {c.match_row + 1} of this file" if c.match_row is not None else "Kith"
            print(f"  already in {where}: {c.name}, {c.source} — {c.reason}; not merged")
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
        decisions = [
            Decision(c, Action.ADD if c.status == Status.NEW else Action.SKIP) for c in candidates
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


def _cmd_export(args: argparse.Namespace) -> int:
    from kith.core.database import close_database
    from kith.core.export import (
        ExportError,
        export_contacts_csv,
        export_icalendar,
        export_json_backup,
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
            follow_ups, birthdays = export_icalendar(args.out)
            print(f"Wrote {follow_ups} open follow-ups and {birthdays} birthdays to {args.out}")
        elif fmt == "csv":
            count = export_contacts_csv(args.out)
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
    from kith.core.export import RestoreError, restore_json_backup

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
    try:
        summary = restore_json_backup(args.backup)
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
        open_database(path)  # a backup from an older Kith is upgraded now, not at next start
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
                password = store.get(account.uid)
            except SyncError as exc:  # the keyring failed: say so, then ask on a terminal
                print(f"{account.name}: {exc}", file=sys.stderr)
                if not sys.stdin.isatty():
                    failed = True
                    continue
                password = None
            if password is None and sys.stdin.isatty():
                import getpass

                password = getpass.getpass(f"Password for {account.username} ({account.name}): ")
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
