"""`client.incidents` and `client.webhooks` of the async client: the sync surface (`resources.py`), awaited.

Lists are async iterators: `async for incident in client.incidents.list(status="open")`.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Protocol, Unpack

from incident_api import models, operations
from incident_api.operations import Body, Call, DeliveryFilters, IncidentFilters, Page, Version, body_of, given
from incident_api.resources import new_idempotency_key


class AsyncExecutor(Protocol):
    async def execute[T](self, call: Call[T]) -> T: ...


async def iterate_pages[T](
    client: AsyncExecutor, page: Callable[[str | None], Call[Page[T]]]
) -> AsyncIterator[Page[T]]:
    cursor: str | None = None
    while True:
        current = await client.execute(page(cursor))
        yield current
        if not current.has_more or not current.next_cursor:
            return
        cursor = current.next_cursor


async def iterate_items[T](pages: AsyncIterator[Page[T]]) -> AsyncIterator[T]:
    async for page in pages:
        for item in page.items:
            yield item


class AsyncIncidents:
    def __init__(self, client: AsyncExecutor) -> None:
        self._client = client

    def pages(self, **filters: Unpack[IncidentFilters]) -> AsyncIterator[Page[models.Incident]]:
        """The pages of `GET /incidents`, following `meta.next_cursor`."""
        query = operations.list_query(filters)
        return iterate_pages(self._client, lambda cursor: operations.list_incidents(query, cursor))

    def list(self, **filters: Unpack[IncidentFilters]) -> AsyncIterator[models.Incident]:
        return iterate_items(self.pages(**filters))

    async def create(
        self, body: Body = None, /, *, idempotency_key: str | None = None, **fields: Any
    ) -> models.Incident:
        call = operations.create_incident(
            body_of(body, fields), idempotency_key=idempotency_key or new_idempotency_key()
        )
        return await self._client.execute(call)

    async def get(self, incident_id: str) -> models.Incident:
        return await self._client.execute(operations.get_incident(incident_id))

    async def update(
        self, incident_id: str, body: Body = None, /, *, if_match: Version = None, **fields: Any
    ) -> models.Incident:
        return await self._client.execute(
            operations.update_incident(incident_id, body_of(body, fields), version=if_match)
        )

    async def change_status(
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
        body = given(status=status, classification=classification, resolution=resolution, note=note) | fields
        return await self._client.execute(operations.change_status(incident_id, body_of(None, body), version=if_match))

    async def delete(self, incident_id: str, *, if_match: Version = None) -> models.DeletedIncident:
        return await self._client.execute(operations.delete_incident(incident_id, version=if_match))

    async def triage(
        self,
        incident_id: str,
        *,
        playbook: str | None = None,
        force: bool | None = None,
        wait_seconds: int | None = None,
    ) -> models.TriageRun:
        body = body_of(None, given(playbook=playbook, force=force))
        return await self._client.execute(operations.triage(incident_id, body, wait_seconds=wait_seconds))

    async def analyze(self, incident_id: str) -> models.IncidentAnalysis:
        return await self._client.execute(operations.analyze(incident_id))

    async def remediate(
        self,
        incident_id: str,
        action: str,
        parameters: dict[str, Any] | None = None,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
    ) -> models.Remediation:
        body = body_of(None, given(action=action, parameters=parameters or {}, reason=reason))
        key = idempotency_key or new_idempotency_key()
        return await self._client.execute(operations.remediate(incident_id, body, idempotency_key=key))


class AsyncWebhooks:
    def __init__(self, client: AsyncExecutor) -> None:
        self._client = client

    async def create(
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
        payload = body_of(body, given(name=name, url=url, events=events) | fields)
        key = idempotency_key or new_idempotency_key()
        return await self._client.execute(operations.create_webhook(payload, idempotency_key=key))

    async def list(self) -> builtins.list[models.Webhook]:
        return await self._client.execute(operations.list_webhooks())

    async def get(self, webhook_id: str) -> models.Webhook:
        return await self._client.execute(operations.get_webhook(webhook_id))

    async def update(
        self, webhook_id: str, body: Body = None, /, *, if_match: Version = None, **fields: Any
    ) -> models.Webhook:
        return await self._client.execute(
            operations.update_webhook(webhook_id, body_of(body, fields), version=if_match)
        )

    async def delete(self, webhook_id: str) -> models.WebhookDeleted:
        return await self._client.execute(operations.delete_webhook(webhook_id))

    async def rotate_secret(self, webhook_id: str) -> models.WebhookSecretRotated:
        return await self._client.execute(operations.rotate_webhook_secret(webhook_id))

    async def send_test(self, webhook_id: str) -> models.WebhookTestQueued:
        return await self._client.execute(operations.send_webhook_test(webhook_id))

    def deliveries(self, webhook_id: str, **filters: Unpack[DeliveryFilters]) -> AsyncIterator[models.Delivery]:
        query = operations.list_query(filters)
        return iterate_items(
            iterate_pages(self._client, lambda cursor: operations.list_deliveries(webhook_id, query, cursor))
        )

    async def delivery(self, webhook_id: str, delivery_id: str) -> models.DeliveryWithAttempts:
        return await self._client.execute(operations.get_delivery(webhook_id, delivery_id))

    async def redeliver(self, webhook_id: str, delivery_id: str) -> models.RedeliveryQueued:
        return await self._client.execute(operations.redeliver(webhook_id, delivery_id))

    async def stats(self, webhook_id: str) -> models.WebhookStats:
        return await self._client.execute(operations.webhook_stats(webhook_id))
