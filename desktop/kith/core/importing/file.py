"""Reading a file to import: its bytes as text, and the entries every importer yields."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kith.core.contacts import (
    MAX_TAG_LENGTH,
    ChannelDraft,
    ContactDraft,
    channel_error,
    validate,
)

#: Larger files are refused before reading: no address book export comes near this.
MAX_IMPORT_BYTES = 256 * 1024 * 1024

#: Photos larger than this are left out of an import (Kith keeps small thumbnails).
MAX_PHOTO_BYTES = 2 * 1024 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """A file Kith cannot import at all; the message is meant for the user."""


class EncryptedBackupError(ImportFileError):
    """An encrypted Kith backup (of an encrypted database) that the key given, or the open
    database's, does not open: reading it needs the passphrase or the recovery key of the
    database it was made from. ``key_given``: whether a key was given for it (and did not
    open it). The message is for the user."""

    def __init__(self, message: str, *, key_given: bool) -> None:
        super().__init__(message)
        self.key_given = key_given


#: A relation's word (RELATED's TYPE, Apple's label…) → Kith's kind; others are "knows".
RELATION_KINDS = {
    **dict.fromkeys(
        (
            "spouse",
            "partner",
            "wife",
            "husband",
            "child",
            "son",
            "daughter",
            "parent",
            "mother",
            "father",
            "sibling",
            "brother",
            "sister",
            "kin",
            "sweetheart",
        ),
        "family",
    ),
    **dict.fromkeys(("friend", "crush", "date", "muse"), "friend"),
    **dict.fromkeys(
        ("co-worker", "colleague", "manager", "assistant", "boss", "agent"), "colleague"
    ),
}


@dataclass(frozen=True)
class RelatedPerson:
    """Someone a card says the person is related to (RELATED…), as the card says it.

    ``who`` is a uid (``urn:uuid:…`` or bare) or a name; ``word`` the relation as written
    ("spouse", "friend"). ``kind``, ``note`` and ``since`` are Kith's own relationship,
    when another Kith wrote the line (``X-KITH-KIND``, ``X-KITH-NOTE``, ``X-KITH-SINCE``).
    """

    who: str
    word: str
    kind: str | None = None
    note: str | None = None
    since: date | None = None

    def relationship(self) -> tuple[str, str, date | None]:
        """(kind, note, since) of the relationship this line stands for: another Kith's own,
        else the word's kind ("spouse" → family) with the word as the note."""
        from kith.store.models import RELATIONSHIP_KINDS

        if self.kind in RELATIONSHIP_KINDS:
            return self.kind, self.note or "", self.since
        return RELATION_KINDS.get(self.word.lower(), "knows"), self.word, self.since


@dataclass
class ParsedContact:
    """One person read from a file, ready for review: a draft plus where it came from.

    ``source`` names the place in the file ("card 3 (line 41)", "line 7") for messages;
    ``end`` is the character offset just after it, for progress. ``uid`` is the file's own
    stable id for the person (a vCard UID, a Kith backup uid), if it has one;
    ``introduced_by_uid`` the uid of whoever introduced them, when the file says.
    ``warnings`` say what was left out or moved to the notes, in plain words; ``card`` is
    the vCard text a contact read from a vCard came from.
    """

    draft: ContactDraft
    source: str
    end: int = 0
    uid: str | None = None
    introduced_by_uid: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The vCard's own text, kept with the contact (``importing.original_card``).
    card: str | None = None
    #: (relation, who) the file names: ("spouse", "Jorge Fernández"), ("friend",
    #: "urn:uuid:…"); one naming someone in Kith becomes a relationship on import.
    relations: list[tuple[str, str]] = field(default_factory=list)
    #: The RELATED lines in full (Kith's own relationship facts too), for sync.
    related: list[RelatedPerson] = field(default_factory=list)
    #: When the card says the person was added (CREATED, naive UTC), if it does.
    created: datetime | None = None


@dataclass
class InvalidEntry:
    """A card or row that cannot become a contact, with the reason for the user."""

    source: str
    reason: str
    end: int = 0
    name: str = ""


Entry = ParsedContact | InvalidEntry


