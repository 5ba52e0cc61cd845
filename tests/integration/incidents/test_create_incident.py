"""POST /incidents: the published create contract, against moto."""

from __future__ import annotations

import json

import pytest

from incident_core.core.business_metrics import INCIDENTS_OPENED
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import stored_events
from tests.support.gateway import InProcessGateway
from tests.support.metrics import metric_counts

VALID = {
    "title": "Phishing mail to finance",
    "description": "A spoofed invoice mail asks for credentials",
    "severity": "HIGH",
}


def test_create_answers_201_with_location_and_the_full_incident(gateway: InProcessGateway, token: TokenFactory) -> None:
    # Given a caller with incidents:write
    body = {
        **VALID,
        "incident_type": "Phishing",
        "source": "email-gateway",
        "affected_systems": ["mail", "erp"],
        "tags": ["finance", "finance", "invoice"],
        "raw_data": {"sender": "billing@examp1e.com", "score": 7.5},
        "assigned_team": "soc",
    }
    # When it creates an incident
    response = gateway.request("POST", "/incidents", json_body=body, token=token(sub="alice"))
    # Then it gets 201, a Location and every field of the contract
    assert response.status_code == 201
    payload = response.json()
    assert payload["success"] is True
    data = payload["data"]
    assert response.header("Location") == f"incidents/{data['id']}"
    assert response.header("ETag") == '"1"'
    assert response.header("X-Request-Id")
    assert data["incident_number"].startswith("INC-") and data["incident_number"].endswith("-000001")
    assert data["severity"] == "high"
    assert data["status"] == "open"
    assert data["incident_type"] == "phishing"
    assert data["tags"] == ["finance", "invoice"]
    assert data["raw_data"] == {"sender": "billing@examp1e.com", "score": 7.5}
    assert data["created_by"] == "alice"
    assert data["org_id"] == "acme"
    assert data["version"] == 1
    assert data["created_at"].endswith("Z") and len(data["created_at"]) == 24
    assert data["created_at"] == data["updated_at"]


def test_incident_numbers_count_per_org(gateway: InProcessGateway, token: TokenFactory) -> None:
    numbers = [
        gateway.request("POST", "/incidents", json_body=VALID, token=token(org=org)).json()["data"]["incident_number"]
        for org in ("acme", "acme", "globex", "acme")
    ]
    assert [number[-6:] for number in numbers] == ["000001", "000002", "000001", "000003"]


