"""OWASP API1 (broken object level authorization) on every route of `http/api_routes.py`.

An org (globex) holds one of everything: an incident with an internal comment, a triage run,
an action and an attachment, a webhook with a delivery, an API client. An attacker of another org (acme),
holding every permission, names globex's ids on every route that takes an id: each answer
must be exactly the answer for an id that does not exist (404, the same body but for the
request id and the id itself), and globex's data must read the same afterwards. The same
holds inside one org for a child named under a parent it does not belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from incident_core.attachments.repository import get_attachment_repository, get_attachment_storage
from incident_core.core.settings import get_settings
from incident_core.http.api_routes import API_ROUTES
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import AttackGateway, AttackLedger
from tests.support.gateway import ApiResponse

BUCKET = "incident-attachments-security"
PUBLIC_DOCUMENTS = {"/docs/assets/{name}"}  # the only path parameter that names no org's data
# A list filtered by a value (an IP, a hash), not an object: another org's value answers an empty
# page, as any value does; its tenancy is tested in tests/integration/search.
LOOKUPS_BY_VALUE = {"/observables/{value}/incidents"}
OBSERVED_VALUE = "203.0.113.7"
NOTIFY = {"action": "notify", "parameters": {"message": "wire the money"}}
# A valid body for every route that takes one: the answer must come from the object check,
# not from the body's validation.
BODIES: dict[tuple[str, str], Any] = {
    ("PUT", "/incidents/{id}"): {"title": "Taken over"},
    ("PATCH", "/incidents/{id}"): {"title": "Taken over"},
    ("PUT", "/incidents/{id}/status"): {"status": "investigating", "assigned_to": "mallory"},
    ("PUT", "/incidents/{id}/assignee"): {"assigned_to": "mallory"},
    ("POST", "/incidents/{id}/comments"): {"body": "pwned"},
    ("PATCH", "/incidents/{id}/comments/{comment_id}"): {"body": "pwned"},
    ("POST", "/incidents/{id}/triage"): {},
    ("POST", "/incidents/{id}/actions"): NOTIFY,
    ("POST", "/incidents/{id}/remediate"): NOTIFY,
    ("POST", "/incidents/{id}/actions/{action_id}/reject"): {"reason": "not yours"},
    ("POST", "/incidents/{id}/actions/{action_id}/result"): {"success": True},
    ("POST", "/incidents/{id}/attachments"): {"filename": "x.txt", "content_type": "text/plain", "size": 5},
    ("PUT", "/webhooks/{id}"): {"name": "Taken over"},
    ("PATCH", "/webhooks/{id}"): {"name": "Taken over"},
}


@dataclass(frozen=True)
class Victim:
    """One org's objects, by the path parameter that names each (`id` twice: incident, webhook)."""

    incident: str
    comment_id: str
    triage_id: str
    action_id: str
    attachment_id: str
    webhook: str
    delivery_id: str
    client: str
    integration_key: str

    def parameters(self, resource: str) -> dict[str, str]:
        ids = {
            "id": self.webhook
            if resource.startswith("/webhooks")
            else self.client
            if resource.startswith("/clients")
            else self.integration_key
            if resource.startswith("/integrations/keys")
            else self.incident,
            "comment_id": self.comment_id,
            "triage_id": self.triage_id,
            "action_id": self.action_id,
            "attachment_id": self.attachment_id,
            "delivery_id": self.delivery_id,
            "value": OBSERVED_VALUE,
        }
        return {name: ids[name] for name in re.findall(r"\{(\w+)\}", resource)}


