"""Files attached to an incident (evidence: mails, captures, screenshots, exports).

The bytes never pass through the API. `create_attachment` records a pending attachment
and answers a presigned S3 POST whose policy binds the object key, the content type and
the declared size, so S3 itself refuses anything else. The upload is confirmed by S3's
ObjectCreated notification (`confirm_uploaded_object`) or by the client
(`complete_attachment`); both check the object with HeadObject, hash it, and mark the
attachment available with its `incident.attachment_added` event in one transaction.
Confirming twice is harmless. Lists carry short-lived presigned download URLs.

Filenames are sanitised and kept as metadata (shown, and offered on download); the
object key is made of ids only.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from incident_core.attachments.filenames import content_disposition
from incident_core.attachments.repository import (
    AttachmentRepository,
    AttachmentStorage,
    get_attachment_repository,
    get_attachment_storage,
    object_key,
    parse_object_key,
)
from incident_core.core.auth import Principal
from incident_core.core.clock import iso, now_iso, utc_now
from incident_core.core.errors import AppError, Forbidden, NotFound, ValidationFailed, VersionMismatch
from incident_core.core.observability import logger
from incident_core.core.paging import PAGING_QUERY, Listing, QueryParameter, listing, page_request, resume_key
from incident_core.core.settings import get_settings
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import visible_incident
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:  # request models come in validated; reads never load pydantic
    from incident_core.attachments.models import AttachmentCreate

DEFAULT_LIMIT = 50
# The query parameters of the list, for its route's documentation and for refusing any other.
LIST_QUERY = (
    QueryParameter("include_pending", "Also list attachments still waiting for their upload", kind="boolean"),
    *PAGING_QUERY,
)
LIST_PARAMETERS = frozenset(parameter.name for parameter in LIST_QUERY)
# A pending attachment whose upload never came is dropped by the table's TTL after a day.
PENDING_TTL = timedelta(days=1)
ATTACHMENT_ID = re.compile(r"^att_[0-9]{17}_[0-9a-f]{12}$")


class AttachmentStatus(StrEnum):
    PENDING = "pending"  # declared; its upload URL handed out
    AVAILABLE = "available"  # uploaded and checked: listed, downloadable, on the timeline
    DELETED = "deleted"  # bytes removed; the item stays for the audit trail


# --- views and events ----------------------------------------------------------------------


VIEW_FIELDS = (
    "attachment_id",
    "incident_id",
    "filename",
    "content_type",
    "size",
    "status",
    "sha256",
    "uploaded_by",
    "created_at",
    "uploaded_at",
    "version",
)


def attachment_view(attachment: Mapping[str, Any]) -> dict[str, Any]:
    return {name: attachment.get(name) for name in VIEW_FIELDS}


def _key_of(attachment: Mapping[str, Any]) -> str:
    return object_key(
        org_id=str(attachment["org_id"]),
        incident_id=str(attachment["incident_id"]),
        attachment_id=str(attachment["attachment_id"]),
    )


def _with_download(attachment: Mapping[str, Any], storage: AttachmentStorage) -> dict[str, Any]:
    view = attachment_view(attachment)
    seconds = get_settings().attachment_download_seconds
    view["download_url"] = storage.presign_download(
        key=_key_of(attachment),
        content_type=str(attachment["content_type"]),
        disposition=content_disposition(str(attachment["filename"])),
        expires_in=seconds,
    )
    view["download_expires_at"] = iso(utc_now() + timedelta(seconds=seconds))
    return view


def _event(name: str, attachment: Mapping[str, Any], *, incident: Mapping[str, Any], actor: str) -> EventRecord:
    summary = {
        key: attachment.get(key) for key in ("attachment_id", "filename", "content_type", "size", "sha256", "status")
    }
    return incident_event(
        name, incident, actor=actor, data=attachment_view(attachment), changes={"attachment": summary}
    )


# --- service -------------------------------------------------------------------------------


def _attachments(repository: AttachmentRepository | None) -> AttachmentRepository:
    return repository or get_attachment_repository()


def _storage(storage: AttachmentStorage | None) -> AttachmentStorage:
    if storage is not None:
        return storage
    bucket = get_settings().attachments_bucket
    if not bucket:
        logger.error("ATTACHMENTS_BUCKET is not set")
        raise AppError("Attachments are not configured on this deployment")
    return get_attachment_storage(bucket)


def create_attachment(
    *,
    principal: Principal,
    incident_id: str,
    data: AttachmentCreate,
    incidents: IncidentRepository | None = None,
    repository: AttachmentRepository | None = None,
    storage: AttachmentStorage | None = None,
) -> dict[str, Any]:
    """A pending attachment and the presigned POST that uploads its bytes straight to S3."""
    storage = _storage(storage)
    visible_incident(principal, incident_id, incidents or get_repository())
    created = utc_now()
    created_at = iso(created)
    digits = "".join(character for character in created_at if character.isdigit())
    seconds = get_settings().attachment_upload_seconds
    attachment = {
        "attachment_id": f"att_{digits}_{secrets.token_hex(6)}",
        "org_id": principal.org_id,
        "incident_id": incident_id,
        "filename": data.filename,
        "content_type": data.content_type,
        "size": data.size,
        "status": AttachmentStatus.PENDING,
        "uploaded_by": principal.sub,
        "created_at": created_at,
        "upload_expires_at": iso(created + timedelta(seconds=seconds)),
        "version": 1,
        "expires_at": int((created + PENDING_TTL).timestamp()),
    }
    try:
        _attachments(repository).put_attachment(attachment, event=None, expected_version=None)
    except VersionMismatch as error:
        raise NotFound(f"Incident {incident_id} not found") from error
    upload = storage.presign_upload(
        key=_key_of(attachment), content_type=data.content_type, size=data.size, expires_in=seconds
    )
    return {
        **attachment_view(attachment),
        "url": upload.url,
        "fields": upload.fields,
        "method": "POST",
        "upload_expires_at": attachment["upload_expires_at"],
    }


def _visible_attachment(
    principal: Principal,
    incident_id: str,
    attachment_id: str,
    *,
    incidents: IncidentRepository,
    repository: AttachmentRepository,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The incident the caller may see, and its (not deleted) attachment; else 404."""
    incident = visible_incident(principal, incident_id, incidents)
    found = None
    if ATTACHMENT_ID.match(attachment_id):
        found = repository.get_attachment(org_id=principal.org_id, incident_id=incident_id, attachment_id=attachment_id)
    if found is None or found.get("status") == AttachmentStatus.DELETED:
        raise NotFound(f"Attachment {attachment_id} not found")
    return incident, found


