"""Read `template.yaml` (CloudFormation tags included) so tests build what the stack builds."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _CloudFormationLoader(yaml.SafeLoader):
    """SafeLoader that keeps `!Ref`, `!Sub`, ... as `{"Fn": value}` instead of failing."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {suffix: value}


_CloudFormationLoader.add_multi_constructor("!", _tag)


@lru_cache(maxsize=1)
def template() -> dict[str, Any]:
    with (ROOT / "template.yaml").open() as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=_CloudFormationLoader)
    return loaded


def resources_of_type(resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: body for name, body in template()["Resources"].items() if body["Type"] == resource_type}


def table_definition(logical_id: str = "IncidentsTable") -> dict[str, Any]:
    """CreateTable arguments for a table of the template (billing, keys, GSIs, stream)."""
    properties = template()["Resources"][logical_id]["Properties"]
    definition: dict[str, Any] = {
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if "GlobalSecondaryIndexes" in properties:
        definition["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    if "StreamSpecification" in properties:
        definition["StreamSpecification"] = {"StreamEnabled": True, **properties["StreamSpecification"]}
    return definition


def api_routes() -> dict[str, list[tuple[str, str]]]:
    """Function logical id -> its (METHOD, path) API events."""
    routes: dict[str, list[tuple[str, str]]] = {}
    for name, body in resources_of_type("AWS::Serverless::Function").items():
        for event in body["Properties"].get("Events", {}).values():
            if event["Type"] == "Api":
                routes.setdefault(name, []).append((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
    return routes
