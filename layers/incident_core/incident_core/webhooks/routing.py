"""The routing rules: which subscriptions an event goes to, and the delivery it becomes.

Pure functions, no storage: the router applies them to every event of the stream, the
subscription API to its test events, the delivery worker to pick the signing secrets.
Nothing here imports pydantic, so the router and the worker start without it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from incident_core.core.clock import iso, utc_now
from incident_core.incidents.vocabulary import SEVERITY_RANK, Severity
from incident_core.storage.outbox import EventRecord
from incident_core.webhooks.catalog import ALL_EVENTS, event_type

DELIVERY_TTL = timedelta(days=30)


def event_payload(event: EventRecord) -> dict[str, Any]:
    """The body subscribers receive; `sequence` orders events of one incident.

    The event comes by its name (`event`: `incident.created`) and its type (`event_type`:
    `INCIDENT_CREATED`); the data of an incident's event carries the incident's id as
    `incident_id` (the incident's own `id` when the data is the incident).
    """
    data = dict(event.data)
    if event.subject == "incident":
        data.setdefault("incident_id", event.subject_id)
    payload: dict[str, Any] = {
        "id": event.event_id,
        "event": event.name,
        "event_type": event_type(event.name),
        "timestamp": event.occurred_at,
        "org_id": event.org_id,
        "sequence": event.sequence,
        "data": data,
    }
    if event.changes:
        payload["changes"] = dict(event.changes)
    return payload


def delivery_id_for(event_id: str, webhook_id: str, occurred_at: str) -> str:
    """Deterministic (a re-run router makes the same id) and sortable by the event's time."""
    digits = "".join(character for character in occurred_at if character.isdigit())
    digest = hashlib.sha256(f"{event_id}:{webhook_id}".encode()).hexdigest()[:24]
    return f"msg_{digits}_{digest}"


def subscription_wants(subscription: Mapping[str, Any], event: EventRecord) -> bool:
    """Whether an active subscription's event names and filters match the event."""
    if not subscription.get("is_active", True):
        return False
    names = subscription.get("events") or []
    if ALL_EVENTS not in names and event.name not in names:
        return False
    filters = subscription.get("filters") or {}
    severity = event.data.get("severity")
    minimum = filters.get("min_severity")
    if minimum and severity in SEVERITY_RANK and SEVERITY_RANK[Severity(severity)] < SEVERITY_RANK[Severity(minimum)]:
        return False
    types = filters.get("incident_types")
    return not (types and event.subject == "incident" and event.data.get("incident_type") not in types)


def new_delivery(*, subscription: Mapping[str, Any], payload: Mapping[str, Any], delivery_id: str) -> dict[str, Any]:
    """A pending delivery of `payload` to `subscription`; stored with it, so every attempt sends the same bytes."""
    now = utc_now()
    return {
        "id": delivery_id,
        "org_id": subscription["org_id"],
        "webhook_id": subscription["id"],
        "event_id": payload["id"],
        "event": payload["event"],
        "status": "pending",
        "attempt_count": 0,
        "attempts": [],
        "payload_json": json.dumps(payload, separators=(",", ":"), default=str),
        "created_at": iso(now),
        "expires_at": int((now + DELIVERY_TTL).timestamp()),
    }


def signing_secrets(subscription: Mapping[str, Any], *, now: str) -> list[str]:
    """The secrets that sign a delivery now: the current one, and the previous during its overlap."""
    secrets = [str(subscription["secret"])]
    previous, until = subscription.get("previous_secret"), subscription.get("previous_secret_expires_at")
    if previous and until and str(until) > now:
        secrets.append(str(previous))
    return secrets
