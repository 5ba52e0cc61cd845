"""Brute force: password sprays, credential stuffing, and a benign lockout."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from scripts.bench.corpus.common import (
    grow_list,
    make_incident,
    private_ip,
    public_ip,
    timestamp,
    user_name,
)


def _sign_in_event(rng: random.Random, users: Sequence[str], ips: Sequence[str]) -> dict[str, Any]:
    return {
        "published": timestamp(rng),
        "actor": f"{rng.choice(users)}@example.org",
        "client_ip": rng.choice(ips),
        "outcome": "FAILURE",
        "reason": rng.choice(("INVALID_CREDENTIALS", "VERIFICATION_ERROR", "LOCKED_OUT")),
        "user_agent": rng.choice(("python-requests/2.31", "Mozilla/5.0 (Windows NT 10.0)", "curl/8.4.0")),
        "geo": rng.choice(("RU", "CN", "BR", "NL", "US", "VN")),
    }


def brute_force_spray(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    ip = public_ip(rng)
    users = [f"{user_name(rng)}@example.org" for _ in range(rng.randint(10, 60))]
    failures = rng.randint(20, 900)
    raw: dict[str, Any] = {
        "source_ip": ip,
        "failed_logins": failures,
        "target_users": users,
        "successful_logins": rng.choice((0, 0, 1)),
        "ip_reputation": rng.choice(("high", "malicious", "medium")),
        "window_minutes": rng.choice((10, 15, 60)),
    }
    if large:
        grow_list(raw, "events", lambda n: _sign_in_event(rng, users, [ip]), large)
    provider = rng.choice(("okta", "entra", "auth0"))
    return make_incident(
        index,
        title=f"Password spray: {failures} failed sign-ins against {len(users)} accounts from {ip}",
        description=(
            f"{provider} reports {failures} failed sign-ins for {len(users)} distinct users from {ip} within "
            f"{raw['window_minutes']} minutes."
        ),
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("password_spray", "brute_force")),
        source=provider,
        tags=["identity"],
        raw_data=raw,
    )


def brute_force_stuffing(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = f"{user_name(rng)}@example.org"
    ips = [public_ip(rng) for _ in range(rng.randint(5, 40))]
    failures = rng.randint(10, 400)
    raw: dict[str, Any] = {
        "user": user,
        "failed_attempts": failures,
        "source_ips": ips,
        "successful_logins": rng.choice((0, 1)),
        "risk_level": rng.choice(("high", "medium")),
    }
    if large:
        grow_list(raw, "events", lambda n: _sign_in_event(rng, [user], ips), large)
    return make_incident(
        index,
        title=f"Sign-in summary: {failures} failed logins for {user} from {len(ips)} IPs",
        description=f"Credential stuffing suspected: {failures} failed logins for {user} from {len(ips)} sources.",
        severity="high",
        incident_type=rng.choice(("credential_stuffing", "account_takeover", "authentication")),
        source=rng.choice(("okta", "cognito", "duo")),
        tags=["identity"],
        raw_data=raw,
    )


def brute_force_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = f"{user_name(rng)}@example.org"
    ip = private_ip(rng)
    raw: dict[str, Any] = {"user": user, "failed_logins": rng.randint(1, 4), "source_ip": ip, "successful_logins": 1}
    if large:
        grow_list(raw, "events", lambda n: _sign_in_event(rng, [user], [ip]), large)
    return make_incident(
        index,
        title=f"Account lockout for {user}",
        description=f"{user} was locked out after a few failed logins from the office network ({ip}), then signed in.",
        severity="low",
        incident_type="authentication",
        source="okta",
        tags=["identity"],
        raw_data=raw,
    )
