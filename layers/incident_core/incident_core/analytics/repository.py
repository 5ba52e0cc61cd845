"""Reads of the org's analytics counters: one Query over the day items of a date range.

The day items (`ORG#<org>#STATS` / `DAY#<yyyy-mm-dd>`) are written by the incidents' own
transactions (`incidents/repository._counter_updates`); their sort keys sort by date, so a range
is one Query by sort-key range. A Query page holds up to 1 MB: a range of at most
`analytics.report.MAX_DAYS` days of ordinary days is one page; only very busy days, with many
sources and types, could make it two.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import DynamoTable
from incident_core.storage.keys import STATS_DAY_PREFIX, stats_day_sk, stats_pk


class AnalyticsRepository(DynamoTable):
    def day_counters(self, *, org_id: str, first_day: str, last_day: str) -> dict[str, dict[str, int]]:
        """The counters of each day from `first_day` to `last_day` (inclusive) that has any, by day."""
        request = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :first AND :last",
            "ExpressionAttributeValues": {
                ":pk": {"S": stats_pk(org_id)},
                ":first": {"S": stats_day_sk(first_day)},
                ":last": {"S": stats_day_sk(last_day)},
            },
        }
        days: dict[str, dict[str, int]] = {}
        start_key: dict[str, str] | None = None
        while True:
            items, start_key = self.query_page(dict(request), start_key=start_key)
            for item in items:
                day = str(item["sk"]).removeprefix(STATS_DAY_PREFIX)
                days[day] = {name: int(value) for name, value in item.items() if isinstance(value, Decimal)}
            if start_key is None:
                return days


@lru_cache(maxsize=1)
def get_analytics_repository() -> AnalyticsRepository:
    """The repository for this process, built at first use from the settings."""
    return AnalyticsRepository(table_name=get_settings().table_name)
