"""Suggested interactions: list them, accept (an ordinary interaction, made through
kith.core.interactions, so undo works as usual), dismiss (for good), *never for this
address*, and what the card reads — the last captured email with someone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kith.core.errors import ValidationError
from kith.core.interactions import (
    InteractionDraft,
    LoggedInteraction,
    insert_interaction,
    undo_log,
    validate_interaction,
)
from kith.store.changes import writing
from kith.store.models import (
    CaptureBlockedAddress,
    CapturedContact,
    CaptureSource,
    CaptureSuggestion,
    CaptureSuggestionContact,
    CaptureThread,
    Contact,
    utcnow,
)

_TABLES = (
    "capture_suggestion",
    "capture_suggestion_contact",
    "interaction",
    "interaction_contact",
    "follow_up",
)


class SuggestionError(ValueError):
    """A suggestion cannot be accepted or dismissed; the message says why."""


@dataclass(frozen=True)
class SuggestedPerson:
    contact_id: int
    name: str
    #: The address of theirs the mail or event was matched by.
    address: str


@dataclass(frozen=True)
class Suggestion:
    id: int
    kind: str  # email, meeting
    occurred_at: datetime  # naive UTC
    source: str
    summary: str
    status: str
    people: tuple[SuggestedPerson, ...]
    #: Who reached out — "me" or "them", from who wrote first in the thread (or organised
    #: the meeting); None when not known.
    initiator: str | None


@dataclass(frozen=True)
class AcceptedSuggestion:
    suggestion_id: int
    logged: LoggedInteraction


def pending_count(*, up_to: int | None = None) -> int:
    """How many suggestions wait (from sources turned on, with someone still in Kith);
    counting stops at ``up_to`` (a page that only says "1,000+" need not count 90,000)."""
    query = _live(
        CaptureSuggestion.select(CaptureSuggestion.id).where(CaptureSuggestion.status == "pending")
    )
    if up_to is not None:
        query = query.limit(up_to)
    return int(query.count())


def _live(query):  # type: ignore[no-untyped-def]
    """Suggestions from enabled sources that still have someone on them."""
    return (
        query.join(CaptureSource)
        .switch(CaptureSuggestion)
        .where(
            (CaptureSource.enabled == True)  # noqa: E712
            & CaptureSuggestion.id.in_(
                CaptureSuggestionContact.select(CaptureSuggestionContact.suggestion)
            )
        )
    )


def list_suggestions(
    status: str = "pending", *, contact_id: int | None = None, limit: int | None = None
) -> list[Suggestion]:
    """Suggestions with ``status``, newest first (only those of one person's, if given)."""
    query = _live(
        CaptureSuggestion.select(CaptureSuggestion, CaptureSource.id, CaptureSource.name).where(
            CaptureSuggestion.status == status
        )
    ).order_by(CaptureSuggestion.occurred_at.desc(), CaptureSuggestion.id.desc())
    if contact_id is not None:
        query = query.where(
            CaptureSuggestion.id.in_(
                CaptureSuggestionContact.select(CaptureSuggestionContact.suggestion).where(
                    CaptureSuggestionContact.contact == contact_id
                )
            )
        )
    if limit is not None:
        query = query.limit(limit)
    rows = list(query)
    return _with_people(rows)


def get_suggestions(ids: Iterable[int]) -> list[Suggestion]:
    wanted = list(dict.fromkeys(ids))
    rows = list(
        CaptureSuggestion.select(CaptureSuggestion, CaptureSource.id, CaptureSource.name)
        .join(CaptureSource)
        .where(CaptureSuggestion.id.in_(wanted))
    )
    by_id = {s.id: s for s in _with_people(rows)}
    return [by_id[i] for i in wanted if i in by_id]


def _with_people(rows: list[CaptureSuggestion]) -> list[Suggestion]:
    if not rows:
        return []  # (no query for nobody: Today asks on every full refresh)
    ids = [r.id for r in rows]
    people: dict[int, list[SuggestedPerson]] = {}
    for sid, cid, address, name in (
        CaptureSuggestionContact.select(
            CaptureSuggestionContact.suggestion,
            CaptureSuggestionContact.contact,
            CaptureSuggestionContact.address,
            Contact.full_name,
        )
        .join(Contact)
        .where(CaptureSuggestionContact.suggestion.in_(ids))
        .order_by(CaptureSuggestionContact.id)
        .tuples()
    ):
        people.setdefault(sid, []).append(SuggestedPerson(cid, name, address))
    threads: dict[tuple[int, str], bool] = {}
    keys = list({r.thread_key for r in rows})
    sources = list({r.source_id for r in rows})
    for source_id, key, by_me in (
        CaptureThread.select(CaptureThread.source, CaptureThread.key, CaptureThread.started_by_me)
        .where(CaptureThread.source.in_(sources) & CaptureThread.key.in_(keys))
        .tuples()
    ):
        threads[(source_id, key)] = bool(by_me)
    result = []
    for row in rows:
        by_me = threads.get((row.source_id, row.thread_key))
        result.append(
            Suggestion(
                id=row.id,
                kind=row.kind,
                occurred_at=row.occurred_at,
                source=row.source.name,
                summary=row.summary,
                status=row.status,
                people=tuple(people.get(row.id, ())),
                initiator=None if by_me is None else ("me" if by_me else "them"),
            )
        )
    return result


def suggestion_draft(suggestion: Suggestion) -> InteractionDraft:
    """The interaction accepting this suggestion logs (the form starts from it when the user
    accepts with a note or another kind)."""
    return InteractionDraft(
        occurred_at=suggestion.occurred_at,
        kind=suggestion.kind,
        contact_ids=[p.contact_id for p in suggestion.people],
        summary=suggestion.summary,
        direction="neutral",
        initiator=suggestion.initiator,
    )


def accept_suggestions(
    ids: Iterable[int],
    *,
    drafts: dict[int, InteractionDraft] | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> list[AcceptedSuggestion]:
    """Accept pending suggestions: each becomes an ordinary interaction (``drafts`` may give
    one edited by the user: a note, another kind or flow). All in one transaction; raises
    :class:`SuggestionError` (nothing accepted) for one that is gone or already decided."""
    suggestions = get_suggestions(ids)
    wanted = list(dict.fromkeys(ids))
    missing = [i for i in wanted if i not in {s.id for s in suggestions}]
    if missing:
        raise SuggestionError(f"There is no suggestion {missing[0]}")
    moment = now if now is not None else utcnow()
    accepted: list[AcceptedSuggestion] = []
    with writing(*_TABLES):
        for suggestion in suggestions:
            if suggestion.status != "pending":
                raise SuggestionError(f"Suggestion {suggestion.id} was already {suggestion.status}")
            if not suggestion.people:
                raise SuggestionError(
                    f"Suggestion {suggestion.id} is with nobody who is still in Kith"
                )
            draft = (drafts or {}).get(suggestion.id) or suggestion_draft(suggestion)
            errors = validate_interaction(draft, now=moment, tz=tz)
            if errors:
                raise ValidationError(errors)
            logged = insert_interaction(draft, now=moment, tz=tz)
            CaptureSuggestion.update(
                status="accepted", interaction=logged.interaction_id, decided_at=moment
            ).where(CaptureSuggestion.id == suggestion.id).execute()
            accepted.append(AcceptedSuggestion(suggestion.id, logged))
    return accepted


def undo_accept(accepted: list[AcceptedSuggestion]) -> None:
    """Undo :func:`accept_suggestions`: the interactions go, the suggestions wait again."""
    with writing(*_TABLES):
        for item in accepted:
            undo_log(item.logged)
            CaptureSuggestion.update(status="pending", interaction=None, decided_at=None).where(
                CaptureSuggestion.id == item.suggestion_id
            ).execute()


def dismiss_suggestions(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Dismiss pending suggestions for good (a rescan never brings them back); the number
    dismissed. Raises :class:`SuggestionError` for an id that is not there."""
    wanted = list(dict.fromkeys(ids))
    found = {
        sid
        for (sid,) in CaptureSuggestion.select(CaptureSuggestion.id)
        .where(CaptureSuggestion.id.in_(wanted))
        .tuples()
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise SuggestionError(f"There is no suggestion {missing[0]}")
    with writing("capture_suggestion"):
        return int(
            CaptureSuggestion.update(status="dismissed", decided_at=now or utcnow())
            .where(CaptureSuggestion.id.in_(wanted) & (CaptureSuggestion.status == "pending"))
            .execute()
        )


def undismiss(ids: Iterable[int]) -> None:
    """Undo :func:`dismiss_suggestions`."""
    with writing("capture_suggestion"):
        CaptureSuggestion.update(status="pending", decided_at=None).where(
            CaptureSuggestion.id.in_(list(ids)) & (CaptureSuggestion.status == "dismissed")
        ).execute()


def accept_all_for(
    contact_id: int, *, now: datetime | None = None, tz: tzinfo | None = None
) -> list[AcceptedSuggestion]:
    """Accept every pending suggestion with this person."""
    ids = [s.id for s in list_suggestions("pending", contact_id=contact_id)]
    return accept_suggestions(ids, now=now, tz=tz) if ids else []


def never_for_address(address: str, *, now: datetime | None = None) -> int:
    """*Never for this address*: nothing is captured or suggested from it again. What was
    captured from it is deleted, it leaves the pending suggestions it was on, and those
    left with nobody are dismissed. Returns how many pending suggestions that changed."""
    address = address.strip().lower()
    if "@" not in address:
        raise SuggestionError(f"“{address}” is not an email address")
    moment = now or utcnow()
    with writing(
        "capture_blocked_address",
        "captured_contact",
        "capture_suggestion",
        "capture_suggestion_contact",
    ):
        if (
            not CaptureBlockedAddress.select()
            .where(CaptureBlockedAddress.address == address)
            .exists()
        ):
            CaptureBlockedAddress.insert(address=address, created_at=moment).execute()
        CapturedContact.delete().where(CapturedContact.address == address).execute()
        pending = CaptureSuggestion.select(CaptureSuggestion.id).where(
            CaptureSuggestion.status == "pending"
        )
        touched = [
            sid
            for (sid,) in CaptureSuggestionContact.select(CaptureSuggestionContact.suggestion)
            .where(
                (CaptureSuggestionContact.address == address)
                & CaptureSuggestionContact.suggestion.in_(pending)
            )
            .tuples()
        ]
        CaptureSuggestionContact.delete().where(
            (CaptureSuggestionContact.address == address)
            & CaptureSuggestionContact.suggestion.in_(touched)
        ).execute()
        CaptureSuggestion.update(status="dismissed", decided_at=moment).where(
            CaptureSuggestion.id.in_(touched)
            & CaptureSuggestion.id.not_in(
                CaptureSuggestionContact.select(CaptureSuggestionContact.suggestion)
            )
        ).execute()
    return len(set(touched))


# --- what the card reads ------------------------------------------------------------------------


def last_captured(contact_ids: Iterable[int], kind: str = "email") -> dict[int, datetime]:
    """The newest captured email (or meeting) with each person, from enabled sources, whether
    or not a suggestion was accepted; people with none are left out."""
    from peewee import fn

    ids = list(contact_ids)
    query = (
        CapturedContact.select(CapturedContact.contact, fn.MAX(CapturedContact.occurred_at))
        .join(CaptureSource)
        .where(
            CapturedContact.contact.in_(ids)
            & (CapturedContact.kind == kind)
            & (CaptureSource.enabled == True)  # noqa: E712
        )
        .group_by(CapturedContact.contact)
        .tuples()
    )
    result: dict[int, datetime] = {}
    for contact_id, when in query:
        if isinstance(when, str):  # an aggregate comes back as SQLite's text
            when = datetime.fromisoformat(when)
        result[contact_id] = when
    return result


def move_captured(keep_id: int, other_id: int) -> None:
    """Two people merged into ``keep_id``: what was captured with ``other_id``, and their
    place on suggestions, moves to the kept one (inside the merge's ``writing`` block, which
    names ``captured_contact`` and ``capture_suggestion_contact``)."""
    for row_id, source_id, item_key in (
        CapturedContact.select(CapturedContact.id, CapturedContact.source, CapturedContact.item_key)
        .where(CapturedContact.contact == other_id)
        .tuples()
    ):
        clash = CapturedContact.select().where(
            (CapturedContact.contact == keep_id)
            & (CapturedContact.source == source_id)
            & (CapturedContact.item_key == item_key)
        )
        if clash.exists():
            CapturedContact.delete().where(CapturedContact.id == row_id).execute()
        else:
            CapturedContact.update(contact=keep_id).where(CapturedContact.id == row_id).execute()
    shared = CaptureSuggestionContact.select(CaptureSuggestionContact.suggestion).where(
        CaptureSuggestionContact.contact == keep_id
    )
    CaptureSuggestionContact.delete().where(
        (CaptureSuggestionContact.contact == other_id)
        & CaptureSuggestionContact.suggestion.in_(shared)
    ).execute()
    CaptureSuggestionContact.update(contact=keep_id).where(
        CaptureSuggestionContact.contact == other_id
    ).execute()
