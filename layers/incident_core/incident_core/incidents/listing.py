"""`GET /incidents`: its query string validated, and one page of the org's incidents.

Filters and a signed cursor bound to them (a fingerprint of the filters), or offset pages
(`page`, `per_page`) up to 10,000 items deep; `total` where the org's counters know it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import (
    INVALID_CURSOR,
    MAX_LIMIT,
    PAGING_QUERY,
    Listing,
    QueryParameter,
    QueryParams,
    cursor_secret,
    decode_cursor,
    encode_cursor,
    fingerprint,
)
from incident_core.incidents.repository import IncidentRepository, get_repository, severity_counter, status_counter
from incident_core.incidents.service import public_view
from incident_core.incidents.vocabulary import ListQuery, Severity, Status, parse_severity, parse_status

DEFAULT_LIMIT = 20
MAX_OFFSET_ITEMS = 10_000
STATUS_WORDS = tuple(status.value for status in Status)
SEVERITY_WORDS = tuple(severity.value for severity in Severity)
LIST_QUERY = (
    QueryParameter("status", "One or more statuses (aliases accepted)", choices=STATUS_WORDS, many=True),
    QueryParameter("severity", "One or more severities", choices=SEVERITY_WORDS, many=True),
    QueryParameter("incident_type", "The incident type"),
    QueryParameter("source", "Where the incident came from"),
    QueryParameter("dedup_key", "The alert key that opened it"),
    QueryParameter("assigned_to", "A user, `me` or `unassigned`"),
    QueryParameter("assigned_team", "A team"),
    QueryParameter("tag", "One tag"),
    QueryParameter("created_after", "ISO 8601 date or date-time", kind="timestamp"),
    QueryParameter("created_before", "ISO 8601 date or date-time", kind="timestamp"),
    QueryParameter("q", "Case-insensitive text in title and description"),
    QueryParameter("sort", "Newest first (default) or oldest first", choices=("-created_at", "created_at")),
    QueryParameter(
        "page",
        "Offset page (with per_page), up to 10,000 items deep",
        kind="integer",
        minimum=1,
        maximum=MAX_OFFSET_ITEMS,
    ),
    QueryParameter("per_page", "Items per offset page", kind="integer", minimum=1, maximum=MAX_LIMIT),
    *PAGING_QUERY,
)
LIST_PARAMETERS = frozenset(parameter.name for parameter in LIST_QUERY)


def parse_list_query(params: Mapping[str, list[str]], *, principal: Principal) -> ListQuery:
    """Validate `GET /incidents` parameters; unknown ones are refused, not ignored."""
    read = QueryParams(params)
    read.refuse_unknown(LIST_PARAMETERS)
    sort = read.single("sort") or "-created_at"
    if sort not in ("created_at", "-created_at"):
        raise ValidationFailed.for_field("sort", "sort must be created_at or -created_at")
    assigned_to = read.single("assigned_to")
    unassigned = assigned_to is not None and assigned_to.lower() == "unassigned"
    if unassigned or (assigned_to is not None and assigned_to.lower() == "me"):
        assigned_to = None if unassigned else principal.sub

    limit = read.integer("limit", low=1, high=MAX_LIMIT)
    page = read.integer("page", low=1, high=MAX_OFFSET_ITEMS)
    per_page = read.integer("per_page", low=1, high=MAX_LIMIT)
    cursor = read.single("cursor")
    if cursor and (page or per_page):
        raise ValidationFailed.for_field("cursor", "use either cursor or page/per_page, not both")
    if page or per_page:
        page, per_page = page or 1, per_page or limit or DEFAULT_LIMIT
        if page * per_page > MAX_OFFSET_ITEMS:
            raise ValidationFailed.for_field(
                "page", f"page * per_page can not exceed {MAX_OFFSET_ITEMS}: use cursor pagination to go further"
            )
    created_after, created_before = read.timestamp("created_after"), read.timestamp("created_before")
    if created_after and created_before and created_after > created_before:
        raise ValidationFailed.for_field("created_after", "created_after must be before created_before")
    return ListQuery(
        statuses=read.choices("status", lambda value: parse_status(value)[0]),
        severities=read.choices("severity", parse_severity),
        incident_type=read.lower("incident_type"),
        source=read.lower("source"),
        dedup_key=read.single("dedup_key"),
        assigned_to=assigned_to,
        unassigned=unassigned,
        assigned_team=read.single("assigned_team"),
        tag=read.single("tag"),
        created_after=created_after,
        created_before=created_before,
        text=read.single("q"),
        created_by=principal.sub if principal.sees_only_own_incidents else None,
        limit=per_page or limit or DEFAULT_LIMIT,
        cursor=cursor,
        page=page,
        per_page=per_page,
        ascending=sort == "created_at",
    )


def list_incidents(*, principal: Principal, query: ListQuery, repository: IncidentRepository | None = None) -> Listing:
    repository = repository or get_repository()
    secret = cursor_secret()
    query_print = fingerprint(query.fields(exclude={"limit", "cursor", "page", "per_page"}))
    start_key = None
    if query.cursor:
        payload = decode_cursor(query.cursor, secret=secret)
        key, index = payload.get("k"), payload.get("i")
        if (
            payload.get("f") != query_print
            or not isinstance(key, dict)
            or not isinstance(index, str)
            or not repository.owns_key(org_id=principal.org_id, index=index, key=key)
        ):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        start_key = key

    limit = (query.per_page or DEFAULT_LIMIT) if query.page else query.limit
    has_more_after_skip = True
    if query.page and query.page > 1 and query.per_page:
        start_key, has_more_after_skip = repository.skip_incidents(
            org_id=principal.org_id, query=query, count=(query.page - 1) * query.per_page
        )
    if not has_more_after_skip:
        page_items: list[dict[str, Any]] = []
        resume_key, has_more, index = None, False, ""
    else:
        page = repository.list_incidents(org_id=principal.org_id, query=query, limit=limit, start_key=start_key)
        page_items, resume_key, has_more, index = page.items, page.resume_key, page.has_more, page.index

    meta: dict[str, Any] = {
        "limit": limit,
        "has_more": has_more,
        "next_cursor": encode_cursor({"i": index, "k": resume_key, "f": query_print}, secret=secret)
        if has_more and resume_key
        else None,
    }
    if query.page:
        meta.update(page=query.page, per_page=query.per_page)
    total = _known_total(principal, query, repository)
    if total is not None:
        meta["total"] = total
    return Listing(items=[public_view(item) for item in page_items], meta=meta)


def _known_total(principal: Principal, query: ListQuery, repository: IncidentRepository) -> int | None:
    """The list's total from the org's counters, where the filters allow counting that way."""
    narrowed = query.fields(exclude={"limit", "cursor", "page", "per_page", "ascending", "statuses", "severities"})
    if any(value not in (None, False) for value in narrowed.values()) or principal.sees_only_own_incidents:
        return None
    if query.statuses and query.severities:
        return None
    counters = repository.get_counters(org_id=principal.org_id)
    if query.statuses:
        return max(0, sum(counters.get(status_counter(status.value), 0) for status in query.statuses))
    if query.severities:
        return max(0, sum(counters.get(severity_counter(severity.value), 0) for severity in query.severities))
    return max(0, counters.get("total", 0))
