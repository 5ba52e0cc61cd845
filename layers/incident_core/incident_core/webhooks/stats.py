"""Delivery statistics of a subscription: counters the worker adds to, read without a scan.

Stored at `ORG#<org>#WEBHOOK#<id>` / `STATS`: atomic ADD counters, one `events:<name>`
counter per event name, and the time of the last delivery. Shown with the fields of the
other spelling too: `subscription_id` (= `webhook_id`), `average_response_time` (= the
milliseconds of `average_response_time_ms`); `events_by_type` is keyed by event type
(`INCIDENT_CREATED`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from incident_core.storage.dynamo import DynamoTable, item_key, marshal
from incident_core.storage.keys import STATS_SK, webhook_pk
from incident_core.webhooks.catalog import event_type

EVENT_COUNTER_PREFIX = "events:"


@dataclass(slots=True)
class DeliveryStats:
    """Counter deltas of a subscription's statistics, summed over one or more attempts."""

    attempts_total: int = 0
    response_count: int = 0
    response_time_total_ms: int = 0
    total_deliveries: int = 0
    successful_deliveries: int = 0
    failed_deliveries: int = 0
    events: dict[str, int] = field(default_factory=dict)
    last_delivery_at: str = ""

    def add_attempt(self, attempt: Mapping[str, Any], *, status: str, final: bool, event: str) -> None:
        self.attempts_total += 1
        if attempt.get("status_code") is not None:
            self.response_count += 1
            self.response_time_total_ms += round(float(attempt.get("latency_ms") or 0))
        if final:
            self.total_deliveries += 1
            if status == "delivered":
                self.successful_deliveries += 1
            else:
                self.failed_deliveries += 1
            self.events[event] = self.events.get(event, 0) + 1
        self.last_delivery_at = max(self.last_delivery_at, str(attempt["attempted_at"]))

    def merge(self, other: DeliveryStats) -> None:
        for name in ("attempts_total", "response_count", "response_time_total_ms", "total_deliveries"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.successful_deliveries += other.successful_deliveries
        self.failed_deliveries += other.failed_deliveries
        for event, count in other.events.items():
            self.events[event] = self.events.get(event, 0) + count
        self.last_delivery_at = max(self.last_delivery_at, other.last_delivery_at)

    def counters(self) -> dict[str, int]:
        """Attribute name -> delta, the non-zero ones."""
        named = {
            "attempts_total": self.attempts_total,
            "response_count": self.response_count,
            "response_time_total_ms": self.response_time_total_ms,
            "total_deliveries": self.total_deliveries,
            "successful_deliveries": self.successful_deliveries,
            "failed_deliveries": self.failed_deliveries,
            **{f"{EVENT_COUNTER_PREFIX}{event}": count for event, count in self.events.items()},
        }
        return {name: delta for name, delta in named.items() if delta}


def stats_view(webhook_id: str, counters: Mapping[str, Any]) -> dict[str, Any]:
    """The statistics as the API shows them, from the stored counters."""
    total = int(counters.get("total_deliveries", 0))
    successful = int(counters.get("successful_deliveries", 0))
    responses = int(counters.get("response_count", 0))
    average_ms = round(int(counters.get("response_time_total_ms", 0)) / responses, 1) if responses else None
    events: dict[str, int] = {}
    for name, value in counters.items():
        if name.startswith(EVENT_COUNTER_PREFIX):
            key = event_type(name.removeprefix(EVENT_COUNTER_PREFIX))
            events[key] = events.get(key, 0) + int(value)
    return {
        "webhook_id": webhook_id,
        "subscription_id": webhook_id,
        "total_deliveries": total,
        "successful_deliveries": successful,
        "failed_deliveries": int(counters.get("failed_deliveries", 0)),
        "success_rate": round(successful / total, 4) if total else None,
        "total_attempts": int(counters.get("attempts_total", 0)),
        "average_response_time_ms": average_ms,
        "average_response_time": average_ms,
        "last_delivery_at": counters.get("last_delivery_at"),
        "events_by_type": events,
    }


class DynamoStatsStore(DynamoTable):
    """The statistics part of `DynamoWebhookRepository`."""

    def add_stats(self, *, org_id: str, webhook_id: str, stats: DeliveryStats) -> None:
        # A plain ADD, not part of a transaction: every delivery of a subscription adds to
        # this one item, and concurrent transactions on one item cancel each other.
        names = {"#last": "last_delivery_at"}
        values: dict[str, Any] = {":at": stats.last_delivery_at}
        adds = []
        for i, (name, delta) in enumerate(stats.counters().items()):
            names[f"#c{i}"] = name
            values[f":c{i}"] = delta
            adds.append(f"#c{i} :c{i}")
        if not adds:
            return
        self.client.update_item(
            TableName=self.table_name,
            Key=item_key(webhook_pk(org_id, webhook_id), STATS_SK),
            UpdateExpression=f"SET #last = :at ADD {', '.join(adds)}",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=marshal(values),
        )

    def get_stats(self, *, org_id: str, webhook_id: str) -> dict[str, Any]:
        return self.get_fields(item_key(webhook_pk(org_id, webhook_id), STATS_SK), consistent=False) or {}
