"""Where the local stack lives and what it is called; the error and the log helpers every step uses."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
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


def log(msg: str) -> None:
    print(f"[local-stack] {msg}", file=sys.stderr, flush=True)


def tail(path: Path, lines: int = TAIL_LINES) -> str:
    """Last ``lines`` lines of a text file ('' when missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def failure_report(title: str, logs: Sequence[Path]) -> str:
    parts = [title]
    for path in logs:
        parts.append(f"----- last {TAIL_LINES} lines of {path} -----")
        parts.append(tail(path) or "(empty or missing)")
    return "\n".join(parts)
