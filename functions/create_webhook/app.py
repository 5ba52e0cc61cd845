"""POST /webhooks: subscribe a URL to events; the secret is shown only in this answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.storage import idempotency
from incident_core.webhooks import subscriptions as webhooks
from incident_core.webhooks.models import WebhookCreate

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookWithSecret

api = IncidentApi()


@api.route(
    "POST",
    "/webhooks",
    permission="webhooks:write",
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
)
def create_webhook(subscription: WebhookCreate) -> Response[WebhookWithSecret]:
    def create() -> Response[WebhookWithSecret]:
        data = webhooks.create_webhook(principal=api.principal, data=subscription)
        return created(data, location=f"/webhooks/{data['id']}")

    # A replay answers the first answer, secret included (the caller that created it sees it again).
    return idempotency.once(
        principal=api.principal,
        route="POST /webhooks",
        key=api.header(idempotency.HEADER),
        request=idempotency.sent_body(api.raw_body()),
        create=create,
    )


lambda_handler = api.handler()
