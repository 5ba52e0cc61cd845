"""What the triage routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `triage.service.run_view`; a unit test checks that every field of the view is
here and nothing else. The verdict, actions and observables are those the incident shows
(and so are their examples).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import (
    EXAMPLE_INCIDENT_ID,
    OBSERVABLE_EXAMPLES,
    RECOMMENDED_ACTION_EXAMPLES,
    VERDICT_EXAMPLE,
    Observable,
    RecommendedAction,
    Timestamp,
    Verdict,
)
from incident_core.incidents.vocabulary import Status

SIMILAR_INCIDENT_EXAMPLE: dict[str, Any] = {
    "id": "9a2d4b61-0c3e-4f5a-8b7c-6d1e2f3a4b5c",
    "incident_number": "INC-2026-000017",
    "title": "Phishing: payment reminder from accounts@paypa1-billing.com",
    "status": "resolved",
    "created_at": "2026-02-27T16:40:11.904Z",
    "score": 0.72,
    "reason": "shares 2 observables (domain:paypa1-billing.com, ipv4:185.159.82.14);"
    " similar wording (41% of words in common)",
}
TRIAGE_RUN_EXAMPLE: dict[str, Any] = {
    "triage_id": "trg_20260314091502123_0a1b2c3d4e5f",
    "incident_id": EXAMPLE_INCIDENT_ID,
    "status": "completed",
    "playbook": "phishing",
    "force": False,
    "trigger": "auto",
    "requested_by": "auto-triage",
    "requested_at": "2026-03-14T09:15:02.123Z",
    "started_at": "2026-03-14T09:15:03.412Z",
    "completed_at": "2026-03-14T09:15:03.870Z",
    "duration_ms": 458,
    "verdict": VERDICT_EXAMPLE,
    "recommended_actions": RECOMMENDED_ACTION_EXAMPLES,
    "observables": OBSERVABLE_EXAMPLES,
    "similar_incidents": [SIMILAR_INCIDENT_EXAMPLE],
    "engine": "rules",
    "engine_version": "rules-2026.11.2",
    "error": None,
}


class SimilarIncident(BaseModel):
    """An earlier incident of the org like this one: how much (0-1) and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [SIMILAR_INCIDENT_EXAMPLE]})

    id: str
    incident_number: str
    title: str
    status: Status
    created_at: Timestamp
    score: float
    reason: str


class TriageRun(BaseModel):
    """One triage run: queued, running, then completed (with its verdict) or failed (with its error)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [TRIAGE_RUN_EXAMPLE]})

    triage_id: str = Field(examples=["trg_20260314091502123_0a1b2c3d4e5f"])
    incident_id: str
    status: Literal["queued", "running", "completed", "failed"]
    playbook: str | None = Field(description="The playbook asked for, else (once completed) the one that matched")
    force: bool
    trigger: Literal["request", "auto"]
    requested_by: str
    requested_at: Timestamp
    started_at: Timestamp | None
    completed_at: Timestamp | None
    duration_ms: int | None
    verdict: Verdict | None
    recommended_actions: list[RecommendedAction] | None
    observables: list[Observable] | None
    similar_incidents: list[SimilarIncident] | None
    engine: str | None
    engine_version: str | None
    error: str | None
