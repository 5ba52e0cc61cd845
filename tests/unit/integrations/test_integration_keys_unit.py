"""Integration keys without AWS: their wire form, where a request carries one, what a key applies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from incident_core.alerts.service import Alert
from incident_core.core.auth import Principal
from incident_core.incidents.vocabulary import Severity
from incident_core.integrations import service
from incident_core.integrations.caller import (
    SEND_EVENTS,
    KeyDefaults,
    KeyPrincipal,
    key_principal,
    presented_key_text,
    with_key_defaults,
)
from incident_core.integrations.key_material import key_matches, new_key, new_key_id, presented_key
from incident_core.integrations.repository import IntegrationKeyRepository


class MemoryKeys(IntegrationKeyRepository):
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def put_key(self, key: Mapping[str, Any], *, expected_version: int | None) -> None:
        self.items[(key["org_id"], key["id"])] = dict(key)

    def get_key(self, *, org_id: str, key_id: str) -> dict[str, Any] | None:
        return self.items.get((org_id, key_id))

    def list_keys(self, *, org_id: str) -> list[dict[str, Any]]:
        return [item for (org, _), item in self.items.items() if org == org_id]


def test_a_key_names_its_org_and_only_its_secret_matches_its_hash() -> None:
    key_id = new_key_id("acme.eu-1")
    wire, stored = new_key(key_id)
    presented = presented_key(wire)
    assert presented is not None and presented.org_id == "acme.eu-1" and presented.key_id == key_id
    assert stored["algorithm"] == "sha256" and presented.secret not in json.dumps(stored)
    assert key_matches(presented.secret, stored)
    assert not key_matches(presented.secret[:-1] + ("A" if presented.secret[-1] != "A" else "B"), stored)
    assert not key_matches(presented.secret, {"algorithm": "scrypt", "hash": stored["hash"]})


@pytest.mark.parametrize(
    "text",
    ["", "nope", "acme.ik_5f0c2a9e4b1d7c3a8e6f9b20", "acme.cli_5f0c2a9e4b1d7c3a8e6f9b20." + "a" * 43, "x" * 500],
)
def test_what_is_no_key_of_ours_is_refused_before_any_read(text: str) -> None:
    assert presented_key(text) is None
    with pytest.raises(service.UnknownKey):
        service.key_of(text, repository=MemoryKeys())


def test_a_revoked_key_is_told_apart_only_with_its_right_secret() -> None:
    keys, admin = MemoryKeys(), Principal(sub="alice", org_id="acme", permissions=frozenset({"clients:write"}))
    made = service.create_key(principal=admin, data=_create(name="am"), repository=keys)
    service.revoke_key(principal=admin, key_id=made["key_id"], repository=keys)
    with pytest.raises(service.RevokedKey):
        service.key_of(made["integration_key"], repository=keys)
    with pytest.raises(service.UnknownKey):
        service.key_of(made["key_id"] + "." + "b" * 43, repository=keys)
    assert service.revoke_key(principal=admin, key_id=made["key_id"], repository=keys)["status"] == "revoked"


def _create(**fields: Any) -> Any:
    from incident_core.integrations.models import IntegrationKeyCreate

    return IntegrationKeyCreate.model_validate(fields)


@pytest.mark.parametrize(
    ("headers", "query", "body", "expected"),
    [
        ({"authorization": "Token token=k1"}, None, None, "k1"),
        ({"Authorization": 'Token token="k2"'}, None, None, "k2"),
        ({"Authorization": "Token k6"}, None, None, "k6"),
        ({}, {"key": "k3"}, None, "k3"),
        ({}, None, json.dumps({"routing_key": "k4"}), "k4"),
        ({"Authorization": "Bearer a.b.c"}, {"key": "k5"}, json.dumps({"routing_key": "k5"}), None),
        ({}, None, "{not json", None),
        ({}, None, json.dumps({"routing_key": 5}), None),
        ({"Authorization": "Basic abc"}, None, None, None),
    ],
)
def test_where_a_request_carries_a_key(
    headers: dict[str, str], query: dict[str, str] | None, body: str | None, expected: str | None
) -> None:
    event = {"headers": headers, "queryStringParameters": query, "body": body}
    assert presented_key_text(event) == expected


def test_a_key_principal_sends_events_only_and_carries_its_defaults() -> None:
    principal = key_principal(
        {"id": "acme.ik_" + "0" * 24, "org_id": "acme", "default_severity": "high", "team": "db", "tags": ["pg"]}
    )
    assert principal.permissions == frozenset({SEND_EVENTS}) and principal.sub == "integration-key:acme.ik_" + "0" * 24
    assert not principal.has("incidents:read") and not principal.has("incidents:write")
    assert principal.defaults == KeyDefaults(severity=Severity.HIGH, team="db", tags=("pg",), incident_type=None)


def test_a_keys_defaults_fill_what_the_alert_leaves_open() -> None:
    alert = Alert("trigger", "k", "title", "description", Severity.MEDIUM, "alertmanager", "alert", tags=("am",))
    principal = KeyPrincipal(
        sub="integration-key:x",
        org_id="acme",
        permissions=frozenset({SEND_EVENTS}),
        defaults=KeyDefaults(severity=Severity.CRITICAL, team="sre", tags=("am", "prod"), incident_type="outage"),
    )
    stated = with_key_defaults(alert, principal)
    assert stated.severity is Severity.MEDIUM  # the event said so
    assert (stated.assigned_team, stated.tags, stated.incident_type) == ("sre", ("am", "prod"), "outage")
    unstated = with_key_defaults(Alert(**{**_fields(alert), "severity_stated": False}), principal)
    assert unstated.severity is Severity.CRITICAL
    jwt_caller = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:write"}))
    assert with_key_defaults(alert, jwt_caller) is alert


def _fields(alert: Alert) -> dict[str, Any]:
    return {name: getattr(alert, name) for name in Alert.__dataclass_fields__}


def test_the_documented_models_have_exactly_the_fields_of_the_views() -> None:
    from incident_core.integrations.responses import IntegrationKey, IntegrationKeyWithSecret

    keys, admin = MemoryKeys(), Principal(sub="alice", org_id="acme", permissions=frozenset({"clients:write"}))
    made = service.create_key(principal=admin, data=_create(name="am", tags=["x"]), repository=keys)
    assert set(made) == set(IntegrationKeyWithSecret.model_fields)
    IntegrationKeyWithSecret.model_validate(made)
    viewed = service.get_key(principal=admin, key_id=made["key_id"], repository=keys)
    assert set(viewed) == set(IntegrationKey.model_fields) == set(service.PUBLIC_FIELDS)
    IntegrationKey.model_validate(viewed)
