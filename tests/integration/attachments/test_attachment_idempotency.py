"""`Idempotency-Key` on POST /incidents/{id}/attachments against moto: a retried declare is one attachment."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from incident_core.attachments.repository import get_attachment_repository, get_attachment_storage
from incident_core.core.settings import get_settings
from tests.integration import idempotency_checks as checks
from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

BUCKET = "incident-attachments-idempotency-it"
BODY = {"filename": "lure.eml", "content_type": "message/rfc822", "size": 5}


def _clear() -> None:
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()


@pytest.fixture
def route(
    gateway: InProcessGateway, token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[checks.CreateRoute]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", BUCKET)
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    _clear()
    incident_id = new_incident(gateway, token())["id"]

    def count(_token: str) -> int:
        answer = boto3.client("dynamodb").query(
            TableName=TABLE,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": {"S": f"ORG#acme#INC#{incident_id}"}, ":prefix": {"S": "ATTACHMENT#"}},
        )
        return len(answer["Items"])

    yield checks.CreateRoute(f"/incidents/{incident_id}/attachments", BODY, {**BODY, "filename": "other.eml"}, count)
    _clear()


def test_a_retried_declare_is_one_attachment_answered_alike_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_retry_replays_the_first_answer(gateway, route, token())


def test_the_key_reused_with_another_body_is_422_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_the_key_with_another_body_is_422(gateway, route, token())


def test_another_caller_with_the_same_key_declares_its_own_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_another_caller_has_its_own_keys(gateway, route, token(sub="alice"), token(sub="bob"))


def test_without_a_key_each_declare_is_new_and_a_bad_key_is_400_on_moto(
    gateway: InProcessGateway, route: checks.CreateRoute, token: TokenFactory
) -> None:
    checks.assert_a_bad_key_is_400(gateway, route, token())
    checks.assert_no_key_creates_each_time(gateway, route, token())
