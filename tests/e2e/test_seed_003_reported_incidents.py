"""Seed 003 (reported incidents, roles and states), over HTTP: an event of the seed is an org of ours, and
its `/api/events/:eventId/incidents...` routes are our `/incidents...` in the token's org."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

import jwt
import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

REPORT = {
    "title": "Harassment at the registration desk",
    "type": "conduct",
    "description": "An attendee was repeatedly insulted by another attendee near the badge printers.",
    "location": "Hall B, registration desk",
    "contactMethod": "phone",
}


@pytest.fixture
def org() -> str:
    return f"s003-{uuid.uuid4().hex[:10]}"


def report(api: ApiClient, token: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/incidents", json={**REPORT, "severity": "medium", **fields}, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def multi_org_token(jwt_secret: str, orgs: list[str], sub: str, roles: list[str]) -> str:
    now = int(time.time())
    claims = {"sub": sub, "org_id": orgs, "roles": roles, "iat": now, "exp": now + 600}
    return jwt.encode(claims, jwt_secret, algorithm="HS256")


def test_a_reporter_files_a_report_with_the_seeds_fields(api: ApiClient, token: TokenFactory, org: str) -> None:
    reporter = token(org=org, sub="rita", roles=["Reporter"])
    data = report(api, reporter)
    assert (data["incident_type"], data["location"], data["contact_method"]) == (
        "conduct",
        "Hall B, registration desk",
        "phone",
    )
    assert (data["status"], data["created_by"]) == ("open", "rita")
    plain = api.post(
        "/incidents",
        json={
            "title": "Water leak near stage",
            "description": "Water is dripping onto the stage cables.",
            "severity": "low",
        },
        token=reporter,
    ).json()["data"]
    assert plain["contact_method"] == "email"  # the seed's default
    refused = api.post("/incidents", json={**REPORT, "severity": "low", "contactMethod": "pigeon"}, token=reporter)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "VALIDATION_ERROR"


def test_a_reporter_sees_and_retitles_only_its_own(api: ApiClient, token: TokenFactory, org: str) -> None:
    rita = token(org=org, sub="rita", roles=["Reporter"])
    sam = token(org=org, sub="sam", roles=["Reporter"])
    mine, theirs = report(api, rita), report(api, sam)
    assert api.get(f"/incidents/{mine['id']}", token=rita).status_code == 200
    assert api.get(f"/incidents/{theirs['id']}", token=rita).status_code == 404
    renamed = api.patch(f"/incidents/{mine['id']}", json={"title": "Harassment at registration (updated)"}, token=rita)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["data"]["title"] == "Harassment at registration (updated)"
    assert api.patch(f"/incidents/{theirs['id']}", json={"title": "Not mine to rename"}, token=rita).status_code == 404
    other_field = api.patch(f"/incidents/{mine['id']}", json={"severity": "high"}, token=rita)
    assert other_field.status_code == 403
    assert other_field.json()["error"]["details"]["required_permission"] == "incidents:write"
    listed = api.get("/incidents", token=rita).json()["data"]
    assert [item["id"] for item in listed] == [mine["id"]]


def test_responders_walk_the_states_and_update_the_report(api: ApiClient, token: TokenFactory, org: str) -> None:
    created = report(api, token(org=org, sub="rita", roles=["Reporter"]))
    responder = token(org=org, sub="rob", roles=["Responder"])
    path = f"/incidents/{created['id']}"
    # Update Report State: `{ state }` (or `{ status }`)
    acknowledged = api.put(f"{path}/status", json={"state": "acknowledged"}, token=responder)
    assert acknowledged.status_code == 200, acknowledged.text
    investigating = api.put(f"{path}/status", json={"status": "investigating"}, token=responder).json()["data"]
    assert (investigating["status"], investigating["assigned_to"]) == ("investigating", "rob")
    # Update Report: { assignedResponderId?, severity?, resolution?, state? }
    updated = api.patch(
        path,
        json={
            "assignedResponderId": "carol",
            "severity": "high",
            "resolution": "Attendee removed",
            "state": "resolved",
        },
        token=responder,
    )
    assert updated.status_code == 200, updated.text
    data = updated.json()["data"]
    assert (data["assigned_to"], data["severity"], data["resolution"], data["status"]) == (
        "carol",
        "high",
        "Attendee removed",
        "resolved",
    )
    closed = api.put(f"{path}/status", json={"state": "closed"}, token=token(org=org, roles=["SystemAdmin"]))
    assert closed.json()["data"]["status"] == "closed"
    # A reporter may not change the state
    assert (
        api.put(
            f"{path}/status", json={"state": "acknowledged"}, token=token(org=org, sub="rita", roles=["Reporter"])
        ).status_code
        == 403
    )


def test_list_with_the_seeds_query_parameters(api: ApiClient, token: TokenFactory, org: str) -> None:
    reporter = token(org=org, sub="rita", roles=["Reporter"])
    badge = report(api, reporter, title="Lost badge at the entrance", severity="low")
    report(api, reporter)
    responder = token(org=org, sub="rob", roles=["Responder"])
    page = api.get(
        "/incidents",
        params={"page": 1, "limit": 10, "status": "submitted", "priority": "low", "search": "badge"},
        token=responder,
    )
    assert page.status_code == 200, page.text
    assert [item["id"] for item in page.json()["data"]] == [badge["id"]]


def test_my_incidents_across_events(api: ApiClient, token: TokenFactory, jwt_secret: str, org: str) -> None:
    other_org = f"{org}-b"
    first = report(api, token(org=org, sub="rita", roles=["Reporter"]), title="Aggressive attendee in hall A")
    second = report(api, token(org=other_org, sub="rita", roles=["Reporter"]), title="Broken stair rail in hall C")
    assigned = report(api, token(org=org, sub="sam", roles=["Reporter"]), title="Unattended bag in the lobby")
    responder = token(org=org, sub="rob", roles=["Responder"])
    assert (
        api.put(
            f"/incidents/{assigned['id']}/status",
            json={"status": "investigating", "assigned_to": "rita"},
            token=responder,
        ).status_code
        == 200
    )

    # A reporter sees its own reports in every event, never one merely assigned to it
    rita = multi_org_token(jwt_secret, [org, other_org], "rita", ["Reporter"])
    mine = api.get("/me/incidents", token=rita).json()
    assert sorted(item["id"] for item in mine["data"]) == sorted([first["id"], second["id"]])
    # A responder of both events sees all of them, filtered and sorted as the seed documents
    rob = multi_org_token(jwt_secret, [org, other_org], "rob", ["Responder"])
    everything = api.get(
        "/me/incidents", params={"sort": "title", "order": "asc", "page": 1, "limit": 2}, token=rob
    ).json()
    titles = sorted([first["title"], second["title"], assigned["title"]])
    assert [item["title"] for item in everything["data"]] == titles[:2]
    assert (everything["meta"]["total"], everything["meta"]["totalPages"], everything["meta"]["page"]) == (3, 2, 1)
    in_event = api.get("/me/incidents", params={"event": other_org}, token=rob).json()["data"]
    assert [item["id"] for item in in_event] == [second["id"]]
    found = api.get("/me/incidents", params={"search": "stair"}, token=rob).json()["data"]
    assert [item["id"] for item in found] == [second["id"]]
    unassigned = api.get("/me/incidents", params={"assigned": "unassigned"}, token=rob).json()["data"]
    assert sorted(item["id"] for item in unassigned) == sorted([first["id"], second["id"]])
    others = api.get("/me/incidents", params={"assigned": "others"}, token=rob).json()["data"]
    assert [item["id"] for item in others] == [assigned["id"]]
    not_mine = api.get("/me/incidents", params={"event": "someone-else"}, token=rob)
    assert not_mine.status_code == 400
