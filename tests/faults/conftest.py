"""The fault suite: AWS failing under the real handlers, in-process, against moto.

Every test injects a fault (DynamoDB throttling, a transaction conflict, an SQS send that
fails, a worker killed mid-delivery, a Lambda about to time out, a malformed record, writers
racing on one incident) and asserts the exact safe outcome: the status and error code, what
is stored, what a subscriber received. The fixtures, for every module of this folder:

- `aws`, `gateway`, `token`: moto's table and queues with a deployed stack's settings, the
  in-process API Gateway and signed tokens (from `tests/integration/conftest.py`).
- `aws_faults`: an `AwsFaults` (`tests/faults/injection.py`): a botocore `before-send` hook on
  the layer's session that answers chosen calls with an AWS error instead of moto, and counts
  every call per operation. botocore's own retry loop runs around it (the Stubber would skip it).
- `backoff`: the delays botocore's retry mode asked to sleep, recorded instead of slept.
- `pipeline`, `receiver`: the webhook pipeline driven in-process (`tests/support/pipeline.py`) and
  a real subscriber on 127.0.0.1 (`tests/support/receiver.py`).
- `faults`: the session's `FaultLedger`. `aws_faults` records each fault it answers; a test
  records the faults it makes itself (`faults.inject(n)`) and reconciles what it expected with
  what it found (`faults.reconcile(expected, found)`), which counts what was lost and what was
  duplicated; the test asserts both are empty.

At the end of the session one line sums the ledger up (`pytest_terminal_summary`):
`faults: <N> faults injected, <lost> lost, <duplicated> duplicated`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.endpoint
import pytest

from incident_core.core import aws as layer_aws
from tests.faults.injection import AwsFaults, BackoffRecorder
from tests.integration.conftest import QUEUE, TABLE, aws, gateway, lift_rate_limits, token
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver, webhook_receiver

__all__ = ["FaultLedger", "Reconciliation", "aws", "gateway", "token"]


@pytest.fixture(autouse=True)
def _rate_limits_lifted(monkeypatch: pytest.MonkeyPatch) -> None:
    """This suite sends hundreds of requests as one caller: the rate limits are off here (set before
    `aws` reads the settings) and have their own tests (tests/integration/http/test_rate_limits.py)."""
    lift_rate_limits(monkeypatch)


@dataclass(frozen=True)
class Reconciliation:
    """What a test expected against what it found: `lost` (expected, not found) and `duplicated`
    (found more than once, or found and never expected: a copy under a new id)."""

    lost: list[Hashable]
    duplicated: list[Hashable]


@dataclass
class FaultLedger:
    """How many faults the suite injected, and what it found lost or duplicated (see the module)."""

    injected: int = 0
    lost: int = 0
    duplicated: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def inject(self, kind: str, count: int = 1) -> None:
        """Record `count` faults of `kind` a test made happen."""
        self.injected += count
        self.kinds[kind] += count

    def reconcile(self, expected: Iterable[Hashable], found: Iterable[Hashable]) -> Reconciliation:
        """Count what was lost and what was duplicated, and return both for the test to assert empty."""
        wanted, seen = list(expected), Counter(found)
        lost = [item for item in dict.fromkeys(wanted) if seen[item] == 0]
        duplicated = [item for item, times in seen.items() for _ in range(times - 1 if item in wanted else times)]
        self.lost += len(lost)
        self.duplicated += len(duplicated)
        return Reconciliation(lost, duplicated)

    def summary(self) -> str:
        return f"faults: {self.injected} faults injected, {self.lost} lost, {self.duplicated} duplicated"


LEDGER = FaultLedger()


@pytest.fixture
def faults() -> FaultLedger:
    return LEDGER


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(LEDGER.summary())


@pytest.fixture
def aws_faults(aws: None, faults: FaultLedger) -> Iterator[AwsFaults]:
    """Faults answered for the layer's AWS calls (the test's own boto3 clients are left alone)."""
    injected = AwsFaults(faults)
    injected.install(layer_aws.session())
    try:
        yield injected
    finally:
        injected.remove()


@pytest.fixture
def backoff(monkeypatch: pytest.MonkeyPatch) -> BackoffRecorder:
    recorder = BackoffRecorder()
    monkeypatch.setattr(botocore.endpoint, "time", recorder)
    return recorder


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName=QUEUE)["QueueUrl"]
    return Pipeline(gateway, table=TABLE, queue_url=queue_url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running
