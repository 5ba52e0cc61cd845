"""Webhooks end to end in MiniStack: the table stream, the router, SQS and the worker, to a real
subscriber on 127.0.0.1, verified with the `standardwebhooks` package."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from standardwebhooks.webhooks import Webhook

from tests.support.receiver import Receiver, webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

ROUTER_CACHE_SECONDS = 1.5  # the local config caches subscriptions for 1 s
INCIDENT = {
    "title": "Suspicious OAuth consent",
    "description": "A new app asked for mail.read on 40 mailboxes",
    "severity": "high",
}


@pytest.fixture
def org() -> str:
    return f"wh-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def subscribe(api: ApiClient, token: str, url: str, **fields: Any) -> dict[str, Any]:
    response = api.post(
        "/webhooks", json={"name": "e2e", "url": url, "events": ["incident.created"], **fields}, token=token
    )
    assert response.status_code == 201, response.text
    time.sleep(ROUTER_CACHE_SECONDS)
    data: dict[str, Any] = response.json()["data"]
    return data


def create_incident(api: ApiClient, token: str) -> dict[str, Any]:
    response = api.post("/incidents", json=INCIDENT, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def wait_for_delivery(api: ApiClient, token: str, webhook_id: str, status: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = api.get(f"/webhooks/{webhook_id}/deliveries", token=token, params={"status": status}).json()
        if page["data"]:
            detail = api.get(f"/webhooks/{webhook_id}/deliveries/{page['data'][0]['id']}", token=token).json()
            found: dict[str, Any] = detail["data"]
            return found
        time.sleep(0.25)
    raise AssertionError(f"no {status} delivery within {timeout} s")


def test_created_incident_is_delivered_and_verifies(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    # Given a subscriber of incident.created
    admin = token(org=org)
    webhook = subscribe(api, admin, receiver.url)
    # When an incident is reported
    incident = create_incident(api, admin)
    # Then the subscriber receives it, signed, and the standardwebhooks package verifies it
    [received] = receiver.wait_for(1, timeout=20)
    payload = Webhook(webhook["secret"]).verify(received.body, received.headers)
    assert payload["event"] == "incident.created"
    assert payload["data"]["id"] == incident["id"] and payload["org_id"] == org and payload["sequence"] == 1
    assert received.headers["x-signature-256"].startswith("sha256=")


def test_two_failures_then_success_shows_three_attempts(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    admin = token(org=org)
    receiver.script = [500, 500, 200]
    receiver.extra_headers = {"Retry-After": "1"}
    webhook = subscribe(api, admin, receiver.url)
    create_incident(api, admin)
    # The e2e stack retries after ~1 s, then ~2 s (WebhookRetrySchedule=1,2,3).
    received = receiver.wait_for(3, timeout=60)
    assert len(received) == 3
    assert len({item.headers["webhook-id"] for item in received}) == 1
    delivery = wait_for_delivery(api, admin, webhook["id"], "delivered")
    assert [attempt["status_code"] for attempt in delivery["attempts"]] == [500, 500, 200]
    assert all(attempt["latency_ms"] is not None for attempt in delivery["attempts"])


def test_never_2xx_ends_failed_after_max_retries(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    admin = token(org=org)
    receiver.script = [503]
    webhook = subscribe(api, admin, receiver.url, max_retries=0)
    create_incident(api, admin)
    delivery = wait_for_delivery(api, admin, webhook["id"], "failed")
    assert delivery["attempt_count"] == 1 and delivery["attempts"][0]["status_code"] == 503
    stats = api.get(f"/webhooks/{webhook['id']}/stats", token=admin).json()["data"]
    assert stats["failed_deliveries"] == 1 and stats["success_rate"] == 0


def test_deleted_subscription_gets_nothing_more(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    admin = token(org=org)
    webhook = subscribe(api, admin, receiver.url)
    create_incident(api, admin)
    receiver.wait_for(1, timeout=20)
    assert api.delete(f"/webhooks/{webhook['id']}", token=admin).status_code == 200
    time.sleep(ROUTER_CACHE_SECONDS)
    create_incident(api, admin)
    time.sleep(3)
    assert len(receiver.received) == 1


def test_rotated_secret_old_and_new_both_verify(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    admin = token(org=org)
    webhook = subscribe(api, admin, receiver.url)
    rotated = api.post(f"/webhooks/{webhook['id']}/rotate-secret", token=admin).json()["data"]
    time.sleep(ROUTER_CACHE_SECONDS)
    create_incident(api, admin)
    [received] = receiver.wait_for(1, timeout=20)
    for secret in (webhook["secret"], rotated["secret"]):
        assert Webhook(secret).verify(received.body, received.headers)["event"] == "incident.created"


def test_events_of_one_org_never_reach_another(
    api: ApiClient, token: TokenFactory, org: str, receiver: Receiver
) -> None:
    with webhook_receiver() as other:
        subscribe(api, token(org=f"{org}-b"), other.url, events=["*"])
        subscribe(api, token(org=org), receiver.url)
        create_incident(api, token(org=org))
        receiver.wait_for(1, timeout=20)
        time.sleep(1)
        assert other.received == []
        assert json.loads(receiver.received[0].body)["org_id"] == org
