"""`POST /v2/change/enqueue`: PagerDuty's change events (a deploy, a config change) on open incidents.

PagerDuty's wire format: `routing_key` (an integration key), `payload` {`summary`, `timestamp`,
`source`, `custom_details`}, `links`; answers 202 `{"status": "success", "message": "Change
event processed"}`, or PagerDuty's refusals (`integrations/pagerduty_events.py`).

A change is kept on the timeline of each open incident of the key's org that it may explain:
those whose `source` or one of whose `affected_systems` is the change's `source` (any letter
case), at most `MAX_MATCHES` of the most recent open ones read (`MAX_READ`). Each gets an
`incident.alert_noted` event holding the change (`{"change": {...}}`), so webhook subscribers
see it too. A change that matches no open incident is logged and not stored: there is nothing it
could explain yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from incident_core.alerts.service import ALERT_UPDATE_ATTEMPTS
from incident_core.core.observability import logger
from incident_core.incidents.lifecycle import Change
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import apply_change
from incident_core.incidents.vocabulary import ListQuery, Status
from incident_core.integrations.pagerduty_events import (
    PagerDutyRefusal,
    event_object,
    pagerduty_answer,
    routing_key,
    sender,
    validated,
)

if TYPE_CHECKING:
    from incident_core.core.auth import Principal
    from incident_core.http.responses import Response

OPEN_STATUSES = (Status.OPEN, Status.TRIAGED, Status.ACKNOWLEDGED, Status.INVESTIGATING)
MAX_READ = 200
MAX_MATCHES = 20
CHANGE_NOTED = "incident.alert_noted"


def matching_open_incidents(
    principal: Principal, source: str | None, repository: IncidentRepository
) -> list[dict[str, Any]]:
    """The org's open incidents the change's `source` names (its source or an affected system), newest first."""
    wanted = (source or "").strip().lower()
    if not wanted:
        return []
    collected = repository.collect_incidents(
        org_id=principal.org_id, query=ListQuery(statuses=OPEN_STATUSES), most=MAX_READ
    )
    matches = [incident for incident in collected.items if wanted in _systems_of(incident)]
    return sorted(matches, key=lambda incident: str(incident["created_at"]), reverse=True)[:MAX_MATCHES]


def _systems_of(incident: dict[str, Any]) -> set[str]:
    """What an incident is about, lower case: its source and affected systems (none once deleted)."""
    if incident.get("deleted_at"):
        return set()
    return {
        str(incident.get("source") or "").lower(),
        *(str(s).lower() for s in incident.get("affected_systems") or ()),
    }


def note_change(principal: Principal, change: dict[str, Any], incident_id: str, repository: IncidentRepository) -> None:
    def mutate(incident: dict[str, Any], now: str) -> Change:
        return Change(incident, [(CHANGE_NOTED, {"change": {**change, "received_at": now}})])

    apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=None,
        repository=repository,
        mutate=mutate,
        attempts=ALERT_UPDATE_ATTEMPTS,
    )


def enqueue_change(text: str, *, repository: IncidentRepository | None = None) -> Response[Any]:
    """Authenticate by `routing_key`, validate, note the change on the open incidents it matches."""
    from incident_core.integrations.change_models import ChangeEvent

    try:
        body = event_object(text)
        principal, headers = sender(routing_key(body))
        event = validated(ChangeEvent, body)
    except PagerDutyRefusal as refusal:
        return refusal.response()
    repository = repository or get_repository()
    change: dict[str, Any] = {
        "summary": event.payload.summary,
        "source": event.payload.source,
        "timestamp": event.payload.timestamp,
        "custom_details": event.payload.custom_details,
        "links": [link.model_dump(exclude_none=True) for link in event.links],
        "integration_key": getattr(principal, "key_id", None),
    }
    matched = matching_open_incidents(principal, event.payload.source, repository)
    for incident in matched:
        note_change(principal, change, str(incident["id"]), repository)
    logger.info("change event", org_id=principal.org_id, source=event.payload.source, incidents=len(matched))
    return pagerduty_answer(202, {"status": "success", "message": "Change event processed"}, headers)
