"""Pure webhook rules: backoff, matching, secrets during rotation, delivery ids, payloads."""

from __future__ import annotations

import random

import pytest

from incident_core.storage.outbox import EventRecord
from incident_core.webhooks.delivery import BACKOFF_SECONDS, backoff_seconds
from incident_core.webhooks.queue import MAX_VISIBILITY_SECONDS
from incident_core.webhooks.routing import delivery_id_for, event_payload, signing_secrets, subscription_wants


def _event(name: str = "incident.created", **data: object) -> EventRecord:
    return EventRecord(
        event_id="e1",
        name=name,
        org_id="acme",
        subject_id="i1",
        occurred_at="2026-11-23T02:00:00.000Z",
        actor="alice",
        sequence=3,
        data={"severity": "high", "incident_type": "phishing", **data},
        changes={"title": {"old": "a", "new": "b"}},
    )


@pytest.mark.parametrize(
    ("attempts", "base"), [(1, 10), (2, 60), (3, 300), (4, 1800), (5, 7200), (20, MAX_VISIBILITY_SECONDS)]
)
def test_backoff_follows_the_schedule_with_jitter(attempts: int, base: int) -> None:
    rng = random.Random(7)
    delays = [backoff_seconds(attempts, rng=rng) for _ in range(200)]
    assert min(delays) >= int(base * 0.8) and max(delays) <= min(base * 1.2, MAX_VISIBILITY_SECONDS)
    assert len(set(delays)) > 1 or base == MAX_VISIBILITY_SECONDS


def test_retry_after_is_a_floor_and_the_cap_holds() -> None:
    assert backoff_seconds(1, retry_after=120, rng=random.Random(1)) >= 120
    assert backoff_seconds(1, retry_after=10**9) == MAX_VISIBILITY_SECONDS
    assert BACKOFF_SECONDS[-1] == MAX_VISIBILITY_SECONDS


def test_matching_by_name_filters_and_activity() -> None:
    base = {"is_active": True, "events": ["incident.created"], "filters": {}}
    assert subscription_wants(base, _event())
    assert not subscription_wants({**base, "is_active": False}, _event())
    assert not subscription_wants(base, _event("incident.updated"))
    assert subscription_wants({**base, "events": ["*"]}, _event("incident.updated"))
    assert not subscription_wants({**base, "filters": {"min_severity": "critical"}}, _event())
    assert subscription_wants({**base, "filters": {"min_severity": "medium"}}, _event())
    assert not subscription_wants({**base, "filters": {"incident_types": ["malware"]}}, _event())
    assert subscription_wants({**base, "filters": {"incident_types": ["phishing"]}}, _event())


def test_previous_secret_signs_only_during_the_overlap() -> None:
    subscription = {"secret": "new", "previous_secret": "old", "previous_secret_expires_at": "2026-11-24T00:00:00.000Z"}
    assert signing_secrets(subscription, now="2026-11-23T12:00:00.000Z") == ["new", "old"]
    assert signing_secrets(subscription, now="2026-11-24T00:00:00.001Z") == ["new"]


def test_delivery_ids_are_deterministic_and_sort_by_time() -> None:
    first = delivery_id_for("e1", "w1", "2026-11-23T02:00:00.000Z")
    assert first == delivery_id_for("e1", "w1", "2026-11-23T02:00:00.000Z")
    assert first != delivery_id_for("e1", "w2", "2026-11-23T02:00:00.000Z")
    assert first < delivery_id_for("e0", "w1", "2026-11-23T02:00:00.001Z")


def test_payload_shape() -> None:
    payload = event_payload(_event(id="i1", title="Phish"))
    assert payload == {
        "id": "e1",
        "event": "incident.created",
        "event_type": "INCIDENT_CREATED",
        "timestamp": "2026-11-23T02:00:00.000Z",
        "org_id": "acme",
        "sequence": 3,
        "data": {"severity": "high", "incident_type": "phishing", "id": "i1", "title": "Phish", "incident_id": "i1"},
        "changes": {"title": {"old": "a", "new": "b"}},
    }


def test_an_incident_event_whose_data_is_not_the_incident_keeps_its_incident_id() -> None:
    comment = event_payload(_event("incident.comment_added", id="c1", incident_id="i1"))
    assert (comment["event_type"], comment["data"]["id"], comment["data"]["incident_id"]) == (
        "INCIDENT_COMMENT_ADDED",
        "c1",
        "i1",
    )
    action = event_payload(_event("action.requested", action_id="a1"))
    assert (action["event_type"], action["data"]["incident_id"]) == ("ACTION_REQUESTED", "i1")


def test_events_of_a_webhook_get_no_incident_id() -> None:
    event = EventRecord(
        event_id="e2",
        name="webhook.test",
        org_id="acme",
        subject_id="w1",
        occurred_at="2026-11-23T02:00:00.000Z",
        actor="alice",
        sequence=0,
        data={"webhook_id": "w1"},
        subject="webhook",
    )
    payload = event_payload(event)
    assert payload["event_type"] == "WEBHOOK_TEST" and payload["data"] == {"webhook_id": "w1"}
    assert "changes" not in payload
