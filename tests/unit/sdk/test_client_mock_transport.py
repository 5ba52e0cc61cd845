"""The sync client against a faked API (httpx.MockTransport): requests sent, answers read, paging."""

from __future__ import annotations

import httpx
import pytest
from incident_api import NotFoundError, models

from tests.unit.sdk.fake_api import FakeApi, documented, documented_body, incident, incident_page, json_body


def test_list_iterates_across_pages_following_next_cursor_mock_transport() -> None:
    api = FakeApi().on(
        "GET /incidents",
        incident_page(["a", "b"], next_cursor="cursor-1"),
        incident_page(["c", "d"], next_cursor="cursor-2"),
        incident_page(["e"], next_cursor=None),
    )
    with api.client() as client:
        ids = [each.id for each in client.incidents.list(status="open", severity=["high", "critical"], page_size=2)]
    assert ids == ["a", "b", "c", "d", "e"]
    queries = [request.url.params for request in api.requests]
    assert [query.get("cursor") for query in queries] == [None, "cursor-1", "cursor-2"]
    for query in queries:  # the same query on every page: the cursor belongs to it
        assert query.get_list("status") == ["open"]
        assert query.get_list("severity") == ["high", "critical"]
        assert query.get("limit") == "2"


def test_list_fetches_nothing_until_iterated_and_stops_without_has_more_mock_transport() -> None:
    api = FakeApi().on("GET /incidents", incident_page(["a"], next_cursor=None))
    with api.client() as client:
        incidents = client.incidents.list(status="open")
        assert api.requests == []
        pages = list(client.incidents.pages(assigned_team="soc"))
    assert [page.items[0].id for page in pages] == ["a"] and not pages[0].has_more
    assert [each.id for each in incidents] == ["a"]
    assert [dict(request.url.params) for request in api.requests] == [{"assigned_team": "soc"}, {"status": "open"}]


def test_create_sends_the_fields_and_an_idempotency_key_mock_transport() -> None:
    api = FakeApi().on("POST /incidents", documented("/incidents", "post", 201))
    with api.client() as client:
        created = client.incidents.create(
            title="Database connection issues", description="Connection pool exhausted", severity="HIGH"
        )
        model = models.IncidentCreate(
            title="Disk full", description="srv01 /var at 100%", severity=models.Severity.high
        )
        client.incidents.create(model)
    first, second = api.sent("POST /incidents")
    assert json_body(first) == {
        "title": "Database connection issues",
        "description": "Connection pool exhausted",
        "severity": "HIGH",
    }
    # only the fields set (the model's defaults are the API's to apply)
    assert json_body(second) == {"title": "Disk full", "description": "srv01 /var at 100%", "severity": "high"}
    keys = {first.headers["Idempotency-Key"], second.headers["Idempotency-Key"]}
    assert len(keys) == 2 and all(len(key) == 36 for key in keys)
    assert isinstance(created, models.Incident)
    assert created.id == documented_body("/incidents", "post", 201)["id"]


def test_get_escapes_the_id_and_raises_not_found_with_the_envelope_mock_transport() -> None:
    api = FakeApi()
    with api.client() as client, pytest.raises(NotFoundError) as raised:
        client.incidents.get("../webhooks")
    assert api.requests[0].url.raw_path == b"/incidents/..%2Fwebhooks"
    assert raised.value.status_code == 404 and raised.value.code == "NOT_FOUND"
    assert raised.value.request_id == "req-1"


def test_update_and_change_status_send_if_match_and_the_body_mock_transport() -> None:
    answer = httpx.Response(200, json={"success": True, "data": incident(status="investigating", version=4)})
    api = FakeApi().on("PATCH /incidents/inc-1", answer).on("PUT /incidents/inc-1/status", answer)
    with api.client() as client:
        updated = client.incidents.update("inc-1", status="IN_PROGRESS", assigned_to=None, if_match=3)
        client.incidents.change_status("inc-1", "resolved", classification="true_positive", if_match='"4"')
    patch, put = api.requests
    assert json_body(patch) == {"status": "IN_PROGRESS", "assigned_to": None}  # None given: cleared
    assert patch.headers["If-Match"] == '"3"'
    assert json_body(put) == {"status": "resolved", "classification": "true_positive"}
    assert put.headers["If-Match"] == '"4"'
    assert updated.version == 4 and updated.status == models.StatusModel.investigating


