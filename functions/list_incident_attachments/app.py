"""GET /incidents/{id}/attachments: uploaded attachments with short-lived download URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.attachments import service as attachments
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.attachments.responses import AvailableAttachment, PendingAttachment

api = IncidentApi()


@api.route("GET", "/incidents/<id>/attachments", permission="incidents:read", query=attachments.LIST_QUERY)
def list_attachments(id: str) -> Response[list[AvailableAttachment | PendingAttachment]]:  # noqa: A002
    page = attachments.list_attachments(principal=api.principal, incident_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
