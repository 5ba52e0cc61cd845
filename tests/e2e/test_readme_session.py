"""The README's curl session, run as printed against the deployed stack, so the docs cannot drift.

The fenced bash block under "A curl session against the local stack" is cut into steps (a
command with its continuation lines); a comment above a step may promise `-> <status>
<JSON shape>`. Each step runs in bash as printed, with two substitutions only: the stack's
URL for `$(cat .local/api-url)` and a token (every permission, an org of its own) for
`$(make -s token ...)`. Shell variables the steps set (`ID`, `ETAG`) carry over. Every curl
must answer 2xx (the promised status, when there is one), and its body must have the
promised shape: the keys shown with the values shown, `"…"` for any value, `[x]` for a
list whose items all have the shape x.

It runs against a stack without automatic triage and one with it. With triage on, the test
waits after the create for the triage to land, as a reader does by reading the answers: the
incident is then at version 2, which is why the README's old `If-Match: "1"` failed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "A curl session against the local stack"
CLIENTS_HEADING = "### API clients and tokens"
ANY = "…"
# `curl` as printed, plus the answer's headers and body kept per step (`-q` first: no ~/.curlrc).
PRELUDE = """set -euo pipefail
curl() { command curl -q -D "$STEP_HEADERS" "$@" | tee "$STEP_BODY"; }
"""


@dataclass(frozen=True)
class Step:
    command: str
    status: int | None  # promised by the comment above, if any
    shape: Any  # the JSON shape promised, if any


def readme_steps(heading: str = HEADING) -> list[Step]:
    text = README.read_text()
    start = text.index(heading)
    block = re.search(r"```bash\n(.*?)```", text[start:], re.DOTALL)
    assert block, f"no bash block after {heading!r} in README.md"
    steps: list[Step] = []
    status: int | None = None
    shape: Any = None
    lines = iter(block.group(1).splitlines())
    for line in lines:
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            promise = re.search(r"->\s*(\d{3})\s*(\{.*\})?", line)
            if promise:
                status, shape = int(promise.group(1)), json.loads(promise.group(2)) if promise.group(2) else None
            continue
        command = line
        while command.rstrip().endswith("\\"):
            command += "\n" + next(lines)
        steps.append(Step(command, status, shape))
        status, shape = None, None
    return steps


def matches(shape: Any, value: Any) -> bool:
    if shape == ANY:
        return value is not None
    if isinstance(shape, dict):
        return isinstance(value, dict) and all(key in value and matches(shape[key], value[key]) for key in shape)
    if isinstance(shape, list):
        return isinstance(value, list) and all(matches(shape[0], item) for item in value)
    return bool(shape == value)


class Session:
    """The reader's shell: the variables set so far, and each step run in bash."""

    def __init__(self, workdir: Path, *, api_url: str, token: str) -> None:
        self.workdir = workdir
        self.substitutions = {
            r"\$\(cat \.local/api-url\)": shlex.quote(api_url),
            r"\$\(make -s token[^)]*\)": shlex.quote(token),
        }
        self.variables: dict[str, str] = {}

    def run(self, number: int, step: Step) -> tuple[int | None, str]:
        """Run one step; the HTTP status of its curl (None without one) and the body curl printed."""
        command = step.command
        for pattern, value in self.substitutions.items():
            command = re.sub(pattern, value.replace("\\", "\\\\"), command)
        assigned = re.match(r"([A-Z_][A-Z0-9_]*)=", command)
        headers, body = self.workdir / f"step-{number}.headers", self.workdir / f"step-{number}.body"
        epilogue = f'\nprintf %s "${assigned.group(1)}"' if assigned else ""
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.workdir),  # and so no ~/.curlrc, no proxies from the environment
            "LC_ALL": "C.UTF-8",
            "STEP_HEADERS": str(headers),
            "STEP_BODY": str(body),
            **self.variables,
        }
        done = subprocess.run(
            ["bash", "-c", PRELUDE + command + epilogue],
            cwd=README.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"step {number} failed:\n{command}\n{done.stderr}"
        if assigned:
            self.variables[assigned.group(1)] = done.stdout
        if not headers.exists():
            return None, ""
        status_lines = [line for line in headers.read_text().splitlines() if line.startswith("HTTP/")]
        return int(status_lines[-1].split()[1]), body.read_text()


def wait_for_triage(api_url: str, token: str, incident_id: str) -> None:
    """Until automatic triage has moved the incident on (version 2), as it does seconds after create."""
    deadline = time.monotonic() + 60
    with requests.Session() as http:
        http.trust_env = False
        while True:
            answer = http.get(
                f"{api_url}/incidents/{incident_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            if answer.status_code == 200 and answer.json()["data"]["version"] >= 2:
                return
            assert time.monotonic() < deadline, f"automatic triage did not reach {incident_id}: {answer.text}"
            time.sleep(0.5)


def test_the_readme_block_has_the_steps_this_test_expects() -> None:
    steps = readme_steps()
    assert steps[0].command.startswith("API=$(cat .local/api-url)")
    assert steps[1].command.startswith("TOKEN=$(make -s token")
    curls = [step for step in steps if "curl " in step.command]
    assert curls and all(step.status is not None for step in curls), "every curl step promises its status"
    assert any("If-Match" in step.command for step in curls)


@pytest.mark.parametrize("stack_fixture", ["stack", "auto_triage_stack"])
def test_the_readme_curl_session_works_as_printed(
    stack_fixture: str, request: pytest.FixtureRequest, token: TokenFactory, tmp_path: Path
) -> None:
    deployed: DeployedStack = request.getfixturevalue(stack_fixture)
    reader = token(org=f"readme-{uuid.uuid4().hex[:8]}")
    session = Session(tmp_path, api_url=deployed.api_url, token=reader)
    triage_pending = stack_fixture == "auto_triage_stack"
    for number, step in enumerate(readme_steps(), start=1):
        status, body = session.run(number, step)
        if status is None:
            continue
        assert 200 <= status < 300, f"step {number} answered {status}:\n{step.command}\n{body}"
        assert step.status in (None, status), f"step {number}: README promises {step.status}, got {status}"
        if step.shape is not None:
            assert matches(step.shape, json.loads(body)), f"step {number}: not the shape {step.shape}:\n{body}"
        if triage_pending and session.variables.get("ID"):  # the incident is created
            wait_for_triage(deployed.api_url, reader, session.variables["ID"])
            triage_pending = False


def test_the_readme_api_client_session_works_as_printed(
    stack: DeployedStack, token: TokenFactory, tmp_path: Path
) -> None:
    """The "API clients and tokens" block: an admin makes a client, which signs in both ways."""
    admin = token(org=f"readme-{uuid.uuid4().hex[:8]}", roles=["admin"])
    session = Session(tmp_path, api_url=stack.api_url, token=admin)
    steps = readme_steps(CLIENTS_HEADING)
    assert sum("/auth/token" in step.command for step in steps) == 2
    for number, step in enumerate(steps, start=1):
        status, body = session.run(number, step)
        if status is None:
            continue
        assert step.status == status, f"step {number}: README promises {step.status}, got {status}:\n{body}"
        assert matches(step.shape, json.loads(body)), f"step {number}: not the shape {step.shape}:\n{body}"
    assert ".cli_" in session.variables["CLIENT_ID"] and session.variables["CLIENT_SECRET"].startswith("cs_")
