"""What `template.yaml` lets each function do: its IAM grants as (action, resource) pairs.

A function's grants come from its own `Policies` (inline statements, or a `!Ref` to a managed
policy of the template), from the role it names with `Role`, and from `AWS::IAM::Policy`
resources attached to that role (or to the role SAM generates, `<Function>Role`). Resources
are written the way the template names them: `!GetAtt IncidentsTable.Arn` is `IncidentsTable`,
`!Sub "${IncidentsTable.Arn}/index/by_org"` is `IncidentsTable/index/by_org`, and an ARN built
from the partition, region and account (`arn:${AWS::Partition}:cloudwatch:${AWS::Region}:...:alarm:*`)
keeps only its service and what follows (`cloudwatch:alarm:*`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tests.support.template import ROOT, resources_of_type, template

FUNCTION = "AWS::Serverless::Function"
NO_VALUE = {"Ref": "AWS::NoValue"}
# The verbs of IAM actions that change something (`dynamodb:PutItem`, `sqs:SendMessage`, ...).
WRITE_VERBS = (
    "Put",
    "Update",
    "Delete",
    "BatchWrite",
    "TransactWrite",
    "PartiQLInsert",
    "PartiQLUpdate",
    "PartiQLDelete",
    "Send",
    "Publish",
    "Create",
    "Change",
    "Purge",
    "Restore",
    "Tag",
    "Untag",
    "Attach",
    "Detach",
    "Set",
    "Remove",
    "Start",
    "Stop",
)
_ARN_PREFIX = re.compile(r"arn:\$\{AWS::Partition\}:([a-z0-9-]+):(?:\$\{AWS::Region\})?:(?:\$\{AWS::AccountId\})?:")
_ATTRIBUTE = re.compile(r"\$\{(\w+)\.Arn\}")

Grant = tuple[str, str]  # (action, resource as the template names it)


@dataclass
class FunctionAccess:
    """Everything the template grants one function."""

    grants: set[Grant] = field(default_factory=set)
    # Policies given in a form this reader does not resolve (SAM policy templates, ARNs by name).
    unresolved: list[Any] = field(default_factory=list)
    # AWS managed policies the template attaches by ARN.
    managed_arns: list[Any] = field(default_factory=list)


def tagged(value: Any, name: str) -> Any:
    """The argument of `!Name` / `Fn::Name` in `value`, or None when it is not that function."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key in (name, f"Fn::{name}"):
            return value[key]
    return None


def render(value: Any) -> str:
    """A resource as the template names it (see the module)."""
    if isinstance(value, str):
        return value
    if (ref := tagged(value, "Ref")) is not None:
        return str(ref)
    if (attribute := tagged(value, "GetAtt")) is not None:
        logical_id, name = attribute.split(".", 1) if isinstance(attribute, str) else attribute
        return str(logical_id) if name == "Arn" else f"{logical_id}.{name}"
    if (sub := tagged(value, "Sub")) is not None:
        text = sub if isinstance(sub, str) else sub[0]
        return _ATTRIBUTE.sub(r"\1", _ARN_PREFIX.sub(r"\1:", text))
    if (choice := tagged(value, "If")) is not None:
        condition, when_true, when_false = choice
        return f"{render(when_true)} if {condition} else {render(when_false)}"
    raise AssertionError(f"a resource this reader can not name: {value!r}")


def statements(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The statements of a policy document; a conditional one (`!If [c, statement, NoValue]`) counts."""
    listed = document.get("Statement", [])
    for statement in listed if isinstance(listed, list) else [listed]:
        if (choice := tagged(statement, "If")) is not None:
            yield from (branch for branch in choice[1:] if branch != NO_VALUE)
        else:
            yield statement


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def grants_of(document: dict[str, Any]) -> set[Grant]:
    found: set[Grant] = set()
    for statement in statements(document):
        assert statement.get("Effect") == "Allow", f"only Allow statements are expected: {statement}"
        assert "NotAction" not in statement and "NotResource" not in statement, statement
        for action in as_list(statement["Action"]):
            found |= {(str(action), render(resource)) for resource in as_list(statement["Resource"])}
    return found


def _managed_policy(access: FunctionAccess, reference: Any) -> None:
    resources = template()["Resources"]
    ref = tagged(reference, "Ref")
    if isinstance(ref, str) and resources.get(ref, {}).get("Type") == "AWS::IAM::ManagedPolicy":
        access.grants |= grants_of(resources[ref]["Properties"]["PolicyDocument"])
    else:
        access.managed_arns.append(reference)


def function_access(logical_id: str) -> FunctionAccess:
    resources = template()["Resources"]
    properties = resources[logical_id]["Properties"]
    access = FunctionAccess()
    for policy in properties.get("Policies", []):
        if isinstance(policy, dict) and "Statement" in policy:
            access.grants |= grants_of(policy)
        elif tagged(policy, "Ref") is not None:
            _managed_policy(access, policy)
        else:
            access.unresolved.append(policy)
    role = f"{logical_id}Role"  # the role SAM generates
    if "Role" in properties:
        role = render(properties["Role"])
        assert resources[role]["Type"] == "AWS::IAM::Role", f"{logical_id}: its Role is not a role of the template"
        role_properties = resources[role]["Properties"]
        for inline in role_properties.get("Policies", []):
            access.grants |= grants_of(inline["PolicyDocument"])
        for managed in role_properties.get("ManagedPolicyArns", []):
            _managed_policy(access, managed)
    for body in resources_of_type("AWS::IAM::Policy").values():
        if {"Ref": role} in body["Properties"].get("Roles", []):
            access.grants |= grants_of(body["Properties"]["PolicyDocument"])
    return access


def functions() -> dict[str, dict[str, Any]]:
    return resources_of_type(FUNCTION)


def is_write(action: str) -> bool:
    verb = action.split(":", 1)[1]
    return verb.startswith(WRITE_VERBS)


def has_wildcard(action: str, resource: str) -> bool:
    return "*" in action or "*" in resource


def every_identity_statement() -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, statement) for every identity policy of the template: functions, roles, policies."""
    resources = template()["Resources"]
    for logical_id, body in resources.items():
        properties = body.get("Properties", {})
        documents: list[dict[str, Any]] = []
        if body["Type"] == FUNCTION:
            documents = [policy for policy in properties.get("Policies", []) if isinstance(policy, dict)]
            documents = [policy for policy in documents if "Statement" in policy]
        elif body["Type"] == "AWS::IAM::Role":
            documents = [inline["PolicyDocument"] for inline in properties.get("Policies", [])]
        elif body["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents = [properties["PolicyDocument"]]
        for document in documents:
            for statement in statements(document):
                yield logical_id, statement


@cache
def sam_translated() -> dict[str, Any]:
    """The template as CloudFormation runs it: SAM's transform applied, with the roles it generates.

    Code locations become S3 URIs (the transform wants them uploaded); nothing else changes."""
    from samtranslator.translator.transform import transform  # type: ignore[import-untyped]
    from samtranslator.yaml_helper import yaml_parse  # type: ignore[import-untyped]

    parsed: dict[str, Any] = yaml_parse((ROOT / "template.yaml").read_text())
    parsed = copy.deepcopy(parsed)
    for body in parsed["Resources"].values():
        for key in ("CodeUri", "ContentUri"):
            if key in body.get("Properties", {}):
                body["Properties"][key] = "s3://bucket/code.zip"

    class NoManagedPolicyNames:
        """The template names managed policies by ARN only: no name needs looking up."""

        def load(self) -> dict[str, str]:
            return {}

    translated: dict[str, Any] = transform(parsed, {}, NoManagedPolicyNames())
    return translated
