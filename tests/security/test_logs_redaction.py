"""Logs never hold tokens, webhook secrets, `Authorization` headers or request bodies.

Requests run through the real handlers (in-process, moto) with the functions' own log
handler writing to a buffer at INFO, exactly the JSON lines CloudWatch would get. Each
carries a token, a webhook's secrets and header values, and a body with a canary string;
the lines must hold none of them, yet still say what happened (one `request` line per
request, with its status). Three ways a log could leak are forced: a failure whose message
quotes the request (botocore's parameter check, injected), the whole proxy event logged by
`POWERTOOLS_LOGGER_LOG_EVENT` (an operator's debugging switch), and the delivery worker
signing and sending with the secret.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError

from incident_core.core.observability import logger
from incident_core.incidents.repository import DynamoIncidentRepository
from tests.integration.conftest import QUEUE, TABLE, TokenFactory
from tests.security.conftest import AttackGateway, AttackLedger
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver, webhook_receiver

CANARY = "BODY-CANARY-7f3a"
HEADER_VALUE = "HEADER-CANARY-9c1e"
INCIDENT = {
    "title": f"Ransom note {CANARY}",
    "description": f"The note says {CANARY} and asks for bitcoin",
    "severity": "high",
    "raw_data": {"note": CANARY},
}


class LogLines:
    """What the functions' log handler wrote, one JSON object per line."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    @property
    def text(self) -> str:
        return self.buffer.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def requests(self) -> list[tuple[str, str, int]]:
        """(method, route, status) of every `request` line."""
        return [
            (line["method"], line["route"], line["status"]) for line in self.lines() if line["message"] == "request"
        ]

    def leaked(self, *secrets: str) -> list[str]:
        return [secret for secret in secrets if secret in self.text]


@pytest.fixture
def logs() -> Iterator[LogLines]:
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous_stream, previous_level = handler.setStream(buffer), logger.log_level
    logger.setLevel("INFO")
    try:
        yield LogLines(buffer)
    finally:
        handler.setStream(previous_stream)
        logger.setLevel(previous_level)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def test_requests_with_tokens_secrets_and_bodies_log_none_of_them_moto(
    gateway: AttackGateway, token: TokenFactory, receiver: Receiver, logs: LogLines, attacks: AttackLedger
) -> None:
    admin = token(sub="gina")
    created = gateway.request("POST", "/incidents", json_body=INCIDENT, token=admin)
    refused = attacks.record(gateway.request("POST", "/incidents", json_body={**INCIDENT, "severity": 9}, token=admin))
    forged = admin[:-4] + "AAAA"
    unauthorized = attacks.record(gateway.request("GET", "/incidents", token=forged))
    webhook = gateway.request(
        "POST",
        "/webhooks",
        json_body={"name": "SIEM", "url": receiver.url, "events": ["*"], "headers": {"X-Token": HEADER_VALUE}},
        token=admin,
    )
    path = f"/webhooks/{webhook.json()['data']['id']}"
    gateway.request("POST", f"{path}/test", token=admin)
    pipeline = Pipeline(gateway, table=TABLE, queue_url=boto3.client("sqs").get_queue_url(QueueName=QUEUE)["QueueUrl"])
    assert pipeline.work(pipeline.receive()) == {"batchItemFailures": []}  # signed with the secret, sent
    rotated = gateway.request("POST", f"{path}/rotate-secret", token=admin)

    assert [created.status_code, refused.status_code, unauthorized.status_code, rotated.status_code] == [
        201,
        400,
        401,
        200,
    ]
    assert logs.requests() == [
        ("POST", "/incidents", 201),
        ("POST", "/incidents", 400),
        ("GET", "/incidents", 401),
        ("POST", "/webhooks", 201),
        ("POST", "/webhooks/{id}/test", 202),
        ("POST", "/webhooks/{id}/rotate-secret", 200),
    ]
    assert any(line["message"] == "delivery" and line["outcome"] == "delivered" for line in logs.lines())
    secrets = (admin, forged, webhook.json()["data"]["secret"], rotated.json()["data"]["secret"], HEADER_VALUE, CANARY)
    assert logs.leaked(*secrets, "Bearer ", "whsec_") == []


def test_a_failure_quoting_the_request_is_logged_without_it_botocore_error_injected_moto(
    gateway: AttackGateway, token: TokenFactory, logs: LogLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    def quoting(*_: Any, **__: Any) -> None:
        report = f"Invalid type for parameter Item.title.S, value: {INCIDENT['title']}, type: <class 'dict'>"
        raise ParamValidationError(report=report)

    monkeypatch.setattr(DynamoIncidentRepository, "create_incident", quoting)
    admin = token(sub="gina")
    failed = gateway.request("POST", "/incidents", json_body=INCIDENT, token=admin)
    assert (failed.status_code, failed.json()["error"]["code"]) == (500, "INTERNAL_ERROR")
    [error] = [line for line in logs.lines() if line["level"] == "ERROR"]
    assert (error["message"], error["exception_name"]) == ("unhandled error", "ParamValidationError")
    assert "Invalid type for parameter Item.title.S, value: [REDACTED], type: <class 'dict'>" in error["exception"]
    assert logs.leaked(admin, CANARY) == []


def test_the_whole_event_logged_for_debugging_holds_no_token_and_no_body_moto(
    aws: None, token: TokenFactory, logs: LogLines, monkeypatch: pytest.MonkeyPatch, attacks: AttackLedger
) -> None:
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", "true")  # read when a function's module loads
    gateway = AttackGateway()
    admin = token(sub="gina")
    created = gateway.request("POST", "/incidents", json_body=INCIDENT, token=admin, headers={"Cookie": CANARY})
    stolen = attacks.record(gateway.request("GET", "/incidents", token=admin[:-4] + "AAAA"))
    assert (created.status_code, stolen.status_code) == (201, 401)
    events = [line["message"] for line in logs.lines() if isinstance(line["message"], dict)]
    assert len(events) == 2 and all(event["httpMethod"] in ("POST", "GET") for event in events)
    assert [(event["headers"]["Authorization"], event["body"]) for event in events] == [
        ("[REDACTED]", "[REDACTED]")
    ] * 2
    assert logs.leaked(admin, admin[:-4], CANARY, "Bearer ") == []
