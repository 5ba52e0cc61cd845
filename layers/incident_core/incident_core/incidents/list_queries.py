"""How a list of incidents is read: the most selective index, and the rest as a filter.

`plan_query` picks the index (the reporter's own, then dedup key, assignee, a single
status, a single severity, else the whole org), puts the date range on its sort key and
everything else into a `FilterExpression` with placeholder names and values. Numeric
statuses 3-5 (which depend on the classification) filter on the stored `status_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from incident_core.incidents.vocabulary import ListQuery
from incident_core.storage.keys import INDEXES, index_partition


@dataclass(slots=True)
class QueryPlan:
    index: str
    key_condition: str
    filters: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def _choose_index(org_id: str, query: ListQuery) -> tuple[str, str, str | None]:
    """The most selective index for the query: (index, partition value, filter it serves)."""
    if query.created_by:
        return "by_creator", index_partition(org_id, "by_creator", query.created_by), "created_by"
    if query.sla:  # H17 (issue 17): incidents whose SLA is at risk or breached, an index of their own
        return "by_sla", index_partition(org_id, "by_sla", query.sla), "sla"
    if query.dedup_key:
        return "by_dedup", index_partition(org_id, "by_dedup", query.dedup_key), "dedup_key"
    if query.assigned_to:
        return "by_assignee", index_partition(org_id, "by_assignee", query.assigned_to), "assigned_to"
    if len(query.statuses) == 1 and not query.status_ids:
        return "by_status", index_partition(org_id, "by_status", query.statuses[0].value), "statuses"
    if len(query.severities) == 1:
        return "by_severity", index_partition(org_id, "by_severity", query.severities[0].value), "severities"
    return "by_org", index_partition(org_id, "by_org"), None


class _Filters:
    """Builds a FilterExpression from named conditions, with placeholder names and values."""

    def __init__(self, plan: QueryPlan) -> None:
        self.plan = plan

    def _name(self, attribute: str) -> str:
        placeholder = f"#f{sum(name.startswith('#f') for name in self.plan.names)}"
        self.plan.names[placeholder] = attribute
        return placeholder

    def equals(self, attribute: str, value: str | None) -> None:
        if value is None:
            return
        name = self._name(attribute)
        self.plan.values[f":{name[1:]}"] = value
        self.plan.filters.append(f"{name} = :{name[1:]}")

    def one_of(self, attribute: str, values: Iterable[str | int]) -> None:
        self.plan.filters.append(self._in(attribute, values))

    def _in(self, attribute: str, values: Iterable[str | int]) -> str:
        name = self._name(attribute)
        placeholders = []
        for i, value in enumerate(values):
            self.plan.values[f":{name[1:]}_{i}"] = value
            placeholders.append(f":{name[1:]}_{i}")
        return f"{name} IN ({', '.join(placeholders)})"

    def status_in(self, statuses: Iterable[str], status_ids: Iterable[int]) -> None:
        """The status is one of `statuses`, or the stored numeric status one of `status_ids`."""
        words, numbers = list(statuses), list(status_ids)
        either = [self._in("status", words)] if words else []
        if numbers:
            either.append(self._in("status_id", numbers))
        if either:
            self.plan.filters.append(either[0] if len(either) == 1 else f"({' OR '.join(either)})")

    def assigned_but_not_to(self, user: str | None) -> None:
        """Assigned to someone, and not to `user`."""
        if user is None:
            return
        name = self._name("assigned_to")
        self.plan.values[f":{name[1:]}"] = user
        self.plan.filters.append(f"attribute_exists({name}) AND {name} <> :{name[1:]}")

    def contains(self, attribute: str, value: str | None) -> None:
        if value is None:
            return
        name = self._name(attribute)
        self.plan.values[f":{name[1:]}"] = value
        self.plan.filters.append(f"contains({name}, :{name[1:]})")

    def missing(self, attribute: str) -> None:
        self.plan.filters.append(f"attribute_not_exists({self._name(attribute)})")


def plan_query(org_id: str, query: ListQuery) -> QueryPlan:
    """Query the most selective index; the date range narrows its sort key; the rest filters."""
    index, partition_value, served = _choose_index(org_id, query)
    partition_name, sort_name = INDEXES[index]
    plan = QueryPlan(
        index=index, key_condition="#pk = :pk", names={"#pk": partition_name}, values={":pk": partition_value}
    )
    if query.created_after or query.created_before:
        plan.names["#sort"] = sort_name
    if query.created_after and query.created_before:
        plan.key_condition += " AND #sort BETWEEN :after AND :before"
        plan.values.update({":after": query.created_after, ":before": query.created_before})
    elif query.created_after:
        plan.key_condition += " AND #sort >= :after"
        plan.values[":after"] = query.created_after
    elif query.created_before:
        plan.key_condition += " AND #sort < :before"
        plan.values[":before"] = query.created_before

    filters = _Filters(plan)
    if served != "statuses":
        filters.status_in([status.value for status in query.statuses], query.status_ids)
    if query.severities and served != "severities":
        filters.one_of("severity", [severity.value for severity in query.severities])
    if served != "assigned_to":
        filters.equals("assigned_to", query.assigned_to)
    if served != "dedup_key":
        filters.equals("dedup_key", query.dedup_key)
    if query.unassigned:
        filters.missing("assigned_to")
    filters.assigned_but_not_to(query.assigned_elsewhere)
    filters.equals("incident_type", query.incident_type)
    filters.equals("source", query.source)
    filters.equals("assigned_team", query.assigned_team)
    if query.sla and served != "sla":  # H17: a reporter's own list (by_creator), narrowed to that SLA state
        filters.equals(INDEXES["by_sla"][0], index_partition(org_id, "by_sla", query.sla))
    filters.contains("tags", query.tag)
    filters.contains("search_text", query.text.lower() if query.text else None)
    return plan
