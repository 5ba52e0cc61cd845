"""GET /incidents sorted by other fields than creation: read with Query, sorted in memory, capped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from incident_core.incidents import listing
from incident_core.incidents.repository import DynamoIncidentRepository, get_repository
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

# title, severity, in creation order (0 oldest)
SEEDS = [
    ("bravo", "low"),
    ("Alpha", "critical"),
    ("charlie", "low"),
    ("alpha", "high"),
    ("Delta", "medium"),
]


@pytest.fixture
def made(gateway: InProcessGateway, token: TokenFactory) -> list[dict[str, Any]]:
    admin = token()
    incidents = [new_incident(gateway, admin, title=title, severity=severity) for title, severity in SEEDS]
    for position, status in ((2, "acknowledged"), (3, "resolved"), (4, "triaged")):
        path = f"/incidents/{incidents[position]['id']}/status"
        assert gateway.request("PUT", path, json_body={"status": status}, token=admin).status_code == 200
    # The last update is the newest: touch 0 after the status changes
    changed = gateway.request("PATCH", f"/incidents/{incidents[0]['id']}", json_body={"tags": ["x"]}, token=admin)
    assert changed.status_code == 200
    new_incident(gateway, token(org="globex"), title="aardvark")
    return incidents


def order(gateway: InProcessGateway, token: str, **query: Any) -> list[str]:
    response = gateway.request("GET", "/incidents", token=token, query=query)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["data"]]


def test_each_sort_and_direction(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()
    # title ignores case; equal titles fall to creation order
    assert order(gateway, admin, sort="title") == ["Alpha", "alpha", "bravo", "charlie", "Delta"]
    assert order(gateway, admin, sort="-title") == ["Delta", "charlie", "bravo", "alpha", "Alpha"]
    assert order(gateway, admin, sort="title", order="desc") == ["Delta", "charlie", "bravo", "alpha", "Alpha"]
    assert order(gateway, admin, sort="-title", order="desc") == ["Delta", "charlie", "bravo", "alpha", "Alpha"]
    # severity by rank, ties by creation
    assert order(gateway, admin, sort="severity") == ["bravo", "charlie", "Delta", "alpha", "Alpha"]
    assert order(gateway, admin, sort="-severity") == ["Alpha", "alpha", "Delta", "charlie", "bravo"]
    # status by lifecycle: open, triaged, acknowledged, ..., resolved
    assert order(gateway, admin, sort="status") == ["bravo", "Alpha", "Delta", "charlie", "alpha"]
    assert order(gateway, admin, sort="-status", priority="low,critical") == ["charlie", "Alpha", "bravo"]
    # updated_at: the latest change last (ascending) or first
    assert order(gateway, admin, sort="-updated_at")[0] == "bravo"
    assert order(gateway, admin, sort="updated_at", order="asc")[-1] == "bravo"
    # created_at keeps the indexes' order; order alone sorts by it
    assert order(gateway, admin, sort="-created_at") == [title for title, _ in reversed(SEEDS)]
    assert order(gateway, admin, order="asc") == [title for title, _ in SEEDS]
    assert order(gateway, admin, order="desc") == [title for title, _ in reversed(SEEDS)]


def test_sorted_pages_by_page_offset_and_cursor(
    gateway: InProcessGateway, token: TokenFactory, made: list[Any]
) -> None:
    admin = token()
    everything = ["Alpha", "alpha", "bravo", "charlie", "Delta"]
    first = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "limit": 2}).json()
    assert [item["title"] for item in first["data"]] == everything[:2]
    assert first["meta"]["total"] == 5 and first["meta"]["total_pages"] == 3 and first["meta"]["has_next"] is True
    seen, cursor = [item["title"] for item in first["data"]], first["meta"]["next_cursor"]
    while cursor:
        page = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "limit": 2, "cursor": cursor})
        seen += [item["title"] for item in page.json()["data"]]
        cursor = page.json()["meta"]["next_cursor"]
    assert seen == everything
    page2 = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "page": 2, "per_page": 2}).json()
    assert [item["title"] for item in page2["data"]] == everything[2:4]
    assert (page2["meta"]["page"], page2["meta"]["per_page"], page2["meta"]["total"]) == (2, 2, 5)
    offset = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "offset": 4}).json()
    assert [item["title"] for item in offset["data"]] == everything[4:]
    assert offset["meta"]["has_next"] is False and offset["meta"]["next_cursor"] is None
    assert offset["meta"]["offset"] == 4


def test_a_cursor_serves_only_its_own_sort(gateway: InProcessGateway, token: TokenFactory, made: list[Any]) -> None:
    admin = token()
    by_title = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "limit": 1}).json()
    by_creation = gateway.request("GET", "/incidents", token=admin, query={"limit": 1}).json()
    for query in (
        {"cursor": by_title["meta"]["next_cursor"]},
        {"cursor": by_title["meta"]["next_cursor"], "sort": "-title"},
        {"cursor": by_creation["meta"]["next_cursor"], "sort": "title"},
    ):
        response = gateway.request("GET", "/incidents", token=admin, query=query)
        assert response.status_code == 400
        assert response.json()["error"]["details"] == [
            {"field": "cursor", "message": "cursor is invalid or belongs to another query"}
        ]


def test_above_the_cap_is_400_asking_to_narrow(
    gateway: InProcessGateway, token: TokenFactory, made: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "MAX_SORTED_ITEMS", 4)
    admin = token()
    response = gateway.request("GET", "/incidents", token=admin, query={"sort": "title"})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {
            "field": "sort",
            "message": "sorting by title reads at most 4 matching incidents and more match: narrow the filters "
            "(status, severity, created_after/created_before, ...) or sort by created_at",
        }
    ]
    narrowed = gateway.request("GET", "/incidents", token=admin, query={"sort": "title", "severity": "low"})
    assert [item["title"] for item in narrowed.json()["data"]] == ["bravo", "charlie"]
    # created_at is not capped
    assert len(gateway.request("GET", "/incidents", token=admin).json()["data"]) == 5


@pytest.fixture
def dynamodb_calls(gateway: InProcessGateway) -> Iterator[list[str]]:
    """Each DynamoDB call of the repository, as `<operation> <Limit>` (Limit None: whole 1 MB pages)."""
    calls: list[str] = []
    repository = get_repository()
    assert isinstance(repository, DynamoIncidentRepository)

    def record(model: Any, params: dict[str, Any], **_: Any) -> None:
        calls.append(f"{model.name} {params.get('Limit')}")

    repository.client.meta.events.register("provide-client-params.dynamodb", record)
    yield calls
    repository.client.meta.events.unregister("provide-client-params.dynamodb", record)


def test_sorted_and_counted_lists_only_query(
    gateway: InProcessGateway, token: TokenFactory, made: list[Any], dynamodb_calls: list[str]
) -> None:
    admin = token()
    gateway.request("GET", "/incidents", token=admin, query={"sort": "severity", "q": "a"})
    assert dynamodb_calls == ["Query None"]  # filtered: whole pages
    dynamodb_calls.clear()
    # Unfiltered, a sorted list reads no more than the cap and one beyond it
    gateway.request("GET", "/incidents", token=admin, query={"sort": "title"})
    assert dynamodb_calls == ["Query 1001"]
    dynamodb_calls.clear()
    # A page that does not end the list, and whose total the counters do not know: the page, then a count
    gateway.request("GET", "/incidents", token=admin, query={"page": 1, "per_page": 2, "search": "a"})
    assert dynamodb_calls == ["Query 200", "Query None"]
    dynamodb_calls.clear()
    gateway.request("GET", "/incidents", token=admin, query={"page": 2, "per_page": 2})
    assert dynamodb_calls == ["Query 2", "Query 3", "GetItem None"]  # skip (keys only), the page, the counters
