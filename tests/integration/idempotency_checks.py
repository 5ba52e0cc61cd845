"""What every create route promises about `Idempotency-Key`, checked the same way for each
(`tests/integration/<domain>/test_*idempotency*.py` name the route, two bodies and how to count
what it created)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.gateway import ApiResponse, InProcessGateway

REPLAYED = "Idempotent-Replayed"


@dataclass(frozen=True)
class CreateRoute:
    path: str
    body: dict[str, Any]
    other_body: dict[str, Any]
    count: Callable[[str], int]  # how many the org of a token holds
    created: int = 201  # the route's status for a create (`POST /events` answers 202)


def post(gateway: InProcessGateway, route: CreateRoute, token: str, key: str, body: dict[str, Any]) -> ApiResponse:
    return gateway.request("POST", route.path, json_body=body, token=token, headers={"Idempotency-Key": key})


def assert_a_retry_replays_the_first_answer(gateway: InProcessGateway, route: CreateRoute, token: str) -> None:
    first = post(gateway, route, token, "retry-1", route.body)
    again = post(gateway, route, token, "retry-1", route.body)
    assert first.status_code == route.created, first.text
    assert (again.status_code, again.text) == (first.status_code, first.text)
    assert again.header("Location") == first.header("Location") and again.header("ETag") == first.header("ETag")
    assert (first.header(REPLAYED), again.header(REPLAYED)) == (None, "true")
    assert route.count(token) == 1


def assert_the_key_with_another_body_is_422(gateway: InProcessGateway, route: CreateRoute, token: str) -> None:
    assert post(gateway, route, token, "reuse-1", route.body).status_code == route.created
    reused = post(gateway, route, token, "reuse-1", route.other_body)
    assert reused.status_code == 422, reused.text
    assert reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert reused.header(REPLAYED) is None
    assert route.count(token) == 1


def assert_another_caller_has_its_own_keys(
    gateway: InProcessGateway, route: CreateRoute, token: str, other_token: str
) -> None:
    mine = post(gateway, route, token, "shared-1", route.body)
    theirs = post(gateway, route, other_token, "shared-1", route.other_body)
    assert (mine.status_code, theirs.status_code) == (route.created, route.created), theirs.text
    assert theirs.header(REPLAYED) is None and theirs.text != mine.text
    assert route.count(token) == 2  # one each: the key of one caller is not the other's


def assert_no_key_creates_each_time(gateway: InProcessGateway, route: CreateRoute, token: str) -> None:
    for _ in range(2):
        answer = gateway.request("POST", route.path, json_body=route.body, token=token)
        assert answer.status_code == route.created and answer.header(REPLAYED) is None
    assert route.count(token) == 2


def assert_a_bad_key_is_400(gateway: InProcessGateway, route: CreateRoute, token: str) -> None:
    for bad in ("x" * 256, "tab\there", "caf\u00e9"):
        answer = post(gateway, route, token, bad, route.body)
        assert answer.status_code == 400, (bad, answer.text)
        assert answer.json()["error"]["details"][0]["field"] == "Idempotency-Key"
    assert route.count(token) == 0
