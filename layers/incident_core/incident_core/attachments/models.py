"""Request models of attachments: what an uploader declares before the upload."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from incident_core.attachments.filenames import MEDIA_TYPE, normalize_content_type, sanitize_filename
from incident_core.core.settings import DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES, get_settings
from incident_core.incidents.models import StrictInput


class AttachmentCreate(StrictInput):
    """A file to attach: its name (sanitised), its type (allow-listed) and its exact size."""

    # The checks are the validators below (their messages are the API's); the published schema
    # says what it can of them. The allow-list and the size limit are the deployment's settings.
    filename: str = Field(
        description="The file's name: its path is dropped, and it must contain a letter or a digit",
        # A letter or a digit in its last path segment (`[^\W_]`: \w without `_`).
        json_schema_extra={"minLength": 1, "maxLength": 1024, "pattern": r"[^\W_][^/\\]*$"},
    )
    content_type: str = Field(
        description=f"A media type of the deployment's allow-list (by default: {DEFAULT_ATTACHMENT_TYPES})",
        examples=["application/pdf"],
        json_schema_extra={"pattern": MEDIA_TYPE.pattern},
    )
    size: int = Field(
        description=f"The exact size in bytes, at most the deployment's limit (default {DEFAULT_ATTACHMENT_MAX_BYTES})",
        json_schema_extra={"minimum": 1},
    )

    @field_validator("filename", mode="before")
    @classmethod
    def _filename(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise PydanticCustomError("filename", "filename must be a non-empty string")
        if len(value) > 1024:
            raise PydanticCustomError("filename", "filename must be at most 1024 characters")
        return sanitize_filename(value)

    @field_validator("content_type", mode="before")
    @classmethod
    def _content_type(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("content_type", "content_type must be a string")
        return normalize_content_type(value, get_settings().attachment_allowed_types)

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():  # JSON has one number type: 409.0 is 409
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("size", "size must be an integer number of bytes")
        limit = get_settings().attachment_max_bytes
        if value < 1:
            raise PydanticCustomError("size", "size must be at least 1 byte")
        if value > limit:
            raise PydanticCustomError("size", "size must be at most {limit} bytes", {"limit": limit})
        return value