def _without_ttl(attachment: Mapping[str, Any]) -> dict[str, Any]:
    """The attachment without the TTL of a pending one: confirmed and deleted ones are kept."""
    return {key: value for key, value in attachment.items() if key != "expires_at"}


class UploadMismatch(ValidationFailed):
    """The uploaded object is not what was declared (size or type)."""


def _confirm(
    attachment: Mapping[str, Any],
    *,
    incidents: IncidentRepository,
    repository: AttachmentRepository,
    storage: AttachmentStorage,
) -> dict[str, Any]:
    """Mark a pending attachment available once its object is in S3 and matches; idempotent."""
    if attachment.get("status") == AttachmentStatus.AVAILABLE:
        return dict(attachment)
    key = _key_of(attachment)
    stored = storage.head(key=key)
    if stored is None:
        raise NotFound(f"Attachment {attachment['attachment_id']} has not been uploaded yet")
    problems = []
    if stored.size != int(attachment["size"]):
        problems.append({"field": "size", "message": f"uploaded {stored.size} bytes, declared {attachment['size']}"})
    stored_type = stored.content_type.split(";", 1)[0].strip().lower()
    if stored_type != attachment["content_type"]:
        problems.append(
            {
                "field": "content_type",
                "message": f"uploaded as {stored_type or 'no type'}, declared {attachment['content_type']}",
            }
        )
    digest = ""
    if not problems:
        digest, read = storage.sha256(key=key)
        if read != int(attachment["size"]):  # replaced between HeadObject and the read
            problems.append({"field": "size", "message": f"uploaded {read} bytes, declared {attachment['size']}"})
    if problems:
        # A mismatched object never stays: the client may upload again while its URL lasts.
        storage.delete(key=key)
        raise UploadMismatch(
            "The uploaded file is not what was declared: " + "; ".join(p["message"] for p in problems), details=problems
        )
    incident = incidents.get_incident(org_id=str(attachment["org_id"]), incident_id=str(attachment["incident_id"]))
    if incident is None or incident.get("deleted_at"):
        raise NotFound(f"Incident {attachment['incident_id']} not found")
    available = _without_ttl(attachment)
    available.update(
        status=AttachmentStatus.AVAILABLE,
        sha256=digest,
        uploaded_at=iso(stored.last_modified) if stored.last_modified else now_iso(),
        version=int(attachment["version"]) + 1,
    )
    event = _event("incident.attachment_added", available, incident=incident, actor=str(attachment["uploaded_by"]))
    try:
        repository.put_attachment(available, event=event, expected_version=int(attachment["version"]))
    except VersionMismatch as error:
        # Confirmed meanwhile by the other path (S3 event or client), or the incident went away.
        again = repository.get_attachment(
            org_id=str(attachment["org_id"]),
            incident_id=str(attachment["incident_id"]),
            attachment_id=str(attachment["attachment_id"]),
        )
        if again is not None and again.get("status") == AttachmentStatus.AVAILABLE:
            return again
        raise NotFound(f"Attachment {attachment['attachment_id']} or its incident is gone") from error
    return available


