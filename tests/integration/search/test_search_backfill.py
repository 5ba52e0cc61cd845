"""The search backfill (`make reindex`): incidents stored before the index existed become findable."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from incident_core.search.backfill import reindex_table
from incident_core.search.store import SearchIndexStore
from scripts import search_reindex
from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.integration.search.test_search_index import found
from tests.support.gateway import InProcessGateway
from tests.support.search_index import SearchIndexPump


def test_incidents_stored_before_the_index_are_found_after_the_backfill_and_a_rerun_writes_nothing(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    admin, other_org = token(), token(org="globex")
    old = [new_incident(gateway, admin, title=f"Legacy beacon {n}", tags=["legacy"]) for n in range(3)]
    theirs = new_incident(gateway, other_org, title="Legacy beacon elsewhere", tags=["legacy"])
    assert found(gateway, admin, tag="legacy") == []  # no indexer ran: as on a stack just upgraded

    report = reindex_table(SearchIndexStore(table_name=TABLE), segments=3)

    assert report.incidents == 4 and report.written > 0
    assert sorted(found(gateway, admin, tag="legacy")) == sorted(incident["id"] for incident in old)
    assert found(gateway, other_org, q="legacy beacon") == [theirs["id"]]
    again = reindex_table(SearchIndexStore(table_name=TABLE), segments=2)
    assert (again.incidents, again.written, again.removed) == (4, 0, 0)


def test_the_backfill_and_the_indexer_agree(gateway: InProcessGateway, token: TokenFactory) -> None:
    admin = token()
    incident = new_incident(gateway, admin, title="Beacon to 203.0.113.9", tags=["c2"])
    SearchIndexPump(TABLE).index_changes()
    assert found(gateway, admin, observable="203.0.113.9") == [incident["id"]]
    assert asdict(reindex_table(SearchIndexStore(table_name=TABLE))) == {"incidents": 1, "written": 0, "removed": 0}


def test_the_script_prints_what_it_did(
    gateway: InProcessGateway, token: TokenFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    new_incident(gateway, token(), title="Legacy", tags=["legacy"])
    assert search_reindex.main(["--table", TABLE, "--segments", "2"]) == 0
    assert '"incidents": 1' in capsys.readouterr().out
