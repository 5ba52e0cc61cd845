"""GET /incidents with the parameters other incident APIs use: aliases, numeric statuses,
`assigned`, `offset`, clamped page sizes, and the totals and page numbers in `meta`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import ApiResponse, InProcessGateway
from tests.support.search_index import SearchIndexPump


@pytest.fixture
def made(gateway: InProcessGateway, token: TokenFactory) -> list[dict[str, Any]]:
    """Eight incidents of acme, oldest first: severities low, high alternating; types phishing (0-3)
    and malware (4-7); 1 and 2 assigned to bob, 3 to alice; one incident of globex."""
    admin = token()
    incidents = []
    for i in range(8):
        incidents.append(
            new_incident(
                gateway,
                admin,
                title=f"Alert {i} {'badge' if i % 3 == 0 else 'disk'}",
                severity="low" if i % 2 == 0 else "high",
                incident_type="phishing" if i < 4 else "malware",
                **({"assigned_to": "bob"} if i in (1, 2) else {"assigned_to": "alice"} if i == 3 else {}),
            )
        )
    new_incident(gateway, token(org="globex"))
    SearchIndexPump().index_changes()  # the stack's indexer follows the stream a moment later
    return incidents


def listed(gateway: InProcessGateway, token: str, **query: Any) -> ApiResponse:
    response = gateway.request("GET", "/incidents", token=token, query=query)
    assert response.status_code == 200, response.text
    return response


def ids_of(response: ApiResponse) -> list[str]:
    return [item["id"] for item in response.json()["data"]]


def newest_first(made: list[dict[str, Any]], *positions: int) -> list[str]:
    return [made[i]["id"] for i in sorted(positions, reverse=True)]


def test_other_apis_names_of_the_filters(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()
    assert ids_of(listed(gateway, admin, type="MALWARE")) == newest_first(made, 4, 5, 6, 7)
    assert ids_of(listed(gateway, admin, priority="high")) == newest_first(made, 1, 3, 5, 7)
    assert ids_of(listed(gateway, admin, priority="high,LOW")) == newest_first(made, *range(8))
    assert ids_of(listed(gateway, admin, search="BADGE")) == newest_first(made, 0, 3, 6)
    assert ids_of(listed(gateway, admin, start=made[2]["created_at"], end=made[5]["created_at"])) == newest_first(
        made, 2, 3, 4
    )
    # The same value under both names is one filter
    same = listed(gateway, admin, type="malware", incident_type="MALWARE", severity="high", priority="high")
    assert ids_of(same) == newest_first(made, 5, 7)
    same_time = listed(gateway, admin, start=made[6]["created_at"], created_after=made[6]["created_at"])
    assert ids_of(same_time) == newest_first(made, 6, 7)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"type": "malware", "incident_type": "phishing"}, ["incident_type", "type"]),
        ({"priority": "high", "severity": "low"}, ["severity", "priority"]),
        ({"search": "badge", "q": "disk"}, ["q", "search"]),
        ({"start": "2026-01-01", "created_after": "2026-01-02"}, ["created_after", "start"]),
        ({"end": "2026-01-01", "created_before": "2026-01-02"}, ["created_before", "end"]),
        ({"per_page": 10, "page_size": 20}, ["per_page", "page_size"]),
        ({"limit": 10, "per_page": 20}, ["limit", "per_page"]),
        ({"assigned": "me", "assigned_to": "carol"}, ["assigned", "assigned_to"]),
        ({"assigned": "others", "assigned_to": "unassigned"}, ["assigned", "assigned_to"]),
        ({"sort": "-title", "order": "asc"}, ["sort", "order"]),
    ],
)
def test_two_names_with_different_values_are_400_naming_both(
    gateway: InProcessGateway, token: TokenFactory, query: dict[str, Any], fields: list[str]
) -> None:
    response = gateway.request("GET", "/incidents", token=token(), query=query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [detail["field"] for detail in error["details"]] == fields


def test_assigned_me_unassigned_and_others(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    alice, bob = token(), token(sub="bob")
    assert ids_of(listed(gateway, alice, assigned="me")) == newest_first(made, 3)
    assert ids_of(listed(gateway, bob, assigned="ME")) == newest_first(made, 1, 2)
    assert ids_of(listed(gateway, alice, assigned="unassigned")) == newest_first(made, 0, 4, 5, 6, 7)
    assert ids_of(listed(gateway, alice, assigned="others")) == newest_first(made, 1, 2)
    assert ids_of(listed(gateway, bob, assigned="others")) == newest_first(made, 3)
    assert ids_of(listed(gateway, bob, assigned="others", priority="high")) == newest_first(made, 3)
    # The same meaning under both names is accepted
    assert ids_of(listed(gateway, bob, assigned="me", assigned_to="bob")) == newest_first(made, 1, 2)
    assert ids_of(listed(gateway, bob, assigned="unassigned", assigned_to="Unassigned")) == newest_first(
        made, 0, 4, 5, 6, 7
    )


def test_numeric_statuses(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()

    def move(position: int, body: dict[str, Any]) -> None:
        response = gateway.request("PUT", f"/incidents/{made[position]['id']}/status", json_body=body, token=admin)
        assert response.status_code == 200, response.text

    move(0, {"status": "triaged"})
    move(1, {"status": 2})
    move(2, {"status": 3})
    move(3, {"status": 4})
    move(4, {"status": 5})
    move(5, {"status": "acknowledged"})
    # 1 New: open or triaged (a triaged incident is still New)
    assert ids_of(listed(gateway, admin, status=1)) == newest_first(made, 0, 6, 7)
    assert ids_of(listed(gateway, admin, status="open")) == newest_first(made, 6, 7)
    assert ids_of(listed(gateway, admin, status="triaged")) == newest_first(made, 0)
    # 2 Investigating: acknowledged or investigating
    assert ids_of(listed(gateway, admin, status=2)) == newest_first(made, 1, 5)
    # 3-5 follow the classification
    assert ids_of(listed(gateway, admin, status=3)) == newest_first(made, 2)
    assert ids_of(listed(gateway, admin, status=4)) == newest_first(made, 3)
    assert ids_of(listed(gateway, admin, status=5)) == newest_first(made, 4)
    assert ids_of(listed(gateway, admin, status="disrupted")) == newest_first(made, 4)
    assert ids_of(listed(gateway, admin, status="resolved")) == newest_first(made, 2, 4)
    # Numbers and words together: any of them
    assert ids_of(listed(gateway, admin, status="1,4")) == newest_first(made, 0, 3, 6, 7)
    assert ids_of(listed(gateway, admin, status=["5", "closed"])) == newest_first(made, 3, 4)
    assert ids_of(listed(gateway, admin, status="3", priority="high")) == []
    # Totals: 1 and 2 are status words, so the counters know them; 3-5 are counted when paging by page
    assert listed(gateway, admin, status=1, limit=2).json()["meta"]["total"] == 3
    assert listed(gateway, admin, status=2).json()["meta"]["total"] == 2
    page = listed(gateway, admin, status="3,4,5", page=1, per_page=2).json()["meta"]
    assert (page["total"], page["total_pages"], page["has_next"]) == (3, 2, True)


def test_page_sizes_above_the_maximum_are_read_as_100(
    gateway: InProcessGateway, token: TokenFactory, made: list[Any]
) -> None:
    admin = token()
    for name in ("limit", "per_page", "page_size"):
        meta = listed(gateway, admin, **{name: 1000}).json()["meta"]
        assert meta["limit"] == 100, name
    meta = listed(gateway, admin, page_size=250).json()["meta"]
    assert (meta["page"], meta["per_page"], meta["page_size"]) == (1, 100, 100)
    assert listed(gateway, admin, limit=150, per_page=100).json()["meta"]["limit"] == 100  # the same, once read
    for bad in (0, "ten", "1.5"):
        response = gateway.request("GET", "/incidents", token=admin, query={"page_size": bad})
        assert response.status_code == 400
        assert response.json()["error"]["details"] == [
            {"field": "page_size", "message": "page_size must be an integer from 1 to 100"}
        ]


def test_offset_paging(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()
    order = newest_first(made, *range(8))
    page = listed(gateway, admin, offset=1, limit=3).json()
    assert [item["id"] for item in page["data"]] == order[1:4]
    assert page["meta"] == {
        "limit": 3,
        "offset": 1,
        "has_more": True,
        "has_next": True,
        "next_cursor": page["meta"]["next_cursor"],
        "total": 8,
        "total_pages": 3,
    }
    # The cursor of an offset page goes on after it
    following = listed(gateway, admin, limit=3, cursor=page["meta"]["next_cursor"]).json()
    assert [item["id"] for item in following["data"]] == order[4:7]
    first = listed(gateway, admin, offset=0, limit=3).json()
    assert [item["id"] for item in first["data"]] == order[:3] and first["meta"]["offset"] == 0
    last = listed(gateway, admin, offset=6, limit=3, type="malware").json()
    assert last["data"] == [] and last["meta"]["total"] == 4 and last["meta"]["has_next"] is False
    filtered = listed(gateway, admin, offset=2, limit=3, type="malware").json()
    assert [item["id"] for item in filtered["data"]] == newest_first(made, 4, 5)
    assert (filtered["meta"]["total"], filtered["meta"]["total_pages"]) == (4, 2)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"offset": -1}, "offset", "offset must be an integer from 0 to 9999"),
        ({"offset": 9990, "limit": 20}, "offset", "offset + limit can not exceed 10000"),
        ({"offset": 2, "page": 2}, "offset", "use either page or offset, not both"),
        ({"offset": 2, "cursor": "abc"}, "cursor", "use either cursor or page/offset, not both"),
        ({"page": 101, "per_page": 100}, "page", "page * per_page can not exceed 10000"),
        ({"order": "up"}, "order", "order must be asc or desc"),
        ({"assigned": "them"}, "assigned", "assigned must be me, unassigned or others"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "start", "start must be before end"),
    ],
)
def test_paging_and_assignment_errors(
    gateway: InProcessGateway, token: TokenFactory, query: dict[str, Any], field: str, message: str
) -> None:
    response = gateway.request("GET", "/incidents", token=token(), query=query)
    assert response.status_code == 400
    [detail] = response.json()["error"]["details"]
    assert detail["field"] == field and detail["message"].startswith(message)


def test_totals_of_filtered_lists(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()
    # Cursor pages: the counters do not know a type's total, so it shows once the list ends
    first = listed(gateway, admin, type="phishing", limit=3).json()
    assert "total" not in first["meta"] and "total_pages" not in first["meta"]
    second = listed(gateway, admin, type="phishing", limit=3, cursor=first["meta"]["next_cursor"]).json()
    assert len(second["data"]) == 1 and (second["meta"]["total"], second["meta"]["total_pages"]) == (4, 2)
    # A first page that holds the whole list knows its total
    whole = listed(gateway, admin, type="phishing", created_after="2020-01-01T00:00:00Z", sort="-created_at")
    assert (whole.json()["meta"]["total"], whole.json()["meta"]["total_pages"]) == (4, 1)
    # Pages and offsets count the list when the counters can not
    paged = listed(gateway, admin, type="phishing", page=1, per_page=2).json()["meta"]
    assert (paged["total"], paged["total_pages"], paged["has_next"]) == (4, 2, True)
    beyond = listed(gateway, admin, type="phishing", page=5, per_page=2).json()
    assert beyond["data"] == [] and beyond["meta"]["total"] == 4 and beyond["meta"]["page"] == 5
