"""What a deployment is made of, read from `template.yaml`, `samconfig.toml` and the layer's Makefile:
the processor parameter and a layer that fits both, SnapStart as an opt-in, the `Rules` that refuse
a stack with no way to verify tokens, the Serverless Application Repository's metadata, the API's
access logs, and the AWS environments of samconfig."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import pytest

from tests.support.template import ROOT, resources_of_type, template

NO_VALUE = {"Ref": "AWS::NoValue"}
JWT_SOURCES = ("JwtSecret", "JwtSecretArn", "JwtSecretParameter")


def _globals() -> dict[str, Any]:
    function: dict[str, Any] = template()["Globals"]["Function"]
    return function


def _layer() -> dict[str, Any]:
    (layer,) = resources_of_type("AWS::Serverless::LayerVersion").values()
    return layer


def test_the_functions_run_on_the_architectures_parameter_arm64_unless_told() -> None:
    parameter = template()["Parameters"]["Architectures"]
    assert parameter["Default"] == "arm64"
    assert sorted(parameter["AllowedValues"]) == ["arm64", "x86_64"]
    assert _globals()["Architectures"] == [{"Ref": "Architectures"}]
    no_function_overrides = {
        name: body["Properties"]["Architectures"]
        for name, body in resources_of_type("AWS::Serverless::Function").items()
        if "Architectures" in body["Properties"]
    }
    assert no_function_overrides == {}


def test_the_layer_fits_every_architecture_the_parameter_allows_and_its_build_ships_both() -> None:
    layer = _layer()
    assert set(layer["Properties"]["CompatibleArchitectures"]) == set(
        template()["Parameters"]["Architectures"]["AllowedValues"]
    )
    assert layer["Metadata"]["BuildMethod"] == "makefile"
    makefile = (ROOT / "layers" / "incident_core" / "Makefile").read_text()
    assert "--platform manylinux2014_x86_64" in makefile
    assert "--platform manylinux2014_aarch64" in makefile
    assert "-aarch64-linux-gnu.so" in makefile


def test_snapstart_is_off_unless_enabled_and_applies_to_the_published_version_behind_an_alias() -> None:
    parameter = template()["Parameters"]["EnableSnapStart"]
    assert parameter["Default"] == "false"
    assert template()["Conditions"]["SnapStartOn"] == {"Equals": [{"Ref": "EnableSnapStart"}, "true"]}
    assert _globals()["SnapStart"] == {"If": ["SnapStartOn", {"ApplyOn": "PublishedVersions"}, NO_VALUE]}
    # SAM takes no condition on the alias: every function always has one, SnapStart or not.
    assert re.fullmatch(r"[A-Za-z_-]+", _globals()["AutoPublishAlias"])


def _evaluate(node: Any, parameters: Mapping[str, str]) -> Any:
    """The value of a rule's condition or assertion for these parameter values."""
    if not isinstance(node, dict):
        return node
    ((function, argument),) = node.items()
    if function == "Ref":
        return parameters[argument]
    values = [_evaluate(item, parameters) for item in argument]
    if function == "Equals":
        return values[0] == values[1]
    if function == "Not":
        return not values[0]
    if function == "Or":
        return any(values)
    if function == "And":
        return all(values)
    raise AssertionError(f"the test can not evaluate {function}")


def _refused_by(parameters: Mapping[str, str]) -> list[str]:
    """The rules whose assertions fail for these parameter values (the template's defaults otherwise)."""
    values = {name: str(spec.get("Default", "")) for name, spec in template()["Parameters"].items()}
    values.update(parameters)
    refused = []
    for name, rule in template()["Rules"].items():
        applies = _evaluate(rule.get("RuleCondition", True), values)
        if applies and not all(_evaluate(assertion["Assert"], values) for assertion in rule["Assertions"]):
            refused.append(name)
    return refused


