#!/usr/bin/env python3
"""Run the incident API on the local MiniStack emulator (no AWS, no Docker).

CLI (run with the project venv)::

    .venv/bin/python scripts/local_stack.py up       # start (or reuse) + build + deploy
    .venv/bin/python scripts/local_stack.py status   # is it running, where is the API
    .venv/bin/python scripts/local_stack.py down     # stop the emulator

``up`` writes into ``.local/``:

- ``api-url``            the API base URL (``http://127.0.0.1:<port>/_aws/execute-api/<id>/<stage>``)
- ``aws-endpoint``       the emulator URL, for ``AWS_ENDPOINT_URL``
- ``stack-outputs.json`` the stack outputs, ``ApiUrl`` in its local form
- ``ministack.pid`` / ``ministack.port`` / ``ministack.log``, ``sam-build.log``, ``sam-deploy.log``

and prints the API base URL as its last line on stdout.

The same functions are imported by the e2e tests (``tests/e2e/conftest.py``),
which start their own emulator in a temporary directory.

Only the standard library and boto3 are used here. The emulator runs from its
own venv (``.local/ministack-venv``), the SAM CLI from the project venv.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    from mypy_boto3_cloudformation import CloudFormationClient

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = REPO_ROOT / ".local"
DEFAULT_MINISTACK_BIN = DEFAULT_STATE_DIR / "ministack-venv" / "bin" / "ministack"
LOCAL_STACK_NAME = "incident-api-local"
CONFIG_ENV = "local"
REGION = "us-east-1"
HOST = "127.0.0.1"
HEALTH_PATH = "/_ministack/health"
DEFAULT_STAGE = "v1"

PID_FILE = "ministack.pid"
PORT_FILE = "ministack.port"
LOG_FILE = "ministack.log"
TMP_DIR = "ministack-tmp"  # TMPDIR of the emulator and its Lambda workers
BUILD_LOG = "sam-build.log"
DEPLOY_LOG = "sam-deploy.log"
LOCK_FILE = "local-stack.lock"

DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
TAIL_LINES = 60

# Emulators started by this process, so stop_emulator() can reap its own children.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class LocalStackError(RuntimeError):
    """Starting the emulator or deploying to it failed; the message carries the log tails."""


@dataclass(frozen=True)
class Emulator:
    """A running MiniStack process on 127.0.0.1."""

    pid: int
    port: int
    state_dir: Path

    @property
    def url(self) -> str:
        """Base URL of the emulator (the value for ``AWS_ENDPOINT_URL``)."""
        return f"http://{HOST}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.state_dir / LOG_FILE


@dataclass(frozen=True)
class LocalStack:
    """What ``up`` produced: the emulator and the deployed stack."""

    emulator: Emulator
    stack_name: str
    api_url: str
    outputs: dict[str, str]  # localized (ApiUrl in its local form)
    reused: bool


# --------------------------------------------------------------------------- helpers


def _log(msg: str) -> None:
    print(f"[local-stack] {msg}", file=sys.stderr, flush=True)


def tail(path: Path, lines: int = TAIL_LINES) -> str:
    """Last ``lines`` lines of a text file ('' when missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _failure_report(title: str, logs: Sequence[Path]) -> str:
    parts = [title]
    for path in logs:
        parts.append(f"----- last {TAIL_LINES} lines of {path} -----")
        parts.append(tail(path) or "(empty or missing)")
    return "\n".join(parts)


def find_free_port(host: str = HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``GET <url>/_ministack/health`` answers 200 with JSON."""
    try:
        with _NO_PROXY_OPENER.open(url.rstrip("/") + HEALTH_PATH, timeout=timeout) as resp:
            if resp.status != 200:
                return False
            json.loads(resp.read())
            return True
    except (OSError, ValueError):
        return False


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _proc_state(pid: int) -> str | None:
    """Linux process state letter (R, S, Z, ...), or None when /proc has no such pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _pid_alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _proc_state(pid) not in ("Z", "X")


def _is_ministack(pid: int) -> bool:
    """The pid runs MiniStack (guards against a recycled pid). Without /proc, trust liveness."""
    proc = Path(f"/proc/{pid}/cmdline")
    if not Path("/proc/self/cmdline").exists():
        return _pid_alive(pid)
    try:
        cmdline = proc.read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return b"ministack" in cmdline and _pid_alive(pid)


def _workers_of(pgid: int, state_dir: Path) -> list[int]:
    """Live Lambda workers of the emulator that led process group ``pgid`` (Linux; [] elsewhere).

    A worker is in that group and runs from ``<state_dir>/ministack-tmp``.
    """
    marker = str(state_dir / TMP_DIR).encode()
    members = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X") and marker in cmdline:
            members.append(int(entry.name))
    return members


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    child = _CHILDREN.get(pid)
    if child is not None:
        try:
            child.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.05)
    return not _pid_alive(pid)


# Exec wrapper: ask Linux to SIGTERM the emulator when the starting thread exits
# (PR_SET_PDEATHSIG survives exec), unless that parent is already gone.
_DIE_WITH_PARENT = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)
os.execv(sys.argv[2], sys.argv[2:])
"""


def _dying_with_parent(cmd: Sequence[str]) -> list[str]:
    """``cmd`` wrapped so that it gets SIGTERM when this thread exits (Linux only)."""
    if sys.platform != "linux":
        return list(cmd)
    return [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *cmd]


# --------------------------------------------------------------------------- emulator


def recorded_emulator(state_dir: Path) -> Emulator | None:
    """The emulator recorded in ``state_dir`` if it is alive, is MiniStack and is healthy."""
    pid = _read_int(state_dir / PID_FILE)
    port = _read_int(state_dir / PORT_FILE)
    if pid is None or port is None or not _is_ministack(pid):
        return None
    emulator = Emulator(pid=pid, port=port, state_dir=state_dir)
    return emulator if is_healthy(emulator.url) else None


def start_emulator(
    state_dir: Path,
    *,
    ministack_bin: Path = DEFAULT_MINISTACK_BIN,
    port: int | None = None,
    timeout: float = 30.0,
    die_with_parent: bool = False,
    extra_env: Mapping[str, str] | None = None,
) -> Emulator:
    """Start MiniStack on a free 127.0.0.1 port and wait until it is healthy.

    Its log goes to ``<state_dir>/ministack.log``; pid and port are recorded in
    ``<state_dir>/ministack.pid`` / ``ministack.port``. It runs in its own
    session, so it outlives the caller unless ``die_with_parent`` (Linux: it gets
    SIGTERM when the calling thread exits; used by the test fixture).
    State is never persisted: every start is clean. Its environment is built
    by :func:`emulator_env` (``extra_env`` adds MiniStack knobs).
    """
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    if not ministack_bin.exists():
        raise LocalStackError(
            f"MiniStack not found at {ministack_bin}. Run `make setup`, or create its venv with:\n"
            f"  python3.13 -m venv {ministack_bin.parent.parent}\n"
            f"  {ministack_bin.parent / 'pip'} install ministack==1.5.33 "
            "aws-sam-translator==1.115.0 boto3"
        )
    if recorded_emulator(state_dir) is not None:
        raise LocalStackError(f"an emulator recorded in {state_dir} is already running")

    tmp_dir = state_dir / TMP_DIR
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir()
    log_path = state_dir / LOG_FILE
    log_path.write_bytes(b"")  # one log per run: its tail is what a failure report shows

    attempts = 1 if port is not None else 3
    last_error = ""
    for _ in range(attempts):
        chosen = port if port is not None else find_free_port()
        env = emulator_env(chosen, state_dir, extra_env)
        with log_path.open("ab") as log:
            cmd = [str(ministack_bin)]
            if die_with_parent:
                cmd = _dying_with_parent(cmd)
            proc = subprocess.Popen(
                cmd,
                cwd=state_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _CHILDREN[proc.pid] = proc
        emulator = Emulator(pid=proc.pid, port=chosen, state_dir=state_dir)
        (state_dir / PID_FILE).write_text(f"{proc.pid}\n")
        (state_dir / PORT_FILE).write_text(f"{chosen}\n")

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                last_error = f"MiniStack exited with code {proc.returncode} on port {chosen}"
                break
            if is_healthy(emulator.url, timeout=1.0):
                return emulator
            time.sleep(0.1)
        else:
            last_error = f"MiniStack did not become healthy within {timeout:.0f}s on port {chosen}"
            stop_emulator(state_dir)
            break
        # exited early (most likely the port was taken meanwhile): try another port
        _CHILDREN.pop(proc.pid, None)
        _clear_records(state_dir)
    raise LocalStackError(_failure_report(last_error, [log_path]))


# Variables passed from the caller to the emulator. Everything else is dropped: the
# Lambda workers inherit the emulator's environment, so a stray AWS_ENDPOINT_URL,
# AWS_PROFILE, POWERTOOLS_*/LOG_LEVEL or PYTHONPATH of the caller's shell (or of
# the test process) would otherwise change how the functions behave locally.
_PASSED_ENV = {
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "TZ",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
}


def emulator_env(port: int, state_dir: Path, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment MiniStack (and through it every Lambda worker) runs with."""
    env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV or k.startswith("LC_")}
    no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY") or os.environ.get("no_proxy"), HOST, "localhost"]))
    env.update(
        GATEWAY_PORT=str(port),
        BIND_HOST=HOST,
        IOT_MTLS_ENABLED="0",  # else the IoT listener binds 0.0.0.0:8883
        SFTP_ENABLED="0",
        PERSIST_STATE="0",  # a persisted restart makes the stream mappings skip records
        STATE_DIR=str(state_dir / "ministack-state"),
        TMPDIR=str(state_dir / TMP_DIR),
        AWS_ACCESS_KEY_ID=DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        AWS_SECRET_ACCESS_KEY=DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        AWS_DEFAULT_REGION=REGION,
        NO_PROXY=no_proxy,
        no_proxy=no_proxy,
    )
    env.update(extra_env or {})
    return env


