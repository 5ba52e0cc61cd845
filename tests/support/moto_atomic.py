"""moto answering one request at a time, as DynamoDB and SQS apply each request atomically.

moto's backends are not thread-safe: its `TransactWriteItems` deep-copies the tables it writes
(for its rollback) and fails with "dictionary changed size during iteration" when another thread
writes beside it. The layer makes requests from two threads in one invocation (the event router
queues automatic triage beside its deliveries), so every suite on moto serves its requests under
one lock; the threads still interleave between requests, as they do against AWS.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto.core.botocore_stubber import BotocoreStubber

_LOCK = threading.RLock()  # re-entrant: a moto backend that calls another service answers in the same thread


@contextmanager
def one_request_at_a_time() -> Iterator[None]:
    """While the block runs, moto answers one request at a time."""
    answer = BotocoreStubber.__call__

    def atomic(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return answer(self, event_name, request, **kwargs)

    BotocoreStubber.__call__ = atomic  # type: ignore[method-assign]
    try:
        yield
    finally:
        BotocoreStubber.__call__ = answer  # type: ignore[method-assign]
