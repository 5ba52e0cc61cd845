"""Least privilege, read from `template.yaml`: each function may do what its code needs and no more.

- every grant of a function is in `access_table.ALLOWED` with the code path that needs it, and the
  other way round (a new AWS call or a broader policy fails here until both agree);
- no resource is a wildcard unless `access_table.JUSTIFIED_WILDCARDS` says why;
- a function whose every route is a GET (and the catch-all, the docs and health) writes nothing;
- SAM's own additions (the roles it generates, with their managed policies) stay within
  `access_table.SAM_MANAGED_POLICIES`: no `AWSLambdaSQSQueueExecutionRole` or
  `AWSLambdaDynamoDBExecutionRole`, which read every queue or stream of the account;
- every function logs to a log group that expires its events.

Not checkable in IAM, and so not here: that a function reads only its caller's org (every item
of every org shares one table; tests/security checks the keys the code builds).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.template import api_routes, template
from tests.unit.infrastructure.access_table import ALLOWED, JUSTIFIED_WILDCARDS, SAM_MANAGED_POLICIES
from tests.unit.infrastructure.iam import (
    Grant,
    as_list,
    every_identity_statement,
    function_access,
    functions,
    has_wildcard,
    is_write,
    render,
    sam_translated,
    statements,
    tagged,
)

NO_AWS_CALLS = ("RouteNotFoundFunction", "HealthFunction", "ApiDocsFunction")
READ_METHODS = {"GET", "HEAD"}


def _expected(logical_id: str) -> set[Grant]:
    return set().union(*(need.grants() for need in ALLOWED[logical_id]))


def _read_only_functions() -> list[str]:
    """Functions whose every API route reads (from the template's events), and those that call no AWS."""
    reading = [name for name, routes in api_routes().items() if {method for method, _ in routes} <= READ_METHODS]
    return sorted({*reading, *NO_AWS_CALLS})


def test_the_access_table_names_every_function_of_the_template() -> None:
    assert sorted(functions()) == sorted(ALLOWED)


@pytest.mark.parametrize("logical_id", sorted(functions()))
def test_a_function_is_granted_exactly_what_its_code_needs(logical_id: str) -> None:
    access = function_access(logical_id)
    assert access.unresolved == [], f"{logical_id}: write explicit statements, not SAM policy templates"
    assert access.managed_arns == [], f"{logical_id}: no AWS managed policy by ARN (name each action)"
    granted, expected = access.grants, _expected(logical_id)
    assert granted == expected, (
        f"{logical_id}: granted but not in access_table.ALLOWED: {sorted(granted - expected)}; "
        f"in the table but not granted: {sorted(expected - granted)}"
    )


def test_every_resource_a_grant_names_is_one_of_the_template() -> None:
    declared = set(template()["Resources"]) | set(template()["Parameters"])
    named = {resource for logical_id in ALLOWED for _, resource in _expected(logical_id)}
    local = {resource.split("/", 1)[0] for resource in named if ":" not in resource and resource != "*"}
    assert local - declared == set()


def test_no_identity_policy_grants_a_wildcard_it_does_not_justify() -> None:
    unjustified: list[tuple[str, Grant]] = []
    for where, statement in every_identity_statement():
        for action in as_list(statement["Action"]):
            for resource in as_list(statement["Resource"]):
                grant = (str(action), render(resource))
                if has_wildcard(*grant) and grant not in JUSTIFIED_WILDCARDS:
                    unjustified.append((where, grant))
    assert unjustified == []


def test_the_wildcard_alarm_tag_lookup_is_scoped_to_the_accounts_alarms() -> None:
    # Today's fix: it was `cloudwatch:ListTagsForResource` on "*".
    assert function_access("AlarmIngestFunction").grants >= {("cloudwatch:ListTagsForResource", "cloudwatch:alarm:*")}
    assert ("cloudwatch:ListTagsForResource", "*") not in function_access("AlarmIngestFunction").grants


def test_no_grant_is_justified_that_the_template_no_longer_makes() -> None:
    made = {grant for logical_id in functions() for grant in function_access(logical_id).grants}
    assert set(JUSTIFIED_WILDCARDS) - made == set()


def test_the_read_only_functions_are_found_in_the_templates_routes() -> None:
    found = _read_only_functions()
    assert {"GetIncidentFunction", "ListIncidentsFunction", "GetWebhookStatsFunction"} <= set(found)
    assert "CreateIncidentFunction" not in found and "UpdateIncidentFunction" not in found
    assert len(found) >= 15


# The one write a read makes: its caller's rate-limit counter, in a table that holds nothing else.
RATE_LIMIT_COUNT = ("dynamodb:UpdateItem", "RateLimitTable")


@pytest.mark.parametrize("logical_id", _read_only_functions())
def test_a_read_only_function_writes_only_its_callers_rate_limit_counter(logical_id: str) -> None:
    writes = sorted(grant for grant in function_access(logical_id).grants if is_write(grant[0]))
    assert writes == ([] if logical_id in NO_AWS_CALLS else [RATE_LIMIT_COUNT])


@pytest.mark.parametrize("logical_id", NO_AWS_CALLS)
def test_a_function_that_calls_no_aws_service_has_no_policy(logical_id: str) -> None:
    properties = template()["Resources"][logical_id]["Properties"]
    assert "Policies" not in properties and "Role" not in properties
    assert function_access(logical_id).grants == set()


@pytest.mark.parametrize(
    ("action", "writes"),
    [
        ("dynamodb:PutItem", True),
        ("dynamodb:UpdateItem", True),
        ("dynamodb:DeleteItem", True),
        ("dynamodb:BatchWriteItem", True),
        ("dynamodb:TransactWriteItems", True),
        ("sqs:SendMessage", True),
        ("sqs:ChangeMessageVisibility", True),
        ("sns:Publish", True),
        ("s3:PutObject", True),
        ("s3:DeleteObject", True),
        ("secretsmanager:PutSecretValue", True),
        ("dynamodb:GetItem", False),
        ("dynamodb:Query", False),
        ("dynamodb:ConditionCheckItem", False),
        ("s3:GetObject", False),
        ("ssm:GetParameter", False),
    ],
)
def test_the_write_check_knows_a_write_action(action: str, writes: bool) -> None:
    assert is_write(action) is writes


# --- what SAM's transform adds: the roles it generates -------------------------------------


def _translated_role(logical_id: str) -> dict[str, Any]:
    resources = sam_translated()["Resources"]
    role = tagged(resources[logical_id]["Properties"]["Role"], "GetAtt")
    role_id = role[0] if isinstance(role, list) else str(role).split(".", 1)[0]
    properties: dict[str, Any] = resources[role_id]["Properties"]
    return properties


@pytest.mark.parametrize("logical_id", sorted(functions()))
def test_a_role_sam_generates_has_only_the_justified_managed_policies(logical_id: str) -> None:
    resources = sam_translated()["Resources"]
    for managed in _translated_role(logical_id).get("ManagedPolicyArns", []):
        if isinstance(managed, str):
            assert managed.rsplit("/", 1)[-1] in SAM_MANAGED_POLICIES, f"{logical_id}: {managed}"
        else:
            reference = tagged(managed, "Ref")
            assert resources[reference]["Type"] == "AWS::IAM::ManagedPolicy", f"{logical_id}: {managed}"


@pytest.mark.parametrize(
    "logical_id",
    ["TriageWorkerFunction", "DeliveryWorkerFunction", "DeliveryBulkWorkerFunction", "EventRouterFunction"],
)
def test_an_event_source_worker_has_its_own_role_without_account_wide_polling(logical_id: str) -> None:
    role = _translated_role(logical_id)
    assert [arn for arn in role.get("ManagedPolicyArns", []) if isinstance(arn, str)] == []


def test_the_policies_sam_adds_grant_no_unjustified_wildcard() -> None:
    """SAM adds sqs:SendMessage for the OnFailure destinations of EventInvokeConfig; nothing broader."""
    unjustified: list[tuple[str, Grant]] = []
    for logical_id in functions():
        for inline in _translated_role(logical_id).get("Policies", []):
            for statement in statements(inline["PolicyDocument"]):
                for action in as_list(statement["Action"]):
                    for resource in as_list(statement["Resource"]):
                        grant = (str(action), render(resource))
                        if has_wildcard(*grant) and grant not in JUSTIFIED_WILDCARDS:
                            unjustified.append((logical_id, grant))
    assert unjustified == []


# --- logs ---------------------------------------------------------------------------------


def _retention_of(log_group: Any) -> Any:
    resources = template()["Resources"]
    name = tagged(log_group, "Ref")
    assert resources[name]["Type"] == "AWS::Logs::LogGroup"
    return resources[name]["Properties"].get("RetentionInDays")


def test_every_function_logs_to_a_log_group_that_expires_its_events() -> None:
    default = template()["Globals"]["Function"].get("LoggingConfig", {}).get("LogGroup")
    for logical_id, body in functions().items():
        log_group = body["Properties"].get("LoggingConfig", {}).get("LogGroup", default)
        assert log_group is not None, f"{logical_id} logs to Lambda's default group, kept forever"
        assert _retention_of(log_group) is not None, f"{logical_id}: its log group keeps events forever"
