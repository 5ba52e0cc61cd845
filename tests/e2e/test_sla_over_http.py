"""SLA end to end in MiniStack: the scanner runs on its EventBridge schedule (`rate(1 minute)`,
which MiniStack fires every 60 s), breaches what was not acknowledged in time, applies the policy,
and the `incident.sla_breached` event reaches a real subscriber through the stream, router and worker.

Nothing here invokes the scanner by hand: the breaches come from the scheduled runs alone."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from standardwebhooks.webhooks import Webhook

from incident_core.core.clock import parse_iso
from tests.support.receiver import Receiver, webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

ROUTER_CACHE_SECONDS = 1.5  # the local config caches subscriptions for 1 s
SCHEDULE_SECONDS = 60
# A one-minute deadline is breached by the first scheduled run after it: within two minutes of the
# incident, plus the stream -> router -> queue -> worker path to the subscriber.
BREACH_WAIT_SECONDS = 2 * SCHEDULE_SECONDS + 45
POLICY = {
    "severities": {
        "critical": {
            "acknowledge_within": "PT1M",
            "resolve_within": "PT1H",
            "on_breach": ["notify", "reassign_team"],
            "reassign_team": "sre-oncall",
        },
        "high": {"acknowledge_within": "PT1M", "resolve_within": "PT4H", "on_breach": ["notify", "escalate_severity"]},
    }
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def create(api: ApiClient, token: str, severity: str) -> dict[str, Any]:
    body = {"title": f"SLA {severity}", "description": "Mass mailbox rule creation", "severity": severity}
    response = api.post("/incidents", json=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def read(api: ApiClient, token: str, incident_id: str) -> dict[str, Any]:
    response = api.get(f"/incidents/{incident_id}", token=token)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_the_scheduled_scanner_breaches_escalates_and_delivers_only_the_late(
    api: ApiClient, token: TokenFactory, receiver: Receiver
) -> None:
    # Given an org whose policy gives critical and high incidents one minute to be acknowledged
    admin = token(org=f"sla-{uuid.uuid4().hex[:10]}")
    stored = api.put("/sla-policy", json=POLICY, token=admin)
    assert stored.status_code == 200, stored.text
    assert api.get("/sla-policy", token=admin).json()["data"]["severities"]["high"]["acknowledge_within"] == "PT1M"
    hook = api.post(
        "/webhooks", json={"name": "sla", "url": receiver.url, "events": ["incident.sla_breached"]}, token=admin
    )
    assert hook.status_code == 201, hook.text
    time.sleep(ROUTER_CACHE_SECONDS)
    # When a critical and a high incident stay unacknowledged, and another critical one is acknowledged
    late_critical, late_high, on_time = (
        create(api, admin, "critical"),
        create(api, admin, "high"),
        create(api, admin, "critical"),
    )
    assert late_critical["sla"]["state"] == "on_track"
    acknowledged = api.put(f"/incidents/{on_time['id']}/status", json={"status": "acknowledged"}, token=admin)
    assert acknowledged.status_code == 200, acknowledged.text

    # Then the scheduled scanner breaches the two late ones, and the subscriber receives both breaches
    received = receiver.wait_for(2, timeout=BREACH_WAIT_SECONDS)
    payloads = [Webhook(hook.json()["data"]["secret"]).verify(item.body, item.headers) for item in received]
    assert sorted(payload["data"]["id"] for payload in payloads) == sorted([late_critical["id"], late_high["id"]])
    assert {payload["event"] for payload in payloads} == {"incident.sla_breached"}

    critical = read(api, admin, late_critical["id"])
    [breach] = critical["sla"]["breached"]
    assert breach["deadline"] == "acknowledge" and critical["sla"]["state"] == "breached"
    # within two minutes of its creation (one minute to the deadline, one scheduled run after it)
    elapsed = parse_iso(breach["breached_at"]) - parse_iso(late_critical["created_at"])
    assert elapsed.total_seconds() <= 2 * SCHEDULE_SECONDS + 5, elapsed
    assert critical["assigned_team"] == "sre-oncall"  # the policy's reassign_team
    high = read(api, admin, late_high["id"])
    assert high["severity"] == "critical"  # the policy's escalate_severity: one step up
    assert [entry["severity"] for entry in high["sla"]["breached"]] == ["high"]

    # And the acknowledged one is never breached (the scanner has run past its deadline by now)
    calm = read(api, admin, on_time["id"])
    assert calm["sla"]["breached"] == [] and calm["sla"]["state"] == "on_track"
    listed = api.get("/incidents", token=admin, params={"sla": "breached"}).json()["data"]
    assert sorted(item["id"] for item in listed) == sorted([late_critical["id"], late_high["id"]])
    timeline = api.get(f"/incidents/{late_high['id']}/timeline", token=admin).json()["data"]
    assert "incident.sla_breached" in json.dumps(timeline)
