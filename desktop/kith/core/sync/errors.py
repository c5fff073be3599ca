"""Sync errors in plain words: what went wrong talking to a server, written for the user."""

from __future__ import annotations


class SyncError(Exception):
    """Something the user can act on; ``str(error)`` is the message to show."""

    #: A short title for a status line or a dialog.
    title = "Sync failed"
    #: Whether trying again later may help (offline, server trouble) — the runner retries.
    transient = False


class AuthenticationError(SyncError):
    title = "Wrong username or password"


class CertificateError(SyncError):
    title = "Certificate problem"


class MixedUpSchemeError(SyncError):
    """http:// typed for a server that speaks HTTPS on that port, or https:// for plain HTTP."""

    title = "http or https?"


class NotDavServerError(SyncError):
    title = "Not a CardDAV/CalDAV server"


class NoSuchCollectionError(SyncError):
    title = "No such address book or calendar"


class OfflineError(SyncError):
    title = "Cannot reach the server"
    transient = True


class ServerError(SyncError):
    title = "The server had a problem"
    transient = True


class PasswordMissingError(SyncError):
    title = "Password needed"


class KeyringFailure(SyncError):
    """The system keyring raised (a D-Bus error, a locked or broken keyring): nothing stored."""

    title = "Keyring problem"
    transient = True  # an unlocked or restarted keyring may answer next time


class PreconditionFailed(Exception):
    """A PUT or DELETE lost a race (the resource changed on the server since it was read).

    Not shown to the user: the sync engine handles it by reading the resource again.
    """


class ComponentNotAccepted(SyncError):
    """The calendar refuses a kind of component (RFC 4791 ``supported-calendar-component``):
    a calendar made for tasks and events only, sent a journal entry."""

    title = "The calendar does not take this"


class SyncTokenInvalid(Exception):
    """The server forgot the sync token (RFC 6578 ``valid-sync-token``); list everything."""


class ReportNotSupported(Exception):
    """The server does not offer the sync-collection report; fall back to ETags."""
