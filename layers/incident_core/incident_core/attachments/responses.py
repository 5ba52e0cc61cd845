"""What the attachment routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `attachments.service`: `attachment_view`, plus the upload form of a new
attachment, the download link of an uploaded one, or the deadline of a pending one in a
list. A unit test checks each against real answers.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import Timestamp


class Attachment(BaseModel):
    """A file attached to an incident (`attachment_view`): its bytes are in S3, never in the API."""

    model_config = ConfigDict(extra="forbid")

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

    status: Literal["pending"]
    upload_expires_at: Timestamp


class AttachmentUpload(PendingAttachment):
    """A new attachment and its presigned S3 POST: send `fields` and then the file (as `file`) as
    multipart/form-data to `url` before `upload_expires_at`, then confirm with `.../complete`."""

    url: str
    fields: dict[str, str] = Field(description="The form fields of the POST, the policy and its signature among them")
    method: Literal["POST"]


class AvailableAttachment(Attachment):
    """An uploaded and checked attachment, with a short-lived download link."""

    status: Literal["available"]
    download_url: str
    download_expires_at: Timestamp


class DeletedAttachment(BaseModel):
    """An attachment removed with its bytes (the record stays for the audit trail)."""

    model_config = ConfigDict(extra="forbid")

    attachment_id: str
    deleted: Literal[True]
