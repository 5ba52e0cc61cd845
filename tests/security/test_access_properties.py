"""OWASP API3 (broken object property level authorization) on reads: what a webhook keeps secret.

A subscription's signing secret is shown twice only: in the answer that creates it and in
the answer that rotates it (the new one; the old one never again). Its custom header values
(credentials for the subscriber: `Authorization`, `X-Token`) are masked in every answer,
and reach only the subscriber. A real delivery (the delivery worker POSTing to a local
subscriber on 127.0.0.1) is made first, so the delivery log has attempts to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.integration.conftest import QUEUE, TABLE, TokenFactory
from tests.security.conftest import AttackGateway
from tests.support.gateway import ApiResponse
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver, webhook_receiver

MASK = "********"
HEADER_SECRETS = {"X-Token": "HEADER-CANARY-x-token", "Authorization": "Bearer HEADER-CANARY-authorization"}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def headers_shown(value: Any) -> list[dict[str, str]]:
    """Every `headers` object anywhere in an answer's data."""
    found: list[dict[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "headers" and isinstance(item, dict):
                found.append(item)
            found += headers_shown(item)
    elif isinstance(value, list):
        for item in value:
            found += headers_shown(item)
    return found


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_anywhere(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_anywhere(item)}
    return set()


def test_secrets_are_shown_only_at_creation_and_rotation_and_header_values_never_moto(
    gateway: AttackGateway, token: TokenFactory, receiver: Receiver
) -> None:
    admin, reader = token(sub="gina"), token(sub="rex", scopes=["webhooks:read"])
    body = {"name": "SIEM", "url": receiver.url, "events": ["*"], "headers": HEADER_SECRETS}
    created = gateway.request("POST", "/webhooks", json_body=body, token=admin)
    assert created.status_code == 201, created.text
    webhook = created.json()["data"]
    first_secret, path = webhook["secret"], f"/webhooks/{webhook['id']}"
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]{40,}", first_secret)
    assert headers_shown(webhook) == [dict.fromkeys(HEADER_SECRETS, MASK)]

    tested = gateway.request("POST", f"{path}/test", token=admin)
    pipeline = Pipeline(gateway, table=TABLE, queue_url=boto3.client("sqs").get_queue_url(QueueName=QUEUE)["QueueUrl"])
    assert pipeline.work(pipeline.receive()) == {"batchItemFailures": []}
    [delivered] = receiver.received  # the subscriber, and only it, gets the real values
    assert {name: delivered.headers[name.lower()] for name in HEADER_SECRETS} == HEADER_SECRETS

    rotated = gateway.request("POST", f"{path}/rotate-secret", token=admin)
    assert rotated.status_code == 200, rotated.text
    second_secret = rotated.json()["data"]["secret"]
    assert second_secret != first_secret and first_secret not in rotated.text

    delivery = tested.json()["data"]["delivery_id"]
    reads: dict[str, ApiResponse] = {
        "test": tested,
        "list": gateway.request("GET", "/webhooks", token=reader),
        "get": gateway.request("GET", path, token=reader),
        "get as admin": gateway.request("GET", path, token=admin),
        "patch": gateway.request("PATCH", path, json_body={"description": "SOC feed"}, token=admin),
        "put": gateway.request("PUT", path, json_body={"name": "SIEM 2"}, token=admin),
        "stats": gateway.request("GET", f"{path}/stats", token=reader),
        "deliveries": gateway.request("GET", f"{path}/deliveries", token=reader),
        "delivery": gateway.request("GET", f"{path}/deliveries/{delivery}", token=reader),
        "redeliver": gateway.request("POST", f"{path}/deliveries/{delivery}/redeliver", token=admin),
    }
    assert {name: response.status_code // 100 for name, response in reads.items()} == dict.fromkeys(reads, 2)
    secrets = (first_secret, second_secret, *HEADER_SECRETS.values())
    leaked = {name: [secret for secret in secrets if secret in response.text] for name, response in reads.items()}
    assert {name: found for name, found in leaked.items() if found} == {}
    fields = {name: keys_anywhere(response.json()) & {"secret", "previous_secret"} for name, response in reads.items()}
    assert {name: found for name, found in fields.items() if found} == {}
    shown = [headers for response in reads.values() for headers in headers_shown(response.json()["data"])]
    assert len(shown) >= 5 and all(headers == dict.fromkeys(HEADER_SECRETS, MASK) for headers in shown)
    assert reads["delivery"].json()["data"]["attempts"][0]["status_code"] == 200
