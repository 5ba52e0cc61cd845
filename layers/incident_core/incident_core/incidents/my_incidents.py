"""`GET /me/incidents`: every incident the caller may see, across the orgs its token names.

A reporter (and nothing more) sees the incidents it created (the `by_creator` index), never
one merely assigned to it; anyone else sees every incident of those orgs (`by_org`), and may
keep those assigned to it (`assigned=me`), to nobody (`unassigned`) or to someone else
(`others`). Other filters: `status`, `search`, `org` (or `event`: one of the token's orgs).
Sorted by `sort` (created_at, updated_at, title or status; camelCase accepted) and `order`
(default `desc`: newest first).

Pages: `page` (from 1) and `limit` (20; above 100 reads as 100). The matching incidents of
each org are read with Query, at most 1,000 in all, then sorted and merged in memory, so
`meta.total` and `total_pages` (also as `totalPages`) are exact, and `meta.next_cursor`
continues with the next page. Past 1,000 matches, the newest-first list still pages, with a
cursor holding one resume key per org (its total only where the org's counters know it);
other sorts, and pages past the first, answer 400 asking to narrow the filters.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import (
    CURSOR,
    INVALID_CURSOR,
    LIMIT,
    MAX_OFFSET_ITEMS,
    Listing,
    QueryParameter,
    QueryParams,
    cursor_secret,
    decode_cursor,
    encode_cursor,
    fingerprint,
    total_pages,
)
from incident_core.incidents.list_queries import plan_query
from incident_core.incidents.listing import (
    ASSIGNED_PARAMETER,
    ORDER_PARAMETER,
    PAGING_FIELDS,
    STATUS_PARAMETER,
    known_total,
    parse_assignment,
    parse_statuses,
)
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.sorting import INDEX_ORDER, MAX_SORTED_ITEMS, parse_sort, sort_choices, sort_incidents
from incident_core.incidents.views import public_view
from incident_core.incidents.vocabulary import ListQuery

DEFAULT_LIMIT = 20
DONE = "done"  # an org of a resume-key cursor whose list is exhausted
MY_SORT_FIELDS = {
    "created_at": "created_at",
    "createdAt": "created_at",
    "updated_at": "updated_at",
    "updatedAt": "updated_at",
    "title": "title",
    "status": "status",
}
MY_INCIDENTS_QUERY = (
    STATUS_PARAMETER,
    QueryParameter("search", "Case-insensitive text in title and description"),
    QueryParameter("org", "One of the orgs the token names (default: all of them)"),
    QueryParameter("event", "Another name of org"),
    ASSIGNED_PARAMETER,
    QueryParameter(
        "sort",
        "created_at (the default), updated_at, title or status (camelCase accepted); prefix - for descending",
        choices=sort_choices(MY_SORT_FIELDS),
    ),
    ORDER_PARAMETER,
    QueryParameter("page", "Page number (from 1)", kind="integer", minimum=1, maximum=MAX_OFFSET_ITEMS),
    LIMIT,
    CURSOR,
)
MY_INCIDENTS_PARAMETERS = frozenset(parameter.name for parameter in MY_INCIDENTS_QUERY)


@dataclass(frozen=True, slots=True)
class MyIncidentsQuery:
    """What `GET /me/incidents` asked: the orgs to read, the filters and order, and the page."""

    orgs: tuple[str, ...]
    query: ListQuery
    page: int
    cursor: str | None


def parse_my_incidents_query(params: Mapping[str, list[str]], *, principal: Principal) -> MyIncidentsQuery:
    read = QueryParams(params)
    read.refuse_unknown(MY_INCIDENTS_PARAMETERS)
    orgs = tuple(dict.fromkeys(principal.orgs or (principal.org_id,)))
    org_name = read.spelling("org", "event")
    org = read.single(org_name)
    if org is not None:
        if org not in orgs:
            raise ValidationFailed.for_field(
                org_name, f"{org_name} must be one of the orgs your token names: {', '.join(orgs)}"
            )
        orgs = (org,)
    sort, ascending = parse_sort(read, fields=MY_SORT_FIELDS, ascending_unless_told=False)
    statuses, status_ids = parse_statuses(read)
    page = read.integer("page", low=1, high=MAX_OFFSET_ITEMS)
    cursor = read.single("cursor")
    if cursor and page is not None:
        raise ValidationFailed.for_field("cursor", "use either cursor or page, not both")
    query = ListQuery(
        statuses=statuses,
        status_ids=status_ids,
        text=read.single("search"),
        created_by=principal.sub if principal.sees_only_own_incidents else None,
        **parse_assignment(read, principal=principal),
        sort=sort,
        ascending=ascending,
        limit=read.page_size("limit") or DEFAULT_LIMIT,
    )
    return MyIncidentsQuery(orgs=orgs, query=query, page=page or 1, cursor=cursor)


def my_incidents(
    *, principal: Principal, params: Mapping[str, list[str]], incidents: IncidentRepository | None = None
) -> Listing:
    """One page of the incidents the caller may see in the orgs of its token (see the module)."""
    repository = incidents or get_repository()
    asked = parse_my_incidents_query(params, principal=principal)
    query = asked.query
    scope = f"me:{principal.sub}:{','.join(asked.orgs)}:{fingerprint(query.fields(exclude=PAGING_FIELDS))}"
    resumed = _resumed(asked, scope, repository)
    if isinstance(resumed, dict):
        return _merged_by_index(asked, scope, resumed, repository)
    offset = resumed if resumed is not None else (asked.page - 1) * query.limit
    collected = _collect(asked, repository)
    if collected is None:
        if query.sort == INDEX_ORDER and offset == 0:
            return _merged_by_index(asked, scope, {}, repository)
        raise ValidationFailed.for_field(
            "sort" if query.sort != INDEX_ORDER else "page",
            f"more than {MAX_SORTED_ITEMS} incidents match: narrow the list (status, search, assigned or org), "
            "or page newest first with cursor",
        )
    ordered = sort_incidents(collected, field=query.sort, ascending=query.ascending)
    end = offset + query.limit
    has_more = end < len(ordered)
    pages = total_pages(len(ordered), query.limit)
    meta: dict[str, Any] = {
        "limit": query.limit,
        "page": offset // query.limit + 1,
        "total": len(ordered),
        "total_pages": pages,
        "totalPages": pages,
        "has_more": has_more,
        "has_next": has_more,
        "next_cursor": encode_cursor({"s": scope, "o": end}, secret=cursor_secret()) if has_more else None,
        "orgs": list(asked.orgs),
    }
    return Listing([public_view(item) for item in ordered[offset:end]], meta)


def _resumed(asked: MyIncidentsQuery, scope: str, repository: IncidentRepository) -> int | dict[str, Any] | None:
    """Where a cursor resumes: an offset in the sorted list, or one resume key per org."""
    if not asked.cursor:
        return None
    payload = decode_cursor(asked.cursor, secret=cursor_secret())
    offset, keys = payload.get("o"), payload.get("k")
    if payload.get("s") == scope and isinstance(offset, int) and offset >= 0:
        return offset
    if payload.get("s") == scope and isinstance(keys, dict) and _owns(asked, keys, repository):
        return keys
    raise ValidationFailed.for_field("cursor", INVALID_CURSOR)


def _owns(asked: MyIncidentsQuery, keys: Mapping[str, Any], repository: IncidentRepository) -> bool:
    return all(
        org in asked.orgs
        and (
            key is None
            or key == DONE
            or (
                isinstance(key, dict)
                and repository.owns_key(org_id=org, index=plan_query(org, asked.query).index, key=key)
            )
        )
        for org, key in keys.items()
    )


def _collect(asked: MyIncidentsQuery, repository: IncidentRepository) -> list[dict[str, Any]] | None:
    """Every matching incident of the orgs, or None when more than MAX_SORTED_ITEMS match."""
    found: list[dict[str, Any]] = []
    for org in asked.orgs:
        read = repository.collect_incidents(org_id=org, query=asked.query, most=MAX_SORTED_ITEMS - len(found))
        if not read.complete:
            return None
        found += read.items
    return found


def _merged_by_index(
    asked: MyIncidentsQuery, scope: str, resumed: Mapping[str, Any], repository: IncidentRepository
) -> Listing:
    """A page in creation order, merged from one index page per org; the cursor keeps each org's place."""
    query = asked.query
    limit = query.limit
    starts: dict[str, Any] = {org: resumed.get(org) for org in asked.orgs}
    pages = {
        org: repository.list_incidents(org_id=org, query=query, limit=limit, start_key=start)
        for org, start in starts.items()
        if start != DONE
    }
    merged = heapq.merge(
        *([(org, item) for item in page.items] for org, page in pages.items()),
        key=lambda pair: (pair[1]["created_at"], pair[1]["id"]),
        reverse=not query.ascending,
    )
    taken = list(merged)[:limit]
    next_keys: dict[str, Any] = {org: DONE for org, start in starts.items() if start == DONE}
    for org, page in pages.items():
        from_org = [item for source, item in taken if source == org]
        if len(from_org) < len(page.items):
            last = from_org[-1] if from_org else None
            next_keys[org] = repository.key_after(index=page.index, incident=last) if last else starts[org]
        else:
            next_keys[org] = page.resume_key if page.has_more else DONE
    has_more = any(value != DONE for value in next_keys.values())
    meta: dict[str, Any] = {
        "limit": limit,
        "has_more": has_more,
        "has_next": has_more,
        "next_cursor": encode_cursor({"s": scope, "k": next_keys}, secret=cursor_secret()) if has_more else None,
        "orgs": list(asked.orgs),
    }
    if not resumed:
        meta["page"] = 1
        totals = [known_total(org_id=org, query=query, repository=repository) for org in asked.orgs]
        if all(total is not None for total in totals):
            total = sum(total or 0 for total in totals)
            meta.update(total=total, total_pages=total_pages(total, limit), totalPages=total_pages(total, limit))
    return Listing([public_view(item) for _, item in taken], meta)
