"""The read routes of actions and triage load no pydantic: only the request paths that validate a body do."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.template import ROOT


@pytest.mark.parametrize(
    "function", ["get_incident_action", "list_incident_actions", "get_incident_triage", "get_incident_triage_run"]
)
def test_a_read_route_loads_no_pydantic(function: str) -> None:
    script = (
        "import json, sys\n"
        "from tests.support.api_events import load_function\n"
        f"load_function({function!r})\n"
        "print(json.dumps(sorted(name for name in sys.modules if name.startswith('pydantic'))))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/incident_core'}",
        "JWT_SECRET": "unit-secret-0123456789abcdef0123456789",
        "TABLE_NAME": "unit-table",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
