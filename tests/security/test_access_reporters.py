"""OWASP API1 inside one org: a reporter sees only the incidents it created, and never an
internal comment, through any route.

In acme, gina (an admin) owns an incident with one of everything (an internal comment, a
triage run, an action, an attachment) and assigns it to rita, a reporter; sam, another
reporter, files his own report. rita names them on every route a reporter may call: each
answer is exactly the answer for an id that does not exist. On rita's own report, gina's
internal comment shows in no list, no timeline and no edit.
"""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.http.api_routes import API_ROUTES
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.security import test_access_object_level as world
from tests.security.conftest import AttackGateway, AttackLedger
from tests.security.test_access_object_level import BODIES, Victim, build_victim, nobodys, path_of, shape
from tests.support.gateway import ApiResponse

bucket = world.bucket  # the attachments bucket fixture, for gina's attachment
INTERNAL = "INTERNAL-CANARY: the CFO approved the transfer"
# What a reporter holds (incidents:read, incidents:create) is enough for these routes.
REPORTER_ROUTES = [
    (method, resource)
    for resource, methods in API_ROUTES.items()
    if resource.startswith("/incidents/{id}")
    for method in methods
    if (method, resource)
    in {
        ("GET", "/incidents/{id}"),
        ("PUT", "/incidents/{id}"),
        ("PATCH", "/incidents/{id}"),
        ("GET", "/incidents/{id}/timeline"),
        ("GET", "/incidents/{id}/comments"),
        ("POST", "/incidents/{id}/comments"),
        ("PATCH", "/incidents/{id}/comments/{comment_id}"),
        ("DELETE", "/incidents/{id}/comments/{comment_id}"),
        ("GET", "/incidents/{id}/triage"),
        ("GET", "/incidents/{id}/triage/{triage_id}"),
        ("GET", "/incidents/{id}/actions"),
        ("GET", "/incidents/{id}/actions/{action_id}"),
        ("GET", "/incidents/{id}/attachments"),
        ("POST", "/incidents/{id}/attachments"),
        ("DELETE", "/incidents/{id}/attachments/{attachment_id}"),
        ("POST", "/incidents/{id}/attachments/{attachment_id}/complete"),
    }
]


@pytest.fixture
def acme(gateway: AttackGateway, bucket: str, token: TokenFactory) -> dict[str, Any]:
    """gina's incident (assigned to rita), sam's report, rita's report with an internal comment."""
    gina = token(sub="gina")
    assigned = build_victim(gateway, gina)
    moved = gateway.request(
        "PUT",
        f"/incidents/{assigned.incident}/status",
        json_body={"status": "investigating", "assigned_to": "rita"},
        token=gina,
    )
    assert moved.status_code == 200, moved.text
    sams = new_incident(gateway, token(sub="sam", roles=["reporter"]), title="Tailgating at the loading dock")
    ritas = new_incident(gateway, token(sub="rita", roles=["reporter"]), title="Phishing mail from the CEO")
    internal = gateway.request(
        "POST", f"/incidents/{ritas['id']}/comments", json_body={"body": INTERNAL, "internal": True}, token=gina
    )
    public = gateway.request(
        "POST", f"/incidents/{ritas['id']}/comments", json_body={"body": "We are on it"}, token=gina
    )
    assert internal.status_code == public.status_code == 201, internal.text
    return {
        "assigned": assigned,
        "sams": sams,
        "ritas": ritas,
        "internal_comment": internal.json()["data"]["id"],
        "public_comment": public.json()["data"]["id"],
    }


def rita(token: TokenFactory) -> str:
    return token(sub="rita", roles=["reporter"])


def as_missing(
    gateway: AttackGateway, attacks: AttackLedger, token: str, method: str, resource: str, named: Victim
) -> tuple[tuple[int, str], tuple[int, str]]:
    """The answer for `named`'s objects and the answer for objects that do not exist."""
    body = BODIES.get((method, resource))
    theirs, missing = named.parameters(resource), nobodys(named).parameters(resource)
    seen = attacks.record(gateway.request(method, path_of(resource, theirs), json_body=body, token=token))
    absent = gateway.request(method, path_of(resource, missing), json_body=body, token=token)
    return shape(seen, theirs), shape(absent, missing)


