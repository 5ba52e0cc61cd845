"""Seed 000 (the create-incident contract): its own examples and test cases, as printed, over HTTP.

Requests are the seed's, with our base URL; answers are checked against what the seed documents.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest

from tests.support.receiver import Receiver, webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

# The seed's "Request Body > Example", verbatim.
EXAMPLE_REQUEST = {
    "title": "Unauthorized Access Attempt Detected",
    "description": "Multiple failed login attempts detected from IP 192.168.1.100 targeting the admin portal."
    " Pattern suggests automated attack.",
    "severity": "high",
    "status": "investigating",
    "affected_systems": ["admin-portal", "auth-service"],
    "tags": ["brute-force", "authentication", "security"],
}
# The cURL example's body, verbatim.
CURL_REQUEST = {
    "title": "Unauthorized Access Attempt Detected",
    "description": "Multiple failed login attempts detected from IP 192.168.1.100",
    "severity": "high",
    "affected_systems": ["admin-portal", "auth-service"],
    "tags": ["brute-force", "authentication"],
}
ROUTER_CACHE_SECONDS = 1.5  # the local config caches subscriptions for 1 s
RESPONSE_FIELDS = {
    "id",
    "title",
    "description",
    "severity",
    "status",
    "affected_systems",
    "tags",
    "created_at",
    "updated_at",
    "created_by",
}


@pytest.fixture
def org() -> str:
    return f"s000-{uuid.uuid4().hex[:10]}"


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and body["request_id"], body
    error: dict[str, Any] = body["error"]
    return error


def test_the_seeds_example_request_creates_an_investigating_incident_assigned_to_the_caller(
    api: ApiClient, token: TokenFactory, org: str
) -> None:
    # Given a caller with incidents:write
    writer = token(org=org, sub="abc12345", scopes=["incidents:read", "incidents:write"])
    # When it posts the seed's example, which asks for `investigating` and names no assignee
    response = api.post("/incidents", json=EXAMPLE_REQUEST, token=writer)
    # Then it gets 201 with the documented fields, and the caller is the assignee
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    assert data.keys() >= RESPONSE_FIELDS
    assert {name: data[name] for name in EXAMPLE_REQUEST} == EXAMPLE_REQUEST
    assert (data["created_by"], data["assigned_to"]) == ("abc12345", "abc12345")
    assert data["created_at"] == data["updated_at"] and data["created_at"].endswith("Z")
    assert response.headers["Content-Type"].startswith("application/json")
    assert urljoin(response.url, response.headers["Location"]) == f"{api.base_url}/incidents/{data['id']}"


def test_the_curl_example_creates_an_open_incident(api: ApiClient, token: TokenFactory, org: str) -> None:
    response = api.post("/incidents", json=CURL_REQUEST, token=token(org=org, scopes=["incidents:create"]))
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["status"], data["severity"], data["tags"]) == ("open", "high", CURL_REQUEST["tags"])


def test_valid_request_test_case_is_201(api: ApiClient, token: TokenFactory, org: str) -> None:
    body = {
        "title": "Test Incident",
        "description": "This is a test incident with sufficient detail",
        "severity": "low",
    }
    assert api.post("/incidents", json=body, token=token(org=org)).status_code == 201


def test_missing_title_test_case_is_400_title_is_required(api: ApiClient, token: TokenFactory, org: str) -> None:
    response = api.post(
        "/incidents", json={"description": "Missing title field", "severity": "low"}, token=token(org=org)
    )
    error = error_of(response, 400)
    assert error["code"] == "VALIDATION_ERROR"
    assert {"field": "title", "message": "title is required"} in error["details"]


def test_invalid_severity_test_case_is_400_validation_error(api: ApiClient, token: TokenFactory, org: str) -> None:
    body = {"title": "Test", "description": "Test description here", "severity": "invalid"}
    error = error_of(api.post("/incidents", json=body, token=token(org=org)), 400)
    assert error["code"] == "VALIDATION_ERROR"
    assert {"field": "severity", "message": "severity must be one of: low, medium, high, critical"} in error["details"]


def test_short_description_names_the_documented_rule(api: ApiClient, token: TokenFactory, org: str) -> None:
    error = error_of(
        api.post("/incidents", json={"severity": "low", "description": "short"}, token=token(org=org)), 400
    )
    assert {"field": "title", "message": "title is required"} in error["details"]
    assert {"field": "description", "message": "description must be at least 10 characters"} in error["details"]


def test_unauthorized_request_test_case_is_401(api: ApiClient) -> None:
    body = {"title": "Test", "description": "Test description", "severity": "low"}
    error = error_of(api.post("/incidents", json=body), 401)
    assert error["code"] == "UNAUTHORIZED"


def test_expired_token_is_401_token_expired(api: ApiClient, token: TokenFactory, org: str) -> None:
    error = error_of(api.post("/incidents", json=CURL_REQUEST, token=token(org=org, ttl=-120)), 401)
    assert error["code"] == "TOKEN_EXPIRED"


def test_a_reader_is_403_with_the_required_and_held_permissions(api: ApiClient, token: TokenFactory, org: str) -> None:
    error = error_of(api.post("/incidents", json=CURL_REQUEST, token=token(org=org, scopes=["incidents:read"])), 403)
    assert error["code"] == "FORBIDDEN"
    assert error["details"] == {"required_permission": "incidents:write", "user_permissions": ["incidents:read"]}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def test_incident_created_webhook_carries_the_seeds_payload(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    # Given a subscriber of incident.created
    admin = token(org=org)
    subscribed = api.post(
        "/webhooks", json={"name": "seed 000", "url": receiver.url, "events": ["incident.created"]}, token=admin
    )
    assert subscribed.status_code == 201, subscribed.text
    time.sleep(ROUTER_CACHE_SECONDS)
    # When the curl example is posted
    incident = api.post("/incidents", json=CURL_REQUEST, token=admin).json()["data"]
    # Then the delivery has the seed's payload fields: event, timestamp, data.id/title/severity/status
    [received] = receiver.wait_for(1, timeout=30)
    payload = json.loads(received.body)
    assert payload["event"] == "incident.created" and payload["timestamp"].endswith("Z")
    assert {name: payload["data"][name] for name in ("id", "title", "severity", "status")} == {
        name: incident[name] for name in ("id", "title", "severity", "status")
    }
