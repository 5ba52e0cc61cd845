"""Get, update, status lifecycle and soft delete, each written with its event items."""

from __future__ import annotations

import json

import boto3

from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway


def test_get_returns_the_incident_with_its_etag(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    response = gateway.request("GET", f"/incidents/{created['id']}", token=token())
    assert response.status_code == 200
    assert response.json()["data"] == created
    assert response.header("ETag") == '"1"'


def test_get_unknown_or_malformed_id_is_404(gateway: InProcessGateway, token: TokenFactory) -> None:
    for incident_id in ("5b4a3b2e-8f5e-4a8e-9d55-9c1b8e2f0a11", "not-a-uuid"):
        response = gateway.request("GET", f"/incidents/{incident_id}", token=token())
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"


def test_patch_changes_fields_bumps_version_and_records_old_and_new(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    created = new_incident(gateway, token())
    response = gateway.request(
        "PATCH",
        f"/incidents/{created['id']}",
        json_body={"severity": "Critical", "tags": ["vip"], "assigned_to": "bob"},
        token=token(),
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["severity"], data["tags"], data["assigned_to"], data["version"]) == ("critical", ["vip"], "bob", 2)
    assert response.header("ETag") == '"2"'
    events = stored_events("acme", created["id"])
    assert [event["event"] for event in events] == ["incident.created", "incident.updated", "incident.assigned"]
    changes = json.loads(events[1]["changes_json"])
    assert changes["severity"] == {"old": "medium", "new": "critical"}
    assert changes["assigned_to"] == {"old": None, "new": "bob"}
    assert events[1]["sequence"] == "2"


def test_put_is_a_partial_update_too_and_a_noop_writes_nothing(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    same = gateway.request("PUT", f"/incidents/{created['id']}", json_body={"title": created["title"]}, token=token())
    assert same.status_code == 200
    assert same.json()["data"]["version"] == 1
    assert len(stored_events("acme", created["id"])) == 1


def test_if_match_with_a_stale_version_is_412(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}"
    first = gateway.request(
        "PATCH", path, json_body={"title": "First edit"}, token=token(), headers={"If-Match": '"1"'}
    )
    assert first.status_code == 200
    stale = gateway.request(
        "PATCH", path, json_body={"title": "Second edit"}, token=token(), headers={"if-match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "PRECONDITION_FAILED"
    fresh = gateway.request(
        "PATCH", path, json_body={"title": "Second edit"}, token=token(), headers={"If-Match": 'W/"2"'}
    )
    assert fresh.status_code == 200


STATUS_CHOICES = "status must be one of: open, triaged, acknowledged, investigating, resolved, closed"


def test_update_refuses_unknown_status_read_only_fields_and_nulling_required_ones(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}"
    for body, detail in (
        ({"status": "exploded"}, {"field": "status", "message": STATUS_CHOICES}),
        ({"version": 7}, {"field": "version", "message": "version is read-only and can not be set"}),
        ({"status_id": 3}, {"field": "status_id", "message": "status_id is read-only and can not be set"}),
        (
            {"created_at": "2020-01-01"},
            {"field": "created_at", "message": "created_at is read-only and can not be set"},
        ),
        ({"title": None}, {"field": "title", "message": "title can not be null"}),
        (
            {"severity": "urgent"},
            {"field": "severity", "message": "severity must be one of: low, medium, high, critical"},
        ),
        ({"nope": 1}, {"field": "nope", "message": "nope is not an allowed field"}),
    ):
        response = gateway.request("PATCH", path, json_body=body, token=token())
        assert response.status_code == 400, body
        error = response.json()["error"]
        assert (error["code"], error["details"]) == ("VALIDATION_ERROR", [detail])


def test_full_lifecycle_and_its_events(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}/status"
    steps = [
        ({"status": "triaged"}, "triaged", "Triaged"),
        ({"status": "ACK"}, "acknowledged", "Acknowledged"),
        ({"status": "in progress", "assigned_to": "bob"}, "investigating", "Investigating"),
        ({"status": "resolved", "classification": "false_positive", "resolution": "test mail"}, "resolved", "Resolved"),
        ({"status": "reopened"}, "investigating", "Investigating"),
        ({"status": 3}, "resolved", "Resolved"),
        ({"status": "closed"}, "closed", "Closed"),
    ]
    for body, status, label in steps:
        response = gateway.request("PUT", path, json_body=body, token=token())
        assert response.status_code == 200, (body, response.text)
        payload = response.json()
        assert payload["data"]["status"] == status
        assert payload["message"] == f"Incident status updated to {label}"
    final = payload["data"]
    assert final["classification"] == "true_positive"
    assert final["assigned_to"] == "bob"
    assert final["acknowledged_at"] and final["triaged_at"] and final["resolved_at"] and final["closed_at"]
    names = [event["event"] for event in stored_events("acme", created["id"])]
    assert names.count("incident.status_changed") == 7
    assert names.count("incident.resolved") == 2
    assert names.count("incident.reopened") == 1
    assert names.count("incident.closed") == 1


def test_illegal_transitions_are_409_with_the_allowed_ones(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}/status"
    to_closed = gateway.request("PUT", path, json_body={"status": "closed"}, token=token())
    assert to_closed.status_code == 409
    error = to_closed.json()["error"]
    assert error["message"] == "Cannot change status from Open to Closed"
    assert error["details"] == {
        "from": "open",
        "to": "closed",
        "allowed": ["triaged", "acknowledged", "investigating", "resolved"],
        "closes_when_classified_as": ["benign", "false_positive"],
    }
    same = gateway.request("PUT", path, json_body={"status": "new"}, token=token())
    assert same.status_code == 409
    assert same.json()["error"]["message"] == "Incident is already Open"
    unknown = gateway.request("PUT", path, json_body={"status": "exploded"}, token=token())
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"] == [{"field": "status", "message": STATUS_CHOICES}]
    # Investigating with no assignee named or held: the caller takes it
    taken = gateway.request("PUT", path, json_body={"status": "investigating"}, token=token(sub="carol"))
    assert taken.status_code == 200
    assert (taken.json()["data"]["status"], taken.json()["data"]["assigned_to"]) == ("investigating", "carol")


def test_soft_delete_hides_but_keeps_the_incident(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}"
    forbidden = gateway.request("DELETE", path, token=token(scopes=["incidents:read", "incidents:write"]))
    assert forbidden.status_code == 403
    deleted = gateway.request("DELETE", path, token=token())
    assert deleted.status_code == 200
    assert deleted.json()["data"]["deleted"] is True
    assert gateway.request("GET", path, token=token()).status_code == 404
    assert gateway.request("PATCH", path, json_body={"title": "x"}, token=token()).status_code == 404
    assert gateway.request("DELETE", path, token=token()).status_code == 404
    listed = gateway.request("GET", "/incidents", token=token()).json()
    assert listed["data"] == [] and listed["meta"]["total"] == 0
    item = boto3.client("dynamodb").get_item(
        TableName=TABLE, Key={"pk": {"S": f"ORG#acme#INC#{created['id']}"}, "sk": {"S": "INCIDENT"}}
    )["Item"]
    assert "deleted_at" in item and "org_pk" not in item
    assert [event["event"] for event in stored_events("acme", created["id"])][-1] == "incident.deleted"


def test_other_orgs_can_not_read_change_or_delete(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token(org="acme"))
    intruder = token(org="globex")
    path = f"/incidents/{created['id']}"
    assert gateway.request("GET", path, token=intruder).status_code == 404
    assert gateway.request("PATCH", path, json_body={"title": "pwned"}, token=intruder).status_code == 404
    assert gateway.request("PUT", f"{path}/status", json_body={"status": "resolved"}, token=intruder).status_code == 404
    assert gateway.request("DELETE", path, token=intruder).status_code == 404
    assert gateway.request("GET", "/incidents", token=intruder).json()["data"] == []
    assert gateway.request("GET", path, token=token(org="acme")).json()["data"]["title"] == created["title"]


def test_reporter_sees_only_its_own_incidents(gateway: InProcessGateway, token: TokenFactory) -> None:
    reporter = token(sub="rita", roles=["reporter"])
    own = new_incident(gateway, reporter)
    other = new_incident(gateway, token(sub="alice"))
    assert gateway.request("GET", f"/incidents/{own['id']}", token=reporter).status_code == 200
    assert gateway.request("GET", f"/incidents/{other['id']}", token=reporter).status_code == 404
    listed = gateway.request("GET", "/incidents", token=reporter).json()
    assert [item["id"] for item in listed["data"]] == [own["id"]]
    retitled = gateway.request("PATCH", f"/incidents/{own['id']}", json_body={"title": "Renamed"}, token=reporter)
    assert (retitled.status_code, retitled.json()["data"]["title"]) == (200, "Renamed")
    other_field = gateway.request("PATCH", f"/incidents/{own['id']}", json_body={"severity": "low"}, token=reporter)
    assert other_field.status_code == 403
    assert other_field.json()["error"]["details"] == {
        "required_permission": "incidents:write",
        "user_permissions": ["incidents:create", "incidents:read"],
    }
    not_visible = gateway.request("PATCH", f"/incidents/{other['id']}", json_body={"title": "x"}, token=reporter)
    assert not_visible.status_code == 404
    responder = token(sub="rob", roles=["responder"])
    assert len(gateway.request("GET", "/incidents", token=responder).json()["data"]) == 2
