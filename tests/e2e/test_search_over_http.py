"""Search over HTTP on the deployed stack: tag, word and observable lookups served by the search index.

The index is kept by its own consumer of the table's stream (functions/search_indexer), so it
follows a change by a moment: the tests poll, with a bound, until the index has caught up.
Each test works in orgs of its own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

INDEX_WAIT_SECONDS = 30.0
ADDRESS = "198.51.100.42"
OLD = {
    "title": "Exfiltration through wombatgate relay",
    "description": f"Beacon to {ADDRESS} every minute from build-07",
    "severity": "high",
    "tags": ["exfil-7781", "network"],
}
LOOKUPS: dict[str, Mapping[str, str]] = {
    "tag": {"tag": "EXFIL-7781"},
    "words": {"q": "wombatgate exfiltration"},
    "observable": {"observable": ADDRESS},
}


def new_org() -> str:
    return f"e2e-search-{uuid.uuid4().hex[:10]}"


def create(api: ApiClient, token: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/incidents", json=fields, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def found(api: ApiClient, token: str, query: Mapping[str, str]) -> dict[str, Any]:
    """One request of a lookup: its page of ids and its meta."""
    response = api.get("/incidents", params=dict(query), token=token)
    assert response.status_code == 200, response.text
    body = response.json()
    return {"ids": [item["id"] for item in body["data"]], "meta": body["meta"]}


def eventually(check: Callable[[], bool], what: str) -> None:
    """Until `check()` holds: the index follows the stream a moment after each change."""
    deadline = time.monotonic() + INDEX_WAIT_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"{what} within {INDEX_WAIT_SECONDS:.0f} s"
        time.sleep(0.3)


@pytest.fixture
def seeded(api: ApiClient, token: TokenFactory) -> dict[str, Any]:
    """An org whose oldest incident alone has the tag, the words and the address, under newer ones;
    and another org with the same incident."""
    org, other_org = new_org(), new_org()
    admin, other = token(org=org), token(org=other_org)
    old = create(api, admin, **OLD)
    newer = [
        create(api, admin, title=f"Disk latency on db-{i}", description="Slow volume", severity="low", tags=["disk"])
        for i in range(5)
    ]
    theirs = create(api, other, **OLD)
    for caller, incident in ((admin, old), (other, theirs)):

        def indexed(caller: str = caller, incident: dict[str, Any] = incident) -> bool:
            return all(found(api, caller, query)["ids"] == [incident["id"]] for query in LOOKUPS.values())

        eventually(indexed, f"the index did not list {incident['id']} under its tag, words and address")
    return {"admin": admin, "other": other, "old": old, "newer": newer, "theirs": theirs}


def test_tag_word_and_observable_lookups_find_an_old_incident_in_one_request(
    api: ApiClient, seeded: dict[str, Any]
) -> None:
    for kind, query in LOOKUPS.items():
        answer = found(api, seeded["admin"], query)
        assert answer["ids"] == [seeded["old"]["id"]], kind
        assert answer["meta"]["has_more"] is False, kind
        assert answer["meta"]["search"]["served_by"] == "index", kind
    pivot = api.get(f"/observables/{ADDRESS}/incidents", token=seeded["admin"])
    assert pivot.status_code == 200, pivot.text
    assert [item["id"] for item in pivot.json()["data"]] == [seeded["old"]["id"]]


def test_another_orgs_incidents_never_appear(api: ApiClient, seeded: dict[str, Any]) -> None:
    for caller, own, foreign in (("admin", "old", "theirs"), ("other", "theirs", "old")):
        for query in LOOKUPS.values():
            ids = found(api, seeded[caller], query)["ids"]
            assert seeded[foreign]["id"] not in ids and ids == [seeded[own]["id"]]
        pivot = api.get(f"/observables/{ADDRESS}/incidents", token=seeded[caller]).json()["data"]
        assert [item["id"] for item in pivot] == [seeded[own]["id"]]


def test_a_deleted_incident_disappears_from_every_lookup(api: ApiClient, seeded: dict[str, Any]) -> None:
    admin, old = seeded["admin"], seeded["old"]
    assert api.delete(f"/incidents/{old['id']}", token=admin).status_code == 200
    # At once: a lookup reads the incidents it lists, and drops a deleted one even before the index does.
    for query in LOOKUPS.values():
        assert found(api, admin, query)["ids"] == []
    assert api.get(f"/observables/{ADDRESS}/incidents", token=admin).json()["data"] == []
    # Then the index itself lets it go: the disk incidents stay, the old one's terms are gone.
    disk = found(api, admin, {"tag": "disk"})
    assert disk["ids"] == [incident["id"] for incident in reversed(seeded["newer"])]
    assert found(api, seeded["other"], LOOKUPS["tag"])["ids"] == [seeded["theirs"]["id"]]
