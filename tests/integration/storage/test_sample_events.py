"""Every function answers its sample event in `events/` (the ones `sam local invoke -e` uses), exactly as pinned.

The samples call as `dev-user` of org `demo` and name fixed ids. They run against a fresh moto
world that holds what they name where the API lets a test create it with that id: the incident
`3f2b8c1e-…` (with a queued triage run) and the webhook `9d5e2c1a-…`. The other ids they name
(actions, comments, attachments, triage runs, deliveries) are made by the API from a creation
time and random bits, so no test can create them: those samples answer 404, pinned as such.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from incident_core.attachments.repository import get_attachment_repository, get_attachment_storage
from incident_core.core.auth import Principal
from incident_core.core.settings import get_settings
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from incident_core.triage.models import TriageRequest
from incident_core.triage.service import request_triage
from incident_core.webhooks import subscriptions
from incident_core.webhooks.models import WebhookCreate
from incident_core.webhooks.repository import get_webhook_repository
from incident_core.webhooks.transport import url_guard
from scripts.dev_token import ALL_PERMISSIONS
from tests.support.api_events import EVENTS_DIR, LambdaContext, header_of, load_function, sample_event
from tests.support.template import ROOT, resources_of_type

LOCAL_SECRET = "local-dev-secret-change-me-0123456789abcdef"  # the secret the samples' tokens are signed with
DEV_USER = Principal(sub="dev-user", org_id="demo", permissions=frozenset(ALL_PERMISSIONS))
SAMPLE_INCIDENT = "3f2b8c1e-5d4a-4e9b-8c7d-1a2b3c4d5e6f"
SAMPLE_WEBHOOK = "9d5e2c1a-7b3f-4c8e-a1d2-3e4f5a6b7c8d"
SAMPLE_BUCKET = "incident-api-attachmentsbucket-1a2b3c4d5e6f"  # the bucket attachment_uploaded.json names
UPLOADED_KEY = f"org/demo/incident/{SAMPLE_INCIDENT}/att_20261123020533936_4b5c6d7e8f90"  # an attachment unknown here
PUBLIC_ADDRESS = "93.184.215.14"  # what the samples' webhook host resolves to here (no DNS offline)

# What each sample gets in the sample world: an API sample's exact status, a worker's exact result.
EXPECTED: dict[str, int | dict[str, Any]] = {
    "health.json": 200,
    "api_docs.json": 200,  # the OpenAPI document itself, not an envelope (see `DOCUMENTS`)
    "route_not_found.json": 405,  # on purpose: DELETE /incidents is a route that exists with other methods
    # Incidents
    "create_incident.json": 201,
    "list_incidents.json": 200,
    "list_my_incidents.json": 200,
    "list_observable_incidents.json": 200,
    "get_incident.json": 200,
    "update_incident.json": 200,
    "replace_incident.json": 200,
    "change_incident_status.json": 200,
    "delete_incident.json": 200,
    # Collaboration; a comment id can not be chosen, so the samples naming one are 404
    "get_incident_timeline.json": 200,
    "add_incident_comment.json": 201,
    "list_incident_comments.json": 200,
    "edit_incident_comment.json": 404,
    "delete_incident_comment.json": 404,
    "change_incident_assignee.json": 200,
    # Actions; an action id can not be chosen, so the samples naming one are 404
    "request_incident_action.json": 201,
    "list_incident_actions.json": 200,
    "get_incident_action.json": 404,
    "approve_incident_action.json": 404,
    "reject_incident_action.json": 404,
    "report_incident_action_result.json": 404,
    "remediate_incident.json": 201,  # seed 004's restart_service: pending an analyst's approval
    # Attachments; an attachment id can not be chosen, so the samples naming one are 404
    "create_incident_attachment.json": 201,
    "list_incident_attachments.json": 200,
    "complete_incident_attachment.json": 404,
    "delete_incident_attachment.json": 404,
    "attachment_uploaded.json": {"outcomes": [{"key": UPLOADED_KEY, "outcome": "removed: no such attachment"}]},
    # Triage; the run id the run sample names can not be chosen: 404
    "request_incident_triage.json": 202,
    "get_incident_triage.json": 200,
    "get_incident_triage_run.json": 404,
    "analyze_incident.json": 200,
    "triage_worker.json": {"batchItemFailures": []},  # a run it does not know: skipped, not retried
    # Webhooks; a delivery id is a digest of its event, so the samples naming one are 404
    "create_webhook.json": 201,
    "list_webhooks.json": 200,
    "get_webhook.json": 200,
    "update_webhook.json": 200,
    "rotate_webhook_secret.json": 200,
    "test_webhook.json": 202,
    "list_webhook_deliveries.json": 200,
    "get_webhook_delivery.json": 404,
    "redeliver_webhook_delivery.json": 404,
    "get_webhook_stats.json": 200,
    "get_incident_analytics.json": 200,
    # SLA; the scanner's first run reads the last hour's due minutes (and now's): none is due here
    "get_sla_policy.json": 200,
    "put_sla_policy.json": 200,
    "sla_scanner.json": {"minutes": 61, "checked": 0, "breached": 0, "refreshed": 0},
    "delete_webhook.json": 200,
    "event_router.json": {"batchItemFailures": []},
    "delivery_worker.json": {"batchItemFailures": []},
    "search_indexer.json": {"records": 1, "written": 15, "removed": 0},  # 2 tags, 1 address, 12 words
    # API clients; a client id is random, so the samples naming one are 404 (the token sample: 401)
    "create_client.json": 201,
    "list_clients.json": 200,
    "get_client.json": 404,
    "rotate_client_secret.json": 404,
    "revoke_client.json": 404,
    "issue_token.json": 401,  # seed 004's username/password form; OAuth's body, not our envelope
    # Integration keys; a key id is random, so the samples naming one are 404 (and /v2/enqueue's key: 401)
    "create_integration_key.json": 201,
    "list_integration_keys.json": 200,
    "get_integration_key.json": 404,
    "rotate_integration_key.json": 404,
    "revoke_integration_key.json": 404,
    "enqueue_pagerduty_event.json": 401,  # PagerDuty Events v2's body, not our envelope
    "enqueue_pagerduty_change.json": 401,
    # Alerts
    "ingest_event.json": 202,
    "alertmanager_webhook.json": 202,
    "alarm_ingest.json": {"processed": 1, "results": ["opened"]},
    "alarm_ingest_sns.json": {"processed": 1, "results": ["opened"]},
    "alarm_ingest_eventbridge.json": {"processed": 1, "results": ["opened"]},
    "alarm_ingest_direct.json": {"processed": 1, "results": ["opened"]},
    "alarm_ingest_composite.json": {"processed": 1, "results": ["opened"]},
}
# The samples not named after their function's code directory.
FUNCTION_OF = {
    "replace_incident.json": "update_incident",
    "alarm_ingest_sns.json": "alarm_ingest",
    "alarm_ingest_eventbridge.json": "alarm_ingest",
    "alarm_ingest_direct.json": "alarm_ingest",
    "alarm_ingest_composite.json": "alarm_ingest",
}
DOCUMENTS = {"api_docs.json"}  # answered with a document of its own instead of our envelope
OAUTH_ANSWERS = {"issue_token.json"}  # RFC 6749's JSON (`error`), not our envelope
PAGERDUTY_ANSWERS = {
    "enqueue_pagerduty_event.json",
    "enqueue_pagerduty_change.json",
}  # PagerDuty Events v2's JSON (`status`), not our envelope


def _code_dir(function: dict[str, Any]) -> str:
    return str(function["Properties"]["CodeUri"]).rstrip("/").split("/")[-1]


def test_every_function_has_a_sample_event() -> None:
    samples = {path.stem for path in (ROOT / "events").glob("*.json")}
    for name, function in resources_of_type("AWS::Serverless::Function").items():
        assert _code_dir(function) in samples, f"{name} has no events/{_code_dir(function)}.json"


def test_every_expectation_names_a_sample() -> None:
    samples = {path.name for path in EVENTS_DIR.glob("*.json")}
    assert set(EXPECTED) <= samples, f"expectations for no sample: {sorted(set(EXPECTED) - samples)}"


@pytest.fixture
def local_secret(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", LOCAL_SECRET)
    get_settings.cache_clear()


@pytest.fixture
def sample_world(local_secret: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh world holding what the samples name, where the API lets a test choose the id."""
    monkeypatch.setenv("ATTACHMENTS_BUCKET", SAMPLE_BUCKET)
    monkeypatch.setattr(url_guard, "system_resolver", lambda host, port: [PUBLIC_ADDRESS])
    boto3.client("s3").create_bucket(Bucket=SAMPLE_BUCKET)
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()
    incident = IncidentCreate.model_validate(_body("create_incident.json"))
    create_incident(principal=DEV_USER, data=incident, extra={"id": SAMPLE_INCIDENT})
    request_triage(principal=DEV_USER, incident_id=SAMPLE_INCIDENT, data=TriageRequest())
    _create_sample_webhook()
    yield
    for cached in (get_attachment_repository, get_attachment_storage):
        cached.cache_clear()


