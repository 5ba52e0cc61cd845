"""What the attachment routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `attachments.service`: `attachment_view`, plus the upload form of a new
attachment, the download link of an uploaded one, or the deadline of a pending one in a
list. A unit test checks each against real answers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import EXAMPLE_INCIDENT_ID, Timestamp

EXAMPLE_BUCKET_URL = "https://incident-attachments-123456789012.s3.eu-west-1.amazonaws.com/"
ATTACHMENT_EXAMPLE: dict[str, Any] = {
    "attachment_id": "att_20260314091502123_0a1b2c3d4e5f",
    "incident_id": EXAMPLE_INCIDENT_ID,
    "filename": "Invoice_INV-88213.eml",
    "content_type": "message/rfc822",
    "size": 48213,
    "status": "available",
    "sha256": "9f2c6a41d8e07b35c1f4a6e2b9d80c7f5e3a1b2c4d6e8f0a9b7c5d3e1f2a4b6c",
    "uploaded_by": "alice@acme.example",
    "created_at": "2026-03-14T09:15:02.123Z",
    "uploaded_at": "2026-03-14T09:15:04.881Z",
    "version": 2,
}
PENDING_ATTACHMENT_EXAMPLE: dict[str, Any] = {
    **ATTACHMENT_EXAMPLE,
    "attachment_id": "att_20260314092533716_6f7e8d9c0b1a",
    "filename": "headers.txt",
    "content_type": "text/plain",
    "size": 3120,
    "status": "pending",
    "sha256": None,
    "created_at": "2026-03-14T09:25:33.716Z",
    "uploaded_at": None,
    "version": 1,
    "upload_expires_at": "2026-03-14T09:40:33.716Z",
}
UPLOAD_EXAMPLE: dict[str, Any] = {
    **PENDING_ATTACHMENT_EXAMPLE,
    "url": EXAMPLE_BUCKET_URL,
    "fields": {
        "Content-Type": "text/plain",
        "key": f"org/acme/incident/{EXAMPLE_INCIDENT_ID}/att_20260314092533716_6f7e8d9c0b1a",
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": "ASIAQXEXAMPLE7KDJ2XM/20260314/eu-west-1/s3/aws4_request",
        "x-amz-date": "20260314T092533Z",
        "x-amz-security-token": "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
        "policy": "eyJleHBpcmF0aW9uIjogIjIwMjYtMDMtMTRUMDk6NDA6MzNaIiwgImNvbmRpdGlvbnMiOiBbXX0=",
        "x-amz-signature": "5d8f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
    },
    "method": "POST",
}
AVAILABLE_ATTACHMENT_EXAMPLE: dict[str, Any] = {
    **ATTACHMENT_EXAMPLE,
    "download_url": f"{EXAMPLE_BUCKET_URL}org/acme/incident/{EXAMPLE_INCIDENT_ID}/att_20260314091502123_0a1b2c3d4e5f"
    "?response-content-disposition=attachment%3B%20filename%3D%22Invoice_INV-88213.eml%22"
    "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=ASIAQXEXAMPLE7KDJ2XM%2F20260314%2Feu-west-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20260314T092710Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
    "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN"
    "&X-Amz-Signature=7a1f9c3e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a",
    "download_expires_at": "2026-03-14T09:32:10.245Z",
}


class Attachment(BaseModel):
    """A file attached to an incident (`attachment_view`): its bytes are in S3, never in the API."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ATTACHMENT_EXAMPLE]})

    attachment_id: str = Field(examples=["att_20260314091502123_0a1b2c3d4e5f"])
    incident_id: str
    filename: str = Field(description="As declared, sanitised")
    content_type: str
    size: int
    status: Literal["pending", "available", "deleted"]
    sha256: str | None = Field(description="Of the uploaded bytes, once checked")
    uploaded_by: str
    created_at: Timestamp
    uploaded_at: Timestamp | None
    version: int


class PendingAttachment(Attachment):
    """An attachment whose upload has not been confirmed yet (listed with `include_pending=true`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [PENDING_ATTACHMENT_EXAMPLE]})

    status: Literal["pending"]
    upload_expires_at: Timestamp


class AttachmentUpload(PendingAttachment):
    """A new attachment and its presigned S3 POST: send `fields` and then the file (as `file`) as
    multipart/form-data to `url` before `upload_expires_at`, then confirm with `.../complete`."""

    model_config = ConfigDict(json_schema_extra={"examples": [UPLOAD_EXAMPLE]})

    url: str
    fields: dict[str, str] = Field(description="The form fields of the POST, the policy and its signature among them")
    method: Literal["POST"]


class AvailableAttachment(Attachment):
    """An uploaded and checked attachment, with a short-lived download link."""

    model_config = ConfigDict(json_schema_extra={"examples": [AVAILABLE_ATTACHMENT_EXAMPLE]})

    status: Literal["available"]
    download_url: str
    download_expires_at: Timestamp


class DeletedAttachment(BaseModel):
    """An attachment removed with its bytes (the record stays for the audit trail)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"attachment_id": ATTACHMENT_EXAMPLE["attachment_id"], "deleted": True}]},
    )

    attachment_id: str
    deleted: Literal[True]
