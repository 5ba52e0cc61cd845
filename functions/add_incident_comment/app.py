"""POST /incidents/{id}/comments: comment on an incident (`internal` ones are hidden from reporters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import CommentCreate
from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.collaboration.responses import Comment

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/comments",
    permission=("incidents:write", "incidents:create"),
    status=201,
    response_headers=(LOCATION,),
)
def add_comment(id: str, comment: CommentCreate) -> Response[Comment]:  # noqa: A002
    data = collaboration.add_comment(principal=api.principal, incident_id=id, data=comment)
    return created(data, location=f"/incidents/{id}/comments/{data['id']}")


lambda_handler = api.handler()
