"""OWASP API5 (broken function level authorization) on every route of `template.yaml`.

The org's own objects exist and the request is well-formed, so only the permission check
stands between the caller and a 2xx: a token holding every permission but the route's gets
403 with `details` {required_permission, user_permissions}, and nothing changes. Only the
API's public documents (health, OpenAPI, docs) are served without a token.
"""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.core.auth import ALL_PERMISSIONS
from incident_core.http.api_routes import API_ROUTES
from incident_core.http.router import Route
from tests.integration.conftest import TokenFactory
from tests.security import test_access_object_level as world
from tests.security.conftest import AttackGateway, AttackLedger
from tests.security.test_access_object_level import BODIES, build_victim, path_of, snapshot
from tests.support.gateway import ApiResponse
from tests.support.template import api_routes, template

bucket = world.bucket  # the attachments bucket fixture, for the org's attachment
CATCH_ALL = "route_not_found"  # takes what no route takes (`/`, `/{proxy+}`): no route of its own
REPORTER = ["incidents:create", "incidents:read"]
PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/redoc"),
    ("GET", "/docs/assets/{name}"),
    ("POST", "/auth/token"),  # the client's own id and secret, not a bearer token (clients/tokens.py)
    # PagerDuty Events v2: the body's integration key (`routing_key`), not a bearer token (integrations/)
    ("POST", "/v2/enqueue"),
    ("POST", "/v2/change/enqueue"),
}


def declared_routes(gateway: AttackGateway) -> dict[tuple[str, str], Route]:
    """Every route of `template.yaml`, as its function declares it (with its permission)."""
    resources = template()["Resources"]
    declared: dict[tuple[str, str], Route] = {}
    for logical_id, routes in api_routes().items():
        code_dir = resources[logical_id]["Properties"]["CodeUri"].rstrip("/").split("/")[-1]
        if code_dir == CATCH_ALL:
            continue
        served = {(route.method, route.resource): route for route in gateway.function(code_dir).api.routes}
        for method, resource in routes:
            declared[(method, resource)] = served[(method, resource)]
    return declared


def forbidden(response: ApiResponse) -> tuple[int, str, Any]:
    body = response.json()
    assert body["request_id"] == response.header("X-Request-Id"), response.text
    return response.status_code, body["error"]["code"], body["error"].get("details")


def test_every_route_but_the_public_documents_needs_a_permission(gateway: AttackGateway) -> None:
    declared = declared_routes(gateway)
    assert set(declared) == {(method, resource) for resource, methods in API_ROUTES.items() for method in methods}
    assert {key for key, route in declared.items() if not route.permission} == PUBLIC_ROUTES


@pytest.mark.usefixtures("bucket")
def test_a_token_without_the_routes_permission_is_403_naming_it_on_every_route_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    victim = build_victim(gateway, token(sub="gina"))
    before = snapshot(gateway, token(sub="gina"), victim)
    answers, expected = {}, {}
    for (method, resource), route in declared_routes(gateway).items():
        if not route.permission:
            continue
        held = sorted(set(ALL_PERMISSIONS) - set(route.permission))
        path = path_of(resource, victim.parameters(resource))
        body = BODIES.get((method, resource), {})
        answer = attacks.record(gateway.request(method, path, json_body=body, token=token(sub="mallory", scopes=held)))
        answers[f"{method} {resource}"] = forbidden(answer)
        details = {"required_permission": route.permission[0], "user_permissions": held}
        expected[f"{method} {resource}"] = (403, "FORBIDDEN", details)
    assert answers == expected
    assert len(answers) == 57  # every route but the public ones
    assert snapshot(gateway, token(sub="gina"), victim) == before


@pytest.mark.usefixtures("bucket")
def test_a_token_with_no_permission_at_all_is_403_on_every_route_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    victim = build_victim(gateway, token(sub="gina"))
    nobody = token(sub="mallory", scopes=["incidents:admin", "root", "*", "webhooks:*"])  # none of them ours
    answers = {}
    for (method, resource), route in declared_routes(gateway).items():
        if route.permission:
            path = path_of(resource, victim.parameters(resource))
            response = attacks.record(
                gateway.request(method, path, json_body=BODIES.get((method, resource)), token=nobody)
            )
            status, code, details = forbidden(response)
            answers[f"{method} {resource}"] = (status, code, details["user_permissions"])
    held = sorted(["incidents:admin", "root", "*", "webhooks:*"])
    assert answers == dict.fromkeys(answers, (403, "FORBIDDEN", held))


@pytest.mark.usefixtures("bucket")
def test_a_reporter_is_403_on_every_route_beyond_reading_and_reporting_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    reporter = token(sub="rita", roles=["reporter"])
    own = build_victim(gateway, token(sub="gina"))
    answers = {}
    for (method, resource), route in declared_routes(gateway).items():
        if route.permission and not {"incidents:read", "incidents:create"} & set(route.permission):
            path = path_of(resource, own.parameters(resource))
            response = attacks.record(
                gateway.request(method, path, json_body=BODIES.get((method, resource)), token=reporter)
            )
            answers[f"{method} {resource}"] = forbidden(response)
    assert answers == {
        f"{method} {resource}": (
            403,
            "FORBIDDEN",
            {"required_permission": route.permission[0], "user_permissions": REPORTER},
        )
        for (method, resource), route in declared_routes(gateway).items()
        if route.permission and not {"incidents:read", "incidents:create"} & set(route.permission)
    }
    assert len(answers) == 35  # every route that needs more than incidents:read or incidents:create
