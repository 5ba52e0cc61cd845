"""Generic incidents no specific playbook takes: admin access, advisories, lost laptops, abuse reports."""

from __future__ import annotations

import random
from typing import Any

from scripts.bench.corpus.common import (
    grow_list,
    make_incident,
    private_ip,
    public_ip,
    random_hex,
    timestamp,
    user_name,
)


def generic(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    cve = f"CVE-{rng.randint(2021, 2026)}-{rng.randint(1000, 49999)}"
    ip = public_ip(rng)
    title, description, raw = rng.choice(
        (
            (
                f"Unauthorized access to the admin console from {ip}",
                f"The admin console of the wiki was accessed from {ip}; the account may be compromised.",
                {"ioc_match": rng.choice(("true", "false")), "actor_ip": ip, "console": "wiki-admin"},
            ),
            (
                f"Edge firewall vulnerable to {cve}",
                f"The vendor advisory for {cve} applies to our edge firewall; exploitation seen in the wild.",
                {"advisory": f"https://nvd.nist.gov/vuln/detail/{cve}", "asset": "fw-edge-01"},
            ),
            (
                "Lost laptop reported",
                "An employee reported their laptop lost on the train; the disk is encrypted.",
                {"asset_tag": f"LT-{rng.randint(1000, 9999)}", "encrypted": True},
            ),
            (
                "ISP abuse report",
                f"Our ISP forwarded an abuse report about traffic from {public_ip(rng)} to {ip}.",
                {"reporter": "abuse@isp.example.net", "reference": random_hex(rng, 10)},
            ),
        )
    )
    raw = dict(raw)
    if large:
        grow_list(
            raw,
            "audit_log",
            lambda n: {
                "eventTime": timestamp(rng),
                "eventName": rng.choice(("ConsoleLogin", "GetObject", "AssumeRole", "ListBuckets")),
                "sourceIPAddress": rng.choice((ip, private_ip(rng))),
                "userIdentity": {"arn": f"arn:aws:iam::123456789012:user/{user_name(rng)}"},
            },
            large,
        )
    return make_incident(
        index,
        title=title,
        description=description,
        severity=rng.choice(("low", "medium", "high")),
        incident_type=rng.choice((None, "other", "security")),
        source=rng.choice(("api", "manual", "email")),
        tags=[],
        raw_data=raw,
    )
