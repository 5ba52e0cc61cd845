"""Attachments against moto: presigned POST policies, HeadObject checks, S3 events, downloads, tenancy.

moto does not enforce POST policies, so the limits are asserted on the policy document
itself (S3 enforcing them is the e2e test's job, over MiniStack). moto does intercept
`requests`, so uploads and downloads go through the presigned URLs as a client's would.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
import requests

from incident_core.attachments.repository import get_attachment_repository, get_attachment_storage
from incident_core.core.settings import get_settings
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.api_events import LambdaContext, load_function, sample_event
from tests.support.gateway import ApiResponse, InProcessGateway

BUCKET = "incident-attachments-it"
MAX_BYTES = 64 * 1024


def _clear() -> None:
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()


@pytest.fixture
def bucket(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", BUCKET)
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", str(MAX_BYTES))
    monkeypatch.delenv("ATTACHMENT_ALLOWED_TYPES", raising=False)
    monkeypatch.delenv("ATTACHMENT_URL_SECONDS", raising=False)
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    _clear()
    yield BUCKET
    _clear()


@pytest.fixture
def api(bucket: str) -> InProcessGateway:
    return InProcessGateway()


def _declare(api: InProcessGateway, token: str, incident_id: str, body: bytes = b"", **fields: Any) -> ApiResponse:
    declared = {"filename": "lure.eml", "content_type": "message/rfc822", "size": len(body) or 5, **fields}
    return api.request("POST", f"/incidents/{incident_id}/attachments", json_body=declared, token=token)


def _upload(created: dict[str, Any], content: bytes, filename: str = "upload.bin") -> requests.Response:
    """The browser's side: a multipart form with the fields, then the file (moto takes it)."""
    return requests.post(created["url"], data=created["fields"], files={"file": (filename, content)}, timeout=10)


def _policy(created: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(base64.b64decode(created["fields"]["policy"]))
    return decoded


def _event_names(org: str, incident_id: str) -> list[str]:
    return [str(event["event"]) for event in stored_events(org, incident_id)]


def test_the_presigned_post_binds_key_type_size_and_expiry(api: InProcessGateway, token: TokenFactory) -> None:
    alice = token()
    incident = new_incident(api, alice)
    response = _declare(
        api,
        alice,
        incident["id"],
        filename="../../org/globex/Rapport été.pdf",
        content_type="Application/PDF",
        size=1234,
    )
    assert response.status_code == 201, response.text
    created = response.json()["data"]
    attachment_id = created["attachment_id"]
    key = f"org/acme/incident/{incident['id']}/{attachment_id}"
    assert response.header("Location") == f"attachments/{attachment_id}"
    assert created["status"] == "pending" and created["filename"] == "Rapport été.pdf"
    assert created["content_type"] == "application/pdf" and created["size"] == 1234
    assert created["uploaded_by"] == "alice" and created["method"] == "POST"
    assert created["fields"]["key"] == key and created["fields"]["Content-Type"] == "application/pdf"
    assert BUCKET in created["url"]

    policy = _policy(created)
    conditions = policy["conditions"]
    assert {"bucket": BUCKET} in conditions
    assert {"key": key} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1234, 1234] in conditions
    # Every field the form sends is covered by a condition (S3 refuses extra fields).
    covered = {name.lower() for condition in conditions if isinstance(condition, dict) for name in condition}
    assert {name.lower() for name in created["fields"] if name.lower() not in ("policy", "x-amz-signature")} <= covered
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)
    assert created["upload_expires_at"].endswith("Z")
    # Nothing reaches the timeline before the bytes do.
    assert _event_names("acme", incident["id"]) == ["incident.created"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"content_type": "text/html"}, "content_type", "content_type must be one of: application/pdf"),
        ({"content_type": "image/svg+xml"}, "content_type", "content_type must be one of"),
        ({"content_type": "not a type"}, "content_type", "content_type must be a media type"),
        ({"size": 0}, "size", "size must be at least 1 byte"),
        ({"size": MAX_BYTES + 1}, "size", f"size must be at most {MAX_BYTES} bytes"),
        ({"size": "12"}, "size", "size must be an integer number of bytes"),
        ({"filename": "../.."}, "filename", "filename must contain letters or digits"),
        ({"filename": "   "}, "filename", "filename must be a non-empty string"),
        ({"key": "org/globex/x"}, "key", "key is not an allowed field"),
    ],
)
def test_bad_declarations_are_400_naming_the_field(
    api: InProcessGateway, token: TokenFactory, fields: dict[str, Any], field: str, message: str
) -> None:
    alice = token()
    incident = new_incident(api, alice)
    response = _declare(api, alice, incident["id"], **fields)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [detail["field"] for detail in error["details"]] == [field]
    assert error["details"][0]["message"].startswith(message)
    listed = api.request(
        "GET", f"/incidents/{incident['id']}/attachments", token=alice, query={"include_pending": "true"}
    )
    assert listed.json()["data"] == []


