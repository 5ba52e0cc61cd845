"""Brute force: password guessing, spraying and credential stuffing."""

from __future__ import annotations

from incident_core.triage.playbooks import shared
from incident_core.triage.playbooks.rules import Indicator, Matches, Playbook
from incident_core.triage.playbooks.vocabulary import SOURCE_IP_FIELDS

__all__ = ["BRUTE_FORCE"]

FAILED_SIGN_IN_FIELDS = (
    "failed_logins",
    "failed_attempts",
    "failed_login_count",
    "failure_count",
    "failed_count",
    "login_failures",
    "auth_failures",
    "failed_signins",
    "failed_sign_ins",
)


def _failed_sign_ins(indicator_id: str, *, weight: float, threshold: int) -> Indicator:
    """One step of the failed sign-in count: the heaviest step reached counts (group `failures`)."""
    return Indicator(
        id=indicator_id,
        kind="raw_field_numeric_gte",
        weight=weight,
        reason=f"{{value}} failed sign-ins (>= {threshold})",
        fields=FAILED_SIGN_IN_FIELDS,
        threshold=threshold,
        group="failures",
    )


BRUTE_FORCE = Playbook(
    name="brute_force",
    category="brute_force",
    kind="security",
    description="Password guessing, spraying and credential stuffing seen by an identity provider.",
    matches=Matches(
        incident_types=(
            "brute_force",
            "bruteforce",
            "credential_stuffing",
            "password_spray",
            "password_spraying",
            "account_takeover",
            "authentication",
        ),
        sources=("okta", "entra", "azure ad", "auth0", "cognito", "onelogin", "ping identity", "pingone", "duo"),
        keywords=(
            "brute force",
            "brute-force",
            "credential stuffing",
            "password spray",
            "password spraying",
            "failed login",
            "failed logins",
            "failed sign-in",
            "failed sign-ins",
            "failed signin",
            "login failures",
            "authentication failures",
            "account lockout",
            "locked out",
            "sign-in attempts",
            "login attempts",
        ),
        raw_fields=(
            "failed_logins",
            "failed_attempts",
            "failure_count",
            "login_failures",
            "target_users",
            "distinct_users",
            "source_ips",
            "successful_logins",
        ),
    ),
    indicators=(
        _failed_sign_ins("failed_logins_some", weight=0.2, threshold=5),
        _failed_sign_ins("failed_logins_many", weight=0.45, threshold=20),
        _failed_sign_ins("failed_logins_massive", weight=0.6, threshold=100),
        Indicator(
            id="many_users_one_source",
            kind="distinct_values_gte",
            weight=0.4,
            reason="{value} distinct accounts tried (>= 10): spraying or stuffing",
            fields=("target_users", "targeted_users", "usernames", "users", "accounts", "distinct_users", "user_count"),
            threshold=10,
        ),
        Indicator(
            id="one_user_many_sources",
            kind="distinct_values_gte",
            weight=0.35,
            reason="Attempts from {value} distinct sources (>= 5)",
            fields=(
                "source_ips",
                "src_ips",
                "client_ips",
                "ip_addresses",
                "distinct_source_ips",
                "distinct_ips",
                "unique_ips",
                "source_countries",
                "countries",
            ),
            threshold=5,
        ),
        Indicator(
            id="success_after_failures",
            kind="raw_field_numeric_gte",
            weight=0.35,
            reason="{value} sign-in(s) succeeded among the failures",
            fields=("successful_logins", "success_count", "successful_signins", "successful_sign_ins"),
            threshold=1,
            group="success",
        ),
        Indicator(
            id="success_words",
            kind="keyword_any",
            weight=0.35,
            reason="A sign-in succeeded after the failures ('{value}')",
            terms=("succeeded after", "successful login after", "successful sign-in after", "then succeeded"),
            group="success",
        ),
        Indicator(
            id="attack_words",
            kind="keyword_any",
            weight=0.3,
            reason="Described as an attack ('{value}')",
            terms=(
                "credential stuffing",
                "password spray",
                "password spraying",
                "brute force",
                "brute-force",
                "dictionary attack",
                "mfa fatigue",
                "push bombing",
            ),
        ),
        Indicator(
            id="risky_source",
            kind="raw_field_equals",
            weight=0.3,
            reason="The identity provider rates the source {value}",
            fields=("ip_reputation", "source_reputation", "risk_level", "risk_level_during_sign_in", "risk_state"),
            terms=("malicious", "high", "tor", "anonymous", "atrisk", "confirmedcompromised"),
        ),
        Indicator(
            id="lockout_words",
            kind="keyword_any",
            weight=0.15,
            reason="Accounts locked out ('{value}')",
            terms=("account locked", "accounts locked", "locked out", "account lockout", "lockout"),
        ),
        Indicator(
            id="known_location",
            kind="keyword_any",
            weight=-0.3,
            reason="From a known location or device ('{value}'): lowers confidence",
            terms=("known device", "trusted device", "corporate network", "managed device", "known location"),
            scope="text",
        ),
    ),
    actions=(
        shared.block_ip(
            "Block {target}, a public source of the attempts",
            fields=SOURCE_IP_FIELDS,
            min_confidence=0.4,
            when=("malicious", "suspicious"),
        ),
        shared.user_action(
            "disable_user",
            "{target} signed in during the attack: disable until verified",
            min_confidence=0.7,
            when=("malicious",),
            requires=("success_after_failures", "success_words"),
        ),
        shared.user_action(
            "reset_credentials",
            "{target} is the targeted account: force a password reset and MFA re-registration",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            limit=3,
        ),
        shared.ASSIGN_ANALYST,
        shared.ESCALATE_WHEN_CERTAIN,
    ),
)
