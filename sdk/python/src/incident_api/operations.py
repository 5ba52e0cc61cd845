"""Every call the SDK makes, as data: method, path, query, body, headers, and how to read the answer.

The sync and async clients run the same `Call`s; only the sending differs. Answers are read into
the models generated from `openapi.json` (`incident_api.models`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict
from urllib.parse import quote

import httpx
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from incident_api import models

IDEMPOTENCY_KEY = "Idempotency-Key"
NO_BODY: Any = None

Body = BaseModel | Mapping[str, Any] | None
Version = int | str | None  # for If-Match: an incident's `version` (3) or the ETag as read ('"3"')


@dataclass(frozen=True)
class Call[T]:
    method: str
    path: str
    read: Callable[[httpx.Response], T]
    params: tuple[tuple[str, str], ...] = ()
    body: Any = NO_BODY  # JSON-ready
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page[T]:
    """One page of a list: its items, and the cursor of the next one while `has_more`."""

    items: list[T]
    next_cursor: str | None
    has_more: bool
    total: int | None = None


def segment(value: str) -> str:
    """A path segment, escaped (an id is never read as more of the path)."""
    return quote(value, safe="")


def body_of(body: Body, fields: Mapping[str, Any]) -> Any:
    """A request body: a generated model (the fields set in it), a mapping, and keyword fields on top.
    A keyword field given as None is sent as null (it clears that field on an update)."""
    if isinstance(body, BaseModel):
        merged = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    else:
        merged = dict(body or {})
    merged.update(fields)
    return to_jsonable_python(merged, by_alias=True)


def given(**fields: Any) -> dict[str, Any]:
    """The named fields that were given (not None)."""
    return {name: value for name, value in fields.items() if value is not None}


def query(filters: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Query parameters: None left out, a sequence as the parameter repeated, dates in ISO 8601."""
    pairs: list[tuple[str, str]] = []
    for name, value in filters.items():
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        pairs.extend((name, _query_value(item)) for item in values if item is not None)
    return tuple(pairs)


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def if_match(version: Version) -> dict[str, str]:
    if version is None:
        return {}
    text = str(version)
    return {"If-Match": text if text.startswith(('"', "W/")) else f'"{text}"'}


def _read[M: BaseModel](model: type[M]) -> Callable[[httpx.Response], M]:
    def read(response: httpx.Response) -> M:
        return model.model_validate_json(response.content)

    return read


# --- incidents ------------------------------------------------------------------------------


def list_incidents(filters: Mapping[str, Any], cursor: str | None) -> Call[Page[models.Incident]]:
    def read(response: httpx.Response) -> Page[models.Incident]:
        page = models.IncidentPage.model_validate_json(response.content)
        return Page(page.data, page.meta.next_cursor, page.meta.has_more, page.meta.total)

    return Call("GET", "/incidents", read, params=query({**filters, "cursor": cursor}))


def create_incident(body: Any, *, idempotency_key: str) -> Call[models.Incident]:
    read = _read(models.CreatedIncident)
    return Call("POST", "/incidents", lambda r: read(r).data, body=body, headers={IDEMPOTENCY_KEY: idempotency_key})


def get_incident(incident_id: str) -> Call[models.Incident]:
    read = _read(models.EnvelopeIncident)
    return Call("GET", f"/incidents/{segment(incident_id)}", lambda r: read(r).data)


def update_incident(incident_id: str, body: Any, *, version: Version) -> Call[models.Incident]:
    read = _read(models.EnvelopeIncident)
    path = f"/incidents/{segment(incident_id)}"
    return Call("PATCH", path, lambda r: read(r).data, body=body, headers=if_match(version))


def change_status(incident_id: str, body: Any, *, version: Version) -> Call[models.Incident]:
    read = _read(models.EnvelopeIncident)
    path = f"/incidents/{segment(incident_id)}/status"
    return Call("PUT", path, lambda r: read(r).data, body=body, headers=if_match(version))


def delete_incident(incident_id: str, *, version: Version) -> Call[models.DeletedIncident]:
    read = _read(models.EnvelopeDeletedIncident)
    path = f"/incidents/{segment(incident_id)}"
    return Call("DELETE", path, lambda r: read(r).data, headers=if_match(version))


def triage(incident_id: str, body: Any, *, wait_seconds: int | None) -> Call[models.TriageRun]:
    read = _read(models.EnvelopeTriageRun)
    headers = {} if wait_seconds is None else {"Prefer": f"wait={wait_seconds}"}
    return Call("POST", f"/incidents/{segment(incident_id)}/triage", lambda r: read(r).data, body=body, headers=headers)