def test_triage_analyze_and_remediate_mock_transport() -> None:
    api = (
        FakeApi()
        .on("POST /incidents/inc-1/triage", documented("/incidents/{id}/triage", "post", 202))
        .on("POST /incidents/inc-1/analyze", documented("/incidents/{id}/analyze", "post", 200))
        .on("POST /incidents/inc-1/remediate", documented("/incidents/{id}/remediate", "post", 201))
    )
    with api.client() as client:
        run = client.incidents.triage("inc-1", playbook="phishing", wait_seconds=5)
        analysis = client.incidents.analyze("inc-1")
        remediation = client.incidents.remediate("inc-1", "restart_service", {"service_name": "api-service"})
    triage, analyze, remediate = api.requests
    assert json_body(triage) == {"playbook": "phishing"} and triage.headers["Prefer"] == "wait=5"
    assert analyze.content == b""
    assert json_body(remediate) == {"action": "restart_service", "parameters": {"service_name": "api-service"}}
    assert remediate.headers["Idempotency-Key"]
    assert isinstance(run, models.TriageRun) and isinstance(analysis, models.IncidentAnalysis)
    assert remediation.result.action == "restart_service"


def test_webhooks_surface_mock_transport() -> None:
    webhook_id, delivery_id = "wh-1", "msg-1"
    deliveries = documented_body("/webhooks/{id}/deliveries", "get", 200)
    deliveries["meta"] = {"limit": 1, "has_more": False, "next_cursor": None}
    api = (
        FakeApi()
        .on("POST /webhooks", documented("/webhooks", "post", 201))
        .on("GET /webhooks", documented("/webhooks", "get", 200))
        .on(f"PATCH /webhooks/{webhook_id}", documented("/webhooks/{id}", "patch", 200))
        .on(f"GET /webhooks/{webhook_id}/deliveries", httpx.Response(200, json=deliveries))
        .on(
            f"POST /webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
            documented("/webhooks/{id}/deliveries/{delivery_id}/redeliver", "post", 202),
        )
        .on(f"GET /webhooks/{webhook_id}/stats", documented("/webhooks/{id}/stats", "get", 200))
        .on(f"POST /webhooks/{webhook_id}/rotate-secret", documented("/webhooks/{id}/rotate-secret", "post", 200))
        .on(f"POST /webhooks/{webhook_id}/test", documented("/webhooks/{id}/test", "post", 202))
        .on(f"DELETE /webhooks/{webhook_id}", documented("/webhooks/{id}", "delete", 200))
    )
    with api.client() as client:
        created = client.webhooks.create(name="SIEM", url="https://siem.example/hook", events=["incident.created"])
        listed = client.webhooks.list()
        client.webhooks.update(webhook_id, is_active=False)
        sent = list(client.webhooks.deliveries(webhook_id, status="failed"))
        client.webhooks.redeliver(webhook_id, delivery_id)
        stats = client.webhooks.stats(webhook_id)
        rotated = client.webhooks.rotate_secret(webhook_id)
        client.webhooks.send_test(webhook_id)
        client.webhooks.delete(webhook_id)
    create = api.requests[0]
    assert json_body(create) == {"name": "SIEM", "url": "https://siem.example/hook", "events": ["incident.created"]}
    assert create.headers["Idempotency-Key"]
    assert created.secret.startswith("whsec_") and listed and sent and stats.subscription_id and rotated.secret
    assert json_body(api.requests[2]) == {"is_active": False}
    assert api.requests[3].url.params.get("status") == "failed"
    assert [request.method for request in api.requests][-1] == "DELETE"


def test_static_token_is_sent_as_bearer_mock_transport() -> None:
    api = FakeApi().on("GET /incidents/inc-1", httpx.Response(200, json={"success": True, "data": incident()}))
    with api.client(token="t-123") as client:
        client.incidents.get("inc-1")
    assert api.requests[0].headers["Authorization"] == "Bearer t-123"
    assert api.requests[0].headers["User-Agent"].startswith("incident-api-client")
