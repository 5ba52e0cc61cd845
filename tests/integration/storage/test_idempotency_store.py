"""storage/idempotency against moto's DynamoDB: the record's conditions, its expiry, and two requests at once."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict
from incident_core.http.responses import Response, created
from incident_core.storage import idempotency
from incident_core.storage.idempotency import FirstAnswer, get_idempotency_store
from tests.integration.conftest import TABLE

ALICE = Principal(sub="alice", org_id="acme", permissions=frozenset())
ROUTE = "POST /things"


def _stored(scoped: str) -> dict[str, Any]:
    item = boto3.client("dynamodb").get_item(
        TableName=TABLE, Key={"pk": {"S": f"ORG#acme#IDEMPOTENCY#{scoped}"}, "sk": {"S": "RECORD"}}
    )["Item"]
    return {name: next(iter(value.values())) for name, value in item.items()}


def _once(create: Any, body: Any = None) -> Response[Any]:
    return idempotency.once(principal=ALICE, route=ROUTE, key="k-1", request=body or {"a": 1}, create=create)


def _create() -> Response[Any]:
    return created({"id": "thing-1", "name": "a"}, location="/things/thing-1")


def test_a_claim_is_in_flight_with_a_lease_and_expires_after_24_hours_on_moto(aws: None) -> None:
    store = get_idempotency_store()
    assert store.claim(org_id="acme", scoped="s-1", fingerprint="f", now=1000) is True
    assert store.claim(org_id="acme", scoped="s-1", fingerprint="f", now=1001) is False  # held
    assert store.claim(org_id="acme", scoped="s-1", fingerprint="other", now=5000) is False  # never another body
    record = _stored("s-1")
    assert (record["state"], record["lease_until"], record["expires_at"]) == ("in_flight", "1060", str(1000 + 86400))
    assert store.claim(org_id="acme", scoped="s-1", fingerprint="f", now=1061) is True  # the first died


def test_a_finished_record_keeps_only_what_a_replay_needs_on_moto(aws: None) -> None:
    answer = _once(_create)
    scoped = idempotency.scoped_key(ALICE, ROUTE, "k-1")
    record = _stored(scoped)
    assert set(record) == {
        "pk",
        "sk",
        "entity",
        "state",
        "fingerprint",
        "status_code",
        "body",
        "headers_json",
        "expires_at",
    }
    assert (record["state"], record["status_code"], record["body"]) == ("done", "201", answer.body)
    assert record["headers_json"] == '{"Location":"/things/thing-1"}'


def test_finishing_needs_our_claim_a_stale_writer_keeps_nothing_on_moto(aws: None) -> None:
    store = get_idempotency_store()
    store.claim(org_id="acme", scoped="s-2", fingerprint="f", now=1000)
    store.finish(org_id="acme", scoped="s-2", fingerprint="f", answer=FirstAnswer(201, "{}", {}), now=1001)
    store.finish(org_id="acme", scoped="s-2", fingerprint="f", answer=FirstAnswer(500, "late", {}), now=1002)
    assert (_stored("s-2")["status_code"], _stored("s-2")["body"]) == ("201", "{}")


def test_two_requests_with_one_key_at_once_create_one_the_other_409_then_replays_on_moto(aws: None) -> None:
    started, finish = threading.Event(), threading.Event()
    runs: list[str] = []
    answers: list[Response[Any]] = []

    def slow_create() -> Response[Any]:
        runs.append("created")
        started.set()
        assert finish.wait(5)
        return _create()

    first = threading.Thread(target=lambda: answers.append(_once(slow_create)))
    first.start()
    assert started.wait(5)
    with pytest.raises(Conflict) as caught:
        _once(_create)  # while the first is in flight
    assert (caught.value.status_code, caught.value.code) == (409, "CONFLICT")
    finish.set()
    first.join(5)
    again = _once(_create)
    assert runs == ["created"] and again.body == answers[0].body
    assert again.headers == {"Location": "/things/thing-1", "Idempotent-Replayed": "true"}


def test_a_create_that_fails_drops_its_claim_so_a_retry_runs_on_moto(aws: None) -> None:
    def failing() -> Response[Any]:
        raise Conflict("refused")

    with pytest.raises(Conflict):
        _once(failing)
    assert _stored(idempotency.scoped_key(ALICE, ROUTE, "k-1"))["lease_until"] == "0"
    answer = _once(_create)
    assert answer.status_code == 201 and "Idempotent-Replayed" not in answer.headers
