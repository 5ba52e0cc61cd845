"""Every request no route takes (`/{proxy+}` and `/`): 404 NOT_FOUND for a path the API does not
serve, 405 METHOD_NOT_ALLOWED with `Allow` for one it serves with other methods.

API Gateway routes a request here when no specific route takes it, an undeclared method on
a declared path included; its own answer would be a bare 403 (MiniStack ignores the
template's `GatewayResponses`). Here it is our envelope with `X-Request-Id`, like every
answer. No token is needed: the routes are public in the OpenAPI document anyway. The
API's routes come from the layer's table (`http/api_routes.py`), which a unit test holds
equal to `template.yaml`; no pydantic, no storage.
"""

from incident_core.http.api_routes import API_ROUTES
from incident_core.http.router import IncidentApi

api = IncidentApi(api_routes=API_ROUTES)

lambda_handler = api.handler()
