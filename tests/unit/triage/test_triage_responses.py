"""The triage routes' documented bodies match what the service answers; the request schema is the API's.

Real runs (queued, automatic, completed by the rules engine, failed), in the envelope the
handlers send, are validated against the published JSON schema of `TriageRun` and by the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator
from pydantic import ValidationError

from incident_core.http.openapi import Envelope
from incident_core.triage import service
from incident_core.triage.engine import RulesEngine, TriageEngine, playbook_names
from incident_core.triage.models import TriageRequest
from incident_core.triage.queue import TriageMessage
from incident_core.triage.responses import TriageRun
from incident_core.triage.worker import run_triage
from tests.support.contract import answered, assert_documented
from tests.support.fakes.triage import (
    ANALYST,
    ORG,
    BrokenEngine,
    InMemoryTriageQueue,
    TriageIncidentRepository,
    new_incident,
)


def requested(incidents: TriageIncidentRepository, incident_id: str, **body: Any) -> dict[str, Any]:
    return service.request_triage(
        principal=ANALYST,
        incident_id=incident_id,
        data=TriageRequest.model_validate(body),
        incidents=incidents,
        repository=incidents.triage,
        queue=InMemoryTriageQueue(),
    )


def carried_out(incidents: TriageIncidentRepository, run: Mapping[str, Any], engine: TriageEngine) -> dict[str, Any]:
    run_triage(
        TriageMessage(ORG, str(run["incident_id"]), str(run["triage_id"])),
        engine=engine,
        repository=incidents.triage,
        incidents=incidents,
    )
    return service.get_run(
        principal=ANALYST,
        incident_id=str(run["incident_id"]),
        triage_id=str(run["triage_id"]),
        incidents=incidents,
        repository=incidents.triage,
    )


def every_kind_of_run(incidents: TriageIncidentRepository) -> list[dict[str, Any]]:
    new_incident(incidents)  # an earlier incident like the next ones: a similar incident of theirs
    queued = requested(incidents, new_incident(incidents), playbook="phishing")
    completed = carried_out(incidents, requested(incidents, new_incident(incidents)), RulesEngine())
    failed = carried_out(incidents, requested(incidents, new_incident(incidents), force=True), BrokenEngine())
    incident_id = new_incident(incidents)
    [created] = [
        event for event in incidents.events if event.name == "incident.created" and event.subject_id == incident_id
    ]
    service.enqueue_auto_triage(created, repository=incidents.triage, queue=InMemoryTriageQueue())
    automatic = service.get_latest_run(
        principal=ANALYST, incident_id=incident_id, incidents=incidents, repository=incidents.triage
    )
    return [queued, completed, failed, automatic]


def test_the_run_model_has_exactly_the_fields_of_the_view() -> None:
    assert set(TriageRun.model_fields) == {"triage_id", *(set(service.RUN_FIELDS) - {"id"})}


def test_every_answer_of_the_triage_routes_is_documented() -> None:
    incidents = TriageIncidentRepository()
    runs = every_kind_of_run(incidents)
    assert [run["status"] for run in runs] == ["queued", "completed", "failed", "queued"]
    assert runs[1]["verdict"] and runs[1]["observables"] and runs[1]["similar_incidents"]
    assert runs[3]["trigger"] == "auto"
    for run in runs:
        assert set(run) == set(TriageRun.model_fields)
        assert_documented(Envelope[TriageRun], answered(run))


def test_the_playbook_is_documented_as_one_of_the_engines_playbooks() -> None:
    schema = TriageRequest.model_json_schema()
    [name, null] = schema["properties"]["playbook"]["anyOf"]
    assert name["enum"] == playbook_names() and null == {"type": "null"}
    assert not OAS31Validator(schema).is_valid({"playbook": "astrology"})
    assert OAS31Validator(schema).is_valid({"playbook": "phishing", "force": True})


def test_a_json_null_body_is_refused_so_the_body_is_an_object_or_absent() -> None:
    # The router validates a present body with the model (a JSON `null` is a 400); only an
    # absent body means "no options".
    with pytest.raises(ValidationError):
        TriageRequest.model_validate(None)
