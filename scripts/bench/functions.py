"""The API functions of `template.yaml`, the request each one's first call serves, and their
environment as deployed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.bench.config import ORG, RATE_LIMIT_TABLE, REGION, SECRET, TABLE
from scripts.bench.errors import BenchError

NEW_INCIDENT: dict[str, Any] = {
    "title": "Suspicious login from a new country",
    "description": "Impossible travel for a finance user: Frankfurt then Sao Paulo within 20 minutes.",
    "severity": "high",
    "incident_type": "account_compromise",
    "source": "siem",
    "affected_systems": ["okta", "vpn"],
    "tags": ["identity", "finance"],
}


@dataclass(frozen=True)
class BenchRequest:
    """The request a function's first call serves."""

    method: str
    resource: str
    body: Mapping[str, Any] | None = None
    query: Mapping[str, list[str]] | None = None
    headers: Mapping[str, str] | None = None
    authenticated: bool = True

    @property
    def needs_incident(self) -> bool:
        return "{id}" in self.resource


REQUESTS: dict[str, BenchRequest] = {
    "health": BenchRequest("GET", "/health", authenticated=False),
    "create_incident": BenchRequest("POST", "/incidents", body=NEW_INCIDENT),
    "list_incidents": BenchRequest("GET", "/incidents", query={"limit": ["20"]}),
    "get_incident": BenchRequest("GET", "/incidents/{id}"),
    "update_incident": BenchRequest(
        "PATCH",
        "/incidents/{id}",
        body={"severity": "critical", "tags": ["identity", "escalated"]},
        headers={"If-Match": '"1"'},
    ),
    "change_incident_status": BenchRequest("PUT", "/incidents/{id}/status", body={"status": "acknowledged"}),
    "delete_incident": BenchRequest("DELETE", "/incidents/{id}"),
    "get_incident_analytics": BenchRequest("GET", "/analytics/incidents", query={"bucket": ["week"]}),
}


@dataclass(frozen=True)
class ApiFunction:
    """An API function of the template: its logical id, code directory and routes."""

    logical_id: str
    name: str
    routes: tuple[tuple[str, str], ...]
    environment: Mapping[str, Any]


def api_functions(template: Mapping[str, Any]) -> list[ApiFunction]:
    """Every function of the template with an API event, in template order."""
    found: list[ApiFunction] = []
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource.get("Properties", {})
        routes = tuple(
            (str(event["Properties"]["Method"]).upper(), str(event["Properties"]["Path"]))
            for event in properties.get("Events", {}).values()
            if event.get("Type") == "Api"
        )
        if routes:
            name = str(properties["CodeUri"]).rstrip("/").split("/")[-1]
            variables = properties.get("Environment", {}).get("Variables", {})
            found.append(ApiFunction(logical_id, name, routes, variables))
    return found


def resolve(value: Any, refs: Mapping[str, str], conditions: Mapping[str, Any]) -> Any:
    """Evaluate the CloudFormation functions the environment uses (Ref, If, Equals, Not, Condition)."""
    if not (isinstance(value, dict) and len(value) == 1):
        return value
    ((kind, argument),) = value.items()
    if kind == "Ref":
        if argument not in refs:
            raise BenchError(f"bench has no value for !Ref {argument} in the function environment")
        return refs[argument]
    if kind == "Condition":
        return resolve(conditions[argument], refs, conditions)
    if kind == "Equals":
        left, right = (resolve(item, refs, conditions) for item in argument)
        return left == right
    if kind == "Not":
        return not resolve(argument[0], refs, conditions)
    if kind == "If":
        name, when_true, when_false = argument
        chosen = when_true if resolve(conditions[name], refs, conditions) else when_false
        return resolve(chosen, refs, conditions)
    raise BenchError(f"bench can not evaluate {kind} in the function environment")


def function_environment(
    template: Mapping[str, Any], function: ApiFunction | None, *, endpoint: str, home: Path
) -> dict[str, str]:
    """The environment of a function as deployed (template globals, tracing off) plus Lambda's own."""
    parameters = {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    parameters.update({"JwtSecret": SECRET, "Environment": "aws", "EnableTracing": "false", "LogLevel": "INFO"})
    # !Ref of a queue is its URL; the API functions never send to it (the event router does).
    queues = {
        name: f"https://sqs.{REGION}.amazonaws.com/123456789012/{name}"
        for name, resource in template.get("Resources", {}).items()
        if resource.get("Type") == "AWS::SQS::Queue"
    }
    # !Ref of a bucket is its name; the measured functions never touch it.
    buckets = {
        name: f"bench-{name.lower()}"
        for name, resource in template.get("Resources", {}).items()
        if resource.get("Type") == "AWS::S3::Bucket"
    }
    refs = {**parameters, **queues, **buckets, "AWS::Region": REGION, "IncidentsTable": TABLE}
    refs["RateLimitTable"] = RATE_LIMIT_TABLE
    conditions = template.get("Conditions", {})
    variables = dict(template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    variables.update(function.environment if function else {})
    environment = {name: str(resolve(value, refs, conditions)) for name, value in variables.items()}
    function_name = function.logical_id if function else "BareHandler"
    environment.update(
        {
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
            "_HANDLER": "app.lambda_handler",
            "HOME": str(home),
            "AWS_CONFIG_FILE": str(home / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
            "LANG": "C.UTF-8",
            "TZ": ":UTC",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        }
    )
    if environment.get("POWERTOOLS_TRACE_DISABLED", "true").lower() != "true":
        raise BenchError("the bench measures with tracing disabled, but the template enables it")
    return environment


def bench_token() -> str:
    """A valid HS256 token of the bench org with every permission."""
    from scripts.dev_token import ALL_PERMISSIONS, make_token

    return make_token(secret=SECRET, org=ORG, sub="bench-user", permissions=ALL_PERMISSIONS)


def request_event(request: BenchRequest, *, incident_id: str | None, token: str) -> dict[str, Any]:
    """The API Gateway REST proxy event of a request."""
    from tests.support.api_events import api_event

    return api_event(
        request.method,
        request.resource,
        path_parameters={"id": incident_id} if request.needs_incident and incident_id else None,
        body=dict(request.body) if request.body is not None else None,
        token=token if request.authenticated else None,
        headers=dict(request.headers or {}),
        query={name: list(values) for name, values in (request.query or {}).items()} or None,
    )
