"""The MiniStack emulator: start it on a free port, find the recorded one, stop it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from scripts.local_stack.config import (
    DEFAULT_MINISTACK_BIN,
    DUMMY_CREDENTIALS,
    HOST,
    LOG_FILE,
    PID_FILE,
    PORT_FILE,
    REGION,
    TMP_DIR,
    Emulator,
    LocalStackError,
    failure_report,
)
from scripts.local_stack.processes import (
    dying_with_parent,
    find_free_port,
    forget_child,
    is_healthy,
    is_ministack,
    read_int,
    track_child,
    wait_gone,
    workers_of,
)


def recorded_emulator(state_dir: Path) -> Emulator | None:
    """The emulator recorded in ``state_dir`` if it is alive, is MiniStack and is healthy."""
    pid = read_int(state_dir / PID_FILE)
    port = read_int(state_dir / PORT_FILE)
    if pid is None or port is None or not is_ministack(pid):
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
                cmd = dying_with_parent(cmd)
            proc = subprocess.Popen(
                cmd,
                cwd=state_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        track_child(proc)
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
        forget_child(proc.pid)
        _clear_records(state_dir)
    raise LocalStackError(failure_report(last_error, [log_path]))


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
    pid = read_int(state_dir / PID_FILE)
    stopped = False
    if pid is not None and is_ministack(pid):
        os.kill(pid, signal.SIGTERM)
        if not wait_gone(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 5.0)
        stopped = True
        # Workers exit with the emulator (their stdin closes); kill any straggler.
        time.sleep(0.1)
        for worker in workers_of(pid, state_dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
    if pid is not None:
        forget_child(pid)
    _clear_records(state_dir)
    shutil.rmtree(state_dir / TMP_DIR, ignore_errors=True)
    return stopped
