"""`POST /auth/token` on the wire: reading the request's forms, writing RFC 6749's answers.

The client authenticates one way only (RFC 6749, 2.3): HTTP Basic (`client_id:client_secret`,
each form-encoded, 2.3.1) or `client_id` and `client_secret` in the body; seed 004's form,
`username` and `password` without `grant_type`, is the client's id and secret. The body is
`application/x-www-form-urlencoded` (the RFC's) or a JSON object of strings; a parameter sent
twice is `invalid_request` (3.2). The answers are OAuth's own JSON, not our envelope.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote_plus

from incident_core.clients.tokens import CLIENT_CREDENTIALS, OAuthError, TokenRequest, invalid_client
from incident_core.http.responses import Response

FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"
MAX_PARAMETERS = 10
NO_CACHE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749, 5.1


def invalid_request(description: str) -> OAuthError:
    return OAuthError(400, "invalid_request", description)


def body_parameters(body: str, content_type: str) -> dict[str, str]:
    """The body's parameters; each at most once."""
    media_type = content_type.split(";")[0].strip().lower()
    if not body.strip():
        return {}
    if media_type in (FORM, ""):
        try:
            pairs = parse_qs(body, keep_blank_values=True, max_num_fields=MAX_PARAMETERS)
        except ValueError:
            raise invalid_request(f"At most {MAX_PARAMETERS} parameters") from None
        if any(len(values) > 1 for values in pairs.values()):
            raise invalid_request("A parameter is sent more than once")
        return {name: values[0] for name, values in pairs.items()}
    if media_type == JSON_TYPE:
        try:
            parsed: Any = json.loads(body)
        except ValueError:
            raise invalid_request("The body is not JSON") from None
        if not isinstance(parsed, dict) or not all(isinstance(value, str) for value in parsed.values()):
            raise invalid_request("The body must be a JSON object of strings")
        return dict(parsed)
    raise invalid_request(f"Send the parameters as {FORM} (or {JSON_TYPE})")


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """The client id and secret of an `Authorization: Basic` header, None without one."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        raise invalid_client()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid_client() from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise invalid_client()
    return unquote_plus(client_id), unquote_plus(secret)


def token_request(body: str, *, content_type: str, authorization: str | None) -> TokenRequest:
    """The request's client credentials and scope, or `OAuthError`."""
    parameters = body_parameters(body, content_type)
    grant_type = parameters.get("grant_type")
    if grant_type is None and "username" in parameters:  # seed 004's form
        body_credentials: tuple[str, str] | None = (parameters["username"], parameters.get("password", ""))
    else:
        if grant_type is None:
            raise invalid_request("grant_type is required (client_credentials)")
        if grant_type != CLIENT_CREDENTIALS:
            raise OAuthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported")
        has_body_credentials = "client_id" in parameters or "client_secret" in parameters
        body_credentials = (
            (parameters.get("client_id", ""), parameters.get("client_secret", "")) if has_body_credentials else None
        )
    basic = basic_credentials(authorization)
    if basic and body_credentials:
        raise invalid_request("Authenticate the client one way: HTTP Basic or the body, not both")
    credentials = basic or body_credentials
    if credentials is None or not credentials[0] or not credentials[1]:
        raise invalid_client()
    return TokenRequest(client_id=credentials[0], client_secret=credentials[1], scope=parameters.get("scope"))


def oauth_answer(status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response[Any]:
    """An answer in OAuth's JSON (RFC 6749, 5.1 and 5.2), never cached."""
    text = json.dumps(dict(body), separators=(",", ":"))
    return Response(status_code=status, body=text, headers={**NO_CACHE, **(headers or {})})
