"""Lookups on the search index: the incidents of an org with every given term, newest first.

`index_terms` says whether the index serves a list query: a `tag`, the words of `q` (all must
match) and an `observable`, optionally within a creation range, sorted by creation. Anything
else beside them (a status, a severity, another sort, a `q` of stop words only) is served by
the list's bounded scan instead, and `meta.search` says which served it.

How several terms intersect (`match_keys`): every term's list is sorted the same way (by
`created_sk`), so the lists are read in step, keys only: one Query per term first, then more of
the list that is known least far, until the page is full or `MAX_TERM_QUERIES` Queries are
spent. Beyond the least-read list's last key every list is known, and there the intersection
is exact; where the reads stopped is the cursor of the next page (`has_more`). One term is
one Query of `limit + 1` keys. The page's incidents are then read with one BatchGetItem.
The reads of a lookup do not grow with the org, only with how common its rarest term is
relative to the others; `meta.search.reads` counts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import INVALID_CURSOR, QueryParams, decode_cursor, encode_cursor
from incident_core.incidents.vocabulary import ListQuery
from incident_core.search.store import SearchIndexStore
from incident_core.search.terms import MAX_QUERY_TERMS, Term, observable_value, query_terms, query_words

KEYS_PER_QUERY = 1000  # keys of one term read per Query when several terms intersect
MAX_TERM_QUERIES = 16  # Queries of term lists per request, over all its terms
CURSOR_KIND = "search"
# The fields of a list query the index serves; any other one set means the bounded scan serves it.
INDEX_FIELDS = frozenset(
    {"tag", "text", "observable", "created_after", "created_before", "created_by"}
    | {"limit", "cursor", "page", "offset", "sort", "ascending"}
)
OBSERVABLE_ALONE = (
    "observable combines only with tag, q, created_after and created_before, sorted by created_at "
    "(the search index serves it)"
)


def index_terms(query: ListQuery, *, index_order: str) -> list[Term] | None:
    """The terms the index answers `query` by, or None when the list's bounded scan serves it."""
    if not (query.tag or query.text or query.observable):
        return None
    words = query_words(query.text) if query.text else []
    served = (
        query.sort == index_order
        and not (query.text and not words)
        and not any(value not in (None, False, ()) for value in query.fields(exclude=INDEX_FIELDS).values())
        # A reporter's own list (its own index) is small: the scan serves its tags and words.
        and (query.created_by is None or query.observable is not None)
    )
    if not served:
        if query.observable:
            raise ValidationFailed.for_field("observable", OBSERVABLE_ALONE)
        return None
    terms = query_terms(tag=query.tag, words=words, observable=query.observable)
    if len(terms) > MAX_QUERY_TERMS:
        raise ValidationFailed.for_field("q", f"at most {MAX_QUERY_TERMS} words, tag and observable together")
    return terms


@dataclass(slots=True)
class Matches:
    """The sort keys of the incidents having every term, in list order, and where the reads stopped
    (`frontier`: the lists are known up to it, included; None: read to their ends)."""

    sort_keys: list[str]
    frontier: str | None
    queries: int


def match_keys(
    store: SearchIndexStore,
    *,
    org_id: str,
    terms: list[Term],
    query: ListQuery,
    start_after: str | None,
    want: int,
) -> Matches:
    """At least `want` matching keys after `start_after`, unless the lists end or the Query budget is spent."""
    known: dict[Term, list[str]] = {term: [] for term in terms}
    frontiers: dict[Term, str | None] = {}
    queries = 0
    per_query = want if len(terms) == 1 else KEYS_PER_QUERY

    def read(term: Term, after: str | None) -> None:
        nonlocal queries
        page = store.term_keys(
            org_id=org_id,
            term=term,
            start_after=after,
            ascending=query.ascending,
            created_after=query.created_after,
            created_before=query.created_before,
            limit=per_query,
        )
        queries += 1
        known[term] += page.sort_keys
        frontiers[term] = page.last

    for term in terms:
        read(term, start_after)
    farthest: Callable[..., str] = min if query.ascending else max  # the list known least far
    while True:
        open_frontiers = [frontier for frontier in frontiers.values() if frontier is not None]
        bound = farthest(open_frontiers) if open_frontiers else None
        first, *others = terms
        others_keys = [set(known[term]) for term in others]
        matching = [
            key
            for key in known[first]
            if (bound is None or (key <= bound if query.ascending else key >= bound))
            and all(key in keys for keys in others_keys)
        ]
        if len(matching) >= want or bound is None or queries >= MAX_TERM_QUERIES:
            return Matches(matching, bound, queries)
        limiting = next(term for term, frontier in frontiers.items() if frontier == bound)
        read(limiting, bound)


