"""Applying an import: the user's decisions (skip, add, merge) written in one transaction.

Either every decision is applied, or — when the user cancels or anything fails — nothing
is: the database is exactly as it was before. New people go in with batched inserts
(:func:`kith.core.contacts.save_contacts`), so ten thousand cards take about a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kith.core.backups import BackupError, backup_before
from kith.core.contacts import ContactDraft, reindex_contacts, save_contacts
from kith.core.errors import ValidationError
from kith.core.importing.file import RELATION_KINDS
from kith.core.importing.original_card import (
    Saved,
    keep_cards,
    refresh_fingerprints,
    stored_cards,
)
from kith.core.importing.review import Action, Candidate, Status
from kith.core.merge import MergeFailed, merge_many
from kith.store.changes import writing
from kith.store.models import Contact, Relationship, database_proxy

#: New contacts written per batch; progress and cancelling are checked between batches.
BATCH = 1000


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class ImportApplyError(Exception):
    """The import could not be written (nothing was); the message is meant for the user."""


@dataclass
class Decision:
    """What to do with one candidate. ``merge_into`` overrides the matched contact."""

    candidate: Candidate
    action: Action
    merge_into: int | None = None


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    skipped: int = 0
    #: Merged-into people who had no kept card and got the file's (undo takes it back).
    carded: list[int] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.merged)} merged"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return ", ".join(parts)


def default_decisions(candidates: Iterable[Candidate]) -> list[Decision]:
    """Each candidate with its default action (add new, merge changed duplicates, skip rest)."""
    return [Decision(c, c.default_action) for c in candidates]


def _free_uids(uids: Sequence[str | None]) -> list[str | None]:
    """The file's uids where no stored contact (nor an earlier row) already has them, under
    either spelling (``X``, ``urn:uuid:X``)."""
    from kith.core.importing.vcard import uid_variants

    wanted = [v for u in uids if u for v in uid_variants(u)]
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        taken.update(
            row[0]
            for row in database_proxy.execute_sql(
                f"SELECT uid FROM contact WHERE uid IN ({marks})", chunk
            )
        )
    result: list[str | None] = []
    for uid in uids:
        if uid and not taken.intersection(uid_variants(uid)):
            taken.update(uid_variants(uid))
            result.append(uid)
        else:
            result.append(None)
    return result


def apply_import(
    decisions: Iterable[Decision],
    *,
    source: str = "",
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Write the decisions in one transaction and say what was done.

    ``source`` (the file's name) heads the notes lines that keep conflicting values.
    ``should_cancel`` is polled between batches; when it returns True everything is rolled
    back and :class:`ImportCancelled` is raised. ``progress(done, total)`` is called as
    contacts are written. Invalid candidates are always skipped. A backup of the database is
    taken first (:func:`kith.core.backups.backup_before`); when it cannot be written, nothing
    is imported (:class:`ImportApplyError`).
    """
    decisions = list(decisions)
    by_row = {d.candidate.row: d for d in decisions}
    result = ImportResult()
    adds: list[Candidate] = []
    merges: list[tuple[Candidate, int | tuple[str, int]]] = []
    # Where each row ends up: a stored contact's id, or ("row", r) for a row added now.
    target: dict[int, int | tuple[str, int]] = {}
    for decision in sorted(decisions, key=lambda d: d.candidate.row):
        candidate = decision.candidate
        if candidate.parsed is None or candidate.status == Status.INVALID:
            result.skipped += 1
            continue
        action = decision.action
        if action == Action.MERGE:
            into: int | tuple[str, int] | None = decision.merge_into or candidate.match_id
            if into is None and candidate.match_row is not None:
                into = target.get(candidate.match_row)
                earlier = by_row.get(candidate.match_row)
                if into is None and earlier is not None and earlier.action == Action.SKIP:
                    action = Action.ADD  # the row it duplicates is skipped: this one is new
            if into is None and action == Action.MERGE:
                action = Action.ADD
            if action == Action.MERGE:
                assert into is not None
                merges.append((candidate, into))
                target[candidate.row] = into
                continue
        if action == Action.ADD:
            adds.append(candidate)
            target[candidate.row] = ("row", candidate.row)
        else:
            result.skipped += 1
    total = len(adds) + len(merges)
    done = 0
    cancel = should_cancel or (lambda: False)
    tables = (
        "contact",
        "contact_method",
        "contact_card",
        "tag",
        "contact_tag",
        "goal_contact",
        "interaction_contact",
        "follow_up",
        "relationship",
        "contact_index",
    )
    if total:
        try:
            backup_before("import")
        except BackupError as exc:
            raise ImportApplyError(f"Nothing was imported. {exc}") from exc
    with writing(*tables):
        new_ids: dict[int, int] = {}
        merged_ids: set[int] = set()
        # What each added person's kept card says — (draft, uid, introducer's uid) — for
        # refresh_fingerprints to compare with what was saved (no fingerprint in between).
        saved: dict[int, Saved] = {}
        uids = _free_uids([c.parsed.uid if c.parsed else None for c in adds])
        for start in range(0, len(adds), BATCH):
            if cancel():
                raise ImportCancelled()
            chunk = adds[start : start + BATCH]
            drafts: list[ContactDraft] = [c.parsed.draft for c in chunk if c.parsed]
            try:
                ids = save_contacts(drafts, uids=uids[start : start + BATCH])
            except ValidationError as exc:
                raise ImportApplyError(_explain(exc, chunk)) from exc
            kept: dict[int, tuple[str, str]] = {}
            for candidate, contact_id, uid in zip(
                chunk, ids, uids[start : start + BATCH], strict=True
            ):
                new_ids[candidate.row] = contact_id
                parsed = candidate.parsed
                if parsed is not None and parsed.card:
                    # Saved as read: the kept card goes out unchanged until Kith edits them.
                    kept[contact_id] = (parsed.card, "")
                    if uid:
                        saved[contact_id] = (parsed.draft, uid, parsed.introduced_by_uid)
            keep_cards(kept)
            result.added.extend(ids)
            done += len(chunk)
            if progress:
                progress(done, total)
        # The merges in batches (merge_many reads and writes each batch at once), in order.
        added_ids = set(new_ids.values())
        targets = [new_ids[into[1]] if isinstance(into, tuple) else into for _, into in merges]
        carded = set(stored_cards(set(targets)))
        for start in range(0, len(merges), BATCH):
            if cancel():
                raise ImportCancelled()
            batch = merges[start : start + BATCH]
            batch_targets = targets[start : start + BATCH]
            items = []
            for (candidate, _into), contact_id in zip(batch, batch_targets, strict=True):
                assert candidate.parsed is not None
                items.append((contact_id, candidate.parsed.draft))
            try:
                merge_many(items, source=source)
            except MergeFailed as exc:
                candidate = batch[exc.index][0]
                raise ImportApplyError(
                    f"{candidate.source.capitalize()} ({candidate.name}) could not be merged: {exc}"
                ) from exc
            cards: dict[int, tuple[str, str]] = {}
            for (candidate, _into), contact_id in zip(batch, batch_targets, strict=True):
                assert candidate.parsed is not None
                if candidate.parsed.card and contact_id not in carded:
                    # The person's first card is kept; a later one is not.
                    carded.add(contact_id)
                    cards[contact_id] = (candidate.parsed.card, "")
                    if contact_id not in added_ids:
                        result.carded.append(contact_id)
                if contact_id not in merged_ids:
                    merged_ids.add(contact_id)
                    result.merged.append(contact_id)
            keep_cards(cards)
            done += len(batch)
            if progress:
                progress(done, total)
        # The merged people's search rows, all at once (each merge left its own out).
        reindex_contacts(sorted(merged_ids))
        _link_introducers(adds, merges, new_ids)
        _introduced_as_saved(adds, new_ids, uids, saved)
        _link_relations(adds, new_ids)
        refresh_fingerprints(new_ids.values(), saved)
        if cancel():
            raise ImportCancelled()
    return result


