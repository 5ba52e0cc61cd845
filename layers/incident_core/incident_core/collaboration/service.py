"""Working an incident together: its timeline, comments, assignment, and "my incidents".

The timeline is the incident's event items in order (one Query, no second store), so it
always agrees with the audit trail and the webhooks. Internal comments (and their events)
are hidden from reporters.
"""

from __future__ import annotations

import heapq
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from incident_core.collaboration.repository import CollaborationRepository, get_collaboration_repository
from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.core.errors import Forbidden, NotFound, ValidationFailed, VersionMismatch
from incident_core.core.paging import INVALID_CURSOR, cursor_secret, decode_cursor, encode_cursor
from incident_core.incidents.models import IncidentUpdate, ListQuery, ShortText, StrictInput
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import public_view, update_incident, visible_incident
from incident_core.storage.outbox import EventRecord, incident_event

MAX_PAGE = 100

CommentBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class CommentCreate(StrictInput):
    body: CommentBody
    internal: bool = False


class CommentUpdate(StrictInput):
    body: CommentBody


class AssigneeChange(StrictInput):
    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None

    @model_validator(mode="after")
    def _names_something(self) -> AssigneeChange:
        if not self.model_fields_set:
            raise PydanticCustomError("assignee_empty", "name assigned_to, assigned_team or both (null unassigns)")
        return self


@dataclass(slots=True)
class Listing:
    items: list[dict[str, Any]]
    meta: dict[str, Any]


def _collaboration(repository: CollaborationRepository | None) -> CollaborationRepository:
    return repository or get_collaboration_repository()


def _page_params(
    params: Mapping[str, list[str]], *, allowed: frozenset[str], default_limit: int
) -> tuple[int, str | None]:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ValidationFailed.for_field(unknown[0], f"{unknown[0]} is not a supported parameter")
    limit_values = [value for value in params.get("limit", []) if value.strip()]
    limit = default_limit
    if limit_values:
        text = limit_values[-1].strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
            raise ValidationFailed.for_field("limit", f"limit must be an integer from 1 to {MAX_PAGE}")
        limit = int(text)
    cursors = [value for value in params.get("cursor", []) if value.strip()]
    return limit, (cursors[-1].strip() if cursors else None)


def _start_key(
    cursor: str | None, *, scope: str, principal: Principal, incident_id: str, repository: CollaborationRepository
) -> dict[str, str] | None:
    if not cursor:
        return None
    payload = decode_cursor(cursor, secret=cursor_secret())
    key = payload.get("k")
    if (
        payload.get("s") != scope
        or not isinstance(key, dict)
        or not repository.owns_key(org_id=principal.org_id, incident_id=incident_id, key=key)
    ):
        raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
    return key


def _hidden_from(principal: Principal, event: EventRecord) -> bool:
    comment = (event.changes or {}).get("comment") or {}
    return principal.sees_only_own_incidents and bool(comment.get("internal"))


