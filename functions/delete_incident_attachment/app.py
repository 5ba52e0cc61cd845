"""DELETE /incidents/{id}/attachments/{attachment_id}: the uploader (or incidents:delete) removes a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.attachments import service as attachments
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.attachments.responses import DeletedAttachment

api = IncidentApi()


@api.route(
    "DELETE",
    "/incidents/<id>/attachments/<attachment_id>",
    permission=("incidents:delete", "incidents:write", "incidents:create"),
)
def delete_attachment(id: str, attachment_id: str) -> Response[DeletedAttachment]:  # noqa: A002
    return ok(attachments.delete_attachment(principal=api.principal, incident_id=id, attachment_id=attachment_id))


lambda_handler = api.handler()
