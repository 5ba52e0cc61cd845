"""Delivery throughput (``delivery_speedup``).

One batch of deliveries to a subscriber that answers after 100 ms, sent by ``deliver_all``
(the worker's concurrent path) and, in the same run, another batch by a serial loop of
``deliver``; median of 9 runs each, the order alternating, every run on a fresh table. The
worker's code runs in this process; DynamoDB is a MiniStack of the bench's own and the
subscriber a small HTTP server, each in a process of its own on 127.0.0.1 (a subscriber in
this process would take the worker's GIL). Every delivery must end ``delivered``, and the
subscriber must count one POST per delivery. MiniStack serves DynamoDB calls one at a time,
where DynamoDB overlaps them: the worker's own DynamoDB time is charged in full here.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.bench.config import DELIVERY_BATCH, DELIVERY_RUNS, ORG, REGION, SUBSCRIBER_DELAY_SECONDS, TABLE
from scripts.bench.errors import BenchError
from scripts.bench.figures import DeliverySpeedupSamples
from scripts.bench.functions import NEW_INCIDENT
from scripts.bench.in_process import environment, in_process_environment
from scripts.bench.lambda_layout import lambda_python
from scripts.bench.subscriber import SubscriberProcess, subscriber_process


def measure_delivery_speedup(
    *, runs: int = DELIVERY_RUNS, batch: int = DELIVERY_BATCH, delay_seconds: float = SUBSCRIBER_DELAY_SECONDS
) -> DeliverySpeedupSamples:
    """Per run: `batch` deliveries by `deliver_all` and `batch` others by a loop of `deliver`.

    The worker's code runs in this process; its DynamoDB is MiniStack's, a separate process
    on 127.0.0.1 as DynamoDB is to Lambda (in-process moto would hold the GIL during every
    call and measure moto, not the worker). The subscriber on 127.0.0.1 answers after
    `delay_seconds`. Every run uses a fresh table and warms up the clients and the sender
    with one delivery (not counted); the order alternates.
    """
    from scripts.local_stack.emulator import start_emulator, stop_emulator

    samples = DeliverySpeedupSamples(batch=batch, subscriber_delay_ms=delay_seconds * 1000)
    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-dynamodb-"))
    emulator = start_emulator(state_dir)
    try:
        settings = {**in_process_environment(emulator.url), "ALLOW_INSECURE_WEBHOOK_TARGETS": "true"}
        with environment(settings), subscriber_process(lambda_python()) as receiver:
            for run_index in range(runs):
                order = ("concurrent", "serial") if run_index % 2 == 0 else ("serial", "concurrent")
                receiver.set_delay(0.0)
                elapsed, problems = _delivery_run(receiver, order, batch=batch, delay_seconds=delay_seconds)
                samples.concurrent_ms.append(elapsed["concurrent"])
                samples.serial_ms.append(elapsed["serial"])
                samples.not_delivered += [f"run {run_index + 1}: {line}" for line in problems]
    finally:
        stop_emulator(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)
    return samples


def _delivery_run(
    receiver: SubscriberProcess, order: Sequence[str], *, batch: int, delay_seconds: float
) -> tuple[dict[str, float], list[str]]:
    """One run on a fresh table: wall time (ms) per kind, and the deliveries that did not succeed."""
    import boto3

    from incident_core.core.auth import Principal
    from incident_core.core.clock import iso, utc_now
    from incident_core.core.settings import get_settings
    from incident_core.webhooks.delivery import DeliveryOutcome, deliver, deliver_all
    from incident_core.webhooks.models import WebhookCreate
    from incident_core.webhooks.queue import DeliveryMessage
    from incident_core.webhooks.repository import get_webhook_repository
    from incident_core.webhooks.routing import delivery_id_for, new_delivery
    from incident_core.webhooks.subscriptions import create_webhook
    from incident_core.webhooks.transport.sender import HttpWebhookSender
    from scripts.dev_token import ALL_PERMISSIONS
    from tests.support.template import table_definition

    table = f"{TABLE}-{uuid.uuid4().hex[:8]}"
    get_webhook_repository.cache_clear()
    get_settings.cache_clear()
    try:
        with environment({"TABLE_NAME": table}):
            boto3.setup_default_session(region_name=REGION)  # none of count_dynamodb_calls' hooks
            boto3.client("dynamodb", region_name=REGION).create_table(TableName=table, **table_definition())
            repository = get_webhook_repository()
            principal = Principal(sub="bench-user", org_id=ORG, permissions=frozenset(ALL_PERMISSIONS))
            created = create_webhook(
                principal=principal,
                data=WebhookCreate(name="bench", url=receiver.url, events=["incident.created"]),
                repository=repository,
            )
            subscription = repository.get_subscription(org_id=ORG, webhook_id=str(created["id"]))
            if subscription is None:
                raise BenchError("the bench's webhook subscription was not stored")
            sender = HttpWebhookSender(allow_insecure=True)

            def pending(count: int) -> list[DeliveryMessage]:
                messages: list[DeliveryMessage] = []
                for _ in range(count):
                    event_id, occurred_at = str(uuid.uuid4()), iso(utc_now())
                    payload = {
                        "id": event_id,
                        "event": "incident.created",
                        "timestamp": occurred_at,
                        "org_id": ORG,
                        "sequence": 1,
                        "data": {**NEW_INCIDENT, "id": str(uuid.uuid4()), "status": "open", "version": 1},
                    }
                    delivery_id = delivery_id_for(event_id, subscription["id"], occurred_at)
                    if not repository.create_delivery(
                        new_delivery(subscription=subscription, payload=payload, delivery_id=delivery_id)
                    ):
                        raise BenchError(f"delivery {delivery_id} already existed")
                    messages.append(DeliveryMessage(ORG, subscription["id"], delivery_id))
                return messages

            def serially(messages: list[DeliveryMessage]) -> list[DeliveryOutcome | BaseException]:
                return [deliver(message, repository=repository, sender=sender) for message in messages]

            def concurrently(messages: list[DeliveryMessage]) -> list[DeliveryOutcome | BaseException]:
                return deliver_all(messages, repository=repository, sender=sender)

            posts_before = receiver.posts()
            warm_up = pending(1)
            sent: list[tuple[DeliveryMessage, DeliveryOutcome | BaseException]] = []
            sent += zip(warm_up, serially(warm_up), strict=True)
            measured = {kind: pending(batch) for kind in order}
            receiver.set_delay(delay_seconds)
            elapsed: dict[str, float] = {}
            for kind in order:
                messages = measured[kind]
                started = time.perf_counter()
                outcomes = concurrently(messages) if kind == "concurrent" else serially(messages)
                elapsed[kind] = (time.perf_counter() - started) * 1000
                sent += zip(messages, outcomes, strict=True)
            problems = _undelivered(sent, repository)
            posts = receiver.posts() - posts_before
            if posts != len(sent):
                problems.append(f"the subscriber received {posts} POSTs for {len(sent)} deliveries")
            return elapsed, problems
    finally:
        get_webhook_repository.cache_clear()
        get_settings.cache_clear()


def _undelivered(sent: Sequence[tuple[Any, Any]], repository: Any) -> list[str]:
    """One line per delivery whose outcome or stored status is not `delivered`."""
    problems: list[str] = []
    for message, outcome in sent:
        status = getattr(outcome, "status", None)
        stored = repository.get_delivery(
            org_id=message.org_id, webhook_id=message.webhook_id, delivery_id=message.delivery_id
        )
        stored_status = stored.get("status") if stored else None
        if status != "delivered" or stored_status != "delivered":
            reason = getattr(outcome, "reason", "")
            what = repr(outcome) if isinstance(outcome, BaseException) else f"{status} ({reason})"
            problems.append(f"delivery {message.delivery_id} ended {what}, stored as {stored_status}")
    return problems
