"""Every answer hardened, over HTTP in MiniStack: the catch-all's 404/405 in our envelope, the
security headers, `Location`s that resolve (RFC 3986) under both of the emulator's URL shapes,
and an `Idempotency-Key` replay that answers what the first request answered.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
import requests

from tests.e2e.conftest import ApiClient

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
INCIDENT = {
    "title": "Phishing mail to finance",
    "description": "Spoofed invoice asks for credentials",
    "severity": "high",
}


@pytest.fixture(scope="module", params=["execute-api", "user-request"])
def client(request: pytest.FixtureRequest, stack: DeployedStack) -> Iterator[ApiClient]:
    """The API under each of MiniStack's URL shapes: `/_aws/execute-api/<api>/<stage>/...` (the
    stack's URL) and the legacy `/restapis/<api>/<stage>/_user_request_/...`."""
    base = stack.api_url
    if request.param == "user-request":
        stage = stack.api_url.rstrip("/").rsplit("/", 1)[1]
        base = f"{stack.aws_endpoint}/restapis/{stack.outputs['ApiId']}/{stage}/_user_request_"
    api = ApiClient(base)
    yield api
    api.session.close()


@pytest.fixture
def org() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def assert_hardened(response: requests.Response) -> None:
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, response.headers
    assert response.headers.get("X-Request-Id")


def assert_envelope_error(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is False and body["error"]["code"] == code
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert_hardened(response)
    return body


@pytest.mark.parametrize("path", ["/no-such-thing", "/incidents/x/no/such/route", "/"])
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_path_is_a_404_in_our_envelope(client: ApiClient, method: str, path: str) -> None:
    # When a path the API does not serve is asked, with or without a token
    response = client.request(method, path, json={} if method == "POST" else None)
    # Then the catch-all answers, not the gateway's bare 403
    assert_envelope_error(response, 404, "NOT_FOUND")
    assert "Allow" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/incidents", "GET, POST, OPTIONS"),
        ("POST", "/health", "GET, OPTIONS"),
        ("PUT", "/webhooks", "GET, POST, OPTIONS"),
        ("GET", "/incidents/any-id/comments/any-comment", "DELETE, PATCH, OPTIONS"),
    ],
)
def test_a_known_path_with_another_method_is_a_405_with_allow(
    client: ApiClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path)
    assert_envelope_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["Allow"] == allowed


def test_head_is_answered_by_the_catch_all_too(client: ApiClient) -> None:
    response = client.request("HEAD", "/incidents")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST, OPTIONS"
    assert_hardened(response)


def test_successes_and_errors_carry_the_security_headers(client: ApiClient, token: TokenFactory, org: str) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert_hardened(health)
    created = client.post("/incidents", json=INCIDENT, token=token(org=org))
    assert created.status_code == 201
    assert_hardened(created)
    assert_envelope_error(client.get("/incidents"), 401, "UNAUTHORIZED")
    assert_envelope_error(client.get("/incidents/nope", token=token(org=org)), 404, "NOT_FOUND")
    assert_envelope_error(client.post("/incidents", json={}, token=token(org=org)), 400, "VALIDATION_ERROR")


def _follow(client: ApiClient, response: requests.Response, token: str) -> tuple[str, requests.Response]:
    """The created resource's URL, resolved from the answer's `Location` against the request URL, and its GET."""
    assert response.status_code == 201, response.text
    url = urljoin(response.url, response.headers["Location"])
    return url, client.get(url, token=token)


def test_every_location_resolves_to_the_created_resource(client: ApiClient, token: TokenFactory, org: str) -> None:
    analyst = token(org=org)
    base = client.base_url

    # An incident, then (below it) an action, a comment and an attachment; a webhook of another org
    incident_url, incident = _follow(client, client.post("/incidents", json=INCIDENT, token=analyst), analyst)
    incident_id = incident.json()["data"]["id"]
    assert (incident_url, incident.status_code) == (f"{base}/incidents/{incident_id}", 200)

    action_body = {"action": "add_tags", "parameters": {"tags": ["finance"]}}
    requested = client.post(f"/incidents/{incident_id}/actions", json=action_body, token=analyst)
    action_url, action = _follow(client, requested, analyst)
    assert action.status_code == 200 and action.json()["data"]["action_id"] == requested.json()["data"]["action_id"]
    assert action_url == f"{base}/incidents/{incident_id}/actions/{requested.json()['data']['action_id']}"

    webhook_org = token(org=f"{org}-hooks")
    subscription = {"name": "e2e", "url": "http://127.0.0.1:9/hook", "events": ["incident.closed"]}
    subscribed = client.post("/webhooks", json=subscription, token=webhook_org)
    webhook_url, webhook = _follow(client, subscribed, webhook_org)
    assert webhook.status_code == 200 and webhook.json()["data"]["id"] == subscribed.json()["data"]["id"]
    assert webhook_url == f"{base}/webhooks/{subscribed.json()['data']['id']}"

    # A comment and an attachment have no GET of their own (only PATCH/DELETE): their Location
    # names the route that serves them, which the catch-all confirms with a 405 listing its methods.
    commented = client.post(f"/incidents/{incident_id}/comments", json={"body": "Mail purged"}, token=analyst)
    comment_url, comment_get = _follow(client, commented, analyst)
    comment_id = commented.json()["data"]["id"]
    assert comment_url == f"{base}/incidents/{incident_id}/comments/{comment_id}"
    assert comment_get.status_code == 405 and comment_get.headers["Allow"] == "DELETE, PATCH, OPTIONS"
    edited = client.patch(comment_url, json={"body": "Mail purged from 14 mailboxes"}, token=analyst)
    assert edited.status_code == 200 and edited.json()["data"]["id"] == comment_id

    declared = {"filename": "mail.eml", "content_type": "message/rfc822", "size": 12}
    attached = client.post(f"/incidents/{incident_id}/attachments", json=declared, token=analyst)
    attachment_url, attachment_get = _follow(client, attached, analyst)
    attachment_id = attached.json()["data"]["attachment_id"]
    assert attachment_url == f"{base}/incidents/{incident_id}/attachments/{attachment_id}"
    assert attachment_get.status_code == 405 and attachment_get.headers["Allow"] == "DELETE, OPTIONS"
    assert client.delete(attachment_url, token=analyst).status_code in (200, 204)


def test_an_idempotency_key_replay_answers_the_first_answer(client: ApiClient, token: TokenFactory, org: str) -> None:
    # Given an action request with an Idempotency-Key, answered 201
    analyst = token(org=org, sub="alice")
    incident_id = client.post("/incidents", json=INCIDENT, token=analyst).json()["data"]["id"]
    body = {"action": "block_sender", "parameters": {"sender": "billing@examp1e.com"}}
    headers = {"Idempotency-Key": f"key-{uuid.uuid4().hex}"}
    first = client.post(f"/incidents/{incident_id}/actions", json=body, token=analyst, headers=headers)
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    # When it is approved by someone else, and then the request is sent again
    action_id = first.json()["data"]["action_id"]
    approver = token(org=org, sub="carol")
    approved = client.post(f"/incidents/{incident_id}/actions/{action_id}/approve", token=approver)
    assert approved.status_code == 200 and approved.json()["data"]["status"] != "pending_approval"
    again = client.post(f"/incidents/{incident_id}/actions", json=body, token=analyst, headers=headers)
    # Then the retry answers exactly the first answer: 201, the same body and Location
    assert (again.status_code, again.text) == (201, first.text)
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    listed = client.get(f"/incidents/{incident_id}/actions", token=analyst).json()["data"]
    assert [item["action_id"] for item in listed] == [action_id]
