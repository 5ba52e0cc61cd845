"""In-memory stand-ins for the alert rules: the incident fake, plus a seam for the first-alert race."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from incident_core.analytics.counters import StatsDeltas
from incident_core.storage.outbox import EventRecord
from tests.support.fakes.incidents import InMemoryIncidentRepository


class RacingIncidentRepository(InMemoryIncidentRepository):
    """The in-memory incident repository where another writer can win the next dedup claim.

    Set `before_next_claim` to what the other writer does (e.g. another alert of the same key
    opening its incident): it runs once, right before the next `create_incident` that claims a
    dedup key, so that claim then finds the key taken, as two alerts at once do against DynamoDB.
    """

    def __init__(self) -> None:
        super().__init__()
        self.before_next_claim: Callable[[], object] | None = None
        self.claims_lost = 0

    def create_incident(
        self,
        *,
        incident: Mapping[str, Any],
        events: list[EventRecord],
        counters: Mapping[str, int],
        dedup_claim: str | None = None,
        stats: StatsDeltas | None = None,
    ) -> None:
        if dedup_claim and self.before_next_claim is not None:
            concurrent_writer, self.before_next_claim = self.before_next_claim, None
            concurrent_writer()
        key = (str(incident["org_id"]), dedup_claim) if dedup_claim else None
        if key and key in self.dedup:
            self.claims_lost += 1
        super().create_incident(
            incident=incident, events=events, counters=counters, dedup_claim=dedup_claim, stats=stats
        )
