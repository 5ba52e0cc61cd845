"""When to send a request again, and how long to wait first.

429 (rate limited) and 503 (busy) were not acted on: they are retried, after `Retry-After` when
the answer has one, else after an exponential backoff with full jitter. A connection that could
not be made is retried the same way; a request that may have reached the API (a read timeout,
a dropped connection) only when repeating it is safe: a read, or a create with an
Idempotency-Key (the SDK sends one on every create).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from incident_api.errors import retry_after_seconds

RETRY_STATUSES = frozenset({429, 503})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class RetryPolicy:
    """`max_retries` retries at most; `max_retry_after`: the longest `Retry-After` waited for
    (a longer one raises at once: `RateLimitError.retry_after` says how long)."""

    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    max_retry_after: float = 65.0

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(backoff_max, backoff_base * 2**attempt)]."""
        ceiling = min(self.backoff_max, self.backoff_base * 2**attempt)
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not a secret

    def delay_after_answer(self, attempt: int, response: httpx.Response) -> float | None:
        """Seconds to wait before sending again after this answer; None: do not retry."""
        if response.status_code not in RETRY_STATUSES or attempt >= self.max_retries:
            return None
        retry_after = retry_after_seconds(response.headers)
        if retry_after is None:
            return self.backoff(attempt)
        return retry_after if retry_after <= self.max_retry_after else None

    def delay_after_failure(self, attempt: int, request: httpx.Request, error: httpx.TransportError) -> float | None:
        """Seconds to wait before sending again after a transport failure; None: do not retry."""
        if attempt >= self.max_retries:
            return None
        never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        if never_sent or is_repeatable(request.method, request.headers):
            return self.backoff(attempt)
        return None


NO_RETRIES = RetryPolicy(max_retries=0)


def is_repeatable(method: str, headers: Mapping[str, str]) -> bool:
    """Whether sending the request twice does what sending it once does."""
    return method.upper() in SAFE_METHODS or IDEMPOTENCY_HEADER.lower() in {name.lower() for name in headers}


def sleep(seconds: float) -> None:
    """The sync client's wait between attempts (one place, so tests can record the waits)."""
    time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """The async client's wait between attempts."""
    await asyncio.sleep(seconds)
