"""Dependencies and code laid out as Lambda sees them, in `.local/bench`.

The layer is built by its own Makefile, the one ``sam build`` runs
(``layers/incident_core/Makefile``: requirements plus ``incident_core``, compiled to
unchecked-hash bytecode, since ``/opt`` is read-only and a layer shipped as source is
compiled again at every cold start), into ``.local/bench/layer-build``, afresh on every
run. The runtime's boto3 (the version of the dev venv) goes into ``.local/bench/runtime``
with bytecode, as the Lambda runtime ships it, reused while a stamp (boto3 version,
interpreter) still matches. The functions are copied afresh without ``__pycache__`` (SAM
ships them as source). ``cryptography`` must not be on that path: pyjwt imports it
whenever it is installed.

The bare handler (the baseline), the handler a user would write instead (the peer,
``peer_handler.py``) and the runner of one cold start are written here too.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scripts.bench.config import (
    BENCH_DIR,
    DEPENDENCY_LAYOUT,
    FUNCTIONS_SOURCE,
    LAYER_SOURCE,
    PEER_SOURCE,
    RESULT_MARKER,
    ROOT,
)
from scripts.bench.errors import BenchError

LAYER_BYTECODE = "the layer as its Makefile builds it (unchecked-hash .pyc); functions as source"


BASELINE_SOURCE = '''\
"""A bare handler: boto3 and the client the functions make, nothing else."""

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}
'''


RUNNER_SOURCE = '''\
"""One cold start: import `app` from the code directory, call it once, print the timings."""

import time

STARTED = time.perf_counter()

import json
import sys


class Context:
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "00000000-0000-4000-8000-000000000000"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self):
        return 10_000


def main():
    event_file, *paths = sys.argv[1:]
    sys.path[:1] = paths
    with open(event_file, encoding="utf-8") as handle:
        event = json.load(handle)
    module = __import__("app")
    imported = time.perf_counter()
    response = module.lambda_handler(event, Context())
    finished = time.perf_counter()
    result = {
        "total_ms": (finished - STARTED) * 1000,
        "import_ms": (imported - STARTED) * 1000,
        "status": response.get("statusCode"),
        "body": response.get("body"),
        "cryptography_loaded": "cryptography" in sys.modules,
    }
    sys.stdout.write(MARKER + json.dumps(result) + "\\n")
    sys.stdout.flush()


main()
'''.replace("MARKER", repr(RESULT_MARKER))


@dataclass(frozen=True)
class BenchPaths:
    """Where the Lambda-like import path and the bench's files live."""

    root: Path = BENCH_DIR

    @property
    def layer_artifacts(self) -> Path:
        """ARTIFACTS_DIR of the layer's own build (what sam build zips)."""
        return self.root / "layer-build"

    @property
    def layer(self) -> Path:
        """Where Lambda puts the layer on sys.path: the artifact's `python/`."""
        return self.layer_artifacts / "python"

    @property
    def runtime(self) -> Path:
        """What the Lambda runtime ships: boto3 and botocore, with bytecode."""
        return self.root / "runtime"

    @property
    def functions(self) -> Path:
        return self.root / "functions"

    @property
    def baseline(self) -> Path:
        return self.root / "baseline"

    @property
    def peer(self) -> Path:
        return self.root / "peer"

    @property
    def runner(self) -> Path:
        return self.root / "runner" / "runner.py"

    @property
    def events(self) -> Path:
        return self.root / "events"

    @property
    def home(self) -> Path:
        """An empty HOME, so no developer AWS config reaches the samples."""
        return self.root / "home"

    @property
    def stamp(self) -> Path:
        return self.root / "deps.stamp"

    def import_path(self, code_dir: Path) -> list[str]:
        """sys.path entries in Lambda's order: function code, layer, runtime."""
        return [str(code_dir), str(self.layer), str(self.runtime)]


def runtime_versions() -> dict[str, str]:
    """The boto3 and botocore versions of the dev venv (the bench's stand-in for Lambda's)."""
    return {name: importlib.metadata.version(name) for name in ("boto3", "botocore")}


def dependency_stamp(requirements: str, versions: Mapping[str, str], python: str) -> str:
    """A hash of everything the installed dependencies depend on."""
    text = json.dumps([DEPENDENCY_LAYOUT, requirements, dict(versions), python], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def install_runtime(paths: BenchPaths, python: str) -> None:
    """Install the runtime's boto3 (with bytecode), unless the stamp still matches."""
    versions = runtime_versions()
    stamp = dependency_stamp("", versions, python)
    if paths.stamp.is_file() and paths.stamp.read_text().strip() == stamp:
        return
    shutil.rmtree(paths.runtime, ignore_errors=True)
    paths.runtime.mkdir(parents=True)
    paths.stamp.unlink(missing_ok=True)
    pins = [f"{name}=={version}" for name, version in versions.items()]
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"]
    print(f"bench: pip install --target {paths.runtime.relative_to(ROOT)} {' '.join(pins)}", flush=True)
    subprocess.run([*command, str(paths.runtime), *pins], check=True)
    paths.stamp.write_text(stamp + "\n")


def build_layer(paths: BenchPaths) -> None:
    """Build the layer with its own Makefile, as `sam build` does (into a scratch copy)."""
    shutil.rmtree(paths.layer_artifacts, ignore_errors=True)
    scratch = paths.root / "layer-source"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(LAYER_SOURCE, scratch, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    print("bench: building the layer with layers/incident_core/Makefile", flush=True)
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(scratch),
            "build-IncidentCoreLayer",
            f"ARTIFACTS_DIR={paths.layer_artifacts}",
        ],
        check=True,
        env=env,
    )


def check_no_cryptography(paths: BenchPaths) -> None:
    """Lambda's layer ships no `cryptography`; pyjwt would import it (~45 ms) if it were there."""
    found = [str(d / "cryptography") for d in (paths.layer, paths.runtime) if (d / "cryptography").exists()]
    if found:
        raise BenchError(f"cryptography is on the Lambda-like path ({', '.join(found)}); the layer must not ship it")


def copy_code(paths: BenchPaths, functions: Sequence[str]) -> None:
    """Fresh copies of the layer package, the functions, the baseline, the peer and the runner (no bytecode)."""
    no_bytecode = shutil.ignore_patterns("__pycache__", "*.pyc")
    for directory in (paths.functions, paths.baseline, paths.peer, paths.runner.parent, paths.events, paths.home):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    for name in functions:
        shutil.copytree(FUNCTIONS_SOURCE / name, paths.functions / name, ignore=no_bytecode)
    (paths.baseline / "app.py").write_text(BASELINE_SOURCE)
    shutil.copyfile(PEER_SOURCE, paths.peer / "app.py")
    paths.runner.write_text(RUNNER_SOURCE)


def prepare(paths: BenchPaths, python: str, functions: Sequence[str]) -> None:
    """Everything on disk the samples need."""
    paths.root.mkdir(parents=True, exist_ok=True)
    install_runtime(paths, python)
    build_layer(paths)
    check_no_cryptography(paths)
    copy_code(paths, functions)


def lambda_python() -> str:
    """The base interpreter of the dev venv (python3.13, like the functions' runtime)."""
    python = str(getattr(sys, "_base_executable", "") or sys.executable)
    if sys.version_info[:2] != (3, 13):
        raise BenchError(f"the functions run on python3.13; this is {platform.python_version()}")
    return python
