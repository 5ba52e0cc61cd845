"""The webhook sender against a real HTTP server on 127.0.0.1 (no AWS involved)."""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from incident_core.webhooks.delivery import deliver
from incident_core.webhooks.queue import DeliveryMessage
from incident_core.webhooks.routing import new_delivery
from incident_core.webhooks.transport.sender import (
    EXCERPT_BYTES,
    MAX_RESPONSE_BYTES,
    USER_AGENT,
    DeliveryReceipt,
    HttpWebhookSender,
    WebhookRequest,
    WebhookSender,
    parse_retry_after,
)
from incident_core.webhooks.transport.signing import generate_secret, signature_headers, verify_standard
from tests.support.fakes.webhooks import InMemoryWebhookRepository

BODY = json.dumps({"id": "evt_1", "event": "incident.created", "org_id": "acme", "data": {}}).encode()


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: bytes
    header_lines: list[tuple[str, str]] = field(default_factory=list)  # every header line, repeats included


Behaviour = Callable[[BaseHTTPRequestHandler, "Receiver"], None]


@dataclass
class Receiver:
    """A subscriber: what it answers per path, and what it received."""

    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    connections: int = 0
    routes: dict[str, Behaviour] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, *, scheme: str = "http", host: str = "127.0.0.1") -> str:
        return f"{scheme}://{host}:{self.port}{path}"


class _Server(ThreadingHTTPServer):
    receiver: Receiver

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.receiver.connections += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        receiver = self.server.receiver
        length = int(self.headers.get("Content-Length", "0"))
        lines = list(self.headers.items())
        receiver.requests.append(Recorded(self.path, dict(lines), self.rfile.read(length), lines))
        behaviour = receiver.routes.get(self.path.partition("?")[0], answer(200, b"ok"))
        behaviour(self, receiver)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class names it so)
        pass


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    def behaviour(handler: BaseHTTPRequestHandler, _: Receiver) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return behaviour


