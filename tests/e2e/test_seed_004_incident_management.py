"""Seed 004 (incident management with webhooks and remediation), over HTTP: its requests as printed, with
a token carrying the seed's own permission names. Its Python examples 1 and 2 sign in at `/auth/token`,
which the access issue builds; example 3 (the webhook receiver) runs here against a real delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.receiver import Receiver, webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

SEED_PERMISSIONS = [
    "incident:read",
    "incident:write",
    "incident:delete",
    "automation:execute",
    "webhook:read",
    "webhook:write",
]
ROUTER_CACHE_SECONDS = 1.5  # the local config caches subscriptions for 1 s
CREATE_REQUEST = {
    "title": "API response time degradation",
    "description": "API response times have increased by 300% in the last 10 minutes",
    "severity": "HIGH",
    "source_query": "index=api_logs | stats avg(response_time)",
    "affected_systems": ["api", "load_balancer"],
    "tags": ["performance", "api", "production"],
}
UPDATE_REQUEST = {
    "status": "IN_PROGRESS",
    "assigned_team": "devops",
    "assigned_user": "jane.smith",
    "tags": ["database", "timeout", "production", "investigating"],
}
REMEDIATE_REQUEST = {
    "action": "restart_service",
    "parameters": {"service_name": "api-service", "environment": "production", "wait_for_health_check": True},
}


@pytest.fixture
def org() -> str:
    return f"s004-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def seed_token(token: TokenFactory, org: str) -> str:
    return token(org=org, sub="monitoring", scopes=SEED_PERMISSIONS)


def create(api: ApiClient, token: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/incidents", json={**CREATE_REQUEST, **fields}, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_update_and_delete_as_printed(api: ApiClient, seed_token: str) -> None:
    created = create(api, seed_token)
    assert (created["severity"], created["status"], created["source_query"]) == (
        "high",
        "open",
        CREATE_REQUEST["source_query"],
    )
    assert (created["assigned_team"], created["assigned_to"], created["resolved_at"]) == (None, None, None)
    updated = api.put(f"/incidents/{created['id']}", json=UPDATE_REQUEST, token=seed_token)
    assert updated.status_code == 200, updated.text
    data = updated.json()["data"]
    assert (data["status"], data["assigned_team"], data["assigned_to"], data["tags"]) == (
        "investigating",
        "devops",
        "jane.smith",
        UPDATE_REQUEST["tags"],
    )
    deleted = api.delete(f"/incidents/{created['id']}", token=seed_token)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["message"] == "Incident deleted successfully"
    assert api.get(f"/incidents/{created['id']}", token=seed_token).status_code == 404


def test_list_with_the_seeds_parameters(api: ApiClient, seed_token: str) -> None:
    devops = create(api, seed_token)
    api.put(f"/incidents/{devops['id']}", json={"assigned_team": "devops"}, token=seed_token)
    create(api, seed_token, severity="LOW")
    response = api.get(
        "/incidents",
        params={"page": 1, "page_size": 20, "status": "open", "severity": "high", "assigned_team": "devops"},
        token=seed_token,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body["data"]] == [devops["id"]]
    assert (body["meta"]["page"], body["meta"]["page_size"], body["meta"]["has_next"]) == (1, 20, False)
    by_id = api.get(f"/incidents/{devops['id']}", token=seed_token).json()["data"]
    assert by_id["title"] == CREATE_REQUEST["title"] and by_id["affected_systems"] == ["api", "load_balancer"]


def test_remediation_answers_the_seeds_shape(api: ApiClient, seed_token: str) -> None:
    created = create(api, seed_token)
    response = api.post(f"/incidents/{created['id']}/remediate", json=REMEDIATE_REQUEST, token=seed_token)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    result = data["result"]
    # restart_service runs in the team's own tooling after an analyst's approval: requested, not yet run
    assert (data["message"], data["status"], data["approval_level"]) == (
        "Remediation requested",
        "pending_approval",
        "analyst",
    )
    assert (result["action"], result["success"], result["execution_time"]) == ("restart_service", False, None)
    assert result["details"]["service_name"] == "api-service" and result["logs"]
    # It is the actions API underneath: the action is listed with its parameters
    listed = api.get(f"/incidents/{created['id']}/actions", token=seed_token).json()["data"]
    assert [item["action"] for item in listed] == ["restart_service"]
    assert listed[0]["parameters"]["service_name"] == "api-service"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver("/webhooks/incidents") as running:
        yield running


def test_webhook_management_as_printed(api: ApiClient, seed_token: str, receiver: Receiver) -> None:
    subscription = {
        "name": "ITSM Integration",
        "url": receiver.url,
        "events": ["INCIDENT_CREATED", "INCIDENT_RESOLVED"],
        "headers": {"X-API-Key": "your-api-key", "Content-Type": "application/json"},
        "timeout_seconds": 30,
        "max_retries": 3,
    }
    response = api.post("/webhooks", json=subscription, token=seed_token)
    assert response.status_code == 201, response.text
    created = response.json()["data"]
    assert created["secret"] and created["is_active"] is True
    assert (created["name"], created["timeout_seconds"], created["max_retries"]) == ("ITSM Integration", 30, 3)
    webhook_id = created["id"]
    assert api.get("/webhooks", token=seed_token).json()["data"][0]["id"] == webhook_id
    assert api.get(f"/webhooks/{webhook_id}", token=seed_token).status_code == 200
    update = {
        "name": "Updated ITSM Integration",
        "events": ["INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED"],
        "timeout_seconds": 45,
    }
    updated = api.put(f"/webhooks/{webhook_id}", json=update, token=seed_token)
    assert updated.status_code == 200, updated.text
    assert (updated.json()["data"]["name"], updated.json()["data"]["timeout_seconds"]) == (update["name"], 45)
    failed = api.get(f"/webhooks/{webhook_id}/deliveries", params={"status": "failed", "limit": 50}, token=seed_token)
    assert failed.status_code == 200 and failed.json()["data"] == []
    stats = api.get(f"/webhooks/{webhook_id}/stats", token=seed_token).json()["data"]
    documented = {"subscription_id", "total_deliveries", "successful_deliveries", "failed_deliveries", "success_rate"}
    documented |= {"average_response_time", "last_delivery_at", "events_by_type"}
    assert documented <= stats.keys() and stats["subscription_id"] == webhook_id
    assert api.delete(f"/webhooks/{webhook_id}", token=seed_token).status_code == 200


# Example 3, as printed (the Flask route's body is `handle`; the secret is the one our API gave).
WEBHOOK_SECRET = ""
handled: list[tuple[str, str]] = []


def verify_signature(payload, signature):  # type: ignore[no-untyped-def]
    expected = hmac.new(
        WEBHOOK_SECRET.encode(),
        payload,
        hashlib.sha256
    ).hexdigest()  # fmt: skip
    return hmac.compare_digest(f'sha256={expected}', signature)  # fmt: skip


def handle(data: bytes, headers: dict[str, str]) -> tuple[dict[str, str], int]:
    signature = {name.lower(): value for name, value in headers.items()}.get("x-signature-256")
    if not verify_signature(data, signature):  # type: ignore[no-untyped-call]
        return {"error": "Invalid signature"}, 401
    event_data = json.loads(data)
    event_type = event_data["event_type"]
    incident = event_data["data"]
    if event_type in ("INCIDENT_CREATED", "INCIDENT_RESOLVED", "INCIDENT_ASSIGNED"):
        handled.append((event_type, incident["incident_id"]))
    return {"status": "processed"}, 200


def test_example_3_webhook_receiver_verifies_and_dispatches(
    api: ApiClient, seed_token: str, receiver: Receiver
) -> None:
    global WEBHOOK_SECRET
    subscription = {"name": "ITSM", "url": receiver.url, "events": ["INCIDENT_CREATED", "INCIDENT_RESOLVED"]}
    created = api.post("/webhooks", json=subscription, token=seed_token)
    assert created.status_code == 201, created.text
    WEBHOOK_SECRET = created.json()["data"]["secret"]
    time.sleep(ROUTER_CACHE_SECONDS)
    incident = create(api, seed_token)
    resolved = api.put(f"/incidents/{incident['id']}/status", json={"status": "resolved"}, token=seed_token)
    assert resolved.status_code == 200, resolved.text
    deliveries = receiver.wait_for(2, timeout=30)
    handled.clear()
    answers = [handle(delivery.body, delivery.headers) for delivery in deliveries]
    assert [status for _, status in answers] == [200, 200]
    assert sorted(handled) == [("INCIDENT_CREATED", incident["id"]), ("INCIDENT_RESOLVED", incident["id"])]
    tampered = handle(deliveries[0].body + b" ", deliveries[0].headers)
    assert tampered == ({"error": "Invalid signature"}, 401)
