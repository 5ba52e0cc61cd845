"""POST /incidents/{id}/attachments: a pending attachment and a presigned S3 POST to upload it with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.attachments import service as attachments
from incident_core.attachments.models import AttachmentCreate
from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.storage import idempotency

if TYPE_CHECKING:
    from incident_core.attachments.responses import AttachmentUpload

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/attachments",
    permission=("incidents:write", "incidents:create"),
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
)
def create_attachment(id: str, attachment: AttachmentCreate) -> Response[AttachmentUpload]:  # noqa: A002
    def create() -> Response[AttachmentUpload]:
        data = attachments.create_attachment(principal=api.principal, incident_id=id, data=attachment)
        return created(data, location=f"/incidents/{id}/attachments/{data['attachment_id']}")

    # A replay answers the first upload form (the same attachment; its presigned POST expires as it did).
    return idempotency.once(
        principal=api.principal,
        route="POST /incidents/{id}/attachments",
        key=api.header(idempotency.HEADER),
        request={"id": id, "body": idempotency.sent_body(api.raw_body())},
        create=create,
    )


lambda_handler = api.handler()
