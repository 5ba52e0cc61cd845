"""DynamoDB storage of webhook subscriptions, deliveries and their statistics.

Keys (same table as incidents):
- subscription: `ORG#<org>#WEBHOOKS` / `WEBHOOK#<id>` (one Query lists an org's subscriptions)
- delivery:     `ORG#<org>#WEBHOOK#<id>` / `DELIVERY#<delivery id>`; delivery ids start with
                their creation time, so the partition reads newest first
- statistics:   `ORG#<org>#WEBHOOK#<id>` / `STATS` (atomic ADD counters)
- events:       `ORG#<org>#WEBHOOK#<id>` / `EVENT#...` (e.g. `webhook.disabled`, routed like any event)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from incident_core.core import aws
from incident_core.core.errors import VersionMismatch
from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import (
    cancellation_codes,
    is_condition_failure,
    item_fields,
    marshal,
    transact,
    unmarshal,
    versioned_put,
)
from incident_core.storage.keys import (
    DELIVERY_PREFIX,
    STATS_SK,
    WEBHOOK_PREFIX,
    subscription_sk,
    subscriptions_pk,
    webhook_pk,
)
from incident_core.storage.outbox import EventRecord, event_puts

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

MAX_TRANSACTION_ITEMS = 100  # DynamoDB's limit; an SQS batch of the worker is at most 10
BATCH_GET_ATTEMPTS = 3
# A claim takes a pending delivery whose lease is free, expired, or already the claimer's.
CLAIM_UPDATE = "SET lease_until = :lease, lease_token = :token"
CLAIM_CONDITION = (
    "#status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now OR lease_token = :token)"
)


def _claim_values(now: str, lease_until: str, lease_token: str) -> dict[str, Any]:
    return marshal({":lease": lease_until, ":token": lease_token, ":pending": "pending", ":now": now})


def subscription_key(org_id: str, webhook_id: str) -> dict[str, Any]:
    return {"pk": {"S": subscriptions_pk(org_id)}, "sk": {"S": subscription_sk(webhook_id)}}


@dataclass(slots=True)
class DeliveryPage:
    items: list[dict[str, Any]]
    resume_key: dict[str, str] | None
    has_more: bool


@dataclass(slots=True)
class DeliveryStats:
    """Counter deltas of a subscription's statistics, summed over one or more attempts."""

    attempts_total: int = 0
    response_count: int = 0
    response_time_total_ms: int = 0
    total_deliveries: int = 0
    successful_deliveries: int = 0
    failed_deliveries: int = 0
    events: dict[str, int] = field(default_factory=dict)
    last_delivery_at: str = ""

    def add_attempt(self, attempt: Mapping[str, Any], *, status: str, final: bool, event: str) -> None:
        self.attempts_total += 1
        if attempt.get("status_code") is not None:
            self.response_count += 1
            self.response_time_total_ms += round(float(attempt.get("latency_ms") or 0))
        if final:
            self.total_deliveries += 1
            if status == "delivered":
                self.successful_deliveries += 1
            else:
                self.failed_deliveries += 1
            self.events[event] = self.events.get(event, 0) + 1
        self.last_delivery_at = max(self.last_delivery_at, str(attempt["attempted_at"]))

    def merge(self, other: DeliveryStats) -> None:
        for name in ("attempts_total", "response_count", "response_time_total_ms", "total_deliveries"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.successful_deliveries += other.successful_deliveries
        self.failed_deliveries += other.failed_deliveries
        for event, count in other.events.items():
            self.events[event] = self.events.get(event, 0) + count
        self.last_delivery_at = max(self.last_delivery_at, other.last_delivery_at)

    def counters(self) -> dict[str, int]:
        """Attribute name -> delta, the non-zero ones."""
        named = {
            "attempts_total": self.attempts_total,
            "response_count": self.response_count,
            "response_time_total_ms": self.response_time_total_ms,
            "total_deliveries": self.total_deliveries,
            "successful_deliveries": self.successful_deliveries,
            "failed_deliveries": self.failed_deliveries,
            **{f"events:{event}": count for event, count in self.events.items()},
        }
        return {name: delta for name, delta in named.items() if delta}


@dataclass(frozen=True)
class DeliveryKey:
    """Which delivery: the org, the subscription and the delivery id."""

    org_id: str
    webhook_id: str
    delivery_id: str


@dataclass
class ClaimedBatch:
    """The deliveries a worker now holds, and the subscriptions read along with them.

    `subscriptions` maps (org, webhook id) to the subscription, or None if it is deleted;
    a subscription not in it was not read here.
    """

    deliveries: dict[DeliveryKey, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)


@dataclass(frozen=True)
class AttemptRecord:
    """One attempt at a delivery, and the status it leaves the delivery in."""

    delivery: Mapping[str, Any]
    attempt: Mapping[str, Any]
    status: str
    next_attempt_at: str | None = None


class WebhookRepository(ABC):
    """What the webhook service, the event router and the delivery worker need from storage."""

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

    @abstractmethod
    def create_delivery(self, delivery: Mapping[str, Any]) -> bool:
        """Store a new delivery; False when one with that id exists already."""

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
        start_key: dict[str, str] | None,
    ) -> DeliveryPage: ...

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
        batch = ClaimedBatch()
        for key in dict.fromkeys(keys):
            item = self.claim_delivery(
                org_id=key.org_id,
                webhook_id=key.webhook_id,
                delivery_id=key.delivery_id,
                now=now,
                lease_until=lease_until,
                lease_token=lease_token,
            )
            if item is not None:
                batch.deliveries[key] = item
        return batch

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
        for record in records:
            self.record_attempt(
                delivery=record.delivery,
                attempt=record.attempt,
                status=record.status,
                final=record.status != "pending",
                next_attempt_at=record.next_attempt_at,
            )

    @abstractmethod
    def add_stats(self, *, org_id: str, webhook_id: str, stats: DeliveryStats) -> None:
        """Add attempts and outcomes to a subscription's statistics (atomic counters)."""

    @abstractmethod
    def set_delivery_status(
        self, *, org_id: str, webhook_id: str, delivery_id: str, status: str, reason: str | None = None
    ) -> None: ...

    @abstractmethod
    def get_stats(self, *, org_id: str, webhook_id: str) -> dict[str, Any]: ...