def read_import_bytes(path: Path | str) -> bytes:
    """The bytes of ``path``; :class:`ImportFileError` says plainly why it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ImportFileError(f"“{path.name}” is a folder, not a file to import.")
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFileError(
                f"“{path.name}” is {size / 1e6:.0f} MB, too large to be an address book export."
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(f"There is no file “{path}”.") from exc
    except PermissionError as exc:
        raise ImportFileError(f"Kith is not allowed to read “{path}”.") from exc
    except OSError as exc:
        raise ImportFileError(f"Kith cannot read “{path}”: {exc.strerror or exc}.") from exc


def _looks_utf16(data: bytes) -> str | None:
    """utf-16-le/-be for BOM-less UTF-16 text (mostly ASCII, so every other byte is 0)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) // 2)
    odd_zero = sample[1::2].count(0) / (len(sample) // 2)
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Decode an import file: (text, encoding used).

    Tries, in order: a byte-order mark (UTF-8, UTF-16), BOM-less UTF-16, UTF-8, and
    Windows-1252 (what older Outlook and Excel write). Raises :class:`ImportFileError` for
    an empty or binary file.
    """
    if not data.strip():
        raise ImportFileError(f"“{name}” is empty.")
    text: str | None = None
    encoding = ""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _looks_utf16(data) or ""
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data[:65536]:
            raise _binary(name)
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            encoding = "latin-1"
            text = data.decode(encoding)
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise _binary(name)
    return text, encoding


def _binary(name: str) -> ImportFileError:
    return ImportFileError(
        f"“{name}” is not a text file Kith can import. Kith reads vCard (.vcf), CSV "
        "(Google, Outlook, LinkedIn or any with a name column) and Kith JSON backups."
    )


def _note_lines(notes: str, lines: list[str]) -> str:
    extra = "\n".join(line for line in lines if line and line not in notes)
    if not extra:
        return notes
    return f"{notes}\n\n{extra}" if notes.strip() else extra


def _once_each(channels: list[ChannelDraft]) -> list[ChannelDraft]:
    """The channels without repeats: an email in another case, a number written another way
    (the same E.164 number) are one channel; the first keeps a label a repeat has."""
    from kith.core.merge import channel_key

    # Only a kind given more than once can repeat (a key holds its kind): only those
    # channels need their key (a phone's is a parse).
    seen: set[str] = set()
    repeated: set[str] = set()
    for channel in channels:
        (repeated if channel.kind in seen else seen).add(channel.kind)
    first: dict[tuple[str, str], ChannelDraft] = {}
    for channel in channels:
        key = channel_key(channel) if channel.kind in repeated else (channel.kind, "")
        if key not in first:
            first[key] = channel
        elif not first[key].label.strip() and channel.label.strip():
            first[key].label = channel.label
    return list(first.values())


def finish_entry(
    draft: ContactDraft,
    source: str,
    *,
    end: int = 0,
    uid: str | None = None,
    introduced_by_uid: str | None = None,
    warnings: list[str] | None = None,
    extra_notes: list[str] | None = None,
) -> Entry:
    """Check a parsed draft and repair what an import can repair.

    A draft without a name is an :class:`InvalidEntry`. A channel given twice (an email in
    another case, a number written another way) is kept once. Anything else the form would reject
    (an email without @, an impossible birthday, an over-long tag) is moved into the notes,
    with a warning, so the person can still be imported and nothing is lost.
    """
    warnings = list(warnings or [])
    notes_extra = list(extra_notes or [])
    draft.full_name = " ".join(draft.full_name.split())
    if not draft.display_name():
        hint = next((c.value for c in draft.channels if c.value.strip()), "") or draft.company
        detail = f" (only {hint})" if hint else ""
        return InvalidEntry(source, f"{source.capitalize()} has no name{detail}.", end, hint)
    kept = []
    for channel in draft.channels:
        value = channel.value.strip()
        if not value:
            continue
        problem = channel_error(channel.kind, value)
        if problem:
            label = {"email": "Email", "phone": "Phone", "url": "Link"}.get(channel.kind, "Channel")
            notes_extra.append(f"{label}: {value}")
            warnings.append(f"“{value}” is not a valid {channel.kind}; it was kept in the notes.")
            continue
        channel.value = value
        kept.append(channel)
    draft.channels = _once_each(kept)
    long_tags = [t for t in draft.tags if len(t.strip()) > MAX_TAG_LENGTH]
    if long_tags:
        draft.tags = [t for t in draft.tags if len(t.strip()) <= MAX_TAG_LENGTH]
        notes_extra.extend(f"Group: {t}" for t in long_tags)
        warnings.append("Group names over 40 characters were kept in the notes, not as tags.")
    errors = validate(draft)
    if "birthday" in errors:
        parts = [draft.birthday_year, draft.birthday_month, draft.birthday_day]
        text = "-".join("?" if p is None else f"{p:02d}" for p in parts)
        notes_extra.append(f"Birthday: {text}")
        warnings.append(f"The birthday {text} is not a real date; it was kept in the notes.")
        draft.birthday_year = draft.birthday_month = draft.birthday_day = None
    if draft.met_on is not None and draft.met_on > date.today():
        notes_extra.append(f"Met on: {draft.met_on.isoformat()}")
        draft.met_on = None
    draft.notes = _note_lines(draft.notes.strip(), notes_extra)
    return ParsedContact(
        draft=draft,
        source=source,
        end=end,
        uid=uid,
        introduced_by_uid=introduced_by_uid,
        warnings=warnings,
    )


def sniff_image(data: bytes) -> str | None:
    """The MIME type of a JPEG, PNG, GIF or WebP image, or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def checked_photo(data: bytes, warnings: list[str]) -> bytes | None:
    """``data`` if it is an image Kith can keep; otherwise None and a warning."""
    if sniff_image(data) is None:
        warnings.append("The photo is not a JPEG, PNG, GIF or WebP image; it was left out.")
        return None
    if len(data) > MAX_PHOTO_BYTES:
        warnings.append(f"The photo is {len(data) / 1e6:.1f} MB, too large; it was left out.")
        return None
    return data