def complete_attachment(
    *,
    principal: Principal,
    incident_id: str,
    attachment_id: str,
    incidents: IncidentRepository | None = None,
    repository: AttachmentRepository | None = None,
    storage: AttachmentStorage | None = None,
) -> dict[str, Any]:
    """The client says its upload is done: check the object (404 until it exists) and confirm it."""
    repository, storage, incidents = _attachments(repository), _storage(storage), incidents or get_repository()
    _, attachment = _visible_attachment(
        principal, incident_id, attachment_id, incidents=incidents, repository=repository
    )
    confirmed = _confirm(attachment, incidents=incidents, repository=repository, storage=storage)
    return _with_download(confirmed, storage)


def confirm_uploaded_object(
    *,
    bucket: str,
    key: str,
    incidents: IncidentRepository | None = None,
    repository: AttachmentRepository | None = None,
    storage: AttachmentStorage | None = None,
) -> str:
    """S3 reported a new object: confirm its attachment. Returns what happened, for the log.

    Objects no live attachment owns (deleted meanwhile, or never handed out) are removed.
    """
    expected = get_settings().attachments_bucket
    if expected and bucket != expected:
        return "ignored: another bucket"
    storage = storage or get_attachment_storage(bucket)
    reference = parse_object_key(key)
    if reference is None:
        return "ignored: not an attachment key"
    repository = _attachments(repository)
    attachment = repository.get_attachment(
        org_id=reference.org_id, incident_id=reference.incident_id, attachment_id=reference.attachment_id
    )
    if attachment is None or attachment.get("status") == AttachmentStatus.DELETED:
        storage.delete(key=key)
        return "removed: no such attachment"
    try:
        _confirm(attachment, incidents=incidents or get_repository(), repository=repository, storage=storage)
    except UploadMismatch as mismatch:
        logger.warning("attachment upload refused", key=key, problems=mismatch.details)
        return "removed: not what was declared"
    except NotFound as gone:
        return f"skipped: {gone.message}"
    return "available"


def list_attachments(
    *,
    principal: Principal,
    incident_id: str,
    params: Mapping[str, list[str]],
    incidents: IncidentRepository | None = None,
    repository: AttachmentRepository | None = None,
    storage: AttachmentStorage | None = None,
) -> Listing:
    """The incident's uploaded attachments, oldest first, each with a short-lived download URL;
    `include_pending=true` adds those still waiting for their upload (without a URL)."""
    repository, storage = _attachments(repository), _storage(storage)
    visible_incident(principal, incident_id, incidents or get_repository())
    request = page_request(params, filters=LIST_PARAMETERS, default_limit=DEFAULT_LIMIT)
    include_pending = request.query.flag("include_pending")
    scope = f"attachments:{principal.org_id}:{incident_id}"
    start = resume_key(
        request.cursor,
        scope=scope,
        owns=lambda key: repository.owns_key(org_id=principal.org_id, incident_id=incident_id, key=key),
    )
    page = repository.list_attachments(
        org_id=principal.org_id, incident_id=incident_id, limit=request.limit, start_key=start
    )
    items = []
    for attachment in page.items:
        if attachment.get("status") == AttachmentStatus.AVAILABLE:
            items.append(_with_download(attachment, storage))
        elif attachment.get("status") == AttachmentStatus.PENDING and include_pending:
            items.append({**attachment_view(attachment), "upload_expires_at": attachment.get("upload_expires_at")})
    return listing(items, limit=request.limit, scope=scope, resume=page.resume_key)


def delete_attachment(
    *,
    principal: Principal,
    incident_id: str,
    attachment_id: str,
    incidents: IncidentRepository | None = None,
    repository: AttachmentRepository | None = None,
    storage: AttachmentStorage | None = None,
) -> dict[str, Any]:
    """The uploader, or a holder of `incidents:delete`, removes an attachment and its bytes.

    The item stays (status `deleted`, who and when) for the audit trail."""
    repository, storage, incidents = _attachments(repository), _storage(storage), incidents or get_repository()
    incident, attachment = _visible_attachment(
        principal, incident_id, attachment_id, incidents=incidents, repository=repository
    )
    if attachment.get("uploaded_by") != principal.sub and not principal.has("incidents:delete"):
        raise Forbidden(
            "Only the uploader or a holder of incidents:delete can delete an attachment",
            details={"required_permission": "incidents:delete", "user_permissions": sorted(principal.permissions)},
        )
    deleted = _without_ttl(attachment)
    deleted.update(
        status=AttachmentStatus.DELETED,
        deleted_at=now_iso(),
        deleted_by=principal.sub,
        version=int(attachment["version"]) + 1,
    )
    # Only an attachment that reached the timeline leaves it with an event.
    event = (
        _event("incident.attachment_deleted", deleted, incident=incident, actor=principal.sub)
        if attachment.get("status") == AttachmentStatus.AVAILABLE
        else None
    )
    try:
        repository.put_attachment(deleted, event=event, expected_version=int(attachment["version"]))
    except VersionMismatch as error:
        raise NotFound(f"Attachment {attachment_id} changed or its incident is gone: fetch it again") from error
    # After the item: a failure here leaves an object no attachment owns, never a listed
    # attachment without its bytes.
    storage.delete(key=_key_of(attachment))
    return {"attachment_id": attachment_id, "deleted": True}
