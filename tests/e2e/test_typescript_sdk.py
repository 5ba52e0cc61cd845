"""The TypeScript SDK (`sdk/typescript`) against the stack in MiniStack: its e2e module
(`sdk/typescript/e2e/stack.test.ts`, Node's test runner) run with the stacks' URLs and tokens.

It creates, pages through 250 incidents, changes a status, receives a webhook on 127.0.0.1 and
verifies it with `verifyWebhook`, and waits out a 429 on `auto_triage_stack` (the template's
default limits): that part may wait up to a minute, once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import REPO_ROOT
from tests.support.receiver import webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

SDK = REPO_ROOT / "sdk" / "typescript"
README = REPO_ROOT / "README.md"
TS_HEADING = "### TypeScript"
NODE_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def node() -> str:
    """Node, with the SDK built (its packages are installed by `make setup`)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    assert npm and node, "Node.js 20+ and npm are needed (make setup installs the SDK's packages)"
    assert (SDK / "node_modules").is_dir(), "run `make setup` (npm ci in sdk/typescript) first"
    build = subprocess.run([npm, "run", "--silent", "build"], cwd=SDK, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return node


def test_the_typescript_sdk_against_the_stack(
    node: str, stack: DeployedStack, auto_triage_stack: DeployedStack, token: TokenFactory
) -> None:
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "INCIDENT_API_URL": stack.api_url,
        "INCIDENT_API_TOKEN": token(org=f"ts-{uuid.uuid4().hex[:10]}"),
        "INCIDENT_API_LIMITED_URL": auto_triage_stack.api_url,
        "INCIDENT_API_LIMITED_TOKEN": token(org=f"ts-{uuid.uuid4().hex[:10]}"),
    }
    run = subprocess.run(
        [node, "--test", "dist/e2e/stack.test.js"],
        cwd=SDK,
        env=environment,
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
    )
    if run.returncode != 0:
        pytest.fail(f"node --test failed:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}", pytrace=False)
    assert "# fail 0" in run.stdout and "# pass 3" in run.stdout, run.stdout[-2000:]


def readme_example() -> str:
    text = README.read_text()
    block = re.search(r"```javascript\n(.*?)```", text[text.index(TS_HEADING) :], re.DOTALL)
    assert block, f"no javascript block under {TS_HEADING!r} in README.md"
    return block.group(1)


def test_the_readme_typescript_example_runs_as_printed(
    node: str, stack: DeployedStack, token: TokenFactory, api: ApiClient
) -> None:
    """Seed 004's JavaScript example: an API client's id and secret sign in, and the webhook URL is ours."""
    org = f"ts-readme-{uuid.uuid4().hex[:8]}"
    permissions = ["incident:read", "incident:write", "webhook:write"]
    answer = api.post(
        "/clients", json={"name": "ts readme", "permissions": permissions}, token=token(org=org, roles=["admin"])
    )
    assert answer.status_code == 201, answer.text
    credentials = answer.json()["data"]
    code = readme_example()
    assert code.startswith("import { IncidentClient } from 'incident-api-client';\n")
    with webhook_receiver() as receiver:
        for printed, actual in [
            ("https://api.incident-mgmt.com", stack.api_url),
            ("your-username", credentials["client_id"]),
            ("your-password", credentials["client_secret"]),
            ("https://my-system.com/webhooks", receiver.url),
        ]:
            assert f"'{printed}'" in code
            code = code.replace(f"'{printed}'", json.dumps(actual))
        code += "\nconsole.log(JSON.stringify({ incident: incident.id, webhook: webhook.id }));\n"
        script = SDK / "dist" / "readme-example.mjs"  # inside the package: its own name resolves to it
        script.write_text(code)
        try:
            run = subprocess.run([node, str(script)], cwd=SDK, capture_output=True, text=True, timeout=120)
        finally:
            script.unlink()  # it holds the client's secret
    assert run.returncode == 0, run.stdout + run.stderr
    printed_ids = json.loads(run.stdout.strip().splitlines()[-1])
    admin = token(org=org)
    assert api.get(f"/incidents/{printed_ids['incident']}", token=admin).json()["data"]["affected_systems"] == [
        "database",
        "api",
    ]
    assert api.get(f"/webhooks/{printed_ids['webhook']}", token=admin).json()["data"]["url"] == receiver.url
