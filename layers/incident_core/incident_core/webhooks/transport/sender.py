"""HTTP transport of webhook deliveries (stdlib `http.client`, nothing else).

One POST per call, to an address the URL guard checked (the connection goes to that
address itself, with the original host in `Host` and in TLS SNI), no redirects, at most
64 KiB of the answer read, one deadline for the whole request. Every outcome is a
`DeliveryReceipt`: a transport failure is a receipt with an `error`, never an exception.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import math
import socket
import ssl
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import IPv6Address

from incident_core.webhooks.transport.url_guard import (
    IPAddress,
    Resolver,
    UnsafeUrl,
    WebhookTarget,
    parse_webhook_url,
    resolve_target,
)

USER_AGENT = "incident-api-webhooks/1.0"
MAX_RESPONSE_BYTES = 64 * 1024
EXCERPT_BYTES = 1024
# Headers the sender sets itself; a subscription's own headers can not replace them.
SENDER_HEADERS = frozenset({"host", "content-type", "content-length", "user-agent", "connection", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: Mapping[str, str]
    """Signature and subscription headers; `Host`, `Content-Type`, `Content-Length`, `User-Agent` are the sender's."""
    timeout_seconds: float


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """The outcome of one attempt: a status code, or (only when there is none) an error."""

    status_code: int | None
    latency_ms: float
    error: str | None
    response_excerpt: str | None
    retry_after_seconds: float | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookSender(ABC):
    """Sends one webhook request; implementations never raise for a failed delivery."""

    @abstractmethod
    def send(self, request: WebhookRequest) -> DeliveryReceipt: ...


class HttpWebhookSender(WebhookSender):
    """POSTs over HTTP(S) to addresses checked by the URL guard."""

    def __init__(
        self, *, allow_insecure: bool, resolver: Resolver | None = None, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._allow_insecure = allow_insecure
        self._resolver = resolver
        self._ssl_context = ssl_context

    def send(self, request: WebhookRequest) -> DeliveryReceipt:
        started = time.monotonic()
        try:
            target = parse_webhook_url(request.url, allow_insecure=self._allow_insecure)
            addresses = resolve_target(
                target.host, target.port, allow_insecure=self._allow_insecure, resolver=self._resolver
            )
            context = self._tls_context() if target.scheme == "https" else None
        except UnsafeUrl as error:
            return _failed(started, f"refused: {error.message}")
        connection = _PinnedConnection(
            target, addresses, deadline=started + request.timeout_seconds, ssl_context=context
        )
        try:
            return _exchange(connection, target, request, started=started)
        finally:
            connection.close()

    def _tls_context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context()
        return self._ssl_context


def _exchange(
    connection: _PinnedConnection, target: WebhookTarget, request: WebhookRequest, *, started: float
) -> DeliveryReceipt:
    """Send the request and read the answer, turning every transport failure into a receipt."""
    watchdog = threading.Timer(max(connection.deadline - time.monotonic(), 0.0), connection.abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", target.path, body=request.body, headers=_outgoing_headers(target, request))
        response = connection.getresponse()
        if connection.aborted:  # headers cut short by the deadline look complete to http.client
            raise TimeoutError("deadline passed while reading the response headers")
        body = _read_limited(response)
    except Exception as error:
        if connection.aborted or isinstance(error, TimeoutError):
            return _failed(started, f"timed out after {request.timeout_seconds:g} s")
        if isinstance(error, ssl.SSLError):
            return _failed(started, f"TLS error: {error}")
        if isinstance(error, OSError):
            return _failed(started, f"connection failed: {error.strerror or error}")
        if isinstance(error, http.client.HTTPException):
            return _failed(started, f"invalid HTTP response: {error!r}")
        if isinstance(error, ValueError):
            return _failed(started, f"invalid request: {error}")
        return _failed(started, f"unexpected error: {error!r}")
    finally:
        watchdog.cancel()
        watchdog.join()  # abort() must be over before the caller closes (and the OS reuses) the socket
    return DeliveryReceipt(
        status_code=response.status,
        latency_ms=_elapsed_ms(started),
        error=None,
        response_excerpt=body[:EXCERPT_BYTES].decode("utf-8", errors="replace"),
        retry_after_seconds=parse_retry_after(response.getheader("Retry-After")),
    )


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to checked addresses, bounded by one deadline.

    The deadline bounds each connect and handshake through socket timeouts, and the whole
    exchange through `abort` (called by a timer), which shuts the socket down under a
    reader that a slow-dripping server would otherwise keep waiting.
    """

    def __init__(
        self,
        target: WebhookTarget,
        addresses: list[IPAddress],
        *,
        deadline: float,
        ssl_context: ssl.SSLContext | None,
    ) -> None:
        super().__init__(target.host, target.port)
        self.deadline = deadline
        self.aborted = False
        self._target = target
        self._addresses = addresses
        self._ssl_context = ssl_context

    def connect(self) -> None:
        sock = self._connect_any()
        if self._ssl_context is not None:
            sock = self._ssl_context.wrap_socket(sock, server_hostname=self._target.host, do_handshake_on_connect=False)
            self.sock = sock
            sock.settimeout(self._remaining())
            sock.do_handshake()
        self.sock = sock
        sock.settimeout(self._remaining())

    def abort(self) -> None:
        """Stop the exchange at the deadline (called from the watchdog thread)."""
        self.aborted = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown: SSLSocket's own would drop its SSL object under the reader.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _connect_any(self) -> socket.socket:
        """Connect to the first checked address that answers."""
        last_error: OSError = ConnectionError("no address to connect to")
        for address in self._addresses:
            mapped = address.ipv4_mapped if isinstance(address, IPv6Address) else None
            destination = mapped if mapped is not None else address
            family = socket.AF_INET6 if destination.version == 6 else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            self.sock = sock
            try:
                sock.settimeout(self._remaining())
                sock.connect((str(destination), self._target.port))
            except OSError as error:
                sock.close()
                self.sock = None
                last_error = error
                if isinstance(error, TimeoutError):
                    raise
                continue
            return sock
        raise last_error

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or self.aborted:
            raise TimeoutError("deadline passed")
        return remaining


def _outgoing_headers(target: WebhookTarget, request: WebhookRequest) -> dict[str, str]:
    headers = {name: value for name, value in request.headers.items() if name.lower() not in SENDER_HEADERS}
    headers.update(
        {
            "Host": target.host_header,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Connection": "close",
        }
    )
    return headers


def _read_limited(response: http.client.HTTPResponse) -> bytes:
    """At most `MAX_RESPONSE_BYTES` of the body; a body cut short (or by the deadline) keeps what arrived.

    The status line and headers have arrived by now, and they decide the outcome: the body
    is only an excerpt for the delivery log.
    """
    chunks: list[bytes] = []
    remaining = MAX_RESPONSE_BYTES
    while remaining > 0:
        try:
            chunk = response.read(remaining)
        except http.client.IncompleteRead as error:
            chunks.append(error.partial[:remaining])
            break
        except (OSError, ValueError, http.client.HTTPException):
            break
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value: delay seconds or an HTTP date; None when absent or invalid."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _failed(started: float, error: str) -> DeliveryReceipt:
    return DeliveryReceipt(
        status_code=None,
        latency_ms=_elapsed_ms(started),
        error=error,
        response_excerpt=None,
        retry_after_seconds=None,
    )


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
