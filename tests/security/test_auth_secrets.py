"""A signing secret too short to resist guessing is refused at start-up, naming the setting.

HS256 tokens and pagination cursors are only as strong as their key: a short one is guessed
offline from a single token. Reading the settings checks `JWT_SECRET` and `CURSOR_SECRET`
(at least 32 bytes, RFC 7518, 3.2); every function reads them while its module loads, so
such a deployment never answers a request. The secret Secrets Manager or SSM hold is checked
when it is first read. The secrets the local stack, e2e and the test suites use all pass.
"""

from __future__ import annotations

import re

import boto3
import pytest
from moto import mock_aws

from incident_core.core import auth
from incident_core.core.settings import MIN_SECRET_BYTES, SettingsError, checked_secret, get_settings
from scripts import dev_token
from tests.integration import conftest as integration
from tests.support.api_events import load_function

SHORT = "s" * (MIN_SECRET_BYTES - 1)
# 16 characters, 31 bytes in UTF-8: the length that counts is the key's, in bytes
SHORT_IN_BYTES = "é" * 15 + "x"


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", integration.SECRET)
    monkeypatch.delenv("CURSOR_SECRET", raising=False)
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("JWT_SECRET", SHORT, "JWT_SECRET (stack parameter JwtSecret)"),
        ("JWT_SECRET", "hunter2", "JWT_SECRET (stack parameter JwtSecret)"),
        ("JWT_SECRET", SHORT_IN_BYTES, "JWT_SECRET (stack parameter JwtSecret)"),
        ("CURSOR_SECRET", SHORT, "CURSOR_SECRET (stack parameter CursorSecret)"),
    ],
)
def test_a_short_secret_is_refused_when_the_settings_are_read(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    with pytest.raises(SettingsError) as refused:
        get_settings()
    size = len(value.encode())
    assert str(refused.value).startswith(f"{named} is {size} bytes long; it must be at least 32 bytes")
    assert value not in str(refused.value)  # the message names the setting, never shows the secret


def test_a_function_with_a_short_secret_fails_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", SHORT)
    get_settings.cache_clear()
    with pytest.raises(SettingsError, match=r"^JWT_SECRET \(stack parameter JwtSecret\) is 31 bytes long"):
        load_function("get_incident")


def test_32_bytes_and_no_secret_at_all_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", "s" * MIN_SECRET_BYTES)
    monkeypatch.setenv("CURSOR_SECRET", "c" * MIN_SECRET_BYTES)
    get_settings.cache_clear()
    assert get_settings().jwt_secret == "s" * MIN_SECRET_BYTES
    monkeypatch.setenv("JWT_SECRET", "")  # a JWKS or Secrets Manager install sets none
    monkeypatch.setenv("CURSOR_SECRET", "")
    get_settings.cache_clear()
    assert (get_settings().jwt_secret, get_settings().cursor_secret) == (None, None)


def test_the_secrets_of_the_local_stack_e2e_and_the_suites_pass() -> None:
    from tests.unit.actions import test_remediation as unit

    for name, secret in {
        "samconfig.toml [local] JwtSecret (local stack, e2e)": dev_token.local_jwt_secret(),
        "tests/integration and tests/security": integration.SECRET,
        "tests/unit": unit.UNIT_SECRET,
    }.items():
        assert checked_secret(secret, setting=name) == secret


@pytest.mark.parametrize(
    ("source", "setting"),
    [
        ("JWT_SECRET_ARN", "the secret JWT_SECRET_ARN names (stack parameter JwtSecretArn)"),
        ("JWT_SECRET_PARAMETER", "the parameter JWT_SECRET_PARAMETER names (stack parameter JwtSecretParameter)"),
    ],
)
def test_a_short_secret_in_secrets_manager_or_ssm_is_refused_when_read_moto(
    monkeypatch: pytest.MonkeyPatch, source: str, setting: str
) -> None:
    monkeypatch.setenv("JWT_SECRET", "")
    with mock_aws():
        if source == "JWT_SECRET_ARN":
            where = boto3.client("secretsmanager").create_secret(Name="jwt", SecretString=SHORT)["ARN"]
        else:
            boto3.client("ssm").put_parameter(Name="/incident-api/jwt", Value=SHORT, Type="SecureString")
            where = "/incident-api/jwt"
        monkeypatch.setenv(source, where)
        get_settings.cache_clear()
        auth._secret_from_aws.cache_clear()
        try:
            with pytest.raises(SettingsError, match="^" + re.escape(f"{setting} is 31 bytes long")):
                auth.signing_secret(get_settings())
        finally:
            auth._secret_from_aws.cache_clear()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://keys.example.com/jwks.json", "keys.example.com/jwks"])
def test_a_jwks_url_that_is_not_http_is_refused_when_the_settings_are_read(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("JWT_JWKS_URL", url)
    get_settings.cache_clear()
    expected = "JWT_JWKS_URL (stack parameter JwtJwksUrl) must be an https:// (or http://) URL"
    with pytest.raises(SettingsError, match="^" + re.escape(expected) + "$"):
        get_settings()
