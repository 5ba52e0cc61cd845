"""Fixtures for the e2e tests: the whole stack deployed into a private MiniStack.

The session-scoped ``stack`` fixture starts its own emulator on a free port in a
temporary state directory (never the developer's ``.local`` one), builds the
repo's template into ``<tmp>/build``, deploys it as ``incident-api-e2e`` and stops
the emulator (by its pid) at the end of the session. A failed start or deploy
fails the tests with the SAM output and the emulator log; nothing is skipped.

``E2E_TEMPLATE`` may point at another template (the repo's samconfig.toml is
still used); it exists to try the tooling itself.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
import requests

from scripts import dev_token
from scripts.local_stack.config import REGION, LocalStackError
from scripts.local_stack.deploy import deploy
from scripts.local_stack.emulator import start_emulator, stop_emulator
from scripts.local_stack.urls import local_api_url, localize_outputs

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
STACK_NAME = "incident-api-e2e"
HTTP_TIMEOUT = 30.0


def pytest_configure(config: pytest.Config) -> None:
    if not any(str(line).startswith("e2e:") for line in config.getini("markers")):
        config.addinivalue_line("markers", "e2e: needs the stack deployed into a local MiniStack emulator")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


E2E_RETRY_SCHEDULE = "1,2,3"
NO_RATE_LIMITS = {f"RateLimit{kind}": "0" for kind in ("Reads", "Writes", "Deletes", "Automation", "Authentication")}


@dataclass(frozen=True)
class DeployedStack:
    api_url: str  # http://127.0.0.1:<port>/_aws/execute-api/<apiId>/<stage>, no trailing slash
    aws_endpoint: str  # http://127.0.0.1:<port>, for boto3 endpoint_url
    outputs: dict[str, str]  # stack outputs, ApiUrl in its local form
    stack_name: str
    state_dir: Path  # ministack.log, sam-build.log, sam-deploy.log
    pid: int

    @property
    def boto3_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``boto3.client(service, **stack.boto3_kwargs)``."""
        return {
            "endpoint_url": self.aws_endpoint,
            "region_name": REGION,
            "aws_access_key_id": "test",
            "aws_secret_access_key": "test",
        }


@contextmanager
def deployed_stack(state_dir: Path, *, overrides: Mapping[str, str]) -> Iterator[DeployedStack]:
    """Start an emulator of our own in `state_dir`, deploy the template, stop it (by PID) at the end."""
    template = Path(os.environ.get("E2E_TEMPLATE", REPO_ROOT / "template.yaml")).resolve()
    deployed: DeployedStack | None = None
    failure = ""
    try:
        started = time.monotonic()
        try:
            emulator = start_emulator(state_dir, die_with_parent=True)
            outputs = deploy(
                emulator.url,
                repo_root=REPO_ROOT,
                template=template,
                config_file=REPO_ROOT / "samconfig.toml",
                stack_name=STACK_NAME,
                state_dir=state_dir,
                build_dir=state_dir / "build",
                cached=False,
                parameter_overrides=dict(overrides),
            )
            deployed = DeployedStack(
                api_url=local_api_url(emulator.url, outputs),
                aws_endpoint=emulator.url,
                outputs=localize_outputs(emulator.url, outputs),
                stack_name=STACK_NAME,
                state_dir=state_dir,
                pid=emulator.pid,
            )
        except LocalStackError as exc:
            failure = f"could not deploy the stack into MiniStack:\n{exc}"
        if deployed is None:
            pytest.fail(failure, pytrace=False)
        sys.stderr.write(
            f"\n[e2e] {STACK_NAME} deployed in {time.monotonic() - started:.1f}s"
            f" at {deployed.api_url} (logs in {state_dir})\n"
        )
        yield deployed
    finally:
        # Only the emulator recorded in this stack's own state dir, by its pid.
        stop_emulator(state_dir)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeployedStack]:
    """The stack most e2e tests share: retries within seconds, no automatic triage (it would
    change new incidents' status and version under the tests' feet; triage has its own stack),
    and no rate limits (the fuzzer and the load test send hundreds of requests a minute as one
    caller). The limits are tested on `auto_triage_stack`, deployed with the template's defaults."""
    overrides = {"WebhookRetrySchedule": E2E_RETRY_SCHEDULE, "AutoTriage": "false", **NO_RATE_LIMITS}
    with deployed_stack(tmp_path_factory.mktemp("e2e-stack"), overrides=overrides) as deployed:
        yield deployed


@pytest.fixture(scope="session")
def auto_triage_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeployedStack]:
    """A second stack, as deployed by default: every new incident is triaged automatically."""
    with deployed_stack(tmp_path_factory.mktemp("e2e-triage-stack"), overrides={"AutoTriage": "true"}) as deployed:
        yield deployed


class TokenFactory(Protocol):
    def __call__(
        self,
        org: str = ...,
        sub: str = ...,
        scopes: Sequence[str] | None = ...,
        roles: Sequence[str] | None = ...,
        ttl: int = ...,
    ) -> str: ...


@pytest.fixture(scope="session")
def jwt_secret() -> str:
    """The secret the stack is deployed with (samconfig.toml, [local] JwtSecret)."""
    secret: str = dev_token.local_jwt_secret(REPO_ROOT)
    return secret


@pytest.fixture(scope="session")
def token(jwt_secret: str) -> TokenFactory:
    """``token(org="acme", sub="alice", scopes=None, roles=None, ttl=3600) -> str``.

    With neither ``scopes`` nor ``roles`` the token carries every permission;
    with ``roles`` only, a ``roles`` claim and no permissions; ``ttl < 0`` is expired.
    """

    def make(
        org: str = "acme",
        sub: str = "alice",
        scopes: Sequence[str] | None = None,
        roles: Sequence[str] | None = None,
        ttl: int = 3600,
    ) -> str:
        permissions = scopes
        if scopes is None and roles is None:
            permissions = dev_token.ALL_PERMISSIONS
        result: str = dev_token.make_token(
            secret=jwt_secret, org=org, sub=sub, permissions=permissions, roles=roles, ttl=ttl
        )
        return result

    return make


class ApiClient:
    """A small HTTP client for the deployed API: paths are joined to ``stack.api_url``."""

    def __init__(self, base_url: str, timeout: float = HTTP_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # never send 127.0.0.1 through a proxy

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + "/" + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: str | bytes | None = None,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if token is not None:
            all_headers.setdefault("Authorization", f"Bearer {token}")
        return self.session.request(
            method,
            self.url(path),
            json=json,
            data=data,
            headers=all_headers,
            params=params,
            timeout=self.timeout,
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def options(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("OPTIONS", path, **kwargs)


@pytest.fixture(scope="session")
def api(stack: DeployedStack) -> Iterator[ApiClient]:
    client = ApiClient(stack.api_url)
    yield client
    client.session.close()
