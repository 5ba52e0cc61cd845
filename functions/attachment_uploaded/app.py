"""S3 ObjectCreated on the attachments bucket: confirm the attachment the object belongs to.

Errors propagate, so Lambda's asynchronous retries (then the on-failure queue) take over;
confirming is idempotent. The client's `POST .../complete` is the other way to confirm.
"""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.attachments.service import confirm_uploaded_object
from incident_core.core.observability import logger


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    outcomes = []
    for record in S3Event(event).records:
        if not record.event_name.startswith("ObjectCreated:"):
            continue
        bucket, key = record.s3.bucket.name, record.s3.get_object.key
        outcome = confirm_uploaded_object(bucket=bucket, key=key)
        logger.info("attachment upload", bucket=bucket, key=key, outcome=outcome)
        outcomes.append({"key": key, "outcome": outcome})
    return {"outcomes": outcomes}
