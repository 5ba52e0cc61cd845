"""`GET /incidents`: its query string validated, and one page of the org's incidents.

Filters, each under its own name and the names other incident APIs use (`type`, `priority`,
`search`, `start`/`end`; two names of one filter with different values are a 400). Three
ways to page, the page size (`limit`, `per_page` or `page_size`) above 100 read as 100:
- cursors (the default): `limit` and the signed `meta.next_cursor`, bound to the filters;
- pages: `page` (1-based) with a page size;
- offsets: `offset` (0-based) with a page size;
pages and offsets reach at most 10,000 items deep. Sorted by `created_at` (newest first by
default) a list pages on the indexes; sorted by another field it is sorted in memory
(`incidents.sorting`: at most 1,000 matching incidents, else a 400), and its cursor holds
an offset. `meta.total` (and `total_pages`) where known: from the org's counters, from a
list that ends on this page, or from a bounded count when paging by page or offset.
A `tag`, the words of `q` and an `observable` are looked up in the search index when nothing
else is asked beside them (`search.lookup`); otherwise the bounded scan serves them, and
`meta.search` says which did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import (
    INVALID_CURSOR,
    MAX_LIMIT,
    MAX_OFFSET_ITEMS,
    PAGING_QUERY,
    Listing,
    QueryParameter,
    QueryParams,
    cursor_secret,
    decode_cursor,
    encode_cursor,
    fingerprint,
    items_within_budget,
    total_pages,
)
from incident_core.incidents.repository import IncidentRepository, get_repository, severity_counter, status_counter
from incident_core.incidents.sorting import (
    INDEX_ORDER,
    MAX_SORTED_ITEMS,
    ORDERS,
    parse_sort,
    sort_choices,
    sort_incidents,
    too_many_to_sort,
)
from incident_core.incidents.views import public_view
from incident_core.incidents.vocabulary import (
    STATUS_CHOICES,
    STATUS_CODES,
    ListQuery,
    Severity,
    Status,
    parse_severity,
    parse_status,
    status_id,
)
from incident_core.search.lookup import index_terms, parse_observable, scan_meta, search_page
from incident_core.search.store import SearchIndexStore, get_search_index
from incident_core.search.terms import MAX_DESCRIPTION_WORDS
from incident_core.sla.listing import SLA_PARAMETER, sla_filter

DEFAULT_LIMIT = 20
STATUS_WORDS = tuple(status.value for status in Status)
STATUS_NUMBERS = tuple(str(code) for code in STATUS_CODES)
SEVERITY_WORDS = tuple(severity.value for severity in Severity)
ASSIGNED_CHOICES = ("me", "unassigned", "others")
# Numeric statuses that stand for status words alone (the rest also depend on the classification).
STATUS_WORDS_OF_CODE = {
    code: tuple(status for status in Status if status_id(status, None) == code)
    for code in (1, 2)  # 1 New: open, triaged; 2 Investigating: acknowledged, investigating
}
LIST_SORT_FIELDS = {name: name for name in ("created_at", "updated_at", "severity", "status", "title")}
STATUS_PARAMETER = QueryParameter(
    "status",
    "One or more statuses: words (aliases accepted) or numbers 1-5 (1 New: open or triaged; "
    "2 Investigating: acknowledged or investigating; 3 Resolved; 4 Closed; 5 Disrupted)",
    choices=STATUS_WORDS + STATUS_NUMBERS,
    many=True,
)
ASSIGNED_PARAMETER = QueryParameter(
    "assigned", "`me`, `unassigned`, or `others` (assigned to someone else)", choices=ASSIGNED_CHOICES
)
ORDER_PARAMETER = QueryParameter("order", "asc or desc (the direction of sort)", choices=ORDERS)
LIST_QUERY = (
    STATUS_PARAMETER,
    QueryParameter("severity", "One or more severities", choices=SEVERITY_WORDS, many=True),
    QueryParameter("priority", "Another name of severity", choices=SEVERITY_WORDS, many=True),
    QueryParameter("incident_type", "The incident type"),
    QueryParameter("type", "Another name of incident_type"),
    QueryParameter("source", "Where the incident came from"),
    QueryParameter("dedup_key", "The alert key that opened it"),
    QueryParameter("assigned_to", "A user, `me` or `unassigned`"),
    ASSIGNED_PARAMETER,
    QueryParameter("assigned_team", "A team"),
    SLA_PARAMETER,  # H17 (issue 17): ?sla=breached|at_risk
    QueryParameter("tag", "One tag (any letter case): served by the search index"),
    QueryParameter("created_after", "ISO 8601 date or date-time (inclusive)", kind="timestamp"),
    QueryParameter("created_before", "ISO 8601 date or date-time (exclusive)", kind="timestamp"),
    QueryParameter("start", "Another name of created_after", kind="timestamp"),
    QueryParameter("end", "Another name of created_before", kind="timestamp"),
    QueryParameter(
        "q",
        "Words of the title or description, all of which must match (case-insensitive; served by the search "
        f"index, the description's first {MAX_DESCRIPTION_WORDS} words). With other filters, another sort, or "
        "stop words only: case-insensitive text in title and description, read by a bounded scan "
        "(`meta.search` says which)",
    ),
    QueryParameter("search", "Another name of q"),
    QueryParameter(
        "observable",
        "An IP address, domain, URL, e-mail address, hash or CVE id seen in the incident (its title, "
        "description or raw data): served by the search index",
    ),
    QueryParameter(
        "sort",
        "created_at (the default, newest first), updated_at, severity, status or title; "
        f"prefix - for descending. Other than created_at, at most {MAX_SORTED_ITEMS} matching incidents",
        choices=sort_choices(LIST_SORT_FIELDS),
    ),
    ORDER_PARAMETER,
    QueryParameter(
        "page", "Page number (from 1), up to 10,000 items deep", kind="integer", minimum=1, maximum=MAX_OFFSET_ITEMS
    ),
    QueryParameter(
        "per_page", f"Items per page (1 or more; above {MAX_LIMIT} reads as {MAX_LIMIT})", kind="integer", minimum=1
    ),
    QueryParameter("page_size", "Another name of per_page", kind="integer", minimum=1),
    QueryParameter(
        "offset",
        "Position of the first item (from 0), up to 10,000 items deep",
        kind="integer",
        minimum=0,
        maximum=MAX_OFFSET_ITEMS - 1,
    ),
    *PAGING_QUERY,
)
LIST_PARAMETERS = frozenset(parameter.name for parameter in LIST_QUERY)
PAGING_FIELDS = frozenset({"limit", "cursor", "page", "offset"})


def parse_statuses(read: QueryParams, name: str = "status") -> tuple[tuple[Status, ...], tuple[int, ...]]:
    """A status filter: the status words it names, and the numeric statuses matched on `status_id`.

    1 and 2 stand for their words (so an index and the counters serve them); 3-5, and aliases
    that imply a classification (`disrupted`), depend on the classification: the stored number."""
    words: dict[Status, None] = {}
    numbers: dict[int, None] = {}
    for value in read.many(name):
        if value.isascii() and value.isdigit() and int(value) in STATUS_CODES:
            code = int(value)
            if code in STATUS_WORDS_OF_CODE:
                words.update(dict.fromkeys(STATUS_WORDS_OF_CODE[code]))
            else:
                numbers[code] = None
            continue
        try:
            status, classification = parse_status(value)
        except ValueError as error:
            message = f"{name} must be one of: {STATUS_CHOICES} (or an alias), or a number from 1 to 5"
            raise ValidationFailed.for_field(name, message) from error
        if classification is None:
            words[status] = None
        else:
            numbers[status_id(status, classification)] = None
    return tuple(words), tuple(numbers)


def parse_assignment(read: QueryParams, *, principal: Principal) -> dict[str, Any]:
    """`assigned` (me, unassigned, others) and `assigned_to` (a user, me, unassigned) as ListQuery fields."""
    meanings: dict[str, tuple[str, str | None]] = {}
    assigned = read.lower("assigned")
    if assigned is not None:
        if assigned not in ASSIGNED_CHOICES:
            raise ValidationFailed.for_field("assigned", "assigned must be me, unassigned or others")
        meanings["assigned"] = (assigned, principal.sub) if assigned != "unassigned" else (assigned, None)
    assigned_to = read.single("assigned_to")
    if assigned_to is not None:
        word = assigned_to.lower()
        if word == "unassigned":
            meanings["assigned_to"] = ("unassigned", None)
        else:
            meanings["assigned_to"] = ("me", principal.sub if word == "me" else assigned_to)
    if len(set(meanings.values())) > 1:
        message = "assigned and assigned_to disagree: give one of them"
        raise ValidationFailed(message, details=[{"field": name, "message": message} for name in meanings])
    kind, user = next(iter(meanings.values()), (None, None))
    return {
        "assigned_to": user if kind == "me" else None,
        "unassigned": kind == "unassigned",
        "assigned_elsewhere": user if kind == "others" else None,
    }


def parse_created_range(read: QueryParams) -> tuple[str | None, str | None]:
    """`created_after`/`start` and `created_before`/`end`, the first before the second."""
    after_name = read.spelling("created_after", "start", read=read.timestamp)
    before_name = read.spelling("created_before", "end", read=read.timestamp)
    after, before = read.timestamp(after_name), read.timestamp(before_name)
    if after and before and after > before:
        raise ValidationFailed.for_field(after_name, f"{after_name} must be before {before_name}")
    return after, before


def _parse_window(read: QueryParams) -> dict[str, Any]:
    """Paging: the page size, then a cursor, a page or an offset (ListQuery fields)."""
    size_name = read.spelling("limit", "per_page", "page_size", read=lambda name: read.page_size(name))
    limit = read.page_size(size_name) or DEFAULT_LIMIT
    page = read.integer("page", low=1, high=MAX_OFFSET_ITEMS)
    offset = read.integer("offset", low=0, high=MAX_OFFSET_ITEMS - 1)
    cursor = read.single("cursor")
    if cursor and (page is not None or offset is not None):
        raise ValidationFailed.for_field("cursor", "use either cursor or page/offset, not both")
    if page is not None and offset is not None:
        raise ValidationFailed.for_field("offset", "use either page or offset, not both")
    if page is None and offset is None and not cursor and (read.many("per_page") or read.many("page_size")):
        page = 1  # a page size of page mode asks for its first page
    if page is not None:
        if page * limit > MAX_OFFSET_ITEMS:
            raise ValidationFailed.for_field(
                "page", f"page * per_page can not exceed {MAX_OFFSET_ITEMS}: use cursor pagination to go further"
            )
        offset = (page - 1) * limit
    elif offset is not None and offset + limit > MAX_OFFSET_ITEMS:
        raise ValidationFailed.for_field(
            "offset", f"offset + limit can not exceed {MAX_OFFSET_ITEMS}: use cursor pagination to go further"
        )
    return {"limit": limit, "cursor": cursor, "page": page, "offset": offset}


def parse_list_query(params: Mapping[str, list[str]], *, principal: Principal) -> ListQuery:
    """Validate `GET /incidents` parameters; unknown ones are refused, not ignored."""
    read = QueryParams(params)
    read.refuse_unknown(LIST_PARAMETERS)
    sort, ascending = parse_sort(read, fields=LIST_SORT_FIELDS, ascending_unless_told=True)
    statuses, status_ids = parse_statuses(read)
    created_after, created_before = parse_created_range(read)
    severity_name = read.spelling("severity", "priority", read=lambda name: set(read.choices(name, parse_severity)))
    return ListQuery(
        statuses=statuses,
        status_ids=status_ids,
        severities=read.choices(severity_name, parse_severity),
        incident_type=read.lower(read.spelling("incident_type", "type")),
        source=read.lower("source"),
        dedup_key=read.single("dedup_key"),
        **parse_assignment(read, principal=principal),
        assigned_team=read.single("assigned_team"),
        sla=sla_filter(read),
        tag=read.single("tag"),
        created_after=created_after,
        created_before=created_before,
        text=read.single(read.spelling("q", "search")),
        observable=parse_observable(read),
        created_by=principal.sub if principal.sees_only_own_incidents else None,
        sort=sort,
        ascending=ascending,
        **_parse_window(read),
    )


def list_incidents(
    *,
    principal: Principal,
    query: ListQuery,
    repository: IncidentRepository | None = None,
    search_index: SearchIndexStore | None = None,
) -> Listing:
    repository = repository or get_repository()
    terms = index_terms(query, index_order=INDEX_ORDER)
    search = scan_meta(query)  # unless the search index serves it
    if terms is not None:
        index = search_index or get_search_index()
        (items, has_more, next_cursor, total), search = search_page(
            index,
            org_id=principal.org_id,
            query=query,
            terms=terms,
            secret=cursor_secret(),
            fingerprint=_query_print(query),
        )
    elif query.sort == INDEX_ORDER:
        items, has_more, next_cursor, total = _page_on_the_index(principal, query, repository)
    else:
        items, has_more, next_cursor, total = _page_sorted_in_memory(principal, query, repository)
    meta: dict[str, Any] = {
        "limit": query.limit,
        "has_more": has_more,
        "has_next": has_more,
        "next_cursor": next_cursor,
    }
    if query.page is not None:
        meta.update(page=query.page, per_page=query.limit, page_size=query.limit)
    elif query.offset is not None:
        meta["offset"] = query.offset
    if total is not None:
        meta.update(total=total, total_pages=total_pages(total, query.limit))
    if search is not None:
        meta["search"] = search
    return Listing(items=[public_view(item) for item in items], meta=meta)


Page = tuple[list[dict[str, Any]], bool, str | None, int | None]  # items, has_more, next_cursor, total


def _query_print(query: ListQuery) -> str:
    return fingerprint(query.fields(exclude=PAGING_FIELDS))


def _page_on_the_index(principal: Principal, query: ListQuery, repository: IncidentRepository) -> Page:
    """A page in creation order, read from the most selective index (from a cursor, or skipping `offset`)."""
    secret, query_print = cursor_secret(), _query_print(query)
    start_key: dict[str, str] | None = None
    position: int | None = query.offset or 0  # of the page's first item in the list (None: unknown)
    if query.cursor:
        payload = decode_cursor(query.cursor, secret=secret)
        key, index, position = payload.get("k"), payload.get("i"), payload.get("n")
        if (
            payload.get("f") != query_print
            or not isinstance(key, dict)
            or not isinstance(index, str)
            or not repository.owns_key(org_id=principal.org_id, index=index, key=key)
        ):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        start_key, position = key, position if isinstance(position, int) else None

    items: list[dict[str, Any]] = []
    resume_key, has_more, index = None, False, ""
    reached = True  # whether the skipped items were all there
    if query.offset:
        start_key, reached = repository.skip_incidents(org_id=principal.org_id, query=query, count=query.offset)
    if reached:
        page = repository.list_incidents(org_id=principal.org_id, query=query, limit=query.limit, start_key=start_key)
        items, resume_key, has_more, index = page.items, page.resume_key, page.has_more, page.index
        fitting = _fitting(items, query)
        if fitting < len(items):  # cut short: the next page starts after the last one shown
            items, resume_key, has_more = (
                items[:fitting],
                repository.key_after(index=index, incident=items[fitting - 1]),
                True,
            )
    else:
        position = None  # fewer than `offset` match
    after = position + len(items) if position is not None else None
    next_cursor = (
        encode_cursor({"i": index, "k": resume_key, "f": query_print, "n": after}, secret=secret)
        if has_more and resume_key
        else None
    )
    total = known_total(org_id=principal.org_id, query=query, repository=repository)
    if total is None and not has_more and after is not None:
        total = after  # the list ends on this page
    if total is None and query.offset is not None:
        total = repository.count_incidents(org_id=principal.org_id, query=query)
    return items, has_more, next_cursor, total


def _page_sorted_in_memory(principal: Principal, query: ListQuery, repository: IncidentRepository) -> Page:
    """A page of every matching incident (at most MAX_SORTED_ITEMS) sorted by another field than creation."""
    secret, query_print = cursor_secret(), _query_print(query)
    offset = query.offset or 0
    if query.cursor:
        payload = decode_cursor(query.cursor, secret=secret)
        resume_at = payload.get("o")
        if payload.get("f") != query_print or not isinstance(resume_at, int) or resume_at < 0:
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        offset = resume_at
    collected = repository.collect_incidents(org_id=principal.org_id, query=query, most=MAX_SORTED_ITEMS)
    if not collected.complete:
        raise too_many_to_sort(query.sort, MAX_SORTED_ITEMS)
    ordered = sort_incidents(collected.items, field=query.sort, ascending=query.ascending)
    end = offset + _fitting(ordered[offset : offset + query.limit], query)
    has_more = end < len(ordered)
    next_cursor = encode_cursor({"o": end, "f": query_print}, secret=secret) if has_more else None
    return ordered[offset:end], has_more, next_cursor, len(ordered)


def _fitting(items: list[dict[str, Any]], query: ListQuery) -> int:
    """How many of a page's items its answer can hold (`core/paging.PAGE_BYTES_BUDGET`): all of them
    unless they are huge. A cursor page is then cut short (`has_more`, and its cursor goes on after
    the last one shown); a numbered page or an offset can not move, so it is a 400 naming a size that fits."""
    fitting = items_within_budget([public_view(item) for item in items])
    if fitting < len(items) and (query.page is not None or query.offset is not None):
        raise ValidationFailed.for_field(
            "page_size" if query.page is not None else "limit",
            f"These incidents are too large to answer {len(items)} at once: ask for {fitting} or fewer",
        )
    return fitting


def known_total(*, org_id: str, query: ListQuery, repository: IncidentRepository) -> int | None:
    """The list's total from the org's counters, where the filters allow counting that way
    (a reporter's list names its creator: the counters do not know it)."""
    narrowed = query.fields(exclude=PAGING_FIELDS | {"ascending", "sort", "statuses", "severities"})
    if any(value not in (None, False, ()) for value in narrowed.values()):
        return None
    if query.statuses and query.severities:
        return None
    counters = repository.get_counters(org_id=org_id)
    if query.statuses:
        return max(0, sum(counters.get(status_counter(status.value), 0) for status in query.statuses))
    if query.severities:
        return max(0, sum(counters.get(severity_counter(severity.value), 0) for severity in query.severities))
    return max(0, counters.get("total", 0))
