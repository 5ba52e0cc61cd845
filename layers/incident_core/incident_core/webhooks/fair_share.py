"""Per-org fair share of the queues the router feeds, so one org's burst can not starve the others.

Each org has a token bucket per queue (`burst` tokens, refilled at `rate_per_second`). A message
that finds a token is queued visible at once; the ones beyond are queued with `DelaySeconds`
spreading them at the org's rate (the n-th message past the bucket becomes visible n / rate
seconds later). So at any moment the visible backlog holds at most `burst` messages of each org
plus `rate_per_second` per second of it, and a quiet org's message waits behind that bound, not
behind the whole burst. Nothing is dropped or reordered within an org beyond the delay: the
messages are on the queue (durable) from the start, and the deliveries they name are stored.

The buckets live in the router's container (one per stream shard batch at a time; with a
`ParallelizationFactor` of n, an org can get up to n times its share). SQS delays are at most
900 s: past that, messages are queued at 900 s, together.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence

from incident_core.core.sqs import MAX_DELAY_SECONDS

MAX_TRACKED_ORGS = 10_000  # past it, orgs whose bucket is full again are forgotten
# Webhook deliveries: 50 at once, then 50 a second, per org. The worker takes 20 batches of 10 at a
# time on AWS (hundreds a second, a quiet org's delivery waits well under a second behind a busy
# org's share); MiniStack serves ~50 a second, so there a quiet org waits about a second at most.
DELIVERY_RATE_PER_SECOND, DELIVERY_BURST = 50.0, 50
# Automatic triage runs: 50 at once, then 25 a second, per org (the worker takes 10 batches of 5 at a time).
TRIAGE_RATE_PER_SECOND, TRIAGE_BURST = 25.0, 50


class FairShare:
    """Delays (seconds) for an org's next messages: 0 within its share, spread at its rate beyond."""

    def __init__(self, *, rate_per_second: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate_per_second = rate_per_second
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # org -> (tokens, when counted); below 0: owed

    def spread(self, orgs: Sequence[str]) -> list[int]:
        """The delay of each message of a send, given each one's org: an org's messages take its next delays."""
        per_org = {org: iter(self.delays(org, count)) for org, count in Counter(orgs).items()}
        return [next(per_org[org]) for org in orgs]

    def delays(self, org_id: str, count: int) -> list[int]:
        now = self.clock()
        tokens = self._tokens(org_id, now)
        delays: list[int] = []
        for _ in range(count):
            tokens -= 1
            delays.append(0 if tokens >= 0 else min(MAX_DELAY_SECONDS, math.ceil(-tokens / self.rate_per_second)))
        self._buckets[org_id] = (max(tokens, -MAX_DELAY_SECONDS * self.rate_per_second), now)
        if len(self._buckets) > MAX_TRACKED_ORGS:
            self._forget_idle(now)
        return delays

    def _tokens(self, org_id: str, now: float) -> float:
        tokens, counted = self._buckets.get(org_id, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - counted) * self.rate_per_second)

    def _forget_idle(self, now: float) -> None:
        for org_id in [org for org in self._buckets if self._tokens(org, now) >= self.burst]:
            del self._buckets[org_id]
