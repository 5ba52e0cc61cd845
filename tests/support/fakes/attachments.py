"""In-memory attachment items and objects, subclassing the real interfaces."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from incident_core.attachments.repository import (
    AttachmentRepository,
    AttachmentStorage,
    Page,
    PresignedUpload,
    StoredObject,
)
from incident_core.core.errors import VersionMismatch
from incident_core.storage.outbox import EventRecord
from tests.support.fakes.incidents import InMemoryIncidentRepository

UPLOADED_AT = datetime(2026, 11, 23, 2, 6, 10, tzinfo=UTC)


class InMemoryAttachmentRepository(AttachmentRepository):
    """Attachments by (org, incident, id); a write needs the incident alive in `incidents`."""

    def __init__(self, incidents: InMemoryIncidentRepository | None = None) -> None:
        self.items: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.events: list[EventRecord] = []
        self.incidents = incidents

    def put_attachment(
        self, attachment: Mapping[str, Any], *, event: EventRecord | None, expected_version: int | None
    ) -> None:
        key = (attachment["org_id"], attachment["incident_id"], attachment["attachment_id"])
        stored = self.items.get(key)
        if expected_version is None and stored is not None:
            raise VersionMismatch
        if expected_version is not None and (stored is None or stored["version"] != expected_version):
            raise VersionMismatch
        incident = self.incidents.get_incident(org_id=key[0], incident_id=key[1]) if self.incidents else None
        if incident is None or incident.get("deleted_at"):
            raise VersionMismatch
        self.items[key] = {k: v for k, v in copy.deepcopy(dict(attachment)).items() if v is not None}
        if event is not None:
            self.events.append(event)

    def get_attachment(self, *, org_id: str, incident_id: str, attachment_id: str) -> dict[str, Any] | None:
        found = self.items.get((org_id, incident_id, attachment_id))
        return copy.deepcopy(found) if found else None

    def list_attachments(self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None) -> Page:
        ids = sorted(a for (o, i, a) in self.items if (o, i) == (org_id, incident_id))
        if start_key:
            ids = [a for a in ids if a > start_key["sk"]]
        page = ids[:limit]
        resume = {"pk": f"{org_id}/{incident_id}", "sk": page[-1]} if len(ids) > limit else None
        return Page([copy.deepcopy(self.items[(org_id, incident_id, a)]) for a in page], resume)

    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool:
        return key.get("pk") == f"{org_id}/{incident_id}"


class InMemoryAttachmentStorage(AttachmentStorage):
    """Objects as (bytes, content type) by key; records the uploads presigned and the deletes."""

    def __init__(self, bucket: str = "unit-bucket") -> None:
        self.bucket = bucket
        self.objects: dict[str, tuple[bytes, str]] = {}
        self.uploads: list[dict[str, Any]] = []
        self.deleted: list[str] = []

    def presign_upload(self, *, key: str, content_type: str, size: int, expires_in: int) -> PresignedUpload:
        self.uploads.append({"key": key, "content_type": content_type, "size": size, "expires_in": expires_in})
        return PresignedUpload(url=f"https://{self.bucket}.example/", fields={"key": key, "Content-Type": content_type})

    def presign_download(self, *, key: str, content_type: str, disposition: str, expires_in: int) -> str:
        return f"https://{self.bucket}.example/{key}?expires={expires_in}"

    def head(self, *, key: str) -> StoredObject | None:
        if key not in self.objects:
            return None
        body, content_type = self.objects[key]
        return StoredObject(len(body), content_type, UPLOADED_AT, '"etag"')

    def sha256(self, *, key: str) -> tuple[str, int]:
        body = self.objects[key][0]
        return hashlib.sha256(body).hexdigest(), len(body)

    def delete(self, *, key: str) -> None:
        self.objects.pop(key, None)
        self.deleted.append(key)
