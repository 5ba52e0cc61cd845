"""OWASP API8 (security misconfiguration): validation messages name fields, never our internals.

pydantic words a wrong type after the class it expected (`Input should be a valid dictionary
or instance of AlertmanagerAlert`), and names the members of a union in the location
(`name.constrained-str`, `Input should be None`). Every route with a body gets wrong types at
the top and in every field its published schema has (nested ones and array items included),
and no field or message of any answer may name a class of ours (collected from the layer by
introspection: every pydantic model and enum) or pydantic's own type names.
moto's DynamoDB holds the table.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest
from pydantic import BaseModel

import incident_core
from tests.integration.conftest import TokenFactory
from tests.security.conftest import (
    AttackGateway,
    AttackLedger,
    DeclaredRoute,
    body_fields,
    concrete_path,
    declared_routes,
)

BODY_ROUTES = [route for route in declared_routes() if route.route.body is not None]
WRONG_TYPES: list[Any] = [5, 2.5, "text", [], [5], {}, {"unexpected": 5}, True, None]
WRONG_BODIES = ["[]", '"text"', "5", "true", "null", '[{"title": "x"}]']
# How pydantic names types in its own words: none of it is for the API's clients.
PYDANTIC_WORDS = re.compile(
    r"constrained-\w+|function-(?:after|before|wrap|plain)|\b(?:list|dict|set|tuple|union|nullable)\[|"
    r"lax-or-strict|json-or-python|instance of|Input should be None|\bmodel_type\b|\bdict_type\b|pydantic"
)


def our_class_names() -> frozenset[str]:
    """Every pydantic model and enum the layer defines (imported module by module)."""
    names: set[str] = set()
    for module_info in pkgutil.walk_packages(incident_core.__path__, prefix="incident_core."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and issubclass(value, BaseModel | enum.Enum):
                names.add(name)
    return frozenset(names)


CLASS_NAMES = our_class_names()
CLASS_NAME = re.compile(r"\b(?:" + "|".join(sorted(CLASS_NAMES, key=len, reverse=True)) + r")\b")


def leaks(answer: dict[str, Any]) -> list[str]:
    """The texts of an error answer that name one of our classes or use pydantic's type words."""
    error = answer["error"]
    texts = [error["message"], *(text for detail in error.get("details") or [] for text in detail.values())]
    return [text for text in texts if CLASS_NAME.search(str(text)) or PYDANTIC_WORDS.search(str(text))]


def test_the_class_names_are_collected_from_the_layer() -> None:
    assert {"EventPayload", "AlertmanagerAlert", "IncidentCreate", "WebhookFilters", "Severity"} <= CLASS_NAMES
    assert len(CLASS_NAMES) > 50


@pytest.mark.parametrize("route", BODY_ROUTES, ids=str)
def test_wrong_types_anywhere_in_a_body_are_worded_without_our_class_names_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: DeclaredRoute
) -> None:
    assert route.route.body is not None
    path = concrete_path(route.resource)
    sent = 0
    for body in WRONG_BODIES:
        response = attacks.record(gateway.request(route.method, path, raw_body=body, token=token()))
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"]["message"] == "Request body must be a JSON object"
        sent += 1
    for field in body_fields(route.route.body.model):
        for value in WRONG_TYPES:
            response = attacks.record(gateway.request(route.method, path, json_body=field.wrap(value), token=token()))
            if response.status_code == 400:
                assert leaks(response.json()) == [], (field.field, value)
                sent += 1
    assert sent > len(WRONG_BODIES)


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        (
            "/integrations/alertmanager",
            {"alerts": [5]},
            {"field": "alerts[0]", "message": "alerts[0] must be an object"},
        ),
        (
            "/events",
            {"event_action": "trigger", "payload": "disk full"},
            {"field": "payload", "message": "payload must be an object"},
        ),
        ("/webhooks/{id}", {"name": 5}, {"field": "name", "message": "name must be a string"}),
        (
            "/webhooks/{id}",
            {"timeout_seconds": 99},
            {"field": "timeout_seconds", "message": "timeout_seconds must be at most 45"},
        ),
        ("/incidents/{id}/comments", {"internal": True}, {"field": "body", "message": "body is required"}),
    ],
    ids=["alertmanager-alert", "events-payload", "webhook-name-union", "webhook-timeout-union", "a-field-named-body"],
)
def test_the_messages_the_probe_found_are_plain_words_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, path: str, body: Any, detail: dict[str, str]
) -> None:
    method = "PATCH" if path == "/webhooks/{id}" else "POST"
    response = attacks.record(gateway.request(method, concrete_path(path), json_body=body, token=token()))
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [detail]
