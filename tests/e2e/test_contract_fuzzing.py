"""The API fuzzed against its committed contract: schemathesis drives every operation of
`openapi.json` against the deployed stack and checks each answer against the document.

Bounded, so `make test` stays short and every run sends the same requests: a fixed seed,
deterministic generation, positive data only, `EXAMPLES_PER_OPERATION` fuzzed examples per
operation (plus schemathesis' coverage phase: boundary values of the request schemas), no
shrinking, and `TIME_CAP_SECONDS` for the whole module: past it, the remaining operations are
skipped (a skip, reported with its reason), never a silent pass.

The examples of an operation alternate between two orgs, and rotate their path ids: generated
ones (answering 404), the ids of resources seeded for the operation in the example's own org (so
updates, transitions and If-Match reach the real code paths), or those of the other org, which
must stay invisible (`other_orgs_resources_stay_hidden`).

Every check schemathesis offers for one request is on (`CHECKS`). Not here: the checks that need
its stateful engine or a second identity model (`use_after_free`, `ensure_resource_availability`,
`object_level_authorization`; tenant isolation is our own check), `negative_data_rejection`
(negative data is not generated) and `max_response_time` (the emulator's timings mean nothing).

No request may make the stack call out. The only thing it calls is a webhook subscription's `url`
(delivery and `POST /webhooks/{id}/test`), so in the copy of the document given to schemathesis
that field only matches `https://127.0.0.1:<a port bound here and never listening>/...` (the e2e
stack admits loopback targets: samconfig's local `AllowInsecureWebhookTargets=true`); a delivery
is refused at once. `confined_webhook_url` also refuses to send any other value.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
import schemathesis
from schemathesis import checks as st_checks

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

AnyCase = schemathesis.Case[Any]
OPENAPI = Path(__file__).resolve().parents[2] / "openapi.json"
SEED = 20260312
EXAMPLES_PER_OPERATION = 20
TIME_CAP_SECONDS = 200.0
ORGS = ("fuzz-org-a", "fuzz-org-b")
HTTP_TIMEOUT = 30.0

# A port on 127.0.0.1 bound by this process and never listening: a connection to it is refused.
_CLOSED_PORT_SOCKET = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
_CLOSED_PORT_SOCKET.bind(("127.0.0.1", 0))
CLOSED_PORT: int = _CLOSED_PORT_SOCKET.getsockname()[1]
CONFINED_URL_PATTERN = rf"^https://127\.0\.0\.1:{CLOSED_PORT}/[a-z0-9]{{1,16}}$"
WEBHOOK_BODIES = ("WebhookCreate", "WebhookUpdate")

# The 400s a schema-valid request may get, each for a rule the document can not state: a value
# only the API issues, a rule between query parameters, one on the stored incident, or one of the
# deployment's settings. (field, the start of the message).
INEXPRESSIBLE_RULES = (
    ("cursor", "cursor is invalid or belongs to another query"),  # opaque and signed: only the API makes one
    ("cursor", "use either cursor or page"),  # between query parameters
    ("page", "page * per_page can not exceed"),  # the same
    ("offset", "offset + limit can not exceed"),  # the same
    ("offset", "use either page or offset, not both"),  # the same
    ("created_after", "created_after must be before"),  # the same
    ("start", "start must be before"),  # the same
    ("from", "from must not be after to"),  # the same (GET /analytics/incidents)
    ("from", "a range covers at most"),  # the same
    ("assigned", "assigned and assigned_to disagree"),  # the same
    ("assigned_to", "assigned and assigned_to disagree"),  # the same
    ("sort", "sort=-"),  # the same: a descending sort with order=asc
    ("order", "sort=-"),  # the same
    ("org", "org must be one of the orgs your token names"),  # the token's orgs
    ("event", "event must be one of the orgs your token names"),  # the same
    # One parameter under two names, given two values (GET /incidents, GET /me/incidents)
    *(
        (name, f"{first} and {second} are the same parameter")
        for first, second in (
            ("limit", "per_page"),
            ("limit", "page_size"),
            ("per_page", "page_size"),
            ("severity", "priority"),
            ("incident_type", "type"),
            ("created_after", "start"),
            ("created_before", "end"),
            ("q", "search"),
            ("org", "event"),
        )
        for name in (first, second)
    ),
    ("assigned_to", "an investigating incident must keep an assignee"),  # the stored status
    ("assigned_to", "assigned_to is required to move an incident to investigating"),  # the stored assignee
    ("content_type", "content_type must be one of:"),  # the deployment's allow-list (AttachmentAllowedTypes)
    ("size", "size must be at most"),  # the deployment's limit (AttachmentMaxBytes)
    ("parameters.ip", "ip must be a public address"),  # the address space, not a spelling a pattern can say
    ("expires_at", "expires_at must be in the future"),  # the clock
    # What an observable is (an IP, a domain, a URL, an e-mail address, a hash, a CVE id): the
    # extractor's rules, not one pattern (GET /incidents?observable=, GET /observables/{value}/incidents)
    ("observable", "observable must be an IP address"),
    ("value", "value must be an IP address"),
    ("value", "value must be printable text"),  # no control characters, at most 2,048
    ("observable", "observable combines only with"),  # between query parameters
    # PUT /sla-policy: a duration's range (its spelling is the pattern), and rules between fields
    *(
        (f"severities.{severity}{field}", start)
        for severity in ("low", "medium", "high", "critical")
        for field, start in (
            (".acknowledge_within", "must be an ISO 8601 duration"),
            (".resolve_within", "must be an ISO 8601 duration"),
            (".on_breach", "each breach action at most once"),
            ("", "name acknowledge_within, resolve_within or both"),
            ("", "resolve_within must not be shorter than acknowledge_within"),
            ("", "reassign_team names the team exactly when"),
        )
    ),
)
# Answers that depend on earlier requests, not on this one: a key the fuzzer sends again with
# another body (the same Idempotency-Key, 422), and OAuth errors of `/auth/token` that depend on
# the client (`invalid_scope`: what it may ask for) or on earlier failures (`slow_down`, 429).
STATEFUL_ERROR_CODES = frozenset({"IDEMPOTENCY_KEY_REUSED"})
STATEFUL_OAUTH_ERRORS = frozenset({"invalid_scope", "slow_down"})


def _inexpressible(detail: Mapping[str, Any]) -> bool:
    return any(
        detail.get("field") == name and str(detail.get("message", "")).startswith(start)
        for name, start in INEXPRESSIBLE_RULES
    )


def positive_data_acceptance(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> bool | None:
    """schemathesis' own check, except for a 400 that names only `INEXPRESSIBLE_RULES`, and the
    stateful answers above."""
    body = response.json() if response.status_code >= 400 else {}
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):  # `/auth/token` answers in OAuth's format (RFC 6749 5.2)
        return None if error in STATEFUL_OAUTH_ERRORS else st_checks.positive_data_acceptance(ctx, response, case)
    if isinstance(error, dict) and error.get("code") in STATEFUL_ERROR_CODES:
        return None
    if response.status_code == 400 and isinstance(error, dict):
        details = error.get("details") or []
        if details and all(_inexpressible(detail) for detail in details):
            return None
    verdict: bool | None = st_checks.positive_data_acceptance(ctx, response, case)
    return verdict


CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
    st_checks.response_headers_conformance,
    positive_data_acceptance,
    st_checks.ignored_auth,
    st_checks.missing_required_header,
    st_checks.unsupported_method,
    st_checks.allow_header_conformance,
]


def contract_under_test() -> dict[str, Any]:
    """The committed document, its webhook `url` fields confined to the closed loopback port."""
    document: dict[str, Any] = json.loads(OPENAPI.read_text())
    for name in WEBHOOK_BODIES:
        url = document["components"]["schemas"][name]["properties"]["url"]
        url.update(pattern=CONFINED_URL_PATTERN, maxLength=64)
    return document


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "positive",
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
        },
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
        # 412 is a stale If-Match (a state of the resource, not of the data), like the default 404 and 409.
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "412"]},
        },
        "request-timeout": HTTP_TIMEOUT,
        # Examples reuse the fixtures of their operation on purpose (tokens, seeded ids); HTTP is slow.
        "suppress-health-check": ["all"],
    }
)
schema = schemathesis.openapi.from_dict(contract_under_test(), config=CONFIG)


# ------------------------------------------------------------------ seeded resources per operation


@dataclass
class Seeded:
    """Per org, real resources made for one operation (the values of its path parameters), and
    the examples' turns: example n acts for org n % 2, with ids generated, of its own org or of
    the other one (`ID_SOURCES`), in a fixed rotation."""

    path_ids: dict[str, dict[str, str]]
    turns: int = 0

    def next_turn(self) -> int:
        self.turns += 1
        return self.turns - 1


INCIDENT = {"title": "Fuzzing target", "description": "An incident the contract fuzzing works on", "severity": "low"}
WEBHOOK_FIELDS = {"name": "fuzzing", "events": ["*"]}


class Seeder:
    def __init__(self, api: ApiClient, token: str) -> None:
        self.api = api
        self.token = token

    def post(self, path: str, body: Mapping[str, Any] | None = None) -> dict[str, Any]:
        response = self.api.post(path, json=body, token=self.token)
        assert response.status_code in (200, 201, 202), f"seeding {path}: {response.status_code} {response.text}"
        data: dict[str, Any] = response.json()["data"]
        return data

    def for_path(self, path: str) -> dict[str, str]:
        """Real values for every path parameter of `path` (`/incidents/{id}/comments/{comment_id}`...)."""
        names = re.findall(r"{(\w+)}", path)
        ids: dict[str, str] = {}
        if not names:
            return ids
        if path.startswith("/webhooks/"):
            hook = self.post("/webhooks", {**WEBHOOK_FIELDS, "url": f"https://127.0.0.1:{CLOSED_PORT}/seeded"})
            ids["id"] = hook["id"]
            if "delivery_id" in names:
                ids["delivery_id"] = self.post(f"/webhooks/{hook['id']}/test")["delivery_id"]
            return ids
        ids["id"] = self.post("/incidents", INCIDENT)["id"]
        base = f"/incidents/{ids['id']}"
        if "comment_id" in names:
            ids["comment_id"] = self.post(f"{base}/comments", {"body": "seeded"})["id"]
        if "action_id" in names:
            action = self.post(f"{base}/actions", {"action": "block_ip", "parameters": {"ip": "185.159.82.14"}})
            ids["action_id"] = action["action_id"]
        if "attachment_id" in names:
            upload = {"filename": "seeded.txt", "content_type": "text/plain", "size": 5}
            ids["attachment_id"] = self.post(f"{base}/attachments", upload)["attachment_id"]
        if "triage_id" in names or path.endswith("/triage"):
            ids["triage_id"] = self.post(f"{base}/triage", {"force": True})["triage_id"]
        return ids


# ------------------------------------------------------------------------------------------- budget


@dataclass
class Budget:
    """The module's time cap and what it spent."""

    cap: float
    started: float = field(default_factory=time.monotonic)
    requests: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def spend(self, operation: str) -> None:
        if self.elapsed > self.cap:
            self.skipped.append(operation)
            pytest.skip(f"the module's time cap ({self.cap:.0f} s) is spent: {operation} not fuzzed")
        self.requests += 1


