"""The analytics counters: histogram buckets and percentiles, what each change moves, the range of a report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from incident_core.analytics.counters import stats_deltas
from incident_core.analytics.histogram import EDGES_SECONDS, bucket_index, percentile, summary
from incident_core.analytics.report import parse_range
from incident_core.core.errors import ValidationFailed

CREATED = "2026-11-30T10:00:00.000Z"


def incident(**fields: Any) -> dict[str, Any]:
    base = {"id": "i-1", "org_id": "acme", "severity": "high", "status": "open", "created_at": CREATED}
    return {**base, "source": "siem", "incident_type": "phishing", **fields}


def test_buckets_are_log_scale_from_one_minute() -> None:
    assert EDGES_SECONDS[:4] == (60, 120, 240, 480) and EDGES_SECONDS[-1] == 60 * 2**15
    assert [bucket_index(s) for s in (0, 59, 60, 119, 120, 1_966_079, 1_966_080, 10**9)] == [0, 0, 1, 1, 2, 15, 16, 16]


def test_percentiles_interpolate_linearly_inside_the_bucket() -> None:
    counts = [0] * 17
    counts[0], counts[2] = 2, 2  # two in [0, 60), two in [120, 240)
    assert percentile(counts, 0.5) == 60.0  # rank 2: the end of bucket 0
    assert percentile(counts, 0.75) == 180.0  # rank 3: halfway through [120, 240)
    assert percentile(counts, 0.9) == 216.0
    last = [0] * 16 + [3]
    assert percentile(last, 0.9) == float(EDGES_SECONDS[-1])  # the open bucket reads as its lower edge
    assert percentile([0] * 17, 0.5) is None
    assert summary(0, 0, [0] * 17) == {"count": 0, "mean_seconds": None, "p50_seconds": None, "p90_seconds": None}


def test_creating_counts_the_event_its_source_and_type_and_what_it_holds() -> None:
    deltas = stats_deltas(None, incident(), CREATED)
    assert deltas.day == "2026-11-30"
    assert deltas.day_counts == {"created": 1, "created#source#siem": 1, "created#type#phishing": 1}
    assert deltas.totals == {"open_severity_high": 1}


def test_acknowledging_samples_mtta_once_and_resolving_samples_mttr_each_time() -> None:
    opened = incident()
    acknowledged = incident(status="acknowledged", acknowledged_at="2026-11-30T10:04:00.000Z")
    first = stats_deltas(opened, acknowledged, "2026-11-30T10:04:00.000Z")
    assert first.day_counts == {"acknowledged": 1, "mtta#high#count": 1, "mtta#high#sum": 240, "mtta#high#b3": 1}
    assert first.totals == {}
    resolved = {**acknowledged, "status": "resolved", "resolved_at": "2026-12-01T10:00:00.000Z"}
    resolved["classification"] = "true_positive"
    second = stats_deltas(acknowledged, resolved, "2026-12-01T10:00:00.000Z")
    assert second.day == "2026-12-01"
    assert second.day_counts == {
        "resolved": 1,
        "mttr#high#count": 1,
        "mttr#high#sum": 86_400,
        "mttr#high#b11": 1,
        "class#true_positive": 1,
        "class#true_positive#source#siem": 1,
        "class#true_positive#type#phishing": 1,
    }
    assert second.totals == {"open_severity_high": -1}
    reopened = {**resolved, "status": "investigating", "resolved_at": None, "classification": None}
    third = stats_deltas(resolved, reopened, "2026-12-01T11:00:00.000Z")
    assert third.day_counts == {
        "reopened": 1,
        "class#true_positive": -1,
        "class#true_positive#source#siem": -1,
        "class#true_positive#type#phishing": -1,
    }
    assert third.totals == {"open_severity_high": 1}


def test_a_severity_change_moves_open_now_and_a_deletion_takes_the_incident_out() -> None:
    raised = stats_deltas(incident(), incident(severity="critical"), CREATED)
    assert (raised.day_counts, raised.totals) == ({}, {"open_severity_high": -1, "open_severity_critical": 1})
    deleted = stats_deltas(incident(), incident(deleted_at=CREATED), CREATED)
    assert (deleted.day_counts, deleted.totals) == ({}, {"open_severity_high": -1})
    unchanged = stats_deltas(incident(), incident(title="renamed"), CREATED)
    assert (unchanged.day_counts, unchanged.totals) == ({}, {})


def test_a_range_defaults_to_thirty_days_to_today_and_is_bounded() -> None:
    span = parse_range({}, today=date(2026, 11, 30))
    assert (span.first, span.last, span.bucket) == (date(2026, 11, 1), date(2026, 11, 30), "day")
    year = parse_range({"from": ["2025-12-01"], "to": ["2026-11-30T23:59:59Z"], "bucket": ["week"]})
    assert (year.first, year.last, year.bucket) == (date(2025, 12, 1), date(2026, 11, 30), "week")
    with pytest.raises(ValidationFailed):
        parse_range({"from": ["2025-11-29"], "to": ["2026-11-30"]})  # 367 days