@pytest.mark.parametrize(
    ("parameters", "refused"),
    [
        ({}, ["JwtSecretWithoutJwks"]),
        ({"JwtSecret": "s" * 40}, []),
        ({"JwtSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt"}, []),
        ({"JwtSecretParameter": "incident-api-jwt-secret"}, []),
        ({"JwtJwksUrl": "https://idp.example.com/.well-known/jwks.json", "JwtAlgorithms": "RS256"}, []),
        (
            {"JwtSecret": "s" * 40, "JwtSecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:jwt"},
            ["OneJwtSecretSource"],
        ),
        (
            {"JwtSecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:jwt", "JwtSecretParameter": "p"},
            ["OneJwtSecretSource"],
        ),
    ],
)
def test_rules_require_one_jwt_secret_source_when_no_jwks_url_is_set(
    parameters: dict[str, str], refused: list[str]
) -> None:
    assert _refused_by(parameters) == refused
    for rule in template()["Rules"].values():
        assert all(assertion["AssertDescription"] for assertion in rule["Assertions"])


def test_every_samconfig_environment_that_deploys_passes_the_rules() -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    for environment in ("local", "staging", "prod"):
        overrides = dict(
            re.findall(r'(\w+)="?([^" ]*)"?', config[environment]["deploy"]["parameters"]["parameter_overrides"])
        )
        assert _refused_by(overrides) == [], environment


def test_staging_and_prod_are_stacks_of_their_own_and_keep_no_secret_in_samconfig() -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    stacks = {env: config[env]["deploy"]["parameters"]["stack_name"] for env in ("local", "staging", "prod")}
    assert len(set(stacks.values())) == 3
    for environment in ("staging", "prod"):
        overrides = config[environment]["deploy"]["parameters"]["parameter_overrides"]
        assert "JwtSecret=" not in overrides  # only the name of where the secret is
        assert config[environment]["global"]["parameters"]["stack_name"] == stacks[environment]
    assert config["prod"]["deploy"]["parameters"]["confirm_changeset"] is True


def test_the_serverless_application_repository_metadata_is_complete_and_its_files_exist() -> None:
    application = template()["Metadata"]["AWS::ServerlessRepo::Application"]
    for key in ("Name", "Description", "Author", "SpdxLicenseId", "LicenseUrl", "ReadmeUrl", "Labels"):
        assert application[key], key
    assert (ROOT / application["LicenseUrl"]).is_file()
    assert (ROOT / application["ReadmeUrl"]).is_file()
    assert (ROOT / application["LicenseUrl"]).read_text().splitlines()[0] == f"{application['SpdxLicenseId']} License"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert application["SemanticVersion"] == project["version"]
    assert all(re.fullmatch(r"[a-zA-Z0-9-]{1,127}", label) for label in application["Labels"])
    # The repository's limits.
    assert len(application["Description"]) <= 256 and len(application["Name"]) <= 140
    assert len(application["Labels"]) <= 10


def test_api_access_logs_are_json_in_a_log_group_with_the_retention() -> None:
    (api,) = resources_of_type("AWS::Serverless::Api").values()
    condition, setting, otherwise = api["Properties"]["AccessLogSetting"]["If"]
    assert (condition, otherwise) == ("ApiAccessLogsOn", NO_VALUE)
    assert setting["DestinationArn"] == {"GetAtt": "ApiAccessLogGroup.Arn"}
    # Unquoted $context variables are numbers: any number stands in for them.
    entry = json.loads(re.sub(r"\$context\.[A-Za-z.]+", "0", setting["Format"]))
    assert {"requestId", "status", "httpMethod", "resourcePath", "responseLatency"} <= set(entry)
    group = template()["Resources"]["ApiAccessLogGroup"]
    assert group["Condition"] == "ApiAccessLogsOn"
    assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_the_metrics_namespace_is_set_once_for_powertools_to_read() -> None:
    variables = _globals()["Environment"]["Variables"]
    assert variables["POWERTOOLS_METRICS_NAMESPACE"]
    layer = ROOT / "layers" / "incident_core" / "incident_core"
    # Read once, by the settings (the one reader of the environment), and handed to the one emitter.
    assert "POWERTOOLS_METRICS_NAMESPACE" in (layer / "core" / "settings.py").read_text()
    emitters = [path.name for path in layer.rglob("*.py") if "single_metric(" in path.read_text()]
    assert emitters == ["business_metrics.py"]
    assert "namespace = get_settings().metrics_namespace" in (layer / "core" / "business_metrics.py").read_text()
