"""Fixed-window request counters, in a table of their own: what the rate limits count with.

A counter (`caller`: whose requests and which class of them) counts per minute, in fixed
windows aligned to the clock (12:00:00-12:00:59, ...). One item per counter and window in
`RATE_LIMIT_TABLE_NAME` (`pk` = `<counter>#<window start>`, epoch seconds), removed by the
table's TTL (`expires_at`) a minute after its window ends.

Taking a slot is one conditional UpdateItem: `ADD hits 1` while `hits < limit`, so parallel
requests can never count past the limit, and a request over it writes nothing. Fixed windows,
not sliding ones: one write per request and nothing to read first; the price is that a caller
can make up to twice its limit across a window's edge (its last second and the next one's
first), which the limits' purpose (a runaway script, a guessing client) tolerates.

The table is its own so that a function that only reads the API's data is granted one write,
and only here (`tests/unit/infrastructure/access_table.py`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from incident_core.core import aws
from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import unless_condition_failed

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

WINDOW_SECONDS = 60
KEPT_AFTER_WINDOW_SECONDS = 60  # the TTL's margin: an item outlives its window by this much


@dataclass(frozen=True, slots=True)
class Window:
    """One counter's current window, as a request left it."""

    limit: int
    used: int  # requests counted in the window, the asking one included (the limit when refused)
    resets_at: int  # when the window ends (epoch seconds)
    allowed: bool

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def retry_after(self, now: float) -> int:
        """Whole seconds until the window ends, at least 1."""
        return max(1, self.resets_at - int(now))


def window_start(now: float) -> int:
    return int(now) // WINDOW_SECONDS * WINDOW_SECONDS


class RateCounterStore(ABC):
    @abstractmethod
    def take(self, counter: str, *, limit: int, now: float) -> Window:
        """Count one request against `counter`'s window at `now`, unless `limit` are counted already."""

    @abstractmethod
    def give_back(self, counter: str, *, now: float) -> None:
        """Uncount one request of `counter`'s window at `now` (one that should not have counted)."""


class DynamoRateCounterStore(RateCounterStore):
    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        self.table_name = table_name
        self.client: DynamoDBClient = client or aws.client("dynamodb")

    def take(self, counter: str, *, limit: int, now: float) -> Window:
        start = window_start(now)
        ends = start + WINDOW_SECONDS
        answer = unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key={"pk": {"S": f"{counter}#{start}"}},
                UpdateExpression="ADD hits :one SET expires_at = if_not_exists(expires_at, :expires)",
                ConditionExpression="attribute_not_exists(hits) OR hits < :limit",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":expires": {"N": str(ends + KEPT_AFTER_WINDOW_SECONDS)},
                },
                ReturnValues="UPDATED_NEW",
            )
        )
        if answer is None:
            return Window(limit=limit, used=limit, resets_at=ends, allowed=False)
        return Window(limit=limit, used=int(answer["Attributes"]["hits"]["N"]), resets_at=ends, allowed=True)

    def give_back(self, counter: str, *, now: float) -> None:
        unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key={"pk": {"S": f"{counter}#{window_start(now)}"}},
                UpdateExpression="ADD hits :minus_one",
                ConditionExpression="hits > :zero",
                ExpressionAttributeValues={":minus_one": {"N": "-1"}, ":zero": {"N": "0"}},
            )
        )


@lru_cache(maxsize=1)
def get_rate_counter_store() -> RateCounterStore | None:
    """The deployment's counters; None when it names no table (nothing is limited then)."""
    table = get_settings().rate_limit_table
    return DynamoRateCounterStore(table_name=table) if table else None
