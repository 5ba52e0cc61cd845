"""API clients over an in-memory fake: create, read, rotate, revoke; escalation and other orgs refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.clients.models import ClientCreate
from incident_core.clients.responses import Client, ClientSecretRotated, ClientWithSecret
from incident_core.clients.secrets import secret_matches
from incident_core.clients.service import (
    create_client,
    get_client,
    list_clients,
    org_of_client_id,
    revoke_client,
    rotate_secret,
)
from incident_core.core.auth import ALL_PERMISSIONS, Principal
from incident_core.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.support.fakes.clients import InMemoryClientRepository

ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset(ALL_PERMISSIONS))
OUTSIDER = Principal(sub="gus", org_id="globex", permissions=frozenset(ALL_PERMISSIONS))
CLIENT_MANAGER = Principal(
    sub="carl", org_id="acme", permissions=frozenset({"clients:read", "clients:write", "incidents:read"})
)


@pytest.fixture
def repository() -> InMemoryClientRepository:
    return InMemoryClientRepository()


def _create(repository: InMemoryClientRepository, principal: Principal = ADMIN, **fields: Any) -> dict[str, Any]:
    data = ClientCreate.model_validate({"name": "Zabbix", "permissions": ["incidents:read"], **fields})
    return create_client(principal=principal, data=data, repository=repository)


def test_a_new_client_shows_its_secret_once_and_stores_only_a_scrypt_hash(
    repository: InMemoryClientRepository,
) -> None:
    made = _create(repository, permissions=["incident:read", "INCIDENTS:CREATE", "automation:execute"])
    assert made["client_secret"].startswith("cs_")
    assert made["permissions"] == ["actions:execute", "incidents:create", "incidents:read"]  # canonical, sorted
    assert org_of_client_id(made["client_id"]) == "acme"
    stored = repository.clients[("acme", made["client_id"])]
    assert made["client_secret"] not in str(stored)
    assert {key: stored["secret_hash"][key] for key in ("algorithm", "n", "r", "p")} == {
        "algorithm": "scrypt",
        "n": 2**14,
        "r": 8,
        "p": 1,
    }
    assert secret_matches(made["client_secret"], stored["secret_hash"])
    read = get_client(principal=ADMIN, client_id=made["client_id"], repository=repository)
    assert "client_secret" not in read and "secret_hash" not in read
    assert read == {key: value for key, value in made.items() if key != "client_secret"}
    assert list_clients(principal=ADMIN, repository=repository) == [read]


def test_a_creator_can_not_grant_a_permission_it_lacks_escalation_refused(repository: InMemoryClientRepository) -> None:
    with pytest.raises(Forbidden) as refused:
        _create(repository, CLIENT_MANAGER, permissions=["incidents:read", "incident:delete", "webhooks:write"])
    assert refused.value.details == {"permissions_not_held": ["incidents:delete", "webhooks:write"]}
    assert repository.clients == {}


def test_an_unknown_permission_is_a_400_naming_it(repository: InMemoryClientRepository) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _create(repository, permissions=["incidents:read", "root:all"])
    assert refused.value.message == "Unknown permissions: root:all"


@pytest.mark.parametrize(
    "fields",
    [
        {"permissions": []},
        {"permissions": ["*"]},
        {"name": "   "},
        {"expires_at": "2020-01-01T00:00:00Z"},
        {"client_secret": "chosen-by-me"},
        {"org_id": "globex"},
    ],
)
def test_a_body_the_model_refuses(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ClientCreate.model_validate({"name": "Zabbix", "permissions": ["incidents:read"], **fields})


def test_another_orgs_client_id_is_not_found_like_a_missing_one(repository: InMemoryClientRepository) -> None:
    made = _create(repository)
    for call in (get_client, rotate_secret, revoke_client):
        with pytest.raises(NotFound):
            call(principal=OUTSIDER, client_id=made["client_id"], repository=repository)
    with pytest.raises(NotFound):
        get_client(principal=ADMIN, client_id="acme.cli_000000000000000000000000", repository=repository)
    with pytest.raises(NotFound):
        get_client(principal=ADMIN, client_id="not-a-client-id", repository=repository)
    assert list_clients(principal=OUTSIDER, repository=repository) == []
    assert repository.clients[("acme", made["client_id"])]["version"] == 1  # untouched


def test_rotation_replaces_the_secret_and_revocation_keeps_the_client(repository: InMemoryClientRepository) -> None:
    made = _create(repository)
    rotated = rotate_secret(principal=ADMIN, client_id=made["client_id"], repository=repository)
    stored = repository.clients[("acme", made["client_id"])]
    assert rotated["client_secret"] != made["client_secret"]
    assert secret_matches(rotated["client_secret"], stored["secret_hash"])
    assert not secret_matches(made["client_secret"], stored["secret_hash"])
    assert (rotated["version"], rotated["secret_rotated_at"] is not None) == (2, True)
    revoked = revoke_client(principal=ADMIN, client_id=made["client_id"], repository=repository)
    assert (revoked["status"], revoked["revoked_by"], revoked["version"]) == ("revoked", "alice", 3)
    assert revoke_client(principal=ADMIN, client_id=made["client_id"], repository=repository) == revoked
    with pytest.raises(Conflict):
        rotate_secret(principal=ADMIN, client_id=made["client_id"], repository=repository)
    assert [client["status"] for client in list_clients(principal=ADMIN, repository=repository)] == ["revoked"]


def test_a_client_past_its_expiry_reads_as_expired(repository: InMemoryClientRepository) -> None:
    made = _create(repository, expires_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    assert made["status"] == "active" and made["expires_at"].endswith("Z")
    repository.clients[("acme", made["client_id"])]["client_expires_at"] = "2020-01-01T00:00:00.000Z"
    assert get_client(principal=ADMIN, client_id=made["client_id"], repository=repository)["status"] == "expired"


@pytest.mark.parametrize(
    ("client_id", "org"),
    [
        ("acme.cli_0123456789abcdef01234567", "acme"),
        ("acme.eu-1.cli_0123456789abcdef01234567", "acme.eu-1"),
        ("acme.cli_0123456789ABCDEF01234567", None),
        ("cli_0123456789abcdef01234567", None),
        (".cli_0123456789abcdef01234567", None),
        ("acme.cli_0123", None),
    ],
)
def test_the_org_a_client_id_names(client_id: str, org: str | None) -> None:
    assert org_of_client_id(client_id) == org


def test_the_documented_models_name_exactly_the_fields_the_answers_hold(repository: InMemoryClientRepository) -> None:
    made = _create(repository)
    rotated = rotate_secret(principal=ADMIN, client_id=made["client_id"], repository=repository)
    read = get_client(principal=ADMIN, client_id=made["client_id"], repository=repository)
    assert set(made) == set(ClientWithSecret.model_fields)
    assert set(rotated) == set(ClientSecretRotated.model_fields)
    assert set(read) == set(Client.model_fields)
    ClientWithSecret.model_validate(made)
    Client.model_validate(read)
