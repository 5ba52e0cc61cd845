"""Observability, read from `template.yaml`: every alarm tells someone, and names only metrics that exist.

- every `AWS::CloudWatch::Alarm` notifies the ops topic on ALARM and on OK, and says what it means;
- every worker has an errors and a throttles alarm; the API functions' alarms (metric math, at most
  10 metrics each) cover every API function exactly once;
- every metric of an alarm or of the dashboard is either an AWS metric of a resource of this
  template, or a metric the layer emits (its name and dimensions read from the code, its namespace from
  the Globals' `POWERTOOLS_METRICS_NAMESPACE`);
- the dashboard's body is JSON once its `${...}` substitutions are replaced by placeholders.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from incident_core.core import business_metrics
from incident_core.core.business_metrics import MALFORMED_RECORDS, METRICS
from tests.support.template import ROOT, api_routes, resources_of_type, template

OPS_TOPIC = {"Ref": "OpsAlarmTopic"}
MAX_METRICS_PER_ALARM = 10  # CloudWatch's hard limit for an alarm on metric math

# AWS's own metrics the alarms and the dashboard may read, by namespace: the dimensions each needs
# and the metric names (from the services' CloudWatch documentation).
AWS_METRICS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "AWS/Lambda": (frozenset({"FunctionName"}), frozenset({"Errors", "Throttles", "Invocations", "Duration"})),
    "AWS/SQS": (
        frozenset({"QueueName"}),
        frozenset(
            {
                "ApproximateAgeOfOldestMessage",
                "ApproximateNumberOfMessagesVisible",
                "NumberOfMessagesSent",
                "NumberOfMessagesDeleted",
            }
        ),
    ),
    "AWS/DynamoDB": (
        frozenset({"TableName"}),
        frozenset(
            {"ReadThrottleEvents", "WriteThrottleEvents", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits"}
        ),
    ),
    "AWS/ApiGateway": (
        frozenset({"ApiName", "Stage"}),
        frozenset({"Count", "4XXError", "5XXError", "Latency", "IntegrationLatency"}),
    ),
}
# The resource type a dimension's value must name: `<LogicalId>` or `<LogicalId.Attribute>`.
DIMENSION_RESOURCE_TYPES = {
    "FunctionName": ("AWS::Serverless::Function", None),
    "QueueName": ("AWS::SQS::Queue", "QueueName"),
    "TableName": ("AWS::DynamoDB::Table", None),
}
EMITTING_CALLS = re.compile(r"\b(single_metric|add_metric|put_metric_data)\(")
WORKER_NAMES = re.compile(r"""(?:\bWORKER\s*=\s*|\bworker=)"([a-z-]+)\"""")
PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def _python_sources() -> list[tuple[str, str]]:
    roots = [ROOT / "layers" / "incident_core" / "incident_core", ROOT / "functions"]
    return [
        (str(path.relative_to(ROOT)), path.read_text())
        for root in roots
        for path in sorted(root.rglob("*.py"))
        if ".aws-sam" not in path.parts
    ]


def _emitted_metrics() -> dict[tuple[str, str], dict[str, frozenset[str]]]:
    """(namespace, name) -> dimension -> its possible values, of every metric the code emits."""
    sources = _python_sources()
    emitters = {path for path, text in sources if EMITTING_CALLS.search(text)}
    # One module emits metrics (core/business_metrics.py, through `count`): a new one belongs there.
    assert emitters == {"layers/incident_core/incident_core/core/business_metrics.py"}, emitters
    workers = frozenset(name for _, text in sources for name in WORKER_NAMES.findall(text))
    variables = template()["Globals"]["Function"]["Environment"]["Variables"]
    service, namespace = variables["POWERTOOLS_SERVICE_NAME"], variables["POWERTOOLS_METRICS_NAMESPACE"]
    emitted: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
    for name, dimensions in METRICS.items():
        # Counted somewhere: its constant is passed to `count` (or `count_malformed` called) outside the emitter.
        assert any(_counts(text, name) for path, text in sources if path not in emitters), name
        emitted[(namespace, name)] = {
            **{
                dimension: workers if vocabulary is None else frozenset(vocabulary)
                for dimension, vocabulary in dimensions.items()
            },
            "service": frozenset({service}),
        }
    return emitted


