"""Low-level DynamoDB helpers shared by the repositories: (un)marshalling, keys, reads and writes.

`DynamoTable` is the base of every DynamoDB repository: its table, its client, and the reads
they all make (one item by key, every page of a Query). The free functions build requests.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer
from botocore.exceptions import ClientError

from incident_core.core import aws
from incident_core.core.errors import TRANSIENT_CANCELLATIONS, ServiceUnavailable, VersionMismatch

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TRANSACTION_ATTEMPTS = 3

_deserializer = TypeDeserializer()  # Powertools' copy of boto3's, which needs no boto3 import


def transact(client: DynamoDBClient, items: list[dict[str, Any]]) -> None:
    """Run one transaction, all of it or none of it.

    A failed condition is `VersionMismatch`. A transaction cancelled only because an item is
    busy (another transaction holds it, or it is throttled) is tried again, up to
    `TRANSACTION_ATTEMPTS` times with jitter, then `ServiceUnavailable` (503, nothing written).
    Throttling of the call itself is retried by botocore (`core/aws.py`) and raised as it is.
    """
    for attempt in range(TRANSACTION_ATTEMPTS):
        try:
            client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
            return
        except ClientError as error:
            codes = cancellation_codes(error)
            if codes is None:
                raise
            if "ConditionalCheckFailed" in codes:
                raise VersionMismatch from error
            reasons = set(codes) - {"None"}
            if not reasons or not reasons <= TRANSIENT_CANCELLATIONS:
                raise
            if attempt == TRANSACTION_ATTEMPTS - 1:
                raise ServiceUnavailable("A concurrent change is in progress: retry in a moment") from error
            # Another transaction holds one of our items (often an org's counters), or it is throttled.
            time.sleep(random.uniform(0.02, 0.08) * (attempt + 1))  # noqa: S311 - jitter, not crypto


def cancellation_codes(error: ClientError) -> list[str] | None:
    """Why DynamoDB cancelled a transaction, one code per item in order ("None" for an item
    that was not the cause); None when the error is not a cancelled transaction."""
    if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
        return None
    return [str(reason.get("Code")) for reason in error.response.get("CancellationReasons", [])]


def is_condition_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def unless_condition_failed[T](write: Callable[[], T]) -> T | None:
    """The answer of a conditional write, or None when its condition failed (any other error is raised)."""
    try:
        return write()
    except ClientError as error:
        if is_condition_failure(error):
            return None
        raise


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, set):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def marshal(values: Mapping[str, Any]) -> dict[str, Any]:
    """Python values as DynamoDB attribute values (what boto3's TypeSerializer does, floats allowed)."""
    return {name: attribute_value(value) for name, value in values.items()}


def attribute_value(value: Any) -> dict[str, Any]:
    """One value as a DynamoDB attribute value; floats (scores, confidences) as exact decimal strings."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float | Decimal):
        return {"N": _number(value)}
    if isinstance(value, bytes | bytearray):
        return {"B": bytes(value)}
    if isinstance(value, Mapping):
        return {"M": {str(key): attribute_value(item) for key, item in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [attribute_value(item) for item in value]}
    if isinstance(value, set | frozenset):
        return _set_value(value)
    raise TypeError(f"can not store a {type(value).__name__} in DynamoDB")


def _number(value: int | float | Decimal) -> str:
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise TypeError("DynamoDB stores no infinity or NaN")
    return str(number)


def _set_value(values: set[Any] | frozenset[Any]) -> dict[str, Any]:
    if not values:
        raise TypeError("DynamoDB stores no empty set")
    if all(isinstance(item, str) for item in values):
        return {"SS": sorted(values)}
    if all(isinstance(item, int | float | Decimal) and not isinstance(item, bool) for item in values):
        return {"NS": [_number(item) for item in values]}
    if all(isinstance(item, bytes | bytearray) for item in values):
        return {"BS": [bytes(item) for item in values]}
    raise TypeError("a DynamoDB set holds only strings, only numbers or only bytes")


def unmarshal(item: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def item_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item's own fields as plain Python values, without its keys and entity marker."""
    return {key: plain(value) for key, value in item.items() if key not in ("pk", "sk", "entity")}


def stored_item(fields: Mapping[str, Any], *, pk: str, sk: str, entity: str) -> dict[str, Any]:
    """The item that stores a record: its fields that are set, its keys and its entity marker."""
    return {**{key: value for key, value in fields.items() if value is not None}, "pk": pk, "sk": sk, "entity": entity}


def item_key(pk: str, sk: str) -> dict[str, Any]:
    """The primary key of an item, as a request names it."""
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def key_to_dynamo(key: Mapping[str, str]) -> dict[str, Any]:
    """A resume key (string attributes, as a cursor holds it) as a Query's `ExclusiveStartKey`."""
    return {name: {"S": value} for name, value in key.items()}


def key_from_dynamo(key: Mapping[str, Any]) -> dict[str, str]:
    """A Query's `LastEvaluatedKey` as a resume key of string attributes."""
    return {name: value["S"] for name, value in key.items()}


def prefix_query(table_name: str, pk: str, prefix: str, **options: Any) -> dict[str, Any]:
    """A Query request for the items of partition `pk` whose sort key starts with `prefix`."""
    return {
        "TableName": table_name,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
        **options,
    }


def versioned_put(table_name: str, item: Mapping[str, Any], *, expected_version: int | None) -> dict[str, Any]:
    """A Put request: new (`attribute_not_exists`) when `expected_version` is None, else only
    while the stored `version` is still `expected_version` (optimistic locking)."""
    put: dict[str, Any] = {"TableName": table_name, "Item": marshal(item)}
    if expected_version is None:
        put["ConditionExpression"] = "attribute_not_exists(pk)"
    else:
        put["ConditionExpression"] = "#version = :expected"
        put["ExpressionAttributeNames"] = {"#version": "version"}
        put["ExpressionAttributeValues"] = {":expected": {"N": str(expected_version)}}
    return put


class DynamoTable:
    """The table a repository stores its items in, and the client it reaches it with."""

    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        self.table_name = table_name
        self.client: DynamoDBClient = client or aws.client("dynamodb")

    def get_fields(self, key: Mapping[str, Any], *, consistent: bool = True) -> dict[str, Any] | None:
        """The fields of the item at `key` (`item_key`), or None when there is none."""
        answer = self.client.get_item(TableName=self.table_name, Key=key, ConsistentRead=consistent)
        return item_fields(unmarshal(answer["Item"])) if "Item" in answer else None

    def query_page(
        self, request: dict[str, Any], *, start_key: Mapping[str, str] | None
    ) -> tuple[list[dict[str, Any]], dict[str, str] | None]:
        """One page of a Query from `start_key` on: its items, and the key to resume from (None at the end)."""
        if start_key:
            request["ExclusiveStartKey"] = key_to_dynamo(start_key)
        answer = self.client.query(**request)
        last = answer.get("LastEvaluatedKey")
        return [unmarshal(item) for item in answer.get("Items", [])], key_from_dynamo(last) if last else None

    def query_all(self, request: dict[str, Any], *, most: int | None = None) -> list[dict[str, Any]]:
        """The fields of every item a Query finds, page after page (stopping once `most` are read)."""
        found: list[dict[str, Any]] = []
        while True:
            answer = self.client.query(**request)
            found += [item_fields(unmarshal(item)) for item in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer or (most is not None and len(found) >= most):
                return found
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


@dataclass(frozen=True, slots=True)
class ItemWrite:
    """Another item to write in the same transaction as an incident change (built by a repository)."""

    item: Mapping[str, Any]
    condition: str | None = None
    names: Mapping[str, str] | None = None
    values: Mapping[str, Any] | None = None

    def transact_item(self, table_name: str) -> dict[str, Any]:
        put: dict[str, Any] = {"TableName": table_name, "Item": marshal(self.item)}
        if self.condition:
            put["ConditionExpression"] = self.condition
        if self.names:
            put["ExpressionAttributeNames"] = dict(self.names)
        if self.values:
            put["ExpressionAttributeValues"] = marshal(self.values)
        return {"Put": put}
