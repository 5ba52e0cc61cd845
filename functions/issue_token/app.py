"""POST /auth/token: an access token for an API client (OAuth 2.0 client credentials, RFC 6749 4.4).

No bearer token: the client authenticates with its id and secret (HTTP Basic, or the form's
`client_id`/`client_secret`, or seed 004's `username`/`password`). The answer is OAuth's own
JSON, not our envelope: RFC 6749 5.1 (`access_token`, `token_type`, `expires_in`, `scope`) or
5.2 (`error`, `error_description`: 400, 401 `invalid_client`), and 429 `slow_down` with
`Retry-After` after five failed requests for one client id in a minute (`clients/tokens.py`);
`X-RateLimit-*` count the failures still allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients.token_http import oauth_answer, token_request
from incident_core.clients.tokens import OAuthError, issue_token
from incident_core.http.responses import Response
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import AccessToken

api = IncidentApi()


@api.route("POST", "/auth/token", permission=None, errors=(401, 429))
def get_token() -> Response[AccessToken]:
    try:
        request = token_request(
            api.raw_body(), content_type=api.header("Content-Type") or "", authorization=api.header("Authorization")
        )
        issued = issue_token(request)
        return oauth_answer(200, issued.body, issued.headers)
    except OAuthError as refusal:
        return oauth_answer(refusal.status, refusal.body, refusal.headers)


lambda_handler = api.handler()
