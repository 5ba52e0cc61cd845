"""Storage of incident attachments: their items in DynamoDB and their bytes in S3.

An attachment's item lives in its incident's partition, `ORG#<org>#INC#<id>` /
`ATTACHMENT#<attachment id>` (ids start with their creation time, so the partition reads
them in order). Each change is one transaction: the attachment (conditional on its
`version`), its event item when it has one, and a check that the incident still exists.

The object key is `org/<org>/incident/<incident id>/<attachment id>`: built from ids the
API made (org ids can not hold `/`), never from the uploader's filename. Uploads and
downloads go straight to S3 with presigned requests; the policy of an upload binds the
key, the content type and the exact size, so S3 itself refuses anything else.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from botocore.config import Config
from botocore.exceptions import ClientError

from incident_core.core import aws
from incident_core.core.settings import get_settings
from incident_core.incidents.repository import incident_item_writes
from incident_core.storage.dynamo import (
    DynamoTable,
    item_fields,
    item_key,
    prefix_query,
    stored_item,
    transact,
)
from incident_core.storage.keys import ATTACHMENT_PREFIX, incident_pk
from incident_core.storage.outbox import EventRecord

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

OBJECT_KEY = re.compile(
    r"^org/(?P<org_id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,63})/incident/(?P<incident_id>[0-9a-f-]{36})"
    r"/(?P<attachment_id>att_[0-9]{17}_[0-9a-f]{12})$"
)
HASH_CHUNK_BYTES = 1024 * 1024


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    resume_key: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """Which attachment an object key names."""

    org_id: str
    incident_id: str
    attachment_id: str


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What S3 says about an uploaded object (HeadObject)."""

    size: int
    content_type: str
    last_modified: datetime | None
    etag: str | None


@dataclass(frozen=True, slots=True)
class PresignedUpload:
    url: str
    fields: dict[str, str]


def object_key(*, org_id: str, incident_id: str, attachment_id: str) -> str:
    return f"org/{org_id}/incident/{incident_id}/{attachment_id}"


def parse_object_key(key: str) -> ObjectRef | None:
    """The attachment an object key belongs to, or None for a key this API never hands out."""
    match = OBJECT_KEY.match(key)
    if match is None:
        return None
    return ObjectRef(match["org_id"], match["incident_id"], match["attachment_id"])


# --- DynamoDB ----------------------------------------------------------------------------


class AttachmentRepository(ABC):
    @abstractmethod
    def put_attachment(
        self, attachment: Mapping[str, Any], *, event: EventRecord | None, expected_version: int | None
    ) -> None:
        """Store a new (None) or changed attachment with its event, if the incident still exists."""

    @abstractmethod
    def get_attachment(self, *, org_id: str, incident_id: str, attachment_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_attachments(
        self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None
    ) -> Page: ...

    @abstractmethod
    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool: ...


class DynamoAttachmentRepository(DynamoTable, AttachmentRepository):
    def put_attachment(
        self, attachment: Mapping[str, Any], *, event: EventRecord | None, expected_version: int | None
    ) -> None:
        pk = incident_pk(attachment["org_id"], attachment["incident_id"])
        item = stored_item(
            attachment, pk=pk, sk=f"{ATTACHMENT_PREFIX}{attachment['attachment_id']}", entity="attachment"
        )
        events = [event] if event is not None else []
        transact(
            self.client, incident_item_writes(self.table_name, item, expected_version=expected_version, events=events)
        )

    def get_attachment(self, *, org_id: str, incident_id: str, attachment_id: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(incident_pk(org_id, incident_id), f"{ATTACHMENT_PREFIX}{attachment_id}"))

    def list_attachments(self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None) -> Page:
        pk = incident_pk(org_id, incident_id)
        request = prefix_query(self.table_name, pk, ATTACHMENT_PREFIX, ScanIndexForward=True, Limit=limit)
        items, resume = self.query_page(request, start_key=start_key)
        return Page([item_fields(item) for item in items], resume)

    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool:
        """Whether a resume key lies among this incident's attachments."""
        return (
            set(key) == {"pk", "sk"}
            and key.get("pk") == incident_pk(org_id, incident_id)
            and str(key.get("sk", "")).startswith(ATTACHMENT_PREFIX)
        )


# --- S3 ------------------------------------------------------------------------------------


class AttachmentStorage(ABC):
    """The bytes of attachments: presigned uploads and downloads, and what was uploaded."""

    bucket: str

    @abstractmethod
    def presign_upload(self, *, key: str, content_type: str, size: int, expires_in: int) -> PresignedUpload:
        """A presigned POST whose policy binds the key, the content type and exactly `size` bytes."""

    @abstractmethod
    def presign_download(self, *, key: str, content_type: str, disposition: str, expires_in: int) -> str: ...

    @abstractmethod
    def head(self, *, key: str) -> StoredObject | None:
        """The uploaded object, or None while there is none."""

    @abstractmethod
    def sha256(self, *, key: str) -> tuple[str, int]:
        """Hex SHA-256 of the object and the number of bytes read."""

    @abstractmethod
    def delete(self, *, key: str) -> None:
        """Remove the object (no error when it is already gone)."""


class S3AttachmentStorage(AttachmentStorage):
    def __init__(self, *, bucket: str, client: S3Client | None = None) -> None:
        self.bucket = bucket
        self.client: S3Client = client or _s3_client()

    def presign_upload(self, *, key: str, content_type: str, size: int, expires_in: int) -> PresignedUpload:
        answer = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            # botocore adds the bucket and key conditions (and those of its signing fields) itself.
            Conditions=[{"Content-Type": content_type}, ["content-length-range", size, size]],
            ExpiresIn=expires_in,
        )
        return PresignedUpload(url=str(answer["url"]), fields={k: str(v) for k, v in answer["fields"].items()})

    def presign_download(self, *, key: str, content_type: str, disposition: str, expires_in: int) -> str:
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            ExpiresIn=expires_in,
        )

    def head(self, *, key: str) -> StoredObject | None:
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(
            size=int(answer.get("ContentLength", 0)),
            content_type=str(answer.get("ContentType") or ""),
            last_modified=answer.get("LastModified"),
            etag=answer.get("ETag"),
        )

    def sha256(self, *, key: str) -> tuple[str, int]:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        digest = hashlib.sha256()
        read = 0
        try:
            for chunk in body.iter_chunks(HASH_CHUNK_BYTES):
                digest.update(chunk)
                read += len(chunk)
        finally:
            body.close()
        return digest.hexdigest(), read

    def delete(self, *, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)


def _s3_client() -> S3Client:
    # SigV4 for every presigned request; path-style URLs against an emulator, else AWS's default style.
    path_style = get_settings().s3_path_style
    config = Config(signature_version="s3v4", s3={"addressing_style": "path" if path_style else "auto"})
    s3: S3Client = aws.client("s3", config=config)
    return s3


@lru_cache(maxsize=1)
def get_attachment_repository() -> AttachmentRepository:
    return DynamoAttachmentRepository(table_name=get_settings().table_name)


@lru_cache(maxsize=4)
def get_attachment_storage(bucket: str) -> AttachmentStorage:
    return S3AttachmentStorage(bucket=bucket)
