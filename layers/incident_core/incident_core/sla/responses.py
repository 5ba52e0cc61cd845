"""What the SLA routes answer, and the `sla` of an incident, as models: for the OpenAPI document only
(never imported at run time). They mirror `sla.service.policy_view` and `sla.deadlines.sla_view`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.sla.models import POLICY_EXAMPLE, SeverityTargets

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`
BREACH_EXAMPLE: dict[str, Any] = {
    "deadline": "acknowledge",
    "due": "2026-03-14T09:30:02.123Z",
    "breached_at": "2026-03-14T09:30:41.007Z",
    "severity": "high",
}
INCIDENT_SLA_EXAMPLE: dict[str, Any] = {
    "acknowledge_by": "2026-03-14T10:15:02.123Z",
    "resolve_by": "2026-03-14T13:15:02.123Z",
    "breached": [BREACH_EXAMPLE],
    "state": "breached",
}
POLICY_VIEW_EXAMPLE: dict[str, Any] = {
    "org_id": "acme",
    **POLICY_EXAMPLE,
    "version": 2,
    "updated_at": "2026-03-14T08:00:00.000Z",
    "updated_by": "alice",
}


class SlaBreach(BaseModel):
    """A deadline the incident missed (recorded once, by the scanner)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [BREACH_EXAMPLE]})

    deadline: Literal["acknowledge", "resolve"]
    due: Timestamp
    breached_at: Timestamp = Field(description="When the scanner recorded it (within about a minute of `due`)")
    severity: str = Field(description="The incident's severity when it was missed")


class IncidentSla(BaseModel):
    """The incident's deadlines under its org's SLA policy (null when none applies): counted from
    creation or the last reopen, moved by a severity change; `state` is `on_track`, `at_risk` (in the
    last quarter of a deadline's time), `breached` or `met`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [INCIDENT_SLA_EXAMPLE]})

    acknowledge_by: Timestamp | None
    resolve_by: Timestamp | None
    breached: list[SlaBreach]
    state: Literal["on_track", "at_risk", "breached", "met"]


class SlaPolicy(BaseModel):
    """The org's SLA policy: per severity, its deadlines and what a breach does (version 0: none set)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [POLICY_VIEW_EXAMPLE]})

    org_id: str
    severities: SeverityTargets
    version: int
    updated_at: Timestamp | None
    updated_by: str | None
