"""Many new items written with a few transactions, each only if it is new (the router's batches).

A write is a group of transaction items that stand or fall together (a delivery: its Put; a
triage run: its Put and the check that its incident is alive). Groups are packed into
transactions of at most 100 items and about 3.5 MB (DynamoDB's limits: 100 items, 4 MB). A
transaction is all or nothing: when DynamoDB cancels it because some conditions failed (the item
exists already: a re-run; the incident is gone), it names the items, and the transaction is tried
again without those groups. So one transaction writes a whole batch of new items where one call
per item was made before, and a re-run still writes nothing twice.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from incident_core.core.errors import TRANSIENT_CANCELLATIONS
from incident_core.storage.dynamo import TRANSACTION_ATTEMPTS, cancellation_codes

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

MAX_TRANSACTION_ITEMS = 100
MAX_TRANSACTION_BYTES = 3_500_000  # under the 4 MB limit, with room for the request's own fields


@dataclass
class NewItemsOutcome:
    """Which groups (by position) were not written: `existing` (a condition failed), `failed` (an error)."""

    existing: set[int] = field(default_factory=set)
    failed: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def create_one_at_a_time[T](items: Sequence[T], create: Callable[[T], bool]) -> NewItemsOutcome:
    """`create` each item (False: it exists) in order, stopping at the first error: the items from
    there on are `failed` (the caller retries them). What a repository without batches does."""
    outcome = NewItemsOutcome()
    for index, item in enumerate(items):
        try:
            if not create(item):
                outcome.existing.add(index)
        except Exception as error:
            outcome.failed.update(range(index, len(items)))
            outcome.errors.append(repr(error))
            break
    return outcome


def _chunks(groups: Sequence[Sequence[dict[str, Any]]]) -> list[list[int]]:
    """The groups packed into transactions: within the limits, and no item twice in one (DynamoDB
    refuses that: two runs of one incident both check the incident)."""
    chunks: list[list[int]] = []
    keys: set[str] = set()
    items = size = 0
    for index, group in enumerate(groups):
        group_size = len(json.dumps(group, default=str))
        group_keys = {_item_key(item) for item in group}
        full = items + len(group) > MAX_TRANSACTION_ITEMS or size + group_size > MAX_TRANSACTION_BYTES
        if not chunks or full or group_keys & keys:
            chunks.append([])
            keys = set()
            items = size = 0
        chunks[-1].append(index)
        keys |= group_keys
        items += len(group)
        size += group_size
    return chunks


def _item_key(item: dict[str, Any]) -> str:
    """The table and key a transaction item writes or checks."""
    (operation,) = item.values()
    key = operation.get("Key") or {name: operation["Item"][name] for name in ("pk", "sk")}
    return json.dumps([operation["TableName"], key], sort_keys=True)


def write_new_items(client: DynamoDBClient, groups: Sequence[Sequence[dict[str, Any]]]) -> NewItemsOutcome:
    """Write every group whose conditions hold; the outcome names the others.

    A call that fails (throttled through botocore's retries, DynamoDB unreachable) stops the
    writes: that transaction's groups and those of every later one are `failed`, for the caller
    to retry. A transaction cancelled only because an item is busy is tried again (with jitter)
    a few times.
    """
    outcome = NewItemsOutcome()
    for chunk in _chunks(groups):
        if outcome.failed:
            outcome.failed.update(chunk)
        else:
            _write_chunk(client, groups, chunk, outcome)
    return outcome


def _write_chunk(
    client: DynamoDBClient, groups: Sequence[Sequence[dict[str, Any]]], chunk: list[int], outcome: NewItemsOutcome
) -> None:
    pending = list(chunk)
    busy_attempts = 0
    while pending:
        items: list[Any] = [item for index in pending for item in groups[index]]
        try:
            client.transact_write_items(TransactItems=items)
            return
        except ClientError as error:
            codes = cancellation_codes(error)
            refused = _refused_groups(pending, groups, codes) if codes is not None else set()
            if refused:
                outcome.existing.update(refused)
                pending = [index for index in pending if index not in refused]
                continue
            busy_attempts += 1
            busy = codes is not None and set(codes) - {"None"} <= TRANSIENT_CANCELLATIONS
            if busy and busy_attempts < TRANSACTION_ATTEMPTS:
                time.sleep(random.uniform(0.02, 0.08) * busy_attempts)  # noqa: S311 - jitter, not crypto
                continue
            failure: Exception = error
        except Exception as error:
            failure = error
        outcome.failed.update(pending)
        outcome.errors.append(repr(failure))
        return


def _refused_groups(
    pending: Sequence[int], groups: Sequence[Sequence[dict[str, Any]]], codes: Sequence[str]
) -> set[int]:
    """The groups with an item whose condition failed (the codes are one per item, in order)."""
    refused: set[int] = set()
    position = 0
    for index in pending:
        size = len(groups[index])
        if "ConditionalCheckFailed" in codes[position : position + size]:
            refused.add(index)
        position += size
    return refused if position == len(codes) else set()
