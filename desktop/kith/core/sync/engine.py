"""Two-way sync of one account: contacts ⇄ vCards, follow-ups → VTODOs, birthdays → VEVENTs.

Kith's database is the truth on this machine; the server is how machines (and phones) meet.
Each sync runs in two phases per collection:

1. **Pull**: ask what changed on the server since the last sync (RFC 6578 sync token; else
   the collection's ctag and every member's ETag), fetch only those resources (multiget),
   and apply them — new cards are first matched against existing contacts (UID, then
   email, phone, name) instead of duplicated; a card changed on both sides is merged field
   by field (:mod:`kith.core.sync.contact_merge`); a card deleted on the server deletes the
   contact unless it was edited here since (then it is sent again).
2. **Push**: send what changed here since the last sync — new contacts, edits, deletes
   (guarded by ETags so a concurrent server edit is never overwritten), open follow-ups as
   VTODOs and birthdays as yearly VEVENTs.

Every resource's state (href, ETag, the text last exchanged, a fingerprint of the local
record) is written in the same transaction as the local change it goes with, so a sync cut
off at any point (offline, server killed) loses nothing: the next one picks up where it
stopped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from kith.core.contacts import ContactDraft, delete_contacts, save_contact
from kith.core.importing.file import RelatedPerson
from kith.core.sync.accounts import (
    Account,
    PasswordStore,
    move_credentials_out,
    password_store,
    record_result,
)
from kith.core.sync.dav import (
    CONTACTS,
    VCARD_TYPE,
    Changes,
    DavClient,
)
from kith.core.sync.errors import (
    PasswordMissingError,
    PreconditionFailed,
    ReportNotSupported,
    SyncError,
    SyncTokenInvalid,
)
from kith.store.changes import writing
from kith.store.models import (
    CONTACT_TABLES,
    Contact,
    Relationship,
    SyncCollection,
    SyncResource,
    utcnow,
)

CONTACT = "contact"
FOLLOW_UP = "follow_up"
BIRTHDAY = "birthday"
#: A server resource Kith cannot read (remembered so it is not fetched again and again).
UNREADABLE = "unreadable"

#: Contacts whose vCards are built together when sending.
_TEXT_BATCH = 200

#: Called with (done, total, what) as resources move; total grows when a phase starts.
Progress = Callable[[int, int, str], None]

_CONTACT_TABLES = ("sync_resource", *CONTACT_TABLES)


@dataclass
class SyncReport:
    """What one sync moved, for the status line and ``kith sync``."""

    account: str
    sent: int = 0
    received: int = 0
    matched: int = 0
    deleted_on_server: int = 0
    deleted_here: int = 0
    conflicts: int = 0
    goals_sent: int = 0
    goals_received: int = 0
    goals_deleted_here: int = 0
    tag_cadences_sent: int = 0
    tag_cadences_received: int = 0
    interactions_sent: int = 0
    interactions_received: int = 0
    interactions_deleted_here: int = 0
    follow_ups_sent: int = 0
    follow_ups_received: int = 0
    follow_ups_deleted_here: int = 0
    completed_here: int = 0
    dropped_here: int = 0
    birthdays_sent: int = 0
    dates_sent: int = 0
    calendar_deleted: int = 0
    requests: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        parts = [
            (self.received, "contact received", "contacts received"),
            (self.sent, "contact sent", "contacts sent"),
            (self.matched, "contact matched on first sync", "contacts matched on first sync"),
            (self.deleted_here, "contact deleted here", "contacts deleted here"),
            (self.deleted_on_server, "contact deleted on the server", "contacts deleted there"),
            (self.conflicts, "conflict merged (see the notes)", "conflicts merged (see notes)"),
            (self.goals_received, "goal received", "goals received"),
            (self.goals_sent, "goal sent", "goals sent"),
            (self.goals_deleted_here, "goal deleted here", "goals deleted here"),
            (self.tag_cadences_received, "tag cadence received", "tag cadences received"),
            (self.tag_cadences_sent, "tag cadence sent", "tag cadences sent"),
            (self.interactions_received, "interaction received", "interactions received"),
            (self.interactions_sent, "interaction sent", "interactions sent"),
            (
                self.interactions_deleted_here,
                "interaction deleted here",
                "interactions deleted here",
            ),
            (self.follow_ups_received, "follow-up received", "follow-ups received"),
            (self.follow_ups_sent, "follow-up sent", "follow-ups sent"),
            (self.follow_ups_deleted_here, "follow-up deleted here", "follow-ups deleted here"),
            (self.completed_here, "follow-up completed on the server", "follow-ups completed"),
            (self.dropped_here, "follow-up cancelled on the server", "follow-ups cancelled"),
            (self.birthdays_sent, "birthday sent", "birthdays sent"),
            (self.dates_sent, "anniversary or date sent", "anniversaries and dates sent"),
            (self.calendar_deleted, "calendar entry removed", "calendar entries removed"),
        ]
        return [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]

    @property
    def moved(self) -> bool:
        return bool(self.lines())

    def summary(self) -> str:
        lines = self.lines()
        if not lines:
            return f"{self.account}: everything is up to date."
        return f"{self.account}: " + ", ".join(lines) + "."


# --- texts and fingerprints ---------------------------------------------------------------------

_VOLATILE = re.compile(r"^(REV|PRODID|DTSTAMP)[;:].*$", re.MULTILINE | re.IGNORECASE)
_REV = re.compile(r"^REV[^:\r\n]*:(\d{8}T\d{6})Z?\s*$", re.MULTILINE | re.IGNORECASE)


def fingerprint(text: str) -> str:
    """A hash of a resource's text that ignores when it was written (REV, DTSTAMP)."""
    stable = _VOLATILE.sub("", text.replace("\r\n", "\n"))
    return hashlib.sha256(stable.encode("utf-8")).hexdigest()


