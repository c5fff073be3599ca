"""The review step of an import: who is in a file, and whether each is new, known or invalid.

Nothing here writes to the database. :class:`ImportReview` reads and decodes the file up
front (raising :class:`~kith.core.importing.file.ImportFileError` for a file that cannot be
imported at all; an encrypted Kith backup is opened with the open database's key or the one
given, else :class:`~kith.core.importing.file.EncryptedBackupError`), then
:meth:`ImportReview.candidates` yields one :class:`Candidate` per card or row *while parsing
continues*, so a window can fill its table as rows arrive, show
:attr:`ImportReview.progress`, and stop early with :meth:`ImportReview.cancel` (or by simply
no longer iterating). Each candidate is *new*, a *likely duplicate* of a stored contact (or
of an earlier row of the same file: the same UID, email or phone), a *possible duplicate*
(only the name, and the company, agree — added as a new person unless the user merges), or
*invalid* with the reason. For a duplicate, :attr:`Candidate.changes` says what merging
would add; a re-imported file whose people are all known and unchanged therefore offers
nothing to do.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kith.core.contacts import ContactDraft, load_drafts
from kith.core.gc_pause import gc_paused
from kith.core.importing.file import (
    EncryptedBackupError,
    Entry,
    ImportFileError,
    InvalidEntry,
    ParsedContact,
    decode_text,
    read_import_bytes,
)
from kith.core.merge import ContactMatcher, Match, merge_drafts

if TYPE_CHECKING:
    from kith.store.cipher import FileKey

VCARD = "vcard"
KITH_JSON = "kith-json"

#: Files with more people than this start with nothing selected in the review table.
PRESELECT_LIMIT = 50


class Status(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    #: Only the name (and company) agree: shown, but added as new unless the user merges.
    POSSIBLE = "possible duplicate"
    INVALID = "invalid"


class Action(StrEnum):
    SKIP = "skip"
    ADD = "add"
    MERGE = "merge"


@dataclass
class Candidate:
    """One person in the file as the review table shows them.

    ``row`` counts entries from 0 in file order. A duplicate has either ``match_id`` (a
    stored contact) or ``match_row`` (an earlier row of the same file), ``match_name``,
    ``reason`` (why it matched) and ``changes`` (what merging would add). An invalid
    candidate has ``reason`` (the message for the user) and no ``parsed`` contact.
    """

    row: int
    source: str
    status: Status
    name: str
    parsed: ParsedContact | None = None
    reason: str = ""
    match_id: int | None = None
    match_row: int | None = None
    match_name: str = ""
    changes: list[str] = field(default_factory=list)

    @property
    def draft(self) -> ContactDraft | None:
        return self.parsed.draft if self.parsed is not None else None

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings if self.parsed is not None else []

    @property
    def company(self) -> str:
        return self.parsed.draft.company if self.parsed is not None else ""

    @property
    def tags(self) -> list[str]:
        return self.parsed.draft.tags if self.parsed is not None else []

    @property
    def default_action(self) -> Action:
        """New people (and possible duplicates) are added; known ones merged when the file
        adds something; else skip."""
        if self.status in (Status.NEW, Status.POSSIBLE):
            return Action.ADD
        if self.status == Status.DUPLICATE and self.changes:
            return Action.MERGE
        return Action.SKIP

    @property
    def description(self) -> str:
        """The status column's text: "new", "likely duplicate of X (same email …)", …"""
        if self.status == Status.NEW:
            return "new"
        if self.status == Status.INVALID:
            return f"invalid: {self.reason}"
        if self.status == Status.POSSIBLE:
            return f"possible duplicate of {self.match_name} ({self.reason}) — added as new"
        what = "; ".join(self.changes) if self.changes else "nothing new"
        return f"likely duplicate of {self.match_name} ({self.reason}) — {what}"


def _is_sealed_backup(path: Path) -> bool:
    from kith.core.export import backup_is_encrypted

    return backup_is_encrypted(path)


def _sealed_backup_text(path: Path, key: FileKey | None) -> str:
    """The text of an encrypted Kith backup, opened as :func:`kith.core.export.
    restore_json_backup` opens one (:func:`kith.core.export.open_backup_text`)."""
    from kith.core.export import BackupKeyError, RestoreError, read_backup_text

    try:
        return read_backup_text(path, key)
    except BackupKeyError as exc:
        raise EncryptedBackupError(str(exc), key_given=exc.key_given) from exc
    except RestoreError as exc:
        raise ImportFileError(str(exc)) from exc


def _detect(text: str, name: str) -> str:
    from kith.core.importing.csv_file import csv_flavour
    from kith.core.importing.vcard import looks_like_vcard

    if looks_like_vcard(text):
        return VCARD
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return KITH_JSON
    if head.upper().startswith("BEGIN:VCALENDAR"):
        raise ImportFileError(
            f"“{name}” is a calendar (iCalendar) file, not contacts. Kith imports vCard, "
            "CSV and Kith JSON backups."
        )
    return csv_flavour(text)


FORMAT_NAMES = {
    VCARD: "vCard",
    KITH_JSON: "Kith backup",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "linkedin": "LinkedIn connections",
    "csv": "CSV",
}


