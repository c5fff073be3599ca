"""The peewee models: Kith's whole data model, bound to the database at run time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import peewee as pw
from playhouse.sqlite_ext import FTS5Model, RowIDField, SearchField

#: Bound to a real database by :func:`kith.store.database.open_database`.
database_proxy = pw.DatabaseProxy()


def utcnow() -> datetime:
    """The current time in UTC, naive (how every timestamp is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uid() -> str:
    return str(uuid.uuid4())


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class TimestampedModel(BaseModel):
    """A record with a stable uid for export/sync and creation/update times (UTC)."""

    uid = pw.CharField(unique=True, default=new_uid)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow, index=True)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)


# Circles are Dunbar's layers: the number is the layer, the size is how many people it holds.
CIRCLE_INNER_5 = 1
CIRCLE_15 = 2
CIRCLE_50 = 3
CIRCLE_150 = 4
CIRCLE_ACQUAINTANCE = 5


class Contact(TimestampedModel):
    full_name = pw.CharField()
    given_name = pw.CharField(default="")
    family_name = pw.CharField(default="")
    #: N's other parts: "Dr.", "Luisa", "PhD" (v10). Empty by default in SQL too, so code
    #: that inserts contacts naming its columns (bench/build_db.py) needs no change.
    name_prefix = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    middle_name = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    name_suffix = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    #: ORG's organisational units ("Research, Lab 2"), beside the company (v10).
    department = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    nickname = pw.CharField(default="")
    #: Lower-cased, accent-folded name used for ordering; kept by kith.core.contacts.
    sort_name = pw.CharField(default="")
    photo = pw.BlobField(null=True)
    company = pw.CharField(default="")
    title = pw.CharField(default="")
    location = pw.CharField(default="")
    how_met = pw.TextField(default="")
    met_on = pw.DateField(null=True)
    introduced_by = pw.ForeignKeyField(
        "self", null=True, backref="introduced", on_delete="SET NULL"
    )
    birthday_month = pw.SmallIntegerField(null=True)
    birthday_day = pw.SmallIntegerField(null=True)
    birthday_year = pw.SmallIntegerField(null=True)
    circle = pw.SmallIntegerField(null=True)
    cadence_days = pw.IntegerField(null=True)
    notes = pw.TextField(default="")
    archived = pw.BooleanField(default=False)
    # The table also has ``last_contact_at`` (v14), deliberately not a field here: SQLite
    # triggers keep it (kith.store.last_contact), so no model write can put back a stale value.

    class Meta:
        # The circle and birthday indexes cover what Today and the Calendar read (v13), so
        # those queries never fetch a contact's row (notes, photo) from the table.
        indexes = (
            (("archived", "sort_name", "id"), False),
            (("circle", "archived", "created_at", "id"), False),
        )


Contact.add_index(
    Contact.index(
        Contact.birthday_month,
        Contact.birthday_day,
        Contact.birthday_year,
        Contact.archived,
        Contact.full_name,
        name="contact_birthday_covering",
    )
)
#: The few people with a cadence of their own, for "going cold" (v13): no table scan.
Contact.add_index(Contact.index(Contact.cadence_days).where(Contact.cadence_days.is_null(False)))


#: Every table that holds a contact or something hanging off one, the search index included:
#: what a write that adds, merges, restores or removes people locks and announces.
CONTACT_TABLES = (
    "contact",
    "contact_method",
    "contact_card",
    "contact_date",
    "tag",
    "contact_tag",
    "goal_contact",
    "interaction",
    "interaction_contact",
    "follow_up",
    "relationship",
    "contact_index",
)

CHANNEL_KINDS = ("email", "phone", "url", "social", "address")


class ContactMethod(BaseModel):
    """One channel of a contact: an email, a phone number, a link, a handle or an address."""

    contact = pw.ForeignKeyField(Contact, backref="methods", on_delete="CASCADE")
    kind = pw.CharField()
    label = pw.CharField(default="")
    value = pw.CharField()
    is_primary = pw.BooleanField(default=False)
    position = pw.SmallIntegerField(default=0)
    #: An address's parts (v11); empty for other channels and for one-line addresses, whose
    #: ``value`` is all there is. ``value`` is always the address on one line.
    street = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    locality = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    region = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    postal_code = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    country = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])

    class Meta:
        indexes = (
            (("contact", "position"), False),
            (("kind", "value"), False),
        )