def test_upload_complete_list_download_and_delete(api: InProcessGateway, token: TokenFactory) -> None:
    alice = token()
    incident = new_incident(api, alice)
    path = f"/incidents/{incident['id']}/attachments"
    content = b"From: ceo@examp1e.com\r\nSubject: urgent wire\r\n\r\nPlease pay today.\r\n"
    created = _declare(api, alice, incident["id"], content, filename="wire request.eml").json()["data"]
    complete = f"{path}/{created['attachment_id']}/complete"

    early = api.request("POST", complete, token=alice)
    assert early.status_code == 404 and "not been uploaded" in early.json()["error"]["message"]
    assert _upload(created, content).status_code == 204

    done = api.request("POST", complete, token=alice)
    assert done.status_code == 200, done.text
    confirmed = done.json()["data"]
    assert confirmed["status"] == "available" and confirmed["size"] == len(content)
    assert confirmed["sha256"] == hashlib.sha256(content).hexdigest() and confirmed["uploaded_at"]
    again = api.request("POST", complete, token=alice).json()["data"]
    assert again["version"] == confirmed["version"] == 2
    assert _event_names("acme", incident["id"]) == ["incident.created", "incident.attachment_added"]

    listed = api.request("GET", path, token=alice).json()
    (item,) = listed["data"]
    assert item["attachment_id"] == created["attachment_id"] and item["filename"] == "wire request.eml"
    assert "X-Amz-Expires=300" in item["download_url"] and "X-Amz-Signature=" in item["download_url"]
    download = requests.get(item["download_url"], timeout=10)
    assert download.status_code == 200 and download.content == content
    assert download.headers["Content-Disposition"].startswith('attachment; filename="wire request.eml"')
    assert download.headers["Content-Type"] == "message/rfc822"

    timeline = api.request("GET", f"/incidents/{incident['id']}/timeline", token=alice).json()["data"]
    added = timeline[-1]
    assert added["event"] == "incident.attachment_added" and added["actor"] == "alice"
    assert added["changes"]["attachment"]["sha256"] == confirmed["sha256"]

    deleted = api.request("DELETE", f"{path}/{created['attachment_id']}", token=alice)
    assert deleted.status_code == 200 and deleted.json()["data"]["deleted"] is True
    assert api.request("GET", path, token=alice).json()["data"] == []
    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert _event_names("acme", incident["id"])[-1] == "incident.attachment_deleted"
    assert api.request("DELETE", f"{path}/{created['attachment_id']}", token=alice).status_code == 404
    assert api.request("POST", complete, token=alice).status_code == 404


