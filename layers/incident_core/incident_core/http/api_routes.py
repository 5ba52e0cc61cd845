"""Every route of the API: its paths, in API Gateway's syntax, and the methods each serves.

The catch-all function (`functions/route_not_found`) tells a 405 (a path served with other
methods) from a 404 (no such path) by this table; API Gateway sends it only what no route
takes, so nothing else would tell it which paths exist. `template.yaml` is the source:
`tests/unit/http/test_route_not_found.py` fails, naming the difference, when they differ.
"""

from __future__ import annotations

API_ROUTES: dict[str, tuple[str, ...]] = {
    "/health": ("GET",),
    "/openapi.json": ("GET",),
    "/docs": ("GET",),
    "/docs/assets/{name}": ("GET",),
    "/redoc": ("GET",),
    "/events": ("POST",),
    "/integrations/alertmanager": ("POST",),
    "/integrations/keys": ("GET", "POST"),
    "/integrations/keys/{id}": ("DELETE", "GET"),
    "/integrations/keys/{id}/rotate": ("POST",),
    "/v2/enqueue": ("POST",),
    "/v2/change/enqueue": ("POST",),
    "/me/incidents": ("GET",),
    "/incidents": ("GET", "POST"),
    "/incidents/{id}": ("DELETE", "GET", "PATCH", "PUT"),
    "/incidents/{id}/status": ("PUT",),
    "/incidents/{id}/assignee": ("PUT",),
    "/incidents/{id}/timeline": ("GET",),
    "/incidents/{id}/comments": ("GET", "POST"),
    "/incidents/{id}/comments/{comment_id}": ("DELETE", "PATCH"),
    "/incidents/{id}/triage": ("GET", "POST"),
    "/incidents/{id}/triage/{triage_id}": ("GET",),
    "/observables/{value}/incidents": ("GET",),
    "/incidents/{id}/actions": ("GET", "POST"),
    "/incidents/{id}/actions/{action_id}": ("GET",),
    "/incidents/{id}/actions/{action_id}/approve": ("POST",),
    "/incidents/{id}/actions/{action_id}/reject": ("POST",),
    "/incidents/{id}/actions/{action_id}/result": ("POST",),
    "/incidents/{id}/remediate": ("POST",),
    "/incidents/{id}/analyze": ("POST",),
    "/incidents/{id}/attachments": ("GET", "POST"),
    "/incidents/{id}/attachments/{attachment_id}": ("DELETE",),
    "/incidents/{id}/attachments/{attachment_id}/complete": ("POST",),
    "/analytics/incidents": ("GET",),
    "/sla-policy": ("GET", "PUT"),
    "/auth/token": ("POST",),
    "/clients": ("GET", "POST"),
    "/clients/{id}": ("DELETE", "GET"),
    "/clients/{id}/rotate": ("POST",),
    "/webhooks": ("GET", "POST"),
    "/webhooks/{id}": ("DELETE", "GET", "PATCH", "PUT"),
    "/webhooks/{id}/rotate-secret": ("POST",),
    "/webhooks/{id}/test": ("POST",),
    "/webhooks/{id}/stats": ("GET",),
    "/webhooks/{id}/deliveries": ("GET",),
    "/webhooks/{id}/deliveries/{delivery_id}": ("GET",),
    "/webhooks/{id}/deliveries/{delivery_id}/redeliver": ("POST",),
}
