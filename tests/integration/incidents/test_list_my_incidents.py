"""GET /me/incidents: what the caller may see across the orgs of its token, filtered, sorted and paged."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from incident_core.incidents import my_incidents
from scripts.dev_token import ALL_PERMISSIONS
from tests.integration.conftest import SECRET, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway


def multi_org_token(orgs: list[str], sub: str, *, roles: list[str] | None = None) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": sub, "org_id": orgs, "iat": now, "exp": now + 600}
    claims.update({"roles": roles} if roles else {"permissions": list(ALL_PERMISSIONS)})
    return jwt.encode(claims, SECRET, algorithm="HS256")


@pytest.fixture
def reports(gateway: InProcessGateway, token: TokenFactory) -> dict[str, dict[str, Any]]:
    """Reports of rita in acme and globex, one of sam's in acme assigned to rita, one of bob's in
    acme assigned to rob, and one in initech (an org none of the tokens below names)."""
    made = {
        "rita_acme": new_incident(
            gateway, token(sub="rita", roles=["reporter"]), title="Aggressive attendee in hall A"
        ),
        "rita_globex": new_incident(
            gateway, token(org="globex", sub="rita", roles=["reporter"]), title="Broken stair rail in hall C"
        ),
        "sam_acme": new_incident(gateway, token(sub="sam", roles=["reporter"]), title="Unattended bag in the lobby"),
        "rob_acme": new_incident(gateway, token(sub="bob"), title="badge printer on fire", severity="high"),
        "initech": new_incident(gateway, token(org="initech", sub="rita", roles=["reporter"]), title="Elsewhere"),
    }
    admin = token()
    moved = gateway.request(
        "PUT",
        f"/incidents/{made['sam_acme']['id']}/status",
        json_body={"status": "investigating", "assigned_to": "rita"},
        token=admin,
    )
    assert moved.status_code == 200, moved.text
    assigned = gateway.request(
        "PUT", f"/incidents/{made['rob_acme']['id']}/assignee", json_body={"assigned_to": "rob"}, token=admin
    )
    assert assigned.status_code == 200, assigned.text
    return made


def mine(gateway: InProcessGateway, token: str, **query: Any) -> dict[str, Any]:
    response = gateway.request("GET", "/me/incidents", token=token, query=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["data"]]


def test_a_reporter_sees_only_what_it_created(gateway: InProcessGateway, reports: dict[str, Any]) -> None:
    rita = multi_org_token(["acme", "globex"], "rita", roles=["reporter"])
    body = mine(gateway, rita)
    # Never the incident merely assigned to it, nor one of an org the token does not name
    assert ids(body) == [reports["rita_globex"]["id"], reports["rita_acme"]["id"]]
    assert body["meta"] == {
        "limit": 20,
        "page": 1,
        "total": 2,
        "total_pages": 1,
        "totalPages": 1,
        "has_more": False,
        "has_next": False,
        "next_cursor": None,
        "orgs": ["acme", "globex"],
    }
    assert ids(mine(gateway, rita, assigned="me")) == []
    assert ids(mine(gateway, rita, search="STAIR")) == [reports["rita_globex"]["id"]]
    assert ids(mine(gateway, rita, event="acme")) == [reports["rita_acme"]["id"]]


def test_anyone_else_sees_every_incident_of_its_orgs(gateway: InProcessGateway, reports: dict[str, Any]) -> None:
    rob = multi_org_token(["acme", "globex"], "rob", roles=["responder"])
    every = [reports[name]["id"] for name in ("rob_acme", "sam_acme", "rita_globex", "rita_acme")]
    assert ids(mine(gateway, rob)) == every
    assert ids(mine(gateway, rob, assigned="me")) == [reports["rob_acme"]["id"]]
    assert ids(mine(gateway, rob, assigned="unassigned")) == [reports["rita_globex"]["id"], reports["rita_acme"]["id"]]
    assert ids(mine(gateway, rob, assigned="others")) == [reports["sam_acme"]["id"]]
    assert ids(mine(gateway, rob, org="globex")) == [reports["rita_globex"]["id"]]
    assert ids(mine(gateway, rob, event="globex", org="globex")) == [reports["rita_globex"]["id"]]
    assert ids(mine(gateway, rob, search="hall")) == [reports["rita_globex"]["id"], reports["rita_acme"]["id"]]
    assert ids(mine(gateway, rob, status=2)) == [reports["sam_acme"]["id"]]
    assert ids(mine(gateway, rob, status="1", assigned="unassigned", org="acme")) == [reports["rita_acme"]["id"]]
    assert ids(mine(gateway, rob, status="investigating,open", search="bag")) == [reports["sam_acme"]["id"]]
    # One org in the token: that org only
    single = mine(gateway, multi_org_token(["globex"], "rob", roles=["responder"]))
    assert ids(single) == [reports["rita_globex"]["id"]] and single["meta"]["orgs"] == ["globex"]


def test_sorted_and_paged_as_seed_003_documents(gateway: InProcessGateway, reports: dict[str, Any]) -> None:
    rob = multi_org_token(["acme", "globex"], "rob", roles=["responder"])
    first = mine(gateway, rob, sort="title", order="asc", page=1, limit=2)
    assert [item["title"] for item in first["data"]] == ["Aggressive attendee in hall A", "badge printer on fire"]
    assert first["meta"] == {
        "limit": 2,
        "page": 1,
        "total": 4,
        "total_pages": 2,
        "totalPages": 2,
        "has_more": True,
        "has_next": True,
        "next_cursor": first["meta"]["next_cursor"],
        "orgs": ["acme", "globex"],
    }
    second = mine(gateway, rob, sort="title", order="asc", page=2, limit=2)
    assert [item["title"] for item in second["data"]] == ["Broken stair rail in hall C", "Unattended bag in the lobby"]
    assert (second["meta"]["page"], second["meta"]["has_next"], second["meta"]["next_cursor"]) == (2, False, None)
    # The cursor of page 1 is page 2
    following = mine(gateway, rob, sort="title", order="asc", limit=2, cursor=first["meta"]["next_cursor"])
    assert ids(following) == ids(second) and following["meta"]["page"] == 2
    # order defaults to desc; a - prefix is descending too
    assert ids(mine(gateway, rob, sort="title")) == ids(mine(gateway, rob, sort="-title"))
    assert mine(gateway, rob, sort="title")["data"][0]["title"] == "Unattended bag in the lobby"
    oldest_first = [reports[name]["id"] for name in ("rita_acme", "rita_globex", "sam_acme", "rob_acme")]
    assert ids(mine(gateway, rob, sort="createdAt", order="asc")) == oldest_first
    assert ids(mine(gateway, rob, sort="created_at", order="asc")) == oldest_first
    # status by lifecycle: open ones (oldest first among them), then investigating
    by_status = mine(gateway, rob, sort="status", order="asc")
    assert ids(by_status)[-1] == reports["sam_acme"]["id"]
    assert ids(mine(gateway, rob, sort="updated_at"))[0] == reports["rob_acme"]["id"]
    beyond = mine(gateway, rob, page=3, limit=2)
    assert beyond["data"] == [] and beyond["meta"]["total"] == 4 and beyond["meta"]["page"] == 3


def test_limit_is_clamped_and_bad_parameters_are_400(gateway: InProcessGateway, reports: dict[str, Any]) -> None:
    rob = multi_org_token(["acme", "globex"], "rob", roles=["responder"])
    assert mine(gateway, rob, limit=500)["meta"]["limit"] == 100
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"event": "initech"}, ["event"], "event must be one of the orgs your token names: acme, globex"),
        ({"org": "initech"}, ["org"], "org must be one of the orgs your token names: acme, globex"),
        ({"org": "acme", "event": "globex"}, ["org", "event"], "org and event are the same parameter"),
        ({"limit": 0}, ["limit"], "limit must be an integer from 1 to 100"),
        ({"page": 0}, ["page"], "page must be an integer from 1 to 10000"),
        ({"sort": "severity"}, ["sort"], "sort must be one of: created_at, createdAt, updated_at"),
        ({"order": "sideways"}, ["order"], "order must be asc or desc"),
        ({"assigned": "everyone"}, ["assigned"], "assigned must be me, unassigned or others"),
        ({"status": "sleeping"}, ["status"], "status must be one of:"),
        ({"cursor": "abc", "page": 2}, ["cursor"], "use either cursor or page, not both"),
        ({"cursor": "abc"}, ["cursor"], "cursor is invalid or belongs to another query"),
        ({"assigned_to": "me"}, ["assigned_to"], "assigned_to is not a supported parameter"),
    ]
    for query, fields, message in cases:
        response = gateway.request("GET", "/me/incidents", token=rob, query=query)
        assert response.status_code == 400, query
        details = response.json()["error"]["details"]
        assert [detail["field"] for detail in details] == fields, query
        assert details[0]["message"].startswith(message), query


def test_a_cursor_belongs_to_its_caller_orgs_and_filters(gateway: InProcessGateway, reports: dict[str, Any]) -> None:
    rob = multi_org_token(["acme", "globex"], "rob", roles=["responder"])
    cursor = mine(gateway, rob, limit=1)["meta"]["next_cursor"]
    assert cursor
    for token, query in (
        (multi_org_token(["acme", "globex"], "carol", roles=["responder"]), {}),
        (multi_org_token(["acme"], "rob", roles=["responder"]), {}),
        (rob, {"status": "open"}),
        (rob, {"sort": "title"}),
    ):
        response = gateway.request("GET", "/me/incidents", token=token, query={"cursor": cursor, **query})
        assert response.status_code == 400
        assert response.json()["error"]["details"][0]["field"] == "cursor"


@pytest.mark.parametrize("cap", [1000, 2])
def test_newest_first_pages_with_a_cursor_within_and_past_the_cap(
    gateway: InProcessGateway, token: TokenFactory, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    """Within the cap the whole list is read and its cursor holds an offset; past it, a newest-first
    list merges one index page per org and its cursor holds one resume key per org."""
    made = []
    for org in ("acme", "globex", "acme", "globex", "acme"):
        made.append(new_incident(gateway, token(org=org), assigned_to="bob"))
    new_incident(gateway, token(org="acme"), assigned_to="carol")
    new_incident(gateway, token(org="initech"), assigned_to="bob")
    monkeypatch.setattr(my_incidents, "MAX_SORTED_ITEMS", cap)
    bob = multi_org_token(["acme", "globex"], "bob")
    seen: list[str] = []
    cursor = None
    first_meta: dict[str, Any] = {}
    while True:
        query = {"limit": 2, "assigned": "me", **({"cursor": cursor} if cursor else {})}
        page = mine(gateway, bob, **query)
        first_meta = first_meta or page["meta"]
        seen += ids(page)
        cursor = page["meta"]["next_cursor"]
        if not page["meta"]["has_more"]:
            break
    assert seen == [incident["id"] for incident in reversed(made)]
    if cap == 1000:
        assert (first_meta["page"], first_meta["total"], first_meta["totalPages"]) == (1, 5, 3)
        return
    # The counters do not know a user's assignments: no total
    assert first_meta["page"] == 1 and "total" not in first_meta
    # Without filters the counters know each org's total
    unfiltered = mine(gateway, bob, limit=2)["meta"]
    assert (unfiltered["total"], unfiltered["total_pages"], unfiltered["totalPages"]) == (6, 3, 3)
    for query, field in (({"page": 2}, "page"), ({"sort": "title"}, "sort")):
        response = gateway.request("GET", "/me/incidents", token=bob, query=query)
        assert response.status_code == 400
        [detail] = response.json()["error"]["details"]
        assert detail["field"] == field
        assert detail["message"].startswith("more than 2 incidents match: narrow the list")
