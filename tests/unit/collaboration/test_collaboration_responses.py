"""The collaboration routes' documented bodies match what the service answers; so do their request schemas.

Real answers of the service (over the in-memory fakes), in the envelope the handlers send,
are validated against the published JSON schema of their response model and by the model.
"""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import AssigneeChange, CommentCreate, CommentUpdate
from incident_core.collaboration.responses import Comment, DeletedComment, TimelineEvent
from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.http.openapi import Envelope, ListEnvelope
from incident_core.incidents import my_incidents
from incident_core.incidents.models import IncidentCreate, StatusChange
from incident_core.incidents.responses import Incident
from incident_core.incidents.service import change_status, create_incident
from tests.support.contract import answered, assert_documented, listed
from tests.support.fakes.collaboration import InMemoryCollaborationRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

WRITE = frozenset({"incidents:read", "incidents:write"})
ALICE = Principal(sub="alice", org_id="acme", permissions=WRITE)
BOB = Principal(sub="bob", org_id="acme", permissions=WRITE, orgs=("acme", "globex"))


class World:
    def __init__(self) -> None:
        self.incidents = InMemoryIncidentRepository()
        self.comments = InMemoryCollaborationRepository(self.incidents)

    def incident(self, org: str = "acme") -> str:
        data = IncidentCreate.model_validate(
            {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "medium"}
        )
        principal = Principal(sub="alice", org_id=org, permissions=WRITE)
        return str(create_incident(principal=principal, data=data, repository=self.incidents)["id"])

    def stores(self) -> dict[str, Any]:
        return {"incidents": self.incidents, "repository": self.comments}


def test_the_models_have_exactly_the_fields_of_the_answers() -> None:
    world = World()
    incident_id = world.incident()
    comment = collaboration.add_comment(
        principal=ALICE, incident_id=incident_id, data=CommentCreate(body="Looking into it"), **world.stores()
    )
    deleted = collaboration.delete_comment(
        principal=ALICE, incident_id=incident_id, comment_id=comment["id"], **world.stores()
    )
    timeline = collaboration.timeline(principal=ALICE, incident_id=incident_id, params={}, **world.stores())
    assert set(Comment.model_fields) == set(comment)
    assert set(DeletedComment.model_fields) == set(deleted)
    assert all(set(TimelineEvent.model_fields) == set(item) for item in timeline.items)


def test_every_answer_of_the_comment_routes_is_documented() -> None:
    world = World()
    incident_id = world.incident()
    ids: dict[str, Any] = {"principal": ALICE, "incident_id": incident_id, **world.stores()}
    added = collaboration.add_comment(data=CommentCreate(body="Looking into it", internal=True), **ids)
    assert_documented(Envelope[Comment], answered(added))
    edited = collaboration.edit_comment(comment_id=added["id"], data=CommentUpdate(body="Contained"), **ids)
    assert edited["edited_at"] and edited["version"] == 2
    assert_documented(Envelope[Comment], answered(edited))
    other = collaboration.add_comment(data=CommentCreate(body="Second look"), **ids)
    assert_documented(ListEnvelope[Comment], listed(collaboration.list_comments(params={"limit": ["1"]}, **ids)))
    deleted = collaboration.delete_comment(comment_id=other["id"], **ids)
    assert_documented(Envelope[DeletedComment], answered(deleted))


def test_every_answer_of_the_timeline_is_documented() -> None:
    world = World()
    incident_id = world.incident()
    ids: dict[str, Any] = {"principal": ALICE, "incident_id": incident_id}
    comment = collaboration.add_comment(data=CommentCreate(body="Looking into it"), **ids, **world.stores())
    collaboration.delete_comment(comment_id=comment["id"], **ids, **world.stores())
    collaboration.change_assignee(data=AssigneeChange(assigned_to="bob"), incidents=world.incidents, **ids)
    change = StatusChange.model_validate({"status": "resolved", "classification": "benign"})
    change_status(change=change, repository=world.incidents, **ids)
    page = collaboration.timeline(params={}, **ids, **world.stores())
    names = [item["event"] for item in page.items]
    assert names[:4] == ["incident.created", "incident.comment_added", "incident.comment_deleted", "incident.updated"]
    assert "incident.status_changed" in names and all(item["changes"] for item in page.items[1:])
    assert_documented(ListEnvelope[TimelineEvent], listed(page))
    first = collaboration.timeline(params={"limit": ["2"]}, **ids, **world.stores())
    assert first.meta["has_more"]
    assert_documented(ListEnvelope[TimelineEvent], listed(first))


def test_the_assignee_change_and_my_incidents_answer_incidents() -> None:
    world = World()
    incident_id = world.incident()
    world.incident("globex")
    changed = collaboration.change_assignee(
        principal=ALICE,
        incident_id=incident_id,
        data=AssigneeChange(assigned_to="bob", assigned_team="soc"),
        incidents=world.incidents,
    )
    assert_documented(Envelope[Incident], answered(changed))
    for org_incident in world.incidents.incidents.values():
        org_incident["assigned_to"] = "bob"
    mine = my_incidents.my_incidents(principal=BOB, params={"limit": ["1"]}, incidents=world.incidents)
    assert mine.meta["orgs"] == ["acme", "globex"] and mine.meta["has_more"]
    assert_documented(ListEnvelope[Incident], listed(mine))


def test_an_assignee_change_must_name_a_field_in_the_schema_as_in_the_api() -> None:
    schema = OAS31Validator(AssigneeChange.model_json_schema())
    assert not schema.is_valid({})
    assert schema.is_valid({"assigned_to": None}) and schema.is_valid({"assigned_team": "soc"})


def test_the_lists_accept_exactly_the_query_parameters_they_document() -> None:
    world = World()
    ids: dict[str, Any] = {"principal": ALICE, "incident_id": world.incident()}
    assert [parameter.name for parameter in collaboration.LIST_QUERY] == ["limit", "cursor"]
    for listing in (collaboration.timeline, collaboration.list_comments):
        with pytest.raises(ValidationFailed, match=r"Unknown query parameter: sort$"):
            listing(params={"sort": ["-created_at"]}, **ids, **world.stores())
