"""Settings, read once from the environment at first use (never at import).

Reading them also checks them: a value the API must not run with (a secret too short to
resist guessing, a JWKS URL that is not http) raises `SettingsError` naming the setting. Every function reads the
settings while its module loads (`IncidentApi.handler`), so such a deployment fails at
start-up, before it answers a single request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from incident_core import __version__


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Requests one caller may make a minute, per class of endpoint (seed 004's table); 0 is no limit.

    `authentication` counts failed `POST /auth/token` requests per client id; the others count a
    caller's (org and `sub`) requests: reads are GET, deletes DELETE, automation a route that runs
    remediation, writes every other method."""

    authentication: int = 5
    reads: int = 200
    writes: int = 100
    deletes: int = 20
    automation: int = 5


DEFAULT_RATE_LIMITS = RateLimits()


@dataclass(frozen=True, slots=True)
class Settings:
    table_name: str
    environment: str
    app_version: str
    jwt_secret: str | None
    jwt_secret_arn: str | None
    jwt_secret_parameter: str | None
    jwt_algorithms: tuple[str, ...]
    jwt_jwks_url: str | None
    jwt_issuer: str | None
    jwt_audience: str | None
    jwt_org_claim: str
    jwt_jwks_timeout_seconds: float
    cursor_secret: str | None
    max_body_bytes: int
    max_raw_data_bytes: int
    event_ttl_days: int
    tracing_enabled: bool
    delivery_queue_url: str | None
    delivery_bulk_queue_url: str | None
    allow_insecure_webhook_targets: bool
    subscription_cache_seconds: float
    webhook_retry_schedule: tuple[int, ...]
    alarm_org_id: str
    triage_queue_url: str | None
    triage_bulk_queue_url: str | None
    auto_triage: bool
    triage_engine: str
    bedrock_model_id: str
    auto_resolve: bool
    default_alarm_severity: str
    alarm_name_prefixes: tuple[str, ...]
    aws_region: str | None
    s3_path_style: bool
    attachments_bucket: str
    attachment_max_bytes: int
    attachment_allowed_types: tuple[str, ...]
    attachment_upload_seconds: int
    attachment_download_seconds: int
    token_lifetime_seconds: int = 3600  # tokens of `POST /auth/token` (TOKEN_LIFETIME_SECONDS)
    rate_limit_table: str | None = None  # RATE_LIMIT_TABLE_NAME; without it nothing is limited
    rate_limits: RateLimits = DEFAULT_RATE_LIMITS
    # Lambda's AWS_LAMBDA_INITIALIZATION_TYPE is `snap-start` while a SnapStart version initializes
    # (template parameter EnableSnapStart): the init then warms what requests need (http/snapstart.py).
    snap_start: bool = False
    # Where the business metrics go (POWERTOOLS_METRICS_NAMESPACE, the template's Globals).
    metrics_namespace: str = "IncidentApi"

    @property
    def is_local(self) -> bool:
        return self.environment == "local"


MIN_SECRET_BYTES = 32  # HS256 keys: RFC 7518, 3.2 asks for at least the hash's 256 bits


class SettingsError(ValueError):
    """A setting the API refuses to start with; the message names it."""


def checked_secret(value: str | None, *, setting: str) -> str | None:
    """`value` when it is absent or long enough to sign with; else `SettingsError` naming `setting`."""
    if value is not None and len(value.encode()) < MIN_SECRET_BYTES:
        raise SettingsError(
            f"{setting} is {len(value.encode())} bytes long; it must be at least {MIN_SECRET_BYTES} bytes "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return value


def _key_set_url(value: str | None) -> str | None:
    """`JWT_JWKS_URL`, an http(s) URL (never `file:` or another scheme urllib would open)."""
    if value is not None and not value.lower().startswith(("https://", "http://")):
        raise SettingsError("JWT_JWKS_URL (stack parameter JwtJwksUrl) must be an https:// (or http://) URL")
    return value


def _optional(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def _positive_seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default
    return value if 0 < value < float("inf") else default


def _words(name: str, default: str) -> tuple[str, ...]:
    text = os.environ.get(name, "").strip() or default
    return tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))


DEFAULT_ATTACHMENT_TYPES = (
    "application/pdf,image/png,image/jpeg,text/plain,text/csv,application/json,"
    "message/rfc822,application/zip,application/vnd.tcpdump.pcap"
)
DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_RETRY_SCHEDULE = (10, 60, 300, 1800, 7200, 18_000, 36_000, 43_200)


