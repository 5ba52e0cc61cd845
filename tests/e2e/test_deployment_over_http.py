"""The template's deployment features in MiniStack, with the template's defaults: every function on
arm64 behind its alias `live` (SnapStart's published version, there whether SnapStart is on or not),
and the API, the table's stream and the queues all reaching the functions through that alias."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from tests.e2e.conftest import ApiClient

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory

ALIAS = "live"
# An API function, the stream's consumer and the triage queue's: the three ways the stack invokes one.
FUNCTIONS = ("CreateIncidentFunction", "EventRouterFunction", "TriageWorkerFunction")


@pytest.fixture(scope="module")
def api(auto_triage_stack: DeployedStack) -> Iterator[ApiClient]:
    client = ApiClient(auto_triage_stack.api_url)
    yield client
    client.session.close()


def _physical_names(stack: DeployedStack) -> dict[str, str]:
    cloudformation = boto3.client("cloudformation", **stack.boto3_kwargs)
    pages = cloudformation.get_paginator("list_stack_resources").paginate(StackName=stack.stack_name)
    return {
        resource["LogicalResourceId"]: resource["PhysicalResourceId"]
        for page in pages
        for resource in page["StackResourceSummaries"]
    }


def test_functions_run_on_arm64_behind_their_live_alias(auto_triage_stack: DeployedStack) -> None:
    names = _physical_names(auto_triage_stack)
    lambda_client = boto3.client("lambda", **auto_triage_stack.boto3_kwargs)
    for logical_id in FUNCTIONS:
        configuration = lambda_client.get_function_configuration(FunctionName=names[logical_id])
        assert configuration["Architectures"] == ["arm64"], logical_id
        alias = lambda_client.get_alias(FunctionName=names[logical_id], Name=ALIAS)
        assert alias["FunctionVersion"] != "$LATEST", logical_id


def _triaged(api: ApiClient, token: str, incident_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = api.get(f"/incidents/{incident_id}/triage", token=token)
        if answer.status_code == 200 and answer.json()["data"]["status"] in ("completed", "failed"):
            run: dict[str, Any] = answer.json()["data"]
            return run
        time.sleep(0.3)
    raise AssertionError(f"incident {incident_id} was not triaged within 30 s")


def test_the_api_the_stream_and_the_queue_reach_the_aliased_functions(api: ApiClient, token: TokenFactory) -> None:
    analyst = token(org=f"deploy-{uuid.uuid4().hex[:8]}")
    created = api.post(
        "/incidents",
        token=analyst,
        json={
            "title": "Disk full on the build server",
            "description": "The root volume of build-01 is at 100% and jobs fail writing their artifacts.",
            "severity": "medium",
            "incident_type": "availability",
        },
    )
    assert created.status_code == 201, created.text
    # POST /incidents (API -> alias), the change on the stream (router via its alias), the triage
    # queue (worker via its alias): a completed run is the proof all three were invoked.
    assert _triaged(api, analyst, created.json()["data"]["id"])["status"] == "completed"