def _counts(text: str, metric: str) -> bool:
    """Whether a module's text passes `metric` (by its constant's name) to `count`."""
    constant = next(name for name, value in vars(business_metrics).items() if value == metric and name.isupper())
    return re.search(rf"\bcount\(\s*{constant}\b", text) is not None or (
        metric == MALFORMED_RECORDS and "count_malformed(" in text
    )


def _as_placeholder(value: Any) -> str:
    """A dimension value of the template (`!Ref`, `!GetAtt`, `!Sub` or text) written as the dashboard's."""
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return f"<{value['Ref']}>"
    if "GetAtt" in value:
        target = value["GetAtt"]
        return f"<{target if isinstance(target, str) else '.'.join(target)}>"
    if "Sub" in value:
        return PLACEHOLDER.sub(r"<\1>", value["Sub"])
    raise AssertionError(f"unexpected dimension value {value!r}")


Metric = tuple[str, str, dict[str, str]]


def _alarm_metrics(properties: dict[str, Any]) -> list[Metric]:
    if "MetricName" in properties:
        dimensions = {d["Name"]: _as_placeholder(d["Value"]) for d in properties.get("Dimensions", [])}
        return [(properties["Namespace"], properties["MetricName"], dimensions)]
    metrics = []
    for query in properties["Metrics"]:
        if "MetricStat" in query:
            metric = query["MetricStat"]["Metric"]
            dimensions = {d["Name"]: _as_placeholder(d["Value"]) for d in metric.get("Dimensions", [])}
            metrics.append((metric["Namespace"], metric["MetricName"], dimensions))
    return metrics


def _dashboard_body() -> dict[str, Any]:
    (dashboard,) = resources_of_type("AWS::CloudWatch::Dashboard").values()
    body: str = dashboard["Properties"]["DashboardBody"]["Sub"]
    parsed: dict[str, Any] = json.loads(PLACEHOLDER.sub(r"<\1>", body))
    return parsed


def _dashboard_entries() -> list[list[Any]]:
    return [entry for widget in _dashboard_body()["widgets"] for entry in widget["properties"].get("metrics", [])]


def _dashboard_metrics() -> list[Metric]:
    metrics = []
    for entry in _dashboard_entries():
        fields = [field for field in entry if isinstance(field, str)]
        if not fields:
            continue  # an expression, checked on its own
        assert "." not in fields, f"no shorthand ('.') in the dashboard: {entry}"
        namespace, name, *pairs = fields
        metrics.append((namespace, name, dict(zip(pairs[::2], pairs[1::2], strict=True))))
    return metrics


def _check_metric(metric: Metric) -> None:
    namespace, name, dimensions = metric
    emitted = _emitted_metrics()
    if (namespace, name) in emitted:
        allowed = emitted[(namespace, name)]
        assert set(dimensions) == set(allowed), metric
        for key, value in dimensions.items():
            assert value in allowed[key], f"{metric}: the code emits no {key}={value}"
        return
    assert namespace in AWS_METRICS, f"{metric}: neither an AWS metric nor one the code emits"
    needed_dimensions, names = AWS_METRICS[namespace]
    assert name in names, metric
    assert set(dimensions) == needed_dimensions, metric
    resources = template()["Resources"]
    for key, value in dimensions.items():
        if key == "ApiName":
            assert value == _as_placeholder(resources["IncidentApi"]["Properties"]["Name"]), metric
        elif key == "Stage":
            assert value == _as_placeholder(resources["IncidentApi"]["Properties"]["StageName"]), metric
        else:
            resource_type, attribute = DIMENSION_RESOURCE_TYPES[key]
            logical_id, _, named_attribute = value.strip("<>").partition(".")
            assert resources[logical_id]["Type"] == resource_type, metric
            assert (named_attribute or None) == attribute, metric


