"""Comments and the timeline over HTTP in MiniStack."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory


def test_reporter_does_not_see_internal_comments_and_the_timeline_tells_the_story(
    api: ApiClient, token: TokenFactory
) -> None:
    org = f"co-{uuid.uuid4().hex[:8]}"
    reporter, analyst = token(org=org, sub="rita", roles=["reporter"]), token(org=org, sub="alice")
    body = {
        "title": "Odd invoice mail",
        "description": "An invoice from a new supplier asks to log in",
        "severity": "low",
    }
    incident = api.post("/incidents", json=body, token=reporter).json()["data"]
    path = f"/incidents/{incident['id']}"
    assert api.post(f"{path}/comments", json={"body": "Known lure", "internal": True}, token=analyst).status_code == 201
    assert api.post(f"{path}/comments", json={"body": "Thanks, we are on it"}, token=analyst).status_code == 201
    assert api.put(f"{path}/assignee", json={"assigned_to": "alice"}, token=analyst).status_code == 200
    assert api.put(f"{path}/status", json={"status": "investigating"}, token=analyst).status_code == 200

    seen = [comment["body"] for comment in api.get(f"{path}/comments", token=reporter).json()["data"]]
    assert seen == ["Thanks, we are on it"]
    assert len(api.get(f"{path}/comments", token=analyst).json()["data"]) == 2
    events = [item["event"] for item in api.get(f"{path}/timeline", token=analyst).json()["data"]]
    assert events == [
        "incident.created",
        "incident.comment_added",
        "incident.comment_added",
        "incident.updated",
        "incident.assigned",
        "incident.status_changed",
    ]
    assert len(api.get(f"{path}/timeline", token=reporter).json()["data"]) == 5
    mine = api.get("/me/incidents", token=token(org=org, sub="alice")).json()["data"]
    assert [item["id"] for item in mine] == [incident["id"]]
