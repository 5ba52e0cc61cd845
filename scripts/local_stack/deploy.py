"""Build and deploy the stack into the emulator with the SAM CLI, and read its outputs back."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from scripts.local_stack.config import (
    BUILD_LOG,
    CONFIG_ENV,
    DEPLOY_LOG,
    DUMMY_CREDENTIALS,
    HOST,
    LOG_FILE,
    REGION,
    REPO_ROOT,
    LocalStackError,
    failure_report,
)
from scripts.local_stack.processes import run_logged

if TYPE_CHECKING:
    from mypy_boto3_cloudformation import CloudFormationClient


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
    code = run_logged(build_cmd, env=env, cwd=repo_root, log_path=build_log, echo=echo, timeout=timeout)
    if code != 0:
        raise LocalStackError(failure_report(f"sam build failed (exit {code})", [build_log, emulator_log]))

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
    code = run_logged(deploy_cmd, env=env, cwd=repo_root, log_path=deploy_log, echo=echo, timeout=timeout)
    if code != 0:
        raise LocalStackError(failure_report(f"sam deploy failed (exit {code})", [deploy_log, emulator_log]))
    if progress is not None:
        progress(f"sam deploy: {time.monotonic() - started:.1f}s")
    try:
        return stack_outputs(endpoint_url, stack_name)
    except (ClientError, BotoCoreError) as exc:
        raise LocalStackError(failure_report(f"reading outputs of {stack_name} failed: {exc}", [emulator_log])) from exc
