"""Timeline, comments, assignment and "my incidents" against moto."""

from __future__ import annotations

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway


def test_timeline_lists_every_change_in_order(gateway: InProcessGateway, token: TokenFactory) -> None:
    admin = token()
    incident = new_incident(gateway, admin)
    path = f"/incidents/{incident['id']}"
    gateway.request("PATCH", path, json_body={"severity": "high"}, token=admin)
    gateway.request("PUT", f"{path}/assignee", json_body={"assigned_to": "bob", "assigned_team": "soc"}, token=admin)
    gateway.request("POST", f"{path}/comments", json_body={"body": "Looking into it"}, token=admin)
    gateway.request("PUT", f"{path}/status", json_body={"status": "resolved"}, token=admin)
    timeline = gateway.request("GET", f"{path}/timeline", token=admin).json()
    names = [item["event"] for item in timeline["data"]]
    assert names == [
        "incident.created",
        "incident.updated",
        "incident.updated",
        "incident.assigned",
        "incident.comment_added",
        "incident.status_changed",
        "incident.resolved",
    ]
    assert timeline["data"][1]["changes"]["severity"] == {"old": "medium", "new": "high"}
    assert timeline["data"][3]["changes"]["assigned_to"] == {"old": None, "new": "bob"}
    assert [item["sequence"] for item in timeline["data"]] == [1, 2, 3, 3, 3, 4, 4]

    first = gateway.request("GET", f"{path}/timeline", token=admin, query={"limit": 3}).json()
    rest = gateway.request(
        "GET", f"{path}/timeline", token=admin, query={"cursor": first["meta"]["next_cursor"]}
    ).json()
    assert [item["id"] for item in first["data"] + rest["data"]] == [item["id"] for item in timeline["data"]]
    other = new_incident(gateway, admin)
    moved = gateway.request(
        "GET", f"/incidents/{other['id']}/timeline", token=admin, query={"cursor": first["meta"]["next_cursor"]}
    )
    assert moved.status_code == 400


def test_comments_internal_hidden_from_reporters_and_only_authors_edit(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    reporter = token(sub="rita", roles=["reporter"])
    analyst = token(sub="alice")
    incident = new_incident(gateway, reporter)
    path = f"/incidents/{incident['id']}/comments"
    public = gateway.request("POST", path, json_body={"body": "Thanks for reporting"}, token=analyst)
    assert public.status_code == 201
    internal = gateway.request(
        "POST", path, json_body={"body": "Sender is a known APT lure", "internal": True}, token=analyst
    )
    assert internal.status_code == 201 and internal.json()["data"]["internal"] is True
    mine = gateway.request("POST", path, json_body={"body": "It came twice"}, token=reporter)
    assert mine.status_code == 201
    assert gateway.request("POST", path, json_body={"body": "x", "internal": True}, token=reporter).status_code == 403

    seen_by_reporter = [c["body"] for c in gateway.request("GET", path, token=reporter).json()["data"]]
    assert seen_by_reporter == ["Thanks for reporting", "It came twice"]
    assert len(gateway.request("GET", path, token=analyst).json()["data"]) == 3
    reporter_timeline = gateway.request("GET", f"/incidents/{incident['id']}/timeline", token=reporter).json()["data"]
    assert all(not (item["changes"] or {}).get("comment", {}).get("internal") for item in reporter_timeline)

    comment_id = public.json()["data"]["id"]
    assert (
        gateway.request("PATCH", f"{path}/{comment_id}", json_body={"body": "edited"}, token=reporter).status_code
        == 403
    )
    edited = gateway.request("PATCH", f"{path}/{comment_id}", json_body={"body": "Thanks, on it"}, token=analyst)
    assert edited.status_code == 200 and edited.json()["data"]["edited_at"]
    assert gateway.request("DELETE", f"{path}/{comment_id}", token=analyst).status_code == 200
    assert [c["body"] for c in gateway.request("GET", path, token=analyst).json()["data"]] == [
        "Sender is a known APT lure",
        "It came twice",
    ]
    internal_id = internal.json()["data"]["id"]
    assert gateway.request("DELETE", f"{path}/{internal_id}", token=reporter).status_code == 404
    assert gateway.request("POST", path, json_body={"body": ""}, token=analyst).status_code == 400
    assert gateway.request("GET", path, token=token(org="globex")).status_code == 404


def test_assignee_endpoint(gateway: InProcessGateway, token: TokenFactory) -> None:
    admin = token()
    incident = new_incident(gateway, admin)
    path = f"/incidents/{incident['id']}/assignee"
    assigned = gateway.request("PUT", path, json_body={"assigned_to": "bob"}, token=admin)
    assert assigned.status_code == 200 and assigned.json()["data"]["assigned_to"] == "bob"
    stale = gateway.request("PUT", path, json_body={"assigned_to": "carol"}, token=admin, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert gateway.request("PUT", path, json_body={}, token=admin).status_code == 400
    cleared = gateway.request("PUT", path, json_body={"assigned_to": None}, token=admin)
    assert cleared.json()["data"]["assigned_to"] is None
    assert (
        gateway.request("PUT", path, json_body={"assigned_to": "x"}, token=token(scopes=["incidents:read"])).status_code
        == 403
    )
