"""The catalogue of event names a subscription can ask for, and the longest delivery timeout.

Plain tuples, no pydantic: the router matches events against these names, and the request
models in `incident_core.webhooks.models` validate subscriptions with them. An event has
two spellings: its canonical dotted name (`incident.created`, what is stored and matched)
and its event type (`INCIDENT_CREATED`, upper snake case), which subscriptions may use
and every payload carries beside the name.
"""

from __future__ import annotations

INCIDENT_EVENTS = (
    "incident.created",
    "incident.updated",
    "incident.status_changed",
    "incident.assigned",
    "incident.resolved",
    "incident.closed",
    "incident.reopened",
    "incident.deleted",
    "incident.alert_received",
    "incident.alert_noted",
    "incident.alert_cleared",
    "incident.comment_added",
    "incident.comment_edited",
    "incident.comment_deleted",
    "incident.triage_requested",
    "incident.triaged",
    "incident.triage_failed",
    "incident.attachment_added",
    "incident.attachment_deleted",
    "incident.sla_breached",
)
ACTION_EVENTS = (
    "action.created",
    "action.approved",
    "action.rejected",
    "action.requested",
    "action.completed",
    "action.failed",
)
WEBHOOK_EVENTS = ("webhook.test", "webhook.disabled")
EVENT_CATALOG = frozenset(INCIDENT_EVENTS + ACTION_EVENTS + WEBHOOK_EVENTS)
ALL_EVENTS = "*"

# The delivery worker's function has 60 s: its slowest subscriber's timeout plus the claim and
# the recording of the batch (`delivery.LEASE_MARGIN_SECONDS`, 15 s) must fit in it.
MAX_TIMEOUT_SECONDS = 45


def event_type(name: str) -> str:
    """The upper snake case spelling of an event name: `incident.created` -> `INCIDENT_CREATED`."""
    return name.replace(".", "_").upper()


EVENT_TYPES = {event_type(name): name for name in sorted(EVENT_CATALOG)}


def canonical_event(name: str) -> str | None:
    """The catalogue's (dotted) name of an event given either way, in any letter case; `*` stays; None if unknown."""
    word = name.strip()
    if word.lower() == ALL_EVENTS or word.lower() in EVENT_CATALOG:
        return word.lower()
    return EVENT_TYPES.get(word.upper())