class ContactCard(BaseModel):
    """The last vCard seen for a contact, from an import or a sync (v9).

    Export and sync write Kith's fields *into* this card and keep every property Kith does
    not model, exactly (``kith.core.importing.original_card``). ``kith_hash`` fingerprints
    what Kith held when the card was stored, so an unchanged contact goes out without the
    card being read again ("" when unknown).
    """

    contact = pw.ForeignKeyField(Contact, primary_key=True, backref="card", on_delete="CASCADE")
    text = pw.TextField()
    kith_hash = pw.CharField(default="")


class ContactDate(BaseModel):
    """An important date beside the birthday (v12): an anniversary, or a date of the user's
    own naming ("First climb"), every year on ``month``/``day``; the year when known."""

    contact = pw.ForeignKeyField(Contact, backref="dates", on_delete="CASCADE")
    label = pw.CharField(default="")
    month = pw.SmallIntegerField()
    day = pw.SmallIntegerField()
    year = pw.SmallIntegerField(null=True)
    position = pw.SmallIntegerField(default=0)

    class Meta:
        indexes = (
            (("contact", "position"), False),
            (("month", "day"), False),
        )


class Tag(BaseModel):
    name = pw.CharField(unique=True, collation="NOCASE")
    #: Keep-in-touch cadence for everyone with this tag (overrides the circle's; added in v2).
    cadence_days = pw.IntegerField(null=True)


