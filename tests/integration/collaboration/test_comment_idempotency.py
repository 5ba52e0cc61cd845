"""`Idempotency-Key` on POST /incidents/{id}/comments against moto: a retried comment is one comment."""

from __future__ import annotations

import pytest

from tests.integration import idempotency_checks as checks
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway


@pytest.fixture
def route(gateway: InProcessGateway, token: TokenFactory) -> checks.CreateRoute:
    path = f"/incidents/{new_incident(gateway, token())['id']}/comments"

    def count(token: str) -> int:
        return len(gateway.request("GET", path, token=token).json()["data"])

    return checks.CreateRoute(path, {"body": "Looking into it"}, {"body": "Something else"}, count)


def test_a_retried_comment_is_one_comment_answered_alike_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_retry_replays_the_first_answer(gateway, route, token())


def test_the_key_reused_with_another_body_is_422_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_the_key_with_another_body_is_422(gateway, route, token())


def test_another_caller_with_the_same_key_comments_on_its_own_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_another_caller_has_its_own_keys(gateway, route, token(sub="alice"), token(sub="bob"))


def test_the_same_key_on_another_incident_is_422_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    writer = token()
    assert checks.post(gateway, route, writer, "k-incident", route.body).status_code == 201
    other = new_incident(gateway, writer)
    moved = checks.CreateRoute(f"/incidents/{other['id']}/comments", route.body, route.body, route.count)
    reused = checks.post(gateway, moved, writer, "k-incident", route.body)
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_without_a_key_each_comment_is_new_and_a_bad_key_is_400_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_bad_key_is_400(gateway, route, token())
    checks.assert_no_key_creates_each_time(gateway, route, token())
