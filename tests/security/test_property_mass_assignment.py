"""OWASP API3 (broken object property level authorization): mass assignment.

A client may set only what a request model names. Every property a route's answer shows but
its body does not take (`id`, `org_id`, `version`, `created_by`, an action's `status`, a
webhook's `secret` ...) is refused by name when sent (400: read-only, or not an allowed field),
on every strict body, and the resource is unchanged. The answer models and the request models
are read by introspection (the ones the OpenAPI document publishes). Alertmanager's body is
lenient (it ignores what it does not know, being written by other software): there, such
fields are ignored, never applied. moto's DynamoDB holds the table.
"""

from __future__ import annotations

import typing
from typing import Any

import pytest

from incident_core.alerts.models import LenientInput
from incident_core.http.openapi import response_body
from incident_core.incidents.vocabulary import READ_ONLY_FIELDS
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import AttackGateway, AttackLedger, DeclaredRoute, concrete_path, declared_routes

STRICT_BODY_ROUTES = [
    route
    for route in declared_routes()
    if route.route.body is not None and not issubclass(route.route.body.model, LenientInput)
]
# A minimal body each route takes, so that the one refusal is the property sent.
VALID_BODIES: dict[str, dict[str, Any]] = {
    "POST /incidents": {"title": "Phishing", "description": "A lure reached the finance team", "severity": "low"},
    "PUT /incidents/{id}": {"title": "Renamed"},
    "PATCH /incidents/{id}": {"title": "Renamed"},
    "PUT /incidents/{id}/status": {"status": "investigating"},
    "PUT /incidents/{id}/assignee": {"assigned_to": "bob"},
    "POST /incidents/{id}/comments": {"body": "Looking"},
    "PATCH /incidents/{id}/comments/{comment_id}": {"body": "Edited"},
    "POST /incidents/{id}/actions": {"action": "notify", "parameters": {"message": "Heads up"}},
    "POST /incidents/{id}/remediate": {"action": "notify", "parameters": {"message": "Heads up"}},
    "POST /incidents/{id}/actions/{action_id}/reject": {"reason": "Not now"},
    "POST /incidents/{id}/actions/{action_id}/result": {"success": True},
    "POST /incidents/{id}/triage": {},
    "POST /events": {"event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info"}},
    "POST /webhooks": {"name": "SIEM", "url": "http://127.0.0.1:9/hook", "events": ["*"]},
    "PUT /webhooks/{id}": {"name": "Renamed"},
    "PATCH /webhooks/{id}": {"name": "Renamed"},
    "POST /incidents/{id}/attachments": {"filename": "a.txt", "content_type": "text/plain", "size": 5},
    "POST /clients": {"name": "SIEM", "permissions": ["incidents:read"]},
    "POST /integrations/keys": {"name": "Alertmanager"},
    "PUT /sla-policy": {"severities": {"critical": {"acknowledge_within": "PT15M"}}},
}
FORGED_VALUES: dict[str, Any] = {"org_id": "globex", "created_by": "mallory", "version": 99, "id": "forged"}


def answer_properties(route: DeclaredRoute) -> set[str]:
    """The properties of the route's answer data (its response model, as the document publishes it)."""
    envelope = response_body(route.route.endpoint)
    data = envelope.model_fields["data"].annotation
    models = [model for model in typing.get_args(data) or (data,) if hasattr(model, "model_fields")]
    return {name for model in models for name in model.model_json_schema().get("properties", {})}


def accepted_names(model: Any) -> set[str]:
    """Every name the body model takes: its fields, their aliases, and other APIs' names (`ALIASES`)."""
    names = set(model.model_fields) | set(getattr(model, "ALIASES", {}))
    names |= {field.alias for field in model.model_fields.values() if field.alias}
    return names


def read_only_cases() -> list[tuple[DeclaredRoute, str]]:
    return [
        (route, name)
        for route in STRICT_BODY_ROUTES
        for name in sorted(answer_properties(route) - accepted_names(route.route.body.model))  # type: ignore[union-attr]
    ]


CASES = read_only_cases()


def test_every_strict_body_route_has_a_valid_body_here_and_read_only_properties_to_try() -> None:
    assert {str(route) for route in STRICT_BODY_ROUTES} == set(VALID_BODIES)
    assert {"id", "org_id", "version", "created_by", "incident_number"} <= {name for _, name in CASES}
    assert len(CASES) > 100


@pytest.mark.parametrize("route", STRICT_BODY_ROUTES, ids=str)
def test_every_property_an_answer_shows_but_the_body_does_not_take_is_refused_by_name_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: DeclaredRoute
) -> None:
    for name in (name for of, name in CASES if of == route):
        body = {**VALID_BODIES[str(route)], name: FORGED_VALUES.get(name, "forged")}
        path = concrete_path(route.resource)
        response = attacks.record(gateway.request(route.method, path, json_body=body, token=token()))
        assert response.status_code == 400, (name, response.text)
        words = "is read-only and can not be set" if name in READ_ONLY_FIELDS else "is not an allowed field"
        assert {"field": name, "message": f"{name} {words}"} in response.json()["error"]["details"], name


def test_forged_ownership_and_version_on_an_incident_change_nothing_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    incident = new_incident(gateway, token())
    for name, value in {**FORGED_VALUES, "incident_number": "INC-2000-000001", "deleted_at": None}.items():
        response = attacks.record(
            gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={name: value}, token=token())
        )
        assert response.status_code == 400, response.text
    after = gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]
    assert after == incident


def test_a_forged_secret_or_failure_count_on_a_webhook_changes_nothing_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    created = gateway.request("POST", "/webhooks", json_body=VALID_BODIES["POST /webhooks"], token=token()).json()
    webhook_id = created["data"]["id"]
    forged = {"secret": "whsec_mallory", "consecutive_failures": 0, "disabled_at": None, **FORGED_VALUES}
    for name, value in forged.items():
        response = attacks.record(
            gateway.request("PATCH", f"/webhooks/{webhook_id}", json_body={name: value}, token=token())
        )
        assert response.status_code == 400, response.text
    after = gateway.request("GET", f"/webhooks/{webhook_id}", token=token()).json()["data"]
    before = {name: value for name, value in created["data"].items() if name != "secret"}
    assert after == before


def test_alertmanager_fields_of_ours_are_ignored_never_applied_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    alert = {"status": "firing", "labels": {"alertname": "Forged", "org_id": "globex"}, **FORGED_VALUES}
    hook = {"alerts": [alert], "org_id": "globex", "created_by": "mallory", "orgId": 7, "severity": "critical"}
    response = attacks.record(
        gateway.request("POST", "/integrations/alertmanager", json_body=hook, token=token(sub="alertmanager"))
    )
    assert response.status_code == 202, response.text
    incident_id = response.json()["data"]["alerts"][0]["incident_id"]
    incident = gateway.request("GET", f"/incidents/{incident_id}", token=token()).json()["data"]
    assert (incident["org_id"], incident["created_by"], incident["version"]) == ("acme", "alertmanager", 1)
    assert incident["id"] == incident_id != "forged"
    assert gateway.request("GET", "/incidents", token=token(org="globex")).json()["data"] == []
