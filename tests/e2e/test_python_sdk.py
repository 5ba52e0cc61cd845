"""The Python SDK (`sdk/python`, import `incident_api`) against the stack in MiniStack.

Create an incident, page through 250, change a status, subscribe a webhook and verify a real
delivery with `verify_webhook`, hit the remediation rate limit (429) and recover by waiting its
`Retry-After`, and run the README's "SDKs" block (seed 004's example) as printed, but for the
URL and an API client's id and secret.

The 429 test runs on `auto_triage_stack` (the template's default limits: 5 remediations a minute
per caller). The SDK waits out `Retry-After`, so that test may wait up to a minute, once.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from incident_api import AsyncIncidentClient, IncidentClient, RetryPolicy, models, verify_webhook

from tests.e2e.conftest import HTTP_TIMEOUT, REPO_ROOT
from tests.support.receiver import Receiver, webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

INCIDENTS_TO_PAGE = 250
PAGE_SIZE = 100
CONCURRENT_CREATES = 8
ROUTER_CACHE_SECONDS = 1.5  # the local config caches subscriptions for 1 s
AUTOMATION_LIMIT = 5  # the template's RateLimitAutomation default
README = REPO_ROOT / "README.md"
SDK_HEADING = "## SDKs"


@pytest.fixture
def org() -> str:
    return f"sdk-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def client(stack: DeployedStack, token: TokenFactory, org: str) -> Iterator[IncidentClient]:
    with _http() as http, IncidentClient(stack.api_url, token=token(org=org), http_client=http) as sdk:
        yield sdk


def _http(**options: Any) -> httpx.Client:
    return httpx.Client(timeout=HTTP_TIMEOUT, trust_env=False, **options)  # never 127.0.0.1 through a proxy


def incident_fields(number: int) -> dict[str, Any]:
    return {
        "title": f"SDK paging incident {number:03d}",
        "description": f"Created by the SDK e2e test, number {number}",
        "severity": "high" if number % 2 else "low",
    }


def test_create_get_and_change_status(client: IncidentClient) -> None:
    created = client.incidents.create(incident_fields(1), tags=["sdk"])
    assert isinstance(created, models.Incident) and created.status == models.StatusModel.open
    assert client.incidents.get(created.id).tags == ["sdk"]
    investigating = client.incidents.change_status(created.id, "investigating", if_match=created.version)
    resolved = client.incidents.change_status(
        created.id,
        "resolved",
        classification="true_positive",
        resolution="Pool resized",
        if_match=investigating.version,
    )
    assert investigating.status == models.StatusModel.investigating and investigating.assigned_to
    assert resolved.status == models.StatusModel.resolved and resolved.version == investigating.version + 1


def test_list_pages_through_250_incidents(stack: DeployedStack, token: TokenFactory, org: str) -> None:
    caller = token(org=org)

    async def create_all() -> list[str]:
        gate = asyncio.Semaphore(CONCURRENT_CREATES)
        http = httpx.AsyncClient(timeout=HTTP_TIMEOUT, trust_env=False)
        async with AsyncIncidentClient(stack.api_url, token=caller, http_client=http) as sdk:

            async def create(number: int) -> str:
                async with gate:
                    return (await sdk.incidents.create(**incident_fields(number))).id

            created = await asyncio.gather(*(create(number) for number in range(INCIDENTS_TO_PAGE)))
        await http.aclose()
        return list(created)

    created_ids = asyncio.run(create_all())
    with _http() as http, IncidentClient(stack.api_url, token=caller, http_client=http) as sdk:
        pages = list(sdk.incidents.pages(page_size=PAGE_SIZE))
        listed = [incident.id for page in pages for incident in page.items]
        high = list(sdk.incidents.list(status="open", severity="high", page_size=PAGE_SIZE))
    assert [len(page.items) for page in pages if page.items] == [100, 100, 50]
    assert len(listed) == len(set(listed)) == INCIDENTS_TO_PAGE and set(listed) == set(created_ids)
    assert len(high) == INCIDENTS_TO_PAGE // 2 and {incident.severity for incident in high} == {models.Severity.high}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def test_a_webhook_delivery_verifies_with_the_sdk(client: IncidentClient, receiver: Receiver) -> None:
    webhook = client.webhooks.create(name="sdk e2e", url=receiver.url, events=["incident.created"])
    assert [each.id for each in client.webhooks.list()] == [webhook.id]
    time.sleep(ROUTER_CACHE_SECONDS)
    created = client.incidents.create(incident_fields(2))
    [received] = receiver.wait_for(1, timeout=20)
    event = verify_webhook(webhook.secret, received.headers, received.body)
    assert (event.event, event.event_type, event.data["incident_id"]) == (
        "incident.created",
        "INCIDENT_CREATED",
        created.id,
    )
    only_seed_004_signature = {"X-Signature-256": received.headers["x-signature-256"]}
    assert verify_webhook(webhook.secret, only_seed_004_signature, received.body).id == event.id
    deliveries = _wait_for_deliveries(client, webhook.id)
    assert deliveries[0].id == received.headers["webhook-id"]


def _wait_for_deliveries(client: IncidentClient, webhook_id: str, timeout: float = 20) -> list[models.Delivery]:
    deadline = time.monotonic() + timeout
    while True:
        delivered = list(client.webhooks.deliveries(webhook_id, status="delivered"))
        if delivered or time.monotonic() > deadline:
            return delivered
        time.sleep(0.25)


def test_the_remediation_rate_limit_is_waited_out(
    auto_triage_stack: DeployedStack, token: TokenFactory, org: str
) -> None:
    """One caller sends one remediation more than its limit: the API answers 429 with `Retry-After`,
    the SDK waits that long (up to a minute) and the request then succeeds."""
    statuses: list[int] = []
    retry_after: list[str] = []

    def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)
        if response.status_code == 429:
            retry_after.append(response.headers["Retry-After"])

    policy = RetryPolicy(max_retries=2, max_retry_after=61)
    results: list[models.Remediation] = []
    with (
        _http(event_hooks={"response": [record]}) as http,
        IncidentClient(auto_triage_stack.api_url, token=token(org=org), http_client=http, retry=policy) as sdk,
    ):
        incident = sdk.incidents.create(incident_fields(3))
        # The limit counts per minute of the clock: the calls may straddle two windows, so go on
        # until one is refused (at most twice the limit, and one more).
        for number in range(2 * AUTOMATION_LIMIT + 1):
            results.append(sdk.incidents.remediate(incident.id, "restart_service", {"service_name": f"api-{number}"}))
            if 429 in statuses:
                break
    assert statuses.count(429) == 1, statuses
    assert 0 < int(retry_after[0]) <= 60
    assert statuses[-1] == 201 and len({result.action_id for result in results}) == len(results) > AUTOMATION_LIMIT


def readme_example() -> str:
    text = README.read_text()
    block = re.search(r"```python\n(.*?)```", text[text.index(SDK_HEADING) :], re.DOTALL)
    assert block, f"no python block under {SDK_HEADING!r} in README.md"
    return block.group(1)


def test_the_readme_sdk_example_runs_as_printed(
    stack: DeployedStack, token: TokenFactory, api: ApiClient, org: str
) -> None:
    """Seed 004's Python SDK example with the real package; an API client's id and secret sign in."""
    admin = token(org=org, roles=["admin"])
    permissions = ["incident:read", "incident:write", "automation:execute"]
    answer = api.post("/clients", json={"name": "sdk readme", "permissions": permissions}, token=admin)
    assert answer.status_code == 201, answer.text
    credentials = answer.json()["data"]
    code = readme_example()
    assert code.startswith("from incident_api import IncidentClient\n")
    for printed, actual in [
        ("https://api.incident-mgmt.com", stack.api_url),
        ("your-username", credentials["client_id"]),
        ("your-password", credentials["client_secret"]),
    ]:
        quoted = [mark + printed + mark for mark in "'\"" if mark + printed + mark in code]  # as ruff formats it
        assert quoted, printed
        code = code.replace(quoted[0], repr(actual))
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md (SDKs)", "exec"), namespace)
    incident, result = namespace["incident"], namespace["result"]
    client: IncidentClient = namespace["client"]
    assert client.incidents.get(incident.id).status == models.StatusModel.investigating
    assert result.incident_id == incident.id and result.result.action == "restart_service"
    # The list is lazy: read now, the org's one incident is investigating, no longer open.
    assert [each.id for each in namespace["incidents"]] == []
    client.close()
