"""Cold start (``cold_start``), measured the way Lambda runs a function.

- Dependencies as Lambda sees them (see ``lambda_layout``).
- One fresh interpreter per sample: ``python3.13 -S -s -E -B`` (no dev site-packages,
  no PYTHON* variables, no bytecode written), with the function's environment from
  ``template.yaml`` (tracing off) plus what the Lambda runtime sets. A tiny runner puts
  the function, the layer and the runtime on ``sys.path`` and measures, from its own
  start, the import of ``app`` and the first ``lambda_handler`` call with a realistic
  API Gateway event (a valid HS256 token; an incident created beforehand where the
  route needs one). The first calls reach the DynamoDB of a MiniStack started here on
  127.0.0.1 (moto's server takes 40-50 ms for a transaction or a GSI Query, ten times
  DynamoDB, which would be charged to the function and not to the bare handler).
- The baseline is a bare handler that only imports boto3 and makes the DynamoDB client
  at module level, run by the same runner with the same path and environment. Its
  samples are paired with the function's samples, in alternating order, so machine noise
  falls on both. The ratio is median(function) / median(paired baseline).
- The peer is the handler a user would write instead (``peer_handler.py``: Powertools'
  resolver with validation, pydantic, pyjwt, boto3), serving the same event with the
  baseline's environment and the same DynamoDB calls as the function; it joins each pair
  (the three in rotating order). The peer ratio is median(function) / median(peer).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.bench.config import RESULT_MARKER, SAMPLE_TIMEOUT_SECONDS
from scripts.bench.errors import BenchError
from scripts.bench.figures import ColdStartSamples
from scripts.bench.functions import REQUESTS, ApiFunction, api_functions, function_environment, request_event
from scripts.bench.in_process import InProcessApi, environment, in_process_environment
from scripts.bench.lambda_layout import BenchPaths


@dataclass(frozen=True)
class SampleResult:
    total_ms: float
    import_ms: float
    status: int


@dataclass(frozen=True)
class Sampler:
    """Runs one cold start of a code directory in a fresh, isolated interpreter."""

    python: str
    paths: BenchPaths
    extra_flags: tuple[str, ...] = ()

    def command(self, code_dir: Path, event_file: Path) -> list[str]:
        flags = ["-S", "-s", "-E", "-B", *self.extra_flags]
        return [self.python, *flags, str(self.paths.runner), str(event_file), *self.paths.import_path(code_dir)]

    def run(self, code_dir: Path, event_file: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(code_dir, event_file),
            env=dict(env),
            cwd=code_dir,
            capture_output=True,
            text=True,
            timeout=SAMPLE_TIMEOUT_SECONDS,
            check=False,
        )

    def sample(self, code_dir: Path, event_file: Path, env: Mapping[str, str]) -> SampleResult:
        """One cold start; fails loudly unless the first call answered below 500."""
        finished = self.run(code_dir, event_file, env)
        lines = [line for line in finished.stdout.splitlines() if line.startswith(RESULT_MARKER)]
        if finished.returncode != 0 or not lines:
            raise BenchError(
                f"cold start of {code_dir.name} failed (exit {finished.returncode})\n"
                f"stdout:\n{finished.stdout}\nstderr:\n{finished.stderr}"
            )
        result = json.loads(lines[-1].removeprefix(RESULT_MARKER))
        if result["cryptography_loaded"]:
            raise BenchError(f"{code_dir.name} imported cryptography, which Lambda's layer does not ship")
        status = int(result["status"] or 0)
        if not 0 < status < 500:
            raise BenchError(f"first call of {code_dir.name} answered {status}: {result['body']}")
        return SampleResult(float(result["total_ms"]), float(result["import_ms"]), status)


@dataclass(frozen=True)
class Subject:
    """A function under measurement: where its code is and what its samples send."""

    function: ApiFunction
    code_dir: Path
    env: Mapping[str, str]
    events: tuple[Path, ...]


def write_events(paths: BenchPaths, api: InProcessApi, name: str, samples: int) -> tuple[Path, ...]:
    """One event file per sample; routes on an incident get a fresh incident each."""
    request = REQUESTS[name]
    files: list[Path] = []
    for index in range(samples):
        incident_id = api.create() if request.needs_incident else None
        event = request_event(request, incident_id=incident_id, token=api.token)
        path = paths.events / f"{name}-{index}.json"
        path.write_text(json.dumps(event))
        files.append(path)
    return tuple(files)


COLD_START_ORDERS = (
    ("function", "baseline", "peer"),
    ("baseline", "peer", "function"),
    ("peer", "function", "baseline"),
)


def measure_cold_starts(
    sampler: Sampler, subjects: Sequence[Subject], baseline_env: Mapping[str, str], samples: int
) -> dict[str, ColdStartSamples]:
    """Samples in threes (function, baseline, peer), round-robin over the functions, rotating which runs first."""
    results = {subject.function.name: ColdStartSamples() for subject in subjects}
    for round_index in range(samples):
        for position, subject in enumerate(subjects):
            event = subject.events[round_index]
            collected = results[subject.function.name]
            for who in COLD_START_ORDERS[(round_index + position) % len(COLD_START_ORDERS)]:
                if who == "baseline":
                    collected.baseline_ms.append(sampler.sample(sampler.paths.baseline, event, baseline_env).total_ms)
                elif who == "peer":
                    collected.peer_ms.append(sampler.sample(sampler.paths.peer, event, baseline_env).total_ms)
                else:
                    result = sampler.sample(subject.code_dir, event, subject.env)
                    collected.function_ms.append(result.total_ms)
                    collected.import_ms.append(result.import_ms)
        print(f"bench: round {round_index + 1}/{samples} done", flush=True)
    return results


def benchmarked_functions(template: Mapping[str, Any], only: Sequence[str] | None) -> list[ApiFunction]:
    """The template's API functions that have a bench request (others are named and skipped)."""
    chosen: list[ApiFunction] = []
    for function in api_functions(template):
        if only and function.name not in only:
            continue
        request = REQUESTS.get(function.name)
        if request is None or (request.method, request.resource) not in function.routes:
            print(f"bench: NOTE no bench request matches {function.name} {list(function.routes)}; skipped")
            continue
        chosen.append(function)
    unknown = set(only or ()) - {function.name for function in chosen}
    if unknown:
        raise BenchError(f"unknown or unbenchmarkable functions: {', '.join(sorted(unknown))}")
    return chosen


def make_subjects(
    template: Mapping[str, Any],
    functions: Sequence[ApiFunction],
    paths: BenchPaths,
    *,
    endpoint: str,
    samples: int,
) -> list[Subject]:
    """Seed the incidents the samples need (in-process, against the server) and write the events."""
    with environment(in_process_environment(endpoint)):
        api = InProcessApi()
        return [
            Subject(
                function=function,
                code_dir=paths.functions / function.name,
                env=function_environment(template, function, endpoint=endpoint, home=paths.home),
                events=write_events(paths, api, function.name, samples),
            )
            for function in functions
        ]
