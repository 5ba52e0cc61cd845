"""The SDK's models are generated from the committed `openapi.json` and read the API's documented answers.

`sdk/python/tools/generate_models.py --check` regenerates them (datamodel-code-generator and
ruff, both pinned) and compares: a document changed without `make sdk-models` fails here.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from incident_api import models
from pydantic import BaseModel

REPO_ROOT = Path(__file__).resolve().parents[3]
TOOL = REPO_ROOT / "sdk" / "python" / "tools" / "generate_models.py"
DOCUMENT = REPO_ROOT / "openapi.json"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_models", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_models_are_generated_from_the_committed_document() -> None:
    done = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_changed_document_makes_the_models_stale(tmp_path: Path) -> None:
    document = json.loads(DOCUMENT.read_text())
    document["components"]["schemas"]["Incident"]["properties"]["escalation_level"] = {"type": "integer"}
    changed = tmp_path / "openapi.json"
    changed.write_text(json.dumps(document))
    reason = load_tool().stale_reason(document=changed)
    assert reason is not None and "openapi.json changed" in reason


def documented_answers() -> list[tuple[str, str, Any]]:
    found = []
    for path, operations in json.loads(DOCUMENT.read_text())["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json", {})
                if status.startswith("2") and "example" in content and "$ref" in content.get("schema", {}):
                    found.append((f"{method.upper()} {path} {status}", content["schema"]["$ref"], content["example"]))
    return found


ANSWERS = documented_answers()


def model_named(reference: str) -> type[BaseModel]:
    """The generated class of a `#/components/schemas/<name>` reference (`Envelope_Incident_` -> EnvelopeIncident)."""
    name = reference.rsplit("/", 1)[-1].replace("_", "")
    model = getattr(models, name)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


@pytest.mark.parametrize(("operation", "reference", "example"), ANSWERS, ids=[answer[0] for answer in ANSWERS])
def test_every_documented_success_answer_reads_into_its_generated_model(
    operation: str, reference: str, example: Any
) -> None:
    parsed = model_named(reference).model_validate(example)
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == example, operation


def test_the_answers_were_found() -> None:
    assert len(ANSWERS) >= 40
