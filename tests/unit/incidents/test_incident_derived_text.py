"""The title and description derived for an integration's create body, whatever its payload holds."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.incidents.derived_text import derived_description, derived_title, needs_derived_text
from incident_core.incidents.models import IncidentCreate


@pytest.mark.parametrize(
    ("body", "needed"),
    [
        ({"incident_type": "phishing"}, True),
        ({"raw_data": {}}, True),
        ({"raw_data": {"subject": "x"}, "source": "gw"}, True),
        ({"incident_type": "  "}, False),
        ({"incident_type": 5, "raw_data": None}, False),
        ({"raw_data": ["not", "an", "object"]}, False),
        ({"incident_type": "phishing", "title": "Given"}, False),
        ({"incident_type": "phishing", "description": "Given description"}, False),
        ({"severity": "low"}, False),
    ],
)
def test_when_text_is_derived(body: dict[str, Any], needed: bool) -> None:
    assert needs_derived_text(body) is needed


@pytest.mark.parametrize(
    ("body", "title", "description"),
    [
        ({"incident_type": "malware_outbreak"}, "Malware outbreak", "Malware outbreak reported through the API."),
        ({"raw_data": {}}, "Incident", "Incident reported through the API."),
        (
            {"source": "guardduty", "raw_data": {"alert_name": "Port scan", "count": 12, "blocked": True}},
            "Incident from guardduty: Port scan",
            "Incident reported by guardduty. alert_name: Port scan; count: 12; blocked: true",
        ),
        (
            {"incident_type": "PHISHING", "raw_data": {"nested": {"subject": "hidden"}, "tags": ["a"], "score": 7.5}},
            "Phishing",
            "Phishing reported through the API. score: 7.5",
        ),
    ],
)
def test_derived_text(body: dict[str, Any], title: str, description: str) -> None:
    assert (derived_title(body), derived_description(body)) == (title, description)


def test_control_characters_and_whitespace_runs_become_one_space() -> None:
    body = {"incident_type": "phishing", "raw_data": {"subject": "Urgent:\n\t\x00 pay\x85now  "}}
    assert derived_title(body) == "Phishing: Urgent: pay now"
    assert derived_description(body) == "Phishing reported through the API. subject: Urgent: pay now"


def test_long_payloads_fit_the_create_limits() -> None:
    raw_data = {"subject": "S" * 1000, **{f"field_{i}": "v" * 1000 for i in range(40)}}
    body = {"incident_type": "x" * 64, "source": "y" * 64, "severity": "low", "raw_data": raw_data}
    title, description = derived_title(body), derived_description(body)
    assert len(title) == 255 and title.endswith("…")
    assert len(description) == 5000 and description.endswith("…")
    assert "field_0: " + "v" * 299 + "…" in description  # each value at most 300 characters
    incident = IncidentCreate.model_validate({**body, "raw_data": {"subject": "S" * 1000, "note": "n" * 9000}})
    assert (len(incident.title), len(incident.description)) == (255, 64 + 13 + 64 + 1 + 1 + 9 + 300 + 2 + 6 + 300)
