"""The webhook subscription API: validation, secrecy, permissions, tenancy, the delivery log."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.core.settings import get_settings
from tests.integration.conftest import TokenFactory
from tests.support.gateway import InProcessGateway

BODY = {"name": "SIEM", "url": "http://127.0.0.1:9/hook", "events": ["*"]}


def create(gateway: InProcessGateway, token: str, **fields: Any) -> Any:
    return gateway.request("POST", "/webhooks", json_body={**BODY, **fields}, token=token)


def test_secret_is_shown_once(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = create(gateway, token())
    assert created.status_code == 201
    data = created.json()["data"]
    assert data["secret"].startswith("whsec_")
    assert created.header("Location") == f"webhooks/{data['id']}"
    assert (data["timeout_seconds"], data["max_retries"], data["is_active"]) == (10, 8, True)
    fetched = gateway.request("GET", f"/webhooks/{data['id']}", token=token()).json()["data"]
    listed = gateway.request("GET", "/webhooks", token=token()).json()["data"]
    assert "secret" not in fetched and all("secret" not in item for item in listed)
    assert [item["id"] for item in listed] == [data["id"]]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"events": ["incident.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"timeout_seconds": 46}, "timeout_seconds"),
        ({"max_retries": 16}, "max_retries"),
        ({"headers": {"webhook-signature": "x"}}, "headers"),
        ({"headers": {"Bad Header": "x"}}, "headers"),
        ({"filters": {"min_severity": "urgent"}}, "filters.min_severity"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
def test_invalid_subscriptions_are_400(
    gateway: InProcessGateway, token: TokenFactory, fields: dict[str, Any], field: str
) -> None:
    response = create(gateway, token(), **fields)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["details"][0]["field"] == field


def test_private_and_plain_http_targets_are_refused_outside_local(
    gateway: InProcessGateway, token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOW_INSECURE_WEBHOOK_TARGETS", "false")
    get_settings.cache_clear()
    for url in ("http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://10.0.0.8/x", "https://169.254.169.254/"):
        response = create(gateway, token(), url=url)
        assert response.status_code == 400, url
        assert response.json()["error"]["details"][0]["field"] == "url"


def test_update_toggle_and_if_match(gateway: InProcessGateway, token: TokenFactory) -> None:
    webhook = create(gateway, token()).json()["data"]
    path = f"/webhooks/{webhook['id']}"
    paused = gateway.request(
        "PATCH", path, json_body={"is_active": False, "events": ["incident.created"]}, token=token()
    )
    assert paused.status_code == 200
    assert paused.json()["data"]["is_active"] is False and paused.json()["data"]["events"] == ["incident.created"]
    stale = gateway.request("PUT", path, json_body={"name": "x"}, token=token(), headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert gateway.request("POST", f"{path}/test", token=token()).status_code == 409  # inactive


def test_permissions_and_tenancy(gateway: InProcessGateway, token: TokenFactory) -> None:
    reader = token(scopes=["webhooks:read"])
    assert create(gateway, reader).status_code == 403
    webhook = create(gateway, token()).json()["data"]
    path = f"/webhooks/{webhook['id']}"
    assert gateway.request("GET", path, token=reader).status_code == 200
    assert gateway.request("DELETE", path, token=reader).status_code == 403
    outsider = token(org="globex")
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/rotate-secret"), ("GET", "/stats")):
        body = {"name": "x"} if method == "PATCH" else None
        assert gateway.request(method, path + suffix, json_body=body, token=outsider).status_code == 404
    assert gateway.request("GET", "/webhooks", token=outsider).json()["data"] == []


def test_delivery_log_pages_and_filters(gateway: InProcessGateway, token: TokenFactory) -> None:
    webhook = create(gateway, token()).json()["data"]
    path = f"/webhooks/{webhook['id']}"
    ids = [gateway.request("POST", f"{path}/test", token=token()).json()["data"]["delivery_id"] for _ in range(3)]
    first = gateway.request("GET", f"{path}/deliveries", token=token(), query={"limit": 2}).json()
    assert [item["id"] for item in first["data"]] == ids[::-1][:2]
    assert first["meta"]["has_more"] is True
    rest = gateway.request(
        "GET", f"{path}/deliveries", token=token(), query={"limit": 2, "cursor": first["meta"]["next_cursor"]}
    ).json()
    assert [item["id"] for item in rest["data"]] == [ids[0]] and rest["meta"]["has_more"] is False
    pending = gateway.request(
        "GET", f"{path}/deliveries", token=token(), query={"status": "pending", "event": "webhook.test"}
    )
    assert len(pending.json()["data"]) == 3
    assert gateway.request("GET", f"{path}/deliveries", token=token(), query={"status": "lost"}).status_code == 400
    assert gateway.request("GET", f"{path}/deliveries/msg_nope", token=token()).status_code == 404
    stats = gateway.request("GET", f"{path}/stats", token=token()).json()["data"]
    assert stats["total_deliveries"] == 0 and stats["success_rate"] is None
