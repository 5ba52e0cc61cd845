"""Attachments over HTTP in MiniStack: the presigned POST is enforced by S3, and S3's
ObjectCreated notification confirms the upload (nobody calls `/complete` here)."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

HTTP_TIMEOUT = 30.0


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # never send 127.0.0.1 through a proxy
    return session


def _declare(api: ApiClient, token: str, incident_id: str, **fields: Any) -> dict[str, Any]:
    response = api.post(f"/incidents/{incident_id}/attachments", json=fields, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def _upload(created: dict[str, Any], content: bytes, *, content_type: str | None = None) -> requests.Response:
    fields = dict(created["fields"])
    if content_type is not None:
        fields["Content-Type"] = content_type
    with _session() as session:
        return session.post(created["url"], data=fields, files={"file": ("upload.bin", content)}, timeout=HTTP_TIMEOUT)


def _listed(api: ApiClient, token: str, incident_id: str, *, wait_for: int, timeout: float = 20.0) -> list[Any]:
    """The attachments list once it holds `wait_for` items (the S3 event confirms asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        items: list[Any] = api.get(f"/incidents/{incident_id}/attachments", token=token).json()["data"]
        if len(items) >= wait_for or time.monotonic() > deadline:
            return items
        time.sleep(0.2)


def _incident(api: ApiClient, token: str) -> str:
    body = {"title": "Invoice fraud", "description": "A supplier's bank details changed by mail", "severity": "high"}
    response = api.post("/incidents", json=body, token=token)
    assert response.status_code == 201, response.text
    return str(response.json()["data"]["id"])


def test_an_upload_with_the_presigned_post_is_listed_and_downloaded_byte_for_byte(
    api: ApiClient, token: TokenFactory, stack: DeployedStack
) -> None:
    org = f"co-{uuid.uuid4().hex[:8]}"
    analyst = token(org=org, sub="alice")
    incident_id = _incident(api, analyst)
    content = os.urandom(70_000) + b"\x00\r\n end of capture"
    created = _declare(
        api,
        analyst,
        incident_id,
        filename="../captures/Gateway été.pcap",
        content_type="application/vnd.tcpdump.pcap",
        size=len(content),
    )
    # The presigned URL points at the emulator the test reaches (see the report in the module doc).
    assert created["url"].startswith(stack.aws_endpoint), created["url"]
    assert created["fields"]["key"] == f"org/{org}/incident/{incident_id}/{created['attachment_id']}"

    uploaded = _upload(created, content)
    assert uploaded.status_code in (200, 201, 204), uploaded.text

    (item,) = _listed(api, analyst, incident_id, wait_for=1)
    assert item["status"] == "available" and item["filename"] == "Gateway été.pcap"
    assert item["size"] == len(content) and item["sha256"] == hashlib.sha256(content).hexdigest()
    with _session() as session:
        download = session.get(item["download_url"], timeout=HTTP_TIMEOUT)
    assert download.status_code == 200, download.text
    assert download.content == content
    assert "attachment" in download.headers.get("Content-Disposition", "")

    timeline = api.get(f"/incidents/{incident_id}/timeline", token=analyst).json()["data"]
    assert [entry["event"] for entry in timeline] == ["incident.created", "incident.attachment_added"]
    # Completing after the notification did is harmless.
    path = f"/incidents/{incident_id}/attachments/{created['attachment_id']}"
    again = api.post(f"{path}/complete", token=analyst)
    assert again.status_code == 200 and again.json()["data"]["version"] == item["version"]

    assert api.delete(path, token=analyst).status_code == 200
    assert api.get(f"/incidents/{incident_id}/attachments", token=analyst).json()["data"] == []
    with _session() as session:
        assert session.get(item["download_url"], timeout=HTTP_TIMEOUT).status_code == 404


def test_s3_refuses_uploads_outside_the_policy(api: ApiClient, token: TokenFactory) -> None:
    org = f"co-{uuid.uuid4().hex[:8]}"
    analyst = token(org=org, sub="alice")
    incident_id = _incident(api, analyst)
    declared = b"From: a@example.com\r\n\r\nhello\r\n"
    created = _declare(
        api, analyst, incident_id, filename="mail.eml", content_type="message/rfc822", size=len(declared)
    )

    too_large = _upload(created, declared + b"!")
    assert too_large.status_code in (400, 403) and "EntityTooLarge" in too_large.text, too_large.text
    too_small = _upload(created, declared[:-1])
    assert too_small.status_code in (400, 403) and "EntityTooSmall" in too_small.text, too_small.text
    wrong_type = _upload(created, declared, content_type="text/html")
    assert wrong_type.status_code == 403 and "Content-Type" in wrong_type.text, wrong_type.text
    other_key = dict(created, fields={**created["fields"], "key": f"org/{org}/incident/{incident_id}/evil.html"})
    assert _upload(other_key, declared).status_code == 403

    # Nothing arrived: the attachment is still pending, and completing it is 404.
    complete = api.post(f"/incidents/{incident_id}/attachments/{created['attachment_id']}/complete", token=analyst)
    assert complete.status_code == 404, complete.text
    assert api.get(f"/incidents/{incident_id}/attachments", token=analyst).json()["data"] == []
    # Over the stack's cap, or a type off the allow-list, is refused before any URL is made.
    over_cap = api.post(
        f"/incidents/{incident_id}/attachments",
        json={"filename": "huge.zip", "content_type": "application/zip", "size": 25 * 1024 * 1024 + 1},
        token=analyst,
    )
    assert over_cap.status_code == 400 and over_cap.json()["error"]["details"][0]["field"] == "size"
    html = api.post(
        f"/incidents/{incident_id}/attachments",
        json={"filename": "page.html", "content_type": "text/html", "size": 10},
        token=analyst,
    )
    assert html.status_code == 400 and html.json()["error"]["details"][0]["field"] == "content_type"

    # The exact bytes still go through, and the notification confirms them.
    assert _upload(created, declared).status_code in (200, 201, 204)
    (item,) = _listed(api, analyst, incident_id, wait_for=1)
    assert item["attachment_id"] == created["attachment_id"] and item["status"] == "available"
