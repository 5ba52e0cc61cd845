"""`Idempotency-Key` on POST /webhooks against moto: a retried subscribe is one subscription."""

from __future__ import annotations

import pytest

from tests.integration import idempotency_checks as checks
from tests.integration.conftest import TokenFactory
from tests.support.gateway import InProcessGateway

BODY = {"name": "SIEM", "url": "http://127.0.0.1:9/hook", "events": ["*"]}


@pytest.fixture
def route(gateway: InProcessGateway) -> checks.CreateRoute:
    def count(token: str) -> int:
        return len(gateway.request("GET", "/webhooks", token=token).json()["data"])

    return checks.CreateRoute("/webhooks", BODY, {**BODY, "name": "Other SIEM"}, count)


def test_a_retried_subscribe_is_one_webhook_answered_alike_secret_included_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_retry_replays_the_first_answer(gateway, route, token())


def test_the_key_reused_with_another_body_is_422_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_the_key_with_another_body_is_422(gateway, route, token())


def test_another_caller_with_the_same_key_creates_its_own_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_another_caller_has_its_own_keys(gateway, route, token(sub="alice"), token(sub="bob"))


def test_without_a_key_each_subscribe_is_new_and_a_bad_key_is_400_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_bad_key_is_400(gateway, route, token())
    checks.assert_no_key_creates_each_time(gateway, route, token())
