"""What `GET /analytics/incidents` answers, as models: for the OpenAPI document only (never imported at
run time). They mirror `analytics.report.incident_analytics`; a unit test validates a real answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.analytics.histogram import EDGES_SECONDS, PERCENTILE_INTERPOLATION

EVENTS_EXAMPLE: dict[str, Any] = {"created": 12, "acknowledged": 9, "resolved": 7, "closed": 3, "reopened": 1}
DURATION_EXAMPLE: dict[str, Any] = {"count": 4, "mean_seconds": 1350.5, "p50_seconds": 1200.0, "p90_seconds": 3456.0}
NO_DURATION = {"count": 0, "mean_seconds": None, "p50_seconds": None, "p90_seconds": None}
DURATIONS_EXAMPLE = {"low": NO_DURATION, "medium": DURATION_EXAMPLE, "high": DURATION_EXAMPLE, "critical": NO_DURATION}
CLASSIFIED_EXAMPLE: dict[str, Any] = {"true_positive": 4, "false_positive": 2, "benign": 1, "disrupted": 0}
DIMENSION_EXAMPLE: dict[str, Any] = {"created": 8, **CLASSIFIED_EXAMPLE, "false_positive_rate": 0.2857}
ANALYTICS_EXAMPLE: dict[str, Any] = {
    "from": "2026-11-24",
    "to": "2026-11-30",
    "bucket": "day",
    "totals": EVENTS_EXAMPLE,
    "buckets": [{"start": "2026-11-30", "end": "2026-11-30", **EVENTS_EXAMPLE}],
    "open_now": {
        "total": 5,
        "by_status": {"open": 2, "triaged": 1, "acknowledged": 1, "investigating": 1},
        "by_severity": {"low": 0, "medium": 2, "high": 2, "critical": 1},
    },
    "mtta": DURATIONS_EXAMPLE,
    "mttr": DURATIONS_EXAMPLE,
    "classifications": CLASSIFIED_EXAMPLE,
    "false_positive_rate": 0.2857,
    "by_source": {"siem": DIMENSION_EXAMPLE},
    "by_incident_type": {"phishing": DIMENSION_EXAMPLE},
    "top_sources": [{"source": "siem", "count": 8}],
    "top_incident_types": [{"incident_type": "phishing", "count": 8}],
    "histogram_edges_seconds": list(EDGES_SECONDS),
    "percentile_interpolation": PERCENTILE_INTERPOLATION,
}


class EventCounts(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EVENTS_EXAMPLE]})

    created: int
    acknowledged: int = Field(description="Incidents first acknowledged (`acknowledged_at` stamped)")
    resolved: int = Field(description="Resolutions (a reopened incident resolved again counts again)")
    closed: int
    reopened: int


class AnalyticsBucket(EventCounts):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ANALYTICS_EXAMPLE["buckets"][0]]})

    start: str = Field(description="First UTC day of the bucket (a week's is clipped to the range)")
    end: str = Field(description="Last UTC day of the bucket, inclusive")


class OpenNow(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ANALYTICS_EXAMPLE["open_now"]]})

    total: int
    by_status: dict[str, int] = Field(description="open, triaged, acknowledged, investigating")
    by_severity: dict[str, int]


class DurationFigures(BaseModel):
    """Seconds, from fixed log-scale histograms: the mean is exact, p50 and p90 interpolated."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DURATION_EXAMPLE]})

    count: int
    mean_seconds: float | None
    p50_seconds: float | None
    p90_seconds: float | None


class DimensionFigures(BaseModel):
    """One source or incident type: incidents it opened in the range, their classifications (net)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DIMENSION_EXAMPLE]})

    created: int
    true_positive: int
    false_positive: int
    benign: int
    disrupted: int
    false_positive_rate: float | None = Field(description="false_positive / classified; null when none is")


class TopSource(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"source": "siem", "count": 8}]})

    source: str
    count: int


class TopIncidentType(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"incident_type": "phishing", "count": 8}]}
    )

    incident_type: str
    count: int


class IncidentAnalytics(BaseModel):
    """The org's incident figures over a range of UTC days, from counters (no incident is read)."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, json_schema_extra={"examples": [ANALYTICS_EXAMPLE]}
    )

    from_: str = Field(alias="from", description="First UTC day, inclusive")
    to: str = Field(description="Last UTC day, inclusive")
    bucket: Literal["day", "week"]
    totals: EventCounts
    buckets: list[AnalyticsBucket]
    open_now: OpenNow = Field(description="Now, whatever the range: live incidents not resolved or closed")
    mtta: dict[str, DurationFigures] = Field(description="created -> first acknowledged, per severity")
    mttr: dict[str, DurationFigures] = Field(description="created -> resolved, per severity")
    classifications: dict[str, int] = Field(description="Net classifications recorded in the range")
    false_positive_rate: float | None
    by_source: dict[str, DimensionFigures]
    by_incident_type: dict[str, DimensionFigures]
    top_sources: list[TopSource]
    top_incident_types: list[TopIncidentType]
    histogram_edges_seconds: list[int]
    percentile_interpolation: str
