"""DynamoDB storage of webhook deliveries: the log, claims, attempts, batched reads and writes.

A delivery is `ORG#<org>#WEBHOOK#<id>` / `DELIVERY#<delivery id>`; delivery ids start with
their creation time, so the partition reads newest first. The worker claims a batch in one
transaction, reads it (with the subscriptions) in one `BatchGetItem` and records its
attempts in one transaction; each falls back to one call per delivery when it must.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from incident_core.storage.dynamo import (
    DynamoTable,
    cancellation_codes,
    item_fields,
    item_key,
    key_from_dynamo,
    key_to_dynamo,
    marshal,
    prefix_query,
    stored_item,
    unless_condition_failed,
    unmarshal,
    versioned_put,
)
from incident_core.storage.keys import DELIVERY_PREFIX, subscription_sk, subscriptions_pk, webhook_pk
from incident_core.storage.new_items import NewItemsOutcome, write_new_items

MAX_TRANSACTION_ITEMS = 100  # DynamoDB's limit; an SQS batch of the worker is at most 10
BATCH_GET_ATTEMPTS = 3
LIST_READ_BUDGET = 10  # queries per page of a filtered delivery log, as for incident lists
# A claim takes a pending delivery whose lease is free, expired, or already the claimer's.
CLAIM_UPDATE = "SET lease_until = :lease, lease_token = :token"
CLAIM_CONDITION = (
    "#status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now OR lease_token = :token)"
)


def subscription_key(org_id: str, webhook_id: str) -> dict[str, Any]:
    return item_key(subscriptions_pk(org_id), subscription_sk(webhook_id))


def delivery_key(org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any]:
    return item_key(webhook_pk(org_id, webhook_id), f"{DELIVERY_PREFIX}{delivery_id}")


@dataclass(slots=True)
class DeliveryPage:
    """One page of the delivery log; `resume_key` (the last key read) when there is more."""

    items: list[dict[str, Any]]
    resume_key: dict[str, str] | None


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


class ClaimOne(Protocol):
    def __call__(
        self, *, org_id: str, webhook_id: str, delivery_id: str, now: str, lease_until: str, lease_token: str
    ) -> dict[str, Any] | None: ...


class RecordOne(Protocol):
    def __call__(
        self,
        *,
        delivery: Mapping[str, Any],
        attempt: Mapping[str, Any],
        status: str,
        final: bool,
        next_attempt_at: str | None,
    ) -> None: ...


def claim_each(
    claim: ClaimOne, keys: Sequence[DeliveryKey], *, now: str, lease_until: str, lease_token: str
) -> ClaimedBatch:
    """Claim deliveries one by one (those not claimable are left out); reads no subscription."""
    batch = ClaimedBatch()
    for key in dict.fromkeys(keys):
        item = claim(
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


def record_each(record: RecordOne, records: Sequence[AttemptRecord]) -> None:
    """Record attempts one by one."""
    for entry in records:
        record(
            delivery=entry.delivery,
            attempt=entry.attempt,
            status=entry.status,
            final=entry.status != "pending",
            next_attempt_at=entry.next_attempt_at,
        )


def _claim_values(now: str, lease_until: str, lease_token: str) -> dict[str, Any]:
    return marshal({":lease": lease_until, ":token": lease_token, ":pending": "pending", ":now": now})


class DynamoDeliveryStore(DynamoTable):
    """The delivery part of `DynamoWebhookRepository`."""

    def create_delivery(self, delivery: Mapping[str, Any]) -> bool:
        put = self._new_delivery_put(delivery)
        return unless_condition_failed(lambda: self.client.put_item(**put)) is not None

    def create_deliveries(self, deliveries: Sequence[Mapping[str, Any]]) -> NewItemsOutcome:
        """A stream batch's deliveries in transactions of up to 100 conditional puts (`storage.new_items`)."""
        return write_new_items(self.client, [[{"Put": self._new_delivery_put(delivery)}] for delivery in deliveries])

    def _new_delivery_put(self, delivery: Mapping[str, Any]) -> dict[str, Any]:
        pk, sk = webhook_pk(delivery["org_id"], delivery["webhook_id"]), f"{DELIVERY_PREFIX}{delivery['id']}"
        return versioned_put(
            self.table_name, stored_item(delivery, pk=pk, sk=sk, entity="delivery"), expected_version=None
        )

    def get_delivery(self, *, org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any] | None:
        return self.get_fields(delivery_key(org_id, webhook_id, delivery_id))

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
        pk = webhook_pk(org_id, webhook_id)
        request = prefix_query(self.table_name, pk, DELIVERY_PREFIX, ScanIndexForward=False, Limit=limit + 1)
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
            request["ExclusiveStartKey"] = key_to_dynamo(start_key)
        items: list[dict[str, Any]] = []
        for _ in range(LIST_READ_BUDGET):
            answer = self.client.query(**request)
            items += [unmarshal(item) for item in answer.get("Items", [])]
            last = answer.get("LastEvaluatedKey")
            if len(items) > limit:
                kept = items[:limit]
                return DeliveryPage([item_fields(i) for i in kept], {"pk": kept[-1]["pk"], "sk": kept[-1]["sk"]})
            if not last:
                return DeliveryPage([item_fields(i) for i in items], None)
            request["ExclusiveStartKey"] = last
        resume = key_from_dynamo(request["ExclusiveStartKey"])
        return DeliveryPage([item_fields(i) for i in items], resume)

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
            Key=delivery_key(org_id, webhook_id, delivery_id),
            UpdateExpression=expression + " REMOVE lease_until, lease_token",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=marshal(values),
        )

    # --- claims ---------------------------------------------------------------------

    def claim_delivery(
        self, *, org_id: str, webhook_id: str, delivery_id: str, now: str, lease_until: str, lease_token: str
    ) -> dict[str, Any] | None:
        claim = self._claim_update(
            DeliveryKey(org_id, webhook_id, delivery_id), _claim_values(now, lease_until, lease_token)
        )
        answer = unless_condition_failed(lambda: self.client.update_item(**claim, ReturnValues="ALL_NEW"))
        return item_fields(unmarshal(answer["Attributes"])) if answer is not None else None

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
        lease = {"now": now, "lease_until": lease_until, "lease_token": lease_token}
        if len(pending) <= 1 or len(pending) > MAX_TRANSACTION_ITEMS:
            return claim_each(self.claim_delivery, pending, **lease)
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
                    return claim_each(self.claim_delivery, pending, **lease)
                pending = [key for i, key in enumerate(pending) if i not in refused]
        return self._read_claimed(pending) if pending else ClaimedBatch()

    def _read_claimed(self, keys: Sequence[DeliveryKey]) -> ClaimedBatch:
        by_id = {key.delivery_id: key for key in keys}
        owners = list(dict.fromkeys((key.org_id, key.webhook_id) for key in keys))
        owner_of_sk = {subscription_sk(webhook_id): (org_id, webhook_id) for org_id, webhook_id in owners}
        request: dict[str, Any] = {
            self.table_name: {
                "Keys": [delivery_key(key.org_id, key.webhook_id, key.delivery_id) for key in keys]
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
            "Key": delivery_key(key.org_id, key.webhook_id, key.delivery_id),
            "UpdateExpression": CLAIM_UPDATE,
            "ConditionExpression": CLAIM_CONDITION,
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values,
        }

    # --- attempts -------------------------------------------------------------------

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
            record_each(self.record_attempt, records)
            return
        try:
            updates: list[Any] = [{"Update": self._attempt_update(record)} for record in records]
            self.client.transact_write_items(TransactItems=updates)
        except ClientError as error:
            if cancellation_codes(error) is None:
                raise
            record_each(self.record_attempt, records)

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
            "Key": delivery_key(str(delivery["org_id"]), str(delivery["webhook_id"]), str(delivery["id"])),
            "UpdateExpression": f"SET {', '.join(sets)} REMOVE {', '.join(removes)} ADD attempt_count :one",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": marshal(values),
        }
