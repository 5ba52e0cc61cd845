"""Records a worker can not read: logged and counted, and never retried in a loop.

A record that is not JSON, has the wrong shape or lacks a field stays so however often it is
retried, so a worker never lets one hold up its batch or its stream. What becomes of it
depends on where it came from:

- a stream record (the event router) or an SNS, EventBridge or S3 notification (the alarm
  ingest, the attachment confirmation) is skipped: the stream moves on, the invocation
  succeeds (the item itself stays in the table);
- an SQS message (the delivery and triage workers) is reported failed, so its queue's
  redrive policy moves it to the dead-letter queue after `maxReceiveCount` receipts (an
  alarm watches it), where it can be read.

Either way `count_malformed` logs one line (`malformed_records: 1`, the worker, where, why;
never the record's content, which may hold anything) and adds 1 to the EMF metric
`MalformedRecords` (dimension `worker`) in the namespace Powertools reads from
`POWERTOOLS_METRICS_NAMESPACE` (the template's Globals: `IncidentApi`), through
`core/business_metrics.py`.
"""

from __future__ import annotations

from incident_core.core.business_metrics import MALFORMED_RECORDS, count
from incident_core.core.observability import logger

MALFORMED_METRIC = MALFORMED_RECORDS
# What reading a record of the wrong shape raises (a missing key, a wrong type, bad JSON or values).
READ_ERRORS: tuple[type[Exception], ...] = (KeyError, IndexError, TypeError, AttributeError, ValueError)


class MalformedRecord(ValueError):
    """A record that is not what its worker reads; the message says why (never what it holds)."""


def count_malformed(*, worker: str, reason: str, record_id: str | None = None) -> None:
    """Log and count one record `worker` could not read (see the module)."""
    logger.error("malformed record", worker=worker, record_id=record_id, reason=reason, malformed_records=1)
    count(MALFORMED_METRIC, worker=worker)


def read_error_reason(error: BaseException) -> str:
    """Why a record could not be read, without quoting it: the error's kind, and a missing key's name."""
    if isinstance(error, MalformedRecord):
        return str(error)
    if isinstance(error, KeyError) and error.args:
        return f"missing field {str(error.args[0])[:64]!r}"
    return f"{type(error).__name__} while reading it"
