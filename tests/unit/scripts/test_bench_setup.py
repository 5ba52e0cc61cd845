"""What the bench runs on: the template's functions and their environment, the dependency stamp,
the import profile and the command line's flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bench.cli import parse_args, webhook_skip_reason
from scripts.bench.errors import BenchError
from scripts.bench.functions import ApiFunction, api_functions, function_environment, resolve
from scripts.bench.import_profile import parse_importtime
from scripts.bench.lambda_layout import dependency_stamp


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


def test_webhook_latency_is_skipped_by_the_flag_and_by_partial_runs() -> None:
    assert webhook_skip_reason(parse_args([])) is None
    assert webhook_skip_reason(parse_args(["--samples", "3"])) is None
    assert webhook_skip_reason(parse_args(["--skip-webhook-latency"])) == "--skip-webhook-latency"
    assert webhook_skip_reason(parse_args(["--functions", "health"])) == "--functions"
    assert webhook_skip_reason(parse_args(["--importtime"])) == "--importtime"
    assert webhook_skip_reason(parse_args(["--cold-start-only"])) == "--cold-start-only"


def test_function_environment_resolves_a_queue_ref_to_a_queue_url() -> None:
    template = {
        "Parameters": {"CacheSeconds": {"Type": "Number", "Default": 5}},
        "Globals": {
            "Function": {
                "Environment": {
                    "Variables": {
                        "TABLE_NAME": {"Ref": "IncidentsTable"},
                        "DELIVERY_QUEUE_URL": {"Ref": "DeliveryQueue"},
                        "SUBSCRIPTION_CACHE_SECONDS": {"Ref": "CacheSeconds"},
                    }
                }
            }
        },
        "Resources": {"DeliveryQueue": {"Type": "AWS::SQS::Queue"}},
    }
    environment = function_environment(template, None, endpoint="http://127.0.0.1:1", home=Path("/nonexistent"))
    assert environment["DELIVERY_QUEUE_URL"] == "https://sqs.us-east-1.amazonaws.com/123456789012/DeliveryQueue"
    assert environment["SUBSCRIPTION_CACHE_SECONDS"] == "5"
    assert environment["TABLE_NAME"] == "incidents-bench"
