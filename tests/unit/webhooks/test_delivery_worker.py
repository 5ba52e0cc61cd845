"""The delivery worker over in-memory fakes: outcomes of an attempt, batches, and the SQS partial failures."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import SQSEvent

from incident_core.core import observability
from incident_core.core.business_metrics import WEBHOOK_DELIVERIES, WEBHOOKS_DISABLED
from incident_core.core.clock import iso, utc_now
from incident_core.storage.outbox import EventRecord
from incident_core.webhooks import worker
from incident_core.webhooks.catalog import MAX_TIMEOUT_SECONDS
from incident_core.webhooks.delivery import (
    DISABLE_AFTER_FAILED_DELIVERIES,
    LEASE_MARGIN_SECONDS,
    DeliveryOutcome,
    deliver_all,
)
from incident_core.webhooks.queue import DeliveryMessage
from incident_core.webhooks.routing import delivery_id_for, event_payload, new_delivery
from incident_core.webhooks.transport.sender import DeliveryReceipt, WebhookRequest
from incident_core.webhooks.transport.signing import verify_standard
from incident_core.webhooks.worker import deliver_batch
from tests.support.fakes.webhooks import (
    FakeWebhookSender,
    InMemoryDeliveryQueue,
    InMemoryWebhookRepository,
    receipt,
)
from tests.support.metrics import metric_counts
from tests.support.template import template

SECRET = "whsec_Y3VycmVudC1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg=="
OLD_SECRET = "whsec_b2xkLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVmMDEyMw=="


@pytest.fixture
def repository() -> InMemoryWebhookRepository:
    return InMemoryWebhookRepository()


def _subscribe(repository: InMemoryWebhookRepository, webhook_id: str = "w1", **fields: Any) -> dict[str, Any]:
    subscription = {
        "id": webhook_id,
        "org_id": "acme",
        "name": "SIEM",
        "url": f"https://93.184.215.14/{webhook_id}",
        "secret": SECRET,
        "events": ["*"],
        "headers": {"X-Team": "soc"},
        "timeout_seconds": 7,
        "max_retries": 8,
        "is_active": True,
        "consecutive_failures": 0,
        "version": 1,
        **fields,
    }
    repository.put_subscription(subscription, expected_version=None)
    return subscription


def _queue_delivery(
    repository: InMemoryWebhookRepository, webhook_id: str = "w1", *, event_id: str = "e1", **fields: Any
) -> DeliveryMessage:
    subscription = repository.subscriptions.get(("acme", webhook_id)) or {"id": webhook_id, "org_id": "acme"}
    event = EventRecord(
        event_id=event_id,
        name="incident.created",
        org_id="acme",
        subject_id="i1",
        occurred_at=iso(utc_now()),
        actor="alice",
        sequence=1,
        data={"id": "i1", "severity": "high"},
    )
    delivery_id = delivery_id_for(event_id, webhook_id, event.occurred_at)
    delivery = new_delivery(subscription=subscription, payload=event_payload(event), delivery_id=delivery_id)
    repository.create_delivery({**delivery, **fields})
    return DeliveryMessage("acme", webhook_id, delivery_id)


def _stored(repository: InMemoryWebhookRepository, message: DeliveryMessage) -> dict[str, Any]:
    return repository.deliveries[(message.org_id, message.webhook_id, message.delivery_id)]


def _outcome(result: DeliveryOutcome | BaseException) -> DeliveryOutcome:
    assert isinstance(result, DeliveryOutcome), result
    return result


def test_a_2xx_delivers_signed_and_the_batch_is_claimed_and_recorded_at_once(
    repository: InMemoryWebhookRepository,
) -> None:
    _subscribe(repository)
    messages = [_queue_delivery(repository, event_id=f"e{i}") for i in range(3)]
    sender = FakeWebhookSender()

    outcomes = deliver_all(messages, repository=repository, sender=sender)

    assert [_outcome(outcome).status for outcome in outcomes] == ["delivered"] * 3
    assert repository.calls == ["claim_deliveries", "record_attempts"]  # one claim and one write for the batch
    request = next(item for item in sender.requests if item.headers["webhook-id"] == messages[0].delivery_id)
    assert request.url == "https://93.184.215.14/w1" and request.timeout_seconds == 7
    assert request.headers["X-Team"] == "soc"
    assert request.body == _stored(repository, messages[0])["payload_json"].encode()
    assert verify_standard(SECRET, request.headers, request.body)
    stored = _stored(repository, messages[0])
    assert stored["status"] == "delivered" and stored["attempt_count"] == 1 and stored["delivered_at"]
    assert stored["attempts"][0]["status_code"] == 200 and "lease_token" not in stored
    stats = repository.get_stats(org_id="acme", webhook_id="w1")
    assert stats["total_deliveries"] == 3 and stats["successful_deliveries"] == 3
    assert stats["events:incident.created"] == 3


def test_a_failure_retries_later_with_backoff(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    message = _queue_delivery(repository)
    before = utc_now()

    [result] = deliver_all([message], repository=repository, sender=FakeWebhookSender(receipt(500)))

    outcome = _outcome(result)
    assert outcome.status == "retry" and outcome.reason == "HTTP 500"
    assert outcome.retry_in_seconds is not None and 8 <= outcome.retry_in_seconds <= 12  # 10 s +-20 %
    stored = _stored(repository, message)
    assert stored["status"] == "pending" and stored["attempt_count"] == 1
    assert stored["next_attempt_at"] >= iso(before + timedelta(seconds=7))
    stats = repository.get_stats(org_id="acme", webhook_id="w1")
    assert stats["attempts_total"] == 1 and "total_deliveries" not in stats  # not final yet


def test_retry_after_is_a_floor_and_a_transport_error_retries_too(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    slow, broken = _queue_delivery(repository, event_id="e1"), _queue_delivery(repository, event_id="e2")
    sender = FakeWebhookSender(receipt(503, retry_after=120))
    [first] = deliver_all([slow], repository=repository, sender=sender)
    assert (_outcome(first).retry_in_seconds or 0) >= 120
    [second] = deliver_all([broken], repository=repository, sender=FakeWebhookSender(receipt(None)))
    assert _outcome(second).status == "retry" and _outcome(second).reason == "connection refused"


def test_gives_up_after_max_retries(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, max_retries=1)
    message = _queue_delivery(repository, attempt_count=1)  # the retry already made

    [result] = deliver_all([message], repository=repository, sender=FakeWebhookSender(receipt(500)))

    assert _outcome(result).status == "failed"
    assert _stored(repository, message)["status"] == "failed"
    subscription = repository.subscriptions[("acme", "w1")]
    assert subscription["consecutive_failures"] == 1 and subscription["is_active"] is True
    assert repository.get_stats(org_id="acme", webhook_id="w1")["failed_deliveries"] == 1


def test_410_disables_the_subscription_and_records_webhook_disabled(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    message = _queue_delivery(repository)

    [result] = deliver_all([message], repository=repository, sender=FakeWebhookSender(receipt(410)))

    assert _outcome(result).status == "failed"
    subscription = repository.subscriptions[("acme", "w1")]
    assert subscription["is_active"] is False and subscription["disabled_reason"] == "subscriber answered 410 Gone"
    [event] = repository.events
    assert event.name == "webhook.disabled" and event.subject == "webhook" and event.data["webhook_id"] == "w1"


def test_twenty_failed_deliveries_in_a_row_disable_and_a_success_ends_a_run(
    repository: InMemoryWebhookRepository,
) -> None:
    _subscribe(repository, max_retries=0)
    failing = FakeWebhookSender(*[receipt(500)] * 40)
    for i in range(3):
        deliver_all([_queue_delivery(repository, event_id=f"a{i}")], repository=repository, sender=failing)
    assert repository.subscriptions[("acme", "w1")]["consecutive_failures"] == 3
    deliver_all([_queue_delivery(repository, event_id="ok")], repository=repository, sender=FakeWebhookSender())
    assert repository.subscriptions[("acme", "w1")]["consecutive_failures"] == 0

    for i in range(DISABLE_AFTER_FAILED_DELIVERIES - 1):
        deliver_all([_queue_delivery(repository, event_id=f"b{i}")], repository=repository, sender=failing)
    assert repository.subscriptions[("acme", "w1")]["is_active"] is True
    deliver_all([_queue_delivery(repository, event_id="last")], repository=repository, sender=failing)
    subscription = repository.subscriptions[("acme", "w1")]
    assert subscription["is_active"] is False
    assert subscription["disabled_reason"] == "20 consecutive failed deliveries"


def test_deliveries_of_a_deleted_or_disabled_subscription_are_dropped(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, "gone")
    _subscribe(repository, "off", is_active=False)
    deleted, disabled = _queue_delivery(repository, "gone"), _queue_delivery(repository, "off")
    repository.delete_subscription(org_id="acme", webhook_id="gone")
    sender = FakeWebhookSender()

    outcomes = deliver_all([deleted, disabled], repository=repository, sender=sender)

    assert [(_outcome(o).status, _outcome(o).reason) for o in outcomes] == [
        ("dropped", "subscription deleted"),
        ("dropped", "subscription disabled"),
    ]
    assert sender.requests == []
    assert _stored(repository, deleted)["status"] == "dropped"
    assert _stored(repository, deleted)["status_reason"] == "subscription deleted"


def test_a_second_copy_and_a_delivered_or_leased_delivery_are_skipped(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    fresh = _queue_delivery(repository, event_id="e1")
    delivered = _queue_delivery(repository, event_id="e2", status="delivered")
    leased = _queue_delivery(
        repository, event_id="e3", lease_until=iso(utc_now() + timedelta(minutes=1)), lease_token="another-worker"
    )
    sender = FakeWebhookSender()

    outcomes = deliver_all([fresh, fresh, delivered, leased], repository=repository, sender=sender)

    assert [_outcome(outcome).status for outcome in outcomes] == ["delivered", "skipped", "skipped", "skipped"]
    assert [request.headers["webhook-id"] for request in sender.requests] == [fresh.delivery_id]


def test_the_previous_secret_signs_too_during_the_overlap(repository: InMemoryWebhookRepository) -> None:
    _subscribe(
        repository,
        "rotated",
        previous_secret=OLD_SECRET,
        previous_secret_expires_at=iso(utc_now() + timedelta(hours=1)),
    )
    _subscribe(
        repository,
        "expired",
        previous_secret=OLD_SECRET,
        previous_secret_expires_at=iso(utc_now() - timedelta(hours=1)),
    )
    sender = FakeWebhookSender()
    deliver_all([_queue_delivery(repository, "rotated")], repository=repository, sender=sender)
    deliver_all([_queue_delivery(repository, "expired")], repository=repository, sender=sender)
    rotated, expired = sender.requests
    assert verify_standard(SECRET, rotated.headers, rotated.body)
    assert verify_standard(OLD_SECRET, rotated.headers, rotated.body)
    assert verify_standard(SECRET, expired.headers, expired.body)
    assert not verify_standard(OLD_SECRET, expired.headers, expired.body)


class ExplodingSender(FakeWebhookSender):
    def send(self, request: WebhookRequest) -> Any:
        if request.url.endswith("/broken"):
            raise RuntimeError("bug in the sender")
        return super().send(request)


def test_one_broken_delivery_does_not_fail_the_batch(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, "broken")
    _subscribe(repository, "fine")
    messages = [_queue_delivery(repository, "broken"), _queue_delivery(repository, "fine")]
    outcomes = deliver_all(messages, repository=repository, sender=ExplodingSender())
    assert isinstance(outcomes[0], RuntimeError)
    assert _outcome(outcomes[1]).status == "delivered"
    assert repository.calls == ["claim_deliveries", "record_attempts"]


def test_a_failed_claim_sends_nothing_and_fails_every_message(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    messages = [_queue_delivery(repository, event_id=f"e{i}") for i in range(2)]

    def unavailable(*_: Any, **__: Any) -> Any:
        raise RuntimeError("DynamoDB is throttling")

    repository.claim_deliveries = unavailable  # type: ignore[method-assign]
    sender = FakeWebhookSender()
    outcomes = deliver_all(messages, repository=repository, sender=sender)
    assert all(isinstance(outcome, RuntimeError) for outcome in outcomes)
    assert sender.requests == []


# --- the SQS batch -----------------------------------------------------------------------------------


def _sqs_record(message_id: str, body: str) -> dict[str, Any]:
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "0" * 32,
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:deliveries",
        "awsRegion": "us-east-1",
    }


def test_an_sqs_batch_reports_retries_errors_and_malformed_messages(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, "ok")
    _subscribe(repository, "flaky")
    _subscribe(repository, "broken")
    ok, flaky, broken = (_queue_delivery(repository, name) for name in ("ok", "flaky", "broken"))
    queue = InMemoryDeliveryQueue()
    sender = ExplodingSender(answers={"https://93.184.215.14/flaky": [receipt(503, retry_after=30)]})
    event = SQSEvent(
        {
            "Records": [
                _sqs_record("m-ok", ok.to_json()),
                _sqs_record("m-bad-json", "not json"),
                _sqs_record("m-flaky", flaky.to_json()),
                _sqs_record("m-missing-field", json.dumps({"org_id": "acme"})),
                _sqs_record("m-broken", broken.to_json()),
            ]
        }
    )

    answer = deliver_batch(event, repository=repository, sender=sender, queue=queue)

    # Malformed messages first (they never reach the worker), then the batch's outcomes in order.
    assert answer == {
        "batchItemFailures": [
            {"itemIdentifier": "m-bad-json"},
            {"itemIdentifier": "m-missing-field"},
            {"itemIdentifier": "m-flaky"},
            {"itemIdentifier": "m-broken"},
        ]
    }
    [(handle, seconds)] = queue.delayed  # only the retry is hidden for its backoff
    assert handle == "handle-m-flaky" and seconds >= 30
    assert queue.delayed_from == ["arn:aws:sqs:us-east-1:123456789012:deliveries"]  # on the lane it came from
    assert _stored(repository, ok)["status"] == "delivered"


def test_an_sqs_retry_whose_delay_fails_still_comes_back(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository)
    message = _queue_delivery(repository)
    queue = InMemoryDeliveryQueue()
    queue.refuse_delays = True
    event = SQSEvent({"Records": [_sqs_record("m1", message.to_json())]})
    answer = deliver_batch(event, repository=repository, sender=FakeWebhookSender(receipt(500)), queue=queue)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_an_sqs_batch_that_succeeds_reports_nothing_and_redelivery_sends_nothing_more(
    repository: InMemoryWebhookRepository,
) -> None:
    _subscribe(repository)
    message = _queue_delivery(repository)
    sender = FakeWebhookSender()
    event = SQSEvent({"Records": [_sqs_record("m1", message.to_json())]})
    assert deliver_batch(event, repository=repository, sender=sender) == {"batchItemFailures": []}
    assert deliver_batch(event, repository=repository, sender=sender) == {"batchItemFailures": []}  # SQS again
    assert len(sender.requests) == 1


def test_a_subscriptions_content_type_is_left_to_the_sender_which_sends_its_own_once(
    repository: InMemoryWebhookRepository,
) -> None:
    _subscribe(repository, headers={"X-API-Key": "k", "content-type": "application/json", "Content-Type": "x"})
    sender = FakeWebhookSender()

    deliver_all([_queue_delivery(repository)], repository=repository, sender=sender)

    [request] = sender.requests
    assert request.headers["X-API-Key"] == "k"
    assert [name for name in request.headers if name.lower() == "content-type"] == []


@pytest.mark.parametrize("lane_function", ["DeliveryWorkerFunction", "DeliveryBulkWorkerFunction"])
def test_the_longest_timeout_and_the_lease_fit_in_each_lanes_workers_time(lane_function: str) -> None:
    function = template()["Resources"][lane_function]["Properties"]
    timeout = int(function.get("Timeout") or template()["Globals"]["Function"]["Timeout"])
    assert timeout >= MAX_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS
    assert MAX_TIMEOUT_SECONDS == 45 and timeout == 60
    assert function["CodeUri"] == "functions/delivery_worker/"


def test_attempts_are_counted_by_outcome_once_a_batch_is_written_and_a_disabling_once(
    repository: InMemoryWebhookRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    _subscribe(repository, "ok")
    _subscribe(repository, "flaky")
    _subscribe(repository, "gone")
    messages = [
        _queue_delivery(repository, "ok", event_id="e1"),
        _queue_delivery(repository, "ok", event_id="e2"),
        _queue_delivery(repository, "flaky", event_id="e3"),
        _queue_delivery(repository, "gone", event_id="e4"),
    ]
    sender = FakeWebhookSender(
        answers={"https://93.184.215.14/flaky": [receipt(503)], "https://93.184.215.14/gone": [receipt(410)]}
    )
    capsys.readouterr()

    deliver_all(messages, repository=repository, sender=sender)

    output = capsys.readouterr().out
    assert metric_counts(output, WEBHOOK_DELIVERIES, "outcome") == {"delivered": 2, "failed": 1, "given-up": 1}
    assert metric_counts(output, WEBHOOKS_DISABLED) == {"": 1}
    assert repository.subscriptions[("acme", "gone")]["is_active"] is False


def test_a_deliverys_log_says_its_lane_and_how_long_it_waited_before_the_batch_began_clock_faked_log_spied(
    repository: InMemoryWebhookRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _subscribe(repository)
    message = _queue_delivery(repository)
    clock = [1_000_250]  # the batch begins 250 ms after the send (SentTimestamp 1,000,000 ms)
    monkeypatch.setattr(worker, "now_ms", lambda: clock[0])
    logged: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(observability.logger, "info", lambda message, **fields: logged.append((message, fields)))

    class SlowSubscriber(FakeWebhookSender):
        def send(self, request: WebhookRequest) -> DeliveryReceipt:
            clock[0] += 5_000  # the subscriber takes 5 s: the delivery's work, not its wait
            return super().send(request)

    record = _sqs_record("m1", message.to_json())
    record["attributes"]["SentTimestamp"] = "1000000"
    answer = deliver_batch(SQSEvent({"Records": [record]}), repository=repository, sender=SlowSubscriber())
    assert answer == {"batchItemFailures": []}
    [fields] = [fields for name, fields in logged if name == "delivery"]
    assert (fields["queued_ms"], fields["lane"], fields["outcome"]) == (250, "deliveries", "delivered")
