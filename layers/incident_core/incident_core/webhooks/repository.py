"""Storage of webhook subscriptions, deliveries and statistics: the interface, and DynamoDB.

Keys (same table as incidents, all in `incident_core.storage.keys`):
- subscription: `ORG#<org>#WEBHOOKS` / `WEBHOOK#<id>` (one Query lists an org's subscriptions)
- delivery:     `ORG#<org>#WEBHOOK#<id>` / `DELIVERY#<delivery id>`  (`delivery_store`)
- statistics:   `ORG#<org>#WEBHOOK#<id>` / `STATS` (atomic ADD counters)  (`stats`)
- events:       `ORG#<org>#WEBHOOK#<id>` / `EVENT#...` (e.g. `webhook.disabled`, routed like any event)

`DynamoWebhookRepository` keeps the subscriptions here and takes the deliveries and the
statistics from its two mixins, so each module holds the expressions of one kind of item.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from incident_core.core.errors import VersionMismatch
from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import (
    marshal,
    prefix_query,
    stored_item,
    transact,
    unless_condition_failed,
    versioned_put,
)
from incident_core.storage.keys import WEBHOOK_PREFIX, subscription_sk, subscriptions_pk
from incident_core.storage.new_items import NewItemsOutcome, create_one_at_a_time
from incident_core.storage.outbox import EventRecord, event_puts
from incident_core.webhooks.delivery_store import (
    AttemptRecord,
    ClaimedBatch,
    DeliveryKey,
    DeliveryPage,
    DynamoDeliveryStore,
    claim_each,
    record_each,
    subscription_key,
)
from incident_core.webhooks.stats import DeliveryStats, DynamoStatsStore


class WebhookRepository(ABC):
    """What the webhook service, the event router and the delivery worker need from storage."""

    # --- subscriptions ---------------------------------------------------------------

    @abstractmethod
    def put_subscription(self, subscription: Mapping[str, Any], *, expected_version: int | None) -> None: ...

    @abstractmethod
    def get_subscription(self, *, org_id: str, webhook_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def delete_subscription(self, *, org_id: str, webhook_id: str) -> bool: ...

    @abstractmethod
    def record_failure_streak(self, *, org_id: str, webhook_id: str, failed: bool) -> int | None:
        """Reset or extend the run of consecutive failures; the new length (None if deleted)."""

    @abstractmethod
    def disable_subscription(self, *, org_id: str, webhook_id: str, reason: str, at: str, event: EventRecord) -> bool:
        """Deactivate (once) and record the `webhook.disabled` event; False if already inactive."""

    # --- deliveries ------------------------------------------------------------------

    @abstractmethod
    def create_delivery(self, delivery: Mapping[str, Any]) -> bool:
        """Store a new delivery; False when one with that id exists already."""

    def create_deliveries(self, deliveries: Sequence[Mapping[str, Any]]) -> NewItemsOutcome:
        """Store new deliveries; the outcome names (by position) those that exist already and those
        not written (an error: the caller retries them). This default stores one at a time and stops
        at the first error."""
        return create_one_at_a_time(deliveries, self.create_delivery)

    @abstractmethod
    def get_delivery(self, *, org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_deliveries(
        self,
        *,
        org_id: str,
        webhook_id: str,
        status: str | None,
        event: str | None,
        limit: int,
        start_key: Mapping[str, str] | None,
    ) -> DeliveryPage:
        """A page of the log, newest first, from `start_key` (a page's `resume_key`) on."""

    @abstractmethod
    def set_delivery_status(
        self, *, org_id: str, webhook_id: str, delivery_id: str, status: str, reason: str | None = None
    ) -> None: ...

    @abstractmethod
    def claim_delivery(
        self, *, org_id: str, webhook_id: str, delivery_id: str, now: str, lease_until: str, lease_token: str
    ) -> dict[str, Any] | None:
        """Take a pending delivery for one attempt, unless another worker holds it; None if not claimable.

        The lease carries the claimer's `lease_token`: a claim retried with the same token
        (a request whose answer was lost) takes the lease it already holds, instead of
        finding the delivery taken and leaving it unsent.
        """

    def claim_deliveries(
        self, keys: Sequence[DeliveryKey], *, now: str, lease_until: str, lease_token: str
    ) -> ClaimedBatch:
        """Claim several deliveries at once (those not claimable are left out)."""
        return claim_each(self.claim_delivery, keys, now=now, lease_until=lease_until, lease_token=lease_token)

    @abstractmethod
    def record_attempt(
        self,
        *,
        delivery: Mapping[str, Any],
        attempt: Mapping[str, Any],
        status: str,
        final: bool,
        next_attempt_at: str | None,
    ) -> None:
        """Append an attempt to the delivery and set its status."""

    def record_attempts(self, records: Sequence[AttemptRecord]) -> None:
        """Several deliveries' attempts (a batch's); one write each unless the storage can do better."""
        record_each(self.record_attempt, records)

    # --- statistics ------------------------------------------------------------------

    @abstractmethod
    def add_stats(self, *, org_id: str, webhook_id: str, stats: DeliveryStats) -> None:
        """Add attempts and outcomes to a subscription's statistics (atomic counters)."""

    @abstractmethod
    def get_stats(self, *, org_id: str, webhook_id: str) -> dict[str, Any]: ...


class DynamoWebhookRepository(DynamoDeliveryStore, DynamoStatsStore, WebhookRepository):
    def put_subscription(self, subscription: Mapping[str, Any], *, expected_version: int | None) -> None:
        pk, sk = subscriptions_pk(subscription["org_id"]), subscription_sk(subscription["id"])
        request = versioned_put(
            self.table_name,
            stored_item(subscription, pk=pk, sk=sk, entity="webhook"),
            expected_version=expected_version,
        )
        if unless_condition_failed(lambda: self.client.put_item(**request)) is None:
            raise VersionMismatch

    def get_subscription(self, *, org_id: str, webhook_id: str) -> dict[str, Any] | None:
        return self.get_fields(subscription_key(org_id, webhook_id))

    def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
        return self.query_all(prefix_query(self.table_name, subscriptions_pk(org_id), WEBHOOK_PREFIX))

    def delete_subscription(self, *, org_id: str, webhook_id: str) -> bool:
        deleted = unless_condition_failed(
            lambda: self.client.delete_item(
                TableName=self.table_name,
                Key=subscription_key(org_id, webhook_id),
                ConditionExpression="attribute_exists(pk)",
            )
        )
        return deleted is not None

    def record_failure_streak(self, *, org_id: str, webhook_id: str, failed: bool) -> int | None:
        expression = "ADD consecutive_failures :one" if failed else "SET consecutive_failures = :zero"
        values = {":one": {"N": "1"}} if failed else {":zero": {"N": "0"}}
        answer = unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key=subscription_key(org_id, webhook_id),
                UpdateExpression=expression,
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=values,
                ReturnValues="UPDATED_NEW",
            )
        )
        if answer is None:
            return None
        if not failed:
            return 0
        return int(answer.get("Attributes", {}).get("consecutive_failures", {}).get("N", "0"))

    def disable_subscription(self, *, org_id: str, webhook_id: str, reason: str, at: str, event: EventRecord) -> bool:
        update = {
            "Update": {
                "TableName": self.table_name,
                "Key": subscription_key(org_id, webhook_id),
                "UpdateExpression": "SET is_active = :false, disabled_reason = :reason, disabled_at = :at, "
                "updated_at = :at ADD version :one",
                "ConditionExpression": "attribute_exists(pk) AND is_active = :true",
                "ExpressionAttributeValues": marshal(
                    {":false": False, ":true": True, ":reason": reason, ":at": at, ":one": 1}
                ),
            }
        }
        try:
            transact(self.client, [update, *event_puts(self.table_name, [event])])
        except VersionMismatch:
            return False
        return True


@lru_cache(maxsize=1)
def get_webhook_repository() -> WebhookRepository:
    return DynamoWebhookRepository(table_name=get_settings().table_name)
