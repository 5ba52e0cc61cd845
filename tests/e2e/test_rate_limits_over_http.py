"""Rate limits over HTTP, on the stack deployed with the template's defaults (seed 004's table):
an API client's sixth remediation in a minute is 429 with `Retry-After` and the `X-RateLimit-*`
headers, and a client id's sixth failed token request is 429 `slow_down`."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import ApiClient

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory

WINDOW = 60
RESTART = {"action": "restart_service", "parameters": {"service_name": "api-service", "environment": "production"}}
LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@pytest.fixture(scope="module")
def api(auto_triage_stack: DeployedStack) -> Iterator[ApiClient]:
    """The API of the stack deployed with the template's default parameters (rate limits included)."""
    client = ApiClient(auto_triage_stack.api_url)
    yield client
    client.session.close()


@pytest.fixture
def window_end() -> int:
    """Wait until the current minute has 25 s left at least (the requests must share a window); its end."""
    while WINDOW - time.time() % WINDOW < 25:
        time.sleep(0.5)
    return int(time.time()) // WINDOW * WINDOW + WINDOW


def make_client(api: ApiClient, admin: str, permissions: list[str]) -> dict[str, Any]:
    made = api.post("/clients", json={"name": "runbook-bot", "permissions": permissions}, token=admin)
    assert made.status_code == 201, made.text
    client: dict[str, Any] = made.json()["data"]
    return client


def test_the_sixth_remediation_in_a_minute_is_429_with_retry_after_and_the_headers(
    api: ApiClient, token: TokenFactory, window_end: int
) -> None:
    org = f"rl-{uuid.uuid4().hex[:10]}"
    client = make_client(api, token(org=org, roles=["admin"]), ["incidents:write", "actions:execute"])
    issued = api.session.post(
        api.url("/auth/token"),
        data={
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
        timeout=30,
    )
    assert issued.status_code == 200, issued.text
    bot = issued.json()["access_token"]
    incident = {
        "title": "api-service unhealthy",
        "description": "Health checks failing on 3 of 3 tasks",
        "severity": "high",
    }
    created = api.post("/incidents", json=incident, token=bot)
    assert created.status_code == 201, created.text
    assert (created.headers["X-RateLimit-Limit"], created.headers["X-RateLimit-Remaining"]) == ("100", "99")

    answers = [
        api.post(f"/incidents/{created.json()['data']['id']}/remediate", json=RESTART, token=bot) for _ in range(6)
    ]

    assert [answer.status_code for answer in answers] == [201] * 5 + [429], answers[-1].text
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers] == ["4", "3", "2", "1", "0", "0"]
    refused = answers[-1]
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert tuple(refused.headers[name] for name in LIMIT_HEADERS) == ("5", "0", str(window_end))
    assert 1 <= int(refused.headers["Retry-After"]) <= window_end - int(time.time()) + 1
    assert refused.headers["Content-Type"].startswith("application/json")


def test_a_client_ids_sixth_failed_token_request_is_slow_down(
    api: ApiClient, token: TokenFactory, window_end: int
) -> None:
    org = f"rl-{uuid.uuid4().hex[:10]}"
    client = make_client(api, token(org=org, roles=["admin"]), ["incidents:read"])
    guesses = [
        api.session.post(
            api.url("/auth/token"), data={"username": client["client_id"], "password": f"cs_guess{n}"}, timeout=30
        )
        for n in range(6)
    ]
    assert [guess.status_code for guess in guesses] == [401] * 5 + [429]
    assert [guess.headers["X-RateLimit-Remaining"] for guess in guesses] == ["4", "3", "2", "1", "0", "0"]
    assert guesses[-1].json()["error"] == "slow_down"
    assert 1 <= int(guesses[-1].headers["Retry-After"]) <= window_end - int(time.time()) + 1
