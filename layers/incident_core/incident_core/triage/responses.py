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


# --- POST /incidents/{id}/analyze (seed 004's shape) --------------------------------------------

ANALYSIS_EXAMPLE: dict[str, Any] = {
    "message": "Analysis completed",
    "analysis": {
        "root_causes": ["Database connection pool exhaustion", "High query load on the database"],
        "confidence_score": 0.35,
        "affected_components": ["database", "connection_pool", "api"],
        "suggested_actions": [
            "Increase connection pool size",
            "Find and close leaked connections",
            "Implement query optimization",
            "Add database read replicas",
        ],
        "similar_incidents": ["INC-2026-000017"],
        "risk_assessment": "HIGH",
        "estimated_resolution_time": "PT2H",
    },
    "incident_id": EXAMPLE_INCIDENT_ID,
    "incident_number": "INC-2026-000042",
    "playbook": "availability",
    "verdict": {
        "classification": "benign",
        "confidence": 0.35,
        "category": "availability",
        "reasoning": ["Timeouts ('timeout')"],
    },
    "hypotheses": [
        {
            "cause": "Database connection pool exhaustion",
            "components": ["database", "connection_pool"],
            "suggested_actions": ["Increase connection pool size", "Find and close leaked connections"],
            "evidence": [{"kind": "term", "id": None, "found": "database connection"}],
        },
        {
            "cause": "High query load on the database",
            "components": ["database"],
            "suggested_actions": ["Implement query optimization", "Add database read replicas"],
            "evidence": [{"kind": "term", "id": None, "found": "database"}],
        },
    ],
    "recommended_actions": [],
    "risk_basis": "severity high",
    "estimate_basis": "history (n=7)",
    "engine": "rules",
    "engine_version": "rules-2026.11.2",
}
RiskLevel = Literal["CRITICAL", "HIGH", "MEDIUM", "LOW"]


class Analysis(BaseModel):
    """Seed 004's analysis: each field as 004 names it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ANALYSIS_EXAMPLE["analysis"]]})

    root_causes: list[str] = Field(description="The likeliest causes, most evidence first (see `hypotheses`)")
    confidence_score: float = Field(description="The rules engine's confidence in its verdict, 0-1")
    affected_components: list[str] = Field(
        description="The components of the causes, then the incident's `affected_systems`"
    )
    suggested_actions: list[str] = Field(description="What a responder does about the causes, in words")
    similar_incidents: list[str] = Field(
        description="Numbers of the org's similar incidents, most similar first", examples=[["INC-2026-000017"]]
    )
    risk_assessment: RiskLevel = Field(
        description="The severity's level; one up for a malicious verdict, at least MEDIUM for a suspicious one"
    )
    estimated_resolution_time: str = Field(
        description="ISO 8601 duration: the median time to resolve the org's resolved incidents of the same type and"
        " severity (3 at least), else the severity's default (critical PT4H, high PT8H, medium PT24H, low PT72H)",
        examples=["PT2H"],
    )


class Evidence(BaseModel):
    """What supports a cause: an indicator of the playbook that fired, or a term found in the incident."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "indicator", "id": "health_checks_failing", "found": "health check failed"},
                {"kind": "term", "id": None, "found": "database connection"},
            ]
        },
    )

    kind: Literal["indicator", "term"]
    id: str | None = Field(description="The indicator's id (null for a term)")
    found: str = Field(description="What the indicator found, or the term")


class Hypothesis(BaseModel):
    """A root cause with what it affects, what to do, and the evidence for it (none for the playbook's fallback)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ANALYSIS_EXAMPLE["hypotheses"][0]]})

    cause: str
    components: list[str]
    suggested_actions: list[str]
    evidence: list[Evidence]


class IncidentAnalysis(BaseModel):
    """`POST /incidents/{id}/analyze` (seed 004): worked out on each request, nothing stored."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ANALYSIS_EXAMPLE]})

    message: Literal["Analysis completed"]
    analysis: Analysis
    incident_id: str
    incident_number: str | None
    playbook: str = Field(description="The playbook that matched the incident")
    verdict: Verdict
    hypotheses: list[Hypothesis] = Field(description="The causes of `root_causes`, each with its evidence")
    recommended_actions: list[RecommendedAction] = Field(
        description="Runnable as returned: `POST /incidents/{id}/actions` (the same as a triage run's)"
    )
    risk_basis: str = Field(description="Which rule gave `risk_assessment`", examples=["severity high"])
    estimate_basis: str = Field(
        description="`history (n=<count>)` or `default for <severity>`", examples=["history (n=7)", "default for high"]
    )
    engine: str
    engine_version: str