ALARMS = resources_of_type("AWS::CloudWatch::Alarm")


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_notifies_the_ops_topic_on_alarm_and_ok(name: str) -> None:
    properties = ALARMS[name]["Properties"]

    assert properties.get("AlarmActions") == [OPS_TOPIC]
    assert properties.get("OKActions") == [OPS_TOPIC]


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_says_what_it_means_and_what_to_do(name: str) -> None:
    description = ALARMS[name]["Properties"]["AlarmDescription"]

    # At least two sentences: what happened, then what to look at or do.
    assert len(description) >= 100 and description.count(". ") + description.count("; ") >= 1, description


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_reads_only_metrics_that_exist(name: str) -> None:
    properties = ALARMS[name]["Properties"]
    metrics = _alarm_metrics(properties)

    assert 1 <= len(metrics) <= MAX_METRICS_PER_ALARM
    for metric in metrics:
        _check_metric(metric)


def test_alarms_on_metric_math_exist_only_in_aws() -> None:
    """MiniStack creates no alarm on metric math: those are conditional on not being `local`."""
    on_math = [name for name, body in ALARMS.items() if "Metrics" in body["Properties"]]

    assert on_math
    assert all(ALARMS[name].get("Condition") == "InAws" for name in on_math)


@pytest.mark.parametrize("metric", ["Errors", "Throttles"])
def test_the_api_functions_alarms_cover_every_api_function_once(metric: str) -> None:
    named = Counter(
        dimensions["FunctionName"].strip("<>")
        for name, body in ALARMS.items()
        if name.startswith(f"Api{metric}Alarm")
        for _, metric_name, dimensions in _alarm_metrics(body["Properties"])
        if metric_name == metric
    )

    assert set(named) == set(api_routes())
    assert set(named.values()) == {1}


@pytest.mark.parametrize("metric", ["Errors", "Throttles"])
def test_every_worker_has_its_own_alarm(metric: str) -> None:
    workers = set(resources_of_type("AWS::Serverless::Function")) - set(api_routes())
    watched = {
        dimensions["FunctionName"].strip("<>")
        for body in ALARMS.values()
        if "MetricName" in body["Properties"]
        for _, metric_name, dimensions in _alarm_metrics(body["Properties"])
        if metric_name == metric
    }

    assert workers
    assert workers <= watched, workers - watched


def test_the_queue_alarms_watch_every_dead_letter_and_failure_queue() -> None:
    redrive_targets = {
        body["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["GetAtt"].split(".")[0]
        for body in resources_of_type("AWS::SQS::Queue").values()
        if "RedrivePolicy" in body["Properties"]
    }
    failure_queues = {name for name in resources_of_type("AWS::SQS::Queue") if "Failure" in name}
    watched = {
        dimensions["QueueName"].strip("<>").split(".")[0]
        for body in ALARMS.values()
        for _, metric_name, dimensions in _alarm_metrics(body["Properties"])
        if metric_name == "ApproximateNumberOfMessagesVisible"
    }

    assert redrive_targets and failure_queues
    assert redrive_targets | failure_queues <= watched


def test_the_dashboard_body_is_json_once_substituted() -> None:
    body = _dashboard_body()

    assert body["widgets"]
    assert all(widget["type"] == "metric" for widget in body["widgets"])


def test_the_dashboard_reads_only_metrics_that_exist() -> None:
    metrics = _dashboard_metrics()

    assert metrics
    for metric in metrics:
        _check_metric(metric)


def test_the_dashboards_expressions_search_only_this_stacks_functions_or_emitted_metrics() -> None:
    expressions = [field["expression"] for entry in _dashboard_entries() for field in entry if "expression" in field]

    assert expressions
    emitted = _emitted_metrics()
    for expression in expressions:
        searched = re.fullmatch(r"SEARCH\('\{(\w+),([\w,]+)\} MetricName=\"(\w+)\"', 'Sum', 300\)", expression)
        if searched:  # a metric the code emits, by each value of its dimensions
            namespace, dimensions, name = searched.groups()
            assert set(dimensions.split(",")) == set(emitted[(namespace, name)]), expression
            continue
        match = re.fullmatch(
            r"SUM\(SEARCH\('\{AWS/Lambda,FunctionName\} MetricName=\"(\w+)\" \"<AWS::StackName>-\"', 'Sum', 300\)\)",
            expression,
        )
        assert match, expression
        assert match.group(1) in AWS_METRICS["AWS/Lambda"][1]


def test_the_dashboard_has_an_output() -> None:
    url = template()["Outputs"]["DashboardURL"]["Value"]["Sub"]

    assert "#dashboards:name=${OpsDashboard}" in url
