"""The response models the OpenAPI document is built from match what the API answers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from incident_core.core.auth import Principal
from incident_core.http.openapi import Envelope, ListEnvelope, response_body, response_models
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.responses import DeletedIncident, Incident, IncidentPage
from incident_core.incidents.service import create_incident, delete_incident
from incident_core.incidents.views import PUBLIC_FIELDS, public_view
from tests.support.api_events import load_function
from tests.support.contract import assert_documented
from tests.support.fakes.incidents import InMemoryIncidentRepository

ISO_MILLISECONDS_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


def test_the_incident_model_has_exactly_the_public_fields() -> None:
    assert set(Incident.model_fields) == set(PUBLIC_FIELDS)


def test_a_public_view_validates_against_the_incident_model() -> None:
    stored = {
        "id": "0b1e6f34-8c55-4d2f-9f3c-0b7a1c2d3e4f",
        "incident_number": "INC-2026-000001",
        "title": "Phishing",
        "description": "Spoofed invoice asks for credentials",
        "severity": "high",
        "status": "open",
        "created_by": "alice",
        "org_id": "acme",
        "version": 1,
        "created_at": "2026-11-30T10:00:00.000Z",
        "updated_at": "2026-11-30T10:00:00.000Z",
    }
    assert Incident.model_validate(public_view(stored)).id == stored["id"]


def test_response_model_names_are_unique_across_domains() -> None:
    models = response_models()  # raises on a duplicate name
    assert "Incident" in models


def test_handlers_name_their_response_model_in_the_return_annotation() -> None:
    get_incident = load_function("get_incident").api.routes[0].endpoint
    list_incidents = load_function("list_incidents").api.routes[0].endpoint
    list_my_incidents = load_function("list_my_incidents").api.routes[0].endpoint
    assert response_body(get_incident) is Envelope[Incident]
    assert response_body(list_my_incidents) is ListEnvelope[Incident]
    assert response_body(list_incidents) is IncidentPage  # seed 004's `incidents` beside `data`


def test_a_delete_answer_validates_against_the_deleted_incident_model() -> None:
    repository = InMemoryIncidentRepository()
    principal = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:write"}))
    body = {"title": "Disk full", "description": "The database volume is full", "severity": "high"}
    created = create_incident(principal=principal, data=IncidentCreate.model_validate(body), repository=repository)
    deleted = delete_incident(principal=principal, incident_id=str(created["id"]), repository=repository)
    assert set(DeletedIncident.model_fields) == set(deleted)
    assert DeletedIncident.model_validate(deleted).id == created["id"]
    assert response_body(load_function("delete_incident").api.routes[0].endpoint) is Envelope[DeletedIncident]


def _timestamps(value: Any, key: str = "") -> list[tuple[str, Any]]:
    """Every `*_at` or `timestamp` value inside an example, with its key."""
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in _timestamps(item, name)]
    if isinstance(value, list):
        return [found for item in value for found in _timestamps(item, key)]
    return [(key, value)] if key.endswith("_at") or key == "timestamp" else []


@pytest.mark.parametrize("name", sorted(response_models()))
def test_every_response_model_has_an_example_that_it_validates(name: str) -> None:
    model = response_models()[name]
    examples = model.model_json_schema().get("examples")
    assert examples, f"{name} has no example: give it model_config json_schema_extra={{'examples': [...]}}"
    for example in examples:
        assert_documented(model, example)  # by its published schema and by the model, strictly
        for key, value in _timestamps(example):
            assert value is None or ISO_MILLISECONDS_Z.fullmatch(value), f"{name}.{key}: {value!r}"
