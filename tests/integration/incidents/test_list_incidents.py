"""GET /incidents: filters on GSIs, signed cursors, offset pages and honest `has_more`.

(Aliases, numeric statuses, `assigned`, `offset`, clamped page sizes and totals:
`test_list_parameters.py`; sorting by other fields: `test_list_sorted.py`.)"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway
from tests.support.search_index import SearchIndexPump


@pytest.fixture
def seeded(gateway: InProcessGateway, token: TokenFactory) -> list[dict[str, Any]]:
    """Twelve incidents of acme in creation order, with varied fields, and one of globex."""
    admin = token()
    made = []
    for i in range(12):
        made.append(
            new_incident(
                gateway,
                admin,
                title=f"Incident {i} {'Ransomware' if i % 4 == 0 else 'Latency'}",
                severity=["low", "medium", "high", "critical"][i % 4],
                incident_type="malware" if i % 4 == 0 else "availability",
                source="edr" if i % 2 == 0 else "cloudwatch",
                tags=["prod"] if i % 3 == 0 else ["staging"],
                **({"assigned_to": "bob", "assigned_team": "soc"} if i % 5 == 0 else {}),
            )
        )
    gateway.request("PUT", f"/incidents/{made[1]['id']}/status", json_body={"status": "resolved"}, token=admin)
    gateway.request("PUT", f"/incidents/{made[2]['id']}/status", json_body={"status": "ack"}, token=admin)
    new_incident(gateway, token(org="globex"), title="Globex only")
    SearchIndexPump().index_changes()  # the stack's indexer follows the stream a moment later
    return made


def ids(response: Any) -> list[str]:
    return [item["id"] for item in response.json()["data"]]


def test_newest_first_with_total(gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]) -> None:
    response = gateway.request("GET", "/incidents", token=token())
    assert response.status_code == 200
    assert ids(response) == [incident["id"] for incident in reversed(seeded)]
    assert response.json()["meta"] == {
        "limit": 20,
        "has_more": False,
        "has_next": False,
        "next_cursor": None,
        "total": 12,
        "total_pages": 1,
    }
    ascending = gateway.request("GET", "/incidents", token=token(), query={"sort": "created_at"})
    assert ids(ascending) == [incident["id"] for incident in seeded]


def test_each_filter(gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]) -> None:
    def listed(**query: Any) -> set[str]:
        response = gateway.request("GET", "/incidents", token=token(sub="bob"), query=query)
        assert response.status_code == 200, response.text
        return set(ids(response))

    by_index = {i: incident["id"] for i, incident in enumerate(seeded)}
    assert listed(status="resolved") == {by_index[1]}
    assert listed(status="resolved,acknowledged") == {by_index[1], by_index[2]}
    assert listed(status=["RESOLVED", "ack"]) == {by_index[1], by_index[2]}
    assert listed(severity="critical") == {by_index[i] for i in (3, 7, 11)}
    assert listed(severity="low,Critical") == {by_index[i] for i in (0, 3, 4, 7, 8, 11)}
    assert listed(incident_type="MALWARE") == {by_index[i] for i in (0, 4, 8)}
    assert listed(source="edr") == {by_index[i] for i in range(0, 12, 2)}
    assert listed(assigned_to="bob") == {by_index[i] for i in (0, 5, 10)}
    assert listed(assigned_to="me") == {by_index[i] for i in (0, 5, 10)}
    assert listed(assigned_to="unassigned") == {by_index[i] for i in range(12) if i % 5}
    assert listed(assigned_team="soc") == {by_index[i] for i in (0, 5, 10)}
    assert listed(tag="prod") == {by_index[i] for i in (0, 3, 6, 9)}
    assert listed(q="ransomware") == {by_index[i] for i in (0, 4, 8)}
    assert listed(q="RANSOM", severity="low") == {by_index[i] for i in (0, 4, 8)}
    assert listed(status="open", severity="low", source="edr") == {by_index[i] for i in (0, 4, 8)}
    middle = seeded[5]["created_at"]
    assert listed(created_after=middle) == {by_index[i] for i in range(5, 12)}
    assert listed(created_before=middle) == {by_index[i] for i in range(5)}
    assert listed(created_after=seeded[3]["created_at"], created_before=middle) == {by_index[i] for i in (3, 4)}


def test_totals_follow_the_counters(
    gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]
) -> None:
    meta = gateway.request("GET", "/incidents", token=token(), query={"status": "open"}).json()["meta"]
    assert meta["total"] == 10
    meta = gateway.request("GET", "/incidents", token=token(), query={"severity": "high,critical"}).json()["meta"]
    assert meta["total"] == 6
    # The counters do not count tags: the total shows when the page holds the whole list
    meta = gateway.request("GET", "/incidents", token=token(), query={"tag": "prod"}).json()["meta"]
    assert (meta["total"], meta["total_pages"]) == (4, 1)
    meta = gateway.request("GET", "/incidents", token=token(), query={"tag": "prod", "limit": 2}).json()["meta"]
    assert "total" not in meta and "total_pages" not in meta


def test_cursor_pages_cover_everything_once(
    gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query: dict[str, Any] = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        payload = gateway.request("GET", "/incidents", token=token(), query=query).json()
        seen += [item["id"] for item in payload["data"]]
        pages += 1
        if not payload["meta"]["has_more"]:
            assert payload["meta"]["next_cursor"] is None
            break
        cursor = payload["meta"]["next_cursor"]
    assert pages == 3
    assert seen == [incident["id"] for incident in reversed(seeded)]


def test_filtered_cursor_pages(gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]) -> None:
    first = gateway.request("GET", "/incidents", token=token(), query={"source": "edr", "limit": 4}).json()
    assert len(first["data"]) == 4 and first["meta"]["has_more"] is True
    second = gateway.request(
        "GET", "/incidents", token=token(), query={"source": "edr", "limit": 4, "cursor": first["meta"]["next_cursor"]}
    ).json()
    assert len(second["data"]) == 2 and second["meta"]["has_more"] is False
    assert {item["id"] for item in first["data"] + second["data"]} == {seeded[i]["id"] for i in range(0, 12, 2)}


def test_offset_pages(gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]) -> None:
    newest_first = [incident["id"] for incident in reversed(seeded)]
    page2 = gateway.request("GET", "/incidents", token=token(), query={"page": 2, "per_page": 5}).json()
    assert [item["id"] for item in page2["data"]] == newest_first[5:10]
    assert page2["meta"] == {
        "limit": 5,
        "page": 2,
        "per_page": 5,
        "page_size": 5,
        "has_more": True,
        "has_next": True,
        "next_cursor": page2["meta"]["next_cursor"],
        "total": 12,
        "total_pages": 3,
    }
    assert page2["meta"]["next_cursor"]
    page3 = gateway.request("GET", "/incidents", token=token(), query={"page": 3, "per_page": 5}).json()
    assert [item["id"] for item in page3["data"]] == newest_first[10:]
    assert page3["meta"]["has_more"] is False
    page9 = gateway.request("GET", "/incidents", token=token(), query={"page": 9, "per_page": 5}).json()
    assert page9["data"] == [] and page9["meta"]["has_more"] is False
    too_deep = gateway.request("GET", "/incidents", token=token(), query={"page": 200, "per_page": 100})
    assert too_deep.status_code == 400


def test_cursor_can_not_be_forged_or_moved(
    gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]
) -> None:
    cursor = gateway.request("GET", "/incidents", token=token(), query={"limit": 2}).json()["meta"]["next_cursor"]
    body, _, signature = cursor.partition(".")
    for bad in (cursor[:-2] + "xx", body + "." + signature[::-1], "garbage"):
        response = gateway.request("GET", "/incidents", token=token(), query={"cursor": bad})
        assert response.status_code == 400
        assert response.json()["error"]["details"][0]["field"] == "cursor"
    other_org = gateway.request("GET", "/incidents", token=token(org="globex"), query={"cursor": cursor})
    assert other_org.status_code == 400
    other_query = gateway.request("GET", "/incidents", token=token(), query={"cursor": cursor, "status": "open"})
    assert other_query.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": "ten"},
        {"limit": -5},
        {"status": "sleeping"},
        {"status": "7"},
        {"severity": "urgent"},
        {"sort": "colour"},
        {"created_after": "yesterday"},
        {"priority": "p1"},
        {"cursor": "x", "page": 2},
        {"colour": "red"},
    ],
)
def test_bad_query_parameters_are_400(gateway: InProcessGateway, token: TokenFactory, query: dict[str, Any]) -> None:
    response = gateway.request("GET", "/incidents", token=token(), query=query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_read_budget_stops_a_sparse_filter_with_an_honest_cursor(
    gateway: InProcessGateway, token: TokenFactory, seeded: list[dict[str, Any]]
) -> None:
    from incident_core.incidents.repository import DynamoIncidentRepository, get_repository

    repository = get_repository()
    assert isinstance(repository, DynamoIncidentRepository)
    repository.filtered_page_size = 3
    repository.max_query_calls = 2
    sparse = {"q": "ransomware", "source": "edr"}  # with another filter, the bounded scan serves q
    first = gateway.request("GET", "/incidents", token=token(), query={**sparse, "limit": 2}).json()
    # Six incidents read, one match (incident 8): the page is short but more may follow.
    assert len(first["data"]) == 1
    assert first["meta"]["has_more"] is True
    found = [item["id"] for item in first["data"]]
    cursor = first["meta"]["next_cursor"]
    while cursor:
        page = gateway.request(
            "GET", "/incidents", token=token(), query={**sparse, "limit": 2, "cursor": cursor}
        ).json()
        found += [item["id"] for item in page["data"]]
        cursor = page["meta"]["next_cursor"]
    assert sorted(found) == sorted(seeded[i]["id"] for i in (0, 4, 8))
