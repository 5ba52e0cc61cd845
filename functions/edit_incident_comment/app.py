"""PATCH /incidents/{id}/comments/{comment_id}: the author edits its comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import CommentUpdate
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.collaboration.responses import Comment

api = IncidentApi()


@api.route("PATCH", "/incidents/<id>/comments/<comment_id>", permission=("incidents:write", "incidents:create"))
def edit_comment(id: str, comment_id: str, change: CommentUpdate) -> Response[Comment]:  # noqa: A002
    return ok(collaboration.edit_comment(principal=api.principal, incident_id=id, comment_id=comment_id, data=change))


lambda_handler = api.handler()
