"""Triage's recommended actions, posted exactly as returned to `POST /incidents/{id}/actions`, against moto."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from incident_core.actions.catalog import CATALOG
from tests.integration.conftest import TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline

PHISHING = {
    "title": "Phishing: fake Microsoft 365 login, two users entered their password",
    "description": "Mail from security@micros0ft-support.com (reply-to help@desk-4412.ru) asked users to verify their"
    " password urgently at http://185.159.82.14/login. SPF fail.",
    "severity": "high",
    "incident_type": "phishing",
    "source": "email-gateway",
    "raw_data": {
        "sender": "security@micros0ft-support.com",
        "reply_to": "help@desk-4412.ru",
        "subject": "Action required: verify your account, today",
        "recipient": "Ana Garcia <ana.garcia@example.org>",
        "message_id": "<CAF7x9q2Lk3@mail.micros0ft-support.com>",
        "spf": "fail",
        "clicked_by": ["ana.garcia@example.org"],
        "sender_ip": "185.159.82.14",
    },
}
OUTAGE = {
    "title": "Synthetic check failing: checkout-api returns 503",
    "description": "Uptime check of https://shop.example.org/checkout failed from 3 regions: HTTP 503,"
    " 0 healthy hosts.",
    "severity": "medium",
    "incident_type": "availability",
    "source": "uptime-robot",
    "affected_systems": ["checkout-api"],
    "raw_data": {"service": "checkout-api", "status_code": 503, "error_rate": 38.5, "healthy_host_count": 0},
}


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName="deliveries-it")["QueueUrl"]
    return Pipeline(gateway, table="incidents-it", queue_url=queue_url)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            PHISHING,
            {
                "quarantine_email",
                "block_sender",
                "block_ip",
                "reset_credentials",
                "add_tags",
                "assign",
                "escalate",
            },
        ),
        (OUTAGE, {"restart_service", "notify", "add_tags", "escalate"}),
    ],
    ids=["phishing", "availability"],
)
def test_every_recommendation_is_taken_by_the_actions_api_as_returned(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, body: dict[str, Any], expected: set[str]
) -> None:
    analyst = token(sub="alice")
    incident = new_incident(gateway, analyst, **body)
    path = f"/incidents/{incident['id']}"
    assert gateway.request("POST", f"{path}/triage", token=analyst).status_code == 202
    queue_url = boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"]
    assert pipeline.triage(queue_url)["batchItemFailures"] == []
    recommended = gateway.request("GET", f"{path}/triage", token=analyst).json()["data"]["recommended_actions"]
    assert {action["action"] for action in recommended} == expected
    for action in recommended:
        answer = gateway.request("POST", f"{path}/actions", json_body=action, token=analyst)  # exactly as returned
        assert answer.status_code == 201, (action, answer.text)
        created = answer.json()["data"]
        assert (created["action"], created["parameters"], created["reason"]) == (
            action["action"],
            action["parameters"],
            action["reason"],
        )
        if CATALOG[action["action"]].external or created["approval_level"] != "none":
            assert created["status"] == "pending_approval", created
        else:
            assert (created["status"], created["result"]["success"]) == ("completed", True), created
