"""PATCH and PUT /webhooks/{id}: change a subscription, `is_active` included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG, IF_MATCH
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks
from incident_core.webhooks.models import WebhookUpdate

if TYPE_CHECKING:
    from incident_core.webhooks.responses import Webhook

api = IncidentApi()


@api.route(
    "PATCH",
    "/webhooks/<id>",
    permission="webhooks:write",
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
@api.route(
    "PUT",
    "/webhooks/<id>",
    permission="webhooks:write",
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
def update_webhook(id: str, changes: WebhookUpdate) -> Response[Webhook]:  # noqa: A002
    data = webhooks.update_webhook(
        principal=api.principal, webhook_id=id, changes=changes, if_match=api.header("If-Match")
    )
    return ok(data, headers={"ETag": f'"{data["version"]}"'})


lambda_handler = api.handler()
