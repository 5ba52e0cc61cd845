"""The one event builder: id scheme, sequence, keys and the retention rule."""

from __future__ import annotations

import uuid

from incident_core.storage.outbox import event_from_item, event_item, event_puts, incident_event, new_event

INCIDENT = {"id": "inc-1", "org_id": "acme", "version": 4}


def test_incident_events_take_org_id_and_version_from_the_incident() -> None:
    event = incident_event("incident.updated", INCIDENT, actor="alice", data={"id": "inc-1"}, changes={"a": 1})
    assert (event.org_id, event.subject_id, event.sequence, event.subject) == ("acme", "inc-1", 4, "incident")
    assert uuid.UUID(event.event_id).version == 4
    assert event.occurred_at.endswith("Z")


def test_every_event_gets_a_fresh_uuid() -> None:
    ids = {incident_event("incident.updated", INCIDENT, actor="a", data={}).event_id for _ in range(50)}
    assert len(ids) == 50


def test_timeline_events_never_expire() -> None:
    item = event_item(incident_event("incident.created", INCIDENT, actor="a", data={}), 0)
    assert "expires_at" not in item
    assert item["pk"] == "ORG#acme#INC#inc-1"
    assert item["sk"].startswith("EVENT#") and "#00000004#00#" in item["sk"]


def test_webhook_bookkeeping_events_expire_after_the_configured_days() -> None:
    event = new_event(
        "webhook.test",
        org_id="acme",
        subject_id="wh-1",
        actor="a",
        sequence=0,
        data={},
        occurred_at="2026-01-01T00:00:00.000Z",
        subject="webhook",
    )
    item = event_item(event, 0)
    assert item["pk"] == "ORG#acme#WEBHOOK#wh-1"
    assert item["expires_at"] == 1767225600 + 90 * 86400  # EVENT_TTL_DAYS defaults to 90


def test_an_item_reads_back_as_the_event_it_was_built_from() -> None:
    event = incident_event("incident.updated", INCIDENT, actor="a", data={"x": [1]}, changes={"x": {"old": 0}})
    assert event_from_item(event_item(event, 2)) == event


def test_event_puts_keep_the_order_and_never_overwrite() -> None:
    events = [
        incident_event(name, INCIDENT, actor="a", data={}) for name in ("incident.status_changed", "incident.resolved")
    ]
    puts = event_puts("t", events)
    assert [put["Put"]["ConditionExpression"] for put in puts] == ["attribute_not_exists(pk)"] * 2
    assert [put["Put"]["Item"]["sk"]["S"].split("#")[3] for put in puts] == ["00", "01"]
