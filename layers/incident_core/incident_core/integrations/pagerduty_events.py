"""`POST /v2/enqueue`: PagerDuty Events API v2 on the wire, for the tools built to send to PagerDuty.

The body's `routing_key` is the credential (an integration key, `integrations/caller.py`): no
Authorization header. The event itself is `/events`' body (`alerts/models.InboundEvent`) and
goes the same way (`alerts/sources/pagerduty.alert_from_inbound_event`, `alerts/service.handle_alert`),
with the key's defaults applied. Every answer is PagerDuty's own JSON, not our envelope:
- 202 `{"status": "success", "message": "Event processed", "dedup_key": ...}`;
- 400 `{"status": "invalid event", "message": "Event object is invalid", "errors": [...]}`;
- 401 (no such key) and 403 (a revoked key) in the same shape, `status` naming the refusal;
- 429 when the key is over its rate limit, with `Retry-After` (PagerDuty's clients retry then).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from incident_core.alerts.service import handle_alert
from incident_core.core.errors import RateLimited, ValidationFailed
from incident_core.http.body import json_body
from incident_core.http.responses import Response
from incident_core.http.validation import validation_details
from incident_core.integrations.caller import KeyPrincipal, authenticate_key, with_key_defaults
from incident_core.integrations.service import RevokedKey, UnknownKey

INVALID_EVENT = "Event object is invalid"
THROTTLED = "Requests for this integration key are arriving too quickly. Please retry later."


class PagerDutyRefusal(Exception):
    """An answer in PagerDuty's shape other than success."""

    def __init__(self, status_code: int, status: str, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status_code, self.status, self.message, self.errors = status_code, status, message, list(errors)
        self.headers: dict[str, str] = {}

    def response(self) -> Response[Any]:
        body = {"status": self.status, "message": self.message, "errors": self.errors}
        return pagerduty_answer(self.status_code, body, self.headers)


def pagerduty_answer(
    status_code: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> Response[Any]:
    return Response(
        status_code=status_code, body=json.dumps(dict(body), separators=(",", ":")), headers=dict(headers or {})
    )


def invalid_event(*errors: str) -> PagerDutyRefusal:
    return PagerDutyRefusal(400, "invalid event", INVALID_EVENT, errors)


def event_object(text: str) -> dict[str, Any]:
    """The body as a JSON object, or PagerDuty's 400."""
    try:
        body = json_body(text)
    except ValidationFailed as error:
        raise invalid_event(error.message) from None
    if not isinstance(body, dict):
        raise invalid_event("The event must be a JSON object")
    return body


def routing_key(body: Mapping[str, Any]) -> str:
    key = body.get("routing_key")
    if not isinstance(key, str) or not key.strip():
        raise invalid_event("'routing_key' is missing or blank")
    return key


def sender(key: str) -> tuple[KeyPrincipal, dict[str, str]]:
    """The key's caller and its rate-limit headers; PagerDuty's 401, 403 or 429 otherwise."""
    from incident_core.http.rate_limits import limit_headers

    try:
        principal, window = authenticate_key(key)
    except UnknownKey as error:
        raise PagerDutyRefusal(401, "unauthorized", "Invalid routing key", [error.message]) from None
    except RevokedKey as error:
        raise PagerDutyRefusal(403, "forbidden", "Routing key revoked", [error.message]) from None
    except RateLimited as error:
        refusal = PagerDutyRefusal(429, "throttle event", THROTTLED, [error.message])
        refusal.headers = dict(error.headers)
        raise refusal from None
    return principal, limit_headers(window) if window is not None else {}


def validated(model: Any, body: Mapping[str, Any]) -> Any:
    """`body` as `model` (a pydantic model), or PagerDuty's 400 listing what is wrong (`field: message`)."""
    from pydantic import ValidationError

    try:
        return model.model_validate(body)
    except ValidationError as error:
        details = validation_details(error.errors())
        raise invalid_event(*(f"{d['field'].removeprefix('body.')}: {d['message']}" for d in details)) from None


def enqueue(text: str) -> Response[Any]:
    """Authenticate by `routing_key`, validate, handle the event like `/events` does: PagerDuty's answers."""
    from incident_core.alerts.models import InboundEvent
    from incident_core.alerts.sources.pagerduty import alert_from_inbound_event

    try:
        body = event_object(text)
        principal, headers = sender(routing_key(body))
        event = validated(InboundEvent, body)
        outcome = handle_alert(with_key_defaults(alert_from_inbound_event(event), principal), principal=principal)
    except PagerDutyRefusal as refusal:
        return refusal.response()
    # Anything else (a 409 after retries, a 503) is the router's envelope: PagerDuty's clients retry on 5xx.
    answer = {"status": "success", "message": "Event processed", "dedup_key": outcome.dedup_key}
    return pagerduty_answer(202, answer, headers)