class ContactTag(BaseModel):
    contact = pw.ForeignKeyField(Contact, backref="tag_links", on_delete="CASCADE")
    tag = pw.ForeignKeyField(Tag, backref="contact_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True),)


class Goal(TimestampedModel):
    title = pw.CharField()
    why = pw.TextField(default="")
    target_date = pw.DateField(null=True)
    status = pw.CharField(default="active", index=True)  # active, achieved, dropped


class GoalContact(BaseModel):
    goal = pw.ForeignKeyField(Goal, backref="contact_links", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, backref="goal_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("goal", "contact"), True),)


INTERACTION_KINDS = (
    "meeting",
    "meal",
    "call",
    "video",
    "email",
    "message",
    "event",
    "intro",
    "other",
)
#: What flowed: you gave, you asked, they gave, they asked, both ("mutual") or neither
#: ("neutral", a catch-up). v6 added "they_gave" and "they_asked".
DIRECTIONS = ("gave", "asked", "they_gave", "they_asked", "mutual", "neutral")
#: Who reached out: you, they, or it was planned together; None: not known (rows before v6).
INITIATORS = ("me", "them", "both")


class Interaction(TimestampedModel):
    occurred_at = pw.DateTimeField(index=True)
    kind = pw.CharField(default="other")
    summary = pw.CharField(default="")
    notes = pw.TextField(default="")
    direction = pw.CharField(default="neutral")
    #: Who reached out (INITIATORS); None when not known.
    initiator = pw.CharField(null=True)
    goal = pw.ForeignKeyField(Goal, null=True, backref="interactions", on_delete="SET NULL")
    #: For an ask: how big it was ("small", "medium", "large"); None when not sized.
    ask_size = pw.CharField(null=True)


class InteractionContact(BaseModel):
    """Who took part in an interaction (an interaction can involve several people)."""

    interaction = pw.ForeignKeyField(Interaction, backref="contact_links", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, backref="interaction_links", on_delete="CASCADE")

    class Meta:
        indexes = (
            (("interaction", "contact"), True),
            (("contact", "interaction"), False),
        )


FOLLOW_UP_STATUSES = ("open", "done", "dropped")


class FollowUp(TimestampedModel):
    contact = pw.ForeignKeyField(Contact, null=True, backref="follow_ups", on_delete="CASCADE")
    title = pw.CharField()
    notes = pw.TextField(default="")
    due_at = pw.DateTimeField(index=True)
    due_has_time = pw.BooleanField(default=False)
    remind_at = pw.DateTimeField(null=True, index=True)
    urgent = pw.BooleanField(default=False)
    important = pw.BooleanField(default=False)
    status = pw.CharField(default="open", index=True)
    snoozed_until = pw.DateTimeField(null=True)
    reminded_at = pw.DateTimeField(null=True)
    completed_at = pw.DateTimeField(null=True)
    rrule = pw.TextField(null=True)
    goal = pw.ForeignKeyField(Goal, null=True, backref="follow_ups", on_delete="SET NULL")
    interaction = pw.ForeignKeyField(
        Interaction, null=True, backref="completed_follow_ups", on_delete="SET NULL"
    )
    #: A planned ask: how big ("small", "medium", "large"); None when it is not an ask.
    ask_size = pw.CharField(null=True)

    class Meta:
        indexes = (
            # Covers Today's counts (overdue, stale) by status and due date (v13).
            (("status", "due_at", "due_has_time", "urgent", "important"), False),
            # Today's urgent/important groups still to come: each group's count is a range of
            # it, and its first few come in due order (v14).
            (("status", "urgent", "important", "due_at"), False),
            (("status", "remind_at"), False),
        )


RELATIONSHIP_KINDS = ("knows", "colleague", "friend", "family", "introduced")


class Relationship(BaseModel):
    """Two contacts who know each other; stored once, with ``a`` the smaller id."""

    a = pw.ForeignKeyField(Contact, backref="relationships_a", on_delete="CASCADE")
    b = pw.ForeignKeyField(Contact, backref="relationships_b", on_delete="CASCADE")
    kind = pw.CharField(default="knows")
    note = pw.TextField(default="")
    since = pw.DateField(null=True)

    class Meta:
        indexes = (
            (("a", "b"), True),
            (("b", "a"), False),
        )
        constraints = [pw.Check("a_id < b_id")]


class ContactIndex(FTS5Model):
    """Full-text index over what a user searches a contact by; rowid is the contact's id."""

    rowid = RowIDField()
    name = SearchField()
    company = SearchField()
    title = SearchField()
    location = SearchField()
    tags = SearchField()
    channels = SearchField()
    notes = SearchField()

    class Meta:
        database = database_proxy
        table_name = "contact_index"
        options = {"tokenize": "unicode61 remove_diacritics 2", "prefix": "2 3"}


class SyncAccount(BaseModel):
    """A CardDAV/CalDAV account (added in v4). The password lives only in the OS keyring."""

    uid = pw.CharField(unique=True, default=new_uid)
    name = pw.CharField(unique=True, collation="NOCASE")
    url = pw.CharField()
    username = pw.CharField()
    #: The chosen address book and calendar (None: that side is not synced).
    addressbook_url = pw.CharField(null=True)
    calendar_url = pw.CharField(null=True)
    interval_minutes = pw.IntegerField(default=15)
    enabled = pw.BooleanField(default=True)
    last_sync_at = pw.DateTimeField(null=True)
    last_error = pw.TextField(default="")
    created_at = pw.DateTimeField(default=utcnow)
    #: False for a server without authentication: no password is asked for, kept or sent.
    needs_password = pw.BooleanField(default=True)


class SyncCollection(BaseModel):
    """Where a synced address book or calendar stands: its sync token or ctag (v4)."""

    account = pw.ForeignKeyField(SyncAccount, backref="collections", on_delete="CASCADE")
    url = pw.CharField()
    sync_token = pw.TextField(null=True)
    ctag = pw.TextField(null=True)

    class Meta:
        indexes = ((("account", "url"), True),)


class SyncResource(BaseModel):
    """One resource on the server and the local record it mirrors, as of the last sync (v4).

    ``kind`` is "contact", "follow_up" or "birthday"; ``local_uid`` the contact's or
    follow-up's uid; ``base`` the text last exchanged (the common ancestor of a field-level
    merge); ``local_hash`` a fingerprint of the local record at that moment.
    """

    collection = pw.ForeignKeyField(SyncCollection, backref="resources", on_delete="CASCADE")
    href = pw.CharField()
    etag = pw.CharField(null=True)
    kind = pw.CharField()
    local_uid = pw.CharField()
    base = pw.TextField(default="")
    local_hash = pw.CharField(default="")
    synced_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("collection", "href"), True),
            (("collection", "kind", "local_uid"), True),
        )


CAPTURE_SOURCE_KINDS = ("imap", "file", "caldav")
CAPTURE_SECURITY = ("tls", "starttls", "none")
SUGGESTION_STATUSES = ("pending", "accepted", "dismissed")


class CaptureSource(BaseModel):
    """Where captured contact comes from: an IMAP account, a mail/calendar file, a calendar
    (added in v7). An IMAP password lives only in the OS keyring, filed under ``uid``."""

    uid = pw.CharField(unique=True, default=new_uid)
    kind = pw.CharField()
    name = pw.CharField(unique=True, collation="NOCASE")
    enabled = pw.BooleanField(default=True)
    auto_accept_mail = pw.BooleanField(default=False)
    auto_accept_meetings = pw.BooleanField(default=False)
    #: Whether the Subject (and an event's title) may be read and kept.
    read_subject = pw.BooleanField(default=False)
    #: Messages and events with more people than this are skipped.
    max_participants = pw.IntegerField(default=10)
    #: IMAP: server, port, "tls"/"starttls"/"none", user, extra folders (one per line).
    host = pw.CharField(default="")
    port = pw.IntegerField(null=True)
    security = pw.CharField(default="tls")
    username = pw.CharField(default="")
    folders = pw.TextField(default="")
    #: A file source: the mbox, Maildir or .ics it reads.
    path = pw.TextField(default="")
    #: The user's own addresses (one per line): typed, or learnt from the Sent folder.
    my_addresses = pw.TextField(default="")
    last_scan_at = pw.DateTimeField(null=True)
    last_error = pw.TextField(default="")
    created_at = pw.DateTimeField(default=utcnow)