def test_a_reporter_reaches_no_incident_it_did_not_create_through_any_route_moto(
    gateway: AttackGateway, token: TokenFactory, acme: dict[str, Any], attacks: AttackLedger
) -> None:
    reporter = rita(token)
    answers = {
        f"{method} {resource}": as_missing(gateway, attacks, reporter, method, resource, acme["assigned"])
        for method, resource in REPORTER_ROUTES
    }
    assert {route: pair for route, pair in answers.items() if pair[0] != pair[1] or pair[0][0] != 404} == {}
    assert len(answers) == 16
    sams = acme["sams"]
    by_number = attacks.record(gateway.request("GET", f"/incidents/{sams['incident_number']}", token=reporter))
    assert shape(by_number, {"id": sams["incident_number"]}) == (
        404,
        str({"success": False, "error": {"code": "NOT_FOUND", "message": "Incident <id> not found"}}),
    )
    other = attacks.record(gateway.request("GET", f"/incidents/{sams['id']}", token=reporter))
    assert other.status_code == 404


LIST_QUERIES: list[tuple[dict[str, str], bool]] = [  # a query, and whether rita's report matches it
    ({}, True),
    ({"limit": "100"}, True),
    ({"severity": "medium"}, True),
    ({"sort": "title"}, True),
    ({"assigned": "me"}, False),  # gina's incident is assigned to rita: still not hers
    ({"assigned_to": "rita"}, False),
    ({"search": "Tailgating"}, False),  # sam's title
    ({"status": "investigating"}, False),
]


def test_a_reporters_lists_hold_only_its_own_reports_moto(
    gateway: AttackGateway, token: TokenFactory, acme: dict[str, Any]
) -> None:
    reporter, listed = rita(token), {}
    for query, matches_ritas in LIST_QUERIES:
        for path in ("/me/incidents", "/incidents"):
            response = gateway.request("GET", path, token=reporter, query=query)  # filtered, not refused: no attack
            if response.status_code == 400:  # a filter that list does not take: refused, never ignored
                assert response.json()["error"]["details"][0]["field"] in query, response.text
                continue
            assert response.status_code == 200, (path, response.text)
            listed[f"{path}?{query}"] = ([item["id"] for item in response.json()["data"]], matches_ritas)
    assert {key: ids for key, (ids, matches) in listed.items() if ids != [acme["ritas"]["id"]] * matches} == {}
    assert len(listed) >= 12


def test_an_internal_comment_never_reaches_a_reporter_on_its_own_report_moto(
    gateway: AttackGateway, token: TokenFactory, acme: dict[str, Any], attacks: AttackLedger
) -> None:
    reporter, incident = rita(token), acme["ritas"]["id"]
    reads: dict[str, ApiResponse] = {
        name: gateway.request("GET", f"/incidents/{incident}{suffix}", token=reporter)
        for name, suffix in (("incident", ""), ("comments", "/comments"), ("timeline", "/timeline"))
    }
    assert {name: response.status_code for name, response in reads.items()} == dict.fromkeys(reads, 200)
    assert [comment["id"] for comment in reads["comments"].json()["data"]] == [acme["public_comment"]]
    assert not [name for name, response in reads.items() if "INTERNAL-CANARY" in response.text]
    for method in ("PATCH", "DELETE"):
        body = BODIES.get((method, "/incidents/{id}/comments/{comment_id}"))
        internal, missing = acme["internal_comment"], world.missing_like(acme["internal_comment"])
        seen = attacks.record(
            gateway.request(method, f"/incidents/{incident}/comments/{internal}", json_body=body, token=reporter)
        )
        absent = gateway.request(method, f"/incidents/{incident}/comments/{missing}", json_body=body, token=reporter)
        assert shape(seen, {"comment_id": internal}) == shape(absent, {"comment_id": missing})
        assert seen.status_code == 404
    written = attacks.record(
        gateway.request(
            "POST", f"/incidents/{incident}/comments", json_body={"body": "me too", "internal": True}, token=reporter
        )
    )
    assert (written.status_code, written.json()["error"]["code"]) == (403, "FORBIDDEN")
    still = gateway.request("GET", f"/incidents/{incident}/comments", token=token(sub="gina")).json()["data"]
    assert [comment["body"] for comment in still] == [INTERNAL, "We are on it"]