@pytest.mark.parametrize(
    ("content", "content_type", "fields"),
    [
        (b"a much longer body than declared", "message/rfc822", ["size"]),
        (b"12345", "text/html", ["content_type"]),
    ],
)
def test_complete_refuses_an_object_that_is_not_what_was_declared(
    api: InProcessGateway, token: TokenFactory, content: bytes, content_type: str, fields: list[str]
) -> None:
    alice = token()
    incident = new_incident(api, alice)
    created = _declare(api, alice, incident["id"], b"12345").json()["data"]
    key = created["fields"]["key"]
    # Written past the policy (moto does not enforce it; in AWS only another writer could).
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=content, ContentType=content_type)
    response = api.request(
        "POST", f"/incidents/{incident['id']}/attachments/{created['attachment_id']}/complete", token=alice
    )
    assert response.status_code == 400, response.text
    assert [detail["field"] for detail in response.json()["error"]["details"]] == fields
    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    pending = api.request(
        "GET", f"/incidents/{incident['id']}/attachments", token=alice, query={"include_pending": "true"}
    ).json()["data"]
    assert [item["status"] for item in pending] == ["pending"]
    assert _event_names("acme", incident["id"]) == ["incident.created"]


def _s3_event(bucket: str, key: str) -> dict[str, Any]:
    event = sample_event("attachment_uploaded.json")
    record = event["Records"][0]
    record["s3"]["bucket"]["name"] = bucket
    record["s3"]["bucket"]["arn"] = f"arn:aws:s3:::{bucket}"
    record["s3"]["object"]["key"] = key
    return event


