"""POST /incidents/{id}/comments: comment on an incident (`internal` ones are hidden from reporters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import CommentCreate
from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.storage import idempotency

if TYPE_CHECKING:
    from incident_core.collaboration.responses import Comment

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/comments",
    permission=("incidents:write", "incidents:create"),
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
)
def add_comment(id: str, comment: CommentCreate) -> Response[Comment]:  # noqa: A002
    def create() -> Response[Comment]:
        data = collaboration.add_comment(principal=api.principal, incident_id=id, data=comment)
        return created(data, location=f"/incidents/{id}/comments/{data['id']}")

    return idempotency.once(
        principal=api.principal,
        route="POST /incidents/{id}/comments",
        key=api.header(idempotency.HEADER),
        request={"id": id, "body": idempotency.sent_body(api.raw_body())},
        create=create,
    )


lambda_handler = api.handler()
