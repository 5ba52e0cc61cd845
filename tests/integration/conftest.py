"""Integration tests: the real handlers, in-process, against moto's DynamoDB."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from incident_core.analytics.repository import get_analytics_repository
from incident_core.clients.repository import get_client_repository
from incident_core.collaboration.repository import get_collaboration_repository
from incident_core.core.settings import get_settings
from incident_core.http import rate_limits
from incident_core.incidents.repository import get_repository
from incident_core.integrations.repository import get_integration_key_repository
from incident_core.search.store import get_search_index
from incident_core.sla.repository import get_policy_cache, get_sla_repository
from incident_core.storage.idempotency import get_idempotency_store
from incident_core.storage.rate_counters import WINDOW_SECONDS, get_rate_counter_store
from incident_core.triage.queue import get_triage_queue
from incident_core.triage.repository import get_triage_repository
from incident_core.webhooks.queue import get_delivery_queue
from incident_core.webhooks.repository import get_webhook_repository
from incident_core.webhooks.worker import get_webhook_sender
from scripts.dev_token import ALL_PERMISSIONS, make_token
from tests.support.gateway import InProcessGateway
from tests.support.moto_atomic import one_request_at_a_time
from tests.support.template import table_definition

TABLE = "incidents-it"
RATE_LIMIT_TABLE = "rate-limits-it"
QUEUE = "deliveries-it"
TRIAGE_QUEUE = "triage-it"
SECRET = "integration-secret-0123456789abcdef0123"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("RATE_LIMIT_TABLE_NAME", RATE_LIMIT_TABLE)  # the template's default limits
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("ENVIRONMENT", "aws")
    monkeypatch.setenv("ALLOW_INSECURE_WEBHOOK_TARGETS", "true")
    monkeypatch.setenv("SUBSCRIPTION_CACHE_SECONDS", "0")
    with mock_aws(), one_request_at_a_time():
        boto3.client("dynamodb").create_table(TableName=TABLE, **table_definition())
        boto3.client("dynamodb").create_table(TableName=RATE_LIMIT_TABLE, **table_definition("RateLimitTable"))
        queue_url = boto3.client("sqs").create_queue(QueueName=QUEUE)["QueueUrl"]
        monkeypatch.setenv("DELIVERY_QUEUE_URL", queue_url)
        triage_url = boto3.client("sqs").create_queue(QueueName=TRIAGE_QUEUE)["QueueUrl"]
        monkeypatch.setenv("TRIAGE_QUEUE_URL", triage_url)
        _clear_caches()
        yield
    _clear_caches()


LIMITER_STOPPED_AT = 1_800_000_045.0  # 45 s into a minute: its window ends at 1_800_000_060


@pytest.fixture
def fresh_minute(monkeypatch: pytest.MonkeyPatch) -> int:
    """The rate limiter's clock stopped 45 s into a minute (faked clock; tokens and storage keep the real
    one), so a test's requests fall in one fixed window however slowly they run and whenever it starts;
    the end of that minute's window."""
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: LIMITER_STOPPED_AT))
    return int(LIMITER_STOPPED_AT) // WINDOW_SECONDS * WINDOW_SECONDS + WINDOW_SECONDS


RATE_LIMITED_CLASSES = ("READS", "WRITES", "DELETES", "AUTOMATION", "AUTHENTICATION")


def lift_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rate limit at all (0 for every class), for suites that send hundreds of requests as one
    caller to test something else (security, faults); the limits have tests of their own."""
    for name in RATE_LIMITED_CLASSES:
        monkeypatch.setenv(f"RATE_LIMIT_{name}", "0")


def _clear_caches() -> None:
    for cached in (
        get_settings,
        get_repository,
        get_webhook_repository,
        get_delivery_queue,
        get_triage_queue,
        get_triage_repository,
        get_collaboration_repository,
        get_webhook_sender,
        get_idempotency_store,
        get_client_repository,
        get_rate_counter_store,
        get_analytics_repository,
        get_integration_key_repository,
        get_sla_repository,
        get_policy_cache,
        get_search_index,
    ):
        cached.cache_clear()


@pytest.fixture
def gateway(aws: None) -> InProcessGateway:
    return InProcessGateway()


TokenFactory = Callable[..., str]


@pytest.fixture
def token() -> TokenFactory:
    def factory(
        org: str = "acme",
        sub: str = "alice",
        scopes: list[str] | None = None,
        roles: list[str] | None = None,
        ttl: int = 3600,
    ) -> str:
        permissions = list(ALL_PERMISSIONS) if scopes is None and roles is None else scopes
        return make_token(secret=SECRET, org=org, sub=sub, permissions=permissions, roles=roles, ttl=ttl)

    return factory
