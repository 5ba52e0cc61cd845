"""The webhook routes answer what the OpenAPI document says, and their request schemas refuse what the API refuses.

Every route is called through its real handler over the in-memory fakes; each answer must
have the documented status and response headers and validate against the documented body
(the handler's response model in its envelope). The models' fields are the views' keys.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator
from pydantic import BaseModel, ValidationError

from incident_core.core.auth import Principal
from incident_core.core.errors import AppError
from incident_core.webhooks import delivery_log, subscriptions
from incident_core.webhooks.catalog import ALL_EVENTS, EVENT_CATALOG
from incident_core.webhooks.delivery import deliver
from incident_core.webhooks.models import (
    RESERVED_HEADERS,
    SUBSCRIBABLE_EVENT_TYPES,
    SUBSCRIBABLE_EVENTS,
    WebhookCreate,
    WebhookUpdate,
)
from incident_core.webhooks.responses import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DeliveryWithAttempts,
    Webhook,
    WebhookSecretRotated,
    WebhookStats,
    WebhookWithSecret,
)
from incident_core.webhooks.stats import stats_view
from scripts.dev_token import make_token
from tests.support.contract import documented_answer
from tests.support.fakes.webhooks import FakeWebhookSender, InMemoryDeliveryQueue, InMemoryWebhookRepository, receipt
from tests.support.gateway import InProcessGateway

PUBLIC_URL = "https://93.184.215.14/hooks/incidents"  # an address literal: no DNS in unit tests
ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset({"webhooks:read", "webhooks:write"}))


@dataclass
class WebhookApi:
    gateway: InProcessGateway
    repository: InMemoryWebhookRepository
    queue: InMemoryDeliveryQueue
    token: str

    def call(self, code_dir: str, method: str, path: str, **options: Any) -> dict[str, Any]:
        """The answer's body, checked against the route's documented status, headers and body."""
        response = self.gateway.request(method, path, token=self.token, **options)
        [route] = [route for route in self.gateway.function(code_dir).api.routes if route.method == method]
        return documented_answer(route, response)

    def deliver_next(self, *answers: Any) -> None:
        """The delivery worker's next attempt at the last queued delivery."""
        deliver(self.queue.sent[-1], repository=self.repository, sender=FakeWebhookSender(*answers))


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookApi]:
    repository, queue = InMemoryWebhookRepository(), InMemoryDeliveryQueue()
    monkeypatch.setattr(subscriptions, "get_webhook_repository", lambda: repository)
    monkeypatch.setattr(subscriptions, "get_delivery_queue", lambda: queue)
    monkeypatch.setattr(delivery_log, "get_delivery_queue", lambda: queue)
    token = make_token(secret=os.environ["JWT_SECRET"], org="acme", sub="alice", permissions=sorted(ADMIN.permissions))
    yield WebhookApi(InProcessGateway(), repository, queue, token)


