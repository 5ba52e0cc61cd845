"""The collaboration service over in-memory repositories: timeline, comments, assignee."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import AssigneeChange, CommentCreate, CommentUpdate
from incident_core.core.auth import Principal
from incident_core.core.errors import Forbidden, NotFound, ValidationFailed
from incident_core.core.paging import Listing
from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.service import change_status, create_incident, update_incident
from tests.support.fakes.collaboration import InMemoryCollaborationRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

WRITE = frozenset({"incidents:read", "incidents:write"})
ALICE = Principal(sub="alice", org_id="acme", permissions=WRITE)
BOB = Principal(sub="bob", org_id="acme", permissions=WRITE)
RITA = Principal(
    sub="rita", org_id="acme", permissions=frozenset({"incidents:read", "incidents:create"}), roles=("reporter",)
)

World = tuple[InMemoryIncidentRepository, InMemoryCollaborationRepository]


@pytest.fixture
def world() -> World:
    incidents = InMemoryIncidentRepository()
    return incidents, InMemoryCollaborationRepository(incidents)


def _incident(world: World, principal: Principal = ALICE, **fields: Any) -> str:
    data = IncidentCreate.model_validate(
        {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "medium", **fields}
    )
    return str(create_incident(principal=principal, data=data, repository=world[0])["id"])


def _timeline(world: World, incident_id: str, *, principal: Principal = ALICE, **params: str) -> Listing:
    incidents, repository = world
    return collaboration.timeline(
        principal=principal,
        incident_id=incident_id,
        params={name: [value] for name, value in params.items()},
        incidents=incidents,
        repository=repository,
    )


def _comment(
    world: World, incident_id: str, body: str, principal: Principal = ALICE, internal: bool = False
) -> dict[str, Any]:
    incidents, repository = world
    return collaboration.add_comment(
        principal=principal,
        incident_id=incident_id,
        data=CommentCreate(body=body, internal=internal),
        incidents=incidents,
        repository=repository,
    )


def _comments(world: World, incident_id: str, *, principal: Principal = ALICE, **params: str) -> Listing:
    incidents, repository = world
    return collaboration.list_comments(
        principal=principal,
        incident_id=incident_id,
        params={name: [value] for name, value in params.items()},
        incidents=incidents,
        repository=repository,
    )


def _edit(world: World, incident_id: str, comment_id: str, body: str, principal: Principal = ALICE) -> dict[str, Any]:
    incidents, repository = world
    return collaboration.edit_comment(
        principal=principal,
        incident_id=incident_id,
        comment_id=comment_id,
        data=CommentUpdate(body=body),
        incidents=incidents,
        repository=repository,
    )


def _delete(world: World, incident_id: str, comment_id: str, principal: Principal = ALICE) -> dict[str, Any]:
    incidents, repository = world
    return collaboration.delete_comment(
        principal=principal, incident_id=incident_id, comment_id=comment_id, incidents=incidents, repository=repository
    )


# --- timeline ---------------------------------------------------------------------------------


def test_the_timeline_lists_every_change_in_order_and_pages(world: World) -> None:
    incidents, _ = world
    incident_id = _incident(world)
    update_incident(
        principal=ALICE,
        incident_id=incident_id,
        changes=IncidentUpdate.model_validate({"severity": "high"}),
        repository=incidents,
    )
    _comment(world, incident_id, "Looking into it")
    change_status(
        principal=ALICE,
        incident_id=incident_id,
        change=StatusChange.model_validate({"status": "resolved"}),
        repository=incidents,
    )
    whole = _timeline(world, incident_id)
    assert [item["event"] for item in whole.items] == [
        "incident.created",
        "incident.updated",
        "incident.comment_added",
        "incident.status_changed",
        "incident.resolved",
    ]
    assert whole.items[1]["changes"]["severity"] == {"old": "medium", "new": "high"}
    assert whole.meta == {"limit": 50, "has_more": False, "next_cursor": None}

    seen: list[str] = []
    cursor = None
    while True:
        page = _timeline(world, incident_id, limit="2", **({"cursor": cursor} if cursor else {}))
        assert len(page.items) <= 2
        seen += [item["id"] for item in page.items]
        cursor = page.meta["next_cursor"]
        if not page.meta["has_more"]:
            break
    assert seen == [item["id"] for item in whole.items]


def test_a_timeline_cursor_is_bound_to_its_incident_and_list(world: World) -> None:
    incident_id = _incident(world, assigned_to="bob")  # created + assigned: two events
    cursor = _timeline(world, incident_id, limit="1").meta["next_cursor"]
    assert cursor
    with pytest.raises(ValidationFailed, match="cursor"):
        _timeline(world, _incident(world), cursor=cursor)
    with pytest.raises(ValidationFailed, match="cursor"):
        _comments(world, incident_id, cursor=cursor)  # a timeline cursor is not a comments cursor


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "limit must be an integer from 1 to 100"),
        ({"limit": "many"}, "limit must be an integer from 1 to 100"),
        ({"since": "yesterday"}, "Unknown query parameter: since"),
    ],
)
def test_bad_paging_parameters_are_refused(world: World, params: dict[str, str], message: str) -> None:
    incidents, repository = world
    incident_id = _incident(world)
    with pytest.raises(ValidationFailed, match=message):
        collaboration.timeline(
            principal=ALICE,
            incident_id=incident_id,
            params={name: [value] for name, value in params.items()},
            incidents=incidents,
            repository=repository,
        )


# --- comments ---------------------------------------------------------------------------------


def test_reporters_never_see_internal_comments(world: World) -> None:
    incident_id = _incident(world, principal=RITA)
    _comment(world, incident_id, "Thanks for reporting")
    internal = _comment(world, incident_id, "Sender is a known APT lure", internal=True)
    _comment(world, incident_id, "It came twice", principal=RITA)
    with pytest.raises(Forbidden):
        _comment(world, incident_id, "psst", principal=RITA, internal=True)

    assert [c["body"] for c in _comments(world, incident_id, principal=RITA).items] == [
        "Thanks for reporting",
        "It came twice",
    ]
    assert len(_comments(world, incident_id).items) == 3
    reporter_timeline = _timeline(world, incident_id, principal=RITA).items
    assert [item["event"] for item in reporter_timeline].count("incident.comment_added") == 2
    assert len(_timeline(world, incident_id).items) == 4
    with pytest.raises(NotFound):
        _edit(world, incident_id, internal["id"], "mine now", principal=RITA)


def test_only_the_author_edits_or_deletes_a_comment(world: World) -> None:
    incident_id = _incident(world)
    comment = _comment(world, incident_id, "First look: a lure")
    with pytest.raises(Forbidden):
        _edit(world, incident_id, comment["id"], "rewritten", principal=BOB)
    with pytest.raises(Forbidden):
        _delete(world, incident_id, comment["id"], principal=BOB)

    edited = _edit(world, incident_id, comment["id"], "First look: a known lure")
    assert edited["body"] == "First look: a known lure" and edited["edited_at"] and edited["version"] == 2
    assert _delete(world, incident_id, comment["id"]) == {"id": comment["id"], "deleted": True}
    assert _comments(world, incident_id).items == []
    with pytest.raises(NotFound):
        _delete(world, incident_id, comment["id"])
    events = [item["event"] for item in _timeline(world, incident_id).items]
    assert events[-3:] == ["incident.comment_added", "incident.comment_edited", "incident.comment_deleted"]


def test_comments_page_in_order(world: World) -> None:
    incident_id = _incident(world)
    bodies = [f"note {n}" for n in range(5)]
    for body in bodies:
        _comment(world, incident_id, body)
    first = _comments(world, incident_id, limit="3")
    rest = _comments(world, incident_id, limit="3", cursor=first.meta["next_cursor"])
    assert [c["body"] for c in first.items + rest.items] == bodies
    assert first.meta["has_more"] and not rest.meta["has_more"]


# --- assignee -----------------------------------------------------------------------------------


def test_the_assignee_changes_through_the_incident(world: World) -> None:
    incidents, _ = world
    incident_id = _incident(world)
    assigned = collaboration.change_assignee(
        principal=ALICE,
        incident_id=incident_id,
        data=AssigneeChange(assigned_to="bob", assigned_team="soc"),
        incidents=incidents,
    )
    assert (assigned["assigned_to"], assigned["assigned_team"]) == ("bob", "soc")
    assert incidents.events[-1].name == "incident.assigned"
    cleared = collaboration.change_assignee(
        principal=ALICE,
        incident_id=incident_id,
        data=AssigneeChange.model_validate({"assigned_to": None}),
        incidents=incidents,
    )
    assert cleared["assigned_to"] is None and cleared["assigned_team"] == "soc"  # only what was named
    with pytest.raises(ValidationError, match="assigned_to, assigned_team or both"):
        AssigneeChange.model_validate({})
