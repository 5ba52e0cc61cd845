"""Seed 002 (numeric statuses with true/false-positive classification), over HTTP, on the stack as deployed
by default: every new incident is triaged automatically, and is still status 1 (New) afterwards."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import ApiClient

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory

INCIDENT = {
    "title": "Suspicious Outbound Traffic Detected",
    "description": "Host 10.0.1.50 beacons to 203.0.113.9 every 60 seconds over port 443.",
    "severity": "high",
}


@pytest.fixture(scope="module")
def api(auto_triage_stack: DeployedStack) -> Iterator[ApiClient]:
    client = ApiClient(auto_triage_stack.api_url)
    yield client
    client.session.close()


@pytest.fixture
def org() -> str:
    return f"s002-{uuid.uuid4().hex[:10]}"


def create_triaged(api: ApiClient, token: str, count: int) -> list[dict[str, Any]]:
    """`count` new incidents, returned once automatic triage has moved every one to `triaged`."""
    ids = []
    for _ in range(count):
        response = api.post("/incidents", json=INCIDENT, token=token)
        assert response.status_code == 201, response.text
        ids.append(response.json()["data"]["id"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [api.get(f"/incidents/{incident_id}", token=token).json()["data"] for incident_id in ids]
        if all(incident["status"] == "triaged" for incident in found):
            return found
        time.sleep(0.5)
    raise AssertionError("automatic triage did not finish within 60 s")


def put_status(api: ApiClient, token: str, incident_id: str, status: int) -> dict[str, Any]:
    # The seed's example request: PUT .../status with {"status": 3}
    response = api.put(f"/incidents/{incident_id}/status", json={"status": status}, token=token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_new_incidents_are_status_1_new_even_once_triaged(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    [incident] = create_triaged(api, admin, 1)
    assert (incident["status_id"], incident["status_name"]) == (1, "New")
    # The seed's example: ?status=1&limit=10
    listed = api.get("/incidents", params={"status": 1, "limit": 10}, token=admin).json()
    assert [item["id"] for item in listed["data"]] == [incident["id"]]
    assert (listed["data"][0]["status_id"], listed["data"][0]["status_name"]) == (1, "New")
    assert listed["meta"]["limit"] == 10


def test_status_numbers_classify_and_filter_apart(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    resolved, closed, disrupted, investigating = create_triaged(api, admin, 4)
    # 3 Resolved (true positive), 4 Closed (false positive), 5 Disrupted (true positive), 2 Investigating
    answers = {
        3: put_status(api, admin, resolved["id"], 3),
        4: put_status(api, admin, closed["id"], 4),
        5: put_status(api, admin, disrupted["id"], 5),
        2: put_status(api, admin, investigating["id"], 2),
    }
    assert {code: (body["data"]["status_id"], body["data"]["status_name"]) for code, body in answers.items()} == {
        3: (3, "Resolved"),
        4: (4, "Closed"),
        5: (5, "Disrupted"),
        2: (2, "Investigating"),
    }
    assert answers[3]["message"] == "Incident status updated to Resolved"
    assert (answers[3]["data"]["status"], answers[3]["data"]["classification"]) == ("resolved", "true_positive")
    assert (answers[4]["data"]["status"], answers[4]["data"]["classification"]) == ("closed", "false_positive")
    assert (answers[5]["data"]["status"], answers[5]["data"]["classification"]) == ("resolved", "disrupted")
    assert answers[2]["data"]["assigned_to"] == "alice"  # investigating needs an assignee: the caller
    # Each number filters to its own incidents
    for code, incident in ((2, investigating), (3, resolved), (4, closed), (5, disrupted)):
        listed = api.get("/incidents", params={"status": code}, token=admin).json()["data"]
        assert [item["id"] for item in listed] == [incident["id"]], code
    assert api.get("/incidents", params={"status": 1}, token=admin).json()["data"] == []


def test_severity_time_range_limit_and_offset(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    first, second, third = create_triaged(api, admin, 3)
    page = api.get(
        "/incidents",
        params={
            "severity": "high",
            "start": "2020-01-01T00:00:00Z",
            "end": "2999-01-01T00:00:00Z",
            "limit": 2,
            "offset": 1,
        },
        token=admin,
    ).json()
    newest_first = sorted((first, second, third), key=lambda item: (item["created_at"], item["id"]), reverse=True)
    assert [item["id"] for item in page["data"]] == [item["id"] for item in newest_first[1:3]]
    assert (page["meta"]["limit"], page["meta"]["offset"], page["meta"]["total"]) == (2, 1, 3)
    # The seed allows limit up to 1000; ours is clamped to 100 and says so
    clamped = api.get("/incidents", params={"limit": 1000}, token=admin).json()
    assert clamped["meta"]["limit"] == 100 and len(clamped["data"]) == 3


def test_get_by_id_and_the_documented_errors(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    [incident] = create_triaged(api, admin, 1)
    detail = api.get(f"/incidents/{incident['id']}", token=admin).json()
    assert detail["data"]["org_id"] == org and detail["data"]["status_id"] == 1
    bad_status = api.put(f"/incidents/{incident['id']}/status", json={"status": 9}, token=admin)
    assert bad_status.status_code == 400 and bad_status.json()["error"]["code"] == "VALIDATION_ERROR"
    assert api.get("/incidents", token="not-a-jwt").status_code == 401
    reader = token(org=org, scopes=["incidents:read"])
    assert api.put(f"/incidents/{incident['id']}/status", json={"status": 3}, token=reader).status_code == 403
    missing = api.get(f"/incidents/{uuid.uuid4()}", token=admin)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
