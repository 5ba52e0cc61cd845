"""Smoke test: the stack deploys into MiniStack and answers over HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient


def test_health_answers_success(api: ApiClient) -> None:
    response = api.get("/health")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True