class CaptureFolder(BaseModel):
    """How far an IMAP folder has been read: its UIDVALIDITY and the last UID seen (v7)."""

    source = pw.ForeignKeyField(CaptureSource, backref="capture_folders", on_delete="CASCADE")
    name = pw.CharField()
    uidvalidity = pw.IntegerField(null=True)
    last_uid = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("source", "name"), True),)


class CaptureThread(BaseModel):
    """Who wrote first in a mail thread, as far as the messages read show (v7)."""

    source = pw.ForeignKeyField(CaptureSource, backref="capture_threads", on_delete="CASCADE")
    key = pw.CharField()
    started_at = pw.DateTimeField()
    started_by_me = pw.BooleanField()

    class Meta:
        indexes = ((("source", "key"), True),)


class CapturedContact(BaseModel):
    """One known person in one message or meeting: the little that is kept of it (v7).

    ``kind`` is "email" or "meeting"; ``item_key`` the Message-ID or event UID (what makes a
    rescan add nothing); ``address`` the person's address that matched; ``from_me`` whether
    the user wrote the message (or organised the meeting).
    """

    source = pw.ForeignKeyField(CaptureSource, backref="captured", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, backref="captured", on_delete="CASCADE")
    kind = pw.CharField()
    occurred_at = pw.DateTimeField()
    item_key = pw.CharField()
    thread_key = pw.CharField()
    address = pw.CharField()
    from_me = pw.BooleanField(default=False)

    class Meta:
        indexes = (
            (("source", "item_key", "contact"), True),
            (("contact", "kind", "occurred_at"), False),
            (("address",), False),
        )


class CaptureSuggestion(BaseModel):
    """A suggested interaction (v7): pending, accepted (then ``interaction`` is the one
    created) or dismissed, which it stays — a rescan never brings it back. ``key`` names it
    within its source: one per person per thread per day for mail, one per event."""

    source = pw.ForeignKeyField(CaptureSource, backref="suggestions", on_delete="CASCADE")
    key = pw.CharField()
    kind = pw.CharField()
    occurred_at = pw.DateTimeField()
    thread_key = pw.CharField()
    summary = pw.CharField(default="")
    status = pw.CharField(default="pending")
    interaction = pw.ForeignKeyField(
        Interaction, null=True, backref="suggestions", on_delete="SET NULL"
    )
    created_at = pw.DateTimeField(default=utcnow)
    decided_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("source", "key"), True),
            (("status", "occurred_at"), False),
        )


class CaptureSuggestionContact(BaseModel):
    """Who a suggestion is with, and the address that matched each of them (v7)."""

    suggestion = pw.ForeignKeyField(CaptureSuggestion, backref="contact_links", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, backref="suggestion_links", on_delete="CASCADE")
    address = pw.CharField()

    class Meta:
        indexes = ((("suggestion", "contact"), True),)


class CaptureBlockedAddress(BaseModel):
    """An address the user said "never" for: nothing is captured or suggested from it (v7)."""

    address = pw.CharField(unique=True)
    created_at = pw.DateTimeField(default=utcnow)


#: Every table in creation order (parents before children).
ALL_MODELS: tuple[type[pw.Model], ...] = (
    Contact,
    ContactMethod,
    ContactCard,
    ContactDate,
    Tag,
    ContactTag,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    FollowUp,
    Relationship,
    ContactIndex,
    SyncAccount,
    SyncCollection,
    SyncResource,
    CaptureSource,
    CaptureFolder,
    CaptureThread,
    CapturedContact,
    CaptureSuggestion,
    CaptureSuggestionContact,
    CaptureBlockedAddress,
)

#: The capture tables (what "Forget this source" and a scan write).
CAPTURE_TABLES = (
    "capture_source",
    "capture_folder",
    "capture_thread",
    "captured_contact",
    "capture_suggestion",
    "capture_suggestion_contact",
    "capture_blocked_address",
)