def _clear_records(state_dir: Path) -> None:
    for name in (PID_FILE, PORT_FILE):
        with contextlib.suppress(FileNotFoundError):
            (state_dir / name).unlink()


def stop_emulator(state_dir: Path, *, timeout: float = 15.0) -> bool:
    """Stop the emulator recorded in ``state_dir`` (SIGTERM, wait, SIGKILL fallback).

    Signals only the recorded pid, after checking it still runs MiniStack, and
    afterwards any of its Lambda workers still alive (same process group, running
    from this state dir). Returns True when something was stopped.
    """
    state_dir = state_dir.resolve()
    pid = _read_int(state_dir / PID_FILE)
    stopped = False
    if pid is not None and _is_ministack(pid):
        os.kill(pid, signal.SIGTERM)
        if not _wait_gone(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_gone(pid, 5.0)
        stopped = True
        # Workers exit with the emulator (their stdin closes); kill any straggler.
        time.sleep(0.1)
        for worker in _workers_of(pid, state_dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
    if pid is not None:
        _CHILDREN.pop(pid, None)
    _clear_records(state_dir)
    shutil.rmtree(state_dir / TMP_DIR, ignore_errors=True)
    return stopped


# --------------------------------------------------------------------------- deploy


def sam_env(endpoint_url: str) -> dict[str, str]:
    """Environment for SAM CLI / AWS SDK calls that must only reach the emulator."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"))
        and k not in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
    }
    env.update(DUMMY_CREDENTIALS)
    env.update(
        AWS_ENDPOINT_URL=endpoint_url,
        # Nothing from the developer's real AWS config may leak into a local deploy.
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        SAM_CLI_POLL_DELAY="0.2",
        SAM_CLI_TELEMETRY="0",
        NO_PROXY=f"{HOST},localhost",
        no_proxy=f"{HOST},localhost",
    )
    bin_dir = tools_bin_dir()
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    return env


def tools_bin_dir() -> Path:
    """The venv ``bin`` holding ``sam`` and a real ``python3.13`` (for ``sam build``)."""
    for candidate in (REPO_ROOT / ".venv" / "bin", Path(sys.executable).parent):
        if (candidate / "sam").exists():
            return candidate
    found = shutil.which("sam")
    if found:
        return Path(found).parent
    raise LocalStackError("SAM CLI not found: install aws-sam-cli into .venv")


def _run_logged(
    cmd: Sequence[str], *, env: Mapping[str, str], cwd: Path, log_path: Path, echo: IO[str] | None, timeout: float
) -> int:
    """Run ``cmd``, appending its output to ``log_path`` (and ``echo``); return its exit code.

    The command dies with the caller (a killed test run leaves no ``sam deploy`` behind).
    """
    with log_path.open("a", encoding="utf-8") as log:
        log.write("$ " + shlex.join(cmd) + "\n")
        log.flush()
        proc = subprocess.Popen(
            _dying_with_parent(cmd),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.daemon = True
        killer.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                if echo is not None:
                    echo.write(line)
                    echo.flush()
            code = proc.wait()
        finally:
            killer.cancel()
        if code < 0:
            log.write(f"\n(killed by signal {-code}; time limit {timeout:.0f}s)\n")
        return code


def read_parameter_overrides(config_file: Path, config_env: str = CONFIG_ENV) -> dict[str, str]:
    """``parameter_overrides`` of ``[<env>.deploy.parameters]`` in a samconfig.toml, as a dict."""
    with config_file.open("rb") as fh:
        config = tomllib.load(fh)
    params = config.get(config_env, {}).get("deploy", {}).get("parameters", {})
    raw = params.get("parameter_overrides", "")
    tokens = shlex.split(raw) if isinstance(raw, str) else [str(item) for item in raw]
    result: dict[str, str] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if sep:
            result[key] = value
    return result


def stack_outputs(endpoint_url: str, stack_name: str) -> dict[str, str]:
    """Outputs of a deployed stack (``OutputKey -> OutputValue``), read from the emulator."""
    cfn = _cloudformation(endpoint_url)
    stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    outputs = stacks[0].get("Outputs", []) if stacks else []
    return {o["OutputKey"]: o.get("OutputValue", "") for o in outputs}


def _cloudformation(endpoint_url: str) -> CloudFormationClient:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "cloudformation",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 3}, connect_timeout=5, read_timeout=60, proxies={}),
    )


def _delete_failed_stack(endpoint_url: str, stack_name: str, log_path: Path) -> None:
    """A stack whose first create failed can only be deleted, not updated."""
    cfn = _cloudformation(endpoint_url)
    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError:  # "Stack with id ... does not exist"
        return
    status = stacks[0].get("StackStatus", "") if stacks else ""
    if status in ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "DELETE_FAILED"):
        with log_path.open("a", encoding="utf-8") as log:
            log.write(f"stack {stack_name} is {status}: deleting it before deploying\n")
        cfn.delete_stack(StackName=stack_name)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
            except ClientError:
                return
            if not stacks or stacks[0].get("StackStatus") == "DELETE_COMPLETE":
                return
            time.sleep(0.2)


def deploy(
    endpoint_url: str,
    *,
    repo_root: Path,
    stack_name: str,
    state_dir: Path,
    build_dir: Path | None = None,
    template: Path | None = None,
    config_file: Path | None = None,
    config_env: str = CONFIG_ENV,
    parameter_overrides: Mapping[str, str] | None = None,
    cached: bool | None = None,
    echo: IO[str] | None = None,
    progress: Callable[[str], None] | None = None,
    timeout: float = 900.0,
) -> dict[str, str]:
    """``sam build`` + ``sam deploy --config-env local`` into the emulator at ``endpoint_url``.

    - ``template`` defaults to ``<repo_root>/template.yaml``, ``config_file`` to
      ``<repo_root>/samconfig.toml``, ``build_dir`` to ``<repo_root>/.aws-sam/build``
      (its build cache goes beside it, in ``<build_dir>/../cache``).
    - ``parameter_overrides`` are merged over the samconfig ones.
    - ``cached``: None keeps samconfig's choice; False forces a clean build that
      writes nothing outside ``build_dir`` (SAM keeps cached dependencies in
      ``<cwd>/.aws-sam/deps``, shared by every build run from ``repo_root``).
    - SAM output goes to ``<state_dir>/sam-build.log`` / ``sam-deploy.log`` (and ``echo``);
      ``progress`` receives one line per step with its duration.

    Returns the stack outputs exactly as CloudFormation reports them (``ApiUrl``
    in its AWS form; see :func:`localize_outputs`). Raises LocalStackError with
    the tails of the SAM output and of the emulator log on failure.
    """
    repo_root = repo_root.resolve()
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    template = (template or repo_root / "template.yaml").resolve()
    config_file = (config_file or repo_root / "samconfig.toml").resolve()
    build_dir = (build_dir or repo_root / ".aws-sam" / "build").resolve()
    cache_dir = build_dir.parent / "cache"
    emulator_log = state_dir / LOG_FILE
    build_log = state_dir / BUILD_LOG
    deploy_log = state_dir / DEPLOY_LOG
    for path in (template, config_file):
        if not path.exists():
            raise LocalStackError(f"{path} does not exist")

    env = sam_env(endpoint_url)
    sam = str(tools_bin_dir() / "sam")
    config_args = ["--config-file", str(config_file), "--config-env", config_env]

    build_cmd = [
        sam,
        "build",
        "--template-file",
        str(template),
        "--build-dir",
        str(build_dir),
        "--cache-dir",
        str(cache_dir),
        *config_args,
    ]
    if cached is not None:
        build_cmd.append("--cached" if cached else "--no-cached")
    build_log.write_text("")
    deploy_log.write_text("")
    started = time.monotonic()
    code = _run_logged(build_cmd, env=env, cwd=repo_root, log_path=build_log, echo=echo, timeout=timeout)
    if code != 0:
        raise LocalStackError(_failure_report(f"sam build failed (exit {code})", [build_log, emulator_log]))

    if progress is not None:
        progress(f"sam build: {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    _delete_failed_stack(endpoint_url, stack_name, deploy_log)
    deploy_cmd = [
        sam,
        "deploy",
        "--template-file",
        str(build_dir / "template.yaml"),
        "--stack-name",
        stack_name,
        *config_args,
        # Never wait for a prompt, whatever the config says.
        "--no-confirm-changeset",
        "--no-fail-on-empty-changeset",
        "--no-progressbar",
    ]
    if parameter_overrides:
        merged = read_parameter_overrides(config_file, config_env) | dict(parameter_overrides)
        deploy_cmd += ["--parameter-overrides", *(f"{k}={v}" for k, v in merged.items())]
    code = _run_logged(deploy_cmd, env=env, cwd=repo_root, log_path=deploy_log, echo=echo, timeout=timeout)
    if code != 0:
        raise LocalStackError(_failure_report(f"sam deploy failed (exit {code})", [deploy_log, emulator_log]))
    if progress is not None:
        progress(f"sam deploy: {time.monotonic() - started:.1f}s")
    try:
        return stack_outputs(endpoint_url, stack_name)
    except (ClientError, BotoCoreError) as exc:
        raise LocalStackError(
            _failure_report(f"reading outputs of {stack_name} failed: {exc}", [emulator_log])
        ) from exc


def _aws_api_base(outputs: Mapping[str, str]) -> tuple[str, str, str]:
    """(AWS ApiUrl without trailing slash, api id, stage) from the outputs."""
    aws_url = outputs.get("ApiUrl", "").rstrip("/")
    api_id = outputs.get("ApiId", "")
    stage = DEFAULT_STAGE
    if aws_url:
        host, _, path = aws_url.split("://", 1)[-1].partition("/")
        stage = path.split("/")[0] or DEFAULT_STAGE
        api_id = api_id or host.split(".")[0]
    if not api_id:
        raise LocalStackError(f"stack outputs carry neither ApiId nor ApiUrl: {dict(outputs)}")
    return aws_url, api_id, stage


def local_api_url(endpoint_url: str, outputs: Mapping[str, str]) -> str:
    """``http://127.0.0.1:<port>/_aws/execute-api/<apiId>/<stage>`` (no trailing slash)."""
    _, api_id, stage = _aws_api_base(outputs)
    return f"{endpoint_url.rstrip('/')}/_aws/execute-api/{api_id}/{stage}"


def localize_outputs(endpoint_url: str, outputs: Mapping[str, str]) -> dict[str, str]:
    """Outputs with ``ApiUrl`` (and any output that starts with it) in the local form."""
    aws_url, _, _ = _aws_api_base(outputs)
    local = local_api_url(endpoint_url, outputs)
    result = dict(outputs)
    for key, value in outputs.items():
        if key == "ApiUrl":
            result[key] = local
        elif aws_url and (value == aws_url or value.startswith(aws_url + "/")):
            result[key] = local + value[len(aws_url) :]
    return result


# --------------------------------------------------------------------------- CLI


@contextlib.contextmanager
def _locked(state_dir: Path) -> Iterator[None]:
    """Serialize up/down on one state dir (two `make local` at once)."""
    import fcntl

    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / LOCK_FILE).open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


URL_FILES = ("api-url", "aws-endpoint", "stack-outputs.json")


def _remove_url_files(state_dir: Path) -> None:
    for name in URL_FILES:
        with contextlib.suppress(FileNotFoundError):
            (state_dir / name).unlink()


def write_local_files(state_dir: Path, emulator: Emulator, outputs: Mapping[str, str]) -> str:
    """Write api-url, aws-endpoint and stack-outputs.json; return the API base URL."""
    local_outputs = localize_outputs(emulator.url, outputs)
    api_url = local_api_url(emulator.url, outputs)
    (state_dir / "api-url").write_text(api_url + "\n")
    (state_dir / "aws-endpoint").write_text(emulator.url + "\n")
    (state_dir / "stack-outputs.json").write_text(json.dumps(local_outputs, indent=2, sort_keys=True) + "\n")
    return api_url


def up(
    *,
    repo_root: Path = REPO_ROOT,
    state_dir: Path = DEFAULT_STATE_DIR,
    stack_name: str = LOCAL_STACK_NAME,
    build_dir: Path | None = None,
    template: Path | None = None,
    config_file: Path | None = None,
    ministack_bin: Path = DEFAULT_MINISTACK_BIN,
    echo: IO[str] | None = None,
) -> LocalStack:
    """Start (or reuse the healthy recorded) emulator, deploy, write the ``.local`` files."""
    state_dir = state_dir.resolve()
    emulator = recorded_emulator(state_dir)
    reused = emulator is not None
    if emulator is None:
        stop_emulator(state_dir)  # clears stale records (dead or unhealthy recorded pid)
        _remove_url_files(state_dir)
        started = time.monotonic()
        emulator = start_emulator(state_dir, ministack_bin=ministack_bin)
        _log(f"MiniStack started on {emulator.url} (pid {emulator.pid}) in {time.monotonic() - started:.1f}s")
    else:
        _log(f"reusing MiniStack on {emulator.url} (pid {emulator.pid})")
    started = time.monotonic()
    _log(f"building and deploying stack {stack_name} ...")
    outputs = deploy(
        emulator.url,
        repo_root=repo_root,
        stack_name=stack_name,
        state_dir=state_dir,
        build_dir=build_dir,
        template=template,
        config_file=config_file,
        echo=echo,
        progress=_log,
    )
    api_url = write_local_files(state_dir, emulator, outputs)
    _log(f"deployed in {time.monotonic() - started:.1f}s")
    return LocalStack(
        emulator=emulator,
        stack_name=stack_name,
        api_url=api_url,
        outputs=localize_outputs(emulator.url, outputs),
        reused=reused,
    )


def status(state_dir: Path = DEFAULT_STATE_DIR) -> dict[str, Any]:
    """What is recorded in ``state_dir`` and whether it is up."""
    state_dir = state_dir.resolve()
    emulator = recorded_emulator(state_dir)
    api_url_file = state_dir / "api-url"
    info: dict[str, Any] = {
        "running": emulator is not None,
        "pid": emulator.pid if emulator else _read_int(state_dir / PID_FILE),
        "aws_endpoint": emulator.url if emulator else None,
        "api_url": api_url_file.read_text().strip() if emulator and api_url_file.exists() else None,
        "log": str(state_dir / LOG_FILE),
    }
    return info


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument(
        "--repo-root",
        type=Path,
        default=REPO_ROOT,
        help="directory with template.yaml and samconfig.toml (default: this repo)",
    )
    parser.add_argument(
        "--template", type=Path, default=None, help="template to build (default: <repo-root>/template.yaml)"
    )
    parser.add_argument(
        "--config-file", type=Path, default=None, help="samconfig file (default: <repo-root>/samconfig.toml)"
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=DEFAULT_STATE_DIR,
        help="where pid, port, logs and the url files go (default: .local)",
    )
    parser.add_argument(
        "--build-dir", type=Path, default=None, help="sam build directory (default: <repo-root>/.aws-sam/build)"
    )
    parser.add_argument("--stack-name", default=LOCAL_STACK_NAME)
    parser.add_argument("--ministack-bin", type=Path, default=DEFAULT_MINISTACK_BIN)
    parser.add_argument("-v", "--verbose", action="store_true", help="stream the sam output to stderr")
    args = parser.parse_args(argv)
    state_dir: Path = args.state_dir.resolve()

    if args.command == "status":
        info = status(state_dir)
        print(json.dumps(info, indent=2))
        return 0 if info["running"] else 1

    with _locked(state_dir):
        if args.command == "down":
            if stop_emulator(state_dir):
                _log("MiniStack stopped")
            else:
                _log("no MiniStack running for " + str(state_dir))
            _remove_url_files(state_dir)
            return 0

        try:
            result = up(
                repo_root=args.repo_root,
                state_dir=state_dir,
                stack_name=args.stack_name,
                build_dir=args.build_dir,
                template=args.template,
                config_file=args.config_file,
                ministack_bin=args.ministack_bin,
                echo=sys.stderr if args.verbose else None,
            )
        except LocalStackError as exc:
            print(f"local stack: {exc}", file=sys.stderr)
            emulator = recorded_emulator(state_dir)
            if emulator is not None:
                print(
                    f"MiniStack is still running on {emulator.url} (pid {emulator.pid}); "
                    "fix and run `up` again to redeploy, or `down` to stop it.",
                    file=sys.stderr,
                )
            return 1
    _log(
        f"AWS endpoint: {result.emulator.url}   (export AWS_ENDPOINT_URL=$(cat {_display(state_dir / 'aws-endpoint')}))"
    )
    print(result.api_url)
    return 0


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
