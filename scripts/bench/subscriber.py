"""The webhook subscriber of the delivery throughput, in a process of its own on 127.0.0.1 (a
subscriber in the bench's process would take the worker's GIL)."""

from __future__ import annotations

import contextlib
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from scripts.bench.config import BENCH_DIR
from scripts.bench.errors import BenchError

SUBSCRIBER_SOURCE = '''\
"""The bench's webhook subscriber, in a process of its own (as a subscriber is): POSTs to
/hook answer 200 after the current delay; POST /control?delay_ms=N sets it; GET /control
answers the number of POSTs received so far."""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

state = {"delay": 0.0, "posts": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        url = urlparse(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/control":
            state["delay"] = int(parse_qs(url.query)["delay_ms"][0]) / 1000
            return self._answer(200, b"{}")
        with lock:
            state["posts"] += 1
        time.sleep(state["delay"])
        self._answer(200, b\'{"ok": true}\')

    def do_GET(self):
        self._answer(200, str(state["posts"]).encode())

    def log_message(self, format, *args):
        return


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # a batch of 10 concurrent POSTs must not overflow the backlog
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
sys.stdout.write(f"{server.server_address[1]}\\n")
sys.stdout.flush()
server.serve_forever()
'''


@dataclass
class SubscriberProcess:
    """The bench's subscriber, running in a process of its own on 127.0.0.1."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def set_delay(self, seconds: float) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/control?delay_ms={round(seconds * 1000)}", data=b"", method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - our own 127.0.0.1 server
            answer.read()

    def posts(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/control", timeout=5) as answer:
            return int(answer.read())


@contextlib.contextmanager
def subscriber_process(python: str) -> Iterator[SubscriberProcess]:
    """Start the subscriber (its port read from its first line of output); stopped by its pid."""
    script = BENCH_DIR / "subscriber.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(SUBSCRIBER_SOURCE)
    process = subprocess.Popen([python, "-S", "-s", "-E", "-B", str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.isdigit():
            raise BenchError(f"the bench's subscriber did not start (said {line!r})")
        yield SubscriberProcess(int(line))
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
