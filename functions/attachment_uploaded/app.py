"""S3 ObjectCreated on the attachments bucket: confirm the attachment the object belongs to.

Errors propagate, so Lambda's asynchronous retries (then the on-failure queue) take over;
confirming is idempotent. The client's `POST .../complete` is the other way to confirm.
A record that can not be read (no bucket or key) is logged, counted and skipped: a retry
would not make it readable, and the event's other records are still confirmed.
"""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.attachments.service import confirm_uploaded_object
from incident_core.core.malformed import READ_ERRORS, count_malformed, read_error_reason
from incident_core.core.observability import logger

WORKER = "attachment-uploaded"


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    outcomes = []
    try:
        records = list(S3Event(event).records)
    except READ_ERRORS as error:
        count_malformed(worker=WORKER, reason=read_error_reason(error))
        return {"outcomes": [], "malformed": 1}
    malformed = 0
    for index, record in enumerate(records):
        try:
            if not str(record.event_name).startswith("ObjectCreated:"):
                continue
            bucket, key = str(record.s3.bucket.name), str(record.s3.get_object.key)
        except READ_ERRORS as error:
            count_malformed(worker=WORKER, reason=read_error_reason(error), record_id=f"Records[{index}]")
            malformed += 1
            continue
        outcome = confirm_uploaded_object(bucket=bucket, key=key)
        logger.info("attachment upload", bucket=bucket, key=key, outcome=outcome)
        outcomes.append({"key": key, "outcome": outcome})
    return {"outcomes": outcomes, "malformed": malformed} if malformed else {"outcomes": outcomes}
