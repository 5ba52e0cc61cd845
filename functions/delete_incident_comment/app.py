"""DELETE /incidents/{id}/comments/{comment_id}: the author removes its comment (kept in the audit trail)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.collaboration.responses import DeletedComment

api = IncidentApi()


@api.route("DELETE", "/incidents/<id>/comments/<comment_id>", permission=("incidents:write", "incidents:create"))
def delete_comment(id: str, comment_id: str) -> Response[DeletedComment]:  # noqa: A002
    return ok(collaboration.delete_comment(principal=api.principal, incident_id=id, comment_id=comment_id))


lambda_handler = api.handler()
