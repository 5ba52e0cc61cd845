"""The request model of `POST /clients`: a name, the permissions the client may ask for, an expiry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import Field, StringConstraints, WithJsonSchema, field_validator

from incident_core.core.auth import ALL_PERMISSIONS, PERMISSION_ALIASES
from incident_core.incidents.models import NOT_BLANK, StrictInput

PERMISSION_NAME = r"^[A-Za-z]+:[A-Za-z]+$"
MAX_PERMISSIONS = 20

# Any letter case is read; the document lists the names as written (ours and seed 004's).
KNOWN_PERMISSIONS = sorted({*ALL_PERMISSIONS, *PERMISSION_ALIASES})
Permission = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=64, pattern=PERMISSION_NAME),
    WithJsonSchema({"type": "string", "enum": KNOWN_PERMISSIONS}),
]


class ClientCreate(StrictInput):
    """A new API client (OAuth 2.0 client credentials) of the caller's org."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=100), NOT_BLANK] = Field(
        examples=["Monitoring (Zabbix)"]
    )
    permissions: list[Permission] = Field(
        min_length=1,
        max_length=MAX_PERMISSIONS,
        description="What its tokens may hold: ours (`incidents:read`) or seed 004's names (`incident:read`); "
        "each one the creator holds itself",
        examples=[["incidents:read", "incidents:create"]],
    )
    expires_at: datetime | None = Field(
        default=None, description="After it, the client gets no token (ISO 8601, in the future)"
    )

    @field_validator("expires_at")
    @classmethod
    def _in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if moment <= datetime.now(UTC):
            raise ValueError("expires_at must be in the future")
        return moment
