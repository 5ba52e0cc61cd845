"""`GET /analytics/incidents`: the org's incident figures over a date range, from counters only.

Two DynamoDB calls whatever the number of incidents: one Query of the day items of the range
(`analytics/repository.py`), one GetItem of the org's TOTALS (open now). Weeks (ISO, from Monday)
are summed from days here. The range is whole UTC days, `from` and `to` inclusive, at most
`MAX_DAYS`; by default the last `DEFAULT_DAYS` days to today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from incident_core.analytics.counters import (
    EVENTS,
    SEPARATOR,
    classification_counter,
    histogram_prefix,
    open_severity_counter,
)
from incident_core.analytics.histogram import (
    EDGES_SECONDS,
    PERCENTILE_INTERPOLATION,
    bucket_counts,
    percentile,
    summary,
)
from incident_core.analytics.repository import AnalyticsRepository, get_analytics_repository
from incident_core.core.auth import Principal
from incident_core.core.clock import parse_iso, utc_now
from incident_core.core.errors import Forbidden, ValidationFailed
from incident_core.core.paging import QueryParameter, QueryParams
from incident_core.incidents.repository import IncidentRepository, get_repository, status_counter
from incident_core.incidents.vocabulary import Classification, Severity, Status

MAX_DAYS = 366
DEFAULT_DAYS = 30
TOP_COUNT = 10
RECENT_MTTR_DAYS = 90  # the window of `recent_mttr` (the triage analysis's estimate)
BUCKETS = ("day", "week")
OPEN_STATUSES = (Status.OPEN, Status.TRIAGED, Status.ACKNOWLEDGED, Status.INVESTIGATING)
CLASSIFICATIONS = tuple(value.value for value in Classification)
DIMENSION_LABELS = {"source": "source", "type": "incident_type"}

ANALYTICS_QUERY = (
    QueryParameter(
        "from", "First UTC day, inclusive (ISO 8601 date or date-time); default: 29 days before `to`", kind="timestamp"
    ),
    QueryParameter(
        "to", f"Last UTC day, inclusive; default: today. At most {MAX_DAYS} days from `from`", kind="timestamp"
    ),
    QueryParameter("bucket", "`day` (the default) or `week` (ISO weeks, from Monday)", choices=BUCKETS),
)


@dataclass(frozen=True, slots=True)
class AnalyticsRange:
    first: date
    last: date
    bucket: str


def parse_range(params: Mapping[str, list[str]], *, today: date | None = None) -> AnalyticsRange:
    read = QueryParams(params)
    read.refuse_unknown(parameter.name for parameter in ANALYTICS_QUERY)
    last = _day(read.single("to"), "to") or today or utc_now().date()
    first = _day(read.single("from"), "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    bucket = (read.single("bucket") or "day").lower()
    if bucket not in BUCKETS:
        raise ValidationFailed.for_field("bucket", "bucket must be day or week")
    if first > last:
        raise ValidationFailed.for_field("from", "from must not be after to")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationFailed.for_field("from", f"a range covers at most {MAX_DAYS} days")
    return AnalyticsRange(first, last, bucket)


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_iso(value).date()
    except ValueError:
        raise ValidationFailed.for_field(name, f"{name} must be an ISO 8601 date (2026-11-30) or date-time") from None


def _days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _bucket_spans(span: AnalyticsRange) -> list[tuple[date, date]]:
    """The buckets of the range: each day, or each ISO week (clipped to the range)."""
    if span.bucket == "day":
        return [(day, day) for day in _days(span.first, span.last)]
    spans = []
    start = span.first
    while start <= span.last:
        end = min(span.last, start + timedelta(days=6 - start.weekday()))
        spans.append((start, end))
        start = end + timedelta(days=1)
    return spans


def incident_analytics(
    *,
    principal: Principal,
    span: AnalyticsRange,
    repository: AnalyticsRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    """The figures of the org over `span`: one Query of its day counters, one read of its totals."""
    if principal.sees_only_own_incidents:
        raise Forbidden("Analytics cover the whole org: a reporter sees only the incidents it created")
    repository = repository or get_analytics_repository()
    days = repository.day_counters(
        org_id=principal.org_id, first_day=span.first.isoformat(), last_day=span.last.isoformat()
    )
    totals = (incidents or get_repository()).get_counters(org_id=principal.org_id)
    summed: Counter[str] = Counter()
    buckets = []
    for start, end in _bucket_spans(span):
        in_bucket: Counter[str] = Counter()
        for day in _days(start, end):
            in_bucket.update(days.get(day.isoformat(), {}))
        summed.update(in_bucket)
        buckets.append({"start": start.isoformat(), "end": end.isoformat(), **_event_counts(in_bucket)})
    return {
        "from": span.first.isoformat(),
        "to": span.last.isoformat(),
        "bucket": span.bucket,
        "totals": _event_counts(summed),
        "buckets": buckets,
        "open_now": _open_now(totals),
        "mtta": _durations(summed, "mtta"),
        "mttr": _durations(summed, "mttr"),
        "classifications": _classifications(summed),
        "false_positive_rate": _false_positive_rate(_classifications(summed)),
        "by_source": _by_dimension(summed, "source"),
        "by_incident_type": _by_dimension(summed, "type"),
        "top_sources": _top(summed, "source"),
        "top_incident_types": _top(summed, "type"),
        "histogram_edges_seconds": list(EDGES_SECONDS),
        "percentile_interpolation": PERCENTILE_INTERPOLATION,
    }


def _event_counts(counts: Mapping[str, int]) -> dict[str, int]:
    return {name: int(counts.get(name, 0)) for name in EVENTS}


def _open_now(totals: Mapping[str, int]) -> dict[str, Any]:
    by_status = {status.value: max(0, totals.get(status_counter(status.value), 0)) for status in OPEN_STATUSES}
    by_severity = {
        severity.value: max(0, totals.get(open_severity_counter(severity.value), 0)) for severity in Severity
    }
    return {"total": sum(by_status.values()), "by_status": by_status, "by_severity": by_severity}


def _durations(counts: Mapping[str, int], metric: str) -> dict[str, dict[str, float | int | None]]:
    """Per severity: count, mean, p50 and p90 in seconds, from the summed histograms."""
    figures = {}
    for severity in Severity:
        prefix = histogram_prefix(metric, severity.value)
        figures[severity.value] = summary(
            int(counts.get(f"{prefix}count", 0)), int(counts.get(f"{prefix}sum", 0)), bucket_counts(counts, prefix)
        )
    return figures


def _classifications(counts: Mapping[str, int], suffix: str = "") -> dict[str, int]:
    return {name: int(counts.get(classification_counter(name) + suffix, 0)) for name in CLASSIFICATIONS}


def _false_positive_rate(classified: Mapping[str, int]) -> float | None:
    """False positives among the classified incidents (None when none is classified)."""
    total = sum(classified.values())
    return round(classified[Classification.FALSE_POSITIVE.value] / total, 4) if total > 0 else None


def _values(counts: Mapping[str, int], dimension: str) -> set[str]:
    """The sources (or types) that any counter of the range names."""
    found = set()
    for name in counts:
        parts = name.split(SEPARATOR, 3)
        if parts[0] == "created" and len(parts) == 3 and parts[1] == dimension:
            found.add(parts[2])
        elif parts[0] == "class" and len(parts) == 4 and parts[2] == dimension:
            found.add(parts[3])
    return found


def _by_dimension(counts: Mapping[str, int], dimension: str) -> dict[str, dict[str, Any]]:
    """Per source (or type): created, its classifications and its false-positive rate."""
    figures = {}
    for value in sorted(_values(counts, dimension)):
        classified = _classifications(counts, SEPARATOR.join(("", dimension, value)))
        figures[value] = {
            "created": int(counts.get(SEPARATOR.join(("created", dimension, value)), 0)),
            **classified,
            "false_positive_rate": _false_positive_rate(classified),
        }
    return figures


def _top(counts: Mapping[str, int], dimension: str) -> list[dict[str, Any]]:
    """The `TOP_COUNT` sources (or types) that opened the most incidents in the range."""
    created = {
        value: int(counts.get(SEPARATOR.join(("created", dimension, value)), 0)) for value in _values(counts, dimension)
    }
    ranked = sorted((item for item in created.items() if item[1] > 0), key=lambda item: (-item[1], item[0]))
    return [{DIMENSION_LABELS[dimension]: value, "count": count} for value, count in ranked[:TOP_COUNT]]


def recent_mttr(
    *, org_id: str, severity: str, repository: AnalyticsRepository, today: date | None = None
) -> tuple[int, float | None]:
    """The resolutions of `severity` over the last `RECENT_MTTR_DAYS` days and their median (p50, seconds),
    from the MTTR histograms: one Query."""
    last = today or utc_now().date()
    first = last - timedelta(days=RECENT_MTTR_DAYS - 1)
    summed: Counter[str] = Counter()
    for counts in repository.day_counters(
        org_id=org_id, first_day=first.isoformat(), last_day=last.isoformat()
    ).values():
        summed.update(counts)
    prefix = histogram_prefix("mttr", severity)
    return int(summed.get(f"{prefix}count", 0)), percentile(bucket_counts(summed, prefix), 0.5)
