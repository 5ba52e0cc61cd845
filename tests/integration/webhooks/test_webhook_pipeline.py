"""The webhook pipeline in-process against moto: stream -> router -> SQS -> worker -> a real local subscriber."""

from __future__ import annotations

import json
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


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName="deliveries-it")["QueueUrl"]
    return Pipeline(gateway, table=TABLE, queue_url=queue_url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def subscribe(gateway: InProcessGateway, token: str, url: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "SIEM", "url": url, "events": ["incident.created"], **fields}
    response = gateway.request("POST", "/webhooks", json_body=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_created_incident_reaches_the_subscriber_signed(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url, headers={"X-Team": "soc"})
    assert webhook["secret"].startswith("whsec_")
    incident = new_incident(gateway, admin)
    pipeline.route()
    records = pipeline.receive()
    assert len(records) == 1
    result = pipeline.work(records)
    assert result == {"batchItemFailures": []}

    [received] = receiver.received
    payload = Webhook(webhook["secret"]).verify(received.body, received.headers)
    assert payload["event"] == "incident.created"
    assert payload["data"]["id"] == incident["id"]
    assert payload["sequence"] == 1 and payload["org_id"] == "acme"
    assert received.headers["x-team"] == "soc"
    assert received.headers["x-signature-256"].startswith("sha256=")
    assert received.headers["webhook-id"].startswith("msg_")

    delivery = gateway.request(
        "GET", f"/webhooks/{webhook['id']}/deliveries/{received.headers['webhook-id']}", token=admin
    ).json()["data"]
    assert delivery["status"] == "delivered" and delivery["attempt_count"] == 1
    assert delivery["attempts"][0]["status_code"] == 200

    # SQS delivers at least once: the same message again sends nothing more.
    pipeline.work(records)
    assert len(receiver.received) == 1
    # A re-run router on the same stream records queues nothing new either.
    assert pipeline.route(pipeline.last_stream_event) == {"batchItemFailures": []}
    assert pipeline.receive() == []


def test_router_rerun_before_the_first_attempt_requeues_without_a_second_delivery(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    subscribe(gateway, admin, receiver.url)
    new_incident(gateway, admin)
    event = pipeline.stream_event()
    pipeline.route(event)
    pipeline.route(event)  # a re-run before any attempt: same delivery id, queued again
    records = pipeline.receive()
    assert len({json.loads(record["body"])["delivery_id"] for record in records}) == 1
    pipeline.work(records)
    assert len(receiver.received) == 1


def test_failures_retry_with_backoff_then_succeed(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    receiver.script = [500, 503, 200]
    receiver.extra_headers = {"Retry-After": "0"}
    new_incident(gateway, admin)
    pipeline.route()
    records = pipeline.receive()
    first = pipeline.work(records)
    assert first["batchItemFailures"] == [{"itemIdentifier": records[0]["messageId"]}]
    # The worker pushed the message out of sight (~10 s backoff): nothing visible now.
    assert pipeline.receive() == []
    # Make it visible again, as SQS will after the delay.
    boto3.client("sqs").change_message_visibility(
        QueueUrl=pipeline.queue_url, ReceiptHandle=records[0]["receiptHandle"], VisibilityTimeout=0
    )
    again = pipeline.receive()
    pipeline.work(again)
    boto3.client("sqs").change_message_visibility(
        QueueUrl=pipeline.queue_url, ReceiptHandle=again[0]["receiptHandle"], VisibilityTimeout=0
    )
    pipeline.work(pipeline.receive())
    assert [r.headers["webhook-id"] for r in receiver.received] == [receiver.received[0].headers["webhook-id"]] * 3
    delivery_id = receiver.received[0].headers["webhook-id"]
    delivery = gateway.request("GET", f"/webhooks/{webhook['id']}/deliveries/{delivery_id}", token=admin).json()["data"]
    assert delivery["status"] == "delivered"
    assert [attempt["status_code"] for attempt in delivery["attempts"]] == [500, 503, 200]
    stats = gateway.request("GET", f"/webhooks/{webhook['id']}/stats", token=admin).json()["data"]
    assert stats["total_deliveries"] == 1 and stats["successful_deliveries"] == 1 and stats["total_attempts"] == 3
    assert stats["events_by_type"] == {"INCIDENT_CREATED": 1}


def test_gives_up_after_max_retries(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url, max_retries=1)
    receiver.script = [500]
    new_incident(gateway, admin)
    pipeline.route()
    records = pipeline.receive()
    pipeline.work(records)
    boto3.client("sqs").change_message_visibility(
        QueueUrl=pipeline.queue_url, ReceiptHandle=records[0]["receiptHandle"], VisibilityTimeout=0
    )
    final = pipeline.work(pipeline.receive())
    assert final == {"batchItemFailures": []}
    failed = gateway.request(
        "GET", f"/webhooks/{webhook['id']}/deliveries", token=admin, query={"status": "failed"}
    ).json()
    assert len(failed["data"]) == 1 and failed["data"][0]["attempt_count"] == 2
    stats = gateway.request("GET", f"/webhooks/{webhook['id']}/stats", token=admin).json()["data"]
    assert stats["failed_deliveries"] == 1 and stats["success_rate"] == 0


def test_gone_disables_the_subscription_and_tells_the_others(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    gone = subscribe(gateway, admin, receiver.url + "?gone")
    with webhook_receiver() as watcher:
        subscribe(gateway, admin, watcher.url, events=["webhook.disabled"])
        receiver.script = [410]
        new_incident(gateway, admin)
        pipeline.route()
        pipeline.work(pipeline.receive())
        after = gateway.request("GET", f"/webhooks/{gone['id']}", token=admin).json()["data"]
        assert after["is_active"] is False and "410" in after["disabled_reason"]
        pipeline.route()  # the webhook.disabled event item
        pipeline.work(pipeline.receive())
        [notice] = watcher.received
        assert json.loads(notice.body)["event"] == "webhook.disabled"
        assert json.loads(notice.body)["data"]["webhook_id"] == gone["id"]


def test_deleted_subscription_gets_nothing_more(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    new_incident(gateway, admin)
    pipeline.route()
    queued = pipeline.receive()
    assert gateway.request("DELETE", f"/webhooks/{webhook['id']}", token=admin).status_code == 200
    assert pipeline.work(queued) == {"batchItemFailures": []}
    new_incident(gateway, admin)
    pipeline.route()
    assert pipeline.receive() == []
    assert receiver.received == []


def test_events_of_one_org_never_reach_another(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    subscribe(gateway, token(org="globex"), receiver.url, events=["*"])
    new_incident(gateway, token(org="acme"))
    pipeline.route()
    assert pipeline.receive() == []


def test_filters_by_min_severity_and_event_names(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    subscribe(
        gateway, admin, receiver.url, events=["incident.created", "incident.resolved"], filters={"min_severity": "HIGH"}
    )
    new_incident(gateway, admin, severity="low")
    critical = new_incident(gateway, admin, severity="critical")
    gateway.request("PATCH", f"/incidents/{critical['id']}", json_body={"title": "Edited"}, token=admin)
    gateway.request("PUT", f"/incidents/{critical['id']}/status", json_body={"status": "resolved"}, token=admin)
    pipeline.route()
    pipeline.work(pipeline.receive())
    events = sorted(json.loads(r.body)["event"] for r in receiver.received)
    assert events == ["incident.created", "incident.resolved"]


def test_rotation_signs_with_both_secrets(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    rotated = gateway.request("POST", f"/webhooks/{webhook['id']}/rotate-secret", token=admin).json()["data"]
    assert rotated["secret"] != webhook["secret"]
    new_incident(gateway, admin)
    pipeline.route()
    pipeline.work(pipeline.receive())
    [received] = receiver.received
    assert len(received.headers["webhook-signature"].split()) == 2
    for secret in (webhook["secret"], rotated["secret"]):
        Webhook(secret).verify(received.body, received.headers)


def test_test_event_and_redelivery(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    queued = gateway.request("POST", f"/webhooks/{webhook['id']}/test", token=admin)
    assert queued.status_code == 202
    pipeline.work(pipeline.receive())
    assert json.loads(receiver.received[0].body)["event"] == "webhook.test"
    delivery_id = queued.json()["data"]["delivery_id"]
    again = gateway.request("POST", f"/webhooks/{webhook['id']}/deliveries/{delivery_id}/redeliver", token=admin)
    assert again.status_code == 202
    pipeline.work(pipeline.receive())
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery_id, delivery_id]


def test_twenty_failed_deliveries_in_a_row_disable_the_subscription(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url, max_retries=0)
    receiver.script = [500]
    for _ in range(20):
        new_incident(gateway, admin)
    pipeline.route()
    # One message at a time: moto's ADD is not atomic across threads (DynamoDB's is), and the
    # worker sends a batch's deliveries in parallel.
    while records := pipeline.receive(max_messages=1):
        pipeline.work(records)
    after = gateway.request("GET", f"/webhooks/{webhook['id']}", token=admin).json()["data"]
    assert after["is_active"] is False
    assert after["disabled_reason"] == "20 consecutive failed deliveries"
    assert len(receiver.received) == 20
    # Re-enabling starts a fresh count.
    enabled = gateway.request("PATCH", f"/webhooks/{webhook['id']}", json_body={"is_active": True}, token=admin)
    assert enabled.json()["data"]["consecutive_failures"] == 0 and enabled.json()["data"]["disabled_reason"] is None


def test_a_batch_is_claimed_and_recorded_at_once_and_skips_what_is_already_delivered(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    from incident_core.webhooks.repository import DynamoWebhookRepository, get_webhook_repository

    admin = token()
    subscribe(gateway, admin, receiver.url)
    for _ in range(3):
        new_incident(gateway, admin)
    pipeline.route()
    records = pipeline.receive()
    assert len(records) == 3
    pipeline.work(records[:1])  # delivered alone; SQS then hands the whole batch over again
    assert len(receiver.received) == 1

    calls: list[str] = []

    def record(**event: Any) -> None:
        calls.append(str(event["model"].name))

    repository = get_webhook_repository()
    assert isinstance(repository, DynamoWebhookRepository)
    repository.client.meta.events.register("before-call.dynamodb", record)
    try:
        assert pipeline.work(records) == {"batchItemFailures": []}
    finally:
        repository.client.meta.events.unregister("before-call.dynamodb", record)
    assert len(receiver.received) == 3  # each delivery POSTed once
    assert len({item.headers["webhook-id"] for item in receiver.received}) == 3
    # The claim: one transaction, cancelled for the delivered one, again without it, and one
    # read of both deliveries with their subscription; both attempts in one transaction; the
    # statistics in one update; no reset of a failure run that is not there.
    assert calls == ["TransactWriteItems", "TransactWriteItems", "BatchGetItem", "TransactWriteItems", "UpdateItem"]


def test_a_success_ends_a_run_of_failures(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url, max_retries=0)
    receiver.script = [500, 500, 200]
    for _ in range(3):
        new_incident(gateway, admin)
    pipeline.route()
    for expected_run in (1, 2):
        pipeline.work(pipeline.receive(max_messages=1))
        data = gateway.request("GET", f"/webhooks/{webhook['id']}", token=admin).json()["data"]
        assert data["consecutive_failures"] == expected_run
    pipeline.work(pipeline.receive(max_messages=1))
    data = gateway.request("GET", f"/webhooks/{webhook['id']}", token=admin).json()["data"]
    assert data["consecutive_failures"] == 0 and data["is_active"] is True


def test_a_claim_retried_with_its_token_keeps_the_lease_and_another_worker_is_refused(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, receiver: Receiver
) -> None:
    from incident_core.webhooks.repository import get_webhook_repository

    admin = token()
    subscribe(gateway, admin, receiver.url)
    new_incident(gateway, admin)
    pipeline.route()
    [record] = pipeline.receive()
    message = json.loads(record["body"])
    repository = get_webhook_repository()
    lease = {"now": "2026-11-23T00:00:00.000Z", "lease_until": "2026-11-23T00:00:45.000Z"}
    first = repository.claim_delivery(**message, **lease, lease_token="worker-a")
    # The same request again (its answer was lost): the lease is still ours, the delivery is not stranded.
    again = repository.claim_delivery(**message, **lease, lease_token="worker-a")
    other = repository.claim_delivery(**message, **lease, lease_token="worker-b")
    assert first is not None and again is not None and again["id"] == first["id"]
    assert other is None