class DynamoWebhookRepository(WebhookRepository):
    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        self.table_name = table_name
        self.client: DynamoDBClient = client or aws.client("dynamodb")

    # --- subscriptions -------------------------------------------------------------

    def put_subscription(self, subscription: Mapping[str, Any], *, expected_version: int | None) -> None:
        item = {
            **{key: value for key, value in subscription.items() if value is not None},
            "pk": subscriptions_pk(subscription["org_id"]),
            "sk": subscription_sk(subscription["id"]),
            "entity": "webhook",
        }
        request = versioned_put(self.table_name, item, expected_version=expected_version)
        try:
            self.client.put_item(**request)
        except ClientError as error:
            if is_condition_failure(error):
                raise VersionMismatch from error
            raise

    def get_subscription(self, *, org_id: str, webhook_id: str) -> dict[str, Any] | None:
        answer = self.client.get_item(
            TableName=self.table_name,
            Key=subscription_key(org_id, webhook_id),
            ConsistentRead=True,
        )
        return item_fields(unmarshal(answer["Item"])) if "Item" in answer else None

    def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": subscriptions_pk(org_id)}, ":prefix": {"S": WEBHOOK_PREFIX}},
        }
        while True:
            answer = self.client.query(**request)
            found += [item_fields(unmarshal(item)) for item in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer:
                return found
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def delete_subscription(self, *, org_id: str, webhook_id: str) -> bool:
        try:
            self.client.delete_item(
                TableName=self.table_name,
                Key=subscription_key(org_id, webhook_id),
                ConditionExpression="attribute_exists(pk)",
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False
            raise
        return True

    def record_failure_streak(self, *, org_id: str, webhook_id: str, failed: bool) -> int | None:
        expression = "ADD consecutive_failures :one" if failed else "SET consecutive_failures = :zero"
        values = {":one": {"N": "1"}} if failed else {":zero": {"N": "0"}}
        try:
            answer = self.client.update_item(
                TableName=self.table_name,
                Key=subscription_key(org_id, webhook_id),
                UpdateExpression=expression,
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=values,
                ReturnValues="UPDATED_NEW",
            )
        except ClientError as error:
            if is_condition_failure(error):
                return None
            raise
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

    # --- deliveries -----------------------------------------------------------------

    def _delivery_key(self, org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any]:
        return {"pk": {"S": webhook_pk(org_id, webhook_id)}, "sk": {"S": f"{DELIVERY_PREFIX}{delivery_id}"}}

    def create_delivery(self, delivery: Mapping[str, Any]) -> bool:
        item = {
            **{key: value for key, value in delivery.items() if value is not None},
            "pk": webhook_pk(delivery["org_id"], delivery["webhook_id"]),
            "sk": f"{DELIVERY_PREFIX}{delivery['id']}",
            "entity": "delivery",
        }
        try:
            self.client.put_item(
                TableName=self.table_name, Item=marshal(item), ConditionExpression="attribute_not_exists(pk)"
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False
            raise
        return True

    def get_delivery(self, *, org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any] | None:
        answer = self.client.get_item(
            TableName=self.table_name, Key=self._delivery_key(org_id, webhook_id, delivery_id), ConsistentRead=True
        )
        return item_fields(unmarshal(answer["Item"])) if "Item" in answer else None

    def list_deliveries(
        self,
        *,
        org_id: str,
        webhook_id: str,
        status: str | None,
        event: str | None,
        limit: int,
        start_key: dict[str, str] | None,
    ) -> DeliveryPage:
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {
                ":pk": {"S": webhook_pk(org_id, webhook_id)},
                ":prefix": {"S": DELIVERY_PREFIX},
            },
            "ScanIndexForward": False,
            "Limit": limit + 1,
        }
        filters, names = [], {}
        if status:
            filters.append("#status = :status")
            names["#status"] = "status"
            request["ExpressionAttributeValues"][":status"] = {"S": status}
        if event:
            filters.append("#event = :event")
            names["#event"] = "event"
            request["ExpressionAttributeValues"][":event"] = {"S": event}
        if filters:
            request["FilterExpression"] = " AND ".join(filters)
            request["ExpressionAttributeNames"] = names
            request["Limit"] = max(limit + 1, 200)
        if start_key:
            request["ExclusiveStartKey"] = {name: {"S": value} for name, value in start_key.items()}
        items: list[dict[str, Any]] = []
        for _ in range(10):  # bounded read budget, as for incident lists
            answer = self.client.query(**request)
            items += [unmarshal(item) for item in answer.get("Items", [])]
            last = answer.get("LastEvaluatedKey")
            if len(items) > limit:
                kept = items[:limit]
                return DeliveryPage([item_fields(i) for i in kept], {"pk": kept[-1]["pk"], "sk": kept[-1]["sk"]}, True)
            if not last:
                return DeliveryPage([item_fields(i) for i in items], None, False)
            request["ExclusiveStartKey"] = last
        resume = {name: value["S"] for name, value in request["ExclusiveStartKey"].items()}
        return DeliveryPage([item_fields(i) for i in items], resume, True)

    def claim_delivery(
        self, *, org_id: str, webhook_id: str, delivery_id: str, now: str, lease_until: str, lease_token: str
    ) -> dict[str, Any] | None:
        claim = self._claim_update(
            DeliveryKey(org_id, webhook_id, delivery_id), _claim_values(now, lease_until, lease_token)
        )
        try:
            answer = self.client.update_item(**claim, ReturnValues="ALL_NEW")
        except ClientError as error:
            if is_condition_failure(error):
                return None
            raise
        return item_fields(unmarshal(answer["Attributes"]))

    def claim_deliveries(
        self, keys: Sequence[DeliveryKey], *, now: str, lease_until: str, lease_token: str
    ) -> ClaimedBatch:
        """Claim a batch in one transaction, then read the claimed deliveries and their
        subscriptions in one BatchGetItem.

        A transaction is all or nothing: when some deliveries are not claimable (delivered,
        or leased by another worker), the transaction is cancelled with a reason per item
        and is tried again without them. Any other cancellation (a conflicting transaction)
        falls back to claiming one by one.
        """
        pending = list(dict.fromkeys(keys))
        if len(pending) <= 1 or len(pending) > MAX_TRANSACTION_ITEMS:
            return super().claim_deliveries(pending, now=now, lease_until=lease_until, lease_token=lease_token)
        values = _claim_values(now, lease_until, lease_token)
        while pending:
            updates: list[Any] = [{"Update": self._claim_update(key, values)} for key in pending]
            try:
                self.client.transact_write_items(TransactItems=updates)
                break
            except ClientError as error:
                codes = cancellation_codes(error)
                if codes is None:
                    raise
                refused = {i for i, code in enumerate(codes) if code == "ConditionalCheckFailed"}
                if len(codes) != len(pending) or not refused:
                    return super().claim_deliveries(pending, now=now, lease_until=lease_until, lease_token=lease_token)
                pending = [key for i, key in enumerate(pending) if i not in refused]
        return self._read_claimed(pending) if pending else ClaimedBatch()

    def _read_claimed(self, keys: Sequence[DeliveryKey]) -> ClaimedBatch:
        by_id = {key.delivery_id: key for key in keys}
        owners = list(dict.fromkeys((key.org_id, key.webhook_id) for key in keys))
        owner_of_sk = {subscription_sk(webhook_id): (org_id, webhook_id) for org_id, webhook_id in owners}
        request: dict[str, Any] = {
            self.table_name: {
                "Keys": [self._delivery_key(key.org_id, key.webhook_id, key.delivery_id) for key in keys]
                + [subscription_key(*owner) for owner in owners],
                "ConsistentRead": True,
            }
        }
        batch = ClaimedBatch(subscriptions=dict.fromkeys(owners))  # None until found: deleted
        for _ in range(BATCH_GET_ATTEMPTS):
            if not request:
                break
            answer = self.client.batch_get_item(RequestItems=request)
            for raw in answer.get("Responses", {}).get(self.table_name, []):
                item = item_fields(unmarshal(raw))
                owner = owner_of_sk.get(str(raw["sk"]["S"]))
                if owner is not None:
                    batch.subscriptions[owner] = item
                else:
                    batch.deliveries[by_id[str(item["id"])]] = item
            request = dict(answer.get("UnprocessedKeys") or {})
        if request:  # still throttled: the rest are read one by one, never dropped
            for key in keys:
                if key not in batch.deliveries:
                    found = self.get_delivery(org_id=key.org_id, webhook_id=key.webhook_id, delivery_id=key.delivery_id)
                    if found is not None:
                        batch.deliveries[key] = found
            for unread in request[self.table_name]["Keys"]:  # the worker reads these itself
                owner = owner_of_sk.get(str(unread["sk"]["S"]))
                if owner is not None:
                    batch.subscriptions.pop(owner)
        return batch

    def _claim_update(self, key: DeliveryKey, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "TableName": self.table_name,
            "Key": self._delivery_key(key.org_id, key.webhook_id, key.delivery_id),
            "UpdateExpression": CLAIM_UPDATE,
            "ConditionExpression": CLAIM_CONDITION,
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values,
        }

    def record_attempt(
        self,
        *,
        delivery: Mapping[str, Any],
        attempt: Mapping[str, Any],
        status: str,
        final: bool,
        next_attempt_at: str | None,
    ) -> None:
        self.client.update_item(**self._attempt_update(AttemptRecord(delivery, attempt, status, next_attempt_at)))

    def record_attempts(self, records: Sequence[AttemptRecord]) -> None:
        """A batch's attempts in one transaction (they are unconditional updates of distinct items).

        If DynamoDB cancels it (another transaction held one of the items), nothing was
        written, and each attempt is written on its own instead.
        """
        if len(records) <= 1 or len(records) > MAX_TRANSACTION_ITEMS:
            super().record_attempts(records)
            return
        try:
            updates: list[Any] = [{"Update": self._attempt_update(record)} for record in records]
            self.client.transact_write_items(TransactItems=updates)
        except ClientError as error:
            if cancellation_codes(error) is None:
                raise
            super().record_attempts(records)

    def _attempt_update(self, record: AttemptRecord) -> dict[str, Any]:
        delivery, attempt = record.delivery, record.attempt
        values: dict[str, Any] = {
            ":attempt": [dict(attempt)],
            ":status": record.status,
            ":one": 1,
            ":at": attempt["attempted_at"],
            ":empty": [],
        }
        sets = [
            "attempts = list_append(if_not_exists(attempts, :empty), :attempt)",
            "#status = :status",
            "last_attempt_at = :at",
        ]
        removes = ["lease_until", "lease_token"]
        if record.status == "delivered":
            sets.append("delivered_at = :at")
        if record.next_attempt_at:
            sets.append("next_attempt_at = :next")
            values[":next"] = record.next_attempt_at
        else:
            removes.append("next_attempt_at")
        return {
            "TableName": self.table_name,
            "Key": self._delivery_key(str(delivery["org_id"]), str(delivery["webhook_id"]), str(delivery["id"])),
            "UpdateExpression": f"SET {', '.join(sets)} REMOVE {', '.join(removes)} ADD attempt_count :one",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": marshal(values),
        }

    def add_stats(self, *, org_id: str, webhook_id: str, stats: DeliveryStats) -> None:
        # A plain ADD, not part of a transaction: every delivery of a subscription adds to
        # this one item, and concurrent transactions on one item cancel each other.
        names = {"#last": "last_delivery_at"}
        values: dict[str, Any] = {":at": stats.last_delivery_at}
        adds = []
        for i, (name, delta) in enumerate(stats.counters().items()):
            names[f"#c{i}"] = name
            values[f":c{i}"] = delta
            adds.append(f"#c{i} :c{i}")
        if not adds:
            return
        self.client.update_item(
            TableName=self.table_name,
            Key={"pk": {"S": webhook_pk(org_id, webhook_id)}, "sk": {"S": STATS_SK}},
            UpdateExpression=f"SET #last = :at ADD {', '.join(adds)}",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=marshal(values),
        )

    def set_delivery_status(
        self, *, org_id: str, webhook_id: str, delivery_id: str, status: str, reason: str | None = None
    ) -> None:
        values: dict[str, Any] = {":status": status}
        expression = "SET #status = :status"
        if reason:
            expression += ", status_reason = :reason"
            values[":reason"] = reason
        self.client.update_item(
            TableName=self.table_name,
            Key=self._delivery_key(org_id, webhook_id, delivery_id),
            UpdateExpression=expression + " REMOVE lease_until, lease_token",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=marshal(values),
        )

    def get_stats(self, *, org_id: str, webhook_id: str) -> dict[str, Any]:
        answer = self.client.get_item(
            TableName=self.table_name, Key={"pk": {"S": webhook_pk(org_id, webhook_id)}, "sk": {"S": STATS_SK}}
        )
        return item_fields(unmarshal(answer.get("Item") or {}))


@lru_cache(maxsize=1)
def get_webhook_repository() -> WebhookRepository:
    return DynamoWebhookRepository(table_name=get_settings().table_name)
