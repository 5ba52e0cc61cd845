"""Sorting incident lists in memory, and how a list query becomes a DynamoDB Query."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.incidents.list_queries import plan_query
from incident_core.incidents.sorting import sort_incidents
from incident_core.incidents.vocabulary import ListQuery, Status


def incident(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"id-{number}", "created_at": f"2026-03-0{number}T00:00:00.000Z", **fields}


INCIDENTS = [
    incident(1, title="bravo", severity="low", status="resolved", updated_at="2026-03-09T00:00:00.000Z"),
    incident(2, title="Alpha", severity="critical", status="open"),
    incident(3, title="alpha", severity="low", status="triaged", updated_at="2026-03-05T00:00:00.000Z"),
    incident(4, title="Charlie", severity="high", status="investigating", updated_at="2026-03-04T00:00:00.000Z"),
]


@pytest.mark.parametrize(
    ("field", "ascending", "order"),
    [
        ("title", True, [2, 3, 1, 4]),  # case ignored; equal titles by creation
        ("title", False, [4, 1, 3, 2]),
        ("severity", True, [1, 3, 4, 2]),  # by rank, ties by creation
        ("severity", False, [2, 4, 3, 1]),
        ("status", True, [2, 3, 4, 1]),  # open, triaged, investigating, resolved
        ("status", False, [1, 4, 3, 2]),
        ("updated_at", True, [2, 4, 3, 1]),  # never updated: its creation time
        ("created_at", False, [4, 3, 2, 1]),
    ],
)
def test_sort_incidents(field: str, ascending: bool, order: list[int]) -> None:
    ordered = sort_incidents(INCIDENTS, field=field, ascending=ascending)
    assert [item["id"] for item in ordered] == [f"id-{number}" for number in order]


def test_the_same_moment_falls_to_the_id() -> None:
    twins = [
        {"id": "b", "created_at": "2026-03-01T00:00:00.000Z", "title": "x"},
        {"id": "a", "created_at": "2026-03-01T00:00:00.000Z", "title": "X"},
    ]
    assert [item["id"] for item in sort_incidents(twins, field="title", ascending=True)] == ["a", "b"]


def test_numeric_statuses_filter_on_the_stored_status_id() -> None:
    plan = plan_query("acme", ListQuery(statuses=(Status.OPEN, Status.TRIAGED), status_ids=(4,)))
    assert plan.index == "by_org"
    assert plan.filters == ["(#f0 IN (:f0_0, :f0_1) OR #f1 IN (:f1_0))"]
    assert plan.names == {"#pk": "org_pk", "#f0": "status", "#f1": "status_id"}
    assert plan.values == {":pk": "ORG#acme#INCIDENTS", ":f0_0": "open", ":f0_1": "triaged", ":f1_0": 4}
    only_numbers = plan_query("acme", ListQuery(status_ids=(3, 5), tag="x"))
    assert only_numbers.filters == ["#f0 IN (:f0_0, :f0_1)", "contains(#f1, :f1)"]
    assert only_numbers.names == {"#pk": "org_pk", "#f0": "status_id", "#f1": "tags"}
    one_word = plan_query("acme", ListQuery(statuses=(Status.OPEN,)))
    assert (one_word.index, one_word.filters) == ("by_status", [])


def test_assigned_to_someone_else() -> None:
    plan = plan_query("acme", ListQuery(assigned_elsewhere="alice", created_by="rita"))
    assert plan.index == "by_creator"
    assert plan.filters == ["attribute_exists(#f0) AND #f0 <> :f0"]
    assert (plan.names["#f0"], plan.values[":f0"]) == ("assigned_to", "alice")
