"""`POST /incidents/{id}/analyze` (seed 004's "Analyze Incident") against the deployed stack."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

# Seed 004's permission names; analysis is triage, so `incident:triage` (which 004 does not list) is added.
ANALYST_PERMISSIONS = ["incident:read", "incident:write", "incident:triage"]
DATABASE = {
    "title": "Database connection timeout",
    "description": "Multiple database connection timeouts detected",
    "severity": "HIGH",
    "source_query": "index=app_logs error=timeout",
    "affected_systems": ["database", "api"],
    "tags": ["database", "timeout", "production"],
}
SEED_001_PHISHING = {
    "incident_type": "phishing",
    "source": "email_gateway",
    "severity": "medium",
    "raw_data": {
        "message_id": "AAMkAGI2...",
        "sender": "unknown@domain.com",
        "recipient": "employee@company.com",
        "subject": "Important Document",
        "received_at": "2024-01-15T10:00:00Z",
    },
}
SEED_004_FIELDS = {
    "root_causes",
    "confidence_score",
    "affected_components",
    "suggested_actions",
    "similar_incidents",
    "risk_assessment",
    "estimated_resolution_time",
}
ISO_DURATION = re.compile(r"^PT(?:\d+H)?(?:\d+M)?(?:\d+S)?$")


@pytest.fixture
def analyst(token: TokenFactory) -> str:
    return token(org=f"analyze-{uuid.uuid4().hex[:10]}", sub="monitoring", scopes=ANALYST_PERMISSIONS)


def create(api: ApiClient, token: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/incidents", json=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_analyze_answers_seed_004s_fields(api: ApiClient, analyst: str) -> None:
    incident = create(api, analyst, DATABASE)
    response = api.post(f"/incidents/{incident['id']}/analyze", token=analyst)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["message"] == "Analysis completed"
    analysis = data["analysis"]
    assert set(analysis) == SEED_004_FIELDS
    assert analysis["root_causes"] == ["Database connection pool exhaustion", "High query load on the database"]
    assert analysis["affected_components"] == ["database", "connection_pool", "api"]
    assert analysis["suggested_actions"][:1] == ["Increase connection pool size"]
    assert 0 <= analysis["confidence_score"] <= 1 and analysis["confidence_score"] == data["verdict"]["confidence"]
    assert (analysis["similar_incidents"], analysis["risk_assessment"]) == ([], "HIGH")
    assert ISO_DURATION.match(analysis["estimated_resolution_time"])
    # A new org has no resolved incidents: the severity's default, and the answer says so.
    assert (analysis["estimated_resolution_time"], data["estimate_basis"]) == ("PT8H", "default for high")
    assert data["incident_id"] == incident["id"]


def test_seed_001s_phishing_example_is_analysed_with_its_evidence(api: ApiClient, analyst: str) -> None:
    earlier = create(api, analyst, SEED_001_PHISHING)
    incident = create(api, analyst, SEED_001_PHISHING)
    response = api.post(f"/incidents/{incident['id']}/analyze", token=analyst)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["playbook"] == "phishing"
    assert "Document-sharing lure: a message urging users to open a document" in data["analysis"]["root_causes"]
    assert data["analysis"]["similar_incidents"] == [earlier["incident_number"]]
    evidence = [item for hypothesis in data["hypotheses"] for item in hypothesis["evidence"]]
    assert {"kind": "term", "id": None, "found": "document"} in evidence


def test_analyze_is_404_for_another_org_and_403_without_the_triage_permission(
    api: ApiClient, analyst: str, token: TokenFactory
) -> None:
    incident = create(api, analyst, DATABASE)
    path = f"/incidents/{incident['id']}/analyze"
    assert api.post(path, token=token(org=f"other-{uuid.uuid4().hex[:8]}")).status_code == 404
    assert api.post(path, token=token(sub="reader", scopes=["incident:read"])).status_code == 403
