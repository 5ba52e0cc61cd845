"""How the API shows an incident: its public fields (absent ones as null or []), 002's numeric status
beside the word, the SLA as a view, and its ETag (the version)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_core.incidents.vocabulary import LIST_FIELDS, STAMPED_TIMES, Status, status_id, status_name
from incident_core.sla.deadlines import sla_view

PUBLIC_FIELDS = (
    "id",
    "incident_number",
    "title",
    "description",
    "severity",
    "status",
    "status_id",
    "status_name",
    "incident_type",
    "source",
    "dedup_key",
    "affected_systems",
    "tags",
    "raw_data",
    "observables",
    "source_query",
    "location",
    "contact_method",
    "assigned_to",
    "assigned_team",
    "verdict",
    "recommended_actions",
    "classification",
    "resolution",
    "alert_count",
    "last_alert_at",
    "created_by",
    "org_id",
    "version",
    *STAMPED_TIMES,
    "sla",
)


def public_view(incident: Mapping[str, Any]) -> dict[str, Any]:
    """The incident as the API shows it: every public field, absent ones as null or []."""
    view = {name: incident.get(name, [] if name in LIST_FIELDS else None) for name in PUBLIC_FIELDS}
    status, classification = incident.get("status"), incident.get("classification")
    known = status in Status.__members__.values()
    view["status_id"] = status_id(str(status), classification) if known else None
    view["status_name"] = status_name(str(status), classification) if known else None
    view["sla"] = sla_view(incident.get("sla"))
    return view


def etag(incident: Mapping[str, Any]) -> str:
    return f'"{incident["version"]}"'
