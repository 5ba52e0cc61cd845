"""Triage against moto: request -> SQS -> worker; idempotent on redelivery; auto-triage on create."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.integration.conftest import TABLE, TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline

PHISHING = {
    "title": "Phishing: invoice mail asks finance to log in",
    "description": (
        "User reported an email from billing@examp1e[.]com (reply-to pay-desk@evil-payments.example) urging them to "
        "verify their password within 24 hours at hxxp://203.0.113.7/login. Urgent: account suspended."
    ),
    "severity": "high",
    "incident_type": "phishing",
    "source": "email-gateway",
    "raw_data": {
        "from": "billing@examp1e.com",
        "reply_to": "pay-desk@evil-payments.example",
        "subject": "URGENT: verify your account",
        "urls": ["http://203.0.113.7/login"],
        "attachments": [{"filename": "invoice.xlsm", "content_type": "application/vnd.ms-excel.sheet.macroEnabled.12"}],
    },
}
DISK = {
    "title": "Disk usage at 91% on db-2",
    "description": "CloudWatch alarm: disk usage on db-2 above 90% for 15 minutes; queries are slower than usual.",
    "severity": "medium",
    "incident_type": "performance",
    "source": "cloudwatch",
}


@pytest.fixture
def triage_queue() -> str:
    return str(boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"])


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName="deliveries-it")["QueueUrl"]
    return Pipeline(gateway, table=TABLE, queue_url=queue_url)


def create(gateway: InProcessGateway, token: str, body: dict[str, Any]) -> dict[str, Any]:
    return new_incident(gateway, token, **body)


def test_requested_triage_classifies_and_moves_to_triaged(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, triage_queue: str
) -> None:
    analyst = token()
    incident = create(gateway, analyst, PHISHING)
    path = f"/incidents/{incident['id']}/triage"
    queued = gateway.request("POST", path, token=analyst)
    assert queued.status_code == 202, queued.text
    run = queued.json()["data"]
    assert run["status"] == "queued"
    again = gateway.request("POST", path, json_body={}, token=analyst).json()["data"]
    assert again["triage_id"] == run["triage_id"]  # one queued already: returned, not duplicated

    assert pipeline.triage(triage_queue)["batchItemFailures"] == []
    latest = gateway.request("GET", path, token=analyst).json()["data"]
    assert latest["triage_id"] == run["triage_id"] and latest["status"] == "completed"
    assert latest["verdict"]["classification"] in ("malicious", "suspicious")
    assert latest["verdict"]["reasoning"]
    assert latest["engine"] == "rules" and latest["engine_version"]
    values = {(item["type"], item["value"]) for item in latest["observables"]}
    assert ("url", "http://203.0.113.7/login") in values and ("domain", "examp1e.com") in values
    assert {action["action"] for action in latest["recommended_actions"]} & {"quarantine_email", "block_sender"}

    triaged = gateway.request("GET", f"/incidents/{incident['id']}", token=analyst).json()["data"]
    assert triaged["status"] == "triaged" and triaged["triaged_at"] and triaged["verdict"] == latest["verdict"]
    run_by_id = gateway.request("GET", f"{path}/{run['triage_id']}", token=analyst).json()["data"]
    assert run_by_id["status"] == "completed"

    # A redelivered message runs nothing again and writes no second result.
    from tests.support.api_events import LambdaContext

    gateway.function("triage_worker").lambda_handler({"Records": pipeline.last_triage_records}, LambdaContext())
    names = [event["event"] for event in stored_events("acme", incident["id"])]
    assert names.count("incident.triaged") == 1

    forced = gateway.request("POST", path, json_body={"force": True}, token=analyst).json()["data"]
    assert forced["triage_id"] != run["triage_id"]


def test_operational_incident_is_not_called_malicious(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, triage_queue: str
) -> None:
    analyst = token()
    incident = create(gateway, analyst, DISK)
    gateway.request("POST", f"/incidents/{incident['id']}/triage", token=analyst)
    pipeline.triage(triage_queue)
    run = gateway.request("GET", f"/incidents/{incident['id']}/triage", token=analyst).json()["data"]
    assert run["status"] == "completed" and run["verdict"]["classification"] != "malicious"


def test_auto_triage_and_similar_incidents(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, triage_queue: str
) -> None:
    analyst = token()
    first = create(gateway, analyst, PHISHING)
    pipeline.route()  # the router queues automatic triage for incident.created
    assert pipeline.triage(triage_queue)["records"] == 1
    second = create(gateway, analyst, PHISHING)
    pipeline.route(pipeline.last_stream_event)  # a replayed stream record queues nothing new
    pipeline.route()
    pipeline.triage(triage_queue)
    run = gateway.request("GET", f"/incidents/{second['id']}/triage", token=analyst).json()["data"]
    assert run["status"] == "completed"
    similar = run["similar_incidents"]
    assert similar and similar[0]["id"] == first["id"] and similar[0]["score"] > 0.5 and similar[0]["reason"]
    other_org = create(gateway, token(org="globex"), PHISHING)
    pipeline.route()
    pipeline.triage(triage_queue)
    answer = gateway.request("GET", f"/incidents/{other_org['id']}/triage", token=token(org="globex")).json()
    assert "data" in answer, answer
    foreign = answer["data"]
    assert all(item["id"] not in (first["id"], second["id"]) for item in foreign["similar_incidents"])


def test_bad_requests(gateway: InProcessGateway, token: TokenFactory) -> None:
    analyst = token()
    incident = create(gateway, analyst, DISK)
    path = f"/incidents/{incident['id']}/triage"
    assert gateway.request("POST", path, json_body={"playbook": "astrology"}, token=analyst).status_code == 400
    assert gateway.request("POST", path, json_body={"hurry": True}, token=analyst).status_code == 400
    assert gateway.request("POST", path, token=token(scopes=["incidents:read"])).status_code == 403
    assert gateway.request("GET", path, token=analyst).status_code == 404  # never triaged
    assert gateway.request("POST", path, token=token(org="globex")).status_code == 404


def test_poison_message_for_a_deleted_incident_ends_failed_without_looping(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, triage_queue: str
) -> None:
    analyst = token()
    incident = create(gateway, analyst, PHISHING)
    queued = gateway.request("POST", f"/incidents/{incident['id']}/triage", token=analyst).json()["data"]
    assert gateway.request("DELETE", f"/incidents/{incident['id']}", token=analyst).status_code == 200
    # The worker acknowledges the message (no batch failure, so SQS does not redeliver it)...
    assert pipeline.triage(triage_queue) == {"batchItemFailures": [], "records": 1}
    assert pipeline.receive(queue_url=triage_queue) == []
    # ...and the run says why it failed.
    from incident_core.triage.repository import get_triage_repository

    run = get_triage_repository().get_run(org_id="acme", incident_id=incident["id"], triage_id=queued["triage_id"])
    assert run is not None and run["status"] == "failed" and run["error"] == "incident was deleted"
    # A redelivery of the same message changes nothing.
    from tests.support.api_events import LambdaContext

    gateway.function("triage_worker").lambda_handler({"Records": pipeline.last_triage_records}, LambdaContext())
    again = get_triage_repository().get_run(org_id="acme", incident_id=incident["id"], triage_id=queued["triage_id"])
    assert again == run