def _body(file_name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(sample_event(file_name)["body"])
    return body


def _create_sample_webhook() -> None:
    """The samples' webhook: created by the API, then stored under the id the samples name."""
    created = subscriptions.create_webhook(
        principal=DEV_USER, data=WebhookCreate.model_validate(_body("create_webhook.json"))
    )
    repository = get_webhook_repository()
    stored = repository.get_subscription(org_id=DEV_USER.org_id, webhook_id=created["id"])
    assert stored is not None
    repository.delete_subscription(org_id=DEV_USER.org_id, webhook_id=created["id"])
    repository.put_subscription({**stored, "id": SAMPLE_WEBHOOK}, expected_version=None)


@pytest.mark.parametrize("file_name", sorted(path.name for path in EVENTS_DIR.glob("*.json")))
def test_each_sample_gets_exactly_its_pinned_answer(sample_world: None, file_name: str) -> None:
    if file_name not in EXPECTED:
        pytest.fail(f"events/{file_name} has no expected answer: add it to EXPECTED in {__name__}")
    expected = EXPECTED[file_name]
    function = FUNCTION_OF.get(file_name, file_name.removesuffix(".json"))
    result: dict[str, Any] = load_function(function).lambda_handler(sample_event(file_name), LambdaContext())
    if isinstance(expected, dict):
        assert result == expected
        return
    assert result["statusCode"] == expected, result["body"]
    assert header_of(result, "X-Request-Id")
    body = json.loads(result["body"])
    if file_name in DOCUMENTS:
        assert str(body["openapi"]).startswith("3.")
    elif file_name in OAUTH_ANSWERS:
        assert body["error"] == "invalid_client", body
    elif file_name in PAGERDUTY_ANSWERS:
        assert body["status"] == "unauthorized", body
    else:
        assert body["success"] is (expected < 400), body


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
