"""An in-memory stand-in for the rate limits' counters, subclassing the real interface."""

from __future__ import annotations

from incident_core.storage.rate_counters import WINDOW_SECONDS, RateCounterStore, Window, window_start


class InMemoryRateCounterStore(RateCounterStore):
    """Counters by (name, window start), never past their limit, like the conditional update."""

    def __init__(self) -> None:
        self.hits: dict[tuple[str, int], int] = {}

    def take(self, counter: str, *, limit: int, now: float) -> Window:
        key = (counter, window_start(now))
        ends = key[1] + WINDOW_SECONDS
        if self.hits.get(key, 0) >= limit:
            return Window(limit=limit, used=limit, resets_at=ends, allowed=False)
        self.hits[key] = self.hits.get(key, 0) + 1
        return Window(limit=limit, used=self.hits[key], resets_at=ends, allowed=True)

    def give_back(self, counter: str, *, now: float) -> None:
        key = (counter, window_start(now))
        if self.hits.get(key, 0) > 0:
            self.hits[key] -= 1