class ImportReview:
    """A file opened for import: its format, and its candidates as they are parsed.

    An encrypted Kith backup (``encrypted``) is read with ``key`` — the passphrase or
    recovery key of the database it was made from — or else with the open database's key
    (the backup of this very database needs none); when neither opens it, an
    :class:`~kith.core.importing.file.EncryptedBackupError` says so."""

    def __init__(
        self, path: Path | str, *, data: bytes | None = None, key: FileKey | None = None
    ) -> None:
        self.path = Path(path)
        raw = read_import_bytes(self.path) if data is None else data
        self.encrypted = False
        try:
            self.text, self.encoding = decode_text(raw, self.path.name)
        except ImportFileError:
            # Not text: an encrypted Kith backup, or a file Kith cannot import. (Only then is
            # the file's shape asked: a vCard may well be a whole number of pages long.)
            if data is not None or not _is_sealed_backup(self.path):
                raise
            self.encrypted = True
            self.text, self.encoding = _sealed_backup_text(self.path, key), "utf-8"
        self.format = _detect(self.text, self.path.name)
        self.total = max(len(self.text), 1)
        self.progress = 0.0
        self._cancel = threading.Event()

    @property
    def format_name(self) -> str:
        name = FORMAT_NAMES.get(self.format, self.format)
        return f"encrypted {name}" if self.encrypted else name

    def cancel(self) -> None:
        """Stop :meth:`candidates` at the line being read, even inside a card (any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _entries(self) -> Iterator[Entry]:
        if self.format == VCARD:
            from kith.core.importing.vcard import parse_vcards

            return parse_vcards(self.text, self._cancel.is_set)
        if self.format == KITH_JSON:
            from kith.core.export import backup_entries

            return backup_entries(self.text)
        from kith.core.importing.csv_file import parse_csv

        return parse_csv(self.text, self._cancel.is_set)

    #: Entries matched together; stored duplicates of a batch are loaded in one go.
    BATCH = 100

    def candidates(self, matcher: ContactMatcher | None = None) -> Iterator[Candidate]:
        """Every card or row as a reviewed candidate, in file order, as parsing goes."""
        matcher = matcher or ContactMatcher()
        drafts: dict[int, ContactDraft] = {}
        names: dict[int, str] = {}
        existing: dict[int, ContactDraft] = {}
        source_name = self.path.name
        entries = self._entries()
        row = 0
        while not self._cancel.is_set():
            # A batch is parsed and matched with the collector held off (its cards and the
            # matcher's keys live on, and hold no cycles); never across the yields below.
            with gc_paused():
                batch = list(itertools.islice(entries, self.BATCH))
                if not batch:
                    self.progress = 1.0
                    return
                matcher.look_up_uids(e.uid for e in batch if isinstance(e, ParsedContact) and e.uid)
                matched: list[tuple[int, Entry, Match | None]] = []
                for entry in batch:
                    found = None
                    if isinstance(entry, ParsedContact):
                        found = matcher.match(entry.draft, entry.uid)
                        if found is None or not found.likely:
                            matcher.remember(-(row + 1), entry.draft, entry.uid)
                            drafts[row] = entry.draft
                            names[row] = entry.draft.display_name()
                    matched.append((row, entry, found))
                    row += 1
                wanted = [m.contact_id for _, _, m in matched if m and m.contact_id > 0]
                existing.update(load_drafts(i for i in wanted if i not in existing))
            for number, entry, found in matched:
                if self._cancel.is_set():
                    return
                if entry.end:
                    self.progress = min(1.0, entry.end / self.total)
                yield self._candidate(number, entry, found, drafts, names, existing, source_name)

    def _candidate(
        self,
        row: int,
        entry: Entry,
        found: Match | None,
        drafts: dict[int, ContactDraft],
        names: dict[int, str],
        existing: dict[int, ContactDraft],
        source_name: str,
    ) -> Candidate:
        if isinstance(entry, InvalidEntry):
            return Candidate(row, entry.source, Status.INVALID, entry.name, reason=entry.reason)
        draft = entry.draft
        name = draft.display_name()
        if found is None:
            return Candidate(row, entry.source, Status.NEW, name, entry)
        if found.contact_id < 0:
            earlier = -found.contact_id - 1
            result = merge_drafts(drafts[earlier], draft, source=source_name)
            status, reason = _status(found, result.changes)
            return Candidate(
                row,
                entry.source,
                status,
                name,
                entry,
                reason=f"{reason} as row {earlier + 1} of this file",
                match_row=earlier,
                match_name=names[earlier],
                changes=result.changes,
            )
        current = existing.get(found.contact_id)
        if current is None:  # deleted meanwhile: it is new after all
            return Candidate(row, entry.source, Status.NEW, name, entry)
        result = merge_drafts(current, draft, source=source_name)
        status, reason = _status(found, result.changes)
        return Candidate(
            row,
            entry.source,
            status,
            name,
            entry,
            reason=reason,
            match_id=found.contact_id,
            match_name=current.display_name(),
            changes=result.changes,
        )


def _status(found: Match, changes: list[str]) -> tuple[Status, str]:
    """A likely match is a duplicate; a name-only match is a possible one, unless everything
    the entry says is already there (nothing is lost by skipping it: a re-imported file)."""
    if found.likely:
        return Status.DUPLICATE, found.reason
    if not changes:
        return Status.DUPLICATE, f"{found.reason}, and nothing else differs"
    return Status.POSSIBLE, found.reason


def review_file(path: Path | str) -> list[Candidate]:
    """Every candidate of a file at once (for scripts and the command line)."""
    return list(ImportReview(path).candidates())