@pytest.fixture
def bucket(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", BUCKET)
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()
    yield BUCKET
    for cached in (get_attachment_repository, get_attachment_storage):
        cached.cache_clear()


def created(response: ApiResponse, key: str = "id") -> str:
    assert response.status_code in (201, 202), response.text
    value: str = response.json()["data"][key]
    return value


def build_victim(gateway: AttackGateway, admin: str) -> Victim:
    """One of everything, made through the API by the org's admin."""
    incident = new_incident(gateway, admin)["id"]
    base = f"/incidents/{incident}"
    comment = gateway.request(
        "POST", f"{base}/comments", json_body={"body": "the CFO is in on it", "internal": True}, token=admin
    )
    triage = gateway.request("POST", f"{base}/triage", json_body={}, token=admin)
    action = gateway.request(
        "POST", f"{base}/actions", json_body={"action": "block_ip", "parameters": {"ip": "185.159.82.14"}}, token=admin
    )
    attachment = gateway.request(
        "POST", f"{base}/attachments", json_body=BODIES[("POST", "/incidents/{id}/attachments")], token=admin
    )
    webhook = created(
        gateway.request(
            "POST",
            "/webhooks",
            json_body={
                "name": "SIEM",
                "url": "http://127.0.0.1:9/hook",
                "events": ["*"],
                "headers": {"X-Token": "t0k3n"},
            },
            token=admin,
        )
    )
    delivery = gateway.request("POST", f"/webhooks/{webhook}/test", token=admin)
    client = gateway.request(
        "POST", "/clients", json_body={"name": "SIEM", "permissions": ["incidents:read"]}, token=admin
    )
    integration_key = gateway.request("POST", "/integrations/keys", json_body={"name": "Alertmanager"}, token=admin)
    return Victim(
        incident=incident,
        comment_id=created(comment),
        triage_id=created(triage, "triage_id"),
        action_id=created(action, "action_id"),
        attachment_id=created(attachment, "attachment_id"),
        webhook=webhook,
        delivery_id=created(delivery, "delivery_id"),
        client=created(client, "client_id"),
        integration_key=created(integration_key, "key_id"),
    )


def missing_like(existing: str) -> str:
    """An id of the same shape as `existing` that names nothing (its random part zeroed)."""
    if re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", existing):
        return "00000000-0000-4000-8000-000000000000"
    prefix, _, random_part = existing.rpartition("_")
    return f"{prefix}_{'0' * len(random_part)}"


def nobodys(victim: Victim) -> Victim:
    return Victim(**{name: missing_like(value) for name, value in vars(victim).items()})


def path_of(resource: str, parameters: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda found: parameters[found.group(1)], resource)


def shape(response: ApiResponse, parameters: dict[str, str]) -> tuple[int, str]:
    """Status and body, with the request id and the ids named in the path taken out."""
    body = response.json()
    assert isinstance(body, dict) and body.pop("request_id", None) in (None, response.header("X-Request-Id"))
    text = str(body)
    for name, value in parameters.items():
        text = text.replace(value, f"<{name}>")
    return response.status_code, text


def routes_with_ids() -> list[tuple[str, str]]:
    return [
        (method, resource)
        for resource, methods in API_ROUTES.items()
        if "{" in resource and resource not in PUBLIC_DOCUMENTS | LOOKUPS_BY_VALUE
        for method in methods
    ]


def snapshot(gateway: AttackGateway, token: str, victim: Victim) -> dict[str, Any]:
    """Everything the org's admin reads about its objects (request ids taken out)."""
    reads = [resource for method, resource in routes_with_ids() if method == "GET"]
    seen: dict[str, Any] = {}
    for resource in reads:
        response = gateway.request("GET", path_of(resource, victim.parameters(resource)), token=token)
        assert response.status_code == 200, (resource, response.text)
        seen[resource] = response.json()["data"]
    for read in seen.values():  # presigned download URLs are signed anew on every read
        for item in read if isinstance(read, list) else [read]:
            if isinstance(item, dict):
                item.pop("download_url", None)
    return seen


def test_another_orgs_ids_answer_exactly_like_missing_ones_on_every_route_moto(
    gateway: AttackGateway, bucket: str, token: TokenFactory, attacks: AttackLedger
) -> None:
    victim = build_victim(gateway, token(org="globex", sub="gina"))
    before = snapshot(gateway, token(org="globex", sub="gina"), victim)
    attacker = token(org="acme", sub="mallory")
    new_incident(gateway, attacker)  # the attacker's org is not empty
    answers: dict[str, tuple[tuple[int, str], tuple[int, str]]] = {}
    for method, resource in routes_with_ids():
        body = BODIES.get((method, resource))
        theirs, missing = victim.parameters(resource), nobodys(victim).parameters(resource)
        stolen = attacks.record(gateway.request(method, path_of(resource, theirs), json_body=body, token=attacker))
        absent = gateway.request(method, path_of(resource, missing), json_body=body, token=attacker)
        answers[f"{method} {resource}"] = (shape(stolen, theirs), shape(absent, missing))
    different = {route: pair for route, pair in answers.items() if pair[0] != pair[1] or pair[0][0] != 404}
    assert different == {}
    assert len(answers) == 42  # every route of API_ROUTES that names an object
    assert snapshot(gateway, token(org="globex", sub="gina"), victim) == before


def test_a_child_named_under_another_parent_answers_like_a_missing_one_moto(
    gateway: AttackGateway, bucket: str, token: TokenFactory, attacks: AttackLedger
) -> None:
    admin = token(org="globex", sub="gina")
    first, second = build_victim(gateway, admin), build_victim(gateway, admin)
    before = snapshot(gateway, admin, first)
    answers = {}
    for method, resource in routes_with_ids():
        parameters = first.parameters(resource)
        if set(parameters) == {"id"}:
            continue
        # the parent of `second`, the child of `first`
        crossed = {**parameters, "id": second.parameters(resource)["id"]}
        missing = {**crossed, **{name: missing_like(value) for name, value in parameters.items() if name != "id"}}
        body = BODIES.get((method, resource))
        mixed = attacks.record(gateway.request(method, path_of(resource, crossed), json_body=body, token=admin))
        absent = gateway.request(method, path_of(resource, missing), json_body=body, token=admin)
        answers[f"{method} {resource}"] = (shape(mixed, crossed), shape(absent, missing))
    assert {route: pair for route, pair in answers.items() if pair[0] != pair[1] or pair[0][0] != 404} == {}
    assert len(answers) == 11  # every route that names a child under its parent
    assert snapshot(gateway, admin, first) == before
