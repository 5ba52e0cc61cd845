"""The catalogue of event names a subscription can ask for.

Plain tuples, no pydantic: the router matches events against these names, and the request
models in `incident_core.webhooks.models` validate subscriptions with them.
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
