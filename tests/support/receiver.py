"""A webhook subscriber for tests: an HTTP server on 127.0.0.1 (free port) that records
what it receives and answers from a script (e.g. 500, 500, then 200)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    # Status codes to answer, in order; the last one repeats. Per path when keyed by path.
    script: list[int] = field(default_factory=lambda: [200])
    delay_seconds: float = 0.0
    extra_headers: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self._lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        with self._lock:
            return list(self.received)


class _Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a worker's batch of 10 concurrent POSTs would
    # overflow it, and a dropped SYN is retried by the kernel a whole second later.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def webhook_receiver(path: str = "/hook") -> Iterator[Receiver]:
    """Start a receiver on 127.0.0.1 on a free port; stopped when the block ends."""
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = state["receiver"]
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver._lock:
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.time())
                )
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            status = receiver.next_status()
            self.send_response(status)
            for name, value in receiver.extra_headers.items():
                self.send_header(name, value)
            payload = b'{"ok": true}' if status < 300 else b'{"error": "scripted failure"}'
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            return

    server = _Server(("127.0.0.1", 0), Handler)
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}{path}")
    state["receiver"] = receiver
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
