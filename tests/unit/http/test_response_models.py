"""The response models the OpenAPI document is built from match what the API answers."""

from __future__ import annotations

from incident_core.http.openapi import Envelope, ListEnvelope, response_body, response_models
from incident_core.incidents.responses import Incident
from incident_core.incidents.service import PUBLIC_FIELDS, public_view
from tests.support.api_events import load_function


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
    assert response_body(get_incident) is Envelope[Incident]
    assert response_body(list_incidents) is ListEnvelope[Incident]
