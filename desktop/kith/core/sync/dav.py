"""A small WebDAV client for CardDAV and CalDAV: discovery, collections, changes, resources.

Built on ``requests`` (one session, connection reuse, certificate checks) with the standard
library's ElementTree reading the ``207 Multi-Status`` answers. It speaks exactly what Kith's
sync needs:

- **discovery**: ``/.well-known/carddav`` and ``/.well-known/caldav`` (RFC 6764), the
  ``current-user-principal`` (RFC 5397) and its ``addressbook-home-set`` (RFC 6352) and
  ``calendar-home-set`` (RFC 4791);
- **collections**: listing address books and calendars in a home, creating them (extended
  MKCOL, RFC 5689; MKCALENDAR);
- **changes**: the ``sync-collection`` report (RFC 6578) with a sync token, and the fallback
  of a collection tag (``getctag``) plus every member's ETag;
- **resources**: ``addressbook-multiget`` / ``calendar-multiget`` to fetch many at once,
  PUT and DELETE guarded by ``If-Match`` / ``If-None-Match``.

Every failure a user can meet is raised as a :mod:`kith.core.sync.errors` exception whose
message says what to do. The password is only ever handed to ``requests`` for HTTP Basic
authentication; it is never logged or kept anywhere else.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from kith.core.sync.errors import (
    AuthenticationError,
    CertificateError,
    ComponentNotAccepted,
    MixedUpSchemeError,
    NoSuchCollectionError,
    NotDavServerError,
    OfflineError,
    PreconditionFailed,
    ReportNotSupported,
    ServerError,
    SyncError,
    SyncTokenInvalid,
)

DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CALSERVER = "http://calendarserver.org/ns/"

CONTACTS = "contacts"
CALENDAR = "calendar"

VCARD_TYPE = "text/vcard; charset=utf-8"
ICALENDAR_TYPE = "text/calendar; charset=utf-8"

#: Hrefs per multiget report (servers cap request bodies; 100 is well within every limit).
MULTIGET_BATCH = 100

_NAMESPACES = {"d": DAV, "card": CARDDAV, "cal": CALDAV, "cs": CALSERVER}
for _prefix, _uri in _NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _body(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _element(namespace: str, name: str, parent: ET.Element | None = None) -> ET.Element:
    if parent is None:
        return ET.Element(_tag(namespace, name))
    return ET.SubElement(parent, _tag(namespace, name))


def _propfind(*props: tuple[str, str]) -> bytes:
    root = _element(DAV, "propfind")
    prop = _element(DAV, "prop", root)
    for namespace, name in props:
        _element(namespace, name, prop)
    return _body(root)


@dataclass
class Response:
    """One ``<response>`` of a multistatus: its href, status and the properties found."""

    href: str
    status: int | None
    props: dict[str, ET.Element] = field(default_factory=dict)

    def text(self, namespace: str, name: str) -> str | None:
        element = self.props.get(_tag(namespace, name))
        if element is None:
            return None
        return (element.text or "").strip()

    def hrefs(self, namespace: str, name: str) -> list[str]:
        element = self.props.get(_tag(namespace, name))
        if element is None:
            return []
        return [(h.text or "").strip() for h in element.iter(_tag(DAV, "href")) if h.text]

    def resource_types(self) -> set[str]:
        element = self.props.get(_tag(DAV, "resourcetype"))
        return {child.tag for child in element} if element is not None else set()


def _status_code(text: str | None) -> int | None:
    # "HTTP/1.1 200 OK"
    if not text:
        return None
    parts = text.split()
    try:
        return int(parts[1])
    except (IndexError, ValueError):
        return None


def parse_multistatus(data: bytes) -> list[Response]:
    """The responses of a ``207 Multi-Status`` body; :class:`NotDavServerError` if it is not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise NotDavServerError(
            "The server's answer is not WebDAV XML, so this address is not a CardDAV or "
            "CalDAV server."
        ) from exc
    if root.tag != _tag(DAV, "multistatus"):
        raise NotDavServerError("The server answered, but not as a CardDAV or CalDAV server does.")
    responses = []
    for item in root.findall(_tag(DAV, "response")):
        href = unquote((item.findtext(_tag(DAV, "href")) or "").strip())
        response = Response(href, _status_code(item.findtext(_tag(DAV, "status"))))
        for propstat in item.findall(_tag(DAV, "propstat")):
            code = _status_code(propstat.findtext(_tag(DAV, "status")))
            if code is not None and not 200 <= code < 300:
                continue
            prop = propstat.find(_tag(DAV, "prop"))
            if prop is None:
                continue
            for element in prop:
                response.props[element.tag] = element
        responses.append(response)
    return responses