def timeline(
    *,
    principal: Principal,
    incident_id: str,
    params: Mapping[str, list[str]],
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> Listing:
    """Every event of the incident, oldest first, with what changed (old and new values)."""
    repository = _collaboration(repository)
    visible_incident(principal, incident_id, incidents or get_repository())
    limit, cursor = _page_params(params, allowed=frozenset({"limit", "cursor"}), default_limit=50)
    scope = f"timeline:{principal.org_id}:{incident_id}"
    start = _start_key(cursor, scope=scope, principal=principal, incident_id=incident_id, repository=repository)
    events, resume = repository.list_events(
        org_id=principal.org_id, incident_id=incident_id, limit=limit, start_key=start
    )
    items = [
        {
            "id": event.event_id,
            "event": event.name,
            "occurred_at": event.occurred_at,
            "actor": event.actor,
            "sequence": event.sequence,
            "changes": dict(event.changes) if event.changes else None,
        }
        for event in events
        if not _hidden_from(principal, event)
    ]
    next_cursor = encode_cursor({"s": scope, "k": resume}, secret=cursor_secret()) if resume else None
    return Listing(items, {"limit": limit, "has_more": resume is not None, "next_cursor": next_cursor})


def _comment_event(
    principal: Principal, incident: Mapping[str, Any], name: str, comment: Mapping[str, Any]
) -> EventRecord:
    summary = {key: comment.get(key) for key in ("id", "author", "internal", "body", "created_at", "edited_at")}
    return incident_event(name, incident, actor=principal.sub, data=comment_view(comment), changes={"comment": summary})


def comment_view(comment: Mapping[str, Any]) -> dict[str, Any]:
    fields = ("id", "incident_id", "author", "body", "internal", "created_at", "edited_at", "version")
    return {name: comment.get(name) for name in fields}


def add_comment(
    *,
    principal: Principal,
    incident_id: str,
    data: CommentCreate,
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> dict[str, Any]:
    if data.internal and principal.sees_only_own_incidents:
        raise Forbidden(
            "Reporters can not write internal comments",
            details={"required_permission": "incidents:write", "user_permissions": sorted(principal.permissions)},
        )
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    created_at = now_iso()
    digits = "".join(character for character in created_at if character.isdigit())
    comment = {
        "id": f"cmt_{digits}_{secrets.token_hex(4)}",
        "org_id": principal.org_id,
        "incident_id": incident_id,
        "author": principal.sub,
        "body": data.body,
        "internal": data.internal,
        "created_at": created_at,
        "version": 1,
    }
    try:
        _collaboration(repository).put_comment(
            comment, event=_comment_event(principal, incident, "incident.comment_added", comment), expected_version=None
        )
    except VersionMismatch as error:
        raise NotFound(f"Incident {incident_id} not found") from error
    return comment_view(comment)


def list_comments(
    *,
    principal: Principal,
    incident_id: str,
    params: Mapping[str, list[str]],
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> Listing:
    repository = _collaboration(repository)
    visible_incident(principal, incident_id, incidents or get_repository())
    limit, cursor = _page_params(params, allowed=frozenset({"limit", "cursor"}), default_limit=50)
    scope = f"comments:{principal.org_id}:{incident_id}"
    start = _start_key(cursor, scope=scope, principal=principal, incident_id=incident_id, repository=repository)
    page = repository.list_comments(org_id=principal.org_id, incident_id=incident_id, limit=limit, start_key=start)
    items = [
        comment_view(comment)
        for comment in page.items
        if not comment.get("deleted_at") and not (comment.get("internal") and principal.sees_only_own_incidents)
    ]
    next_cursor = encode_cursor({"s": scope, "k": page.resume_key}, secret=cursor_secret()) if page.resume_key else None
    return Listing(items, {"limit": limit, "has_more": page.resume_key is not None, "next_cursor": next_cursor})


def _own_comment(
    principal: Principal, incident_id: str, comment_id: str, repository: CollaborationRepository
) -> dict[str, Any]:
    comment = repository.get_comment(org_id=principal.org_id, incident_id=incident_id, comment_id=comment_id)
    if comment is None or comment.get("deleted_at") or (comment.get("internal") and principal.sees_only_own_incidents):
        raise NotFound(f"Comment {comment_id} not found")
    if comment.get("author") != principal.sub:
        raise Forbidden("Only the author can change a comment", details={"author": comment.get("author")})
    return comment


def edit_comment(
    *,
    principal: Principal,
    incident_id: str,
    comment_id: str,
    data: CommentUpdate,
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> dict[str, Any]:
    repository = _collaboration(repository)
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    comment = _own_comment(principal, incident_id, comment_id, repository)
    edited = {**comment, "body": data.body, "edited_at": now_iso(), "version": int(comment["version"]) + 1}
    event = _comment_event(principal, incident, "incident.comment_edited", edited)
    try:
        repository.put_comment(edited, event=event, expected_version=int(comment["version"]))
    except VersionMismatch as error:
        raise NotFound(f"Comment {comment_id} changed or its incident is gone: fetch it again") from error
    return comment_view(edited)


def delete_comment(
    *,
    principal: Principal,
    incident_id: str,
    comment_id: str,
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> dict[str, Any]:
    """Remove a comment from view; its text stays in the audit trail (the timeline's events)."""
    repository = _collaboration(repository)
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    comment = _own_comment(principal, incident_id, comment_id, repository)
    deleted = {**comment, "deleted_at": now_iso(), "version": int(comment["version"]) + 1}
    event = _comment_event(principal, incident, "incident.comment_deleted", deleted)
    try:
        repository.put_comment(deleted, event=event, expected_version=int(comment["version"]))
    except VersionMismatch as error:
        raise NotFound(f"Comment {comment_id} changed or its incident is gone: fetch it again") from error
    return {"id": comment_id, "deleted": True}


def change_assignee(
    *,
    principal: Principal,
    incident_id: str,
    data: AssigneeChange,
    if_match: str | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    changes = IncidentUpdate.model_validate(data.model_dump(include=data.model_fields_set))
    return update_incident(
        principal=principal, incident_id=incident_id, changes=changes, if_match=if_match, repository=incidents
    )


def my_incidents(
    *, principal: Principal, params: Mapping[str, list[str]], incidents: IncidentRepository | None = None
) -> Listing:
    """Incidents assigned to the caller in every org its token names, newest first, merged."""
    repository = incidents or get_repository()
    limit, cursor = _page_params(params, allowed=frozenset({"limit", "cursor"}), default_limit=20)
    orgs = list(dict.fromkeys(principal.orgs or (principal.org_id,)))
    scope = f"me:{principal.sub}:{','.join(orgs)}"
    starts: dict[str, dict[str, str] | None] = dict.fromkeys(orgs)
    exhausted: set[str] = set()
    if cursor:
        payload = decode_cursor(cursor, secret=cursor_secret())
        keys = payload.get("k")
        if payload.get("s") != scope or not isinstance(keys, dict) or set(keys) - set(orgs):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        for org, key in keys.items():
            if key == "done":
                exhausted.add(org)
            elif key is not None and not repository.owns_key(org_id=org, index="by_assignee", key=key):
                raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
            else:
                starts[org] = key
    pages = {}
    for org in orgs:
        if org in exhausted:
            continue
        query = ListQuery(assigned_to=principal.sub, limit=limit)
        pages[org] = repository.list_incidents(org_id=org, query=query, limit=limit, start_key=starts[org])
    merged = heapq.merge(
        *([(org, item) for item in page.items] for org, page in pages.items()),
        key=lambda pair: (pair[1]["created_at"], pair[1]["id"]),
        reverse=True,
    )
    taken = list(merged)[:limit]
    next_keys: dict[str, Any] = dict.fromkeys(exhausted, "done")
    for org, page in pages.items():
        from_org = [item for source, item in taken if source == org]
        if len(from_org) < len(page.items):
            last = from_org[-1] if from_org else None
            next_keys[org] = repository.key_after(index="by_assignee", incident=last) if last else starts[org]
        else:
            next_keys[org] = page.resume_key if page.has_more else "done"
    has_more = any(value != "done" for value in next_keys.values())
    next_cursor = encode_cursor({"s": scope, "k": next_keys}, secret=cursor_secret()) if has_more else None
    meta = {"limit": limit, "orgs": orgs, "has_more": has_more, "next_cursor": next_cursor}
    return Listing([public_view(item) for _, item in taken], meta)
