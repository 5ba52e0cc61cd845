"""A client generated from the committed `openapi.json` drives the local stack, with no glue.

openapi-python-client (pinned in requirements-dev.txt) writes a Python package from the
document into a temporary directory at test time; nothing generated is committed. The test
imports that package and creates, lists, reads, updates and resolves an incident through its
typed functions and models only, and checks every answer as the generated models parse it.

The generator runs with `--fail-on-warning`: a part of the document it cannot read (and would
silently leave out of the client) fails here, whichever operation it belongs to. Its formatting
post-hooks are off: they only restyle the code and would cost most of the generation time.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import HTTP_TIMEOUT, REPO_ROOT, DeployedStack, TokenFactory

DOCUMENT = REPO_ROOT / "openapi.json"
PACKAGE = "incident_api_client"  # the generated package's import name
GENERATOR_TIMEOUT_S = 120
GENERATOR_CONFIG: dict[str, list[str]] = {"post_hooks": []}


@dataclass(frozen=True)
class GeneratedClient:
    """The generated package: its client classes, its models and its incident operations."""

    package: ModuleType
    models: ModuleType

    def operation(self, tag: str, name: str) -> ModuleType:
        """One operation's module, `sync_detailed` and friends: `operation("incidents", "get_incident_get")`."""
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedClient]:
    """The client package generated from the committed document, importable for this module's tests."""
    workdir = tmp_path_factory.mktemp("generated-client")
    config = workdir / "openapi-python-client.json"
    config.write_text(json.dumps(GENERATOR_CONFIG))
    _generate(DOCUMENT, config=config, output=workdir / PACKAGE)
    sys.path.insert(0, str(workdir))
    try:
        yield GeneratedClient(
            package=importlib.import_module(PACKAGE), models=importlib.import_module(f"{PACKAGE}.models")
        )
    finally:
        sys.path.remove(str(workdir))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _generate(document: Path, *, config: Path, output: Path) -> None:
    command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document)]
    command += ["--meta", "none", "--config", str(config), "--output-path", str(output), "--fail-on-warning"]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=GENERATOR_TIMEOUT_S, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"openapi-python-client could not generate a client from {document.name}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    sys.stderr.write(f"\n[e2e] client generated from {document.name} in {time.monotonic() - started:.1f}s\n")


@pytest.fixture
def client(generated: GeneratedClient, stack: DeployedStack, token: TokenFactory) -> Iterator[Any]:
    """The generated `AuthenticatedClient` for a responder of an org of its own, on the local stack."""
    org = f"e2e-gen-{uuid.uuid4().hex[:10]}"
    authenticated = generated.package.AuthenticatedClient(
        base_url=stack.api_url,
        token=token(org=org, sub="alice"),
        timeout=httpx.Timeout(HTTP_TIMEOUT),
        raise_on_unexpected_status=True,  # a status the document does not name is an error
        httpx_args={"trust_env": False},  # never send 127.0.0.1 through a proxy
    )
    with authenticated:
        yield authenticated


def test_generated_client_creates_lists_updates_and_resolves_an_incident(
    generated: GeneratedClient, client: Any
) -> None:
    models = generated.models
    create = generated.operation("incidents", "create_incident_post")
    list_incidents = generated.operation("incidents", "list_incidents_get")
    get = generated.operation("incidents", "get_incident_get")
    update = generated.operation("incidents", "update_incident_patch")
    change_status = generated.operation("incidents", "change_status_put")

    # Given a responder with only the generated client
    # When it reports an incident
    created = create.sync_detailed(
        client=client,
        body=models.IncidentCreate(
            title="Phishing wave against finance",
            description="Twelve mailboxes got the same invoice lure from a look-alike domain",
            severity=models.Severity.HIGH,
            tags=["phishing"],
        ),
    )
    # Then the answer is a 201 parsed into the documented envelope and incident (its id beside it, for 004)
    assert created.status_code == HTTPStatus.CREATED, created.content
    assert isinstance(created.parsed, models.CreatedIncident)
    incident = created.parsed.data
    assert created.parsed.id == incident.id
    assert isinstance(incident, models.Incident)
    assert (incident.status, incident.severity, incident.tags, incident.version) == (
        models.Status.OPEN,
        models.Severity.HIGH,
        ["phishing"],
        1,
    )
    # and the model holds every field the API sent
    assert incident.to_dict() == json.loads(created.content)["data"]

    # When it lists the open incidents
    listed = list_incidents.sync_detailed(client=client, status=[models.ListIncidentsGetStatusItem.OPEN], limit=50)
    # Then the new incident is in the typed page
    assert listed.status_code == HTTPStatus.OK, listed.content
    assert isinstance(listed.parsed, models.IncidentPage)
    assert isinstance(listed.parsed.meta, models.ListMeta)
    assert [item.id for item in listed.parsed.data] == [incident.id]
    assert listed.parsed.incidents == listed.parsed.data
    assert all(isinstance(item, models.Incident) for item in listed.parsed.data)

    # When it reads the incident back
    fetched = get.sync_detailed(incident.id, client=client)
    # Then it is the same incident, its version as ETag
    assert fetched.status_code == HTTPStatus.OK, fetched.content
    assert isinstance(fetched.parsed, models.EnvelopeIncident)
    assert fetched.parsed.data == incident
    etag = fetched.headers["ETag"]
    assert etag == '"1"'

    # When it updates the incident with If-Match from that ETag
    updated = update.sync_detailed(
        incident.id,
        client=client,
        body=models.IncidentUpdate(severity=models.Severity.CRITICAL, tags=["phishing", "finance"]),
        if_match=etag,
    )
    # Then the change is applied, the version and ETag move on
    assert updated.status_code == HTTPStatus.OK, updated.content
    assert isinstance(updated.parsed, models.EnvelopeIncident)
    assert (updated.parsed.data.severity, updated.parsed.data.tags, updated.parsed.data.version) == (
        models.Severity.CRITICAL,
        ["phishing", "finance"],
        2,
    )
    assert updated.headers["ETag"] == '"2"'

    # When it updates again with the ETag it read before
    stale = update.sync_detailed(
        incident.id, client=client, body=models.IncidentUpdate(title="Phishing wave (stale)"), if_match=etag
    )
    # Then the documented 412 comes back parsed as the error envelope
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED, stale.content
    assert isinstance(stale.parsed, models.ErrorEnvelope)
    assert stale.parsed.error.code == "PRECONDITION_FAILED"

    # When it resolves the incident, with a classification and a resolution
    resolved = change_status.sync_detailed(
        incident.id,
        client=client,
        body=models.StatusChange(
            status=models.Status.RESOLVED,
            classification=models.Classification.TRUE_POSITIVE,
            resolution="Look-alike domain blocked, lures pulled from every mailbox",
        ),
        if_match=updated.headers["ETag"],
    )
    # Then the incident is resolved, classified and stamped
    assert resolved.status_code == HTTPStatus.OK, resolved.content
    assert isinstance(resolved.parsed, models.EnvelopeIncident)
    final = resolved.parsed.data
    assert (final.status, final.classification, final.resolution, final.version) == (
        models.Status.RESOLVED,
        models.Classification.TRUE_POSITIVE,
        "Look-alike domain blocked, lures pulled from every mailbox",
        3,
    )
    assert final.resolved_at is not None
    assert resolved.headers["ETag"] == '"3"'
