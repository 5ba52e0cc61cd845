"""Retries (429/503, Retry-After, transport failures), client-credentials tokens and typed errors,
against a faked API (httpx.MockTransport); the waits are recorded, not slept (conftest.py)."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import httpx
import pytest
from incident_api import (
    ApiConnectionError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)

from tests.unit.sdk.fake_api import FakeApi, access_token, api_error, documented, incident

INCIDENT = httpx.Response(200, json={"success": True, "data": incident(id="inc-1")})
CREATED = documented("/incidents", "post", 201)


def rate_limited(retry_after: str) -> httpx.Response:
    return api_error(429, "RATE_LIMITED", "Too many automation requests", **{"Retry-After": retry_after})


def test_429_waits_retry_after_then_succeeds_mock_transport(waits: list[float]) -> None:
    api = FakeApi().on("GET /incidents/inc-1", rate_limited("7"), rate_limited("3"), INCIDENT)
    with api.client() as client:
        assert client.incidents.get("inc-1").id == "inc-1"
    assert waits == [7.0, 3.0] and len(api.requests) == 3


def test_503_without_retry_after_backs_off_exponentially_mock_transport(waits: list[float]) -> None:
    busy = api_error(503, "SERVICE_UNAVAILABLE", "busy")
    api = FakeApi().on("GET /incidents/inc-1", busy, busy, busy, INCIDENT)
    policy = RetryPolicy(max_retries=3, backoff_base=1.0, backoff_max=3.0)
    with api.client(retry=policy) as client:
        client.incidents.get("inc-1")
    ceilings = [1.0, 2.0, 3.0]  # min(backoff_max, base * 2**attempt), full jitter below it
    assert len(waits) == 3 and all(0 <= wait <= ceiling for wait, ceiling in zip(waits, ceilings, strict=True))


def test_a_create_retried_after_503_keeps_its_idempotency_key_mock_transport() -> None:
    api = FakeApi().on(
        "POST /incidents", api_error(503, "SERVICE_UNAVAILABLE", "busy", **{"Retry-After": "1"}), CREATED
    )
    with api.client() as client:
        client.incidents.create(title="Disk full", description="srv01 /var at 100%", severity="high")
    first, second = api.requests
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.content == second.content


def test_retries_end_with_the_typed_error_mock_transport(waits: list[float]) -> None:
    api = FakeApi().on("GET /incidents/inc-1", rate_limited("1"))
    with api.client(retry=RetryPolicy(max_retries=2)) as client, pytest.raises(RateLimitError) as raised:
        client.incidents.get("inc-1")
    assert len(api.requests) == 3 and waits == [1.0, 1.0]
    assert raised.value.code == "RATE_LIMITED" and raised.value.retry_after == 1.0


def test_a_retry_after_longer_than_the_policy_allows_raises_at_once_mock_transport(waits: list[float]) -> None:
    api = FakeApi().on("GET /incidents/inc-1", rate_limited("120"))
    with api.client(retry=RetryPolicy(max_retry_after=60)) as client, pytest.raises(RateLimitError) as raised:
        client.incidents.get("inc-1")
    assert waits == [] and raised.value.retry_after == 120.0


def test_errors_carry_the_envelope_mock_transport() -> None:
    details = [{"field": "severity", "message": "must be one of low, medium, high, critical"}]
    api = (
        FakeApi()
        .on("POST /incidents", api_error(400, "VALIDATION_ERROR", "Invalid body", details=details, request_id="r-9"))
        .on("PUT /incidents/inc-1/status", api_error(409, "INVALID_TRANSITION", "closed can not become open"))
        .on("GET /incidents/inc-1", httpx.Response(500, text="upstream exploded"))
    )
    with api.client(retry=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(BadRequestError) as invalid:
            client.incidents.create(title="x", severity="urgent")
        with pytest.raises(ConflictError) as conflict:
            client.incidents.change_status("inc-1", "open")
        with pytest.raises(ServerError) as failed:
            client.incidents.get("inc-1")
    assert (invalid.value.code, invalid.value.message, invalid.value.details) == (
        "VALIDATION_ERROR",
        "Invalid body",
        details,
    )
    assert invalid.value.request_id == "r-9" and "r-9" in str(invalid.value)
    assert conflict.value.status_code == 409 and conflict.value.code == "INVALID_TRANSITION"
    assert failed.value.code == "HTTP_500" and failed.value.message == "upstream exploded"


def test_a_refused_connection_is_retried_then_raised_mock_transport(waits: list[float]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    api = FakeApi().on("GET /incidents/inc-1", refuse, refuse, INCIDENT)
    with api.client() as client:
        assert client.incidents.get("inc-1").id == "inc-1"
    api = FakeApi().on("GET /incidents/inc-1", refuse)
    with api.client(retry=RetryPolicy(max_retries=1)) as client, pytest.raises(ApiConnectionError):
        client.incidents.get("inc-1")
    assert len(waits) == 3


def test_a_post_that_may_have_arrived_is_not_repeated_without_a_key_mock_transport(waits: list[float]) -> None:
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    api = FakeApi().on("POST /incidents/inc-1/analyze", time_out).on("POST /incidents", time_out, CREATED)
    with api.client() as client:
        with pytest.raises(ApiConnectionError):
            client.incidents.analyze("inc-1")  # no Idempotency-Key: sending it again might run it twice
        client.incidents.create(title="Disk full", description="srv01 /var at 100%", severity="high")
    assert [request.url.path for request in api.requests] == ["/incidents/inc-1/analyze", "/incidents", "/incidents"]
    assert len(waits) == 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_client_credentials_get_a_token_and_a_new_one_before_it_expires_mock_transport() -> None:
    api = FakeApi().on("POST /auth/token", access_token("t-1", 3600), access_token("t-2", 3600))
    api.on("GET /incidents/inc-1", INCIDENT)
    with api.client(token=None, username="acme.cli_1", password="cs_secret", scope="incidents:read") as client:
        clock = Clock()
        client._core.credentials.clock = clock  # type: ignore[union-attr]
        client.incidents.get("inc-1")
        clock.now += 3000  # 10 minutes before expiry: still fresh
        client.incidents.get("inc-1")
        clock.now += 541  # within the refresh margin (60 s) of expiry: a new token first
        client.incidents.get("inc-1")
    token_requests = api.sent("POST /auth/token")
    assert len(token_requests) == 2
    form = parse_qs(token_requests[0].content.decode())
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": ["acme.cli_1"],
        "client_secret": ["cs_secret"],
        "scope": ["incidents:read"],
    }
    assert token_requests[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    bearers = [request.headers["Authorization"] for request in api.sent("GET /incidents/inc-1")]
    assert bearers == ["Bearer t-1", "Bearer t-1", "Bearer t-2"]


def test_a_refused_token_is_replaced_once_mock_transport() -> None:
    api = FakeApi().on("POST /auth/token", access_token("t-1"), access_token("t-2"))
    api.on("GET /incidents/inc-1", api_error(401, "UNAUTHORIZED", "token revoked"), INCIDENT)
    with api.client(token=None, client_id="acme.cli_1", client_secret="cs_secret") as client:
        client.incidents.get("inc-1")
    bearers = [request.headers["Authorization"] for request in api.sent("GET /incidents/inc-1")]
    assert bearers == ["Bearer t-1", "Bearer t-2"]


def test_wrong_client_credentials_raise_the_oauth_error_mock_transport() -> None:
    refused = httpx.Response(401, json={"error": "invalid_client", "error_description": "Client authentication failed"})
    api = FakeApi().on("POST /auth/token", refused)
    with (
        api.client(token=None, client_id="acme.cli_1", client_secret="wrong") as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.incidents.get("inc-1")
    assert raised.value.code == "invalid_client" and raised.value.message == "Client authentication failed"
    assert api.sent("GET /incidents/inc-1") == []


def test_the_token_answer_is_never_sent_with_a_bearer_mock_transport() -> None:
    api = FakeApi().on("POST /auth/token", access_token("t-1")).on("GET /incidents/inc-1", INCIDENT)
    with api.client(token=None, client_id="acme.cli_1", client_secret="cs_secret") as client:
        client.incidents.get("inc-1")
    [token_request] = api.sent("POST /auth/token")
    assert "Authorization" not in token_request.headers
    assert base64.b64encode(b"acme.cli_1:cs_secret").decode() not in str(token_request.headers)


@pytest.mark.parametrize(
    "options",
    [
        {"token": "t", "client_id": "c", "client_secret": "s"},
        {"token": None, "client_id": "c"},
        {"token": None, "client_id": "c", "username": "u", "client_secret": "s"},
    ],
)
def test_ambiguous_or_partial_credentials_are_refused(options: dict[str, str | None]) -> None:
    with pytest.raises(ValueError, match=r"client|token"):
        FakeApi().client(**options)