def test_every_webhook_route_answers_as_documented(api: WebhookApi) -> None:
    headers = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    body = {"name": "SIEM", "url": PUBLIC_URL, "events": ["*"], "headers": headers}
    created = api.call("create_webhook", "POST", "/webhooks", json_body=body)["data"]
    path = f"/webhooks/{created['id']}"
    api.call("list_webhooks", "GET", "/webhooks")
    api.call("get_webhook", "GET", path)
    filtered = {"filters": {"min_severity": "high", "incident_types": ["phishing"]}, "description": "SOC"}
    api.call("update_webhook", "PATCH", path, json_body=filtered, headers={"If-Match": '"1"'})
    api.call("update_webhook", "PUT", path, json_body={"filters": None, "headers": None})
    api.call("rotate_webhook_secret", "POST", f"{path}/rotate-secret")
    queued = api.call("test_webhook", "POST", f"{path}/test")["data"]
    deliveries = f"{path}/deliveries"
    api.call("list_webhook_deliveries", "GET", deliveries, query={"status": "pending", "limit": 1})
    api.deliver_next(receipt(None))  # a transport error: retried later
    api.deliver_next(receipt(200))
    one = api.call("get_webhook_delivery", "GET", f"{deliveries}/{queued['delivery_id']}")["data"]
    assert [attempt["status_code"] for attempt in one["attempts"]] == [None, 200] and one["status"] == "delivered"
    api.call("list_webhook_deliveries", "GET", deliveries, query={"event": "webhook.test"})
    listed = api.call(
        "list_webhook_deliveries", "GET", deliveries, query={"status": "DELIVERED", "event": "WEBHOOK_TEST"}
    )
    assert [(item["attempts"], item["response_status"], item["error_message"]) for item in listed["data"]] == [
        (2, 200, None)
    ]
    api.call("redeliver_webhook_delivery", "POST", f"{deliveries}/{queued['delivery_id']}/redeliver")
    stats = api.call("get_webhook_stats", "GET", f"{path}/stats")["data"]
    assert stats["total_deliveries"] == 1 and stats["average_response_time_ms"] == stats["average_response_time"] == 12
    assert stats["events_by_type"] == {"WEBHOOK_TEST": 1} and stats["subscription_id"] == created["id"]
    api.call("update_webhook", "PATCH", path, json_body={"is_active": False})
    api.deliver_next()  # the redelivery, dropped: the subscription is disabled
    assert api.call("get_webhook_delivery", "GET", f"{deliveries}/{queued['delivery_id']}")["data"]["status"] == (
        "dropped"
    )
    api.call("delete_webhook", "DELETE", path)


def test_the_models_have_exactly_the_fields_of_the_views(api: WebhookApi) -> None:
    data = WebhookCreate.model_validate({"name": "SIEM", "url": PUBLIC_URL, "events": ["incident.created"]})
    created = subscriptions.create_webhook(principal=ADMIN, data=data, repository=api.repository)
    assert set(WebhookWithSecret.model_fields) == set(created) == {*subscriptions.PUBLIC_FIELDS, "secret"}
    assert set(Webhook.model_fields) == set(subscriptions.PUBLIC_FIELDS)
    rotated = subscriptions.rotate_secret(principal=ADMIN, webhook_id=created["id"], repository=api.repository)
    assert set(WebhookSecretRotated.model_fields) == set(rotated)
    subscriptions.send_test_event(principal=ADMIN, webhook_id=created["id"], repository=api.repository, queue=api.queue)
    api.deliver_next(receipt(503))
    [stored] = api.repository.deliveries.values()
    one = delivery_log.delivery_view(stored, with_attempts=True)
    assert set(Delivery.model_fields) == {*delivery_log.DELIVERY_FIELDS, "attempts"}
    assert set(Delivery.model_fields) == set(delivery_log.delivery_view(stored, with_attempts=False))
    assert set(DeliveryWithAttempts.model_fields) == set(one)
    assert set(DeliveryAttempt.model_fields) == set(one["attempts"][0])
    assert set(WebhookStats.model_fields) == set(stats_view("w", {}))
    assert typing.get_args(DeliveryStatus) == delivery_log.DELIVERY_STATUSES
    headers = {"Authorization": "x", "content-type": "application/json"}
    masked = Webhook.model_validate(subscriptions.public_view({**created, "headers": headers}))
    assert masked.headers == {"Authorization": "********", "content-type": "application/json"}


def test_the_event_names_of_the_schema_are_the_catalogue() -> None:
    assert set(SUBSCRIBABLE_EVENTS) == {*EVENT_CATALOG, ALL_EVENTS}
    assert set(SUBSCRIBABLE_EVENT_TYPES) == {name.replace(".", "_").upper() for name in EVENT_CATALOG}
    for name in SUBSCRIBABLE_EVENTS:
        WebhookCreate.model_validate({"name": "n", "url": PUBLIC_URL, "events": [name]})
    for name in SUBSCRIBABLE_EVENT_TYPES:
        created = WebhookCreate.model_validate({"name": "n", "url": PUBLIC_URL, "events": [name]})
        assert created.events == [name.lower().replace("_", ".", 1)]  # stored by its catalogue name


