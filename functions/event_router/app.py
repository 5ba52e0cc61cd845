"""Event router: event items from the table's stream -> one queued delivery per matching subscription."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.storage.outbox import event_from_item, is_event_item
from incident_core.triage.service import enqueue_auto_triage
from incident_core.webhooks.delivery import SubscriptionCache, route_event
from incident_core.webhooks.queue import get_delivery_queue
from incident_core.webhooks.repository import get_webhook_repository

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
_subscriptions: SubscriptionCache | None = None


def subscriptions() -> SubscriptionCache:
    global _subscriptions
    if _subscriptions is None:
        _subscriptions = SubscriptionCache(
            get_webhook_repository(), ttl_seconds=get_settings().subscription_cache_seconds
        )
    return _subscriptions


def route_record(record: DynamoDBRecord) -> None:
    image = record.dynamodb.new_image if record.dynamodb else None
    if not image or not is_event_item(image):
        return
    event = event_from_item(image)
    if get_settings().auto_triage and get_settings().triage_queue_url:
        triage_id = enqueue_auto_triage(event)
        if triage_id:
            logger.info("auto-triage queued", triage_id=triage_id, incident_id=event.subject_id)
    delivery_ids = route_event(
        event, subscriptions=subscriptions(), repository=get_webhook_repository(), queue=get_delivery_queue()
    )
    logger.info("routed", event=event.name, event_id=event.event_id, org_id=event.org_id, deliveries=len(delivery_ids))


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(
        process_partial_response(event=event, record_handler=route_record, processor=processor, context=context)
    )
