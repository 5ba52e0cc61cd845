"""Event router: event items from the table's stream -> one queued delivery per matching subscription.

New incidents are also queued for automatic triage, when it is on.
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.storage.outbox import EventRecord
from incident_core.triage.service import enqueue_auto_triage
from incident_core.webhooks.router import EventRouter


def auto_triage(event: EventRecord) -> None:
    settings = get_settings()
    if settings.auto_triage and settings.triage_queue_url:
        triage_id = enqueue_auto_triage(event)
        if triage_id:
            logger.info("auto-triage queued", triage_id=triage_id, incident_id=event.subject_id)


router = EventRouter(before_routing=auto_triage)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return router.route_batch(event, context)
