"""`POST /events`, in the shape of PagerDuty Events v2 (`InboundEvent`), turned into an `Alert`.

Trigger, acknowledge or resolve by dedup key; acknowledge and resolve need only the key.
"""

from __future__ import annotations

import uuid

from incident_core.alerts.models import PAGERDUTY_SEVERITIES, InboundEvent
from incident_core.alerts.service import Alert
from incident_core.alerts.sources.common import (
    MAX_NOTE,
    MAX_TITLE,
    bounded_key,
    clip,
    description_text,
    fit_raw_data,
    tag_list,
    unique,
)
from incident_core.incidents.vocabulary import Severity

EVENTS_SOURCE = "events-api"


def alert_from_inbound_event(event: InboundEvent) -> Alert:
    """The alert of an event: its summary is the title, its `source` (lower case) the incident's source."""
    key = bounded_key(event.dedup_key or uuid.uuid4().hex)
    payload = event.payload
    links = [link.model_dump(exclude_none=True) for link in event.links]
    images = [image.model_dump(exclude_none=True) for image in event.images]
    if payload is None:  # acknowledge / resolve by key alone
        return Alert(
            action=event.event_action,
            dedup_key=key,
            title=f"Event {key}",
            description=f"{event.event_action} event for dedup key {key}",
            severity=Severity.MEDIUM,
            source=EVENTS_SOURCE,
            incident_type="alert",
            raw_data=fit_raw_data(
                {"links": links, "images": images, "client": event.client, "client_url": event.client_url}
            ),
            tags=(EVENTS_SOURCE,),
            note=f"{event.event_action} from {event.client or 'the events API'}",
            resolution="resolved by an inbound event",
            severity_stated=False,
        )
    details = [
        ("Source", payload.source),
        ("Component", payload.component),
        ("Group", payload.group),
        ("Class", payload.class_),
    ]
    raw = {
        "summary": payload.summary,
        "source": payload.source,
        "severity": payload.severity,
        "timestamp": payload.timestamp,
        "component": payload.component,
        "group": payload.group,
        "class": payload.class_,
        "custom_details": payload.custom_details,
        "links": links,
        "images": images,
        "client": event.client,
        "client_url": event.client_url,
    }
    return Alert(
        action=event.event_action,
        dedup_key=key,
        title=clip(payload.summary, MAX_TITLE),
        description=description_text(
            [payload.summary, "\n".join(f"{label}: {value}" for label, value in details if value)],
            fallback=f"Event from {payload.source}:",
        ),
        severity=PAGERDUTY_SEVERITIES[payload.severity],
        source=payload.source.strip().lower()[:64].strip() or EVENTS_SOURCE,
        incident_type="alert",
        affected_systems=tuple(unique(value for value in (payload.component, payload.source) if value)),
        raw_data=fit_raw_data(raw),
        tags=tuple(tag_list([EVENTS_SOURCE, payload.group, payload.class_])),
        occurred_at=payload.timestamp,
        note=clip(payload.summary, MAX_NOTE),
        resolution=f"resolved by {clip(payload.source, 200)}",
    )
