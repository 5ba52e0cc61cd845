"""`client.incidents` and `client.webhooks` of the sync client.

Bodies are given as keyword fields (seed 004's style: `create(title=..., severity="high")`), as a
generated model (`models.IncidentCreate(...)`), as a mapping, or a model/mapping with keyword
fields on top; the API validates them. Lists iterate across pages by themselves.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, Unpack

from incident_api import models, operations
from incident_api.operations import Body, Call, DeliveryFilters, IncidentFilters, Page, Version, body_of, given


class Executor(Protocol):
    def execute[T](self, call: Call[T]) -> T: ...


def new_idempotency_key() -> str:
    """A fresh Idempotency-Key: the same one is sent again by every retry of one create."""
    return str(uuid.uuid4())


def iterate_pages[T](client: Executor, page: Callable[[str | None], Call[Page[T]]]) -> Iterator[Page[T]]:
    """Page after page, following `meta.next_cursor` while `meta.has_more`."""
    cursor: str | None = None
    while True:
        current = client.execute(page(cursor))
        yield current
        if not current.has_more or not current.next_cursor:
            return
        cursor = current.next_cursor


def iterate_items[T](pages: Iterator[Page[T]]) -> Iterator[T]:
    for page in pages:
        yield from page.items


class Incidents:
    def __init__(self, client: Executor) -> None:
        self._client = client

    def pages(self, **filters: Unpack[IncidentFilters]) -> Iterator[Page[models.Incident]]:
        """The pages of `GET /incidents`, following `meta.next_cursor`."""
        query = operations.list_query(filters)
        return iterate_pages(self._client, lambda cursor: operations.list_incidents(query, cursor))

    def list(self, **filters: Unpack[IncidentFilters]) -> Iterator[models.Incident]:
        """Every incident matching the filters (those of `pages`), fetched page by page as you iterate."""
        return iterate_items(self.pages(**filters))

    def create(self, body: Body = None, /, *, idempotency_key: str | None = None, **fields: Any) -> models.Incident:
        """`POST /incidents`, with an Idempotency-Key (a new one unless given): a retry never creates twice."""
        call = operations.create_incident(
            body_of(body, fields), idempotency_key=idempotency_key or new_idempotency_key()
        )
        return self._client.execute(call)

    def get(self, incident_id: str) -> models.Incident:
        return self._client.execute(operations.get_incident(incident_id))

    def update(
        self, incident_id: str, body: Body = None, /, *, if_match: Version = None, **fields: Any
    ) -> models.Incident:
        """`PATCH /incidents/{id}`: only the fields given change (None clears one); `if_match`: the version read."""
        return self._client.execute(operations.update_incident(incident_id, body_of(body, fields), version=if_match))

    def change_status(
        self,
        incident_id: str,
        status: str,
        *,
        classification: str | None = None,
        resolution: str | None = None,
        note: str | None = None,
        if_match: Version = None,
        **fields: Any,
    ) -> models.Incident:
        """`PUT /incidents/{id}/status`: move it through the lifecycle."""
        body = given(status=status, classification=classification, resolution=resolution, note=note) | fields
        return self._client.execute(operations.change_status(incident_id, body_of(None, body), version=if_match))

    def delete(self, incident_id: str, *, if_match: Version = None) -> models.DeletedIncident:
        return self._client.execute(operations.delete_incident(incident_id, version=if_match))

    def triage(
        self,
        incident_id: str,
        *,
        playbook: str | None = None,
        force: bool | None = None,
        wait_seconds: int | None = None,
    ) -> models.TriageRun:
        """`POST /incidents/{id}/triage`; `wait_seconds` asks for the finished run (`Prefer: wait=`)."""
        body = body_of(None, given(playbook=playbook, force=force))
        return self._client.execute(operations.triage(incident_id, body, wait_seconds=wait_seconds))

    def analyze(self, incident_id: str) -> models.IncidentAnalysis:
        return self._client.execute(operations.analyze(incident_id))

    def remediate(
        self,
        incident_id: str,
        action: str,
        parameters: dict[str, Any] | None = None,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
    ) -> models.Remediation:
        """`POST /incidents/{id}/remediate`: one of the catalog's actions, with an Idempotency-Key."""
        body = body_of(None, given(action=action, parameters=parameters or {}, reason=reason))
        key = idempotency_key or new_idempotency_key()
        return self._client.execute(operations.remediate(incident_id, body, idempotency_key=key))


class Webhooks:
    def __init__(self, client: Executor) -> None:
        self._client = client

    def create(
        self,
        body: Body = None,
        /,
        *,
        name: str | None = None,
        url: str | None = None,
        events: Sequence[str] | None = None,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> models.WebhookWithSecret:
        """`POST /webhooks`: the answer is the only one that shows the signing `secret`."""
        payload = body_of(body, given(name=name, url=url, events=events) | fields)
        key = idempotency_key or new_idempotency_key()
        return self._client.execute(operations.create_webhook(payload, idempotency_key=key))

    def list(self) -> builtins.list[models.Webhook]:
        return self._client.execute(operations.list_webhooks())

    def get(self, webhook_id: str) -> models.Webhook:
        return self._client.execute(operations.get_webhook(webhook_id))

    def update(
        self, webhook_id: str, body: Body = None, /, *, if_match: Version = None, **fields: Any
    ) -> models.Webhook:
        return self._client.execute(operations.update_webhook(webhook_id, body_of(body, fields), version=if_match))

    def delete(self, webhook_id: str) -> models.WebhookDeleted:
        return self._client.execute(operations.delete_webhook(webhook_id))

    def rotate_secret(self, webhook_id: str) -> models.WebhookSecretRotated:
        return self._client.execute(operations.rotate_webhook_secret(webhook_id))

    def send_test(self, webhook_id: str) -> models.WebhookTestQueued:
        return self._client.execute(operations.send_webhook_test(webhook_id))

    def deliveries(self, webhook_id: str, **filters: Unpack[DeliveryFilters]) -> Iterator[models.Delivery]:
        """The subscription's deliveries, newest first, across pages."""
        query = operations.list_query(filters)
        return iterate_items(
            iterate_pages(self._client, lambda cursor: operations.list_deliveries(webhook_id, query, cursor))
        )

    def delivery(self, webhook_id: str, delivery_id: str) -> models.DeliveryWithAttempts:
        return self._client.execute(operations.get_delivery(webhook_id, delivery_id))

    def redeliver(self, webhook_id: str, delivery_id: str) -> models.RedeliveryQueued:
        return self._client.execute(operations.redeliver(webhook_id, delivery_id))

    def stats(self, webhook_id: str) -> models.WebhookStats:
        return self._client.execute(operations.webhook_stats(webhook_id))
