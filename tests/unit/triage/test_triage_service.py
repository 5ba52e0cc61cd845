"""Triage runs over in-memory fakes: requests, automatic runs, the worker's outcomes, reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from incident_core.core.auth import Principal
from incident_core.core.business_metrics import METRICS, TRIAGE_VERDICTS
from incident_core.core.clock import iso
from incident_core.core.errors import NotFound, ValidationFailed
from incident_core.incidents.service import delete_incident
from incident_core.triage import service, worker
from incident_core.triage.assessment import CANDIDATE_FIELDS, SimilarCandidates
from incident_core.triage.engine import RulesEngine, TriageEngine, TriageResult
from incident_core.triage.models import TriageRequest
from incident_core.triage.observables import Observable
from incident_core.triage.playbooks.rules import CLASSIFICATIONS
from incident_core.triage.queue import TriageMessage
from incident_core.triage.service import enqueue_auto_triage, get_latest_run, get_run, request_triage
from incident_core.triage.worker import MalformedMessage, Outcome, handle_message, run_triage
from scripts.dev_token import make_token
from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.fakes.triage import (
    ANALYST,
    ORG,
    BrokenEngine,
    InMemoryTriageQueue,
    TriageIncidentRepository,
    new_incident,
)
from tests.support.metrics import metric_counts

UNIT_SECRET = "unit-secret-0123456789abcdef0123456789"  # the JWT secret tests/unit/conftest.py sets
OUTSIDER = Principal(sub="gina", org_id="globex", permissions=ANALYST.permissions)


def request(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, incident_id: str, **body: Any
) -> dict[str, Any]:
    data = TriageRequest.model_validate(body)
    return request_triage(
        principal=ANALYST,
        incident_id=incident_id,
        data=data,
        incidents=incidents,
        repository=incidents.triage,
        queue=queue,
    )


def work(
    incidents: TriageIncidentRepository,
    message: TriageMessage,
    *,
    engine: TriageEngine | None = None,
    at: datetime | None = None,
) -> Outcome:
    return run_triage(
        message,
        engine=engine or RulesEngine(),
        repository=incidents.triage,
        incidents=incidents,
        now=(lambda: at) if at else (lambda: datetime.now(UTC)),
    )


def stored_run(incidents: TriageIncidentRepository, incident_id: str, triage_id: str) -> dict[str, Any]:
    run = incidents.triage.get_run(org_id=ORG, incident_id=incident_id, triage_id=triage_id)
    assert run is not None
    return run


def events_named(incidents: TriageIncidentRepository, name: str) -> list[Any]:
    return [event for event in incidents.events if event.name == name]


def seed_run(incidents: TriageIncidentRepository, incident_id: str, triage_id: str, **fields: Any) -> None:
    run = {"id": triage_id, "org_id": ORG, "incident_id": incident_id, "status": "queued", **fields}
    assert incidents.triage.create_run(run, event=None)


# --- requests ---------------------------------------------------------------------------------


def test_a_request_queues_a_run_and_records_the_event(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id, playbook=" Phishing ")
    assert run["triage_id"].startswith("trg_") and run["status"] == "queued" and run["playbook"] == "phishing"
    assert (run["trigger"], run["requested_by"], run["force"]) == ("request", "alice", False)
    assert stored_run(incidents, incident_id, run["triage_id"])["status"] == "queued"
    assert queue.sent == [TriageMessage(ORG, incident_id, run["triage_id"])]
    [event] = events_named(incidents, "incident.triage_requested")
    assert event.actor == "alice" and event.changes == {"triage_id": run["triage_id"], "playbook": "phishing"}


def test_a_request_for_an_unknown_playbook_or_another_orgs_incident_queues_nothing(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    with pytest.raises(ValidationFailed, match="playbook must be one of"):
        request(incidents, queue, incident_id, playbook="astrology")
    with pytest.raises(NotFound):
        request_triage(principal=OUTSIDER, incident_id=incident_id, data=TriageRequest(), incidents=incidents)
    assert queue.sent == [] and incidents.triage.runs == {}


def test_a_second_request_returns_the_active_run_unless_forced(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    first = request(incidents, queue, incident_id)
    assert request(incidents, queue, incident_id)["triage_id"] == first["triage_id"]
    incidents.triage.claim_run(
        org_id=ORG, incident_id=incident_id, triage_id=first["triage_id"], now=iso(datetime.now(UTC)), stale_before=""
    )
    again = request(incidents, queue, incident_id)
    assert (again["triage_id"], again["status"]) == (first["triage_id"], "running")
    forced = request(incidents, queue, incident_id, force=True)
    assert forced["triage_id"] != first["triage_id"] and forced["force"] is True
    assert [message.triage_id for message in queue.sent] == [first["triage_id"], forced["triage_id"]]


@pytest.mark.parametrize("status", ["queued", "running"])
def test_a_stale_run_is_replaced(incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, status: str) -> None:
    incident_id = new_incident(incidents)
    long_ago = iso(datetime.now(UTC) - timedelta(minutes=16))
    seed_run(incidents, incident_id, "trg_20200101000000000_lost", status=status, requested_at=long_ago)
    if status == "running":
        incidents.triage.runs[(ORG, incident_id, "trg_20200101000000000_lost")]["started_at"] = long_ago
    run = request(incidents, queue, incident_id)
    assert run["triage_id"] != "trg_20200101000000000_lost" and run["status"] == "queued"
    assert len(queue.sent) == 1


def test_auto_triage_queues_one_deterministic_run_per_created_event(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    [created] = events_named(incidents, "incident.created")
    triage_id = enqueue_auto_triage(created, repository=incidents.triage, queue=queue)
    assert triage_id is not None
    assert triage_id.startswith("trg_" + "".join(c for c in created.occurred_at if c.isdigit()) + "_")
    run = stored_run(incidents, incident_id, triage_id)
    assert (run["trigger"], run["requested_by"], run["status"]) == ("auto", "auto-triage", "queued")
    # A re-run router (the same event again) finds the same run and sends it again; once claimed, nothing.
    assert enqueue_auto_triage(created, repository=incidents.triage, queue=queue) == triage_id
    assert work(incidents, queue.sent[0]) == "completed"
    assert enqueue_auto_triage(created, repository=incidents.triage, queue=queue) is None
    assert [message.triage_id for message in queue.sent] == [triage_id, triage_id]
    assert len(incidents.triage.runs) == 1
    assert events_named(incidents, "incident.triage_requested") == []  # incident.created is its cause
    other = new_incident(incidents)
    [created_other] = [event for event in events_named(incidents, "incident.created") if event.subject_id == other]
    assert enqueue_auto_triage(created_other, repository=incidents.triage, queue=queue) not in (None, triage_id)
    [triaged] = events_named(incidents, "incident.triaged")
    assert enqueue_auto_triage(triaged, repository=incidents.triage, queue=queue) is None


# --- the worker -------------------------------------------------------------------------------


def test_a_run_completes_the_incident_once(incidents: TriageIncidentRepository, queue: InMemoryTriageQueue) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    assert work(incidents, queue.sent[0]) == "completed"
    done = stored_run(incidents, incident_id, run["triage_id"])
    assert done["status"] == "completed" and done["started_at"] and done["completed_at"]
    assert done["verdict"]["classification"] in ("malicious", "suspicious") and done["engine"] == "rules"
    assert ("url", "http://203.0.113.7/login") in {(item["type"], item["value"]) for item in done["observables"]}
    incident = incidents.incidents[(ORG, incident_id)]
    assert incident["status"] == "triaged" and incident["triaged_at"] and incident["version"] == 2
    assert (incident["verdict"], incident["observables"]) == (done["verdict"], done["observables"])
    assert incident["recommended_actions"] == done["recommended_actions"]
    assert (incidents.counters[ORG]["status_open"], incidents.counters[ORG]["status_triaged"]) == (0, 1)
    [triaged] = events_named(incidents, "incident.triaged")
    assert triaged.actor == "triage" and triaged.changes is not None
    assert triaged.changes["status"] == {"old": "open", "new": "triaged"}
    assert triaged.changes["triage_id"] == run["triage_id"]

    # A redelivered message claims nothing, so it runs nothing and writes nothing.
    assert work(incidents, queue.sent[0]) == "skipped"
    assert len(events_named(incidents, "incident.triaged")) == 1
    assert incidents.incidents[(ORG, incident_id)]["version"] == 2
    assert stored_run(incidents, incident_id, run["triage_id"]) == done


def test_the_runs_of_one_batch_read_their_orgs_candidates_once_and_each_leaves_itself_out(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = new_incident(incidents), new_incident(incidents)
    runs = [request(incidents, queue, incident_id) for incident_id in (first, second)]
    reads: list[Any] = []
    list_incidents = incidents.list_incidents

    def counted(**kwargs: Any) -> Any:
        reads.append(kwargs["fields"])
        return list_incidents(**kwargs)

    monkeypatch.setattr(incidents, "list_incidents", counted)
    batch = SimilarCandidates()
    for message in queue.sent:
        assert run_triage(message, repository=incidents.triage, incidents=incidents, candidates=batch) == "completed"
    assert reads == [CANDIDATE_FIELDS]  # one Query for the batch, of the fields compared only
    for incident_id, run, other in zip((first, second), runs, (second, first), strict=True):
        similar = stored_run(incidents, incident_id, run["triage_id"])["similar_incidents"]
        assert [entry["id"] for entry in similar] == [other]
        assert similar[0]["reason"] == "similar wording (100% of words in common)"  # read before either was triaged
    # Without a batch's candidates (the analysis endpoint), a run reads its own.
    third = new_incident(incidents)
    request(incidents, queue, third)
    assert run_triage(queue.sent[-1], repository=incidents.triage, incidents=incidents) == "completed"
    assert len(reads) == 2


def test_a_run_reads_its_incident_once_and_again_only_when_another_write_came_first(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    first, second = new_incident(incidents), new_incident(incidents)
    for incident_id in (first, second):
        request(incidents, queue, incident_id)
    incidents.reads = 0
    assert work(incidents, queue.sent[0]) == "completed"
    assert incidents.reads == 1  # the change starts from the incident the run has just read
    incidents.reads = 0
    incidents.lose_next_writes = 1  # another writer changes the incident between the run's read and its write
    assert work(incidents, queue.sent[1]) == "completed"
    assert incidents.reads == 2  # the retry reads it afresh
    assert incidents.incidents[(ORG, second)]["status"] == "triaged"


def test_a_completed_run_counts_its_verdict_once_and_a_failed_or_skipped_one_nothing(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, capsys: pytest.CaptureFixture[str]
) -> None:
    assert METRICS[TRIAGE_VERDICTS]["classification"] == CLASSIFICATIONS  # the dimension's vocabulary
    request(incidents, queue, new_incident(incidents))
    request(incidents, queue, new_incident(incidents))
    capsys.readouterr()

    assert work(incidents, queue.sent[0]) == "completed"
    assert work(incidents, queue.sent[0]) == "skipped"
    assert work(incidents, queue.sent[1], engine=BrokenEngine()) == "failed"

    classification = stored_run(incidents, queue.sent[0].incident_id, queue.sent[0].triage_id)["verdict"][
        "classification"
    ]
    assert metric_counts(capsys.readouterr().out, TRIAGE_VERDICTS, "classification") == {classification: 1}


def test_an_incident_past_open_keeps_its_status(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents, status="investigating", assigned_to="bob")
    request(incidents, queue, incident_id)
    assert work(incidents, queue.sent[0]) == "completed"
    incident = incidents.incidents[(ORG, incident_id)]
    assert incident["status"] == "investigating" and incident["triaged_at"]
    [triaged] = events_named(incidents, "incident.triaged")
    assert triaged.changes is not None and "status" not in triaged.changes


def test_an_engine_error_ends_the_run_failed_with_an_event(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    assert work(incidents, queue.sent[0], engine=BrokenEngine()) == "failed"
    failed = stored_run(incidents, incident_id, run["triage_id"])
    assert failed["status"] == "failed" and failed["error"] == "RuntimeError: model unavailable"
    assert failed["completed_at"]
    [event] = events_named(incidents, "incident.triage_failed")
    assert event.actor == "triage"
    assert event.changes == {"triage_id": run["triage_id"], "error": "RuntimeError: model unavailable"}
    incident = incidents.incidents[(ORG, incident_id)]
    assert incident["status"] == "open" and "triaged_at" not in incident
    assert work(incidents, queue.sent[0]) == "skipped"  # not retried: the failure is the result
    assert len(events_named(incidents, "incident.triage_failed")) == 1


def test_a_deleted_incident_ends_the_run_failed(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    admin = Principal(sub="alice", org_id=ORG, permissions=frozenset({"incidents:delete"}))
    delete_incident(principal=admin, incident_id=incident_id, repository=incidents)
    assert work(incidents, queue.sent[0]) == "failed"
    failed = stored_run(incidents, incident_id, run["triage_id"])
    assert failed["status"] == "failed" and failed["error"] == "incident was deleted"
    assert len(events_named(incidents, "incident.triage_failed")) == 1
    assert work(incidents, queue.sent[0]) == "skipped"
    assert stored_run(incidents, incident_id, run["triage_id"]) == failed


def test_an_unknown_playbook_ends_the_run_failed(incidents: TriageIncidentRepository) -> None:
    incident_id = new_incident(incidents)  # e.g. a playbook removed after the run was queued
    seed_run(incidents, incident_id, "trg_20260101000000000_a", playbook="astrology")
    assert work(incidents, TriageMessage(ORG, incident_id, "trg_20260101000000000_a")) == "failed"
    failed = stored_run(incidents, incident_id, "trg_20260101000000000_a")
    assert failed["status"] == "failed" and failed["error"].startswith("unknown playbook 'astrology'")
    assert incidents.incidents[(ORG, incident_id)]["status"] == "open"


def test_a_run_left_running_by_a_dead_worker_is_reclaimed_once_stale(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    died_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # claimed, then the Lambda timed out mid-run
    incidents.triage.claim_run(
        org_id=ORG, incident_id=incident_id, triage_id=run["triage_id"], now=iso(died_at), stale_before=""
    )
    assert work(incidents, queue.sent[0], at=died_at + timedelta(minutes=3)) == "skipped"  # still in hand
    assert work(incidents, queue.sent[0], at=died_at + timedelta(minutes=16)) == "completed"
    assert stored_run(incidents, incident_id, run["triage_id"])["status"] == "completed"


def test_a_run_finished_elsewhere_meanwhile_is_not_written_twice(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    key = (ORG, incident_id, run["triage_id"])

    class RacedEngine(RulesEngine):
        def triage(
            self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
        ) -> TriageResult:
            incidents.triage.runs[key]["status"] = "completed"  # a worker that reclaimed it finished first
            return super().triage(incident, observables, playbook=playbook)

    assert work(incidents, queue.sent[0], engine=RacedEngine()) == "skipped"
    assert events_named(incidents, "incident.triaged") == []
    assert incidents.incidents[(ORG, incident_id)]["status"] == "open"


# --- reads ------------------------------------------------------------------------------------


def test_reads_show_the_latest_run_or_one_run_of_the_callers_org(incidents: TriageIncidentRepository) -> None:
    incident_id = new_incident(incidents)
    with pytest.raises(NotFound, match="has not been triaged"):
        get_latest_run(principal=ANALYST, incident_id=incident_id, incidents=incidents, repository=incidents.triage)
    seed_run(incidents, incident_id, "trg_20260101000000000_a", status="completed")
    seed_run(incidents, incident_id, "trg_20260102000000000_b")
    reads: dict[str, Any] = {"incidents": incidents, "repository": incidents.triage}
    latest = get_latest_run(principal=ANALYST, incident_id=incident_id, **reads)
    assert latest["triage_id"] == "trg_20260102000000000_b" and latest["status"] == "queued"
    assert set(latest) == {*service.RUN_FIELDS, "triage_id"} - {"id"} and "org_id" not in latest
    one = get_run(principal=ANALYST, incident_id=incident_id, triage_id="trg_20260101000000000_a", **reads)
    assert one["status"] == "completed"
    with pytest.raises(NotFound):
        get_run(principal=ANALYST, incident_id=incident_id, triage_id="trg_20260103000000000_c", **reads)
    with pytest.raises(NotFound):
        get_run(principal=OUTSIDER, incident_id=incident_id, triage_id="trg_20260101000000000_a", **reads)
    with pytest.raises(NotFound):
        get_latest_run(principal=OUTSIDER, incident_id=incident_id, **reads)


# --- the handlers' glue -----------------------------------------------------------------------


@pytest.mark.parametrize("body", ["not json", "null", "[]", "{}", '{"org_id": "acme", "incident_id": "x"}'])
def test_a_malformed_message_raises_so_it_goes_back_to_the_queue(body: str) -> None:
    with pytest.raises(MalformedMessage):
        handle_message(body, message_id="m-1")


def sqs_record(message_id: str, body: str) -> dict[str, Any]:
    return {"messageId": message_id, "receiptHandle": f"rh-{message_id}", "body": body, "eventSource": "aws:sqs"}


def test_the_worker_reports_only_the_malformed_record_as_failed(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "get_triage_repository", lambda: incidents.triage)
    monkeypatch.setattr(worker, "get_repository", lambda: incidents)
    incident_id = new_incident(incidents)
    run = request(incidents, queue, incident_id)
    handler = load_function("triage_worker").lambda_handler
    batch = [sqs_record("bad", "{"), sqs_record("good", queue.sent[0].to_json())]
    assert handler({"Records": batch}, LambdaContext()) == {"batchItemFailures": [{"itemIdentifier": "bad"}]}
    assert stored_run(incidents, incident_id, run["triage_id"])["status"] == "completed"
    # A batch where every record fails fails the invocation (Powertools' default): SQS retries them all.
    with pytest.raises(BatchProcessingError):
        handler({"Records": [sqs_record("bad", "{")]}, LambdaContext())


def test_the_request_handler_answers_202_with_the_run_location(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "get_repository", lambda: incidents)
    monkeypatch.setattr(service, "get_triage_repository", lambda: incidents.triage)
    monkeypatch.setattr(service, "get_triage_queue", lambda: queue)
    incident_id = new_incident(incidents)
    event = api_event(
        "POST",
        "/incidents/{id}/triage",
        path_parameters={"id": incident_id},
        body={"force": True},
        token=make_token(secret=UNIT_SECRET, org=ORG, sub="alice", permissions=["incidents:triage"]),
    )
    response = load_function("request_incident_triage").lambda_handler(event, LambdaContext())
    assert response["statusCode"] == 202, response["body"]
    run = json.loads(response["body"])["data"]
    assert response["headers"]["Location"] == f"triage/{run['triage_id']}"
    assert run["status"] == "queued" and [message.triage_id for message in queue.sent] == [run["triage_id"]]
