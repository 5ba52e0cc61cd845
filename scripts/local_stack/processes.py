"""The processes behind the local stack: free ports, health probes, pids and process groups, waiting.

Linux details (``/proc``, ``PR_SET_PDEATHSIG``) degrade to plain liveness checks elsewhere.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from scripts.local_stack.config import HEALTH_PATH, HOST, TMP_DIR

# Emulators started by this process, so stop_emulator() can reap its own children.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def track_child(proc: subprocess.Popen[bytes]) -> None:
    """Remember an emulator this process started (waited on directly, never left a zombie)."""
    _CHILDREN[proc.pid] = proc


def forget_child(pid: int) -> None:
    _CHILDREN.pop(pid, None)


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


def read_int(path: Path) -> int | None:
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


def is_ministack(pid: int) -> bool:
    """The pid runs MiniStack (guards against a recycled pid). Without /proc, trust liveness."""
    proc = Path(f"/proc/{pid}/cmdline")
    if not Path("/proc/self/cmdline").exists():
        return _pid_alive(pid)
    try:
        cmdline = proc.read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return b"ministack" in cmdline and _pid_alive(pid)


def workers_of(pgid: int, state_dir: Path) -> list[int]:
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


def wait_gone(pid: int, timeout: float) -> bool:
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


def dying_with_parent(cmd: Sequence[str]) -> list[str]:
    """``cmd`` wrapped so that it gets SIGTERM when this thread exits (Linux only)."""
    if sys.platform != "linux":
        return list(cmd)
    return [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *cmd]


def run_logged(
    cmd: Sequence[str], *, env: Mapping[str, str], cwd: Path, log_path: Path, echo: IO[str] | None, timeout: float
) -> int:
    """Run ``cmd``, appending its output to ``log_path`` (and ``echo``); return its exit code.

    The command dies with the caller (a killed test run leaves no ``sam deploy`` behind).
    """
    with log_path.open("a", encoding="utf-8") as log:
        log.write("$ " + shlex.join(cmd) + "\n")
        log.flush()
        proc = subprocess.Popen(
            dying_with_parent(cmd),
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
