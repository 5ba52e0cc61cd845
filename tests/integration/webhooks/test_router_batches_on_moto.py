"""The router's batched writes against moto: deliveries and triage runs stored a transaction per
hundred items, each only if new, so a re-run batch stores nothing twice (issue 22)."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.storage.new_items import MAX_TRANSACTION_ITEMS
from incident_core.triage.repository import get_triage_repository
from incident_core.webhooks.repository import get_webhook_repository
from incident_core.webhooks.routing import new_delivery

pytestmark = pytest.mark.usefixtures("aws")

SUBSCRIPTION = {"id": "w1", "org_id": "acme"}
PAYLOAD = {"id": "e1", "event": "incident.created"}


def _deliveries(first: int, count: int) -> list[dict[str, Any]]:
    return [
        new_delivery(subscription=SUBSCRIPTION, payload=PAYLOAD, delivery_id=f"msg_{index:05d}")
        for index in range(first, first + count)
    ]


def test_a_batch_larger_than_a_transaction_is_stored_and_a_rerun_finds_every_delivery_existing_on_moto() -> None:
    repository = get_webhook_repository()
    first = _deliveries(0, MAX_TRANSACTION_ITEMS + 30)

    stored = repository.create_deliveries(first)
    assert stored.existing == set() and stored.failed == set(), stored.errors

    # A re-run (the stream's retry) with ten new deliveries among them: only those are written.
    rerun = repository.create_deliveries(_deliveries(120, 20))
    assert rerun.existing == set(range(10)) and rerun.failed == set()
    page = repository.list_deliveries(
        org_id="acme", webhook_id="w1", status=None, event=None, limit=200, start_key=None
    )
    assert len(page.items) == MAX_TRANSACTION_ITEMS + 40
    assert {item["status"] for item in page.items} == {"pending"}


def test_runs_of_incidents_that_do_not_exist_are_not_created_and_the_others_are_on_moto(
    gateway: Any, token: Any
) -> None:
    from tests.integration.helpers import new_incident

    incident = new_incident(gateway, token())
    runs = [
        {"id": f"trg_{index:03d}", "org_id": "acme", "incident_id": incident_id, "status": "queued"}
        for index, incident_id in enumerate([incident["id"], "missing", incident["id"]])
    ]
    repository = get_triage_repository()
    outcome = repository.create_runs(runs)
    assert outcome.existing == {1} and outcome.failed == set()
    assert repository.create_runs(runs).existing == {0, 1, 2}  # a re-run creates none
    assert repository.get_run(org_id="acme", incident_id=incident["id"], triage_id="trg_002") is not None