def test_each_incident_created_is_counted_by_its_known_source(
    gateway: InProcessGateway, token: TokenFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for source in ("email-gateway", "CloudWatch", "email-gateway", "our-own-script", None):
        body = VALID if source is None else {**VALID, "source": source}
        assert gateway.request("POST", "/incidents", json_body=body, token=token()).status_code == 201
    assert gateway.request("POST", "/incidents", json_body={"severity": "high"}, token=token()).status_code == 400

    # An unknown source is `other` (the dimension stays small); none at all is `none`; a refusal counts nothing.
    counted = metric_counts(capsys.readouterr().out, INCIDENTS_OPENED, "source")
    assert counted == {"email-gateway": 2, "cloudwatch": 1, "other": 1, "none": 1}


def _error(response: object) -> dict[str, object]:
    payload = response.json()  # type: ignore[attr-defined]
    assert payload["success"] is False
    assert payload["request_id"]
    return payload["error"]  # type: ignore[no-any-return]


def test_missing_title_names_the_field(gateway: InProcessGateway, token: TokenFactory) -> None:
    body = {key: value for key, value in VALID.items() if key != "title"}
    response = gateway.request("POST", "/incidents", json_body=body, token=token())
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"] == [{"field": "title", "message": "title is required"}]


def test_short_description_and_bad_severity(gateway: InProcessGateway, token: TokenFactory) -> None:
    response = gateway.request(
        "POST", "/incidents", json_body={**VALID, "description": "too short", "severity": "urgent"}, token=token()
    )
    assert response.status_code == 400
    details = _error(response)["details"]
    assert {"field": "description", "message": "description must be at least 10 characters"} in details  # type: ignore[operator]
    assert {"field": "severity", "message": "severity must be one of: low, medium, high, critical"} in details  # type: ignore[operator]


def test_read_only_and_unknown_fields_are_refused_by_name(gateway: InProcessGateway, token: TokenFactory) -> None:
    for field, message in (
        ("id", "id is read-only and can not be set"),
        ("org_id", "org_id is read-only and can not be set"),
        ("created_by", "created_by is read-only and can not be set"),
        ("priority", "priority is not an allowed field"),
    ):
        response = gateway.request("POST", "/incidents", json_body={**VALID, field: "x"}, token=token())
        assert response.status_code == 400
        assert _error(response)["details"] == [{"field": field, "message": message}]


def test_body_that_is_not_json_or_not_an_object(gateway: InProcessGateway, token: TokenFactory) -> None:
    not_json = gateway.request("POST", "/incidents", raw_body="{title: nope", token=token())
    assert not_json.status_code == 400
    assert _error(not_json)["details"] == [{"field": "body", "message": "Request body is not valid JSON"}]
    array = gateway.request("POST", "/incidents", raw_body="[1, 2]", token=token())
    assert array.status_code == 400
    assert _error(array)["code"] == "VALIDATION_ERROR"
    empty = gateway.request("POST", "/incidents", token=token())
    assert empty.status_code == 400


def test_body_over_one_mebibyte_is_413(gateway: InProcessGateway, token: TokenFactory) -> None:
    huge = json.dumps({**VALID, "description": "x" * (1024 * 1024)})
    response = gateway.request("POST", "/incidents", raw_body=huge, token=token())
    assert response.status_code == 413
    assert _error(response)["code"] == "PAYLOAD_TOO_LARGE"


def test_raw_data_is_capped_at_32_kib(gateway: InProcessGateway, token: TokenFactory) -> None:
    response = gateway.request(
        "POST", "/incidents", json_body={**VALID, "raw_data": {"blob": "y" * 33_000}}, token=token()
    )
    assert response.status_code == 400
    assert _error(response)["details"][0]["field"] == "raw_data"  # type: ignore[index]


def test_limits_on_tags_and_affected_systems(gateway: InProcessGateway, token: TokenFactory) -> None:
    too_many_tags = gateway.request(
        "POST", "/incidents", json_body={**VALID, "tags": [f"t{i}" for i in range(21)]}, token=token()
    )
    assert too_many_tags.status_code == 400
    assert _error(too_many_tags)["details"] == [{"field": "tags", "message": "tags must have at most 20 items"}]
    long_tag = gateway.request("POST", "/incidents", json_body={**VALID, "tags": ["x" * 51]}, token=token())
    assert _error(long_tag)["details"] == [{"field": "tags[0]", "message": "tags[0] must be at most 50 characters"}]
    systems = gateway.request(
        "POST", "/incidents", json_body={**VALID, "affected_systems": [f"s{i}" for i in range(51)]}, token=token()
    )
    assert systems.status_code == 400


def test_seed_000_example_creates_investigating_assigned_to_the_caller(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    # Given the seed's own example, which asks for `investigating` and names no assignee
    body = {
        "title": "Unauthorized Access Attempt Detected",
        "description": "Multiple failed login attempts detected from IP 192.168.1.100 targeting the admin portal."
        " Pattern suggests automated attack.",
        "severity": "high",
        "status": "investigating",
        "affected_systems": ["admin-portal", "auth-service"],
        "tags": ["brute-force", "authentication", "security"],
    }
    # When a writer posts it
    response = gateway.request("POST", "/incidents", json_body=body, token=token(sub="abc12345"))
    # Then it is created investigating, assigned to the caller
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert {name: data[name] for name in body} == body
    assert (data["assigned_to"], data["created_by"], data["status_id"], data["status_name"]) == (
        "abc12345",
        "abc12345",
        2,
        "Investigating",
    )
    events = [event["event"] for event in stored_events("acme", data["id"])]
    assert events == ["incident.created", "incident.assigned"]
    named = gateway.request(
        "POST", "/incidents", json_body={**VALID, "status": "IN_PROGRESS", "assigned_to": "bob"}, token=token()
    )
    assert (named.status_code, named.json()["data"]["assigned_to"]) == (201, "bob")
    closed = gateway.request("POST", "/incidents", json_body={**VALID, "status": "closed"}, token=token())
    assert closed.status_code == 400
    assert _error(closed)["details"] == [
        {"field": "status", "message": "status must be one of: open, investigating, resolved"}
    ]


def test_seed_000_missing_title_test_case(gateway: InProcessGateway, token: TokenFactory) -> None:
    response = gateway.request(
        "POST", "/incidents", json_body={"description": "Missing title field", "severity": "low"}, token=token()
    )
    assert response.status_code == 400
    error = _error(response)
    assert (error["code"], error["message"]) == ("VALIDATION_ERROR", "title is required")
    assert error["details"] == [{"field": "title", "message": "title is required"}]
    both = gateway.request("POST", "/incidents", json_body={"severity": "low", "description": "short"}, token=token())
    assert _error(both)["details"] == [
        {"field": "title", "message": "title is required"},
        {"field": "description", "message": "description must be at least 10 characters"},
    ]


def test_seed_001_integration_create_derives_title_and_description(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    raw_data = {
        "message_id": "AAMkAGI2...",
        "sender": "unknown@domain.com",
        "recipient": "employee@company.com",
        "subject": "Important Document",
        "received_at": "2024-01-15T10:00:00Z",
    }
    body = {"incident_type": "phishing", "source": "email_gateway", "severity": "medium", "raw_data": raw_data}
    response = gateway.request("POST", "/incidents", json_body=body, token=token())
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["title"] == "Phishing from email_gateway: Important Document"
    assert data["description"] == (
        "Phishing reported by email_gateway. subject: Important Document; message_id: AAMkAGI2...;"
        " sender: unknown@domain.com; recipient: employee@company.com; received_at: 2024-01-15T10:00:00Z"
    )
    assert (data["status"], data["incident_type"], data["source"], data["raw_data"]) == (
        "open",
        "phishing",
        "email_gateway",
        raw_data,
    )


def test_seed_003_and_004_fields_and_aliases(gateway: InProcessGateway, token: TokenFactory) -> None:
    report = {
        "title": "Harassment at the registration desk",
        "type": "conduct",
        "description": "An attendee was repeatedly insulted near the badge printers.",
        "severity": "medium",
        "location": "Hall B, registration desk",
        "contactMethod": "PHONE",
        "source_query": "index=api_logs | stats avg(response_time)",
        "assigned_user": "jane.smith",
    }
    response = gateway.request("POST", "/incidents", json_body=report, token=token())
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["incident_type"], data["location"], data["contact_method"], data["assigned_to"]) == (
        "conduct",
        "Hall B, registration desk",
        "phone",
        "jane.smith",
    )
    assert data["source_query"] == "index=api_logs | stats avg(response_time)"
    plain = gateway.request("POST", "/incidents", json_body=VALID, token=token()).json()["data"]
    assert (plain["contact_method"], plain["location"], plain["source_query"]) == ("email", None, None)


def test_an_alias_and_its_field_with_different_values_are_refused(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    response = gateway.request(
        "POST", "/incidents", json_body={**VALID, "type": "phishing", "incident_type": "malware"}, token=token()
    )
    assert response.status_code == 400
    error = _error(response)
    assert (error["code"], error["message"]) == ("VALIDATION_ERROR", "type and incident_type differ: send one of them")
    assert error["details"] == [{"field": "type", "message": "type and incident_type differ: send one of them"}]
    bad_method = gateway.request("POST", "/incidents", json_body={**VALID, "contactMethod": "pigeon"}, token=token())
    assert _error(bad_method)["details"] == [
        {"field": "contact_method", "message": "contact_method must be one of: email, phone, in_person, no_contact"}
    ]


def test_no_token_bad_token_expired_token(gateway: InProcessGateway, token: TokenFactory) -> None:
    missing = gateway.request("POST", "/incidents", json_body=VALID)
    assert missing.status_code == 401
    error = _error(missing)
    assert error["code"] == "UNAUTHORIZED"
    assert str(error["message"]).startswith("Authentication required")
    forged = gateway.request("POST", "/incidents", json_body=VALID, token=token() + "x")
    assert forged.status_code == 401
    assert _error(forged)["code"] == "UNAUTHORIZED"
    expired = gateway.request("POST", "/incidents", json_body=VALID, token=token(ttl=-120))
    assert expired.status_code == 401
    assert _error(expired)["code"] == "TOKEN_EXPIRED"


def test_permission_is_checked_before_the_body(gateway: InProcessGateway, token: TokenFactory) -> None:
    reader = token(scopes=["incidents:read"])
    response = gateway.request("POST", "/incidents", json_body={"not": "valid"}, token=reader)
    assert response.status_code == 403
    error = _error(response)
    assert error["code"] == "FORBIDDEN"
    assert error["details"] == {"required_permission": "incidents:write", "user_permissions": ["incidents:read"]}


def test_incidents_create_alone_is_enough_to_create(gateway: InProcessGateway, token: TokenFactory) -> None:
    response = gateway.request("POST", "/incidents", json_body=VALID, token=token(scopes=["incidents:create"]))
    assert response.status_code == 201
