"""`Idempotency-Key` on POST /incidents against moto: a retried create is one incident, answered alike."""

from __future__ import annotations

import json
import time

import pytest

from incident_core.core.auth import Principal
from incident_core.storage import idempotency
from incident_core.storage.idempotency import get_idempotency_store
from tests.integration import idempotency_checks as checks
from tests.integration.conftest import TokenFactory
from tests.support.gateway import InProcessGateway

BODY = {"title": "Suspicious login", "description": "Impossible travel for a finance user", "severity": "medium"}


@pytest.fixture
def route(gateway: InProcessGateway) -> checks.CreateRoute:
    def count(token: str) -> int:
        return len(gateway.request("GET", "/incidents", token=token).json()["data"])

    return checks.CreateRoute("/incidents", BODY, {**BODY, "severity": "high"}, count)


def test_a_retried_create_with_one_key_is_one_incident_answered_alike_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_retry_replays_the_first_answer(gateway, route, token())


def test_the_key_reused_with_another_body_is_422_and_creates_nothing_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_the_key_with_another_body_is_422(gateway, route, token())


def test_another_caller_with_the_same_key_creates_its_own_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_another_caller_has_its_own_keys(gateway, route, token(sub="alice"), token(sub="bob"))


def test_without_a_key_each_create_is_new_and_a_bad_key_is_400_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_bad_key_is_400(gateway, route, token())
    checks.assert_no_key_creates_each_time(gateway, route, token())


def test_the_replay_is_the_first_answer_even_after_the_incident_changed_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    writer = token()
    first = checks.post(gateway, route, writer, "then-changed", BODY)
    incident_id = first.json()["data"]["id"]
    changed = gateway.request("PATCH", f"/incidents/{incident_id}", json_body={"severity": "low"}, token=writer)
    assert changed.status_code == 200, changed.text
    again = checks.post(gateway, route, writer, "then-changed", BODY)
    assert again.text == first.text and again.json()["data"]["severity"] == "medium"
    assert again.header("ETag") == first.header("ETag") == '"1"'


def test_a_retry_while_the_first_create_is_in_flight_is_409_and_creates_nothing_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    alice = Principal(sub="alice", org_id="acme", permissions=frozenset())
    scoped = idempotency.scoped_key(alice, "POST /incidents", "in-flight")
    sent = idempotency.fingerprint(idempotency.sent_body(json.dumps(BODY)))
    assert get_idempotency_store().claim(org_id="acme", scoped=scoped, fingerprint=sent, now=int(time.time()))
    answer = checks.post(gateway, route, token(sub="alice"), "in-flight", BODY)
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "CONFLICT"
    assert route.count(token()) == 0
