"""Working an incident together: its timeline, comments and assignment.

The timeline is the incident's event items in order (one Query, no second store), so it
always agrees with the audit trail and the webhooks. Internal comments (and their events)
are hidden from reporters. (`GET /me/incidents` lives in `incidents.my_incidents`.)
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from incident_core.collaboration.repository import CollaborationRepository, get_collaboration_repository
from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.core.errors import Forbidden, NotFound, VersionMismatch
from incident_core.core.paging import PAGING_QUERY, Listing, listing, page_request, resume_key
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import update_incident, visible_incident
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:  # request models come in validated; reads never load pydantic
    from incident_core.collaboration.models import AssigneeChange, CommentCreate, CommentUpdate

DEFAULT_LIMIT = 50

# The query parameters of every list here (comments, timeline): paging only.
# Declared once, for the routes' documentation and for refusing any other parameter.
LIST_QUERY = PAGING_QUERY
LIST_PARAMETERS = frozenset(parameter.name for parameter in LIST_QUERY)


def _collaboration(repository: CollaborationRepository | None) -> CollaborationRepository:
    return repository or get_collaboration_repository()


def _incident_page(
    kind: str,
    principal: Principal,
    incident_id: str,
    params: Mapping[str, list[str]],
    incidents: IncidentRepository | None,
    repository: CollaborationRepository,
) -> tuple[int, str, dict[str, Any] | None]:
    """A page of the incident's items of one `kind`, once the incident is visible: its limit, its
    scope, and the key it resumes from (a cursor's key only counts in the incident's partition)."""
    visible_incident(principal, incident_id, incidents or get_repository())
    request = page_request(params, filters=LIST_PARAMETERS, default_limit=DEFAULT_LIMIT)
    scope = f"{kind}:{principal.org_id}:{incident_id}"
    start = resume_key(
        request.cursor,
        scope=scope,
        owns=lambda key: repository.owns_key(org_id=principal.org_id, incident_id=incident_id, key=key),
    )
    return request.limit, scope, start


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
    limit, scope, start = _incident_page("timeline", principal, incident_id, params, incidents, repository)
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
    return listing(items, limit=limit, scope=scope, resume=resume)


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
    limit, scope, start = _incident_page("comments", principal, incident_id, params, incidents, repository)
    page = repository.list_comments(org_id=principal.org_id, incident_id=incident_id, limit=limit, start_key=start)
    items = [
        comment_view(comment)
        for comment in page.items
        if not comment.get("deleted_at") and not (comment.get("internal") and principal.sees_only_own_incidents)
    ]
    return listing(items, limit=limit, scope=scope, resume=page.resume_key)


def _change_own_comment(
    principal: Principal,
    incident_id: str,
    comment_id: str,
    changes: Mapping[str, Any],
    *,
    event: str,
    incidents: IncidentRepository | None,
    repository: CollaborationRepository | None,
) -> dict[str, Any]:
    """Change a comment of the caller's, with its event; the comment as changed."""
    repository = _collaboration(repository)
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    comment = repository.get_comment(org_id=principal.org_id, incident_id=incident_id, comment_id=comment_id)
    if comment is None or comment.get("deleted_at") or (comment.get("internal") and principal.sees_only_own_incidents):
        raise NotFound(f"Comment {comment_id} not found")
    if comment.get("author") != principal.sub:
        raise Forbidden("Only the author can change a comment", details={"author": comment.get("author")})
    changed = {**comment, **changes, "version": int(comment["version"]) + 1}
    try:
        repository.put_comment(
            changed, event=_comment_event(principal, incident, event, changed), expected_version=int(comment["version"])
        )
    except VersionMismatch as error:
        raise NotFound(f"Comment {comment_id} changed or its incident is gone: fetch it again") from error
    return changed


def edit_comment(
    *,
    principal: Principal,
    incident_id: str,
    comment_id: str,
    data: CommentUpdate,
    incidents: IncidentRepository | None = None,
    repository: CollaborationRepository | None = None,
) -> dict[str, Any]:
    edited = _change_own_comment(
        principal,
        incident_id,
        comment_id,
        {"body": data.body, "edited_at": now_iso()},
        event="incident.comment_edited",
        incidents=incidents,
        repository=repository,
    )
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
    _change_own_comment(
        principal,
        incident_id,
        comment_id,
        {"deleted_at": now_iso()},
        event="incident.comment_deleted",
        incidents=incidents,
        repository=repository,
    )
    return {"id": comment_id, "deleted": True}


def change_assignee(
    *,
    principal: Principal,
    incident_id: str,
    data: AssigneeChange,
    if_match: str | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    return update_incident(
        principal=principal,
        incident_id=incident_id,
        changes=data.as_incident_update(),
        if_match=if_match,
        repository=incidents,
    )