@dataclass(frozen=True)
class Collection:
    """An address book or a calendar on the server."""

    url: str
    name: str
    kind: str  # CONTACTS or CALENDAR
    #: For a calendar: the component types it accepts ("VTODO", "VEVENT"); empty if unsaid.
    components: frozenset[str] = frozenset()

    @property
    def accepts_todos(self) -> bool:
        return not self.components or "VTODO" in self.components

    @property
    def accepts_journals(self) -> bool:
        """Whether it takes journal entries (Kith's interactions); unsaid means yes."""
        return not self.components or "VJOURNAL" in self.components


@dataclass
class Changes:
    """What changed in a collection since a sync token: member href → ETag, and removals."""

    token: str | None
    changed: dict[str, str]
    deleted: set[str]


def _same_origin(a: str, b: str) -> bool:
    sa, sb = urlsplit(a), urlsplit(b)
    return (sa.scheme, sa.netloc) == (sb.scheme, sb.netloc)


def normalise_url(url: str) -> str:
    """A server address as typed ("dav.example.com") → an absolute URL (https by default)."""
    text = url.strip()
    if not text:
        raise NotDavServerError("Enter the server's address, like https://dav.example.com.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotDavServerError(f"“{url}” is not a web address Kith can sync with.")
    if not parts.path:
        text += "/"
    return text


class DavClient:
    """One server account: every DAV request Kith makes goes through :meth:`request`.

    ``request_count`` counts the HTTP requests sent (tests use it to prove that an
    incremental sync moves only what changed).
    """

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: float = 30.0,
        verify: bool | str = True,
        retries_later: bool = False,
    ) -> None:
        import requests

        self.url = normalise_url(url)
        self.timeout = timeout
        #: Whether a failed request will be tried again by itself (a sync run by Kith) —
        #: only then does an error message promise it. Test connection says what to check.
        self.retries_later = retries_later
        self.session = requests.Session()
        # No credentials at all: a server without authentication (nothing to send).
        self.session.auth = (username, password) if username or password else None
        self.session.verify = verify
        self.session.headers["User-Agent"] = "Kith"
        self.session.mount("https://", _system_trust_adapter())
        self.request_count = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> DavClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------

    def absolute(self, href: str) -> str:
        return urljoin(self.url, quote(href, safe="/:@%!$&'()*+,;=~-._"))

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        depth: str | None = None,
        allow_redirects: bool = True,
    ) -> Any:
        """Send one request; raise the plain-words error for network and auth failures."""
        import requests

        sent = dict(headers or {})
        if depth is not None:
            sent["Depth"] = depth
        if body is not None and "Content-Type" not in sent:
            sent["Content-Type"] = "application/xml; charset=utf-8"
        self.request_count += 1
        host = urlsplit(url).netloc
        try:
            response = self.session.request(
                method,
                url,
                data=body.encode("utf-8") if isinstance(body, str) else body,
                headers=sent,
                timeout=self.timeout,
                allow_redirects=allow_redirects,
            )
        except requests.exceptions.SSLError as exc:
            raise self._tls_failure(url, exc) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            if urlsplit(url).scheme == "http" and _speaks_tls(url, min(self.timeout, 5.0)):
                raise _expects_https(url) from exc
            raise OfflineError(
                f"Kith cannot reach {host}: you may be offline or the server may be down. "
                + self._later("Check the address and your connection, then try again.")
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise NotDavServerError(f"“{url}” cannot be used: {exc}.") from exc
        if response.status_code == 400 and b"plain HTTP request was sent to HTTPS" in (
            response.content or b""
        ):
            raise _expects_https(url)
        if response.status_code == 401:
            raise AuthenticationError(
                f"{host} refused the username or password. Check them; many providers "
                "(iCloud, Fastmail, Nextcloud with two-factor login) need an app password."
            )
        if response.status_code == 501:
            raise NotDavServerError(
                f"{host} does not understand WebDAV ({method} is not implemented), so it is "
                "not a CardDAV or CalDAV server."
            )
        if response.status_code >= 500:
            raise ServerError(
                f"{host} had a problem ({response.status_code} {response.reason}). "
                + self._later("Try again in a while; if it lasts, tell the server's admin.")
            )
        return response

    def _later(self, otherwise: str) -> str:
        """The end of a message about a failure that may pass: what happens, or what to do."""
        if self.retries_later:
            return "Kith keeps your changes and tries again later."
        return otherwise

    def _tls_failure(self, url: str, exc: Exception) -> SyncError:
        """A failed TLS handshake in the user's words: a certificate the system does not
        trust, or no TLS at all (a plain-HTTP server behind an https:// address)."""
        host = urlsplit(url).netloc
        if _certificate_refused(exc):
            return CertificateError(
                f"The secure connection to {host} failed: its certificate is not trusted "
                "(expired, self-signed, or for another name). Check the address. If the "
                "server uses a certificate of its own, add it to your system's trusted "
                "certificates (Linux: copy it to /usr/local/share/ca-certificates/ and run "
                "“sudo update-ca-certificates”; macOS: Keychain Access, “Always Trust”; "
                "Windows: “Trusted Root Certification Authorities”); Kith trusts what your "
                "system trusts."
            )
        if _speaks_plain_http(url, min(self.timeout, 5.0)):
            plain = urlunsplit(urlsplit(url)._replace(scheme="http"))
            return MixedUpSchemeError(
                f"{host} speaks plain HTTP, not HTTPS: use an address starting with "
                f"http:// ({_origin(plain)}), or turn HTTPS on at the server."
            )
        return CertificateError(
            f"The secure connection to {host} failed ({_reason(exc)}). Check the address "
            "and that the server offers HTTPS on that port."
        )

    def _multistatus(
        self, method: str, url: str, body: bytes, depth: str, *, missing: str | None = None
    ) -> list[Response]:
        response = self.request(method, url, body=body, depth=depth)
        if response.status_code == 404:
            raise NoSuchCollectionError(
                missing or f"There is nothing at {url} on the server (it may have been deleted)."
            )
        if response.status_code == 403 and method == "REPORT":
            raise ReportNotSupported(url)
        if response.status_code != 207:
            raise NotDavServerError(
                f"{url} is not a CardDAV or CalDAV address (the server answered "
                f"{response.status_code} {response.reason})."
            )
        return parse_multistatus(response.content)

    def propfind(
        self, url: str, props: Iterable[tuple[str, str]], depth: str = "0"
    ) -> list[Response]:
        return self._multistatus("PROPFIND", url, _propfind(*props), depth)

    # --- discovery ------------------------------------------------------------------------

    def _well_known(self, kind: str) -> str | None:
        """Where ``/.well-known/carddav|caldav`` points, or None if the server has no such."""
        service = "carddav" if kind == CONTACTS else "caldav"
        url = urljoin(self.url, f"/.well-known/{service}")
        for _ in range(5):
            try:
                response = self.request("PROPFIND", url, depth="0", allow_redirects=False)
            except NotDavServerError:
                return None
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    return None
                url = urljoin(url, location)
                continue
            return url if response.status_code == 207 else None
        return None

    def principal(self) -> str:
        """The URL of the signed-in user's principal (discovering it from the server address)."""
        candidates = [self.url]
        for kind in (CONTACTS, CALENDAR):
            found = self._well_known(kind)
            if found and found not in candidates:
                candidates.append(found)
        root = urljoin(self.url, "/")
        if root not in candidates:
            candidates.append(root)
        saw_dav = False
        for url in candidates:
            try:
                responses = self.propfind(url, [(DAV, "current-user-principal")])
            except (NotDavServerError, NoSuchCollectionError, ReportNotSupported):
                continue
            saw_dav = True
            for response in responses:
                hrefs = response.hrefs(DAV, "current-user-principal")
                if hrefs:
                    return urljoin(url, hrefs[0])
        if saw_dav:
            raise NotDavServerError(
                f"{urlsplit(self.url).netloc} speaks WebDAV but does not say which account "
                "you are signed in to; enter the full address of your address book instead."
            )
        raise NotDavServerError(
            f"{self.url} is not a CardDAV or CalDAV server. Check the address: it is often "
            "the server's name (dav.example.com) or a path your provider gives, like "
            "https://cloud.example.com/remote.php/dav."
        )

    def home_sets(self, principal: str | None = None) -> dict[str, str]:
        """The user's address book home and calendar home: ``{CONTACTS: url, CALENDAR: url}``."""
        principal = principal or self.principal()
        responses = self.propfind(
            principal, [(CARDDAV, "addressbook-home-set"), (CALDAV, "calendar-home-set")]
        )
        homes: dict[str, str] = {}
        for response in responses:
            for kind, namespace, name in (
                (CONTACTS, CARDDAV, "addressbook-home-set"),
                (CALENDAR, CALDAV, "calendar-home-set"),
            ):
                hrefs = response.hrefs(namespace, name)
                if hrefs and kind not in homes:
                    homes[kind] = urljoin(principal, hrefs[0])
        if not homes:
            raise NotDavServerError(
                f"{urlsplit(self.url).netloc} has no address books or calendars for this account."
            )
        return homes

    def collections(self, homes: Mapping[str, str] | None = None) -> list[Collection]:
        """Every address book and calendar in the user's homes, address books first."""
        homes = homes or self.home_sets()
        found: dict[str, Collection] = {}
        for home in dict.fromkeys(homes.values()):
            responses = self.propfind(
                home,
                [
                    (DAV, "resourcetype"),
                    (DAV, "displayname"),
                    (CALDAV, "supported-calendar-component-set"),
                ],
                depth="1",
            )
            for response in responses:
                types = response.resource_types()
                if _tag(CARDDAV, "addressbook") in types:
                    kind = CONTACTS
                elif _tag(CALDAV, "calendar") in types:
                    kind = CALENDAR
                else:
                    continue
                url = urljoin(home, quote(response.href))
                components: frozenset[str] = frozenset()
                element = response.props.get(_tag(CALDAV, "supported-calendar-component-set"))
                if element is not None:
                    components = frozenset(
                        c.get("name", "").upper() for c in element if c.get("name")
                    )
                name = response.text(DAV, "displayname") or unquote(
                    url.rstrip("/").rsplit("/", 1)[-1]
                )
                found[url] = Collection(url, name, kind, components)
        return sorted(found.values(), key=lambda c: (c.kind != CONTACTS, c.name.casefold()))

    def check_collection(self, url: str, kind: str) -> Collection:
        """The collection at ``url``; :class:`NoSuchCollectionError` unless one of ``kind``."""
        what = "address book" if kind == CONTACTS else "calendar"
        missing = f"There is no {what} at {url}. Pick another one, or let Kith create one."
        try:
            responses = self._multistatus(
                "PROPFIND",
                url,
                _propfind(
                    (DAV, "resourcetype"),
                    (DAV, "displayname"),
                    (CALDAV, "supported-calendar-component-set"),
                ),
                "0",
                missing=missing,
            )
        except NotDavServerError as exc:
            raise NoSuchCollectionError(missing) from exc
        wanted = _tag(CARDDAV, "addressbook") if kind == CONTACTS else _tag(CALDAV, "calendar")
        for response in responses:
            if wanted in response.resource_types():
                element = response.props.get(_tag(CALDAV, "supported-calendar-component-set"))
                components = frozenset(
                    c.get("name", "").upper() for c in (element if element is not None else [])
                )
                name = response.text(DAV, "displayname") or url
                return Collection(url, name, kind, components)
        raise NoSuchCollectionError(missing)

    def make_collection(self, home: str, slug: str, name: str, kind: str) -> Collection:
        """Create an address book (extended MKCOL) or a calendar for tasks and events."""
        url = urljoin(home, quote(slug.strip("/")) + "/")
        if kind == CONTACTS:
            root = _element(DAV, "mkcol")
            prop = _element(DAV, "prop", _element(DAV, "set", root))
            types = _element(DAV, "resourcetype", prop)
            _element(DAV, "collection", types)
            _element(CARDDAV, "addressbook", types)
            _element(DAV, "displayname", prop).text = name
            method = "MKCOL"
        else:
            root = _element(CALDAV, "mkcalendar")
            prop = _element(DAV, "prop", _element(DAV, "set", root))
            _element(DAV, "displayname", prop).text = name
            components = _element(CALDAV, "supported-calendar-component-set", prop)
            # Tasks (follow-ups), events (birthdays) and journal entries (interactions).
            for component in ("VTODO", "VEVENT", "VJOURNAL"):
                _element(CALDAV, "comp", components).set("name", component)
            method = "MKCALENDAR"
        response = self.request(method, url, body=_body(root))
        # Already there? Use it if it is the right kind. RFC 4791 lets a server answer
        # MKCALENDAR on an existing collection with 403 (Xandikos does), others 405 or 409.
        if response.status_code in (403, 405, 409):
            try:
                return self.check_collection(url, kind)
            except NoSuchCollectionError:
                pass
        if response.status_code not in (200, 201, 204):
            what = "address book" if kind == CONTACTS else "calendar"
            raise NoSuchCollectionError(
                f"The server would not create the {what} “{name}” ({response.status_code} "
                f"{response.reason}). Create it with your provider's web page, then pick it."
            )
        return Collection(url, name, kind, frozenset(("VTODO", "VEVENT", "VJOURNAL")))

    # --- changes --------------------------------------------------------------------------

    def sync_collection(self, url: str, token: str | None) -> Changes:
        """RFC 6578: members changed and removed since ``token`` (all members when None)."""
        root = _element(DAV, "sync-collection")
        _element(DAV, "sync-token", root).text = token or ""
        _element(DAV, "sync-level", root).text = "1"
        _element(DAV, "getetag", _element(DAV, "prop", root))
        response = self.request("REPORT", url, body=_body(root), depth="0")
        if response.status_code in (403, 409) and b"valid-sync-token" in response.content:
            raise SyncTokenInvalid(url)
        if response.status_code == 404:
            raise NoSuchCollectionError(
                f"The address book or calendar at {url} is gone from the server."
            )
        if response.status_code != 207:
            raise ReportNotSupported(url)
        responses = parse_multistatus(response.content)
        tree = ET.fromstring(response.content)
        new_token = (tree.findtext(_tag(DAV, "sync-token")) or "").strip() or None
        base = urlsplit(url).path
        changed: dict[str, str] = {}
        deleted: set[str] = set()
        for item in responses:
            path = urlsplit(urljoin(url, item.href)).path
            if path.rstrip("/") == base.rstrip("/"):
                continue
            if item.status == 404:
                deleted.add(path)
                continue
            etag = item.text(DAV, "getetag")
            if etag is not None:
                changed[path] = etag
        return Changes(new_token, changed, deleted)

    def collection_tags(self, url: str) -> tuple[str | None, str | None]:
        """(sync token, ctag) of a collection — either may be None when unsupported."""
        responses = self.propfind(url, [(DAV, "sync-token"), (CALSERVER, "getctag")])
        for response in responses:
            return response.text(DAV, "sync-token"), response.text(CALSERVER, "getctag")
        return None, None

    def etags(self, url: str) -> dict[str, str]:
        """Every member of a collection: path → ETag (the fallback when there is no token)."""
        responses = self.propfind(url, [(DAV, "getetag"), (DAV, "resourcetype")], depth="1")
        base = urlsplit(url).path.rstrip("/")
        result: dict[str, str] = {}
        for item in responses:
            path = urlsplit(urljoin(url, item.href)).path
            if path.rstrip("/") == base or _tag(DAV, "collection") in item.resource_types():
                continue
            etag = item.text(DAV, "getetag")
            if etag is not None:
                result[path] = etag
        return result

    # --- resources ------------------------------------------------------------------------

    def multiget(self, url: str, kind: str, paths: Iterable[str]) -> dict[str, tuple[str, str]]:
        """path → (ETag, text) for every path that still exists, fetched in batches."""
        wanted = list(dict.fromkeys(paths))
        result: dict[str, tuple[str, str]] = {}
        namespace = CARDDAV if kind == CONTACTS else CALDAV
        report = "addressbook-multiget" if kind == CONTACTS else "calendar-multiget"
        data = "address-data" if kind == CONTACTS else "calendar-data"
        for start in range(0, len(wanted), MULTIGET_BATCH):
            root = _element(namespace, report)
            prop = _element(DAV, "prop", root)
            _element(DAV, "getetag", prop)
            _element(namespace, data, prop)
            for path in wanted[start : start + MULTIGET_BATCH]:
                _element(DAV, "href", root).text = quote(path)
            for item in self._multistatus("REPORT", url, _body(root), "1"):
                if item.status is not None and item.status >= 300:
                    continue
                text = item.text(namespace, data)
                etag = item.text(DAV, "getetag")
                if text is None or etag is None:
                    continue
                result[urlsplit(urljoin(url, item.href)).path] = (etag, text)
        return result

    def get(self, path: str) -> tuple[str, str] | None:
        """(ETag, text) of one resource, or None if it is gone."""
        response = self.request("GET", self.absolute(path))
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise SyncError(f"Reading {path} failed ({response.status_code} {response.reason}).")
        return response.headers.get("ETag", ""), response.content.decode("utf-8", "replace")

    def put(
        self, path: str, text: str, content_type: str, *, etag: str | None = None
    ) -> str | None:
        """Create (``etag`` None: only if absent) or replace (only if unchanged) a resource.

        Returns the new ETag when the server says it (None otherwise); raises
        :class:`PreconditionFailed` when the resource changed or appeared meanwhile.
        """
        headers = {"Content-Type": content_type}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        response = self.request("PUT", self.absolute(path), body=text, headers=headers)
        if response.status_code == 412:
            raise PreconditionFailed(path)
        if response.status_code in (403, 415) and b"supported-calendar-component" in (
            response.content or b""
        ):
            raise ComponentNotAccepted(
                f"The calendar refused {path.rsplit('/', 1)[-1]}: it does not take that kind "
                "of entry."
            )
        if response.status_code == 404:
            raise NoSuchCollectionError(
                f"The server has no address book or calendar for {path} any more."
            )
        if response.status_code not in (200, 201, 204):
            raise SyncError(
                f"The server refused to store {path} ({response.status_code} {response.reason})."
            )
        return response.headers.get("ETag")

    def delete(self, path: str, *, etag: str | None = None) -> None:
        """Delete a resource (only if unchanged when ``etag`` is given); gone already is fine."""
        headers = {"If-Match": etag} if etag else {}
        response = self.request("DELETE", self.absolute(path), headers=headers)
        if response.status_code == 412:
            raise PreconditionFailed(path)
        if response.status_code not in (200, 204, 404):
            raise SyncError(
                f"The server refused to delete {path} ({response.status_code} {response.reason})."
            )


# --- TLS: the system's trust store, and telling http from https ----------------------------------


def _system_trust_adapter() -> Any:
    """A ``requests`` adapter whose TLS trusts what the operating system trusts.

    ``requests`` alone trusts only certifi's bundle, so a certificate the user installed in
    the system store (a home server's own CA) was refused. ``truststore`` verifies through
    the platform: the system store on Linux (OpenSSL's default paths, ``SSL_CERT_FILE``),
    the Keychain on macOS, the certificate store on Windows.
    """
    import ssl

    import truststore
    from requests.adapters import HTTPAdapter

    class SystemTrustAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            super().init_poolmanager(*args, **kwargs)

        def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
            super().cert_verify(conn, url, verify, cert)
            if verify is True:  # the system's store, not certifi's bundle on top of it
                conn.ca_certs = None
                conn.ca_cert_dir = None

    return SystemTrustAdapter()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _reason(exc: BaseException) -> str:
    """The innermost message of a chain of wrapped exceptions (urllib3 wraps ssl's)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException) and current.args:
            inner = current.args[0] if isinstance(current.args[0], BaseException) else None
        current = inner or current.__cause__ or current.__context__
    text = str(seen[-1]).strip()
    return text or type(seen[-1]).__name__


def _certificate_refused(exc: BaseException) -> bool:
    """Whether a TLS failure is the certificate check (not a handshake with no TLS at all)."""
    import ssl

    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        for inner in (getattr(current, "reason", None), current.__cause__, current.__context__):
            if isinstance(inner, BaseException):
                stack.append(inner)
        stack.extend(a for a in current.args if isinstance(a, BaseException))
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _host_port(url: str, default: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or default


def _speaks_plain_http(url: str, timeout: float) -> bool:
    """Whether the https:// address's host and port answer a plain HTTP request."""
    import socket

    host, port = _host_port(url, 443)
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(f"OPTIONS / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("ascii"))
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def _speaks_tls(url: str, timeout: float) -> bool:
    """Whether the http:// address's host and port complete a TLS handshake (certificate
    unchecked: this only asks which protocol the port expects)."""
    import socket
    import ssl

    host, port = _host_port(url, 80)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as sock,
            context.wrap_socket(sock, server_hostname=host or None),
        ):
            return True
    except (OSError, ValueError):
        return False


def _expects_https(url: str) -> MixedUpSchemeError:
    secure = urlunsplit(urlsplit(url)._replace(scheme="https"))
    return MixedUpSchemeError(
        f"{urlsplit(url).netloc} expects HTTPS on this port: use an address starting with "
        f"https:// ({_origin(secure)})."
    )


def same_server(a: str, b: str) -> bool:
    """Whether two URLs point at the same scheme and host (collections must live there)."""
    return _same_origin(a, b)
