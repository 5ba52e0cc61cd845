"""What the triage routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `triage.service.run_view`; a unit test checks that every field of the view is
here and nothing else. The verdict, actions and observables are those the incident shows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import Observable, RecommendedAction, Timestamp, Verdict
from incident_core.incidents.vocabulary import Status


class SimilarIncident(BaseModel):
    """An earlier incident of the org like this one: how much (0-1) and why."""

    id: str
    incident_number: str
    title: str
    status: Status
    created_at: Timestamp
    score: float
    reason: str


class TriageRun(BaseModel):
    """One triage run: queued, running, then completed (with its verdict) or failed (with its error)."""

    model_config = ConfigDict(extra="forbid")

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
