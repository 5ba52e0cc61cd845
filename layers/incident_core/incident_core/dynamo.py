"""Low-level DynamoDB helpers shared by the repositories: (un)marshalling and transactions."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from incident_core.errors import Conflict, VersionMismatch

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TRANSACTION_ATTEMPTS = 3

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def transact(client: DynamoDBClient, items: list[dict[str, Any]]) -> None:
    """Run one transaction; a failed condition is `VersionMismatch`, a busy item is retried."""
    for attempt in range(TRANSACTION_ATTEMPTS):
        try:
            client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
            return
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons", [])
            if any(reason.get("Code") == "ConditionalCheckFailed" for reason in reasons):
                raise VersionMismatch from error
            if not any(reason.get("Code") == "TransactionConflict" for reason in reasons):
                raise
            if attempt == TRANSACTION_ATTEMPTS - 1:
                raise Conflict("A concurrent change is in progress: retry") from error
            # Another transaction holds one of our items (often an org's counters).
            time.sleep(random.uniform(0.02, 0.08) * (attempt + 1))  # noqa: S311 - jitter, not crypto


def is_condition_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


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
    return {name: _serializer.serialize(_decimals(value)) for name, value in values.items()}


def _decimals(value: Any) -> Any:
    """DynamoDB numbers are Decimals: floats (scores, confidences) become exact decimal strings."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {key: _decimals(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_decimals(item) for item in value]
    return value


def unmarshal(item: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def item_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item's own fields as plain Python values, without its keys and entity marker."""
    return {key: plain(value) for key, value in item.items() if key not in ("pk", "sk", "entity")}


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
