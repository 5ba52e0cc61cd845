"""`GET /me/incidents` and `GET /incidents` over the in-memory repository: who sees what, and the
`meta` each page documents."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.http.openapi import ListEnvelope
from incident_core.incidents import listing, my_incidents
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.responses import Incident
from incident_core.incidents.service import create_incident
from tests.support.contract import assert_documented, listed
from tests.support.fakes.incidents import InMemoryIncidentRepository

WRITE = frozenset({"incidents:read", "incidents:write"})
REPORTER = frozenset({"incidents:read", "incidents:create"})


def principal(sub: str, *orgs: str, reporter: bool = False) -> Principal:
    return Principal(
        sub=sub,
        org_id=orgs[0],
        permissions=REPORTER if reporter else WRITE,
        roles=("reporter",) if reporter else (),
        orgs=orgs,
    )


@pytest.fixture
def repository() -> InMemoryIncidentRepository:
    """rita's reports in acme and globex, sam's in acme assigned to rita, one of alice's in acme
    assigned to rob, and rita's in initech."""
    repository = InMemoryIncidentRepository()
    for day, (creator, org, title, assignee) in enumerate(
        (
            ("rita", "acme", "Aggressive attendee", None),
            ("rita", "globex", "Broken stair rail", None),
            ("sam", "acme", "Unattended bag", "rita"),
            ("alice", "acme", "badge printer", "rob"),
            ("rita", "initech", "Elsewhere", None),
        ),
        start=1,
    ):
        data = IncidentCreate.model_validate(
            {
                "title": title,
                "description": "Seen at the event today",
                "severity": "medium",
                **({"assigned_to": assignee} if assignee else {}),
            }
        )
        made = create_incident(principal=principal(creator, org), data=data, repository=repository)
        # One a day: the order never rests on ids of incidents made within the same millisecond
        stored = repository.incidents[(org, made["id"])]
        stored["created_at"] = stored["updated_at"] = f"2026-03-0{day}T09:00:00.000Z"
    return repository


def titles(page: Any) -> list[str]:
    return [item["title"] for item in page.items]


def mine(repository: InMemoryIncidentRepository, who: Principal, **params: str) -> Any:
    return my_incidents.my_incidents(
        principal=who, params={name: [value] for name, value in params.items()}, incidents=repository
    )


def test_a_reporter_sees_what_it_created_never_what_is_assigned_to_it(repository: InMemoryIncidentRepository) -> None:
    rita = principal("rita", "acme", "globex", reporter=True)
    page = mine(repository, rita)
    assert titles(page) == ["Broken stair rail", "Aggressive attendee"]
    assert page.meta == {
        "limit": 20,
        "page": 1,
        "total": 2,
        "total_pages": 1,
        "totalPages": 1,
        "has_more": False,
        "has_next": False,
        "next_cursor": None,
        "orgs": ["acme", "globex"],
    }
    assert titles(mine(repository, rita, assigned="me")) == []
    assert_documented(ListEnvelope[Incident], listed(page))


def test_others_see_every_incident_of_their_orgs(repository: InMemoryIncidentRepository) -> None:
    rob = principal("rob", "acme", "globex")
    assert titles(mine(repository, rob)) == [
        "badge printer",
        "Unattended bag",
        "Broken stair rail",
        "Aggressive attendee",
    ]
    assert titles(mine(repository, rob, assigned="me")) == ["badge printer"]
    assert titles(mine(repository, rob, assigned="others")) == ["Unattended bag"]
    assert titles(mine(repository, rob, assigned="unassigned")) == ["Broken stair rail", "Aggressive attendee"]
    assert titles(mine(repository, rob, event="globex")) == ["Broken stair rail"]
    assert titles(mine(repository, rob, search="BAG")) == ["Unattended bag"]
    assert titles(mine(repository, rob, sort="title", order="asc")) == [
        "Aggressive attendee",
        "badge printer",
        "Broken stair rail",
        "Unattended bag",
    ]
    paged = mine(repository, rob, sort="title", order="asc", page="2", limit="3")
    assert titles(paged) == ["Unattended bag"]
    assert {name: paged.meta[name] for name in ("page", "total", "total_pages", "totalPages", "has_next")} == {
        "page": 2,
        "total": 4,
        "total_pages": 2,
        "totalPages": 2,
        "has_next": False,
    }
    assert_documented(ListEnvelope[Incident], listed(paged))


def test_an_org_outside_the_token_is_400(repository: InMemoryIncidentRepository) -> None:
    with pytest.raises(ValidationFailed) as refused:
        mine(repository, principal("rob", "acme", "globex"), org="initech")
    assert refused.value.details == [
        {"field": "org", "message": "org must be one of the orgs your token names: acme, globex"}
    ]


def test_a_token_of_one_org_reads_that_org(repository: InMemoryIncidentRepository) -> None:
    page = mine(repository, Principal(sub="rob", org_id="acme", permissions=WRITE))
    assert page.meta["orgs"] == ["acme"] and page.meta["total"] == 3


def test_incident_lists_document_their_meta(repository: InMemoryIncidentRepository) -> None:
    rob = principal("rob", "acme")
    for params in ({}, {"page": ["1"], "page_size": ["2"]}, {"offset": ["1"]}, {"sort": ["-title"], "limit": ["1"]}):
        query = listing.parse_list_query(params, principal=rob)
        page = listing.list_incidents(principal=rob, query=query, repository=repository)
        assert_documented(ListEnvelope[Incident], listed(page))
    query = listing.parse_list_query({"sort": ["title"], "limit": ["2"]}, principal=rob)
    page = listing.list_incidents(principal=rob, query=query, repository=repository)
    assert titles(page) == ["Aggressive attendee", "badge printer"]
    assert {name: page.meta[name] for name in ("limit", "total", "total_pages", "has_more", "has_next")} == {
        "limit": 2,
        "total": 3,
        "total_pages": 2,
        "has_more": True,
        "has_next": True,
    }
