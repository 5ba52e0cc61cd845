"""`GET /incidents` query strings, read into a `ListQuery`: names, aliases, statuses, paging modes."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.incidents.listing import LIST_QUERY, parse_list_query
from incident_core.incidents.vocabulary import ListQuery, Severity, Status

ALICE = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:read"}))
RITA = Principal(sub="rita", org_id="acme", permissions=frozenset({"incidents:read"}), roles=("reporter",))


def parse(principal: Principal = ALICE, /, **params: Any) -> ListQuery:
    return parse_list_query(
        {name: value if isinstance(value, list) else [str(value)] for name, value in params.items()},
        principal=principal,
    )


def test_every_parameter_is_documented_aliases_included() -> None:
    assert [parameter.name for parameter in LIST_QUERY] == [
        "status",
        "severity",
        "priority",
        "incident_type",
        "type",
        "source",
        "dedup_key",
        "assigned_to",
        "assigned",
        "assigned_team",
        "sla",
        "tag",
        "created_after",
        "created_before",
        "start",
        "end",
        "q",
        "search",
        "observable",
        "sort",
        "order",
        "page",
        "per_page",
        "page_size",
        "offset",
        "limit",
        "cursor",
    ]
    documented = {parameter.name: parameter for parameter in LIST_QUERY}
    assert documented["status"].choices[-5:] == ("1", "2", "3", "4", "5")
    assert documented["sort"].choices == (
        "created_at",
        "updated_at",
        "severity",
        "status",
        "title",
        "-created_at",
        "-updated_at",
        "-severity",
        "-status",
        "-title",
    )
    assert documented["assigned"].choices == ("me", "unassigned", "others")
    assert (documented["per_page"].maximum, documented["page_size"].maximum, documented["limit"].maximum) == (
        None,
        None,
        None,
    )
    assert (documented["offset"].minimum, documented["offset"].maximum) == (0, 9999)


def test_the_default_query() -> None:
    assert parse() == ListQuery(limit=20, sort="created_at", ascending=False)
    assert parse(RITA) == ListQuery(created_by="rita")


def test_aliases_read_as_their_filters() -> None:
    assert parse(type="Phishing", priority="HIGH,low", search="Badge", start="2026-03-01", end="2026-03-02") == (
        ListQuery(
            incident_type="phishing",
            severities=(Severity.HIGH, Severity.LOW),
            text="Badge",
            created_after="2026-03-01T00:00:00.000Z",
            created_before="2026-03-02T00:00:00.000Z",
        )
    )


@pytest.mark.parametrize(
    ("status", "words", "numbers"),
    [
        ("1", (Status.OPEN, Status.TRIAGED), ()),
        ("2", (Status.ACKNOWLEDGED, Status.INVESTIGATING), ()),
        ("3", (), (3,)),
        ("4,5", (), (4, 5)),
        ("new,1", (Status.OPEN, Status.TRIAGED), ()),
        ("disrupted", (), (5,)),
        ("resolved,3", (Status.RESOLVED,), (3,)),
        (["IN_PROGRESS", "submitted"], (Status.INVESTIGATING, Status.OPEN), ()),
    ],
)
def test_statuses_as_words_and_numbers(status: Any, words: tuple[Status, ...], numbers: tuple[int, ...]) -> None:
    query = parse(status=status)
    assert (query.statuses, query.status_ids) == (words, numbers)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"assigned": "me"}, {"assigned_to": "alice"}),
        ({"assigned": "Unassigned"}, {"unassigned": True}),
        ({"assigned": "others"}, {"assigned_elsewhere": "alice"}),
        ({"assigned_to": "me"}, {"assigned_to": "alice"}),
        ({"assigned_to": "bob"}, {"assigned_to": "bob"}),
        ({"assigned_to": "alice", "assigned": "me"}, {"assigned_to": "alice"}),
    ],
)
def test_assignment(params: dict[str, str], fields: dict[str, Any]) -> None:
    assert parse(**params) == ListQuery(**fields)


@pytest.mark.parametrize(
    ("params", "sort", "ascending"),
    [
        ({}, "created_at", False),
        ({"sort": "created_at"}, "created_at", True),  # no `-`: ascending, as the `-` convention says
        ({"sort": "-created_at"}, "created_at", False),
        ({"order": "asc"}, "created_at", True),
        ({"sort": "title", "order": "DESC"}, "title", False),
        ({"sort": "-severity", "order": "desc"}, "severity", False),
        ({"sort": "status"}, "status", True),
    ],
)
def test_sort_and_order(params: dict[str, str], sort: str, ascending: bool) -> None:
    query = parse(**params)
    assert (query.sort, query.ascending) == (sort, ascending)


@pytest.mark.parametrize(
    ("params", "window"),
    [
        ({}, (20, None, None, None)),
        ({"limit": "5"}, (5, None, None, None)),
        ({"limit": "500"}, (100, None, None, None)),
        ({"cursor": "abc", "per_page": "7"}, (7, "abc", None, None)),
        ({"per_page": "10"}, (10, None, 1, 0)),
        ({"page_size": "10", "page": "3"}, (10, None, 3, 20)),
        ({"page": "2"}, (20, None, 2, 20)),
        ({"page": "2", "limit": "1000"}, (100, None, 2, 100)),
        ({"offset": "0"}, (20, None, None, 0)),
        ({"offset": "7", "limit": "3"}, (3, None, None, 7)),
        ({"page": "100", "per_page": "100"}, (100, None, 100, 9900)),
    ],
)
def test_paging_modes(params: dict[str, str], window: tuple[Any, ...]) -> None:
    query = parse(**params)
    assert (query.limit, query.cursor, query.page, query.offset) == window


@pytest.mark.parametrize(
    ("params", "details"),
    [
        ({"page": "101", "per_page": "100"}, [("page", "page * per_page can not exceed 10000")]),
        ({"offset": "9981"}, [("offset", "offset + limit can not exceed 10000")]),
        ({"offset": "1", "page": "1"}, [("offset", "use either page or offset, not both")]),
        ({"cursor": "c", "offset": "0"}, [("cursor", "use either cursor or page/offset, not both")]),
        ({"status": "9"}, [("status", "status must be one of:")]),
        ({"sort": "priority"}, [("sort", "sort must be one of: created_at, updated_at, severity, status, title")]),
        ({"sort": "-title", "order": "asc"}, [("sort", "sort=-title (descending)"), ("order", "sort=-title")]),
        ({"assigned": "others", "assigned_to": "bob"}, [("assigned", "assigned and"), ("assigned_to", "assigned and")]),
        ({"page_size": "5", "limit": "6"}, [("limit", "limit and page_size are"), ("page_size", "limit and page")]),
        ({"created_after": "2026-02-01", "end": "2026-01-01"}, [("created_after", "created_after must be before end")]),
    ],
)
def test_refusals(params: dict[str, str], details: list[tuple[str, str]]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse(**params)
    found = refused.value.details
    assert [detail["field"] for detail in found] == [field for field, _ in details]
    assert all(detail["message"].startswith(start) for detail, (_, start) in zip(found, details, strict=True))