def _revision(text: str) -> datetime | None:
    match = _REV.search(text)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def _slug(uid: str) -> str:
    return quote(re.sub(r"[^A-Za-z0-9._@-]", "-", uid), safe="@")


@dataclass
class _Card:
    draft: ContactDraft
    uid: str | None
    introducer_uid: str | None
    #: The card's RELATED lines.
    related: list[RelatedPerson] = field(default_factory=list)
    #: CREATED: when the person was added (on another computer, or a phone).
    created: datetime | None = None


def _read_card(text: str) -> _Card:
    from kith.core.importing.vcard import parse_vcard

    parsed = parse_vcard(text)
    return _Card(parsed.draft, parsed.uid, parsed.introduced_by_uid, parsed.related, parsed.created)


def _references(related: list[RelatedPerson]) -> dict[str, RelatedPerson]:
    """The card's RELATED lines that point to a person (``urn:uuid:X``), by X."""
    return {r.who[9:]: r for r in related if r.who.lower().startswith("urn:uuid:")}


def _contact_with_uid(uid: str) -> Contact | None:
    """The contact with this uid under either spelling (``X``, ``urn:uuid:X``)."""
    from kith.core.importing.vcard import uid_variants

    return Contact.select().where(Contact.uid.in_(uid_variants(uid))).order_by(Contact.id).first()


# --- the engine ---------------------------------------------------------------------------------


