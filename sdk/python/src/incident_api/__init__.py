"""Python SDK of the incident API: typed models generated from `openapi.json`, sync and async clients.

from incident_api import IncidentClient

client = IncidentClient("https://api.example.com", client_id="...", client_secret="...")
incident = client.incidents.create(title="Disk full", description="srv01 /var at 100%", severity="high")
for open_incident in client.incidents.list(status="open", severity="high"):
    ...
"""

from incident_api import models
from incident_api.async_client import AsyncIncidentClient
from incident_api.auth import BearerToken, ClientCredentials
from incident_api.client import IncidentClient
from incident_api.errors import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IncidentApiError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    UnprocessableError,
    WebhookVerificationError,
)
from incident_api.operations import Page
from incident_api.retrying import NO_RETRIES, RetryPolicy
from incident_api.webhooks import verify_webhook

__all__ = [
    "NO_RETRIES",
    "ApiConnectionError",
    "ApiError",
    "AsyncIncidentClient",
    "AuthenticationError",
    "BadRequestError",
    "BearerToken",
    "ClientCredentials",
    "ConflictError",
    "IncidentApiError",
    "IncidentClient",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "UnprocessableError",
    "WebhookVerificationError",
    "models",
    "verify_webhook",
]
