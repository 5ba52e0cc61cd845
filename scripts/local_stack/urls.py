"""The API's local URL, the stack outputs in their local form, and the ``.local`` files that carry them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from pathlib import Path

from scripts.local_stack.config import DEFAULT_STAGE, Emulator, LocalStackError


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


URL_FILES = ("api-url", "aws-endpoint", "stack-outputs.json")


def remove_url_files(state_dir: Path) -> None:
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
