"""The incident API deployed into MiniStack, driven over HTTP as a client would.

Each test works in an org of its own, so tests share one deployment without sharing data.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

VALID = {
    "title": "Ransomware note on file server",
    "description": "README_DECRYPT.txt found in every share of fs-01",
    "severity": "Critical",
}


@pytest.fixture
def org() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def create(api: ApiClient, token: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/incidents", json={**VALID, **fields}, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def error_of(response: Any) -> dict[str, Any]:
    payload = response.json()
    assert payload["success"] is False, payload
    assert payload["request_id"]
    error: dict[str, Any] = payload["error"]
    return error


def test_create_contract_and_read_back(api: ApiClient, token: TokenFactory, org: str) -> None:
    # Given a responder of an org
    responder = token(org=org, sub="alice")
    # When it reports an incident
    response = api.post("/incidents", json={**VALID, "tags": ["prod"], "affected_systems": ["fs-01"]}, token=responder)
    # Then it gets 201, Location and the contract's fields, and reads it back
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert urljoin(response.url, response.headers["Location"]) == f"{api.base_url}/incidents/{data['id']}"
    assert data["incident_number"].endswith("-000001")
    assert (data["severity"], data["status"], data["created_by"], data["org_id"], data["version"]) == (
        "critical",
        "open",
        "alice",
        org,
        1,
    )
    fetched = api.get(f"/incidents/{data['id']}", token=responder)
    assert fetched.status_code == 200
    assert fetched.json()["data"] == data
    assert fetched.headers["ETag"] == '"1"'
    assert fetched.headers.get("X-Request-Id")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({k: v for k, v in VALID.items() if k != "title"}, {"field": "title", "message": "title is required"}),
        (
            {**VALID, "description": "short"},
            {"field": "description", "message": "description must be at least 10 characters"},
        ),
        (
            {**VALID, "severity": "sev1"},
            {"field": "severity", "message": "severity must be one of: low, medium, high, critical"},
        ),
        ({**VALID, "org_id": "other"}, {"field": "org_id", "message": "org_id is read-only and can not be set"}),
        ({**VALID, "colour": "red"}, {"field": "colour", "message": "colour is not an allowed field"}),
    ],
)
def test_create_validation_errors(
    api: ApiClient, token: TokenFactory, org: str, body: dict[str, Any], detail: dict[str, str]
) -> None:
    response = api.post("/incidents", json=body, token=token(org=org))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert detail in error["details"]


def test_create_refuses_non_json_and_huge_bodies(api: ApiClient, token: TokenFactory, org: str) -> None:
    headers = {"Content-Type": "application/json"}
    not_json = api.post("/incidents", data="title=hello", token=token(org=org), headers=headers)
    assert not_json.status_code == 400
    assert error_of(not_json)["code"] == "VALIDATION_ERROR"
    huge = api.post(
        "/incidents",
        data=json.dumps({**VALID, "description": "x" * (1024 * 1024 + 10)}),
        token=token(org=org),
        headers=headers,
    )
    assert huge.status_code == 413
    assert error_of(huge)["code"] == "PAYLOAD_TOO_LARGE"


def test_authentication_and_permission_errors(api: ApiClient, token: TokenFactory, org: str) -> None:
    missing = api.post("/incidents", json=VALID)
    assert missing.status_code == 401
    assert error_of(missing)["code"] == "UNAUTHORIZED"
    assert error_of(missing)["message"].startswith("Authentication required")
    garbage = api.post("/incidents", json=VALID, token="not-a-jwt")
    assert garbage.status_code == 401
    expired = api.post("/incidents", json=VALID, token=token(org=org, ttl=-120))
    assert expired.status_code == 401
    assert error_of(expired)["code"] == "TOKEN_EXPIRED"
    reader = api.post("/incidents", json=VALID, token=token(org=org, scopes=["incidents:read"]))
    assert reader.status_code == 403
    assert error_of(reader)["details"] == {
        "required_permission": "incidents:write",
        "user_permissions": ["incidents:read"],
    }


def test_list_filters_and_both_pagination_styles(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org, sub="alice")
    made = [
        create(
            api,
            admin,
            title=f"Alert {i} {'disk' if i % 2 else 'cpu'}",
            severity="high" if i % 3 == 0 else "low",
            source="cloudwatch" if i % 2 else "edr",
            tags=["db"] if i % 2 else [],
            **({"assigned_to": "alice"} if i < 2 else {}),
        )
        for i in range(7)
    ]
    newest_first = [incident["id"] for incident in reversed(made)]

    # Cursor pages of 3: 3 + 3 + 1
    seen, cursor, pages = [], None, 0
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        payload = api.get("/incidents", token=admin, params=params).json()
        assert payload["meta"]["total"] == 7
        seen += [item["id"] for item in payload["data"]]
        pages += 1
        cursor = payload["meta"]["next_cursor"]
        if not payload["meta"]["has_more"]:
            break
    assert pages == 3 and seen == newest_first

    # Offset pages
    page2 = api.get("/incidents", token=admin, params={"page": 2, "per_page": 3}).json()
    assert [item["id"] for item in page2["data"]] == newest_first[3:6]
    assert page2["meta"]["has_more"] is True
    page3 = api.get("/incidents", token=admin, params={"page": 3, "per_page": 3}).json()
    assert [item["id"] for item in page3["data"]] == newest_first[6:]
    assert page3["meta"]["has_more"] is False

    def listed(params: Any) -> set[str]:
        response = api.get("/incidents", token=admin, params=params)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["data"]}

    ids = [incident["id"] for incident in made]
    assert listed({"severity": "HIGH"}) == {ids[0], ids[3], ids[6]}
    assert listed([("status", "open"), ("source", "cloudwatch")]) == {ids[1], ids[3], ids[5]}
    assert listed({"tag": "db", "severity": "high"}) == {ids[3]}
    assert listed({"assigned_to": "me"}) == {ids[0], ids[1]}
    assert listed({"assigned_to": "unassigned", "q": "DISK"}) == {ids[3], ids[5]}
    assert listed({"created_after": made[5]["created_at"]}) == {ids[5], ids[6]}
    assert listed([("severity", "low"), ("severity", "high")]) == set(ids)


def test_if_match_conflict(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    incident = create(api, admin)
    path = f"/incidents/{incident['id']}"
    first = api.patch(path, json={"severity": "low"}, token=admin, headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    stale = api.patch(path, json={"severity": "high"}, token=admin, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert error_of(stale)["code"] == "PRECONDITION_FAILED"
    assert api.get(path, token=admin).json()["data"]["severity"] == "low"


def test_two_posts_with_one_idempotency_key_make_one_incident_and_answer_alike(
    api: ApiClient, token: TokenFactory, org: str
) -> None:
    # Given a responder whose first POST /incidents got no answer it saw (a timeout), so it retries
    responder = token(org=org, sub="alice")
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    first = api.post("/incidents", json=VALID, token=responder, headers=key)
    again = api.post("/incidents", json=VALID, token=responder, headers=key)
    # Then both answers are the first one (status, body, Location), the second marked as a replay
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.json() == first.json() and again.headers["Location"] == first.headers["Location"]
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    # And the org holds one incident; the key with another body is refused
    assert len(api.get("/incidents", token=responder).json()["data"]) == 1
    reused = api.post("/incidents", json={**VALID, "severity": "low"}, token=responder, headers=key)
    assert reused.status_code == 422 and error_of(reused)["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_lifecycle_with_an_illegal_transition(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    incident = create(api, admin)
    path = f"/incidents/{incident['id']}/status"
    illegal = api.put(path, json={"status": "closed"}, token=admin)
    assert illegal.status_code == 409
    assert error_of(illegal)["message"] == "Cannot change status from Open to Closed"
    for body, expected in (
        ({"status": "acknowledged"}, "Acknowledged"),
        ({"status": "in_progress"}, "Investigating"),  # no assignee: the caller becomes it
        ({"status": 3}, "Resolved"),
        ({"status": "closed"}, "Closed"),
    ):
        response = api.put(path, json=body, token=admin)
        assert response.status_code == 200, response.text
        assert response.json()["message"] == f"Incident status updated to {expected}"
    final = api.get(f"/incidents/{incident['id']}", token=admin).json()["data"]
    assert (final["status"], final["classification"], final["assigned_to"], final["version"]) == (
        "closed",
        "true_positive",
        "alice",
        5,
    )


def test_orgs_are_isolated(api: ApiClient, token: TokenFactory, org: str) -> None:
    owner = token(org=org)
    incident = create(api, owner)
    intruder = token(org=f"{org}-other")
    path = f"/incidents/{incident['id']}"
    assert api.get(path, token=intruder).status_code == 404
    assert api.patch(path, json={"title": "mine now"}, token=intruder).status_code == 404
    assert api.put(f"{path}/status", json={"status": "resolved"}, token=intruder).status_code == 404
    assert api.delete(path, token=intruder).status_code == 404
    assert api.get("/incidents", token=intruder).json()["data"] == []
    assert api.get(path, token=owner).json()["data"]["title"] == VALID["title"]


def test_reporter_sees_only_its_own(api: ApiClient, token: TokenFactory, org: str) -> None:
    reporter = token(org=org, sub="rita", roles=["reporter"])
    own = create(api, reporter)
    other = create(api, token(org=org, sub="alice"))
    assert api.get(f"/incidents/{other['id']}", token=reporter).status_code == 404
    listed = api.get("/incidents", token=reporter).json()["data"]
    assert [item["id"] for item in listed] == [own["id"]]


def test_soft_delete(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    incident = create(api, admin)
    path = f"/incidents/{incident['id']}"
    assert api.delete(path, token=token(org=org, scopes=["incidents:write"])).status_code == 403
    deleted = api.delete(path, token=admin)
    assert deleted.status_code == 200 and deleted.json()["data"]["deleted"] is True
    assert api.get(path, token=admin).status_code == 404
    assert api.get("/incidents", token=admin).json()["meta"]["total"] == 0