def _seconds_list(value: str) -> tuple[int, ...]:
    parts = tuple(int(part) for part in value.split(",") if part.strip().isdigit())
    return parts or DEFAULT_RETRY_SCHEDULE


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    algorithms = tuple(
        algorithm.strip() for algorithm in os.environ.get("JWT_ALGORITHMS", "HS256").split(",") if algorithm.strip()
    )
    return Settings(
        table_name=os.environ.get("TABLE_NAME", "incidents"),
        environment=os.environ.get("ENVIRONMENT", "aws"),
        app_version=os.environ.get("APP_VERSION", __version__),
        jwt_secret=checked_secret(_optional("JWT_SECRET"), setting="JWT_SECRET (stack parameter JwtSecret)"),
        jwt_secret_arn=_optional("JWT_SECRET_ARN"),
        jwt_secret_parameter=_optional("JWT_SECRET_PARAMETER"),
        jwt_algorithms=algorithms or ("HS256",),
        jwt_jwks_url=_key_set_url(_optional("JWT_JWKS_URL")),
        jwt_issuer=_optional("JWT_ISSUER"),
        jwt_audience=_optional("JWT_AUDIENCE"),
        jwt_org_claim=os.environ.get("JWT_ORG_CLAIM", "org_id") or "org_id",
        # A JWKS fetch happens inside a request: bounded well below the functions' 10 s timeout.
        jwt_jwks_timeout_seconds=_positive_seconds("JWT_JWKS_TIMEOUT_SECONDS", 3.0),
        cursor_secret=checked_secret(
            _optional("CURSOR_SECRET"), setting="CURSOR_SECRET (stack parameter CursorSecret)"
        ),
        max_body_bytes=int(os.environ.get("MAX_BODY_BYTES", str(1024 * 1024))),
        max_raw_data_bytes=int(os.environ.get("MAX_RAW_DATA_BYTES", str(32 * 1024))),
        event_ttl_days=int(os.environ.get("EVENT_TTL_DAYS", "90")),
        tracing_enabled=not _flag("POWERTOOLS_TRACE_DISABLED", default=True),
        delivery_queue_url=_optional("DELIVERY_QUEUE_URL"),
        delivery_bulk_queue_url=_optional("DELIVERY_BULK_QUEUE_URL"),
        allow_insecure_webhook_targets=_flag("ALLOW_INSECURE_WEBHOOK_TARGETS", default=False),
        subscription_cache_seconds=float(os.environ.get("SUBSCRIPTION_CACHE_SECONDS", "5")),
        webhook_retry_schedule=_seconds_list(os.environ.get("WEBHOOK_RETRY_SCHEDULE", "")),
        alarm_org_id=os.environ.get("ALARM_ORG_ID", "default") or "default",
        triage_queue_url=_optional("TRIAGE_QUEUE_URL"),
        triage_bulk_queue_url=_optional("TRIAGE_BULK_QUEUE_URL"),
        auto_triage=_flag("AUTO_TRIAGE", default=True),
        triage_engine=os.environ.get("TRIAGE_ENGINE", "rules") or "rules",
        bedrock_model_id=os.environ.get("BEDROCK_MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0"),
        auto_resolve=_flag("AUTO_RESOLVE", default=True),
        default_alarm_severity=os.environ.get("DEFAULT_ALARM_SEVERITY", "high") or "high",
        alarm_name_prefixes=tuple(
            prefix.strip() for prefix in os.environ.get("ALARM_NAME_PREFIXES", "").split(",") if prefix.strip()
        ),
        aws_region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None,
        # Against an emulator, presigned S3 URLs must be path-style (`<bucket>.127.0.0.1` would not resolve).
        s3_path_style=bool(os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")),
        attachments_bucket=os.environ.get("ATTACHMENTS_BUCKET", "").strip(),
        attachment_max_bytes=_count("ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES),
        attachment_allowed_types=_words("ATTACHMENT_ALLOWED_TYPES", DEFAULT_ATTACHMENT_TYPES),
        attachment_upload_seconds=_count("ATTACHMENT_URL_SECONDS", 900),
        attachment_download_seconds=_count("ATTACHMENT_DOWNLOAD_SECONDS", 300),
        token_lifetime_seconds=_count("TOKEN_LIFETIME_SECONDS", 3600) or 3600,
        rate_limit_table=_optional("RATE_LIMIT_TABLE_NAME"),
        rate_limits=RateLimits(
            authentication=_count("RATE_LIMIT_AUTHENTICATION", DEFAULT_RATE_LIMITS.authentication),
            reads=_count("RATE_LIMIT_READS", DEFAULT_RATE_LIMITS.reads),
            writes=_count("RATE_LIMIT_WRITES", DEFAULT_RATE_LIMITS.writes),
            deletes=_count("RATE_LIMIT_DELETES", DEFAULT_RATE_LIMITS.deletes),
            automation=_count("RATE_LIMIT_AUTOMATION", DEFAULT_RATE_LIMITS.automation),
        ),
        snap_start=os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start",
        metrics_namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "").strip() or "IncidentApi",
    )
