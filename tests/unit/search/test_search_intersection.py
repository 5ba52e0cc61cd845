"""Several terms intersect by reading their lists in step (search/lookup.match_keys), without DynamoDB."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.incidents.vocabulary import ListQuery
from incident_core.search import lookup
from incident_core.search.store import SearchIndexStore, TermKeys
from incident_core.search.terms import TAG, WORD, Term


class ListsInMemory(SearchIndexStore):
    """Term lists held in memory: `term_keys` pages them like a Query (newest first unless ascending)."""

    def __init__(self, lists: dict[Term, list[str]]) -> None:
        self.lists = lists
        self.requests = 0
        self.table_name = "memory"

    def term_keys(
        self, *, org_id: str, term: Term, start_after: str | None, ascending: bool, limit: int, **_: Any
    ) -> TermKeys:
        self.requests += 1
        ordered = sorted(self.lists.get(term, []), reverse=not ascending)
        if start_after is not None:
            ordered = [key for key in ordered if (key > start_after if ascending else key < start_after)]
        page = ordered[:limit]
        return TermKeys(page, page[-1] if len(ordered) > limit else None)


def key(n: int) -> str:
    return f"2026-11-{n:04d}#id{n}"


COMMON = (TAG, "prod")
RARE = (WORD, "ransomware")


def test_the_intersection_is_exact_across_pages_of_a_common_term(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "KEYS_PER_QUERY", 10)
    store = ListsInMemory({COMMON: [key(n) for n in range(100)], RARE: [key(n) for n in (3, 50, 97)]})
    found = lookup.match_keys(store, org_id="acme", terms=[COMMON, RARE], query=ListQuery(), start_after=None, want=5)
    assert found.sort_keys == [key(97), key(50), key(3)]
    assert found.frontier is None  # both lists read to their ends
    assert found.queries == 11  # the rare list once, the common one page by page (10 keys a page)


def test_the_query_budget_stops_the_walk_with_the_frontier_to_resume_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "KEYS_PER_QUERY", 10)
    monkeypatch.setattr(lookup, "MAX_TERM_QUERIES", 4)
    store = ListsInMemory({COMMON: [key(n) for n in range(100)], RARE: [key(n) for n in (3, 97)]})
    found = lookup.match_keys(store, org_id="acme", terms=[COMMON, RARE], query=ListQuery(), start_after=None, want=5)
    assert found.sort_keys == [key(97)]
    assert found.frontier == key(70)  # the common list is known down to here: resume after it
    resumed = lookup.match_keys(
        store, org_id="acme", terms=[COMMON, RARE], query=ListQuery(), start_after=found.frontier, want=5
    )
    assert resumed.sort_keys == [] and resumed.frontier == key(40)


def test_one_term_is_one_query_of_the_page() -> None:
    store = ListsInMemory({RARE: [key(n) for n in range(30)]})
    found = lookup.match_keys(store, org_id="acme", terms=[RARE], query=ListQuery(), start_after=None, want=3)
    assert (found.sort_keys, found.queries) == ([key(29), key(28), key(27)], 1)
    oldest_first = lookup.match_keys(
        store, org_id="acme", terms=[RARE], query=ListQuery(ascending=True), start_after=None, want=2
    )
    assert oldest_first.sort_keys == [key(0), key(1)]
