"""The bench's report: medians, ratios, targets, the JSON shape and the table (no timing)."""

from __future__ import annotations

import json

import pytest

from scripts.bench import (
    DYNAMODB_TARGETS,
    RATIO_TARGET,
    ApiFunction,
    BenchError,
    ColdStartSamples,
    api_functions,
    build_report,
    cold_start_entry,
    cold_start_ratio,
    dependency_stamp,
    format_report,
    median_ms,
    missed_targets,
    parse_importtime,
    resolve,
)


def samples(function_ms: list[float], baseline_ms: list[float]) -> ColdStartSamples:
    return ColdStartSamples(function_ms=function_ms, baseline_ms=baseline_ms, import_ms=[v / 2 for v in function_ms])


CALLS = {
    "create_incident": ["UpdateItem", "TransactWriteItems"],
    "get_incident": ["GetItem"],
    "list_incidents": ["Query", "GetItem"],
}


def test_median_of_odd_and_even_counts_rounded_to_a_tenth() -> None:
    assert median_ms([300.0, 100.0, 200.0]) == 200.0
    assert median_ms([100.0, 200.0, 300.04, 400.0]) == 250.0
    assert median_ms([1.234]) == 1.2
    with pytest.raises(ValueError):
        median_ms([])


def test_ratio_is_median_over_median_and_ignores_outliers() -> None:
    assert cold_start_ratio([120.0, 130.0, 5000.0], [100.0, 100.0, 1.0]) == 1.3
    assert cold_start_ratio([150.0], [100.0]) == 1.5
    with pytest.raises(ValueError):
        cold_start_ratio([150.0], [])
    with pytest.raises(ValueError):
        cold_start_ratio([150.0], [0.0])


def test_cold_start_entry_has_exactly_the_specified_keys() -> None:
    entry = cold_start_entry(samples([210.0, 190.0, 200.0], [100.0, 90.0, 110.0]))
    assert entry == {"ratio": 2.0, "median_ms": 200.0, "baseline_ms": 100.0}


def test_report_shape_counts_and_names() -> None:
    report = build_report(
        {"get_incident": samples([120.0, 125.0, 130.0], [100.0, 100.0, 100.0])},
        CALLS,
        context={"python": "3.13.0", "measured_at": "2026-11-23T00:00:00Z"},
    )
    assert report["cold_start"] == {"get_incident": {"ratio": 1.25, "median_ms": 125.0, "baseline_ms": 100.0}}
    assert report["dynamodb_calls"] == {"create_incident": 2, "get_incident": 1, "list_incidents": 2}
    assert report["dynamodb_call_names"]["create_incident"] == ["UpdateItem", "TransactWriteItems"]
    assert report["samples"]["get_incident"]["function_ms"] == [120.0, 125.0, 130.0]
    assert report["python"] == "3.13.0"
    assert report["missed"] == []
    assert json.loads(json.dumps(report)) == report


def test_missed_targets_name_each_miss() -> None:
    report = build_report(
        {
            "create_incident": samples([140.0], [100.0]),
            "health": samples([100.0], [100.0]),
        },
        {**CALLS, "get_incident": ["GetItem", "GetItem"]},
    )
    missed = report["missed"]
    assert len(missed) == 2
    assert missed[0].startswith("cold start of create_incident is 1.40x")
    limit = DYNAMODB_TARGETS["get_incident"]
    assert missed[1] == f"get_incident makes 2 DynamoDB calls per request (target <= {limit})"
    assert missed_targets(report) == missed


def test_ratio_exactly_at_the_target_is_met() -> None:
    report = build_report({"list_incidents": samples([130.0], [100.0])}, CALLS)
    assert report["cold_start"]["list_incidents"]["ratio"] == RATIO_TARGET
    assert report["missed"] == []


def test_table_shows_the_figures_and_the_verdicts() -> None:
    report = build_report(
        {"create_incident": samples([300.0, 310.0, 320.0], [100.0, 100.0, 100.0])},
        CALLS,
    )
    table = format_report(report)
    assert "median of 3" in table
    create_line = next(line for line in table.splitlines() if line.startswith("create_incident") and "MISSED" in line)
    assert "310.0" in create_line and "3.10" in create_line
    assert "UpdateItem, TransactWriteItems" in table
    assert "MISSED: cold start of create_incident is 3.10x" in table

    met = format_report(build_report({"health": samples([100.0], [100.0])}, CALLS))
    assert met.endswith("All targets met.")
    assert "MISSED" not in met


def test_dependency_stamp_changes_with_requirements_versions_and_python() -> None:
    base = dependency_stamp("pydantic==2.0\n", {"boto3": "1.0", "botocore": "1.0"}, "/usr/bin/python3.13")
    assert base == dependency_stamp("pydantic==2.0\n", {"botocore": "1.0", "boto3": "1.0"}, "/usr/bin/python3.13")
    assert base != dependency_stamp("pydantic==2.1\n", {"boto3": "1.0", "botocore": "1.0"}, "/usr/bin/python3.13")
    assert base != dependency_stamp("pydantic==2.0\n", {"boto3": "1.1", "botocore": "1.0"}, "/usr/bin/python3.13")
    assert base != dependency_stamp("pydantic==2.0\n", {"boto3": "1.0", "botocore": "1.0"}, "/opt/python3.13")


def test_template_functions_and_their_environment_expressions() -> None:
    template = {
        "Resources": {
            "Table": {"Type": "AWS::DynamoDB::Table"},
            "Worker": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "functions/worker/"}},
            "GetFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "CodeUri": "functions/get_incident/",
                    "Events": {"Get": {"Type": "Api", "Properties": {"Path": "/incidents/{id}", "Method": "get"}}},
                },
            },
        }
    }
    assert api_functions(template) == [ApiFunction("GetFunction", "get_incident", (("GET", "/incidents/{id}"),), {})]

    refs = {"EnableTracing": "false", "Table": "incidents"}
    conditions = {"TracingOn": {"Equals": [{"Ref": "EnableTracing"}, "true"]}}
    assert resolve({"Ref": "Table"}, refs, conditions) == "incidents"
    assert resolve({"If": ["TracingOn", "false", "true"]}, refs, conditions) == "true"
    assert resolve({"Not": [{"Condition": "TracingOn"}]}, refs, conditions) is True
    assert resolve("plain", refs, conditions) == "plain"
    with pytest.raises(BenchError):
        resolve({"Ref": "Unknown"}, refs, conditions)


def test_importtime_lines_are_parsed() -> None:
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       120 |        120 |   pydantic.version",
            "import time:      2500 |       2620 | pydantic",
            "some other line",
        ]
    )
    entries = parse_importtime(stderr)
    assert [(e.module, e.self_us, e.cumulative_us, e.package) for e in entries] == [
        ("pydantic.version", 120, 120, "pydantic"),
        ("pydantic", 2500, 2620, "pydantic"),
    ]
