"""How many invocations the SQS-driven workers run at once, read from `template.yaml` (issue 22).

On AWS each lane takes what its traffic needs (the bulk lanes the least a mapping takes, so a
storm's overflow never competes with the prompt lanes). In MiniStack every concurrent invocation
is a process of its own on the machine's few cores, so a local stack runs few: a storm's triage
runs must not take the cores a quiet org's webhooks need.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.template import template


def _maximum_concurrency(function: str, event: str) -> Any:
    events = template()["Resources"][function]["Properties"]["Events"]
    return events[event]["Properties"]["ScalingConfig"]["MaximumConcurrency"]


@pytest.mark.parametrize(
    ("function", "event", "on_aws", "in_the_emulator"),
    [
        ("DeliveryWorkerFunction", "Deliveries", 20, 4),
        ("DeliveryBulkWorkerFunction", "BulkDeliveries", 20, 4),
        ("TriageWorkerFunction", "Runs", 10, 4),
        ("TriageWorkerFunction", "BulkRuns", 2, 1),
    ],
)
def test_each_worker_lane_runs_its_own_concurrency_on_aws_and_few_in_the_emulator(
    function: str, event: str, on_aws: int, in_the_emulator: int
) -> None:
    assert _maximum_concurrency(function, event) == {"If": ["InAws", on_aws, in_the_emulator]}


def test_a_bulk_lane_never_runs_more_than_its_prompt_lane() -> None:
    for (prompt_function, prompt), (bulk_function, bulk) in (
        (("DeliveryWorkerFunction", "Deliveries"), ("DeliveryBulkWorkerFunction", "BulkDeliveries")),
        (("TriageWorkerFunction", "Runs"), ("TriageWorkerFunction", "BulkRuns")),
    ):
        prompt_values = _maximum_concurrency(prompt_function, prompt)["If"][1:]
        bulk_values = _maximum_concurrency(bulk_function, bulk)["If"][1:]
        assert all(b <= p for p, b in zip(prompt_values, bulk_values, strict=True))
        # AWS refuses a MaximumConcurrency under 2 for an SQS mapping.
        assert bulk_values[0] >= 2