def analyze(incident_id: str) -> Call[models.IncidentAnalysis]:
    read = _read(models.EnvelopeIncidentAnalysis)
    return Call("POST", f"/incidents/{segment(incident_id)}/analyze", lambda r: read(r).data)


def remediate(incident_id: str, body: Any, *, idempotency_key: str) -> Call[models.Remediation]:
    read = _read(models.EnvelopeRemediation)
    path = f"/incidents/{segment(incident_id)}/remediate"
    return Call("POST", path, lambda r: read(r).data, body=body, headers={IDEMPOTENCY_KEY: idempotency_key})


# --- webhooks -------------------------------------------------------------------------------


def create_webhook(body: Any, *, idempotency_key: str) -> Call[models.WebhookWithSecret]:
    read = _read(models.EnvelopeWebhookWithSecret)
    return Call("POST", "/webhooks", lambda r: read(r).data, body=body, headers={IDEMPOTENCY_KEY: idempotency_key})


def list_webhooks() -> Call[list[models.Webhook]]:
    read = _read(models.WebhookList)
    return Call("GET", "/webhooks", lambda r: read(r).data)


def get_webhook(webhook_id: str) -> Call[models.Webhook]:
    read = _read(models.EnvelopeWebhook)
    return Call("GET", f"/webhooks/{segment(webhook_id)}", lambda r: read(r).data)


def update_webhook(webhook_id: str, body: Any, *, version: Version) -> Call[models.Webhook]:
    read = _read(models.EnvelopeWebhook)
    path = f"/webhooks/{segment(webhook_id)}"
    return Call("PATCH", path, lambda r: read(r).data, body=body, headers=if_match(version))


def delete_webhook(webhook_id: str) -> Call[models.WebhookDeleted]:
    read = _read(models.EnvelopeWebhookDeleted)
    return Call("DELETE", f"/webhooks/{segment(webhook_id)}", lambda r: read(r).data)


def rotate_webhook_secret(webhook_id: str) -> Call[models.WebhookSecretRotated]:
    read = _read(models.EnvelopeWebhookSecretRotated)
    return Call("POST", f"/webhooks/{segment(webhook_id)}/rotate-secret", lambda r: read(r).data)


def send_webhook_test(webhook_id: str) -> Call[models.WebhookTestQueued]:
    read = _read(models.EnvelopeWebhookTestQueued)
    return Call("POST", f"/webhooks/{segment(webhook_id)}/test", lambda r: read(r).data)


def list_deliveries(webhook_id: str, filters: Mapping[str, Any], cursor: str | None) -> Call[Page[models.Delivery]]:
    def read(response: httpx.Response) -> Page[models.Delivery]:
        page = models.ListEnvelopeDelivery.model_validate_json(response.content)
        return Page(page.data, page.meta.next_cursor, page.meta.has_more, page.meta.total)

    path = f"/webhooks/{segment(webhook_id)}/deliveries"
    return Call("GET", path, read, params=query({**filters, "cursor": cursor}))


def get_delivery(webhook_id: str, delivery_id: str) -> Call[models.DeliveryWithAttempts]:
    read = _read(models.EnvelopeDeliveryWithAttempts)
    return Call("GET", f"/webhooks/{segment(webhook_id)}/deliveries/{segment(delivery_id)}", lambda r: read(r).data)


def redeliver(webhook_id: str, delivery_id: str) -> Call[models.RedeliveryQueued]:
    read = _read(models.EnvelopeRedeliveryQueued)
    path = f"/webhooks/{segment(webhook_id)}/deliveries/{segment(delivery_id)}/redeliver"
    return Call("POST", path, lambda r: read(r).data)


def webhook_stats(webhook_id: str) -> Call[models.WebhookStats]:
    read = _read(models.EnvelopeWebhookStats)
    return Call("GET", f"/webhooks/{segment(webhook_id)}/stats", lambda r: read(r).data)


def list_query(filters: Mapping[str, Any]) -> dict[str, Any]:
    """A list's query parameters: the filters as given, `page_size` sent as `limit`."""
    query = dict(filters)
    query["limit"] = query.pop("page_size", None)
    return query


class IncidentFilters(TypedDict, total=False):
    """`GET /incidents`'s filters (a sequence for several values); `page_size` is its `limit`."""

    status: str | Sequence[str]
    severity: str | Sequence[str]
    incident_type: str
    source: str
    assigned_to: str
    assigned: str
    assigned_team: str
    tag: str
    q: str
    created_after: str | date | datetime
    created_before: str | date | datetime
    sort: str
    order: str
    page_size: int


class DeliveryFilters(TypedDict, total=False):
    """`GET /webhooks/{id}/deliveries`'s filters; `page_size` is its `limit`."""

    status: str
    event: str
    page_size: int