def test_the_s3_notification_confirms_the_upload(api: InProcessGateway, token: TokenFactory) -> None:
    alice = token()
    incident = new_incident(api, alice)
    content = b"\xd4\xc3\xb2\xa1" + bytes(60)  # a pcap header and some packets
    created = _declare(
        api, alice, incident["id"], content, filename="capture.pcap", content_type="application/vnd.tcpdump.pcap"
    ).json()["data"]
    assert _upload(created, content).status_code == 204
    handler = load_function("attachment_uploaded").lambda_handler

    result = handler(_s3_event(BUCKET, created["fields"]["key"]), LambdaContext())
    assert result == {"outcomes": [{"key": created["fields"]["key"], "outcome": "available"}]}
    again = handler(_s3_event(BUCKET, created["fields"]["key"]), LambdaContext())
    assert again["outcomes"][0]["outcome"] == "available"
    assert _event_names("acme", incident["id"]) == ["incident.created", "incident.attachment_added"]
    (item,) = api.request("GET", f"/incidents/{incident['id']}/attachments", token=alice).json()["data"]
    assert item["sha256"] == hashlib.sha256(content).hexdigest()
    # The client completing afterwards is fine too.
    path = f"/incidents/{incident['id']}/attachments/{created['attachment_id']}/complete"
    assert api.request("POST", path, token=alice).json()["data"]["version"] == 2

    # An object no attachment owns (here: a pending one deleted before its upload) is removed.
    late = _declare(api, alice, incident["id"], b"late!").json()["data"]
    assert (
        api.request(
            "DELETE", f"/incidents/{incident['id']}/attachments/{late['attachment_id']}", token=alice
        ).status_code
        == 200
    )
    assert _upload(late, b"late!").status_code == 204
    outcome = handler(_s3_event(BUCKET, late["fields"]["key"]), LambdaContext())["outcomes"][0]["outcome"]
    assert outcome == "removed: no such attachment"
    keys = [obj["Key"] for obj in boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [created["fields"]["key"]]
    # A wrong object is removed and the attachment stays pending; no event.
    wrong = _declare(api, alice, incident["id"], b"exact").json()["data"]
    assert _upload(wrong, b"not exact").status_code == 204
    outcome = handler(_s3_event(BUCKET, wrong["fields"]["key"]), LambdaContext())["outcomes"][0]["outcome"]
    assert outcome == "removed: not what was declared"
    assert _event_names("acme", incident["id"]).count("incident.attachment_added") == 1
    assert (
        handler(_s3_event("another-bucket", wrong["fields"]["key"]), LambdaContext())["outcomes"][0]["outcome"]
        == "ignored: another bucket"
    )


def test_tenancy_and_permissions(api: InProcessGateway, token: TokenFactory) -> None:
    alice, bob = (
        token(sub="alice", scopes=["incidents:read", "incidents:write"]),
        token(sub="bob", scopes=["incidents:read", "incidents:write"]),
    )
    admin, reader = token(sub="root"), token(sub="rea", scopes=["incidents:read"])
    intruder = token(org="globex")
    incident = new_incident(api, alice)
    path = f"/incidents/{incident['id']}/attachments"
    created = _declare(api, alice, incident["id"], b"hello").json()["data"]
    assert _upload(created, b"hello").status_code == 204
    item = f"{path}/{created['attachment_id']}"
    assert api.request("POST", f"{item}/complete", token=alice).status_code == 200

    # Another org can not even name it.
    assert _declare(api, intruder, incident["id"]).status_code == 404
    assert api.request("GET", path, token=intruder).status_code == 404
    assert api.request("POST", f"{item}/complete", token=intruder).status_code == 404
    assert api.request("DELETE", item, token=intruder).status_code == 404
    # Readers list but do not upload; writers upload, but only the uploader or incidents:delete removes.
    assert len(api.request("GET", path, token=reader).json()["data"]) == 1
    refused = _declare(api, reader, incident["id"])
    assert refused.status_code == 403 and refused.json()["error"]["details"]["required_permission"] == "incidents:write"
    assert api.request("DELETE", item, token=reader).status_code == 403
    assert api.request("DELETE", item, token=bob).status_code == 403
    # An attachment id of another incident, or a malformed one, is just not found.
    other = new_incident(api, alice)
    assert (
        api.request(
            "DELETE", f"/incidents/{other['id']}/attachments/{created['attachment_id']}", token=admin
        ).status_code
        == 404
    )
    assert api.request("DELETE", f"{path}/..%2F..%2Fetc", token=admin).status_code == 404
    assert api.request("DELETE", item, token=admin).status_code == 200
    # Reporters attach to their own incidents only.
    reporter = token(sub="rita", roles=["reporter"])
    own = new_incident(api, reporter)
    assert _declare(api, reporter, own["id"]).status_code == 201
    assert _declare(api, reporter, incident["id"]).status_code == 404
    # A deleted incident takes no attachments.
    assert api.request("DELETE", f"/incidents/{other['id']}", token=admin).status_code == 200
    assert _declare(api, admin, other["id"]).status_code == 404


def test_lists_page_with_cursors_bound_to_the_incident(api: InProcessGateway, token: TokenFactory) -> None:
    alice = token()
    incident = new_incident(api, alice)
    path = f"/incidents/{incident['id']}/attachments"
    made = []
    for number in range(3):
        body = f"file {number}".encode()
        created = _declare(api, alice, incident["id"], body, filename=f"{number}.txt", content_type="text/plain")
        data = created.json()["data"]
        assert _upload(data, body).status_code == 204
        assert api.request("POST", f"{path}/{data['attachment_id']}/complete", token=alice).status_code == 200
        made.append(data["attachment_id"])
    first = api.request("GET", path, token=alice, query={"limit": 2}).json()
    assert len(first["data"]) == 2 and first["meta"]["has_more"] is True
    rest = api.request("GET", path, token=alice, query={"limit": 2, "cursor": first["meta"]["next_cursor"]}).json()
    assert sorted(item["attachment_id"] for item in first["data"] + rest["data"]) == sorted(made)
    other = new_incident(api, alice)
    moved = api.request(
        "GET", f"/incidents/{other['id']}/attachments", token=alice, query={"cursor": first["meta"]["next_cursor"]}
    )
    assert moved.status_code == 400
    assert api.request("GET", path, token=alice, query={"limit": 0}).status_code == 400
    assert api.request("GET", path, token=alice, query={"include_pending": "maybe"}).status_code == 400
    assert api.request("GET", path, token=alice, query={"sort": "name"}).status_code == 400
