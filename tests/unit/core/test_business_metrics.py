"""core/business_metrics.count: the one emitter of the metrics the code counts."""

from __future__ import annotations

import json

import pytest

from incident_core.core import business_metrics, observability
from incident_core.core.business_metrics import INCIDENTS_OPENED, TRIAGE_VERDICTS, count
from incident_core.core.settings import get_settings
from tests.support.metrics import metric_counts


def emf_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{") and '"_aws"' in line]


def test_a_metric_goes_to_the_default_namespace_when_none_is_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_NAMESPACE", raising=False)
    get_settings.cache_clear()
    count(INCIDENTS_OPENED, source="guardduty")
    output = capsys.readouterr().out
    assert metric_counts(output, INCIDENTS_OPENED, "source") == {"guardduty": 1}
    [line] = emf_lines(output)
    assert line["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "IncidentApi"  # type: ignore[index]
    get_settings.cache_clear()


def test_a_value_outside_the_vocabulary_is_counted_as_other(capsys: pytest.CaptureFixture[str]) -> None:
    count(INCIDENTS_OPENED, source="made-up-by-a-tenant")
    assert metric_counts(capsys.readouterr().out, INCIDENTS_OPENED, "source") == {"other": 1}


def test_a_metric_that_can_not_be_emitted_is_logged_and_fails_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(metric: str, dimension: str, value: str) -> str:
        raise RuntimeError("the metric library failed")

    warnings: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(business_metrics, "bounded", failing)
    monkeypatch.setattr(observability.logger, "warning", lambda message, **extra: warnings.append((message, extra)))
    count(TRIAGE_VERDICTS, classification="benign")  # does not raise: what was counted is done already
    assert metric_counts(capsys.readouterr().out, TRIAGE_VERDICTS, "classification") == {}
    assert [(message, extra["metric"]) for message, extra in warnings] == [("metric not emitted", TRIAGE_VERDICTS)]


def test_the_dimensions_are_exactly_the_metrics_own() -> None:
    with pytest.raises(ValueError, match="dimensions"):
        count(TRIAGE_VERDICTS, source="edr")
