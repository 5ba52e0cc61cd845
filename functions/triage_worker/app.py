"""Triage worker: queued runs -> verdict, observables, similar incidents, recommended actions."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.triage.assessment import SimilarCandidates
from incident_core.triage.worker import Outcome, handle_message

processor = BatchProcessor(event_type=EventType.SQS)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    candidates = SimilarCandidates()  # the batch's runs of one org compare with one read of its incidents

    def triage_record(record: SQSRecord, lambda_context: LambdaContext) -> Outcome:
        # A record that raises is reported in batchItemFailures: SQS redelivers it (see triage/worker.py).
        # The time left bounds the run: it ends (failed, if it must) before Lambda stops the worker.
        return handle_message(
            record.body,
            message_id=record.message_id,
            time_left_ms=lambda_context.get_remaining_time_in_millis(),
            candidates=candidates,
        )

    return dict(
        process_partial_response(event=event, record_handler=triage_record, processor=processor, context=context)
    )
