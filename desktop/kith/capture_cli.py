"""The capture verbs of the command line: ``kith capture``, ``kith capture-source`` and
``kith suggestions`` (over kith.core.capture; registered by kith.cli.build_parser)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kith.cli_secrets import read_secret

if TYPE_CHECKING:
    from kith.core.capture.recorder import ScanReport
    from kith.core.capture.sources import Source
    from kith.core.capture.suggestions import Suggestion


def add_capture_verbs(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from kith.cli import _database_option

    capture = commands.add_parser(
        "capture",
        help="read your mail or calendar for contact with people in Kith (as suggestions)",
        description="Reads an mbox file, a Maildir folder or an .ics calendar — or, with "
        "--account, an IMAP account added with `kith capture-source add`, or the calendars of "
        "a sync account (Settings ▸ Sync) — and turns contact "
        "with people already in Kith into suggested interactions (see `kith suggestions`). "
        "Only headers are read; nothing is logged until you accept it. Without FILE or "
        "--account, every enabled IMAP and calendar source is read.",
    )
    capture.add_argument("file", nargs="?", metavar="FILE", help="an mbox, Maildir or .ics")
    capture.add_argument(
        "--account", metavar="NAME", help="read this IMAP source, or this sync account's calendars"
    )
    capture.add_argument(
        "--me",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="an address of yours (repeat for several): mail from it is yours",
    )
    capture.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the IMAP password from the first line of standard input",
    )
    _database_option(capture, top_level=False)
    capture.set_defaults(handler=_cmd_capture)

    source = commands.add_parser(
        "capture-source",
        help="add, list or forget the IMAP accounts and files capture reads",
        description="`add NAME --host … --user …` adds an IMAP account (the password is read "
        "from standard input and kept only in the system keyring); `list` shows the sources; "
        "`forget NAME` deletes the source and everything captured from it.",
    )
    source.add_argument("action", choices=["add", "list", "forget"])
    source.add_argument("name", nargs="?", metavar="NAME")
    source.add_argument("--host", default="", help="the IMAP server (imap.example.com)")
    source.add_argument("--port", type=int, default=None, help="default 993 (143: STARTTLS)")
    source.add_argument(
        "--security",
        choices=["tls", "starttls", "none"],
        default="tls",
        help="tls (default), starttls, or none (only for a server on this computer)",
    )
    source.add_argument("--user", default="", help="your user name on the server")
    source.add_argument(
        "--folder", action="append", default=[], help="a folder to read besides Inbox and Sent"
    )
    source.add_argument("--me", action="append", default=[], metavar="ADDRESS")
    source.add_argument(
        "--subject", action="store_true", help="also read and keep subjects and event titles"
    )
    source.add_argument(
        "--auto-accept",
        action="append",
        default=[],
        choices=["mail", "meetings"],
        help="log what is found without asking (mail, meetings; repeat for both)",
    )
    source.add_argument(
        "--max-people",
        type=int,
        default=10,
        help="skip messages with more people than this (default 10)",
    )
    _database_option(source, top_level=False)
    source.set_defaults(handler=_cmd_capture_source)

    suggestions = commands.add_parser(
        "suggestions",
        help="list the suggested interactions capture found; accept or dismiss them",
        description="Without an action, lists the pending suggestions. `accept ID…` logs "
        "them as interactions, `dismiss ID…` drops them for good, `never ADDRESS` stops "
        "capture for that address.",
    )
    suggestions.add_argument("action", nargs="?", choices=["accept", "dismiss", "never"])
    suggestions.add_argument("ids", nargs="*", metavar="ID")
    suggestions.add_argument("--json", action="store_true", help="print JSON")
    _database_option(suggestions, top_level=False)
    suggestions.set_defaults(handler=_cmd_suggestions)


def _err(verb: str, text: str) -> None:
    print(f"kith {verb}: {text}", file=sys.stderr)


def _print_report(report: ScanReport) -> None:
    print(report.summary())
    for note in report.notes:
        print(f"  {note}")


# --- kith capture ---------------------------------------------------------------------------------


def _cmd_capture(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kith.cli import _open
    from kith.core.capture.files import CaptureFileError, capture_file
    from kith.core.database import close_database

    if args.file and args.account:
        _err("capture", "give a FILE or --account NAME, not both")
        return 2
    if not _open(args, "capture"):
        return 2
    try:
        if args.file:
            bad = [a for a in args.me if "@" not in a]
            if bad:
                _err("capture", f"“{bad[0]}” is not an email address")
                return 2
            try:
                report = capture_file(Path(args.file), my_addresses=args.me)
            except CaptureFileError as exc:
                _err("capture", str(exc))
                return 1
            _print_report(report)
            _print_pending_hint()
            return 0
        return _capture_accounts(args)
    finally:
        close_database()


def _capture_accounts(args: argparse.Namespace) -> int:
    from kith.core.capture.sources import find_source, list_sources

    if args.account:
        source = find_source(args.account)
        if source is None or source.kind == "file":
            source = _calendar_source(args.account)
        if source is None:
            names = ", ".join(s.name for s in list_sources() if s.kind == "imap") or "none yet"
            _err(
                "capture",
                f"there is no IMAP source or sync account called “{args.account}” (IMAP "
                f"sources: {names}); add one with `kith capture-source add`",
            )
            return 2
        sources = [source]
    else:
        sources = [s for s in list_sources() if s.kind in ("imap", "caldav") and s.enabled]
        if not sources:
            _err(
                "capture",
                "give an mbox, Maildir or .ics FILE, or add an IMAP account with "
                "`kith capture-source add NAME --host … --user …`",
            )
            return 2
    failed = False
    typed = _stdin_password() if args.password_stdin else None
    for source in sources:
        if not _capture_account(source, typed):
            failed = True
    _print_pending_hint()
    return 1 if failed else 0


def _calendar_source(name: str) -> Source | None:
    """The calendars of the sync account called ``name`` (Settings ▸ Sync), as a source."""
    from kith.core.capture.calendars import calendar_source
    from kith.core.sync.accounts import find_account

    account = find_account(name)
    return calendar_source(account) if account is not None else None


def _capture_account(source: Source, typed: str | None) -> bool:
    if source.kind == "caldav":
        return _capture_calendars(source, typed)
    from kith.core.capture.imap import CaptureConnectionError, scan_imap
    from kith.core.sync.accounts import password_store
    from kith.core.sync.errors import KeyringFailure

    password = typed
    if password is None:
        try:
            password = password_store().get(source.uid)
        except KeyringFailure as exc:
            print(f"{source.name}: {exc}", file=sys.stderr)
        if password is None and sys.stdin.isatty():
            password = read_secret(f"Password for {source.username} ({source.name}): ")
    if password is None:
        print(
            f"{source.name}: Kith has no password for this account (no keyring holds it); "
            "give it with --password-stdin.",
            file=sys.stderr,
        )
        return False
    try:
        report = scan_imap(source, password=password)
    except CaptureConnectionError as exc:
        print(f"{source.name}: {exc}", file=sys.stderr)
        return False
    _print_report(report)
    return True


def _capture_calendars(source: Source, typed: str | None) -> bool:
    from kith.core.capture.calendars import scan_calendars
    from kith.core.capture.imap import CaptureConnectionError

    try:
        report = scan_calendars(source, password=typed)
    except CaptureConnectionError as exc:
        print(f"{source.name}: {exc}", file=sys.stderr)
        return False
    _print_report(report)
    return True


def _stdin_password() -> str:
    return read_secret("", piped=True) or ""


def _print_pending_hint() -> None:
    from kith.core.capture.suggestions import pending_count

    count = pending_count()
    if count:
        print(
            f"{count} suggestion{'' if count == 1 else 's'} from mail and calendar waiting: "
            "see `kith suggestions`."
        )


# --- kith capture-source --------------------------------------------------------------------------


def _cmd_capture_source(args: argparse.Namespace) -> int:
    from kith.cli import _open
    from kith.core.database import close_database

    if args.action != "list" and not args.name:
        _err("capture-source", f"say which source: kith capture-source {args.action} NAME")
        return 2
    if not _open(args, "capture-source"):
        return 2
    try:
        if args.action == "list":
            return _list_sources()
        if args.action == "forget":
            return _forget_source(args.name)
        return _add_source(args)
    finally:
        close_database()


def _list_sources() -> int:
    from kith.core.capture.sources import list_sources

    sources = list_sources()
    if not sources:
        print("No capture sources yet.")
        return 0
    for s in sources:
        where = f"{s.username} on {s.host}" if s.kind == "imap" else s.path
        state = "on" if s.enabled else "off"
        last = f", last read {s.last_scan_at:%Y-%m-%d %H:%M} UTC" if s.last_scan_at else ""
        error = f" — {s.last_error}" if s.last_error else ""
        print(f"{s.name} ({s.kind}, {state}): {where}{last}{error}")
    return 0


def _forget_source(name: str) -> int:
    from kith.core.capture.sources import find_source, forget_source

    source = find_source(name)
    if source is None:
        _err("capture-source", f"there is no capture source called “{name}”")
        return 2
    forget_source(source.id)
    print(f"Forgot {source.name} and everything captured from it.")
    return 0


def _add_source(args: argparse.Namespace) -> int:
    from kith.core.capture.sources import SourceDraft, save_source
    from kith.core.errors import ValidationError
    from kith.core.sync.accounts import keyring_status

    password = read_secret(f"Password for {args.user} on {args.host}: ")
    if not password:
        _err("capture-source", "no password given (type it, or pipe it on standard input)")
        return 2
    draft = SourceDraft(
        kind="imap",
        name=args.name,
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.user,
        folders=args.folder,
        my_addresses=args.me,
        read_subject=args.subject,
        max_participants=args.max_people,
        auto_accept_mail="mail" in args.auto_accept,
        auto_accept_meetings="meetings" in args.auto_accept,
    )
    try:
        source = save_source(draft, password=password)
    except ValidationError as exc:
        for message in exc.errors.values():
            _err("capture-source", message)
        return 2
    print(f"Added {source.name}: {source.username} on {source.host}.")
    status = keyring_status()
    if not status.usable:
        print(f"  {status.message}", file=sys.stderr)
    return 0


# --- kith suggestions -----------------------------------------------------------------------------


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    from kith.core.local_time import local_date

    return {
        "id": s.id,
        "kind": s.kind,
        "occurred_at": s.occurred_at.isoformat() + "Z",
        "date": local_date(s.occurred_at).isoformat(),
        "source": s.source,
        "summary": s.summary,
        "initiator": s.initiator,
        "people": [
            {"contact_id": p.contact_id, "name": p.name, "address": p.address} for p in s.people
        ],
    }


_WHO_FIRST = {"me": "you wrote first", "them": "they wrote first"}
_WHO_MEETING = {"me": "you organised it", "them": "they organised it"}


def _suggestion_line(s: Suggestion) -> str:
    from kith.core.local_time import local_date

    people = ", ".join(f"{p.name} <{p.address}>" for p in s.people)
    who = (_WHO_FIRST if s.kind == "email" else _WHO_MEETING).get(s.initiator or "", "")
    parts = [f"{s.id:>5}  {local_date(s.occurred_at):%a %d %b %Y}  {s.kind:<8} {people}"]
    if s.summary:
        parts.append(f"“{s.summary}”")
    if who:
        parts.append(who)
    return " — ".join(parts) + f"  ({s.source})"


def _cmd_suggestions(args: argparse.Namespace) -> int:
    from kith.cli import _lock_for_writing, _open
    from kith.core.database import close_database, default_database_path

    if args.action is None and args.ids:
        _err("suggestions", "say what to do with them: kith suggestions accept|dismiss ID…")
        return 2
    if args.action is not None:
        if not args.ids:
            what = "ADDRESS" if args.action == "never" else "ID…"
            _err("suggestions", f"say which: kith suggestions {args.action} {what}")
            return 2
        path = getattr(args, "database", None) or default_database_path()
        if not _lock_for_writing(path, "suggestions", create=False):
            return 2
    if not _open(args, "suggestions"):
        return 2
    try:
        if args.action is None:
            return _list_suggestions(args.json)
        return _decide(args.action, args.ids)
    finally:
        close_database()


def _list_suggestions(as_json: bool) -> int:
    import json

    from kith.core.capture.suggestions import list_suggestions

    pending = list_suggestions()
    if as_json:
        print(json.dumps([_suggestion_json(s) for s in pending], ensure_ascii=False, indent=2))
        return 0
    if not pending:
        print("No suggestions from mail and calendar.")
        return 0
    count = len(pending)
    print(f"{count} suggestion{'' if count == 1 else 's'} from mail and calendar:")
    for s in pending:
        print(_suggestion_line(s))
    return 0


def _decide(action: str, values: list[str]) -> int:
    from kith.core.capture.suggestions import (
        SuggestionError,
        accept_suggestions,
        dismiss_suggestions,
        never_for_address,
    )
    from kith.core.errors import ValidationError

    if action == "never":
        try:
            changed = sum(never_for_address(address) for address in values)
        except SuggestionError as exc:
            _err("suggestions", str(exc))
            return 2
        print(
            f"Kith will never capture {', '.join(values)} again "
            f"({changed} waiting suggestion{'' if changed == 1 else 's'} changed)."
        )
        return 0
    try:
        ids = [int(v.lstrip("#")) for v in values]
    except ValueError:
        _err("suggestions", "give the suggestions' numbers, as `kith suggestions` lists them")
        return 2
    try:
        if action == "accept":
            accepted = accept_suggestions(ids)
            n = len(accepted)
            print(f"Logged {n} interaction{'' if n == 1 else 's'}.")
        else:
            n = dismiss_suggestions(ids)
            print(f"Dismissed {n} suggestion{'' if n == 1 else 's'}.")
    except (SuggestionError, ValidationError) as exc:
        _err("suggestions", f"{exc}. Nothing was changed.")
        return 1
    return 0
