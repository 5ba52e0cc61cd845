"""OWASP API8 (security misconfiguration) and API9 (inventory): a request no route takes.

API Gateway sends it to the catch-all function (`/{proxy+}` and `/`, every method but
OPTIONS), which answers in our envelope with `X-Request-Id` and the security headers: 404 for
a path the API does not serve, 405 with `Allow` for one it serves with other methods; never the
emulator's bare 403. `AttackGateway` routes as API Gateway does, to `functions/route_not_found`.
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import TokenFactory
from tests.security.conftest import AttackGateway, AttackLedger
from tests.support.gateway import ApiResponse

UNKNOWN_PATHS = [
    "/",
    "/admin",
    "/.env",
    "/../../etc/passwd",
    "/v1/incidents",
    "/incidents/00000000-0000-4000-8000-000000000000/comments/c/replies",
    "/webhooks/x/deliveries/y/z",
    "/_aws/execute-api/api/v1/incidents",
    "/" + "a" * 8192,
]
WRONG_METHODS = [
    ("DELETE", "/incidents", "GET, POST, OPTIONS"),
    ("PUT", "/webhooks", "GET, POST, OPTIONS"),
    ("POST", "/health", "GET, OPTIONS"),
    ("PATCH", "/events", "POST, OPTIONS"),
    ("GET", "/integrations/alertmanager", "POST, OPTIONS"),
    ("DELETE", "/webhooks/00000000-0000-4000-8000-000000000000/stats", "GET, OPTIONS"),
    ("HEAD", "/incidents/00000000-0000-4000-8000-000000000000/remediate", "POST, OPTIONS"),
]


def assert_our_error(response: ApiResponse, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == code
    assert body["request_id"] == response.header("X-Request-Id") != ""
    assert response.header("Cache-Control") == "no-store"
    assert response.header("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_an_unknown_path_is_a_404_in_our_envelope_with_a_request_id_for_every_method_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, method: str
) -> None:
    for path in UNKNOWN_PATHS:
        response = attacks.record(gateway.request(method, path, token=token()))
        assert_our_error(response, 404, "NOT_FOUND")
        assert response.json()["error"]["message"] == "No such route"


@pytest.mark.parametrize(("method", "path", "allowed"), WRONG_METHODS)
def test_a_method_a_path_does_not_serve_is_a_405_with_allow_in_our_envelope_moto(
    gateway: AttackGateway, attacks: AttackLedger, method: str, path: str, allowed: str
) -> None:
    response = attacks.record(gateway.request(method, path))
    assert_our_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.header("Allow") == allowed


def test_the_catch_all_never_parses_a_body_moto(gateway: AttackGateway, attacks: AttackLedger) -> None:
    response = attacks.record(gateway.request("POST", "/admin/import", raw_body="[" * 100_000))
    assert_our_error(response, 404, "NOT_FOUND")


def test_the_catch_all_bounds_the_body_like_every_route_moto(gateway: AttackGateway, attacks: AttackLedger) -> None:
    response = attacks.record(gateway.request("POST", "/admin/import", raw_body="x" * (1024 * 1024 + 1)))
    assert_our_error(response, 413, "PAYLOAD_TOO_LARGE")