type ListPage = tuple[list[dict[str, Any]], bool, str | None, int | None]  # items, has_more, next_cursor, total


def search_page(
    store: SearchIndexStore,
    *,
    org_id: str,
    query: ListQuery,
    terms: list[Term],
    secret: bytes,
    fingerprint: str,
) -> tuple[ListPage, dict[str, Any]]:
    """One page of the incidents having every term (from a cursor, or skipping `offset` matches)."""
    requests_before = store.requests
    start_after, position = None, query.offset or 0
    if query.cursor:
        payload = decode_cursor(query.cursor, secret=secret)
        start_after, resumed_at = payload.get("s"), payload.get("n")
        if payload.get("i") != CURSOR_KIND or payload.get("f") != fingerprint or not isinstance(start_after, str):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        position = resumed_at if isinstance(resumed_at, int) else 0
    skip = query.offset or 0
    matches = match_keys(
        store, org_id=org_id, terms=terms, query=query, start_after=start_after, want=skip + query.limit + 1
    )
    if skip and len(matches.sort_keys) < skip and matches.frontier is not None:
        raise ValidationFailed.for_field(
            "offset", "this search is too wide to reach that deep: page on with the cursor"
        )
    shown = matches.sort_keys[skip : skip + query.limit]
    incidents = store.incidents(org_id=org_id, incident_ids=[key.rsplit("#", 1)[1] for key in shown])
    items = [
        incident
        for key in shown
        if (incident := incidents.get(key.rsplit("#", 1)[1])) is not None
        and not incident.get("deleted_at")  # the index follows the stream: it may lag a change by a moment
        and (query.created_by is None or incident.get("created_by") == query.created_by)
    ]
    more_matched = len(matches.sort_keys) > skip + query.limit
    resume = shown[-1] if more_matched and shown else matches.frontier
    has_more = more_matched or matches.frontier is not None
    next_cursor = (
        encode_cursor({"i": CURSOR_KIND, "s": resume, "f": fingerprint, "n": position + len(shown)}, secret=secret)
        if has_more and resume
        else None
    )
    complete = matches.frontier is None and query.created_by is None and not query.cursor
    meta = {
        "served_by": "index",
        "terms": [f"{kind}:{value}" for kind, value in terms],
        "reads": store.requests - requests_before,
    }
    return (items, has_more, next_cursor, len(matches.sort_keys) if complete else None), meta


def parse_observable(read: QueryParams) -> str | None:
    """`observable`, normalised as the index holds it (a domain in lower case, a CVE id in upper case)."""
    given = read.single("observable")
    if given is None:
        return None
    value = observable_value(given)
    if value is None:
        message = "observable must be an IP address, domain, URL, e-mail address, hash or CVE id"
        raise ValidationFailed.for_field("observable", message)
    return value


def scan_meta(query: ListQuery) -> dict[str, Any] | None:
    """What `meta.search` says when the list's bounded scan served a `tag` or `q`."""
    if not (query.tag or query.text):
        return None
    return {
        "served_by": "scan",
        "reason": "q has no indexed word, or other filters or another sort are asked with it",
        "matching": "q as case-insensitive text in the title and description; tag exactly",
        "bounded": "a page reads a bounded number of incidents: has_more and a cursor when it stops early",
    }
