"""The subscription API and the delivery log over in-memory fakes: CRUD, rotation, test events, paging."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.core.auth import Principal
from incident_core.core.clock import iso, parse_iso
from incident_core.core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from incident_core.webhooks import delivery_log
from incident_core.webhooks.models import WebhookCreate, WebhookUpdate
from incident_core.webhooks.routing import signing_secrets
from incident_core.webhooks.subscriptions import (
    create_webhook,
    delete_webhook,
    get_webhook,
    list_webhooks,
    rotate_secret,
    send_test_event,
    update_webhook,
)
from tests.support.fakes.webhooks import InMemoryDeliveryQueue, InMemoryWebhookRepository

ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset({"webhooks:read", "webhooks:write"}))
OUTSIDER = Principal(sub="gus", org_id="globex", permissions=frozenset({"webhooks:read", "webhooks:write"}))
PUBLIC_URL = "https://93.184.215.14/hooks/incidents"  # an address literal: no DNS in unit tests


@pytest.fixture
def repository() -> InMemoryWebhookRepository:
    return InMemoryWebhookRepository()


@pytest.fixture
def queue() -> InMemoryDeliveryQueue:
    return InMemoryDeliveryQueue()


def _create(repository: InMemoryWebhookRepository, principal: Principal = ADMIN, **fields: Any) -> dict[str, Any]:
    data = WebhookCreate.model_validate({"name": "SIEM", "url": PUBLIC_URL, "events": ["incident.created"], **fields})
    return create_webhook(principal=principal, data=data, repository=repository)


def _update(repository: InMemoryWebhookRepository, webhook_id: str, **changes: Any) -> dict[str, Any]:
    if_match = changes.pop("if_match", None)
    return update_webhook(
        principal=ADMIN,
        webhook_id=webhook_id,
        changes=WebhookUpdate.model_validate(changes),
        if_match=if_match,
        repository=repository,
    )


def test_create_shows_the_secret_once_and_masks_headers(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository, headers={"Authorization": "Bearer s3cret"})
    assert created["secret"].startswith("whsec_")
    assert created["version"] == 1 and created["is_active"] is True and created["consecutive_failures"] == 0
    assert created["headers"] == {"Authorization": "********"}
    for shown in (
        get_webhook(principal=ADMIN, webhook_id=created["id"], repository=repository),
        *list_webhooks(principal=ADMIN, repository=repository),
    ):
        assert "secret" not in shown and "previous_secret" not in shown
        assert shown["headers"] == {"Authorization": "********"}
    stored = repository.get_subscription(org_id="acme", webhook_id=created["id"])
    assert stored is not None and stored["secret"] == created["secret"]


def test_event_names_in_either_spelling_and_any_case_are_stored_once_by_their_catalogue_name(
    repository: InMemoryWebhookRepository,
) -> None:
    names = ["INCIDENT_CREATED", "incident.created", " Incident_Resolved ", "incident_assigned", "WEBHOOK_TEST"]
    created = _create(repository, events=names)
    assert created["events"] == ["incident.created", "incident.resolved", "incident.assigned", "webhook.test"]
    assert _create(repository, events=["INCIDENT_CREATED", "*"])["events"] == ["*"]
    changed = _update(repository, created["id"], events=["ACTION_FAILED", "Incident.Status_Changed"])
    assert changed["events"] == ["action.failed", "incident.status_changed"]
    for unknown in ("INCIDENT_EXPLODED", "incident.created.now", "INCIDENT__CREATED", "ALL"):
        with pytest.raises(ValidationError, match=f"unknown event {re.escape(unknown)}: use names like"):
            WebhookCreate.model_validate({"name": "n", "url": PUBLIC_URL, "events": [unknown]})


def test_a_content_type_header_is_taken_only_as_application_json_and_shown_unmasked(
    repository: InMemoryWebhookRepository,
) -> None:
    created = _create(repository, headers={"X-API-Key": "k", "content-TYPE": " Application/JSON "})
    assert created["headers"] == {"X-API-Key": "********", "content-TYPE": "application/json"}
    stored = repository.get_subscription(org_id="acme", webhook_id=created["id"])
    assert stored is not None and stored["headers"] == {"X-API-Key": "k", "content-TYPE": "application/json"}
    for value in ("text/plain", "application/json; charset=utf-8", "application/xml"):
        with pytest.raises(ValidationError, match="header Content-Type can only be application/json"):
            WebhookCreate.model_validate(
                {"name": "n", "url": PUBLIC_URL, "events": ["*"], "headers": {"Content-Type": value}}
            )
    for reserved in ("Content-Length", "Host", "X-Signature-256", "webhook-id", "User-Agent"):
        with pytest.raises(ValidationError, match=f"header {reserved} is set by the webhook sender"):
            WebhookUpdate.model_validate({"headers": {reserved: "x"}})


def test_create_refuses_unsafe_targets(repository: InMemoryWebhookRepository) -> None:
    for url in ("https://10.0.0.8/hook", "http://93.184.215.14/hook", "https://169.254.169.254/latest"):
        with pytest.raises(ValidationFailed) as refused:
            _create(repository, url=url)
        assert refused.value.details[0]["field"] == "url"
    assert repository.subscriptions == {}


def test_lists_only_the_callers_org_oldest_first(repository: InMemoryWebhookRepository) -> None:
    first = _create(repository, name="first")
    second = _create(repository, name="second")
    _create(repository, OUTSIDER, name="theirs")
    repository.subscriptions[("acme", first["id"])]["created_at"] = "2026-01-01T00:00:00.000Z"
    assert [item["id"] for item in list_webhooks(principal=ADMIN, repository=repository)] == [first["id"], second["id"]]
    assert [item["name"] for item in list_webhooks(principal=OUTSIDER, repository=repository)] == ["theirs"]


def test_another_orgs_subscription_is_not_found(repository: InMemoryWebhookRepository) -> None:
    theirs = _create(repository, OUTSIDER)
    with pytest.raises(NotFound):
        get_webhook(principal=ADMIN, webhook_id=theirs["id"], repository=repository)
    with pytest.raises(NotFound):
        delete_webhook(principal=ADMIN, webhook_id=theirs["id"], repository=repository)
    with pytest.raises(NotFound):
        rotate_secret(principal=ADMIN, webhook_id=theirs["id"], repository=repository)
    assert ("globex", theirs["id"]) in repository.subscriptions


def test_update_bumps_the_version_and_honours_if_match(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository)
    updated = _update(repository, created["id"], name="SOC", if_match='"1"')
    assert updated["name"] == "SOC" and updated["version"] == 2
    with pytest.raises(PreconditionFailed):
        _update(repository, created["id"], name="late", if_match='"1"')
    with pytest.raises(ValidationFailed) as refused:
        _update(repository, created["id"], url=None)
    assert refused.value.details[0]["field"] == "url"
    with pytest.raises(ValidationFailed):
        _update(repository, created["id"], url="https://10.0.0.8/hook")


def test_update_that_loses_a_race_is_a_conflict(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository)
    original_get = repository.get_subscription

    def stale_read(**key: str) -> dict[str, Any] | None:
        found = original_get(**key)
        repository.subscriptions[("acme", created["id"])]["version"] += 1  # another request wrote meanwhile
        return found

    repository.get_subscription = stale_read  # type: ignore[method-assign]
    with pytest.raises(Conflict):
        _update(repository, created["id"], name="SOC")


def test_reenabling_clears_what_disabled_it(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository)
    repository.subscriptions[("acme", created["id"])].update(
        is_active=False,
        disabled_reason="subscriber answered 410 Gone",
        disabled_at="2026-01-01T00:00:00.000Z",
        consecutive_failures=20,
    )
    enabled = _update(repository, created["id"], is_active=True)
    assert enabled["is_active"] is True
    assert enabled["disabled_reason"] is None and enabled["disabled_at"] is None
    assert enabled["consecutive_failures"] == 0


def test_delete(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository)
    delete_webhook(principal=ADMIN, webhook_id=created["id"], repository=repository)
    with pytest.raises(NotFound):
        delete_webhook(principal=ADMIN, webhook_id=created["id"], repository=repository)


def test_rotation_shows_the_new_secret_once_and_the_old_one_signs_for_24_hours(
    repository: InMemoryWebhookRepository,
) -> None:
    created = _create(repository)
    rotated = rotate_secret(principal=ADMIN, webhook_id=created["id"], repository=repository)
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert rotated["version"] == 2 and "previous_secret" not in rotated
    rotated_at = parse_iso(rotated["secret_rotated_at"])
    assert parse_iso(rotated["previous_secret_expires_at"]) == rotated_at + timedelta(hours=24)
    assert "secret" not in get_webhook(principal=ADMIN, webhook_id=created["id"], repository=repository)

    stored = repository.get_subscription(org_id="acme", webhook_id=created["id"])
    assert stored is not None
    within = iso(rotated_at + timedelta(hours=23, minutes=59))
    after = iso(rotated_at + timedelta(hours=24, milliseconds=1))
    assert signing_secrets(stored, now=within) == [rotated["secret"], created["secret"]]
    assert signing_secrets(stored, now=after) == [rotated["secret"]]


def test_test_event_is_stored_and_queued(repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue) -> None:
    created = _create(repository)
    answer = send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)
    assert answer["status"] == "queued" and answer["event"] == "webhook.test"
    [message] = queue.sent
    assert (message.org_id, message.webhook_id, message.delivery_id) == ("acme", created["id"], answer["delivery_id"])
    delivery = repository.get_delivery(org_id="acme", webhook_id=created["id"], delivery_id=answer["delivery_id"])
    assert delivery is not None and delivery["status"] == "pending" and delivery["event"] == "webhook.test"
    payload = json.loads(delivery["payload_json"])
    assert payload["event"] == "webhook.test" and payload["data"]["webhook_id"] == created["id"]


def test_no_test_event_to_an_inactive_subscription(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    created = _create(repository, is_active=False)
    with pytest.raises(Conflict):
        send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)
    assert queue.sent == [] and repository.deliveries == {}


# --- the delivery log ----------------------------------------------------------------------------


def _log(repository: InMemoryWebhookRepository, webhook_id: str, **params: str) -> Any:
    query = {name: [value] for name, value in params.items()}
    return delivery_log.list_deliveries(principal=ADMIN, webhook_id=webhook_id, params=query, repository=repository)


def test_delivery_log_pages_newest_first_with_a_cursor(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    created = _create(repository)
    ids = [
        send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)["delivery_id"]
        for _ in range(3)
    ]
    first = _log(repository, created["id"], limit="2")
    assert [item["id"] for item in first.items] == sorted(ids, reverse=True)[:2]
    assert first.meta["limit"] == 2 and first.meta["has_more"] is True
    assert first.items[0]["attempts"] == 0 and "payload" not in first.items[0]  # listed: a count
    rest = _log(repository, created["id"], limit="2", cursor=first.meta["next_cursor"])
    assert [item["id"] for item in rest.items] == [min(ids)]
    assert rest.meta == {"limit": 2, "has_more": False, "next_cursor": None}
    assert len(_log(repository, created["id"], status="pending", event="webhook.test").items) == 3
    assert _log(repository, created["id"], status="delivered").items == []


def test_delivery_log_refuses_bad_parameters_and_foreign_cursors(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    created, other = _create(repository), _create(repository)
    for _ in range(2):
        send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)
    cursor = _log(repository, created["id"], limit="1").meta["next_cursor"]

    cases: list[tuple[dict[str, str], str, str]] = [
        ({"status": "lost"}, "status", "status must be one of: pending, delivered, failed, dropped"),
        ({"limit": "0"}, "limit", "limit must be an integer from 1 to 100"),
        ({"limit": "many"}, "limit", "limit must be an integer from 1 to 100"),
        ({"colour": "red"}, "colour", "colour is not a supported parameter"),
        ({"cursor": cursor, "status": "failed"}, "cursor", "cursor is invalid or belongs to another query"),
    ]
    for params, field, message in cases:
        with pytest.raises(ValidationFailed) as refused:
            _log(repository, created["id"], **params)
        assert refused.value.details[0] == {"field": field, "message": message}
    with pytest.raises(ValidationFailed) as unknown:
        _log(repository, created["id"], colour="red")
    assert unknown.value.message == "Unknown query parameter: colour"
    with pytest.raises(ValidationFailed):  # a cursor of another subscription's log
        _log(repository, other["id"], cursor=cursor)
    with pytest.raises(NotFound):  # another org's subscription
        delivery_log.list_deliveries(principal=OUTSIDER, webhook_id=created["id"], params={}, repository=repository)


def test_a_delivery_with_its_attempts_and_redelivery(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    created = _create(repository)
    delivery_id = send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)[
        "delivery_id"
    ]
    shown = delivery_log.get_delivery(
        principal=ADMIN, webhook_id=created["id"], delivery_id=delivery_id, repository=repository
    )
    assert shown["attempts"] == [] and shown["payload"]["event"] == "webhook.test"
    with pytest.raises(NotFound):
        delivery_log.get_delivery(principal=ADMIN, webhook_id=created["id"], delivery_id="msg_x", repository=repository)
    with pytest.raises(Conflict):  # still pending: the worker sends it on its own
        delivery_log.redeliver(
            principal=ADMIN, webhook_id=created["id"], delivery_id=delivery_id, repository=repository, queue=queue
        )

    repository.deliveries[("acme", created["id"], delivery_id)]["status"] = "failed"
    queue.sent.clear()
    answer = delivery_log.redeliver(
        principal=ADMIN, webhook_id=created["id"], delivery_id=delivery_id, repository=repository, queue=queue
    )
    assert answer == {"delivery_id": delivery_id, "status": "queued"}
    assert [message.delivery_id for message in queue.sent] == [delivery_id]
    stored = repository.deliveries[("acme", created["id"], delivery_id)]
    assert stored["status"] == "pending" and stored["status_reason"] == "redeliver"


def test_stats_from_the_counters(repository: InMemoryWebhookRepository) -> None:
    created = _create(repository)
    empty = delivery_log.webhook_stats(principal=ADMIN, webhook_id=created["id"], repository=repository)
    assert empty["total_deliveries"] == 0 and empty["success_rate"] is None
    assert empty["average_response_time_ms"] is None and empty["events_by_type"] == {}
    repository.stats[("acme", created["id"])] = {
        "total_deliveries": 4,
        "successful_deliveries": 3,
        "failed_deliveries": 1,
        "attempts_total": 6,
        "response_count": 5,
        "response_time_total_ms": 501,
        "events:incident.created": 3,
        "events:incident.status_changed": 1,
        "last_delivery_at": "2026-11-23T02:00:00.000Z",
    }
    stats = delivery_log.webhook_stats(principal=ADMIN, webhook_id=created["id"], repository=repository)
    assert stats == {
        "webhook_id": created["id"],
        "subscription_id": created["id"],
        "total_deliveries": 4,
        "successful_deliveries": 3,
        "failed_deliveries": 1,
        "success_rate": 0.75,
        "total_attempts": 6,
        "average_response_time_ms": 100.2,
        "average_response_time": 100.2,
        "last_delivery_at": "2026-11-23T02:00:00.000Z",
        "events_by_type": {"INCIDENT_CREATED": 3, "INCIDENT_STATUS_CHANGED": 1},
    }


def test_the_delivery_log_shows_the_last_attempt_in_the_seeds_fields(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    created = _create(repository)
    delivery_id = send_test_event(principal=ADMIN, webhook_id=created["id"], repository=repository, queue=queue)[
        "delivery_id"
    ]
    stored = repository.deliveries[("acme", created["id"], delivery_id)]
    fields = ("subscription_id", "event_type", "attempts", "next_retry_at", "response_status", "error_message")

    def listed() -> dict[str, Any]:
        [item] = _log(repository, created["id"], status="PENDING" if stored["status"] == "pending" else "Failed").items
        return {name: item[name] for name in fields}

    assert listed() == dict(zip(fields, (created["id"], "WEBHOOK_TEST", 0, None, None, None), strict=True))
    attempt = {"attempt": 1, "attempted_at": "2026-11-23T02:00:00.000Z", "status_code": None, "latency_ms": 3}
    stored.update(
        attempts=[{**attempt, "error": "timed out after 10 s"}],
        attempt_count=1,
        next_attempt_at="2026-11-23T02:00:10.000Z",
        last_attempt_at="2026-11-23T02:00:00.000Z",
    )
    assert listed() == dict(
        zip(
            fields,
            (created["id"], "WEBHOOK_TEST", 1, "2026-11-23T02:00:10.000Z", None, "timed out after 10 s"),
            strict=True,
        )
    )
    stored.update(
        status="failed",
        attempts=[*stored["attempts"], {**attempt, "attempt": 2, "status_code": 503, "error": None}],
        attempt_count=2,
        next_attempt_at=None,
    )
    assert listed() == dict(zip(fields, (created["id"], "WEBHOOK_TEST", 2, None, 503, "HTTP 503"), strict=True))
    one = delivery_log.get_delivery(
        principal=ADMIN, webhook_id=created["id"], delivery_id=delivery_id, repository=repository
    )
    assert [item["status_code"] for item in one["attempts"]] == [None, 503]  # read alone: the attempts themselves
    assert (one["response_status"], one["error_message"], one["attempt_count"]) == (503, "HTTP 503", 2)
    assert one["payload"]["event_type"] == "WEBHOOK_TEST"