@pytest.fixture(scope="module")
def budget() -> Iterator[Budget]:
    spent = Budget(cap=TIME_CAP_SECONDS)
    yield spent
    sys.stderr.write(
        f"\n[e2e] contract fuzzing: {spent.requests} requests in {spent.elapsed:.1f}s"
        f" (seed {SEED}, {EXAMPLES_PER_OPERATION} examples per operation)"
        + (f", cut by the time cap: {', '.join(spent.skipped)}" if spent.skipped else "")
        + "\n"
    )


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    http = requests.Session()
    http.trust_env = False  # never send 127.0.0.1 through a proxy
    yield http
    http.close()


@pytest.fixture(scope="module")
def org_tokens(token: TokenFactory) -> dict[str, str]:
    return {org: token(org=org, sub=f"fuzzer-{org}") for org in ORGS}


@pytest.fixture(scope="session", autouse=True)
def closed_port() -> Iterator[int]:
    """Kept bound until the session ends: retries of deliveries may still knock after this module."""
    yield CLOSED_PORT
    _CLOSED_PORT_SOCKET.close()


@pytest.fixture(scope="module", autouse=True)
def no_subscription_left(api: ApiClient, org_tokens: dict[str, str]) -> Iterator[None]:
    """Deletes the fuzzing orgs' webhook subscriptions afterwards: their deliveries stop."""
    yield
    for org_token in org_tokens.values():
        for hook in api.get("/webhooks", token=org_token).json()["data"]:
            api.delete(f"/webhooks/{hook['id']}", token=org_token)


