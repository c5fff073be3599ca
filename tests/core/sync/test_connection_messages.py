"""What a user reads when the connection itself is wrong: certificates (trusting what the
system trusts), http and https mixed up, and Test connection's own words.

Real servers on 127.0.0.1: Radicale over TLS with a certificate signed by a CA generated for
the test, the shared plain-HTTP Radicale, and a tiny server that answers 500.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.core.sync.dav import DavClient
from kith.core.sync.discovery import discover
from kith.core.sync.errors import CertificateError, MixedUpSchemeError, OfflineError, ServerError
from tests.dav_server import DavUser, RadicaleServer, TlsFiles, free_port, make_tls_files

RETRY_PROMISE = "tries again later"


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_radicale(
    tmp_path_factory: pytest.TempPathFactory, tls_files: TlsFiles
) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale-tls"), tls=tls_files).start()
    yield server
    server.stop()


@pytest.fixture
def system_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The system's trust store, as OpenSSL finds it: ``SSL_CERT_FILE``. Starts as a copy of
    the machine's own bundle (so it holds the public CAs and not the test's CA)."""
    import ssl

    bundle = tmp_path / "system-store.pem"
    default = ssl.get_default_verify_paths().openssl_cafile
    bundle.write_bytes(Path(default).read_bytes() if Path(default).is_file() else b"")
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(variable, raising=False)
    return bundle


def test_a_certificate_the_system_does_not_trust_is_refused_with_advice_that_works(
    tls_radicale: RadicaleServer, tls_files: TlsFiles, system_store: Path
) -> None:
    user = tls_radicale.add_user()
    with (
        DavClient(user.url, user.username, user.password, timeout=5) as dav,
        pytest.raises(CertificateError) as refused,
    ):
        dav.principal()
    message = str(refused.value)
    assert "certificate is not trusted" in message
    assert "update-ca-certificates" in message and "Kith trusts what your system trusts" in message
    # The advice: install the server's CA in the system store. Then the same address works.
    with system_store.open("ab") as store:
        store.write(b"\n" + tls_files.authority.read_bytes())
    found = discover(user.url, user.username, user.password, timeout=5)
    assert found.principal.endswith(f"/{user.username}/")


def test_https_typed_for_a_plain_http_server_says_so(dav_user: DavUser, system_store: Path) -> None:
    secure = dav_user.url.replace("http://", "https://")
    with pytest.raises(MixedUpSchemeError) as mixed:
        discover(secure, dav_user.username, dav_user.password, timeout=5)
    message = str(mixed.value)
    assert "speaks plain HTTP" in message
    assert dav_user.url in message  # the address to use instead
    assert "certificate" not in message and "offline" not in message


def test_http_typed_for_a_port_that_expects_https_says_so(
    tls_radicale: RadicaleServer,
) -> None:
    user = tls_radicale.add_user()
    plain = user.url.replace("https://", "http://")
    with pytest.raises(MixedUpSchemeError) as mixed:
        discover(plain, user.username, user.password, timeout=5)
    message = str(mixed.value)
    assert "expects HTTPS" in message
    assert user.url in message
    assert "offline" not in message


def test_test_connection_never_promises_to_try_again_later() -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(OfflineError) as offline:
        discover(nowhere, "ana", "pw", timeout=5)
    assert "cannot reach" in str(offline.value)
    assert RETRY_PROMISE not in str(offline.value)
    assert "try again" in str(offline.value)

    class Broken(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with pytest.raises(ServerError) as broken:
            discover(url, "ana", "pw", timeout=5)
        assert "had a problem (500" in str(broken.value)
        assert RETRY_PROMISE not in str(broken.value)
        # A sync, which Kith does try again, still says so.
        with (
            DavClient(url, "ana", "pw", timeout=5, retries_later=True) as dav,
            pytest.raises(ServerError, match=RETRY_PROMISE),
        ):
            dav.principal()
    finally:
        server.shutdown()
        server.server_close()