def _explain(exc: ValidationError, chunk: Sequence[Candidate]) -> str:
    problems = []
    for key, message in exc.errors.items():
        index, _, _field = key.partition(".")
        candidate = chunk[int(index)] if index.isdigit() and int(index) < len(chunk) else None
        where = f"{candidate.source} ({candidate.name})" if candidate else key
        problems.append(f"{where}: {message}")
    return "Nothing was imported. " + "; ".join(problems)


def _introduced_as_saved(
    adds: Sequence[Candidate],
    new_ids: dict[int, int],
    uids: Sequence[str | None],
    saved: dict[int, Saved],
) -> None:
    """What the kept cards of added people whose introducer was just linked (from the card's
    own X-KITH-INTRODUCED-BY) say, now with that link: still their cards unchanged, so they
    keep the export's fast path."""
    from kith.core.contacts import load_drafts
    from kith.core.importing.vcard import uid_variants

    wanted = {
        new_ids[c.row]: (c.parsed.introduced_by_uid, uid)
        for c, uid in zip(adds, uids, strict=True)
        if c.parsed is not None and c.parsed.card and c.parsed.introduced_by_uid and uid
    }
    if not wanted:
        return
    drafts = load_drafts(wanted)
    introducers = {d.introduced_by_id for d in drafts.values() if d.introduced_by_id}
    stored = dict(
        Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(list(introducers))).tuples()
    )
    for contact_id, draft in drafts.items():
        named, uid = wanted[contact_id]
        introducer = stored.get(draft.introduced_by_id)
        if introducer is not None and named is not None and introducer in uid_variants(named):
            saved[contact_id] = (draft, uid, introducer)


