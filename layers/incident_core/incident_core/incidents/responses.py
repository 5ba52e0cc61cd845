"""What the incident routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `incidents.service.public_view`; a unit test checks that every public field is
here and nothing else.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.vocabulary import Classification, Severity, Status

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`


class Observable(BaseModel):
    """An indicator found in the incident (`private` only for addresses)."""

    type: str
    value: str
    private: bool | None = None
    sources: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """Triage's reading of the incident."""

    classification: str
    confidence: float
    category: str
    reasoning: list[str]


class RecommendedAction(BaseModel):
    """An action triage recommends; runnable as returned (`POST /incidents/{id}/actions`)."""

    action: str
    reason: str
    parameters: dict[str, Any]


class Incident(BaseModel):
    """An incident as the API shows it: every field, absent ones as null or []."""

    model_config = ConfigDict(extra="forbid")

    id: str
    incident_number: str = Field(examples=["INC-2026-000042"])
    title: str
    description: str
    severity: Severity
    status: Status
    incident_type: str | None
    source: str | None
    dedup_key: str | None
    affected_systems: list[str]
    tags: list[str]
    raw_data: dict[str, Any] | None
    observables: list[Observable]
    assigned_to: str | None
    assigned_team: str | None
    verdict: Verdict | None
    recommended_actions: list[RecommendedAction]
    classification: Classification | None
    resolution: str | None
    alert_count: int | None
    last_alert_at: Timestamp | None
    created_by: str
    org_id: str
    version: int
    created_at: Timestamp
    updated_at: Timestamp
    acknowledged_at: Timestamp | None
    triaged_at: Timestamp | None
    resolved_at: Timestamp | None
    closed_at: Timestamp | None


class DeletedIncident(BaseModel):
    """A soft-deleted incident: gone from every read and list, kept for audit."""

    model_config = ConfigDict(extra="forbid")

    id: str
    deleted: Literal[True]
    deleted_at: Timestamp


class Health(BaseModel):
    """Liveness and version."""

    status: str
    version: str
