"""Every function answers its sample event in `events/` (the ones `sam local invoke -e` uses)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from incident_core.core.settings import get_settings
from tests.support.api_events import LambdaContext, load_function, sample_event
from tests.support.template import ROOT, resources_of_type

LOCAL_SECRET = "local-dev-secret-change-me-0123456789abcdef"


def _code_dir(function: dict[str, Any]) -> str:
    return str(function["Properties"]["CodeUri"]).rstrip("/").split("/")[-1]


def test_every_function_has_a_sample_event() -> None:
    samples = {path.stem for path in (ROOT / "events").glob("*.json")}
    for name, function in resources_of_type("AWS::Serverless::Function").items():
        assert _code_dir(function) in samples, f"{name} has no events/{_code_dir(function)}.json"


@pytest.fixture
def local_secret(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", LOCAL_SECRET)
    get_settings.cache_clear()


def _invoke(function: str, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = load_function(function).lambda_handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def _for_incident(file_name: str, incident_id: str) -> dict[str, Any]:
    event = sample_event(file_name)
    event["pathParameters"] = {"id": incident_id}
    event["path"] = event["resource"].replace("{id}", incident_id)
    event["headers"].pop("If-Match", None)
    event["multiValueHeaders"].pop("If-Match", None)
    return event


def test_sample_events_drive_a_whole_lifecycle(local_secret: None) -> None:
    status, body = _invoke("health", sample_event("health.json"))
    assert status == 200 and body["data"]["status"] == "ok"
    status, body = _invoke("create_incident", sample_event("create_incident.json"))
    assert status == 201, body
    incident_id = body["data"]["id"]
    status, body = _invoke("list_incidents", sample_event("list_incidents.json"))
    assert status == 200 and [item["id"] for item in body["data"]] == [incident_id]
    for function, file_name, expected in (
        ("get_incident", "get_incident.json", 200),
        ("update_incident", "update_incident.json", 200),
        ("update_incident", "replace_incident.json", 200),
        ("change_incident_status", "change_incident_status.json", 200),
        ("delete_incident", "delete_incident.json", 200),
        ("get_incident", "get_incident.json", 404),
    ):
        status, body = _invoke(function, _for_incident(file_name, incident_id))
        assert status == expected, (file_name, body)


WEBHOOK_SAMPLES = [
    ("create_webhook", "create_webhook.json"),
    ("list_webhooks", "list_webhooks.json"),
    ("get_webhook", "get_webhook.json"),
    ("update_webhook", "update_webhook.json"),
    ("rotate_webhook_secret", "rotate_webhook_secret.json"),
    ("test_webhook", "test_webhook.json"),
    ("list_webhook_deliveries", "list_webhook_deliveries.json"),
    ("get_webhook_delivery", "get_webhook_delivery.json"),
    ("redeliver_webhook_delivery", "redeliver_webhook_delivery.json"),
    ("get_webhook_stats", "get_webhook_stats.json"),
    ("delete_webhook", "delete_webhook.json"),
]


@pytest.mark.parametrize(("function", "file_name"), WEBHOOK_SAMPLES)
def test_webhook_api_samples_get_a_client_answer(local_secret: None, function: str, file_name: str) -> None:
    # The sample's subscription does not exist here, and its public URL does not resolve
    # offline: 4xx answers in our envelope are the expected outcome, never a 5xx.
    status, body = _invoke(function, sample_event(file_name))
    assert status < 500, body
    assert "success" in body


def test_worker_samples_run_clean(local_secret: None) -> None:
    router = load_function("event_router").lambda_handler(sample_event("event_router.json"), LambdaContext())
    assert router == {"batchItemFailures": []}
    worker = load_function("delivery_worker").lambda_handler(sample_event("delivery_worker.json"), LambdaContext())
    assert worker == {"batchItemFailures": []}
