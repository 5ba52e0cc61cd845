"""The outbox: the one place that builds event items.

An event item is at once an entry of its subject's timeline (the audit trail) and the
outbox record the table's stream hands to the event router (webhooks, automatic triage).
It is written in the same transaction as the change it describes, so no event exists
without its change and no change without its event.

Every event gets the same id scheme (a UUID), the sequence of its subject (the incident's
version after the change, so subscribers can order what arrives out of order) and one
retention rule: events of an incident are its timeline and live as long as the incident
(no TTL); events of a webhook subscription (`webhook.test`, `webhook.disabled`) are pure
outbox bookkeeping and expire after `EVENT_TTL_DAYS`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from incident_core.core.clock import now_iso, parse_iso
from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import marshal
from incident_core.storage.keys import EVENT_PREFIX, incident_pk, webhook_pk

TIMELINE_SUBJECTS = frozenset({"incident"})  # their events are an audit trail: never expire


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event of an incident (or a webhook): a timeline entry and a webhook outbox item."""

    event_id: str
    name: str
    org_id: str
    subject_id: str
    occurred_at: str
    actor: str
    sequence: int
    data: Mapping[str, Any]
    changes: Mapping[str, Any] | None = None
    subject: str = "incident"


def new_event(
    name: str,
    *,
    org_id: str,
    subject_id: str,
    actor: str,
    sequence: int,
    data: Mapping[str, Any],
    changes: Mapping[str, Any] | None = None,
    occurred_at: str | None = None,
    subject: str = "incident",
) -> EventRecord:
    """A new event, with a fresh id; `occurred_at` defaults to now."""
    return EventRecord(
        event_id=str(uuid.uuid4()),
        name=name,
        org_id=org_id,
        subject_id=subject_id,
        occurred_at=occurred_at or now_iso(),
        actor=actor,
        sequence=sequence,
        data=data,
        changes=dict(changes) if changes is not None else None,
        subject=subject,
    )


def incident_event(
    name: str,
    incident: Mapping[str, Any],
    *,
    actor: str,
    data: Mapping[str, Any],
    changes: Mapping[str, Any] | None = None,
    occurred_at: str | None = None,
) -> EventRecord:
    """An event of `incident` as it is after the change (its org, id and version)."""
    return new_event(
        name,
        org_id=str(incident["org_id"]),
        subject_id=str(incident["id"]),
        actor=actor,
        sequence=int(incident["version"]),
        data=data,
        changes=changes,
        occurred_at=occurred_at,
    )


def event_item(event: EventRecord, position: int) -> dict[str, Any]:
    """An event item; it shares the partition of its subject (incident or webhook)."""
    subject_pk = incident_pk if event.subject == "incident" else webhook_pk
    item: dict[str, Any] = {
        "pk": subject_pk(event.org_id, event.subject_id),
        "sk": f"{EVENT_PREFIX}{event.occurred_at}#{event.sequence:08d}#{position:02d}#{event.event_id}",
        "entity": "event",
        "event_id": event.event_id,
        "event": event.name,
        "org_id": event.org_id,
        "subject": event.subject,
        f"{event.subject}_id": event.subject_id,
        "occurred_at": event.occurred_at,
        "actor": event.actor,
        "sequence": event.sequence,
        "data_json": json.dumps(event.data, separators=(",", ":"), default=str),
    }
    if event.changes:
        item["changes_json"] = json.dumps(event.changes, separators=(",", ":"), default=str)
    if event.subject not in TIMELINE_SUBJECTS:
        expires = parse_iso(event.occurred_at) + timedelta(days=get_settings().event_ttl_days)
        item["expires_at"] = int(expires.timestamp())
    return item


def event_puts(table_name: str, events: list[EventRecord]) -> list[dict[str, Any]]:
    """The transaction items that write `events` (in order) beside their change."""
    return [
        {
            "Put": {
                "TableName": table_name,
                "Item": marshal(event_item(event, position)),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        for position, event in enumerate(events)
    ]


def event_from_item(item: Mapping[str, Any]) -> EventRecord:
    """The event an event item (as a stream image, deserialized) stands for."""
    subject = str(item.get("subject", "incident"))
    return EventRecord(
        event_id=str(item["event_id"]),
        name=str(item["event"]),
        org_id=str(item["org_id"]),
        subject_id=str(item[f"{subject}_id"]),
        occurred_at=str(item["occurred_at"]),
        actor=str(item.get("actor", "")),
        sequence=int(item.get("sequence", 0)),
        data=json.loads(item["data_json"]) if item.get("data_json") else {},
        changes=json.loads(item["changes_json"]) if item.get("changes_json") else None,
        subject=subject,
    )


def is_event_item(item: Mapping[str, Any]) -> bool:
    return str(item.get("sk", "")).startswith(EVENT_PREFIX) and item.get("entity") == "event"
