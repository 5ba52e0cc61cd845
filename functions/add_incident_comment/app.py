"""POST /incidents/{id}/comments: comment on an incident (`internal` ones are hidden from reporters)."""

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import CommentCreate
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("POST", "/incidents/<id>/comments", permission=("incidents:write", "incidents:create"))
def add_comment(id: str, comment: CommentCreate) -> Response[str]:  # noqa: A002
    data = collaboration.add_comment(principal=api.principal, incident_id=id, data=comment)
    return created(data, location=f"/incidents/{id}/comments/{data['id']}")


lambda_handler = api.handler()
