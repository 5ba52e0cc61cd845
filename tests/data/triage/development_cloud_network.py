"""Development split, part 2: cloud posture and threat findings, network IDS, WAF/CDN/DDoS, vulnerability
scanners, DLP/CASB (see README.md)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.development_security import BEN, MAL, SUS, UNK, alert
from tests.data.triage.labels import Case

DDOS = ["notify", "escalate"]


def asff(
    n: int,
    product: str,
    types: list[str],
    label: str,
    title: str,
    description: str,
    resource: str,
    expected: tuple[str, str, list[str]],
    **extra: Any,
) -> Case:
    severity = {"INFORMATIONAL": "low", "LOW": "low", "MEDIUM": "medium", "HIGH": "high"}.get(label, "critical")
    return alert(
        f"dev-asff-{n:03d}",
        "AWS Security Hub (ASFF)",
        expected,
        title,
        description,
        severity,
        "securityhub",
        {
            "SchemaVersion": "2018-10-08",
            "ProductName": product,
            "Types": types,
            "Severity": {"Label": label},
            "Title": title,
            "Resources": [{"Type": resource.split(":")[0], "Id": resource}],
            "Workflow": {"Status": "NEW"},
            "RecordState": "ACTIVE",
            **extra,
        },
        tags=["aws", "securityhub"],
    )


def scc(
    n: int,
    category: str,
    finding_class: str,
    severity: str,
    resource: str,
    description: str,
    expected: tuple[str, str, list[str]],
    **extra: Any,
) -> Case:
    return alert(
        f"dev-scc-{n:03d}",
        "Google Cloud Security Command Center",
        expected,
        f"SCC {finding_class}: {category}",
        description,
        severity.lower(),
        "gcp_scc",
        {
            "finding": {
                "category": category,
                "findingClass": finding_class,
                "severity": severity,
                "state": "ACTIVE",
                "resourceName": resource,
                **extra,
            }
        },
        tags=["gcp"],
    )


def defender_cloud(
    n: int,
    alert_type: str,
    display: str,
    severity: str,
    resource: str,
    description: str,
    expected: tuple[str, str, list[str]],
    **extra: Any,
) -> Case:
    return alert(
        f"dev-mdc-{n:03d}",
        "Microsoft Defender for Cloud",
        expected,
        display,
        description,
        severity.lower(),
        "defender_for_cloud",
        {
            "AlertType": alert_type,
            "AlertDisplayName": display,
            "Severity": severity,
            "CompromisedEntity": resource,
            "ProductName": "Microsoft Defender for Cloud",
            **extra,
        },
        tags=["azure"],
    )


CLOUD = [
    asff(
        1,
        "Inspector",
        ["Software and Configuration Checks/Vulnerabilities/CVE"],
        "CRITICAL",
        "CVE-2024-3094 - xz-utils",
        "Package xz-utils 5.6.0 on the build AMI is affected by CVE-2024-3094. "
        "No exploitation observed; fix available (5.4.6).",
        "AwsEc2Instance:i-0a11b2c3d4e5f6071",
        (BEN, "generic", []),
    ),
    asff(
        2,
        "Config",
        [
            "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-"
            "Best-Practices"
        ],
        "MEDIUM",
        "S3.8 S3 general purpose buckets should block public access",
        "Bucket nwf-marketing-assets allows public reads. The bucket hosts the public website images by design.",
        "AwsS3Bucket:arn:aws:s3:::nwf-marketing-assets",
        (BEN, "data_exfiltration", []),
    ),
    asff(
        3,
        "Macie",
        ["Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal"],
        "HIGH",
        "SensitiveData:S3Object/Personal in publicly accessible bucket",
        "Macie found 12,400 passport numbers and addresses in s3://nwf-tmp-exports/customers_2026.csv; the bucket "
        "policy grants s3:GetObject to '*' and the access log shows downloads from 3 unknown addresses.",
        "AwsS3Bucket:arn:aws:s3:::nwf-tmp-exports",
        (MAL, "data_exfiltration", ["notify"]),
    ),
    asff(
        4,
        "IAM Access Analyzer",
        ["Software and Configuration Checks/AWS Security Best Practices/External Access Granted"],
        "LOW",
        "AwsIamRole/nwf-datadog-integration allows cross-account access",
        "Role nwf-datadog-integration trusts account 464622532012 (Datadog's documented integration account) with an "
        "external ID.",
        "AwsIamRole:arn:aws:iam::111122223333:role/nwf-datadog-integration",
        (BEN, "generic", []),
    ),
    asff(
        5,
        "GuardDuty",
        ["TTPs/Command and Control/CryptoCurrency:EC2-BitcoinTool.B!DNS"],
        "HIGH",
        "EC2 instance i-0f9e8d7c6b5a40312 is querying a domain name associated with Bitcoin-related activity",
        "Instance i-0f9e8d7c6b5a40312 (batch-worker, unpatched Jenkins) resolves xmr.pool.minergate.com; CPU 100% "
        "since 02:00.",
        "AwsEc2Instance:i-0f9e8d7c6b5a40312",
        (MAL, "malware", ["isolate_host"]),
    ),
    scc(
        1,
        "Persistence: IAM Anomalous Grant",
        "THREAT",
        "HIGH",
        "//cloudresourcemanager.googleapis.com/projects/nwf-prod",
        "Event Threat Detection: roles/owner granted on project nwf-prod to external account "
        "helper.ops.2026@gmail.com by sa-ci@nwf-prod.iam.gserviceaccount.com.",
        (MAL, "generic", ["disable_user"]),
    ),
    scc(
        2,
        "Execution: Cryptocurrency Mining Combined Detection",
        "THREAT",
        "HIGH",
        "//compute.googleapis.com/projects/nwf-prod/zones/europe-west1-b/instances/gke-pool-3-7f1c",
        "Container xmrig running in pod default/metrics-helper connects to pool.supportxmr.com:443 (mining pool).",
        (MAL, "malware", ["isolate_host"]),
    ),
    scc(
        3,
        "PUBLIC_BUCKET_ACL",
        "MISCONFIGURATION",
        "HIGH",
        "//storage.googleapis.com/nwf-invoices-archive",
        "Security Health Analytics: bucket nwf-invoices-archive grants allUsers storage.objectViewer; holds scanned "
        "invoices. No access from outside the organisation in the data access logs so far.",
        (SUS, "data_exfiltration", ["notify"]),
    ),
    scc(
        4,
        "Exfiltration: BigQuery Data Extraction",
        "THREAT",
        "HIGH",
        "//bigquery.googleapis.com/projects/nwf-analytics",
        "Table nwf-analytics.crm.customers (2.1M rows) exported to gs://xfer-2291-tmp, a bucket owned by a project "
        "outside the organisation, by user n.kowal@northwind-freight.com who resigned last week.",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
    ),
    scc(
        5,
        "Malware: Bad Domain",
        "THREAT",
        "MEDIUM",
        "//compute.googleapis.com/projects/nwf-dev/zones/us-central1-a/instances/dev-sandbox-1",
        "dev-sandbox-1 resolved qakbot-c2 domain lkjdfs8923.xyz (Google threat intelligence).",
        (MAL, "malware", ["isolate_host"]),
    ),
    scc(
        6,
        "OPEN_FIREWALL",
        "MISCONFIGURATION",
        "MEDIUM",
        "//compute.googleapis.com/projects/nwf-dev/global/firewalls/allow-all-temp",
        "Firewall rule allow-all-temp allows 0.0.0.0/0 on all ports in nwf-dev (created for a demo last month).",
        (BEN, "generic", []),
    ),
    defender_cloud(
        1,
        "VM_SshBruteForceSuccessful",
        "Successful SSH brute force attack",
        "High",
        "vm-ftp-gw-01",
        "Analysis of host data detected a successful brute force: 1,113 failed attempts from 218.92.0.112 "
        "then a successful login as 'oracle', followed by a download of a shell script.",
        (MAL, "brute_force", ["block_ip", "isolate_host", "reset_credentials"]),
    ),
    defender_cloud(
        2,
        "VM_SshBruteForceFailed",
        "Failed SSH brute force attack",
        "Medium",
        "vm-bastion-02",
        "Failed SSH brute force: 640 failed attempts from 61.177.172.140 for users root, admin, ubuntu; no "
        "successful login.",
        (MAL, "brute_force", ["block_ip"]),
    ),
    defender_cloud(
        3,
        "VM_DigitalCurrencyMining",
        "Digital currency mining related behavior detected",
        "High",
        "vmss-render-03",
        "Process ./kdevtmpfsi with stratum+tcp arguments detected on vmss-render-03.",
        (MAL, "malware", ["isolate_host"]),
    ),
    defender_cloud(
        4,
        "Storage.Blob_AnonymousAccessAnomaly",
        "Unusual unauthenticated access to a storage container",
        "Low",
        "stnwfpublicdocs",
        "Anonymous read of container 'brochures' from a new IP (a web crawler). The container is public by design.",
        (BEN, "generic", []),
    ),
    defender_cloud(
        5,
        "KV_ListGetAnomaly",
        "Unusual user accessed a key vault",
        "Medium",
        "kv-nwf-shared",
        "b.adeyemi (data engineer) listed and read 9 secrets in kv-nwf-shared for the first time; new "
        "project onboarding last week, request RITM0088123.",
        (BEN, "generic", []),
    ),
]


NETWORK = [
    alert(
        "dev-suricata-001",
        "Suricata (eve.json)",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        "ET MALWARE Win32/Lumma Stealer Data Exfiltration Attempt",
        "Suricata alert signature_id 2049087 from 10.40.2.55 (NWF-LT-0388) to 104.243.36.17:80, action allowed.",
        "high",
        "suricata",
        {
            "event_type": "alert",
            "src_ip": "10.40.2.55",
            "dest_ip": "104.243.36.17",
            "dest_port": 80,
            "alert": {
                "action": "allowed",
                "signature_id": 2049087,
                "severity": 1,
                "category": "A Network Trojan was detected",
                "signature": "ET MALWARE Win32/Lumma Stealer Data Exfiltration Attempt",
            },
        },
    ),
    alert(
        "dev-suricata-002",
        "Suricata (eve.json)",
        (BEN, "generic", []),
        "ET POLICY curl User-Agent Outbound",
        "Suricata signature 2013028 'ET POLICY curl User-Agent Outbound' from the CI runner 10.40.9.12 to "
        "github.com:443.",
        "low",
        "suricata",
        {
            "event_type": "alert",
            "src_ip": "10.40.9.12",
            "alert": {"signature_id": 2013028, "severity": 3, "category": "Potential Corporate Privacy Violation"},
        },
    ),
    alert(
        "dev-suricata-003",
        "Suricata (eve.json)",
        (SUS, "generic", ["block_ip"]),
        "ET SCAN Suspicious inbound to MSSQL port 1433",
        "Repeated inbound connections to 1433 on the DMZ from 89.248.165.74 (known mass scanner); firewall dropped "
        "most, 3 reached the old reporting server.",
        "medium",
        "suricata",
        {
            "event_type": "alert",
            "src_ip": "89.248.165.74",
            "dest_port": 1433,
            "alert": {"signature_id": 2010935, "severity": 2, "category": "Potentially Bad Traffic"},
        },
    ),
    alert(
        "dev-zeek-001",
        "Zeek notice.log",
        (MAL, "brute_force", ["block_ip"]),
        "SSH::Password_Guessing",
        "Zeek notice SSH::Password_Guessing: 203.55.21.9 appears to be guessing SSH passwords (seen in 120 "
        "connections) against 10.40.0.5 (sftp).",
        "medium",
        "zeek",
        {"note": "SSH::Password_Guessing", "src": "203.55.21.9", "dst": "10.40.0.5", "msg": "seen in 120 connections"},
    ),
    alert(
        "dev-zeek-002",
        "Zeek notice.log",
        (BEN, "generic", []),
        "Scan::Port_Scan",
        "Zeek notice Scan::Port_Scan: 10.40.1.200 scanned at least 15 unique ports of 10.40.3.0/24. 10.40.1.200 is "
        "the Rapid7 scan engine; the weekly authenticated scan runs Tuesdays 01:00.",
        "low",
        "zeek",
        {"note": "Scan::Port_Scan", "src": "10.40.1.200", "msg": "scanned at least 15 unique ports"},
    ),
    alert(
        "dev-zeek-003",
        "Zeek notice.log",
        (SUS, "data_exfiltration", ["notify"]),
        "DNS tunnelling heuristic: long TXT queries",
        "Custom Zeek script: 9,400 TXT queries with 60-byte random labels to *.cdn-telemetry-sync.com from "
        "10.40.6.31 in one hour. Domain registered 5 days ago.",
        "medium",
        "zeek",
        {"note": "DNS::Tunneling", "src": "10.40.6.31", "query_count": 9400, "domain": "cdn-telemetry-sync.com"},
    ),
    alert(
        "dev-darktrace-001",
        "Darktrace",
        (SUS, "data_exfiltration", ["notify"]),
        "Model breach: Anomalous Connection / Data Sent to Rare Domain",
        "Darktrace model breach score 0.78: NWF-LT-0654 sent 2.3 GB to a rare external domain (mega.nz) - 100% rare "
        "for the network.",
        "medium",
        "darktrace",
        {
            "model": {"name": "Anomalous Connection::Data Sent to Rare Domain"},
            "score": 0.78,
            "device": {"hostname": "NWF-LT-0654"},
        },
    ),
    alert(
        "dev-vectra-001",
        "Vectra AI",
        (MAL, "generic", ["isolate_host", "block_ip"]),
        "Vectra detection: Hidden HTTPS Tunnel + External Remote Access",
        "Host NWF-SRV-HR02 (threat 82 / certainty 91, critical quadrant): long-lived hidden HTTPS tunnel to "
        "146.19.191.85 with interactive, human-driven timing patterns.",
        "critical",
        "vectra",
        {"detection_type": "Hidden HTTPS Tunnel", "threat": 82, "certainty": 91, "dst_ips": ["146.19.191.85"]},
    ),
    alert(
        "dev-snort-001",
        "Snort",
        (SUS, "generic", []),
        "SERVER-WEBAPP Apache Log4j logging remote code execution attempt",
        "Snort SID 58722 inbound to 10.40.5.20 (legacy Java app) from 138.199.60.12; the app runs log4j 2.17.1 "
        "(patched). No outbound LDAP seen yet.",
        "medium",
        "snort",
        {"sid": 58722, "src": "138.199.60.12", "dst": "10.40.5.20", "classification": "Attempted User Privilege Gain"},
    ),
]


def waf(
    case_id: str,
    tool: str,
    source: str,
    title: str,
    description: str,
    severity: str,
    raw: dict[str, Any],
    expected: tuple[str, str, list[str]],
    kind: str | None = None,
) -> Case:
    return alert(case_id, tool, expected, title, description, severity, source, raw, kind=kind, tags=["edge"])


EDGE = [
    waf(
        "dev-akamai-001",
        "Akamai App & API Protector",
        "akamai",
        "Akamai: SQL Injection attack group triggered",
        "Rule 950007 (SQL injection) denied 3,412 requests from 5.188.62.140 to /api/shipments?id=; 2 requests "
        "in alert-only mode reached the origin with 500 responses.",
        "high",
        {"attackData": {"rules": ["950007"], "ruleActions": ["deny"], "clientIP": "5.188.62.140"}, "count": 3412},
        (MAL, "generic", ["block_ip"]),
    ),
    waf(
        "dev-akamai-002",
        "Akamai Prolexic",
        "akamai",
        "Prolexic: volumetric attack mitigated - 212 Gbps UDP reflection",
        "DDoS attack against 198.18.40.0/24 (customer portal): UDP/NTP and memcached reflection peaking at 212 Gbps, "
        "mitigated at the scrubbing centres; portal latency spiked for 6 minutes.",
        "critical",
        {"attack": {"vector": "UDP reflection", "peak_gbps": 212, "status": "mitigating"}},
        (MAL, "availability", ["notify"]),
        kind="ddos",
    ),  # critical: nothing to escalate to
    waf(
        "dev-fastly-001",
        "Fastly Next-Gen WAF (Signal Sciences)",
        "fastly",
        "Signal Sciences: XSS and CMDEXE signals from a flagged IP",
        "IP 172.105.88.3 flagged after 180 XSS and CMDEXE attack signals on /search; requests blocked since flagging.",
        "medium",
        {"signals": ["XSS", "CMDEXE"], "flagged_ip": "172.105.88.3", "action": "blocked"},
        (MAL, "generic", ["block_ip"]),
    ),
    waf(
        "dev-fastly-002",
        "Fastly Next-Gen WAF (Signal Sciences)",
        "fastly",
        "Signal Sciences: anomaly signal NOTFOUND spike",
        "404 responses up 900% on /assets/ from many IPs after the 14:00 deploy renamed the "
        "bundle directory; no attack signals.",
        "low",
        {"signals": ["NOTFOUND"], "anomaly": True},
        (BEN, "availability", ["notify"]),
    ),
    waf(
        "dev-imperva-001",
        "Imperva Cloud WAF",
        "imperva",
        "Imperva: Bad Bot - credential stuffing on /login",
        "Advanced Bot Protection: 46,000 login POSTs from 2,300 residential proxy IPs against /account/login using "
        "known-breached credential pairs; 0.4% succeeded.",
        "high",
        {"threat": "Bad Bot", "attack_type": "Account Takeover", "requests": 46000, "sample_ip": "91.241.19.84"},
        (MAL, "brute_force", ["block_ip", "reset_credentials"]),
    ),
    waf(
        "dev-imperva-002",
        "Imperva DDoS Protection",
        "imperva",
        "Imperva: Layer 7 DDoS - HTTP flood",
        "HTTP GET flood of 180k requests/s on /tracking from a botnet; origin CPU at 100% and 40% of user requests "
        "timing out before mitigation kicked in.",
        "critical",
        {"attack_type": "DDoS", "layer": 7, "rps": 180000},
        (MAL, "availability", ["notify"]),
        kind="ddos",
    ),
    waf(
        "dev-f5-001",
        "F5 Advanced WAF",
        "f5",
        "ASM violation: Illegal meta character in value (from scanner)",
        "Violation rating 2; source 10.40.1.200 (internal Rapid7 scanner) during the scheduled web app scan.",
        "low",
        {"violation_rating": 2, "ip_client": "10.40.1.200", "request_status": "blocked"},
        (BEN, "generic", []),
    ),
    waf(
        "dev-radware-001",
        "Radware Cloud DDoS Protection",
        "radware",
        "Radware: attack detected on asset 'portal'",
        "Security event: SYN flood of 4.1 Mpps against the portal's protected asset; mitigation active, no origin "
        "impact observed.",
        "high",
        {"attackVector": "SYN Flood", "pps": 4100000, "status": "Mitigating"},
        (MAL, "availability", DDOS),
    ),
    waf(
        "dev-armor-001",
        "Google Cloud Armor",
        "cloud_armor",
        "Adaptive Protection: potential L7 attack detected",
        "Adaptive Protection alert confidence 0.93 on backend service nwf-web: request rate 30x baseline from 4,000 "
        "IPs, all with the same user agent; suggested rule generated.",
        "high",
        {"alertType": "ADAPTIVE_PROTECTION", "confidence": 0.93, "backendService": "nwf-web"},
        (MAL, "availability", DDOS),
    ),
    waf(
        "dev-azddos-001",
        "Azure DDoS Protection",
        "azure_ddos",
        "DDoS Attack mitigation started for pip-nwf-web",
        "Under DDoS attack: TCP SYN flood against public IP pip-nwf-web, mitigation triggered.",
        "high",
        {"metricName": "IfUnderDDoSAttack", "value": 1},
        (MAL, "availability", DDOS),
    ),
]


VULN = [
    alert(
        "dev-nessus-001",
        "Tenable Nessus",
        (BEN, "generic", []),
        "Nessus: OpenSSH < 9.8 RCE (regreSSHion)",
        "Plugin 201194 on 14 Linux hosts: OpenSSH 8.9 vulnerable to CVE-2024-6387. CVSS 8.1. Patch scheduled.",
        "high",
        "nessus",
        {"plugin_id": 201194, "cve": "CVE-2024-6387", "hosts": 14, "risk_factor": "High"},
    ),
    alert(
        "dev-qualys-001",
        "Qualys VMDR",
        (BEN, "generic", []),
        "Qualys: QID 38170 SSL certificate expired",
        "QID 38170 on portal-legacy.northwind-freight.com: certificate expired 3 days ago.",
        "medium",
        "qualys",
        {"qid": 38170, "severity": 3, "host": "portal-legacy.northwind-freight.com"},
    ),
    alert(
        "dev-insightvm-001",
        "Rapid7 InsightVM",
        (SUS, "generic", []),
        "InsightVM: Citrix NetScaler CVE-2023-4966 (Citrix Bleed) on internet-facing gateway",
        "Vulnerability actively exploited in the wild (CISA KEV) on the internet-facing NetScaler; appliance "
        "unpatched for 6 weeks; session logs not yet reviewed.",
        "critical",
        "insightvm",
        {"vulnerability_id": "citrix-adc-cve-2023-4966", "exploits": 3, "cisa_kev": True},
    ),
    alert(
        "dev-snyk-001",
        "Snyk",
        (BEN, "generic", []),
        "Snyk: High severity vulnerability in lodash",
        "Prototype pollution in lodash 4.17.15 (SNYK-JS-LODASH-567746) in service shipment-ui; upgrade to 4.17.21.",
        "medium",
        "snyk",
        {"issueId": "SNYK-JS-LODASH-567746", "package": "lodash", "project": "shipment-ui"},
    ),
    alert(
        "dev-wiz-001",
        "Wiz",
        (SUS, "generic", []),
        "Wiz Issue: Publicly exposed VM with high-privilege role and critical vulnerability",
        "Toxic combination: vm-reporting-01 exposed on 8080, has an IAM role with "
        "s3:* on all buckets, and runs Confluence 7.18 (CVE-2022-26134, KEV).",
        "critical",
        "wiz",
        {"issue": {"severity": "CRITICAL", "type": "TOXIC_COMBINATION", "status": "OPEN"}},
    ),
]


DLP = [
    alert(
        "dev-forcepoint-001",
        "Forcepoint DLP",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        "Forcepoint DLP: PCI - credit card numbers sent to personal webmail",
        "Policy 'PCI Audit' breached: w.grant uploaded customers_cards.xlsx (8,200 card numbers) to "
        "outlook.live.com (personal account) the day after handing in his resignation. Action: permitted "
        "(monitor mode).",
        "high",
        "forcepoint",
        {
            "policy": "PCI Audit",
            "channel": "Web",
            "destination": "outlook.live.com",
            "matches": 8200,
            "action": "Permitted",
        },
    ),
    alert(
        "dev-forcepoint-002",
        "Forcepoint DLP",
        (BEN, "data_exfiltration", []),
        "Forcepoint DLP: PII to external recipient - blocked",
        "HR sent an offer letter with the candidate's own address and salary to the candidate; rule matched the "
        "candidate's national ID number. Released by the HR manager as business justified.",
        "low",
        "forcepoint",
        {"policy": "PII - National ID", "channel": "Email", "action": "Blocked", "release_reason": "Business"},
    ),
    alert(
        "dev-symantec-dlp-001",
        "Symantec DLP",
        (SUS, "data_exfiltration", ["notify"]),
        "Symantec DLP Endpoint: Source code copied to USB",
        "Endpoint Prevent incident: 1,900 files matching 'Source Code - Proprietary' copied to a SanDisk USB drive "
        "by dev o.mensah on NWF-LT-0702. No ticket; user not leaving as far as HR knows.",
        "medium",
        "symantec_dlp",
        {"policy": "Source Code - Proprietary", "channel": "Removable Storage", "match_count": 1900},
    ),
    alert(
        "dev-mdca-001",
        "Microsoft Defender for Cloud Apps",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        "Mass download by a single user + Impossible travel",
        "User f.dubois downloaded 3,400 files from SharePoint 'Contracts' in 20 minutes from 149.88.23.6 (Singapore) "
        "8 minutes after a sign-in from Paris; the user's MFA method was changed an hour earlier.",
        "high",
        "defender_cloud_apps",
        {"policyName": "Mass download by a single user", "files": 3400, "ip": "149.88.23.6"},
    ),
    alert(
        "dev-mdca-002",
        "Microsoft Defender for Cloud Apps",
        (BEN, "data_exfiltration", []),
        "Mass download by a single user",
        "Sync client of the records team (svc-records-sync) downloaded 12,000 "
        "files from the archive site during the quarterly migration to the new records system (CHG0041055).",
        "medium",
        "defender_cloud_apps",
        {"policyName": "Mass download by a single user", "user": "svc-records-sync"},
    ),
    alert(
        "dev-zscaler-001",
        "Zscaler Internet Access",
        (SUS, "data_exfiltration", ["notify"]),
        "ZIA DLP: confidential document uploaded to unsanctioned AI service",
        "DLP engine 'Confidential' matched a 40-page pricing strategy uploaded to chat.deepseek.com by "
        "k.lund (sales); allowed with caution page.",
        "medium",
        "zscaler",
        {"dlpengine": "Confidential", "urlcat": "Generative AI", "action": "Caution"},
    ),
    alert(
        "dev-varonis-001",
        "Varonis DatAdvantage",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        "Varonis: abnormal access to sensitive files + encryption pattern",
        "Service account svc_scan read 92,000 sensitive files on \\\\nwf-fs01\\finance in 1 hour, then files were "
        "renamed; behaviour matches a ransomware staging and exfiltration pattern.",
        "critical",
        "varonis",
        {"threat_model": "Abnormal service behavior: access to atypical folders", "user": "svc_scan"},
    ),
    alert(
        "dev-nightfall-001",
        "Nightfall DLP",
        (BEN, "data_exfiltration", []),
        "Nightfall: API key detected in Slack message",
        "Detector 'AWS access key' matched AKIAIOSFODNN7EXAMPLE in #dev-help; it is the example key from the AWS "
        "documentation, not a real credential.",
        "low",
        "nightfall",
        {"detector": "AWS access key", "finding": "AKIAIOSFODNN7EXAMPLE", "channel": "#dev-help"},
    ),
    alert(
        "dev-code-leak-001",
        "GitHub secret scanning",
        (SUS, "generic", ["reset_credentials"]),
        "Secret scanning alert: Stripe live API key committed",
        "A Stripe live secret key was pushed to the public repo northwind-freight/label-printer by a contractor; "
        "the commit was public for 40 minutes before being force-pushed away. No Stripe API use seen yet.",
        "high",
        "github",
        {"secret_type": "stripe_api_key", "repository": "northwind-freight/label-printer"},
    ),
    alert(
        "dev-unknown-001",
        "SIEM forwarder",
        (UNK, "generic", []),
        "Alert",
        "New alert received from forwarder.",
        "medium",
        "syslog",
        {"facility": "local4", "msg": "alert"},
    ),
]

CASES = [*CLOUD, *NETWORK, *EDGE, *VULN, *DLP]
