"""POST /incidents/{id}/attachments: a pending attachment and a presigned S3 POST to upload it with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.attachments import service as attachments
from incident_core.attachments.models import AttachmentCreate
from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.attachments.responses import AttachmentUpload

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/attachments",
    permission=("incidents:write", "incidents:create"),
    status=201,
    response_headers=(LOCATION,),
)
def create_attachment(id: str, attachment: AttachmentCreate) -> Response[AttachmentUpload]:  # noqa: A002
    data = attachments.create_attachment(principal=api.principal, incident_id=id, data=attachment)
    return created(data, location=f"/incidents/{id}/attachments/{data['attachment_id']}")


lambda_handler = api.handler()
