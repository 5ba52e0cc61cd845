#!/usr/bin/env python3
"""The API's OpenAPI 3.1 document, generated from the routes the functions declare.

    .venv/bin/python scripts/openapi.py                      # writes openapi.json (and its copy)
    .venv/bin/python scripts/openapi.py --output -           # prints it

Each API function declares its routes on an `IncidentApi` (typed endpoints: path
parameters and one pydantic body model). Here every function of `template.yaml` with an
API event is imported and its routes are registered on one Powertools
`APIGatewayRestResolver`, which writes the document: request bodies from the layer's
models, the bearer-token scheme on every route that needs a permission.

The document is committed as the repository's top-level `openapi.json`, and copied into
`functions/api_docs/` because SAM builds each function from its own folder only: that
function serves it at `GET /openapi.json` (with Swagger UI and ReDoc). The text is
deterministic (sorted keys, two-space indents, a final newline), and
`tests/unit/http/test_openapi_document.py` fails when either file differs from a fresh one.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYER_SOURCE = ROOT / "layers" / "incident_core"
# The committed document, and the copy the docs function serves (the same text).
DOCUMENT_FILES = (ROOT / "openapi.json", ROOT / "functions" / "api_docs" / "openapi.json")
# Functions whose routes are not operations of the API, with the reason.
UNDOCUMENTED_FUNCTIONS = {
    "api_docs": "serves this document and the pages that render it: HTML and scripts, not the API",
    "route_not_found": "answers what no route takes (404, 405): every path of the document is taken",
}
TITLE = "Incident API"
DESCRIPTION = "Security and operational incidents: lifecycle, triage, actions, attachments, webhooks."


def build_openapi() -> dict[str, Any]:
    """The OpenAPI document of every API function in the template."""
    for path in (ROOT, LAYER_SOURCE):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    # Importing a function builds its handler, which reads the settings; none is called.
    os.environ.setdefault("TABLE_NAME", "openapi")
    os.environ.setdefault("JWT_SECRET", "openapi-document-only-0123456789abcdef")
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver
    from aws_lambda_powertools.event_handler.openapi.models import (
        HTTPBearer,
        OAuth2,
        OAuthFlowClientCredentials,
        OAuthFlows,
    )

    from incident_core import __version__
    from incident_core.core.auth import ALL_PERMISSIONS
    from incident_core.http.openapi import ERROR_SCHEMA, ERROR_SCHEMA_NAME, register_openapi
    from incident_core.http.router import IncidentApi
    from tests.support.api_events import load_function
    from tests.support.template import api_routes, template

    resolver = APIGatewayRestResolver()  # validation off: its 422 would misstate our 400 envelope
    resources = template()["Resources"]
    for logical_id in api_routes():
        code_dir = str(resources[logical_id]["Properties"]["CodeUri"]).rstrip("/").split("/")[-1]
        if code_dir in UNDOCUMENTED_FUNCTIONS:
            continue
        api = getattr(load_function(code_dir), "api", None)
        if not isinstance(api, IncidentApi):
            raise SystemExit(f"{code_dir}/app.py declares no IncidentApi named `api`")
        register_openapi(api, resolver, tags=[_tag(code_dir)])
    document: dict[str, Any] = json.loads(
        resolver.get_openapi_json_schema(
            title=TITLE,
            version=__version__,
            description=DESCRIPTION,
            security_schemes={
                "bearerAuth": HTTPBearer(bearerFormat="JWT"),
                # How an API client (`POST /clients`) gets a token the stack signs itself: the token is
                # then sent as any other bearer token (`bearerAuth`).
                "clientCredentials": OAuth2(
                    flows=OAuthFlows(
                        clientCredentials=OAuthFlowClientCredentials(
                            tokenUrl="/auth/token",
                            scopes={permission: f"the {permission} permission" for permission in ALL_PERMISSIONS},
                        )
                    )
                ),
            },
        )
    )
    document_token_endpoint(document)
    document_pagerduty_endpoints(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    name_objects_in_unions(schemas)
    return document


TOKEN_ERRORS = {
    400: "RFC 6749 5.2: invalid_request, unsupported_grant_type or invalid_scope",
    401: "RFC 6749 5.2: invalid_client (unknown, wrong secret, revoked or expired; `WWW-Authenticate: Basic`)",
    429: "slow_down: five failed requests for this client id this minute; `Retry-After` says when to retry",
}


def document_token_endpoint(document: dict[str, Any]) -> None:
    """`POST /auth/token` speaks OAuth (RFC 6749), not our envelope: its form body and its error bodies."""
    operation = document.get("paths", {}).get("/auth/token", {}).get("post")
    if operation is None:
        return
    field = {"type": "string"}
    operation["requestBody"] = {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "grant_type": {"const": "client_credentials"},
                        "client_id": field,
                        "client_secret": field,
                        "scope": {**field, "description": "Space-separated permissions; all the client's without it"},
                        "username": {**field, "description": "Seed 004's form (no grant_type): the client id"},
                        "password": {**field, "description": "Seed 004's form: the client secret"},
                    },
                },
                "example": {"grant_type": "client_credentials", "scope": "incidents:read"},
            }
        },
    }
    operation["security"] = [{"clientBasic": []}, {}]
    document["components"]["securitySchemes"]["clientBasic"] = {
        "type": "http",
        "scheme": "basic",
        "description": "The client id and secret (RFC 6749 2.3.1), or send them in the form",
    }
    oauth_error = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
    }
    for status, description in TOKEN_ERRORS.items():
        operation["responses"][str(status)] = {
            "description": description,
            "content": {"application/json": {"schema": oauth_error}},
        }


PAGERDUTY_ERRORS = {
    400: "invalid event: not JSON, no `routing_key`, or an event the model refuses (`errors` lists why)",
    401: "unauthorized: the routing key is no integration key of this API (or its secret is wrong)",
    403: "forbidden: the integration key is revoked",
    429: "throttle event: the key's rate limit (`rate_limit_per_minute`) is spent; `Retry-After` says when",
}


def document_pagerduty_endpoints(document: dict[str, Any]) -> None:
    """`POST /v2/enqueue` and `/v2/change/enqueue` speak PagerDuty Events v2, not our envelope: the
    body's `routing_key` (an integration key) is the credential, and every refusal is PagerDuty's JSON."""
    from incident_core.incidents.models import VISIBLE
    from incident_core.integrations.change_models import ChangeEvent

    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    change = ChangeEvent.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in change.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas.setdefault("ChangeEvent", change)
    # `/events`' own model (documented with it), with the key that authenticates it: required, never
    # null or blank here. A copy, not an `allOf` over it (generators can not merge `str | None` with `str`).
    inbound = copy.deepcopy(schemas["InboundEvent"])
    inbound["properties"]["routing_key"] = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": VISIBLE}
    inbound["required"] = sorted({*inbound.get("required", []), "routing_key"})
    inbound["title"] = "PagerDutyEvent"
    schemas.setdefault("PagerDutyEvent", inbound)
    event = {"$ref": "#/components/schemas/PagerDutyEvent"}
    refusal = {
        "type": "object",
        "required": ["status", "message", "errors"],
        "properties": {
            "status": {"type": "string"},
            "message": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "string"}},
        },
    }
    for path, body in (("/v2/enqueue", event), ("/v2/change/enqueue", {"$ref": "#/components/schemas/ChangeEvent"})):
        operation = document.get("paths", {}).get(path, {}).get("post")
        if operation is None:
            continue
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        operation["security"] = [{}]
        for status, description in PAGERDUTY_ERRORS.items():
            operation["responses"][str(status)] = {
                "description": description,
                "content": {"application/json": {"schema": refusal}},
            }


def name_objects_in_unions(schemas: dict[str, Any]) -> None:
    """Make each titled object inside a `oneOf` shape a component of its own, used by `$ref`.

    Pydantic inlines the models a custom schema embeds (each action's parameters model in
    `ActionRequest`). Client generators cannot all build a class for an object nested inline in
    a union member (openapi-python-client drops the whole request body); every one can for a
    `$ref`, and the document says the same.
    """
    for schema in list(schemas.values()):
        for shape in schema.get("oneOf", []):
            for name, field in shape.get("properties", {}).items():
                title = field.get("title")
                if field.get("type") != "object" or not title:
                    continue
                if schemas.setdefault(title, field) != field:
                    raise SystemExit(f"two different schemas would be the component {title}")
                shape["properties"][name] = {"$ref": f"#/components/schemas/{title}"}


def _tag(code_dir: str) -> str:
    for word, tag in (
        ("webhook", "webhooks"),
        ("action", "actions"),
        ("remediat", "actions"),
        ("triage", "triage"),
        ("attachment", "attachments"),
    ):
        if word in code_dir:
            return tag
    if "comment" in code_dir:
        return "comments"
    if code_dir.endswith("_client") or code_dir in ("list_clients", "rotate_client_secret", "issue_token"):
        return "clients"
    if code_dir in ("health",):
        return "health"
    if code_dir in ("ingest_event", "alertmanager_webhook"):
        return "alerts"
    if "integration_key" in code_dir or code_dir.startswith("enqueue_pagerduty"):
        return "integrations"
    return "incidents"


def render(document: dict[str, Any]) -> str:
    """The document as committed: the same text for the same content, whatever the dict order."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", help="a file, or - for stdout (default: openapi.json and its copy)")
    args = parser.parse_args(argv)
    text = render(build_openapi())
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    for output in [Path(args.output)] if args.output else DOCUMENT_FILES:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
        print(f"openapi: wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
