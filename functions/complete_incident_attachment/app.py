"""POST /incidents/{id}/attachments/{attachment_id}/complete: confirm an upload (checked with HeadObject)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.attachments import service as attachments
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.attachments.responses import AvailableAttachment

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/attachments/<attachment_id>/complete",
    permission=("incidents:write", "incidents:create"),
)
def complete_attachment(id: str, attachment_id: str) -> Response[AvailableAttachment]:  # noqa: A002
    return ok(attachments.complete_attachment(principal=api.principal, incident_id=id, attachment_id=attachment_id))


lambda_handler = api.handler()
