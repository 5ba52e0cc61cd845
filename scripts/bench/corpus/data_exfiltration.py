"""Data exfiltration: DLP alerts (bytes out, destinations), and a benign upload to SharePoint."""

from __future__ import annotations

import random
from typing import Any

from scripts.bench.corpus.common import (
    grow_list,
    make_incident,
    private_ip,
    user_name,
)

_EXFIL_DESTINATIONS = ("mega.nz", "wetransfer.com", "drive.google.com", "dropbox.com", "transfer.sh", "gofile.io")


def dlp_alert(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = user_name(rng)
    destination = rng.choice(_EXFIL_DESTINATIONS)
    size_gb = round(rng.uniform(0.6, 48.0), 1)
    raw: dict[str, Any] = {
        "user": f"{user}@example.org",
        "bytes_out": rng.choice((int(size_gb * 1e9), f"{size_gb} GB")),
        "destination": f"https://{destination}/upload",
        "destination_category": rng.choice(("personal storage", "file sharing", "uncategorized")),
        "first_seen_destination": rng.choice((True, False)),
        "source_ip": private_ip(rng),
        "policy": rng.choice(("Customer PII", "Source code", "Financial reports")),
    }
    if large:
        grow_list(
            raw,
            "files",
            lambda n: {
                "path": f"/home/{user}/projects/{rng.choice(('crm', 'billing', 'core'))}/export_{n:05d}.csv",
                "size": rng.randint(10_000, 90_000_000),
                "labels": rng.sample(["PII", "confidential", "finance", "source"], k=2),
            },
            large,
        )
    return make_incident(
        index,
        title=f"DLP: {size_gb} GB uploaded to {destination} by {user}",
        description=f"Large outbound transfer: {size_gb} GB to {destination} matched policy {raw['policy']}.",
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("data_exfiltration", "dlp")),
        source=rng.choice(("netskope", "purview", "zscaler")),
        tags=["dlp"],
        raw_data=raw,
    )


def dlp_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = user_name(rng)
    raw: dict[str, Any] = {
        "user": f"{user}@example.org",
        "bytes_out": rng.randint(50_000, 4_000_000),
        "destination": "https://example.sharepoint.com/sites/finance",
        "sanctioned": True,
        "policy": "Financial reports",
    }
    if large:
        grow_list(raw, "files", lambda n: {"path": f"/Shared/Finance/report_{n:04d}.xlsx", "size": 40_000}, large)
    return make_incident(
        index,
        title=f"DLP: report shared to the corporate SharePoint by {user}",
        description="A finance report was uploaded to the sanctioned corporate SharePoint site.",
        severity="low",
        incident_type="dlp",
        source="purview",
        tags=["dlp"],
        raw_data=raw,
    )
