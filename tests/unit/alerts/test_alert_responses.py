"""The alert routes answer what the OpenAPI document says, and `POST /events`' schema refuses what the API refuses.

`POST /events` and `POST /integrations/alertmanager` are called through their real handlers
over the in-memory incident repository; each answer must have the documented status and
validate against the documented body (for `/events`, PagerDuty's fields beside `data` too).
"""

from __future__ import annotations

import os
import random
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator
from pydantic import ValidationError

from incident_core.alerts import service as alerts
from incident_core.alerts.models import TIMESTAMP_SCHEMA, InboundEvent
from incident_core.alerts.responses import AlertReceipt, AlertResult, EventAccepted, EventReceipt
from scripts.dev_token import make_token
from tests.support.contract import documented_answer
from tests.support.fakes.incidents import InMemoryIncidentRepository
from tests.support.gateway import InProcessGateway

PAYLOAD = {"summary": "Disk 95% full on db-1", "source": "db-1", "severity": "critical"}
INBOUND_EVENT_SCHEMA = InboundEvent.model_json_schema()


class AlertApi:
    def __init__(self) -> None:
        self.gateway = InProcessGateway()
        self.token = make_token(
            secret=os.environ["JWT_SECRET"], org="acme", sub="alice", permissions=["incidents:read", "incidents:write"]
        )

    def call(self, code_dir: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The answer's body, checked against the route's documented status, headers and body."""
        response = self.gateway.request("POST", path, json_body=body, token=self.token)
        [route] = self.gateway.function(code_dir).api.routes
        return documented_answer(route, response)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[AlertApi]:
    repository = InMemoryIncidentRepository()
    monkeypatch.setattr(alerts, "get_repository", lambda: repository)
    yield AlertApi()


def test_events_answer_with_pagerduty_fields_beside_the_envelope(api: AlertApi) -> None:
    results = []
    for event in (
        {"event_action": "trigger", "payload": PAYLOAD},  # a key made for us
        {"event_action": "trigger", "dedup_key": "disk-db-1", "payload": PAYLOAD},
        {"event_action": "trigger", "dedup_key": "disk-db-1", "payload": PAYLOAD},
        {"event_action": "acknowledge", "dedup_key": "disk-db-1"},
        {"event_action": "acknowledge", "dedup_key": "disk-db-1"},
        {"event_action": "resolve", "dedup_key": "disk-db-1"},
        {"event_action": "resolve", "dedup_key": "disk-db-1"},
    ):
        answer = api.call("ingest_event", "/events", event)
        assert set(answer) == set(EventAccepted.model_fields) and set(answer["data"]) == set(EventReceipt.model_fields)
        results.append(answer["data"]["message"].removeprefix("Event processed: "))
    assert results == ["opened", "opened", "counted", "acknowledged", "noted", "resolved", "ignored"]
    assert set(results) <= set(typing.get_args(AlertResult))


def test_alertmanager_answers_one_receipt_per_alert(api: AlertApi) -> None:
    alert = {"labels": {"alertname": "DiskFull", "instance": "db-1"}, "fingerprint": "3f9a1c2b7d4e5f60"}
    for status, result in (("firing", "opened"), ("resolved", "resolved")):
        answer = api.call(
            "alertmanager_webhook", "/integrations/alertmanager", {"alerts": [{**alert, "status": status}]}
        )
        [receipt] = answer["data"]["alerts"]
        assert set(receipt) == set(AlertReceipt.model_fields) and receipt["result"] == result


# Events the API refuses, each of which the schema must refuse too.
REFUSED_EVENTS = [
    {"event_action": "trigger"},
    {"event_action": "trigger", "payload": None},
    {"event_action": "acknowledge"},
    {"event_action": "resolve", "dedup_key": None},
    {"event_action": "resolve", "dedup_key": "   "},
    {"event_action": "trigger", "payload": {**PAYLOAD, "summary": "  "}},
    {"event_action": "trigger", "payload": {**PAYLOAD, "source": " "}},
    {"event_action": "trigger", "payload": {**PAYLOAD, "component": " "}},
    {"event_action": "trigger", "payload": PAYLOAD, "links": [{"href": " "}]},
    *(
        {"event_action": "trigger", "payload": {**PAYLOAD, "timestamp": timestamp}}
        for timestamp in (
            "1970-06-01T00:00:00Z",
            "0001-01-01T00:00:00Z",  # Go's zero time: "unset"
            "9999-12-31T23:00:00-05:00",  # past the year 9999 in UTC
            "2026-02-30T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:59:60Z",
            "yesterday",
        )
    ),
]
ACCEPTED_EVENTS = [
    {"event_action": "trigger", "payload": {**PAYLOAD, "timestamp": "2026-03-01T12:00:00.5+01:00"}},
    {"event_action": "trigger", "dedup_key": " ", "payload": PAYLOAD, "links": [{"href": "https://runbooks/x"}]},
    {"event_action": "acknowledge", "dedup_key": "disk-db-1", "payload": None},
    {"event_action": "resolve", "dedup_key": "disk-db-1", "client": "Nagios"},
]


def _refused_by_the_api(event: dict[str, Any]) -> bool:
    try:
        InboundEvent.model_validate(event)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("event", REFUSED_EVENTS)
def test_the_events_schema_refuses_what_the_api_refuses(event: dict[str, Any]) -> None:
    assert _refused_by_the_api(event)
    assert not OAS31Validator(INBOUND_EVENT_SCHEMA).is_valid(event)


@pytest.mark.parametrize("event", ACCEPTED_EVENTS)
def test_the_events_schema_accepts_what_the_api_accepts(event: dict[str, Any]) -> None:
    assert OAS31Validator(INBOUND_EVENT_SCHEMA).is_valid(event)
    assert not _refused_by_the_api(event)


def test_every_timestamp_the_schema_allows_is_one_the_api_takes() -> None:
    pattern = re.compile(str(TIMESTAMP_SCHEMA["pattern"]))
    draw = random.Random(12)
    allowed = 0
    for _ in range(3000):
        year = draw.choice([draw.randint(1, 9999), draw.randint(1965, 1975), draw.randint(9990, 9999)])
        offset = draw.choice(["Z", "z", f"{draw.choice('+-')}{draw.randint(0, 24):02d}:{draw.randint(0, 60):02d}"])
        fraction = draw.choice(["", f".{draw.randint(0, 999999)}"])
        clock = f"{draw.randint(0, 24):02d}:{draw.randint(0, 60):02d}:{draw.randint(0, 60):02d}"
        timestamp = f"{year:04d}-{draw.randint(1, 12):02d}-{draw.randint(1, 31):02d}T{clock}{fraction}{offset}"
        if pattern.search(timestamp):
            allowed += 1
            event = {"event_action": "trigger", "payload": {**PAYLOAD, "timestamp": timestamp}}
            assert not _refused_by_the_api(event), timestamp
    assert allowed > 300  # the draw reaches the schema's edges, not only its refusals
