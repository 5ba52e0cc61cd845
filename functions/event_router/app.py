"""Event router: event items from the table's stream -> one queued delivery per matching subscription.

New incidents are also queued for automatic triage, when it is on: a stream batch's runs at once, beside its
deliveries, each org's beyond its fair share on the bulk lane (`webhooks/fair_share.py`).
"""

from collections.abc import Sequence
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.storage.outbox import EventRecord
from incident_core.triage.service import queue_auto_triage
from incident_core.webhooks.fair_share import TRIAGE_BURST, TRIAGE_RATE_PER_SECOND, FairShare
from incident_core.webhooks.router import EventRouter

triage_share = FairShare(rate_per_second=TRIAGE_RATE_PER_SECOND, burst=TRIAGE_BURST)


def auto_triage(events: Sequence[EventRecord]) -> set[str]:
    """Queue the automatic runs of the batch's new incidents; the ids of the events that failed."""
    settings = get_settings()
    if not (settings.auto_triage and settings.triage_queue_url):
        return set()
    outcome = queue_auto_triage(events, overflows=triage_share.overflows)
    if outcome.queued:
        logger.info("auto-triage queued", runs=len(outcome.queued))
    if outcome.failed:
        logger.error("auto-triage not queued", events=len(outcome.failed), errors=outcome.errors[:5])
    return outcome.failed


router = EventRouter(beside_routing=auto_triage)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return router.route_batch(event, context)
