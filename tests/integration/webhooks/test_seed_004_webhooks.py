"""Seed 004's webhook management and its Example 3 subscriber, against moto and a real local subscriber.

The subscription is made and changed with the seed's bodies as printed; the subscriber
checks `X-Signature-256` with the seed's own `verify_signature` (copied verbatim) and
reads `event_type` and `data.incident_id`. Seed 000's payload (`event`, `timestamp`,
`data.id/title/severity/status`) holds in the same deliveries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from standardwebhooks.webhooks import Webhook

from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver, webhook_receiver

SUBSCRIPTION = {
    "name": "ITSM Integration",
    "url": "https://your-system.com/webhooks/incidents",
    "events": ["INCIDENT_CREATED", "INCIDENT_RESOLVED"],
    "headers": {"X-API-Key": "your-api-key", "Content-Type": "application/json"},
    "timeout_seconds": 30,
    "max_retries": 3,
}
UPDATE = {
    "name": "Updated ITSM Integration",
    "events": ["INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED"],
    "timeout_seconds": 45,
}

# Seed 004's Example 3, as printed; `WEBHOOK_SECRET` is set to the secret our API gave.
WEBHOOK_SECRET = ""


def verify_signature(payload, signature):  # type: ignore[no-untyped-def]
    expected = hmac.new(
        WEBHOOK_SECRET.encode(),
        payload,
        hashlib.sha256
    ).hexdigest()  # fmt: skip
    return hmac.compare_digest(f'sha256={expected}', signature)  # fmt: skip


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName="deliveries-it")["QueueUrl"]
    return Pipeline(gateway, table=TABLE, queue_url=queue_url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver("/webhooks/incidents") as running:
        yield running


def test_subscription_made_changed_and_read_with_the_seeds_bodies(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    admin = token()
    response = gateway.request(
        "POST", "/webhooks", json_body={**SUBSCRIPTION, "url": "https://93.184.215.14/w"}, token=admin
    )
    assert response.status_code == 201, response.text
    created = response.json()["data"]
    assert {name: created[name] for name in ("name", "events", "headers", "timeout_seconds", "max_retries")} == {
        "name": "ITSM Integration",
        "events": ["incident.created", "incident.resolved"],  # stored by their catalogue names
        "headers": {"X-API-Key": "********", "Content-Type": "application/json"},
        "timeout_seconds": 30,
        "max_retries": 3,
    }
    assert created["is_active"] is True and created["secret"].startswith("whsec_")
    assert created["created_at"] == created["updated_at"]
    path = f"/webhooks/{created['id']}"

    changed = gateway.request("PUT", path, json_body=UPDATE, token=admin)
    assert changed.status_code == 200, changed.text
    data = changed.json()["data"]
    assert (data["name"], data["events"], data["timeout_seconds"]) == (
        "Updated ITSM Integration",
        ["incident.created", "incident.updated", "incident.resolved"],
        45,
    )
    # A partial body: what it leaves out stays as it was.
    assert (data["url"], data["max_retries"], data["headers"]) == (
        "https://93.184.215.14/w",
        3,
        {"X-API-Key": "********", "Content-Type": "application/json"},
    )
    assert "secret" not in data and data["version"] == 2
    assert gateway.request("GET", path, token=admin).json()["data"] == data
    assert gateway.request("GET", "/webhooks", token=admin).json()["data"] == [data]

    for status in ("failed", "FAILED", "Delivered", "PENDING"):
        listed = gateway.request("GET", f"{path}/deliveries", token=admin, query={"status": status, "limit": 50})
        assert listed.status_code == 200, listed.text
        assert listed.json()["data"] == [] and listed.json()["meta"]["limit"] == 50
    stats = gateway.request("GET", f"{path}/stats", token=admin).json()["data"]
    assert stats == {
        "webhook_id": created["id"],
        "subscription_id": created["id"],
        "total_deliveries": 0,
        "successful_deliveries": 0,
        "failed_deliveries": 0,
        "success_rate": None,
        "total_attempts": 0,
        "average_response_time_ms": None,
        "average_response_time": None,
        "last_delivery_at": None,
        "events_by_type": {},
    }
    deleted = gateway.request("DELETE", path, token=admin)
    assert deleted.status_code == 200 and deleted.json()["data"] == {"id": created["id"], "deleted": True}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"headers": {"Content-Type": "text/xml"}},
            "header Content-Type can only be application/json: deliveries are JSON, sent with that one Content-Type",
        ),
        ({"headers": {"content-length": "12"}}, "header content-length is set by the webhook sender"),
        (
            {"events": ["INCIDENT_EXPLODED"]},
            "unknown event INCIDENT_EXPLODED: use names like incident.created (or INCIDENT_CREATED), or *",
        ),
        ({"timeout_seconds": 46}, "timeout_seconds must be at most 45"),
    ],
)
def test_what_the_seeds_fields_refuse_is_a_400_that_says_why(
    gateway: InProcessGateway, token: TokenFactory, fields: dict[str, Any], message: str
) -> None:
    response = gateway.request("POST", "/webhooks", json_body={**SUBSCRIPTION, **fields}, token=token())
    assert response.status_code == 400, response.text
    [detail] = response.json()["error"]["details"]
    assert detail["message"] == message


def test_example_3_subscriber_verifies_and_dispatches_real_deliveries(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = token()
    events = ["INCIDENT_CREATED", "INCIDENT_RESOLVED", "INCIDENT_ASSIGNED"]
    body = {**SUBSCRIPTION, "url": receiver.url, "events": events}
    webhook = gateway.request("POST", "/webhooks", json_body=body, token=admin).json()["data"]
    monkeypatch.setattr(sys.modules[__name__], "WEBHOOK_SECRET", webhook["secret"])
    incident = new_incident(gateway, admin, severity="high")
    patched = gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"assigned_to": "bob"}, token=admin)
    assert patched.status_code == 200, patched.text
    resolved = gateway.request(
        "PUT", f"/incidents/{incident['id']}/status", json_body={"status": "resolved"}, token=admin
    )
    assert resolved.status_code == 200, resolved.text
    pipeline.route()
    assert pipeline.work(pipeline.receive()) == {"batchItemFailures": []}

    received = sorted(receiver.received, key=lambda item: json.loads(item.body)["sequence"])
    dispatched = []
    for delivery in received:
        assert verify_signature(delivery.body, delivery.headers["x-signature-256"])  # type: ignore[no-untyped-call]
        Webhook(webhook["secret"]).verify(delivery.body, delivery.headers)  # the standard signature still holds
        assert delivery.headers["content-type"] == "application/json"
        assert delivery.headers["x-api-key"] == "your-api-key"
        event_data = json.loads(delivery.body)
        dispatched.append((event_data["event_type"], event_data["event"], event_data["data"]["incident_id"]))
        # Seed 000's payload
        assert event_data["timestamp"].endswith("Z") and event_data["data"]["id"] == incident["id"]
        assert (event_data["data"]["title"], event_data["data"]["severity"]) == ("Suspicious login", "high")
    assert dispatched == [
        ("INCIDENT_CREATED", "incident.created", incident["id"]),
        ("INCIDENT_ASSIGNED", "incident.assigned", incident["id"]),
        ("INCIDENT_RESOLVED", "incident.resolved", incident["id"]),
    ]
    assert [json.loads(delivery.body)["data"]["status"] for delivery in received] == ["open", "open", "resolved"]
    tampered = received[0].body.replace(b"Suspicious", b"Harmless")
    assert not verify_signature(tampered, received[0].headers["x-signature-256"])  # type: ignore[no-untyped-call]


def test_the_delivery_log_and_stats_in_the_seeds_fields(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    body = {**SUBSCRIPTION, "url": receiver.url, "events": ["incident_created"], "max_retries": 0}
    webhook = gateway.request("POST", "/webhooks", json_body=body, token=admin).json()["data"]
    receiver.script = [200, 500]
    new_incident(gateway, admin)
    pipeline.route()
    pipeline.work(pipeline.receive())
    new_incident(gateway, admin)
    pipeline.route()
    pipeline.work(pipeline.receive())
    path = f"/webhooks/{webhook['id']}/deliveries"

    failed = gateway.request("GET", path, token=admin, query={"status": "FAILED", "limit": 50}).json()["data"]
    delivered = gateway.request("GET", path, token=admin, query={"status": "delivered"}).json()["data"]
    assert len(failed) == 1 and len(delivered) == 1
    seed_fields = ("subscription_id", "event_type", "status", "attempts", "next_retry_at", "response_status")
    assert {name: failed[0][name] for name in (*seed_fields, "error_message")} == {
        "subscription_id": webhook["id"],
        "event_type": "INCIDENT_CREATED",
        "status": "failed",
        "attempts": 1,
        "next_retry_at": None,
        "response_status": 500,
        "error_message": "HTTP 500",
    }
    assert {name: delivered[0][name] for name in (*seed_fields, "error_message")} == {
        "subscription_id": webhook["id"],
        "event_type": "INCIDENT_CREATED",
        "status": "delivered",
        "attempts": 1,
        "next_retry_at": None,
        "response_status": 200,
        "error_message": None,
    }
    for item in (*failed, *delivered):
        assert item["last_attempt_at"] >= item["created_at"]
    one = gateway.request("GET", f"{path}/{failed[0]['id']}", token=admin).json()["data"]
    assert one["attempts"][0]["status_code"] == 500 and one["response_status"] == 500  # read alone: the attempts
    assert one["payload"]["event_type"] == "INCIDENT_CREATED"
    by_type = gateway.request("GET", path, token=admin, query={"event": "INCIDENT_CREATED"}).json()["data"]
    assert [item["id"] for item in by_type] == [failed[0]["id"], delivered[0]["id"]]

    stats = gateway.request("GET", f"/webhooks/{webhook['id']}/stats", token=admin).json()["data"]
    assert (stats["subscription_id"], stats["total_deliveries"], stats["successful_deliveries"]) == (
        webhook["id"],
        2,
        1,
    )
    assert (stats["failed_deliveries"], stats["success_rate"], stats["events_by_type"]) == (
        1,
        0.5,
        {"INCIDENT_CREATED": 2},
    )
    assert stats["average_response_time"] == stats["average_response_time_ms"] is not None
    assert stats["last_delivery_at"] == failed[0]["last_attempt_at"]