# Bodies the API refuses (by the model or by the service), each of which the schema must refuse too.
REFUSED_CREATES: list[dict[str, Any]] = [
    {"events": ["incident.exploded"]},
    {"events": []},
    {"name": "   "},
    {"url": "ftp://93.184.215.14/x"},
    {"url": "https://user:pw@93.184.215.14/x"},
    {"url": "https://93.184.215.14/a b"},
    {"url": "https://93.184.215.14/é"},
    {"headers": {"Bad Header": "x"}},
    {"headers": {"x": "a\nb"}},
    {"headers": {"x": "v" * 1025}},
    {"headers": {f"X-{number}": "v" for number in range(21)}},
    {"filters": {"incident_types": ["  "]}},
    {"timeout_seconds": 46},
    {"headers": {"Content-Type": "text/plain"}},
    {"headers": {"content-type": "application/xml"}},
    {"headers": {"CONTENT-TYPE": ""}},
    *({"headers": {spelling: "x"}} for name in RESERVED_HEADERS for spelling in (name, name.upper(), name.title())),
]
REFUSED_UPDATES = [{field: None} for field in ("name", "url", "events", "timeout_seconds", "max_retries", "is_active")]


def _refused_by_the_api(model: type[BaseModel], body: dict[str, Any], repository: InMemoryWebhookRepository) -> bool:
    try:
        if model is WebhookCreate:
            subscriptions.create_webhook(
                principal=ADMIN, data=WebhookCreate.model_validate(body), repository=repository
            )
        else:
            created = subscriptions.create_webhook(
                principal=ADMIN,
                data=WebhookCreate.model_validate({"name": "n", "url": PUBLIC_URL, "events": ["*"]}),
                repository=repository,
            )
            subscriptions.update_webhook(
                principal=ADMIN,
                webhook_id=created["id"],
                changes=WebhookUpdate.model_validate(body),
                repository=repository,
            )
    except (ValidationError, AppError):
        return True
    return False


@pytest.mark.parametrize(
    ("model", "body"),
    [(WebhookCreate, {"name": "SIEM", "url": PUBLIC_URL, "events": ["*"], **fields}) for fields in REFUSED_CREATES]
    + [(WebhookUpdate, fields) for fields in REFUSED_UPDATES],
)
def test_the_request_schemas_refuse_what_the_api_refuses(model: type[BaseModel], body: dict[str, Any]) -> None:
    assert _refused_by_the_api(model, body, InMemoryWebhookRepository())
    assert not OAS31Validator(model.model_json_schema()).is_valid(body)


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (WebhookCreate, {"name": "SIEM", "url": PUBLIC_URL, "events": ["incident.created", "action.failed"]}),
        (WebhookCreate, {"name": "x", "url": f"{PUBLIC_URL}?k=v#f", "events": ["*"], "headers": {"X-Key": "a b"}}),
        (WebhookUpdate, {"filters": None, "headers": None, "description": None}),
        (WebhookUpdate, {"headers": {"Authorization": "Bearer t"}, "is_active": False, "max_retries": 0}),
        # seed 004's subscription and change, as printed
        (
            WebhookCreate,
            {
                "name": "ITSM Integration",
                "url": PUBLIC_URL,
                "events": ["INCIDENT_CREATED", "INCIDENT_RESOLVED"],
                "headers": {"X-API-Key": "your-api-key", "Content-Type": "application/json"},
                "timeout_seconds": 30,
                "max_retries": 3,
            },
        ),
        (
            WebhookUpdate,
            {
                "name": "Updated ITSM Integration",
                "events": ["INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED"],
                "timeout_seconds": 45,
            },
        ),
        (WebhookUpdate, {"headers": {"content-type": "application/json"}, "is_active": True}),
    ],
)
def test_the_request_schemas_accept_what_the_api_accepts(model: type[BaseModel], body: dict[str, Any]) -> None:
    assert OAS31Validator(model.model_json_schema()).is_valid(body)
    assert not _refused_by_the_api(model, body, InMemoryWebhookRepository())
