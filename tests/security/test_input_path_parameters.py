"""OWASP API4 and API8: path parameters out of bounds, on every route that takes one.

Incident ids were checked; child ids (comments, actions, attachments, triage runs, webhooks,
deliveries) were not: 2,048 or 8,192 characters reached the key builder and answered 500 (a key
over DynamoDB's limit). The router now checks every path parameter of every route against the
id alphabet (letters, digits, `_`, `-`, `.`; at most 128 characters) once the caller is
authorized: anything else is a 404 `NOT_FOUND`, the answer for an id that does not exist, and
the message never echoes it. moto's DynamoDB holds the table.
"""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.http.api_routes import API_ROUTES
from incident_core.http.validation import RESOURCE_NOUNS, VALUE_PATH_PARAMETERS
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import (
    WELL_FORMED_IDS,
    AttackGateway,
    AttackLedger,
    DeclaredRoute,
    concrete_path,
    declared_routes,
)

PATH_ROUTES = [route for route in declared_routes() if route.route.path_parameters]
# Routes whose path parameter is an id (a value a caller chose, `/observables/{value}/...`, is not).
ID_ROUTES = [route for route in PATH_ROUTES if not set(route.route.path_parameters) & set(VALUE_PATH_PARAMETERS)]
OBSERVABLE_ROUTE = next(route for route in PATH_ROUTES if route.resource == "/observables/{value}/incidents")
MALFORMED_IDS = {
    "129 characters": "a" * 129,
    "2,048 characters": "c" * 2048,
    "8,192 characters": "9" * 8192,
    "a space": "cmt 1",
    "markup": "<img src=x onerror=alert(1)>",
    "NUL": "act_1\x00",
    "a trailing newline": "att_1\n",
    "DEL": "trg\x7f",
    "non-ASCII letters": "ínc-1",
    "a key separator": "acme#INCIDENT",
    "dots only": "..",
    "an encoded traversal": "..%2f..%2fsecrets",
    "a leading dash": "-1",
    "a quote": "x'OR'1'='1",
}
# A body each route takes, so that a missing (well-formed) id answers from the lookup, not from validation.
VALID_BODIES: dict[str, Any] = {
    "PUT /incidents/{id}": {"title": "Renamed incident"},
    "PATCH /incidents/{id}": {"title": "Renamed incident"},
    "PUT /incidents/{id}/status": {"status": "investigating"},
    "PUT /incidents/{id}/assignee": {"assigned_to": "bob"},
    "POST /incidents/{id}/comments": {"body": "Looking into it"},
    "PATCH /incidents/{id}/comments/{comment_id}": {"body": "Edited"},
    "POST /incidents/{id}/actions": {"action": "notify", "parameters": {"message": "Heads up"}},
    "POST /incidents/{id}/remediate": {"action": "notify", "parameters": {"message": "Heads up"}},
    "POST /incidents/{id}/actions/{action_id}/reject": {"reason": "Not needed now"},
    "POST /incidents/{id}/actions/{action_id}/result": {"success": True},
    "POST /incidents/{id}/triage": {},
    "PUT /webhooks/{id}": {"name": "Renamed"},
    "PATCH /webhooks/{id}": {"name": "Renamed"},
    "POST /incidents/{id}/attachments": {"filename": "notes.txt", "content_type": "text/plain", "size": 5},
}


def noun_of(resource: str, parameter: str) -> str:
    segments = resource.split("/")
    return RESOURCE_NOUNS[segments[segments.index("{" + parameter + "}") - 1]]


def test_every_route_with_a_path_parameter_is_covered() -> None:
    covered = {(route.method, route.resource) for route in PATH_ROUTES}
    table = {(method, path) for path, methods in API_ROUTES.items() if "{" in path for method in methods}
    assert covered == table
    assert {name for route in PATH_ROUTES for name in route.route.path_parameters} == set(WELL_FORMED_IDS)


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
def test_a_path_parameter_out_of_bounds_is_a_404_like_a_missing_one_on_every_route_moto(
    gateway: AttackGateway,
    token: TokenFactory,
    attacks: AttackLedger,
    attachments_bucket: str,
    route: DeclaredRoute,
) -> None:
    real = {"id": new_incident(gateway, token())["id"]} if route.resource.startswith("/incidents/") else {}
    body = VALID_BODIES.get(str(route))
    for parameter in route.route.path_parameters:
        # What a well-formed id that names nothing answers here: the answer every malformed one must give.
        missing_path = concrete_path(route.resource, **{**real, parameter: WELL_FORMED_IDS[parameter]})
        missing = gateway.request(route.method, missing_path, json_body=body, token=token())
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NOT_FOUND"), missing.text
        for value in MALFORMED_IDS.values():
            path = concrete_path(route.resource, **{**real, parameter: value})
            response = attacks.record(gateway.request(route.method, path, json_body=body, token=token()))
            assert response.status_code == 404, (parameter, value[:20], response.text)
            expected = {"code": "NOT_FOUND", "message": f"{noun_of(route.resource, parameter)} not found"}
            assert response.json()["error"] == expected


def test_an_observable_value_that_names_no_observable_is_a_400_and_a_real_one_a_page_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    for value in MALFORMED_IDS.values():
        path = concrete_path(OBSERVABLE_ROUTE.resource, value=value)
        response = attacks.record(gateway.request("GET", path, token=token()))
        assert response.status_code == 400, (value[:20], response.text)
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert [detail["field"] for detail in response.json()["error"]["details"]] == ["value"]
    for value in ("alice@example.com", "2001:db8::1", "192.0.2.1"):
        response = gateway.request("GET", concrete_path(OBSERVABLE_ROUTE.resource, value=value), token=token())
        assert (response.status_code, response.json()["data"]) == (200, []), response.text


def test_an_8192_character_comment_id_is_a_404_on_patch_and_delete_and_the_comment_is_untouched_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    incident = new_incident(gateway, token())
    base = f"/incidents/{incident['id']}/comments"
    comment = gateway.request("POST", base, json_body={"body": "First look"}, token=token()).json()["data"]
    long_id = comment["id"] + "x" * (8192 - len(comment["id"]))
    for method, body in (("PATCH", {"body": "Overwritten"}), ("DELETE", None)):
        response = attacks.record(gateway.request(method, f"{base}/{long_id}", json_body=body, token=token()))
        assert (response.status_code, response.json()["error"]["message"]) == (404, "Comment not found")
    listed = gateway.request("GET", base, token=token()).json()["data"]
    assert [(item["id"], item["body"]) for item in listed] == [(comment["id"], "First look")]


def test_an_id_of_128_characters_of_the_alphabet_reaches_the_lookup_moto(
    gateway: AttackGateway, token: TokenFactory
) -> None:
    longest = "w" + "_" * 126 + "1"
    response = gateway.request("GET", f"/webhooks/{longest}/stats", token=token())
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Webhook {longest} not found"  # the domain's own answer


def test_the_id_check_comes_after_authentication_moto(gateway: AttackGateway, attacks: AttackLedger) -> None:
    response = attacks.record(gateway.request("GET", f"/webhooks/{'9' * 8192}/stats"))
    assert response.status_code == 401
