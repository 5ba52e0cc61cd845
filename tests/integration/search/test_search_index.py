"""The search index in moto: the indexer on the table's stream, and the lookups it serves.

The indexer runs in-process on what moto's stream holds (`tests.support.search_index`), as its
event source mapping would a moment after each change.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway
from tests.support.search_index import SearchIndexPump

ADDRESS = "198.51.100.23"
PHISHING = {
    "title": f"Credential phishing from {ADDRESS}",
    "description": "Payroll lure, beacon to evil-payroll.example",
    "tags": ["phishing", "Finance"],
    "severity": "high",
}


def term_items(org: str) -> dict[str, set[str]]:
    """Every index item of the org in the table: term partition -> incident ids."""
    items: dict[str, set[str]] = {}
    pages = (
        boto3.client("dynamodb").get_paginator("scan").paginate(TableName=TABLE)
    )  # a test's look, not a request path
    for page in pages:
        for item in page["Items"]:
            pk = item["pk"]["S"]
            if pk.startswith(f"ORG#{org}#TERM#"):
                items.setdefault(pk.removeprefix(f"ORG#{org}#TERM#"), set()).add(item["incident_id"]["S"])
    return items


def manifest(org: str, incident_id: str) -> dict[str, Any]:
    item = boto3.client("dynamodb").get_item(
        TableName=TABLE, Key={"pk": {"S": f"ORG#{org}#INC#{incident_id}"}, "sk": {"S": "SEARCH_TERMS"}}
    )["Item"]
    return {"terms": [term["S"] for term in item["terms"]["L"]], "version": int(item["version"]["N"])}


def found(gateway: InProcessGateway, token: str, **query: Any) -> list[str]:
    response = gateway.request("GET", "/incidents", token=token, query=query)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


@pytest.fixture
def pump(gateway: InProcessGateway) -> SearchIndexPump:
    return SearchIndexPump(TABLE)


def test_the_indexer_writes_an_item_per_term_and_a_manifest(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    incident = new_incident(gateway, token(), **PHISHING)
    assert term_items("acme") == {}  # the change itself writes no index item
    assert pump.index_changes()["records"] == 1
    items = term_items("acme")
    assert {"tag#phishing", "tag#finance", f"obs#{ADDRESS}", "obs#evil-payroll.example", "word#payroll"} <= set(items)
    assert all(ids == {incident["id"]} for ids in items.values())
    assert sorted(manifest("acme", incident["id"])["terms"]) == sorted(f"ORG#acme#TERM#{term}" for term in items)


def test_an_update_removes_the_terms_the_incident_no_longer_has(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    incident = new_incident(gateway, admin, **PHISHING)
    pump.index_changes()
    patch = {"title": "Credential stuffing", "tags": ["stuffing"]}
    assert gateway.request("PATCH", f"/incidents/{incident['id']}", json_body=patch, token=admin).status_code == 200
    pump.index_changes()
    items = term_items("acme")
    assert "tag#phishing" not in items and f"obs#{ADDRESS}" not in items and "word#phishing" not in items
    assert {"tag#stuffing", "word#stuffing", "word#payroll"} <= set(items)  # the description stayed
    assert found(gateway, admin, tag="phishing") == []
    assert found(gateway, admin, q="stuffing credential") == [incident["id"]]


def test_a_deleted_incident_leaves_every_lookup(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    incident = new_incident(gateway, admin, **PHISHING)
    pump.index_changes()
    assert found(gateway, admin, observable=ADDRESS) == [incident["id"]]
    assert gateway.request("DELETE", f"/incidents/{incident['id']}", token=admin).status_code == 200
    # Before the indexer catches up, the lookup already drops it (the incident is read back)
    assert found(gateway, admin, observable=ADDRESS) == []
    pump.index_changes()
    assert term_items("acme") == {}
    assert manifest("acme", incident["id"])["terms"] == []
    for query in ({"tag": "phishing"}, {"q": "payroll"}, {"observable": ADDRESS}):
        assert found(gateway, admin, **query) == []


def test_replaying_the_stream_gives_the_same_items(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    incident = new_incident(gateway, admin, **PHISHING)
    created = pump.stream_event()
    pump.index_changes(created)
    patch = {"tags": ["stuffing"]}
    gateway.request("PATCH", f"/incidents/{incident['id']}", json_body=patch, token=admin)
    updated = pump.stream_event()
    pump.index_changes(updated)
    after_update = term_items("acme")
    pump.index_changes(updated)  # a retried batch
    pump.index_changes(created)  # an older record: the manifest's version is newer, nothing changes
    assert term_items("acme") == after_update
    assert "tag#stuffing" in after_update and "tag#phishing" not in after_update


def test_a_batch_indexes_each_incident_as_its_last_record_says_in_one_pass(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    first = new_incident(gateway, admin, **PHISHING)
    second = new_incident(gateway, admin, title="Disk full on db-7", tags=["storage"])
    patch = {"title": "Credential stuffing", "tags": ["stuffing"]}
    assert gateway.request("PATCH", f"/incidents/{first['id']}", json_body=patch, token=admin).status_code == 200
    batch = pump.stream_event()
    assert len(batch["Records"]) == 3  # the first incident's two records and the second's one
    assert pump.index_changes(batch)["records"] == 3
    items = term_items("acme")
    assert "tag#phishing" not in items and items["tag#stuffing"] == {first["id"]}
    assert items["tag#storage"] == {second["id"]}
    assert manifest("acme", first["id"])["version"] == 2


def test_a_removed_item_takes_its_index_items_with_it(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    incident = new_incident(gateway, token(), **PHISHING)
    pump.index_changes()
    key = {"pk": {"S": f"ORG#acme#INC#{incident['id']}"}, "sk": {"S": "INCIDENT"}}
    boto3.client("dynamodb").delete_item(TableName=TABLE, Key=key)  # a REMOVE record: keys only
    assert pump.index_changes()["removed"] > 0
    assert term_items("acme") == {}


def test_another_orgs_incidents_never_appear(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    ours = new_incident(gateway, token(), **PHISHING)
    theirs = new_incident(gateway, token(org="globex"), **PHISHING)
    pump.index_changes()
    for org, incident in (("acme", ours), ("globex", theirs)):
        caller = token(org=org)
        for query in ({"tag": "phishing"}, {"q": "payroll lure"}, {"observable": ADDRESS}):
            assert found(gateway, caller, **query) == [incident["id"]]
        pivot = gateway.request("GET", f"/observables/{ADDRESS}/incidents", token=caller).json()
        assert [item["id"] for item in pivot["data"]] == [incident["id"]]
    assert all(pk.startswith("ORG#globex#") for pk in manifest("globex", theirs["id"])["terms"])


def test_lookups_are_served_by_the_index_in_two_reads(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    old = new_incident(gateway, admin, **PHISHING)
    for i in range(5):
        new_incident(gateway, admin, title=f"Disk full on db-{i}", tags=["disk"])
    pump.index_changes()
    for query in ({"tag": "FINANCE"}, {"q": "Payroll"}, {"observable": "EVIL-PAYROLL.example"}):
        answer = gateway.request("GET", "/incidents", token=admin, query=query).json()
        assert [item["id"] for item in answer["data"]] == [old["id"]]
        assert answer["meta"]["search"]["served_by"] == "index"
        assert answer["meta"]["search"]["reads"] == 2  # one Query of the term, one BatchGetItem
    both = gateway.request("GET", "/incidents", token=admin, query={"q": "disk db", "tag": "disk"}).json()
    assert len(both["data"]) == 5 and both["meta"]["search"]["terms"] == ["tag:disk", "word:disk", "word:db"]
    assert found(gateway, admin, q="disk payroll") == []  # every word must match
    scanned = gateway.request("GET", "/incidents", token=admin, query={"q": "payroll", "severity": "high"}).json()
    assert [item["id"] for item in scanned["data"]] == [old["id"]]
    assert scanned["meta"]["search"]["served_by"] == "scan"


def test_index_pages_follow_the_cursor_and_the_offset(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    made = [new_incident(gateway, admin, title=f"Beacon {i} to {ADDRESS}")["id"] for i in range(5)]
    pump.index_changes()
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = gateway.request("GET", f"/observables/{ADDRESS}/incidents", token=admin, query=query).json()
        seen += [item["id"] for item in page["data"]]
        cursor = page["meta"]["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(made))
    second = gateway.request("GET", "/incidents", token=admin, query={"q": "beacon", "page": 2, "per_page": 2}).json()
    assert [item["id"] for item in second["data"]] == [made[2], made[1]]
    assert second["meta"]["total"] == 5


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/observables/not-an-indicator/incidents", {}, "value"),
        ("/incidents", {"observable": "nothing here"}, "observable"),
        ("/incidents", {"observable": ADDRESS, "status": "open"}, "observable"),
        ("/incidents", {"observable": ADDRESS, "sort": "severity"}, "observable"),
        ("/incidents", {"q": "alpha bravo charlie delta echo foxtrot golf hotel india"}, "q"),
    ],
)
def test_a_lookup_the_index_can_not_serve_is_400(
    gateway: InProcessGateway, token: TokenFactory, path: str, query: dict[str, Any], field: str
) -> None:
    response = gateway.request("GET", path, token=token(), query=query)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["details"][0]["field"] == field


def test_a_change_that_touches_nothing_searchable_writes_nothing_and_a_new_tag_writes_only_itself(
    gateway: InProcessGateway, token: TokenFactory, pump: SearchIndexPump
) -> None:
    admin = token()
    incident = new_incident(gateway, admin, **PHISHING)
    pump.index_changes()
    indexed = manifest("acme", incident["id"])
    status = {"status": "investigating"}
    assert gateway.request("PATCH", f"/incidents/{incident['id']}", json_body=status, token=admin).status_code == 200

    assert pump.index_changes() == {"records": 1, "written": 0, "removed": 0}  # a triage result or a status
    assert manifest("acme", incident["id"]) == indexed  # still the version its terms were written at

    tags = {"tags": ["phishing", "Finance", "payroll-fraud"]}
    assert gateway.request("PATCH", f"/incidents/{incident['id']}", json_body=tags, token=admin).status_code == 200
    assert pump.index_changes() == {"records": 1, "written": 1, "removed": 0}
    assert term_items("acme")["tag#payroll-fraud"] == {incident["id"]}
    assert found(gateway, admin, tag="phishing") == [incident["id"]]
