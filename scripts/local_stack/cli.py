"""Run the incident API on the local MiniStack emulator (no AWS, no Docker).

CLI (run with the project venv)::

    .venv/bin/python -m scripts.local_stack up       # start (or reuse) + build + deploy
    .venv/bin/python -m scripts.local_stack status   # is it running, where is the API
    .venv/bin/python -m scripts.local_stack down     # stop the emulator

``up`` writes into ``.local/``:

- ``api-url``            the API base URL (``http://127.0.0.1:<port>/_aws/execute-api/<id>/<stage>``)
- ``aws-endpoint``       the emulator URL, for ``AWS_ENDPOINT_URL``
- ``stack-outputs.json`` the stack outputs, ``ApiUrl`` in its local form
- ``ministack.pid`` / ``ministack.port`` / ``ministack.log``, ``sam-build.log``, ``sam-deploy.log``

and prints the API base URL as its last line on stdout.

The e2e tests (``tests/e2e/conftest.py``) and the bench use the same modules
(``emulator``, ``deploy``, ``urls``) and start their own emulator in a temporary directory.

Only the standard library and boto3 are used here. The emulator runs from its
own venv (``.local/ministack-venv``), the SAM CLI from the project venv.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scripts.local_stack.config import (
    DEFAULT_MINISTACK_BIN,
    DEFAULT_STATE_DIR,
    LOCAL_STACK_NAME,
    LOCK_FILE,
    LOG_FILE,
    PID_FILE,
    REPO_ROOT,
    Emulator,
    LocalStackError,
    log,
)
from scripts.local_stack.deploy import deploy
from scripts.local_stack.emulator import recorded_emulator, start_emulator, stop_emulator
from scripts.local_stack.processes import read_int
from scripts.local_stack.urls import localize_outputs, remove_url_files, write_local_files


@dataclass(frozen=True)
class LocalStack:
    """What ``up`` produced: the emulator and the deployed stack."""

    emulator: Emulator
    stack_name: str
    api_url: str
    outputs: dict[str, str]  # localized (ApiUrl in its local form)
    reused: bool


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
        remove_url_files(state_dir)
        started = time.monotonic()
        emulator = start_emulator(state_dir, ministack_bin=ministack_bin)
        log(f"MiniStack started on {emulator.url} (pid {emulator.pid}) in {time.monotonic() - started:.1f}s")
    else:
        log(f"reusing MiniStack on {emulator.url} (pid {emulator.pid})")
    started = time.monotonic()
    log(f"building and deploying stack {stack_name} ...")
    outputs = deploy(
        emulator.url,
        repo_root=repo_root,
        stack_name=stack_name,
        state_dir=state_dir,
        build_dir=build_dir,
        template=template,
        config_file=config_file,
        echo=echo,
        progress=log,
    )
    api_url = write_local_files(state_dir, emulator, outputs)
    log(f"deployed in {time.monotonic() - started:.1f}s")
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
        "pid": emulator.pid if emulator else read_int(state_dir / PID_FILE),
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
                log("MiniStack stopped")
            else:
                log("no MiniStack running for " + str(state_dir))
            remove_url_files(state_dir)
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
    log(
        f"AWS endpoint: {result.emulator.url}   (export AWS_ENDPOINT_URL=$(cat {_display(state_dir / 'aws-endpoint')}))"
    )
    print(result.api_url)
    return 0


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