@pytest.fixture
def seeded(request: pytest.FixtureRequest, api: ApiClient, org_tokens: dict[str, str]) -> Seeded:
    """Per org, real resources for the path parameters of the operation under test."""
    path = _operation_path(request.node.name)
    return Seeded({org: Seeder(api, org_token).for_path(path) for org, org_token in org_tokens.items()})


def _operation_path(node_name: str) -> str:
    """`test_contract[PATCH /incidents/{id}]` -> `/incidents/{id}`."""
    label = node_name[node_name.index("[") + 1 : node_name.rindex("]")]
    return label.split(" ", 1)[1]


# ------------------------------------------------------------------------------------------- checks


def confined_webhook_url(case: AnyCase) -> None:
    """Refuses to send a webhook `url` that is not the closed loopback port (the stack would call it)."""
    body = case.body if isinstance(case.body, dict) else {}
    url = body.get("url")
    if case.path.startswith("/webhooks") and url is not None:
        assert isinstance(url, str) and re.fullmatch(CONFINED_URL_PATTERN, url), f"would call out to {url!r}"


def other_orgs_resources_stay_hidden(owner_is_other_org: bool) -> Callable[..., bool | None]:
    def check(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> bool | None:
        if owner_is_other_org and 200 <= response.status_code < 300:
            raise AssertionError(f"another org's resource answered {response.status_code} to {case.method} {case.path}")
        return None

    return check


ID_SOURCES = ("generated", "own", "own", "other")


@schema.parametrize()
def test_contract(
    case: AnyCase,
    stack: DeployedStack,
    session: requests.Session,
    org_tokens: dict[str, str],
    seeded: Seeded,
    budget: Budget,
) -> None:
    turn = seeded.next_turn()
    org = ORGS[turn % len(ORGS)]
    id_source = ID_SOURCES[turn // len(ORGS) % len(ID_SOURCES)]
    owner = {"own": org, "other": next(other for other in ORGS if other != org)}.get(id_source)
    if owner is not None and case.path_parameters:
        case.path_parameters.update(seeded.path_ids[owner])
    else:
        owner = None
    confined_webhook_url(case)
    budget.spend(case.operation.label)
    case.call_and_validate(
        base_url=stack.api_url,
        session=session,
        headers={"Authorization": f"Bearer {org_tokens[org]}"},
        checks=CHECKS,
        additional_checks=[other_orgs_resources_stay_hidden(owner not in (None, org))],
        timeout=HTTP_TIMEOUT,
    )