def _link_introducers(
    adds: Sequence[Candidate],
    merges: Sequence[tuple[Candidate, int | tuple[str, int]]],
    new_ids: dict[int, int],
) -> None:
    """Point "introduced by" at the file's introducer (by uid) where the contact has none."""
    wanted: list[tuple[int, str]] = []
    for candidate in adds:
        if candidate.parsed and candidate.parsed.introduced_by_uid:
            wanted.append((new_ids[candidate.row], candidate.parsed.introduced_by_uid))
    for candidate, into in merges:
        if candidate.parsed and candidate.parsed.introduced_by_uid:
            contact_id = new_ids[into[1]] if isinstance(into, tuple) else into
            wanted.append((contact_id, candidate.parsed.introduced_by_uid))
    if not wanted:
        return
    from kith.core.importing.vcard import uid_variants

    uids = sorted({v for _, uid in wanted for v in uid_variants(uid)})
    found: dict[str, int] = {}
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        found.update(Contact.select(Contact.uid, Contact.id).where(Contact.uid.in_(chunk)).tuples())
    for contact_id, uid in wanted:
        introducer = next((found[v] for v in uid_variants(uid) if v in found), None)
        if introducer is not None and introducer != contact_id:
            database_proxy.execute_sql(
                "UPDATE contact SET introduced_by_id = ? WHERE id = ? AND introduced_by_id IS NULL",
                (introducer, contact_id),
            )


def _link_relations(adds: Sequence[Candidate], new_ids: dict[int, int]) -> None:
    """A relation naming someone in Kith (by uid, or the one person with that exact name)
    becomes a relationship of an added person; its word (spouse, manager…) is its note.
    Others stay as lines in the notes (and on the kept card)."""
    from kith.core.importing.vcard import uid_variants
    from kith.core.text import fold

    wanted = []
    for c in adds:
        if c.parsed is None:
            continue
        facts = {r.who: r.relationship() for r in c.parsed.related}
        for word, who in c.parsed.relations:
            said = facts.get(who, (RELATION_KINDS.get(word.lower(), "knows"), word, None))
            wanted.append((new_ids[c.row], said, who))
    if not wanted:
        return
    names: dict[str, list[int]] = {}
    for contact_id, full_name in Contact.select(Contact.id, Contact.full_name).tuples():
        names.setdefault(fold(" ".join(full_name.split())), []).append(contact_id)
    for contact_id, (kind, note, since), who in wanted:
        found = Contact.select(Contact.id).where(Contact.uid.in_(uid_variants(who))).scalar()
        if found is None:
            same = names.get(fold(" ".join(who.split())), [])
            found = same[0] if len(same) == 1 else None
        if found is None or found == contact_id:
            continue
        a, b = min(contact_id, found), max(contact_id, found)
        Relationship.insert(
            a=a, b=b, kind=kind, note=note, since=since
        ).on_conflict_ignore().execute()
