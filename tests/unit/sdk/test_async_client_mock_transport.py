"""The async client against a faked API (httpx.MockTransport): the same calls as the sync one, awaited."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from incident_api import NotFoundError, models

from tests.unit.sdk.fake_api import FakeApi, access_token, api_error, documented, incident, incident_page, json_body


def test_async_list_iterates_across_pages_mock_transport() -> None:
    api = FakeApi().on(
        "GET /incidents",
        incident_page(["a", "b"], next_cursor="cursor-1"),
        incident_page(["c"], next_cursor=None),
    )

    async def scenario() -> list[str]:
        async with api.async_client() as client:
            return [each.id async for each in client.incidents.list(status="open", severity="high")]

    assert asyncio.run(scenario()) == ["a", "b", "c"]
    assert [request.url.params.get("cursor") for request in api.requests] == [None, "cursor-1"]
    assert all(request.url.params.get("severity") == "high" for request in api.requests)


def test_async_create_retries_429_with_the_same_key_mock_transport(waits: list[float]) -> None:
    limited = api_error(429, "RATE_LIMITED", "slow down", **{"Retry-After": "2"})
    api = FakeApi().on("POST /incidents", limited, documented("/incidents", "post", 201))

    async def scenario() -> models.Incident:
        async with api.async_client() as client:
            return await client.incidents.create(title="Disk full", description="srv01 /var at 100%", severity="high")

    created = asyncio.run(scenario())
    first, second = api.requests
    assert waits == [2.0] and first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert isinstance(created, models.Incident)


def test_async_client_credentials_and_typed_errors_mock_transport() -> None:
    api = FakeApi().on("POST /auth/token", access_token("t-1"))
    api.on("GET /incidents/inc-1", httpx.Response(200, json={"success": True, "data": incident(id="inc-1")}))

    async def scenario() -> None:
        async with api.async_client(token=None, username="acme.cli_1", password="cs_secret") as client:
            await client.incidents.get("inc-1")
            await client.incidents.get("inc-1")
            with pytest.raises(NotFoundError):
                await client.incidents.get("missing")

    asyncio.run(scenario())
    assert len(api.sent("POST /auth/token")) == 1
    assert {request.headers["Authorization"] for request in api.sent("GET /incidents/inc-1")} == {"Bearer t-1"}


def test_async_status_remediate_and_webhooks_mock_transport() -> None:
    answer = httpx.Response(200, json={"success": True, "data": incident(status="resolved")})
    api = (
        FakeApi()
        .on("PUT /incidents/inc-1/status", answer)
        .on("POST /incidents/inc-1/remediate", documented("/incidents/{id}/remediate", "post", 201))
        .on("POST /webhooks", documented("/webhooks", "post", 201))
    )

    async def scenario() -> str:
        async with api.async_client() as client:
            await client.incidents.change_status("inc-1", "resolved", classification="true_positive")
            await client.incidents.remediate("inc-1", "restart_service", {"service_name": "api"}, reason="hung")
            webhook = await client.webhooks.create(name="SIEM", url="https://siem.example/h", events=["*"])
            return webhook.secret

    assert asyncio.run(scenario()).startswith("whsec_")
    status, remediate, subscribe = api.requests
    assert json_body(status) == {"status": "resolved", "classification": "true_positive"}
    assert json_body(remediate) == {
        "action": "restart_service",
        "parameters": {"service_name": "api"},
        "reason": "hung",
    }
    assert remediate.headers["Idempotency-Key"] and subscribe.headers["Idempotency-Key"]
