"""How the incident lists sort: the `sort` and `order` parameters, and sorting in memory.

`created_at` is the indexes' own order, so a list sorted by it pages on DynamoDB. Any other
field (`updated_at`, `severity` by rank, `status` by lifecycle order, `title` ignoring case)
is sorted in memory: the list reads every matching incident with Query, at most
`MAX_SORTED_ITEMS` (1,000) of them, and past that answers 400 asking to narrow the filters.
Ties fall to `created_at`, then `id`, in the same direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import QueryParams
from incident_core.incidents.vocabulary import SEVERITY_RANK, Status

MAX_SORTED_ITEMS = 1_000
INDEX_ORDER = "created_at"
STATUS_ORDER = {status.value: position for position, status in enumerate(Status)}
ORDERS = ("asc", "desc")

SEVERITY_ORDER = {severity.value: rank for severity, rank in SEVERITY_RANK.items()}


def _created(incident: Mapping[str, Any]) -> tuple[str, str]:
    return str(incident.get("created_at") or ""), str(incident.get("id") or "")


def _text(incident: Mapping[str, Any], name: str) -> str:
    return str(incident.get(name) or "")


SORT_KEYS: dict[str, Callable[[Mapping[str, Any]], tuple[Any, ...]]] = {
    "created_at": _created,
    "updated_at": lambda incident: (
        _text(incident, "updated_at") or _text(incident, "created_at"),
        *_created(incident),
    ),
    "severity": lambda incident: (SEVERITY_ORDER.get(_text(incident, "severity"), 0), *_created(incident)),
    "status": lambda incident: (STATUS_ORDER.get(_text(incident, "status"), len(STATUS_ORDER)), *_created(incident)),
    "title": lambda incident: (_text(incident, "title").casefold(), *_created(incident)),
}


def sort_choices(spellings: Iterable[str]) -> tuple[str, ...]:
    """The documented values of `sort`: each spelling, and each with `-` (descending)."""
    names = tuple(spellings)
    return names + tuple(f"-{name}" for name in names)


def parse_sort(read: QueryParams, *, fields: Mapping[str, str], ascending_unless_told: bool) -> tuple[str, bool]:
    """The field to sort by and whether ascending, from `sort` (`-` prefix: descending) and `order`.

    `fields` maps each accepted spelling to its field. Without `sort` the list is newest first
    (or oldest first with `order=asc`); a `sort` without prefix nor `order` is ascending when
    `ascending_unless_told` (a `-` prefix convention), else descending (an `order` convention).
    """
    order = read.lower("order")
    if order is not None and order not in ORDERS:
        raise ValidationFailed.for_field("order", "order must be asc or desc")
    sort = read.single("sort")
    if sort is None:
        return INDEX_ORDER, order == "asc"
    descending = sort.startswith("-")
    field = fields.get(sort.removeprefix("-"))
    if field is None:
        names = ", ".join(dict.fromkeys(fields))
        raise ValidationFailed.for_field("sort", f"sort must be one of: {names} (prefix - for descending)")
    if descending and order == "asc":
        message = f"sort={sort} (descending) and order=asc disagree: give one of them"
        raise ValidationFailed(
            message, details=[{"field": "sort", "message": message}, {"field": "order", "message": message}]
        )
    if descending:
        return field, False
    return field, (order == "asc") if order else ascending_unless_told


def sort_incidents(incidents: Iterable[Mapping[str, Any]], *, field: str, ascending: bool) -> list[dict[str, Any]]:
    return sorted((dict(incident) for incident in incidents), key=SORT_KEYS[field], reverse=not ascending)


def too_many_to_sort(field: str, most: int = MAX_SORTED_ITEMS) -> ValidationFailed:
    """The 400 of a list sorted in memory when more than `most` incidents match."""
    return ValidationFailed.for_field(
        "sort",
        f"sorting by {field} reads at most {most} matching incidents and more match: "
        "narrow the filters (status, severity, created_after/created_before, ...) or sort by created_at",
    )