@contextmanager
def running_receiver(tls: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    """Serve on 127.0.0.1 (optionally over TLS) in a thread; stop and close on exit."""
    state = Receiver()
    server = _Server(("127.0.0.1", 0), _Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.receiver = state
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()  # let stalled handlers finish
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as state:
        yield state


@dataclass
class TlsReceiver:
    receiver: Receiver
    client_context: ssl.SSLContext
    """Trusts the receiver's self-signed certificate (for `hooks.test`) and nothing else."""
    server_names: list[str | None]


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[TlsReceiver]:
    certificate_pem, key_pem = self_signed_certificate("hooks.test")
    (tmp_path / "cert.pem").write_bytes(certificate_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server_names: list[str | None] = []
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server_context.sni_callback = lambda _socket, name, _context: server_names.append(name)
    client_context = ssl.create_default_context(cadata=certificate_pem.decode())
    with running_receiver(server_context) as state:
        yield TlsReceiver(state, client_context, server_names)


def self_signed_certificate(host_name: str) -> tuple[bytes, bytes]:
    """A throwaway certificate (PEM) for one DNS name, and its key (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host_name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def insecure_sender() -> HttpWebhookSender:
    return HttpWebhookSender(allow_insecure=True)


def post(
    sender: WebhookSender, url: str, *, timeout: float = 5.0, headers: dict[str, str] | None = None
) -> DeliveryReceipt:
    return sender.send(WebhookRequest(url=url, body=BODY, headers=headers or {}, timeout_seconds=timeout))


def test_success_delivers_the_body_and_headers(receiver: Receiver) -> None:
    secret = generate_secret()
    signed = signature_headers([secret], message_id="dlv_1", timestamp=int(time.time()), body=BODY)
    extra = {"X-Team": "sre", "Host": "evil.example", "Content-Type": "text/plain", "Content-Length": "1"}

    receipt = post(insecure_sender(), receiver.url("/hook?source=incidents"), headers={**signed, **extra})

    assert receipt.succeeded
    assert (receipt.status_code, receipt.error, receipt.response_excerpt) == (200, None, "ok")
    assert receipt.retry_after_seconds is None
    assert 0 < receipt.latency_ms < 5000
    [received] = receiver.requests
    assert received.path == "/hook?source=incidents"
    assert received.body == BODY
    assert received.headers["Host"] == f"127.0.0.1:{receiver.port}"
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["Content-Length"] == str(len(BODY))
    assert received.headers["User-Agent"] == USER_AGENT
    assert received.headers["X-Team"] == "sre"
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature", "X-Signature-256"):
        assert received.headers[name] == signed[name]
    assert verify_standard(secret, received.headers, received.body)


@pytest.mark.parametrize("status", [200, 201, 202, 204, 299])
def test_every_2xx_is_success(receiver: Receiver, status: int) -> None:
    receiver.routes["/hook"] = answer(status)
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert receipt.succeeded
    assert receipt.status_code == status


def test_a_name_is_connected_to_at_its_checked_address_with_its_own_host_header(receiver: Receiver) -> None:
    asked: list[tuple[str, int]] = []

    def dns(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["127.0.0.1"]

    receipt = post(HttpWebhookSender(allow_insecure=True, resolver=dns), receiver.url("/hook", host="hooks.test"))

    assert receipt.succeeded
    assert asked == [("hooks.test", receiver.port)]
    assert receiver.requests[0].headers["Host"] == f"hooks.test:{receiver.port}"


def test_server_error_is_a_failure_with_an_excerpt(receiver: Receiver) -> None:
    receiver.routes["/hook"] = answer(500, b'{"error":"database is down"}')
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert not receipt.succeeded
    assert receipt.status_code == 500
    assert receipt.error is None
    assert receipt.response_excerpt == '{"error":"database is down"}'


def test_gone_is_reported_as_410(receiver: Receiver) -> None:
    receiver.routes["/hook"] = answer(410, b"subscription removed")
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert (receipt.succeeded, receipt.status_code) == (False, 410)


def test_retry_after_in_seconds_is_parsed(receiver: Receiver) -> None:
    receiver.routes["/hook"] = answer(429, b"slow down", {"Retry-After": "120"})
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert (receipt.status_code, receipt.retry_after_seconds) == (429, 120.0)


def test_retry_after_as_http_date_is_parsed(receiver: Receiver) -> None:
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    receiver.routes["/hook"] = answer(503, b"maintenance", {"Retry-After": later})
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert receipt.status_code == 503
    assert receipt.retry_after_seconds is not None
    assert 85 <= receipt.retry_after_seconds <= 91


def test_slow_server_times_out_within_the_timeout(receiver: Receiver) -> None:
    def stall(handler: BaseHTTPRequestHandler, state: Receiver) -> None:
        state.release.wait(10)

    receiver.routes["/hook"] = stall
    started = time.monotonic()
    receipt = post(insecure_sender(), receiver.url("/hook"), timeout=0.5)
    elapsed = time.monotonic() - started

    assert receipt.status_code is None
    assert receipt.error == "timed out after 0.5 s"
    assert 0.4 <= elapsed < 1.5
    assert receipt.latency_ms >= 400


def test_a_server_dripping_its_headers_is_held_to_one_overall_deadline(receiver: Receiver) -> None:
    def drip(handler: BaseHTTPRequestHandler, state: Receiver) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for index in range(100):
            if state.release.wait(0.1):
                return
            handler.wfile.write(f"X-Drip-{index}: x\r\n".encode())
            handler.wfile.flush()

    receiver.routes["/hook"] = drip
    started = time.monotonic()
    receipt = post(insecure_sender(), receiver.url("/hook"), timeout=0.8)
    elapsed = time.monotonic() - started

    assert receipt.error == "timed out after 0.8 s"
    assert elapsed < 1.8


def test_huge_response_is_read_only_up_to_64_kib(receiver: Receiver) -> None:
    # The body claims 10 MiB, sends 64 KiB and stalls: reading one byte more would hang until the timeout.
    def huge(handler: BaseHTTPRequestHandler, state: Receiver) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(10 * 1024 * 1024))
        handler.end_headers()
        handler.wfile.write("é".encode() * (MAX_RESPONSE_BYTES // 2))
        handler.wfile.flush()
        state.release.wait(10)

    receiver.routes["/hook"] = huge
    started = time.monotonic()
    receipt = post(insecure_sender(), receiver.url("/hook"), timeout=3)

    assert time.monotonic() - started < 2
    assert receipt.succeeded
    assert receipt.error is None
    assert receipt.response_excerpt == "é" * (EXCERPT_BYTES // 2)


def test_excerpt_decodes_invalid_utf8_with_replacement(receiver: Receiver) -> None:
    receiver.routes["/hook"] = answer(400, b"bad \xff\xfe input")
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert receipt.response_excerpt == "bad \ufffd\ufffd input"


def test_redirects_are_not_followed(receiver: Receiver) -> None:
    receiver.routes["/hook"] = answer(302, b"", {"Location": receiver.url("/landing")})
    receipt = post(insecure_sender(), receiver.url("/hook"))
    assert (receipt.succeeded, receipt.status_code, receipt.error) == (False, 302, None)
    assert [request.path for request in receiver.requests] == ["/hook"]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_secure_sender_refuses_loopback_without_connecting(receiver: Receiver, scheme: str) -> None:
    receipt = post(HttpWebhookSender(allow_insecure=False), receiver.url("/hook", scheme=scheme))

    assert receipt.status_code is None
    assert receipt.error is not None
    assert receipt.error.startswith("refused: url ")
    assert ("https" in receipt.error) if scheme == "http" else ("loopback address (127.0.0.1)" in receipt.error)
    time.sleep(0.1)
    assert receiver.connections == 0
    assert receiver.requests == []


def test_a_name_resolving_to_loopback_is_refused_before_connecting(receiver: Receiver) -> None:
    sender = HttpWebhookSender(allow_insecure=False, resolver=lambda host, port: ["93.184.215.14", "127.0.0.1"])
    receipt = post(sender, receiver.url("/hook", scheme="https", host="rebind.test"))
    assert receipt.error == "refused: url resolves to a loopback address (127.0.0.1)"
    assert receiver.connections == 0


def test_metadata_address_is_refused_even_when_insecure() -> None:
    receipt = post(insecure_sender(), "http://169.254.169.254/latest/meta-data/")
    assert receipt.error == "refused: url resolves to a cloud metadata address (169.254.169.254)"


def test_tls_to_a_plain_http_server_is_a_tls_error(receiver: Receiver) -> None:
    receipt = post(insecure_sender(), receiver.url("/hook", scheme="https"))
    assert receipt.status_code is None
    assert receipt.error is not None
    assert receipt.error.startswith("TLS error: ")


def test_https_connects_to_the_checked_address_with_the_host_name_for_sni_and_verification(
    tls_receiver: TlsReceiver,
) -> None:
    receiver = tls_receiver.receiver
    sender = HttpWebhookSender(
        allow_insecure=True, resolver=lambda host, port: ["127.0.0.1"], ssl_context=tls_receiver.client_context
    )

    receipt = post(sender, receiver.url("/hook", scheme="https", host="hooks.test"))

    assert receipt.succeeded, receipt
    assert tls_receiver.server_names == ["hooks.test"]
    assert receiver.requests[0].headers["Host"] == f"hooks.test:{receiver.port}"


def test_https_refuses_a_certificate_for_another_name(tls_receiver: TlsReceiver) -> None:
    receiver = tls_receiver.receiver
    sender = HttpWebhookSender(
        allow_insecure=True, resolver=lambda host, port: ["127.0.0.1"], ssl_context=tls_receiver.client_context
    )

    receipt = post(sender, receiver.url("/hook", scheme="https", host="other.test"))

    assert receipt.status_code is None
    assert receipt.error is not None
    assert receipt.error.startswith("TLS error: ")
    assert "Hostname mismatch" in receipt.error
    assert receiver.requests == []


def test_https_verifies_against_the_system_trust_store_by_default(tls_receiver: TlsReceiver) -> None:
    receiver = tls_receiver.receiver
    sender = HttpWebhookSender(allow_insecure=True, resolver=lambda host, port: ["127.0.0.1"])

    receipt = post(sender, receiver.url("/hook", scheme="https", host="hooks.test"))

    assert receipt.error is not None
    assert "certificate verify failed" in receipt.error
    assert receiver.requests == []


def test_a_tls_server_stalling_after_the_handshake_times_out(tls_receiver: TlsReceiver) -> None:
    def stall(handler: BaseHTTPRequestHandler, state: Receiver) -> None:
        state.release.wait(10)

    receiver = tls_receiver.receiver
    receiver.routes["/hook"] = stall
    sender = HttpWebhookSender(
        allow_insecure=True, resolver=lambda host, port: ["127.0.0.1"], ssl_context=tls_receiver.client_context
    )
    started = time.monotonic()
    receipt = post(sender, receiver.url("/hook", scheme="https", host="hooks.test"), timeout=0.5)

    assert receipt.error == "timed out after 0.5 s"
    assert time.monotonic() - started < 1.5


def test_refused_connection_is_an_error_not_an_exception() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    receipt = post(insecure_sender(), f"http://127.0.0.1:{port}/hook")
    assert receipt.status_code is None
    assert receipt.error == "connection failed: Connection refused"


def test_header_injection_is_an_error_not_an_exception(receiver: Receiver) -> None:
    receipt = post(insecure_sender(), receiver.url("/hook"), headers={"X-Evil": "a\r\nX-Injected: 1"})
    assert receipt.status_code is None
    assert receipt.error is not None
    assert receipt.error.startswith("invalid request: ")
    assert receiver.requests == []


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, None),
        ("", None),
        ("0", 0.0),
        (" 30 ", 30.0),
        ("1.5", 1.5),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: retry now
        ("Mon, 23 Nov 2026 10:02:00 GMT", 120.0),
        ("Monday, 23-Nov-26 10:01:00 GMT", 60.0),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert parse_retry_after(value, now=now) == seconds


def test_a_worker_delivery_with_the_subscriptions_content_type_sends_one_content_type(receiver: Receiver) -> None:
    repository = InMemoryWebhookRepository()
    secret = generate_secret()
    subscription = {
        "id": "w1",
        "org_id": "acme",
        "url": receiver.url("/hook"),
        "secret": secret,
        "headers": {"X-API-Key": "k", "Content-Type": "application/json"},
        "timeout_seconds": 5,
        "max_retries": 3,
        "is_active": True,
        "version": 1,
    }
    repository.put_subscription(subscription, expected_version=None)
    payload = {"id": "e1", "event": "incident.created", "event_type": "INCIDENT_CREATED", "data": {}}
    repository.create_delivery(new_delivery(subscription=subscription, payload=payload, delivery_id="msg_1"))

    outcome = deliver(DeliveryMessage("acme", "w1", "msg_1"), repository=repository, sender=insecure_sender())

    assert outcome.status == "delivered"
    [received] = receiver.requests
    content_types = [value for name, value in received.header_lines if name.lower() == "content-type"]
    assert content_types == ["application/json"]
    assert received.headers["X-API-Key"] == "k"
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["X-Signature-256"] == expected
