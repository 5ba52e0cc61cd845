"""Per-org fair share of the queues the router feeds, so one org's burst can not starve the others.

Each queue the router feeds has two lanes (two SQS queues, each with its own mapping; the delivery
lanes have a worker function each, the triage lanes share one): the prompt lane and the bulk lane.
Each org has a token bucket per queue (`burst` tokens, refilled at `rate_per_second`): a message
that finds a token goes on the prompt lane; one past the bucket puts its org in debt and goes on the
bulk lane, at once and undelayed. The org stays on the bulk lane until its debt is paid at the rate
(it kept within its rate for debt / rate seconds), so its messages change lane only after a pause in
which its own bulk backlog had time to drain.

So the prompt lane holds at most `burst` messages of each busy org plus `rate_per_second` a
second, and a quiet org's message waits behind that bound, never behind a burst, whatever the
burst's size; the burst itself is worked off as fast as the bulk lane's consumers go. Nothing is
dropped or delayed: every message is on a queue (durable) from the start.

The buckets live in the router's container (one per stream shard batch at a time; with a
`ParallelizationFactor` of n, an org can get up to n times its share).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

MAX_TRACKED_ORGS = 10_000  # past it, orgs whose bucket is full again are forgotten
MAX_DEBT_SECONDS = 900  # an org's debt is capped at this many seconds of its rate
# Webhook deliveries: 10 at once on the prompt lane (one SQS batch), then 5 a second, per org. A quiet
# org's message then waits behind at most one batch of each busy org; MiniStack starts one batch per
# lane each time its poller comes round (0.2-1 s under load), and a second batch in flight there is
# a new worker process, whose cold start a quiet message would wait for. On AWS the bulk lane has
# the same concurrency, so a busy org past this share loses nothing but its place ahead of others.
DELIVERY_RATE_PER_SECOND, DELIVERY_BURST = 5.0, 10
# Automatic triage runs: 20 at once on the prompt lane, then 5 a second, per org (a run is heavier
# than a delivery: the bulk lane's concurrency is what a storm of new incidents gets).
TRIAGE_RATE_PER_SECOND, TRIAGE_BURST = 5.0, 20


class FairShare:
    """Which of an org's next messages are past its share (the bulk lane)."""

    def __init__(self, *, rate_per_second: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate_per_second = rate_per_second
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # org -> (tokens, when counted); below 0: in debt

    def overflows(self, orgs: Sequence[str]) -> list[bool]:
        """For each message of a send, given each one's org: whether it goes on the bulk lane."""
        now = self.clock()
        bulk: list[bool] = []
        for org_id in orgs:
            tokens = self._tokens(org_id, now) - 1
            bulk.append(tokens < 0)
            self._buckets[org_id] = (max(tokens, -MAX_DEBT_SECONDS * self.rate_per_second), now)
        if len(self._buckets) > MAX_TRACKED_ORGS:
            self._forget_idle(now)
        return bulk

    def _tokens(self, org_id: str, now: float) -> float:
        tokens, counted = self._buckets.get(org_id, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - counted) * self.rate_per_second)

    def _forget_idle(self, now: float) -> None:
        for org_id in [org for org in self._buckets if self._tokens(org, now) >= self.burst]:
            del self._buckets[org_id]
