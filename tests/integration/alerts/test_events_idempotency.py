"""`Idempotency-Key` on POST /events against moto.

The dedup key already makes repeated triggers one incident (PagerDuty's own idempotency); the
key adds the first answer again (`created`, not `deduplicated`) and refuses another event with it.
"""

from __future__ import annotations

import pytest

from tests.integration import idempotency_checks as checks
from tests.integration.conftest import TokenFactory
from tests.support.gateway import InProcessGateway

TRIGGER = {
    "event_action": "trigger",
    "payload": {"summary": "Queue depth high", "source": "worker-1", "severity": "error"},
}
OTHER = {**TRIGGER, "payload": {**TRIGGER["payload"], "summary": "Disk full"}}  # type: ignore[dict-item]


@pytest.fixture
def route(gateway: InProcessGateway) -> checks.CreateRoute:
    def count(token: str) -> int:
        return len(gateway.request("GET", "/incidents", token=token).json()["data"])

    return checks.CreateRoute("/events", TRIGGER, OTHER, count, created=202)


def test_a_retried_trigger_replays_its_first_answer_and_is_one_incident_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_retry_replays_the_first_answer(gateway, route, token())


def test_the_key_reused_with_another_event_is_422_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_the_key_with_another_body_is_422(gateway, route, token())


def test_another_caller_with_the_same_key_is_its_own_request_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_another_caller_has_its_own_keys(gateway, route, token(sub="alice"), token(sub="bob"))


def test_a_bad_key_is_400_and_processes_nothing_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_bad_key_is_400(gateway, route, token())