class SyncEngine:
    """Syncs one account's chosen address book and calendar through one DAV client."""

    def __init__(
        self,
        account: Account,
        dav: DavClient,
        *,
        progress: Progress | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.account = account
        self.dav = dav
        self.progress = progress
        self.now = now
        self.report = SyncReport(account.name)
        self._done = 0
        self._total = 0
        self._matcher: Any = None
        self._contacts: dict[str, tuple[int, datetime]] = {}
        self._linked: set[str] = set()
        #: Pairs whose relationship conflict this sync settled (both people's cards say it).
        self._settled_pairs: set[tuple[int, int]] = set()

    def run(self) -> SyncReport:
        if self.account.addressbook_url:
            self.sync_contacts(self.account.addressbook_url)
        if self.account.calendar_url:
            self.sync_calendar(self.account.calendar_url)
        self.report.requests = self.dav.request_count
        return self.report

    # --- shared -------------------------------------------------------------------------------

    def _tick(self, what: str, count: int = 1) -> None:
        self._done += count
        if self.progress is not None:
            self.progress(self._done, max(self._total, self._done), what)

    def _plan(self, count: int) -> None:
        self._total += count
        if self.progress is not None and count:
            self.progress(self._done, self._total, "")

    def _collection(self, url: str) -> SyncCollection:
        row = SyncCollection.get_or_none(
            (SyncCollection.account == self.account.id) & (SyncCollection.url == url)
        )
        if row is None:
            with writing("sync_collection"):
                row = SyncCollection.create(account=self.account.id, url=url)
        return row

    def _changes(
        self, collection: SyncCollection, url: str, state: dict[str, SyncResource]
    ) -> Changes:
        """What changed on the server since the last sync (only what really differs)."""
        full = False
        try:
            changes = self.dav.sync_collection(url, collection.sync_token)
            full = collection.sync_token is None
        except SyncTokenInvalid:
            changes = self.dav.sync_collection(url, None)
            full = True
        except ReportNotSupported:
            _token, ctag = self.dav.collection_tags(url)
            if ctag and ctag == collection.ctag:
                return Changes(None, {}, set())
            changes = Changes(None, self.dav.etags(url), set())
            collection.ctag = ctag
            full = True
        if full:
            changes.deleted |= {href for href in state if href not in changes.changed}
        changes.changed = {
            href: etag
            for href, etag in changes.changed.items()
            if href not in state or state[href].etag != etag
        }
        changes.deleted &= set(state)
        return changes

    def _etag_after_put(self, href: str, etag: str | None) -> str | None:
        if etag:
            return etag
        found = self.dav.get(href)
        return found[0] if found else None

    def _save_collection(self, collection: SyncCollection, token: str | None) -> None:
        with writing("sync_collection"):
            SyncCollection.update(sync_token=token, ctag=collection.ctag).where(
                SyncCollection.id == collection.id
            ).execute()

    # --- contacts -----------------------------------------------------------------------------

    def _contact_ids(self) -> dict[str, tuple[int, datetime]]:
        return {
            uid: (cid, updated)
            for cid, uid, updated in Contact.select(
                Contact.id, Contact.uid, Contact.updated_at
            ).tuples()
        }

    def _local_text(self, contact_id: int) -> str:
        from kith.core.importing.vcard import contact_to_vcard

        return contact_to_vcard(contact_id)

    def _local_texts(self, contact_ids: list[int]) -> dict[int, str]:
        """The vCards of many contacts at once (the push's batch form of :meth:`_local_text`)."""
        from kith.core.importing.vcard import contact_vcards

        return contact_vcards(contact_ids)

    def _local_card(self, contact_id: int) -> ContactDraft:
        """The contact as its vCard says it (the form every comparison uses)."""
        return self._resolved(_read_card(self._local_text(contact_id)))

    def _resolved(self, card: _Card) -> ContactDraft:
        draft = card.draft
        draft.introduced_by_id = None
        if card.introducer_uid:
            row = _contact_with_uid(card.introducer_uid)
            draft.introduced_by_id = row.id if row is not None else None
        return draft

    def _name_of(self, contact_id: int) -> str:
        row = Contact.get_or_none(Contact.id == contact_id)
        return row.full_name if row is not None else "someone no longer in Kith"

    def _state_row(self, collection: SyncCollection, href: str, **values: Any) -> None:
        values = {"synced_at": utcnow(), **values}
        updated = (
            SyncResource.update(**values)
            .where((SyncResource.collection == collection.id) & (SyncResource.href == href))
            .execute()
        )
        if not updated:
            SyncResource.insert(collection=collection.id, href=href, **values).execute()

    def _save_local(
        self,
        draft: ContactDraft,
        contact_id: int | None,
        uid: str | None,
        created: datetime | None = None,
    ) -> int:
        """Save a card's contact; a new one keeps when the card says it was added (CREATED),
        so both computers agree on it."""
        if contact_id is None and uid and Contact.select().where(Contact.uid == uid).exists():
            uid = None  # that uid is another contact's: this one gets its own
        saved = save_contact(draft, contact_id, uid=uid if contact_id is None else None)
        if contact_id is None and created is not None and created <= utcnow():
            Contact.update(created_at=created).where(Contact.id == saved).execute()
        return saved

    def sync_contacts(self, url: str) -> None:
        collection = self._collection(url)
        state = {
            r.href: r for r in SyncResource.select().where(SyncResource.collection == collection)
        }
        changes = self._changes(collection, url, state)
        self._plan(len(changes.changed) + len(changes.deleted))
        self._contacts = self._contact_ids()
        self._linked = {
            r.local_uid
            for r in SyncResource.select(SyncResource.local_uid).where(
                (SyncResource.collection == collection.id) & (SyncResource.kind == CONTACT)
            )
        }
        pending_introducers: dict[int, str] = {}
        paths = list(changes.changed)
        from kith.core.sync.dav import MULTIGET_BATCH

        for start in range(0, len(paths), MULTIGET_BATCH):
            batch = self.dav.multiget(url, CONTACTS, paths[start : start + MULTIGET_BATCH])
            for href in paths[start : start + MULTIGET_BATCH]:
                if href in batch:
                    etag, text = batch[href]
                    self._pull_contact(collection, href, etag, text, state, pending_introducers)
                self._tick("Receiving contacts")
        for href in changes.deleted:
            self._remote_contact_deleted(collection, state[href])
            self._tick("Receiving contacts")
        if pending_introducers:
            with writing("contact"):
                for contact_id, introducer_uid in pending_introducers.items():
                    introducer = _contact_with_uid(introducer_uid)
                    if introducer is not None and introducer.id != contact_id:
                        Contact.update(introduced_by=introducer.id).where(
                            Contact.id == contact_id
                        ).execute()
        self._save_collection(collection, changes.token)
        self._push_contacts(collection, url)

    def _matcher_for(self) -> Any:
        if self._matcher is None:
            from kith.core.merge import ContactMatcher

            self._matcher = ContactMatcher()
        return self._matcher

    def _pull_contact(
        self,
        collection: SyncCollection,
        href: str,
        etag: str,
        text: str,
        state: dict[str, SyncResource],
        pending_introducers: dict[int, str],
    ) -> None:
        from kith.core.errors import ValidationError
        from kith.core.importing.vcard import VCardError

        row = state.get(href)
        try:
            card = _read_card(text)
            self._apply_card(collection, href, etag, text, card, row, pending_introducers)
        except (VCardError, ValidationError) as exc:
            self._skip(collection, href, etag, row, str(exc))

    def _skip(
        self,
        collection: SyncCollection,
        href: str,
        etag: str,
        row: SyncResource | None,
        reason: str,
    ) -> None:
        """A card Kith cannot use: say so, and do not fetch this version again.

        A contact already linked to it keeps its local values (and sends them on its next
        change); an unknown card is remembered as unreadable.
        """
        name = href.rsplit("/", 1)[-1]
        self.report.notes.append(f"{name} on the server was skipped: {reason}")
        with writing("sync_resource"):
            if row is not None and row.kind == CONTACT:
                self._state_row(collection, href, etag=etag)
            else:
                self._state_row(
                    collection, href, etag=etag, kind=UNREADABLE, local_uid=href, base=""
                )

    def _apply_card(
        self,
        collection: SyncCollection,
        href: str,
        etag: str,
        text: str,
        card: _Card,
        row: SyncResource | None,
        pending_introducers: dict[int, str],
    ) -> None:
        remote = self._resolved(card)
        if card.introducer_uid and remote.introduced_by_id is None:
            introducer_uid: str | None = card.introducer_uid
        else:
            introducer_uid = None
        contacts = self._contacts
        linked = self._linked
        with writing(*_CONTACT_TABLES):
            local_hash: str | None = None
            local_time: datetime | None = None  # the contact's edit time, if changed here too
            if row is None or row.kind != CONTACT:
                contact_id = self._first_sight(remote, card.uid, contacts, linked)
                if contact_id is None:
                    contact_id = self._save_local(remote, None, card.uid, card.created)
                    self._matcher_for().remember(contact_id, remote, card.uid)
                    self.report.received += 1
                else:
                    local_hash = self._matched(contact_id, remote, card.uid)
            elif row.local_uid not in contacts:
                # Deleted here, edited on the server since: the edit wins, it comes back.
                contact_id = self._save_local(remote, None, row.local_uid, card.created)
                self.report.received += 1
            else:
                contact_id, updated = contacts[row.local_uid]
                if self._changed_here(contact_id, updated, row):
                    local_hash = self._conflict(contact_id, updated, row, remote, text)
                    local_time = updated
                else:
                    self._save_local(remote, contact_id, None)
                    self.report.received += 1
            # The server's card is the last seen: Kith's fields go back out written into it,
            # with every property Kith does not model (importing.original_card).
            from kith.core.importing.original_card import keep_cards, kept_card_hash

            base_text = row.base if row is not None and row.kind == CONTACT else ""
            self._apply_relations(
                contact_id, card.related, base_text or "", local_time, _revision(text)
            )
            stored = Contact.get_by_id(contact_id)
            uid = stored.uid
            # While the contact says what the card says, export and the next sync send the
            # card without reading it again (the kept card's fast path).
            introducer = (
                Contact.select(Contact.uid).where(Contact.id == stored.introduced_by_id).scalar()
                if stored.introduced_by_id is not None
                else None
            )
            digest = kept_card_hash(text, contact_id, uid, introducer)
            keep_cards({contact_id: (text, digest)})
            contacts[uid] = (contact_id, stored.updated_at)
            linked.add(uid)
            if local_hash is None or local_hash:  # "" (the server needs ours) stays
                local_hash = fingerprint(self._local_text(contact_id))
            self._state_row(
                collection,
                href,
                etag=etag,
                kind=CONTACT,
                local_uid=uid,
                base=text,
                local_hash=local_hash,
            )
            if introducer_uid:
                pending_introducers[contact_id] = introducer_uid

    def _apply_relations(
        self,
        contact_id: int,
        remote: list[RelatedPerson],
        base_text: str,
        local_time: datetime | None = None,
        remote_time: datetime | None = None,
    ) -> None:
        """What the server's card says of whom the person knows, applied three ways against
        the card as last exchanged (``base_text``, "" on first sight): a RELATED added there
        (naming someone in Kith) becomes a relationship or changes it, one removed there
        removes it. When the contact changed here too (``local_time``, its edit time, given)
        a pair changed on both sides differently keeps the newer edit, and the other goes
        into the person's notes under "Sync conflict" (``merge_relationship``). Inside the
        caller's ``writing`` block; the people's edit times are left alone (the server
        already holds both cards)."""
        from kith.core.contacts import reindex_contacts
        from kith.core.importing.vcard import VCardError, parse_vcard, uid_variants
        from kith.core.sync.contact_merge import (
            Relation,
            merge_relationship,
            with_conflict_lines,
        )

        theirs = _references(remote)
        base: dict[str, RelatedPerson] = {}
        if base_text and "related" in base_text.lower():
            try:
                base = _references(parse_vcard(base_text).related)
            except VCardError:
                base = {}
        changed = {k: r for k, r in theirs.items() if base.get(k) != r}
        removed = [k for k in base if k not in theirs]
        local_wins = local_time is not None and local_time >= (remote_time or self.now())
        lines: list[str] = []
        for key in [*changed, *removed]:
            other = (
                Contact.select(Contact.id)
                .where(Contact.uid.in_(uid_variants(f"urn:uuid:{key}")))
                .order_by(Contact.id)
                .scalar()
            )
            if other is None or other == contact_id:
                continue
            a, b = min(contact_id, other), max(contact_id, other)
            if (a, b) in self._settled_pairs:
                continue  # the other person's card settled a conflict over it in this sync
            wanted: Relation = None if key in removed else changed[key].relationship()
            if local_time is not None:
                row = Relationship.get_or_none(Relationship.a == a, Relationship.b == b)
                here: Relation = None if row is None else (row.kind, row.note or "", row.since)
                was = base[key].relationship() if key in base else None
                wanted, line = merge_relationship(
                    was, here, wanted, local_wins=local_wins, other=self._name_of(other)
                )
                if line is not None:
                    self._settled_pairs.add((a, b))
                    self.report.conflicts += 1
                    lines.append(line)
                if wanted == here:
                    continue
            if wanted is None:
                Relationship.delete().where(Relationship.a == a, Relationship.b == b).execute()
                continue
            kind, note, since = wanted
            Relationship.insert(a=a, b=b, kind=kind, note=note, since=since).on_conflict(
                conflict_target=[Relationship.a, Relationship.b],
                update={
                    Relationship.kind: kind,
                    Relationship.note: note,
                    Relationship.since: since,
                },
            ).execute()
        if lines:
            notes = Contact.select(Contact.notes).where(Contact.id == contact_id).scalar() or ""
            today = self.now().date().isoformat()
            Contact.update(notes=with_conflict_lines(notes, lines, today)).where(
                Contact.id == contact_id
            ).execute()
            reindex_contacts([contact_id])

    def _first_sight(
        self,
        remote: ContactDraft,
        uid: str | None,
        contacts: dict[str, tuple[int, datetime]],
        linked: set[str],
    ) -> int | None:
        """The existing, not yet synced contact a new server card is, if any."""
        found = self._matcher_for().match(remote, uid)
        if found is None or found.contact_id <= 0:
            return None
        row = Contact.get_or_none(Contact.id == found.contact_id)
        if row is None or row.uid in linked:
            return None
        if not found.likely:  # a name alone is no proof: a stranger is never merged…
            from kith.core.contacts import load_draft
            from kith.core.merge import merge_drafts

            if merge_drafts(load_draft(int(row.id)), remote).changed:
                return None  # …unless the card says nothing the contact does not
        return int(row.id)

    def _adopt_uid(self, contact_id: int, uid: str | None) -> None:
        """Give a matched contact the server card's UID, so every machine agrees on it."""
        if not uid or Contact.select().where(Contact.uid == uid).exists():
            return
        old = Contact.get_by_id(contact_id).uid
        Contact.update(uid=uid).where(Contact.id == contact_id).execute()
        SyncResource.update(local_uid=uid).where(
            SyncResource.local_uid == old, SyncResource.kind == CONTACT
        ).execute()
        # A birthday sent under the old uid is removed and sent again under the new one.
        self._contacts[uid] = self._contacts.pop(old, (contact_id, utcnow()))

    def _matched(self, contact_id: int, remote: ContactDraft, uid: str | None) -> str:
        """Merge a server card into the contact it matched; "" when the server needs ours."""
        from kith.core.contacts import load_draft
        from kith.core.merge import merge_drafts

        self._adopt_uid(contact_id, uid)
        source = f"the server ({self.account.name})"
        into_local = merge_drafts(load_draft(contact_id), remote, source=source)
        if into_local.changed:
            save_contact(into_local.draft, contact_id)
        self.report.matched += 1
        back = merge_drafts(remote, self._local_card(contact_id))
        return "" if back.changed else fingerprint(self._local_text(contact_id))

    def _changed_here(self, contact_id: int, updated: datetime, row: SyncResource) -> bool:
        if not row.local_hash:
            return True
        if updated <= row.synced_at:
            return False
        return fingerprint(self._local_text(contact_id)) != row.local_hash

    def _conflict(
        self,
        contact_id: int,
        updated: datetime,
        row: SyncResource,
        remote: ContactDraft,
        text: str,
    ) -> str:
        """Both sides changed the contact: merge field by field; "" so the result is sent."""
        from kith.core.importing.vcard import VCardError
        from kith.core.merge import merge_drafts
        from kith.core.sync.contact_merge import merge_three_way

        local = self._local_card(contact_id)
        try:
            base = self._resolved(_read_card(row.base)) if row.base else None
        except VCardError:
            base = None
        if base is None:
            merged = merge_drafts(local, remote, source=f"the server ({self.account.name})").draft
            conflicted = True
        else:
            result = merge_three_way(
                base,
                local,
                remote,
                local_time=updated,
                remote_time=_revision(text) or self.now(),
                names=self._name_of,
                today=self.now().date().isoformat(),
            )
            merged, conflicted = result.draft, bool(result.conflicts)
        save_contact(merged, contact_id)
        if conflicted:
            self.report.conflicts += 1
        self.report.received += 1
        return ""

    def _remote_contact_deleted(self, collection: SyncCollection, row: SyncResource) -> None:
        contacts = self._contacts
        with writing(*_CONTACT_TABLES):
            if row.kind == CONTACT and row.local_uid in contacts:
                contact_id, updated = contacts[row.local_uid]
                if not self._changed_here(contact_id, updated, row):
                    delete_contacts([contact_id])
                    self.report.deleted_here += 1
                # Edited here since: forgetting the link makes the push send it again.
            SyncResource.delete().where(SyncResource.id == row.id).execute()

    def _push_contacts(self, collection: SyncCollection, url: str) -> None:
        base_path = urlsplit(url).path
        if not base_path.endswith("/"):
            base_path += "/"
        contacts = self._contact_ids()
        rows = {
            r.local_uid: r
            for r in SyncResource.select().where(
                (SyncResource.collection == collection.id) & (SyncResource.kind == CONTACT)
            )
        }
        create = [uid for uid in contacts if uid not in rows]
        check = [
            uid
            for uid, row in rows.items()
            if uid in contacts and (not row.local_hash or contacts[uid][1] > row.synced_at)
        ]
        gone = [row for uid, row in rows.items() if uid not in contacts]
        self._plan(len(create) + len(check) + len(gone))
        for start in range(0, len(create), _TEXT_BATCH):
            chunk = create[start : start + _TEXT_BATCH]
            texts = self._local_texts([contacts[uid][0] for uid in chunk])
            for uid in chunk:
                contact_id = contacts[uid][0]
                href = base_path + _slug(uid) + ".vcf"
                self._send_new_contact(collection, href, contact_id, uid, texts.get(contact_id))
                self._tick("Sending contacts")
        for start in range(0, len(check), _TEXT_BATCH):
            chunk = check[start : start + _TEXT_BATCH]
            texts = self._local_texts([contacts[uid][0] for uid in chunk])
            for uid in chunk:
                contact_id = contacts[uid][0]
                self._send_contact(collection, rows[uid], contact_id, texts.get(contact_id))
                self._tick("Sending contacts")
        for row in gone:
            self._delete_remote_contact(collection, row)
            self._tick("Sending contacts")

    def _send_new_contact(
        self, collection: SyncCollection, href: str, contact_id: int, uid: str, text: str | None
    ) -> None:
        if text is None:
            return  # deleted meanwhile
        try:
            etag = self.dav.put(href, text, VCARD_TYPE)
        except PreconditionFailed:
            # Something is already there (a sync cut off after the PUT): merge it in.
            found = self.dav.get(href)
            if found is None:
                raise
            from kith.core.merge import merge_drafts

            remote = self._resolved(_read_card(found[1]))
            from kith.core.contacts import load_draft

            merged = merge_drafts(load_draft(contact_id), remote)
            if merged.changed:
                save_contact(merged.draft, contact_id)
            text = self._local_text(contact_id)
            etag = self.dav.put(href, text, VCARD_TYPE, etag=found[0])
        etag = self._etag_after_put(href, etag)
        with writing("sync_resource"):
            self._state_row(
                collection,
                href,
                etag=etag,
                kind=CONTACT,
                local_uid=uid,
                base=text,
                local_hash=fingerprint(text),
            )
        self.report.sent += 1

    def _send_contact(
        self, collection: SyncCollection, row: SyncResource, contact_id: int, text: str | None
    ) -> None:
        if text is None:
            return  # deleted meanwhile: the next sync deletes it on the server
        local_hash = fingerprint(text)
        if local_hash == row.local_hash:
            with writing("sync_resource"):
                self._state_row(collection, row.href)  # touched, not changed
            return
        try:
            etag = self.dav.put(row.href, text, VCARD_TYPE, etag=row.etag)
        except PreconditionFailed:
            self.report.notes.append(
                f"{Contact.get_by_id(contact_id).full_name} changed on the server meanwhile; "
                "the next sync merges both."
            )
            return
        etag = self._etag_after_put(row.href, etag)
        with writing("sync_resource"):
            self._state_row(collection, row.href, etag=etag, base=text, local_hash=local_hash)
        self.report.sent += 1

    def _delete_remote_contact(self, collection: SyncCollection, row: SyncResource) -> None:
        try:
            self.dav.delete(row.href, etag=row.etag)
        except PreconditionFailed:
            # Edited on the server after it was deleted here: the edit wins, it comes back.
            found = self.dav.get(row.href)
            self._contacts = self._contact_ids()
            self._linked.discard(row.local_uid)
            with writing(*_CONTACT_TABLES):
                SyncResource.delete().where(SyncResource.id == row.id).execute()
                if found is not None:
                    self._pull_contact(collection, row.href, found[0], found[1], {}, {})
            return
        with writing("sync_resource"):
            SyncResource.delete().where(SyncResource.id == row.id).execute()
        self.report.deleted_on_server += 1

    # --- calendar -----------------------------------------------------------------------------

    def sync_calendar(self, url: str) -> None:
        from kith.core.sync.calendar_sync import CalendarSync

        CalendarSync(self, url).run()


def sync_account(
    account: Account,
    *,
    passwords: PasswordStore | None = None,
    password: str | None = None,
    progress: Progress | None = None,
    timeout: float = 30.0,
    now: Callable[[], datetime] = utcnow,
) -> SyncReport:
    """Sync one account now; remember when (or the error) on the account and return the report.

    Raises the :class:`~kith.core.sync.errors.SyncError` that stopped it (after recording it);
    whatever was synced before the error stays synced.
    """
    try:
        # An address an older Kith stored with a password in it: out of the file first.
        account = move_credentials_out(account, passwords)
        if not account.needs_password:
            password = ""  # a server without authentication
        elif password is None:
            password = (passwords or password_store()).get(account.uid)
    except SyncError as exc:  # the keyring failed: say so on the account too
        record_result(account.id, when=None, error=str(exc))
        raise
    if password is None:
        error = PasswordMissingError(
            f"Kith has no password for “{account.name}”. Enter it in Settings ▸ Sync."
        )
        record_result(account.id, when=None, error=str(error))
        raise error
    try:
        with DavClient(
            account.url, account.username, password, timeout=timeout, retries_later=True
        ) as dav:
            report = SyncEngine(account, dav, progress=progress, now=now).run()
    except SyncError as exc:
        record_result(account.id, when=None, error=str(exc))
        raise
    record_result(account.id, when=datetime.now(UTC).replace(tzinfo=None), error="")
    return report
