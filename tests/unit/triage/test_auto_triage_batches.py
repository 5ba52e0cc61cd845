"""Automatic triage of a stream batch (issue 22): the runs stored together and queued ten at a
time, once per event whatever re-runs the router, each org beyond its fair share on the bulk lane."""

from __future__ import annotations

from collections.abc import Sequence

from incident_core.core.auth import Principal
from incident_core.core.sqs import NotQueued
from incident_core.incidents.service import delete_incident
from incident_core.storage.outbox import EventRecord
from incident_core.triage.queue import TriageMessage
from incident_core.triage.service import queue_auto_triage
from incident_core.webhooks.fair_share import FairShare
from tests.support.fakes.triage import ANALYST, InMemoryTriageQueue, TriageIncidentRepository, new_incident


class LaneRecordingQueue(InMemoryTriageQueue):
    def __init__(self, refuse: int | None = None) -> None:
        super().__init__()
        self.bulk: list[bool] = []
        self.refuse = refuse

    def send_all(self, messages: Sequence[TriageMessage], *, bulk: Sequence[bool] = ()) -> None:
        if self.refuse is not None:
            self.sent += [message for index, message in enumerate(messages) if index != self.refuse]
            raise NotQueued([self.refuse], "InternalError")
        self.sent += messages
        self.bulk += bulk


def _created(incidents: TriageIncidentRepository) -> list[EventRecord]:
    return [event for event in incidents.events if event.name == "incident.created"]


def test_a_batch_queues_one_run_per_new_incident_and_a_rerun_queues_the_same_runs() -> None:
    incidents = TriageIncidentRepository()
    for _ in range(3):
        new_incident(incidents)
    gone = new_incident(incidents)
    admin = Principal(sub="alice", org_id=ANALYST.org_id, permissions=frozenset({"incidents:delete"}))
    delete_incident(principal=admin, incident_id=gone, repository=incidents)
    events = _created(incidents)
    queue = LaneRecordingQueue()

    first = queue_auto_triage(events, repository=incidents.triage, queue=queue)
    assert first.failed == set() and len(first.queued) == 3  # the deleted incident gets no run
    again = queue_auto_triage(events, repository=incidents.triage, queue=queue)
    assert again.queued == first.queued  # same run ids, still queued: sent again, never a second run
    assert len(incidents.triage.runs) == 3


def test_the_busy_orgs_runs_beyond_its_share_go_on_the_bulk_lane() -> None:
    incidents = TriageIncidentRepository()
    for _ in range(5):
        new_incident(incidents)
    queue = LaneRecordingQueue()
    share = FairShare(rate_per_second=1, burst=2, clock=lambda: 0.0)
    queue_auto_triage(_created(incidents), repository=incidents.triage, queue=queue, overflows=share.overflows)
    assert queue.bulk == [False, False, True, True, True]


def test_a_run_sqs_refused_fails_only_its_event() -> None:
    incidents = TriageIncidentRepository()
    for _ in range(3):
        new_incident(incidents)
    events = _created(incidents)
    outcome = queue_auto_triage(events, repository=incidents.triage, queue=LaneRecordingQueue(refuse=1))
    assert outcome.failed == {events[1].event_id} and set(outcome.queued) == {events[0].event_id, events[2].event_id}
