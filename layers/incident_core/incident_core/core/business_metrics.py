"""The metrics the code emits: EMF lines in the namespace of `POWERTOOLS_METRICS_NAMESPACE` (the
template's Globals; read by the settings, `IncidentApi` without it), counted where things happen.

Every metric has a fixed set of dimensions (`METRICS`) and Powertools adds `service`
(`POWERTOOLS_SERVICE_NAME`), so an alarm names `<dimension>` and `service`. A dimension with a
vocabulary stays low-cardinality: a value outside it is counted as `other` (a source a tenant
made up never becomes a metric of its own).

- `WebhookDeliveries` (`outcome`): `delivered`, `failed` (an attempt failed, retried later),
  `given-up` (the last attempt failed, or the subscriber answered 410);
- `WebhooksDisabled`: a subscription disabled by the delivery worker (410 Gone, or too many
  failed deliveries in a row);
- `TriageVerdicts` (`classification`): a completed triage run, by its verdict;
- `IncidentsOpened` (`source`): a created incident, by its `source` (`none` when it has none);
- `MalformedRecords` (`worker`): see `core/malformed.py`.

Powertools is imported when a metric is first counted, not when a handler's module is: the
create path's cold start does not pay for it before it has created something.
"""

from __future__ import annotations

import threading

from incident_core.core.observability import logger
from incident_core.core.settings import get_settings

OTHER = "other"
WEBHOOK_DELIVERIES = "WebhookDeliveries"
WEBHOOKS_DISABLED = "WebhooksDisabled"
TRIAGE_VERDICTS = "TriageVerdicts"
INCIDENTS_OPENED = "IncidentsOpened"
MALFORMED_RECORDS = "MalformedRecords"
NO_SOURCE = "none"
INCIDENT_SOURCES = (
    NO_SOURCE,
    "cloudwatch",
    "alertmanager",
    "grafana",
    "events-api",
    "pagerduty",
    "guardduty",
    "securityhub",
    "cloudtrail",
    "crowdstrike",
    "sentinelone",
    "edr",
    "siem",
    "okta",
    "proofpoint",
    "mimecast",
    "email-gateway",
    "netskope",
    "datadog",
    "manual",
)

# metric -> dimension -> its vocabulary (values outside it are counted as `other`), or None if the
# code alone names the values (the workers' names).
METRICS: dict[str, dict[str, tuple[str, ...] | None]] = {
    WEBHOOK_DELIVERIES: {"outcome": ("delivered", "failed", "given-up")},
    WEBHOOKS_DISABLED: {},
    TRIAGE_VERDICTS: {"classification": ("malicious", "suspicious", "benign", "unknown")},
    INCIDENTS_OPENED: {"source": INCIDENT_SOURCES},
    MALFORMED_RECORDS: {"worker": None},
}

# One EMF line at a time: the delivery worker counts from its threads, and a line must not be
# interleaved with another (CloudWatch would not read either).
_emitting = threading.Lock()


def bounded(metric: str, dimension: str, value: str) -> str:
    """`value` as `metric`'s `dimension` is counted: itself if in the vocabulary, else `other`."""
    vocabulary = METRICS[metric][dimension]
    return value if vocabulary is None or value in vocabulary else OTHER


def count(metric: str, value: int = 1, **dimensions: str) -> None:
    """Add `value` to `metric` with its dimensions (exactly those `METRICS` gives it)."""
    if set(dimensions) != set(METRICS[metric]):
        raise ValueError(f"{metric} has dimensions {sorted(METRICS[metric])}, not {sorted(dimensions)}")
    if value <= 0:
        return
    from aws_lambda_powertools.metrics import MetricUnit, single_metric  # only once something is counted

    try:
        namespace = get_settings().metrics_namespace
        with _emitting, single_metric(name=metric, unit=MetricUnit.Count, value=value, namespace=namespace) as emitted:
            for name, dimension_value in sorted(dimensions.items()):
                emitted.add_dimension(name=name, value=bounded(metric, name, dimension_value))
    except Exception:  # a metric is never worth failing what was done: the change is stored already
        logger.warning("metric not emitted", metric=metric, exc_info=True)
