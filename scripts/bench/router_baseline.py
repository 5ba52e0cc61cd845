"""The router before issue 22, measured in the same bench run as today's (``router_samples.baseline``).

Issue 22's throughput target is a ratio: today's router at least 5x the one it replaced, which took
its stream records one at a time. A ratio against a figure recorded on another day (52.3 records/s,
``ROUTER_BASELINE_RECORDS_PER_S``) says as much about that day's machine as about the router: the
same VM has measured the unchanged router at 133 and at 472 records/s a week apart. So the bench
deploys the last commit with the one-record router (``config.ROUTER_BASELINE_COMMIT``, exported with ``git
archive`` into a temporary directory) into a MiniStack of its own and times it exactly as it times
today's (``time_router_throughput``: the same records, runs and clock), after today's and on the same
machine. That commit has no search indexer on the stream, so its router has MiniStack's stream
poller to itself: the comparison is, if anything, in the old router's favour.

Where the commit can not be exported (a shallow clone) or deployed, the bench says why
(``router_samples.baseline.error``) and falls back to the recorded figure.

Standalone (prints the baseline's runs as JSON)::

    .venv/bin/python -m scripts.bench.router_baseline
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scripts.bench.config import ROOT, ROUTER_BASELINE_COMMIT
from scripts.bench.errors import BenchError
from scripts.bench.router_throughput import RouterThroughputSamples, time_router_throughput
from scripts.bench.stack import deploy_bench_stack

BASELINE_STACK = "incident-api-bench-router-baseline"
# Queues the baseline's template does not have: the throughput runs wait on the prompt lanes twice.
MISSING_OUTPUTS = {"DeliveryBulkQueueUrl": "DeliveryQueueUrl", "TriageBulkQueueUrl": "TriageQueueUrl"}


def export_commit(commit: str, destination: Path, *, repository: Path = ROOT) -> None:
    """The commit's files (`git archive`) extracted into `destination`; BenchError when git can not."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(repository), "archive", "--format=tar", commit],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        said = (getattr(error, "stderr", b"") or b"").decode(errors="replace").strip()
        raise BenchError(f"git archive {commit[:12]} failed: {said or error}") from error
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")


def with_missing_outputs(outputs: Mapping[str, str]) -> dict[str, str]:
    """The baseline stack's outputs, with today's queue outputs it lacks pointed at the queues it has."""
    completed = dict(outputs)
    for missing, present in MISSING_OUTPUTS.items():
        completed.setdefault(missing, completed[present])
    return completed


def measure_router_baseline(*, commit: str = ROUTER_BASELINE_COMMIT) -> RouterThroughputSamples:
    """Deploy `commit` into a MiniStack of its own and time its router as today's is timed."""
    from scripts.local_stack.config import LocalStackError
    from scripts.local_stack.emulator import start_emulator, stop_emulator
    from scripts.local_stack.urls import local_api_url

    work_dir = Path(tempfile.mkdtemp(prefix="incident-bench-router-baseline-"))
    try:
        source = work_dir / "source"
        source.mkdir()
        export_commit(commit, source)
        state_dir = work_dir / "state"
        emulator = start_emulator(state_dir, die_with_parent=True)
        try:
            outputs = deploy_bench_stack(
                emulator.url, repo_root=source, stack_name=BASELINE_STACK, state_dir=state_dir, label="baseline"
            )
            completed = with_missing_outputs(outputs)
            return time_router_throughput(local_api_url(emulator.url, completed), emulator.url, completed)
        finally:
            stop_emulator(state_dir)
    except LocalStackError as error:
        raise BenchError(f"the baseline router ({commit[:12]}) could not be deployed: {error}") from error
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def main() -> None:
    samples = measure_router_baseline()
    figures = {"commit": ROUTER_BASELINE_COMMIT, "records_per_s": samples.records_per_s, "median": samples.entry()}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
