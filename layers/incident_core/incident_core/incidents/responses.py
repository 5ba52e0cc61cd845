"""What the incident routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `incidents.views.public_view`; a unit test checks that every public field is
here and nothing else. Each model carries one realistic example (`json_schema_extra`), which
the document shows on every operation answering it; the other domains' examples reuse
`EXAMPLE_INCIDENT_ID` and `INCIDENT_EXAMPLE`, so that the whole document tells one story.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import LIST_META_EXAMPLE, Envelope, ListMeta
from incident_core.incidents.vocabulary import STATUS_NAMES, Classification, ContactMethod, Severity, Status
from incident_core.sla.responses import INCIDENT_SLA_EXAMPLE, IncidentSla

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`

EXAMPLE_INCIDENT_ID = "3f6c1e2a-8b4d-4c7e-9a15-2d0b7e4f9c81"
OBSERVABLE_EXAMPLES: list[dict[str, Any]] = [
    {"type": "email", "value": "billing@paypa1-billing.com", "sources": ["title", "raw_data.sender"]},
    {"type": "domain", "value": "paypa1-billing.com", "sources": ["title", "description", "raw_data.sender"]},
    {"type": "url", "value": "http://paypa1-billing.com/login", "sources": ["description"]},
    {"type": "ipv4", "value": "185.159.82.14", "private": False, "sources": ["description"]},
]
VERDICT_EXAMPLE: dict[str, Any] = {
    "classification": "malicious",
    "confidence": 0.81,
    "category": "phishing",
    "reasoning": [
        "Reply-To domain (mailbox-7731.ru) differs from the sender domain (paypa1-billing.com)",
        "Email authentication failed (SPF: fail)",
        "Lookalike domain paypa1-billing.com imitates paypal",
        "Asks for credentials or account verification ('log in to')",
    ],
}
RECOMMENDED_ACTION_EXAMPLES: list[dict[str, Any]] = [
    {
        "action": "quarantine_email",
        "reason": "Pull the message from every mailbox it reached",
        "parameters": {"sender": "billing@paypa1-billing.com", "subject": "Invoice INV-88213 overdue"},
    },
    {
        "action": "block_sender",
        "reason": "Block mail from billing@paypa1-billing.com",
        "parameters": {"sender": "billing@paypa1-billing.com"},
    },
]
INCIDENT_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_INCIDENT_ID,
    "incident_number": "INC-2026-000042",
    "title": "Phishing: invoice lure from billing@paypa1-billing.com",
    "description": "Users received an invoice asking them to log in to http://paypa1-billing.com/login and"
    " confirm their password. Reply-To differs from the sender. SPF: fail. The page is hosted on 185.159.82.14.",
    "severity": "high",
    "status": "triaged",
    "status_id": 1,
    "status_name": "New",
    "incident_type": "phishing",
    "source": "email-gateway",
    "dedup_key": None,
    "affected_systems": ["mail"],
    "tags": ["phishing"],
    "raw_data": {
        "sender": "billing@paypa1-billing.com",
        "reply_to": "refunds@mailbox-7731.ru",
        "subject": "Invoice INV-88213 overdue",
    },
    "observables": OBSERVABLE_EXAMPLES,
    "source_query": "index=mail sender=billing@paypa1-billing.com",
    "location": None,
    "contact_method": "email",
    "assigned_to": "bob@acme.example",
    "assigned_team": "security-operations",
    "verdict": VERDICT_EXAMPLE,
    "recommended_actions": RECOMMENDED_ACTION_EXAMPLES,
    "classification": None,
    "resolution": None,
    "alert_count": None,
    "last_alert_at": None,
    "created_by": "alice@acme.example",
    "org_id": "acme",
    "version": 3,
    "created_at": "2026-03-14T09:15:02.123Z",
    "updated_at": "2026-03-14T09:21:40.517Z",
    "acknowledged_at": None,
    "triaged_at": "2026-03-14T09:15:03.870Z",
    "resolved_at": None,
    "closed_at": None,
    "sla": INCIDENT_SLA_EXAMPLE,
}


# 002's names of the numbers (`vocabulary.STATUS_NAMES`): 1 New (open, triaged), 2 Investigating
# (acknowledged, investigating), 3 Resolved (true positive), 4 Closed (false positive or benign),
# 5 Disrupted (resolved, classification disrupted).
StatusName = Literal["New", "Investigating", "Resolved", "Closed", "Disrupted"]
_STATUS_TABLE = ", ".join(f"{code} {name}" for code, name in STATUS_NAMES.items())


class Observable(BaseModel):
    """An indicator found in the incident (`private` only for addresses)."""

    model_config = ConfigDict(json_schema_extra={"examples": [OBSERVABLE_EXAMPLES[3]]})

    type: str
    value: str
    private: bool | None = None
    sources: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """Triage's reading of the incident."""

    model_config = ConfigDict(json_schema_extra={"examples": [VERDICT_EXAMPLE]})

    classification: str
    confidence: float
    category: str
    reasoning: list[str]


class RecommendedAction(BaseModel):
    """An action triage recommends; runnable as returned (`POST /incidents/{id}/actions`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [RECOMMENDED_ACTION_EXAMPLES[0]]})

    action: str
    reason: str
    parameters: dict[str, Any]


class Incident(BaseModel):
    """An incident as the API shows it: every field, absent ones as null or []. `status_id` and
    `status_name` are the numbered status (1 New ... 5 Disrupted) of the status and classification."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [INCIDENT_EXAMPLE]})

    id: str
    incident_number: str = Field(examples=["INC-2026-000042"])
    title: str
    description: str
    severity: Severity
    status: Status
    status_id: int = Field(ge=1, le=5, description="002's numeric status: " + _STATUS_TABLE)
    status_name: StatusName
    incident_type: str | None
    source: str | None
    dedup_key: str | None
    affected_systems: list[str]
    tags: list[str]
    raw_data: dict[str, Any] | None
    observables: list[Observable]
    source_query: str | None
    location: str | None
    contact_method: ContactMethod | None
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
    sla: IncidentSla | None


class DeletedIncident(BaseModel):
    """A soft-deleted incident: gone from every read and list, kept for audit."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"id": EXAMPLE_INCIDENT_ID, "deleted": True, "deleted_at": "2026-03-14T11:02:45.310Z"}]
        },
    )

    id: str
    deleted: Literal[True]
    deleted_at: Timestamp


class Health(BaseModel):
    """Liveness and version."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "version": "0.1.0"}]})

    status: str
    version: str


class CreatedIncident(Envelope[Incident]):
    """`POST /incidents`: the incident in `data`, and its `id` beside it (seed 004's clients read `id` there)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"success": True, "id": INCIDENT_EXAMPLE["id"], "data": INCIDENT_EXAMPLE}]},
    )

    id: str = Field(description="The new incident's id, as `data.id`")


class IncidentPage(Envelope[list[Incident]]):
    """`GET /incidents`: a page of incidents in `data`, the same ones in `incidents` (seed 004's
    clients read them there), and the paging in `meta`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "success": True,
                    "incidents": [INCIDENT_EXAMPLE],
                    "data": [INCIDENT_EXAMPLE],
                    "meta": LIST_META_EXAMPLE,
                }
            ]
        },
    )

    incidents: list[Incident] = Field(description="The same incidents as `data`")
    meta: ListMeta
