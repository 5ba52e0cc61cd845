"""What the client routes and `POST /auth/token` answer, as models: for the OpenAPI document only.

They mirror `clients/service.public_view` (never the secret nor its hash) and the token
answer of RFC 6749, 5.1, which is OAuth's own JSON, not our envelope (`bare_body`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import Envelope

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`

CLIENT_EXAMPLE: dict[str, Any] = {
    "client_id": "acme.cli_5f0c2a9e4b1d7c3a8e6f9b20",
    "name": "Monitoring (Zabbix)",
    "permissions": ["incidents:create", "incidents:read"],
    "status": "active",
    "expires_at": None,
    "org_id": "acme",
    "created_by": "alice@acme.example",
    "created_at": "2026-03-01T08:30:00.000Z",
    "updated_at": "2026-03-01T08:30:00.000Z",
    "secret_rotated_at": None,
    "revoked_at": None,
    "revoked_by": None,
    "version": 1,
}
CLIENT_WITH_SECRET_EXAMPLE: dict[str, Any] = {
    **CLIENT_EXAMPLE,
    "client_secret": "cs_q8Vd0nD9bR1mW2xY3zA4cE5fG6hJ7kL8mN9pQ0rS1tU",
}
SECRET_ROTATED_EXAMPLE: dict[str, Any] = {
    **CLIENT_WITH_SECRET_EXAMPLE,
    "client_secret": "cs_Zr3Lp0aQ9wE8rT7yU6iO5pA4sD3fG2hJ1kL0zX9cV8b",
    "secret_rotated_at": "2026-03-14T10:05:00.412Z",
    "updated_at": "2026-03-14T10:05:00.412Z",
    "version": 2,
}
TOKEN_EXAMPLE: dict[str, Any] = {
    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGllbnQ6YWNtZS5jbGlfNWYwYzJhOWU0YjFkN2MzYThl"
    "NmY5YjIwIn0.3q2Xb0nQZfGm6r1eQe3o3pJ0dDk0s5bU7pL8zW2xY4c",
    "token_type": "bearer",
    "expires_in": 3600,
    "scope": "incidents:create incidents:read",
}


class Client(BaseModel):
    """An API client as the API shows it: never its secret."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CLIENT_EXAMPLE]})

    client_id: str = Field(
        description="`<org>.cli_<24 hex>`: the `client_id` (or seed 004's `username`) of /auth/token"
    )
    name: str
    permissions: list[str] = Field(description="What its tokens may hold (a request's `scope` picks among them)")
    status: Literal["active", "revoked", "expired"]
    expires_at: Timestamp | None
    org_id: str
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    secret_rotated_at: Timestamp | None
    revoked_at: Timestamp | None
    revoked_by: str | None
    version: int


class ClientWithSecret(Client):
    """A new client: the only answer that shows its secret (stored as a hash only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [CLIENT_WITH_SECRET_EXAMPLE]})

    client_secret: str = Field(description="Shown once: keep it in a secret store")


class ClientSecretRotated(ClientWithSecret):
    """The client with its new secret; the previous one no longer works."""

    model_config = ConfigDict(json_schema_extra={"examples": [SECRET_ROTATED_EXAMPLE]})


class ClientCount(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"total": 1}]})

    total: int


class ClientList(Envelope[list[Client]]):
    """Every client of the org (revoked ones too), oldest first, in one page: `meta.total` counts them."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"success": True, "data": [CLIENT_EXAMPLE], "meta": {"total": 1}}]}
    )

    meta: ClientCount


class AccessToken(BaseModel):
    """RFC 6749, 5.1: the token answer, OAuth's own JSON (not our envelope)."""

    bare_body: ClassVar[bool] = True  # `http/openapi.response_body`: documented as it is
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [TOKEN_EXAMPLE]})

    access_token: str = Field(description="A JWT: `Authorization: Bearer <access_token>` on every other route")
    token_type: Literal["bearer"]
    expires_in: int = Field(description="Seconds until it expires")
    scope: str = Field(description="The permissions it holds, space-separated")
