"""Expansion split, part 11: borderline cases, suspicious rather than malicious (or the other way round) by one
fact, from the tools of the other expansion modules."""

from __future__ import annotations

from tests.data.triage.expansion_common import BRUTE, EXFIL, GENERIC, MAL, MALWARE, PHISHING, SUS
from tests.data.triage.expansion_containers_ci import falco, sysdig
from tests.data.triage.expansion_hosts import red_canary
from tests.data.triage.expansion_identity import onepassword
from tests.data.triage.expansion_mail import cofense, harmony, ironscales
from tests.data.triage.expansion_network import fortigate

BORDERLINE = [
    ironscales(
        5,
        "Change of remittance details - Hartwell Valves",
        "accounts@hartwell-valves.com",
        "Suspicious",
        1,
        (SUS, PHISHING, ["quarantine_email"]),
        severity="medium",
        spfResult="pass",
        dkimResult="pass",
        note="Real supplier domain, new bank account in another country; the supplier's phone line is "
        "unanswered, so a compromised supplier mailbox is not ruled out",
    ),
    harmony(
        5,
        "phishing",
        "suspicious",
        "detected",
        "Q4 tender documents",
        "tenders@grid-tenders-portal.com",
        "Link to a PDF on a domain registered 4 days ago; no login form seen behind it; 4 recipients, none clicked.",
        (SUS, PHISHING, ["quarantine_email"]),
        severity=3,
    ),
    cofense(
        6,
        "are you at your desk?",
        "martin.hale.ceo@gmail.com",
        "Reconnaissance",
        48,
        2,
        (SUS, PHISHING, ["quarantine_email"]),
        ["executive_impersonation"],
    ),
    onepassword(
        4,
        "1Password: sign-in from a new country for f.ahmed",
        "Successful sign-in with the correct Secret Key from Morocco; the user's manager does not know of "
        "any trip and the user has not answered yet.",
        {
            "category": "success",
            "type": "new_location",
            "client": {"ip_address": "105.158.12.40"},
            "location": {"country": "MA", "city": "Casablanca"},
        },
        (SUS, BRUTE, ["reset_credentials"]),
        "medium",
    ),
    fortigate(
        6,
        {
            "type": "event",
            "subtype": "vpn",
            "action": "ssl-login-fail",
            "user": "multiple (8 valid users)",
            "remip": "88.157.44.9",
            "reason": "sslvpn_login_permission_denied",
            "count": "16",
        },
        (SUS, BRUTE, ["block_ip"]),
        "medium",
        "SSL-VPN: 2 failed logins each for 8 real users from one address in Portugal (we have a Porto branch)",
    ),
    sysdig(
        5,
        "DNS queries with long encoded labels",
        "High entropy DNS queries",
        4,
        "build-agent-3 sent 2,300 queries like 'aGVsbG8td29ybGQ.x7.telemetry-sync.net' (3 MB in total) to one "
        "domain registered last month.",
        {"kubernetes.pod.name": "build-agent-3", "kubernetes.namespace.name": "ci"},
        (SUS, EXFIL, ["notify"]),
    ),
    falco(
        5,
        "Contact K8S API Server From Container",
        "Notice",
        "Unexpected connection to K8s API Server from container (command=python3 app.py "
        "container=wp-frontend-1 k8s.ns=web connection=10.40.3.9:50211->10.96.0.1:443)",
        {"container.name": "wp-frontend-1", "k8s.ns.name": "web", "proc.cmdline": "python3 app.py"},
        (SUS, GENERIC, []),
    ),
    red_canary(
        4,
        "Living-off-the-land download with certutil",
        "certutil.exe -urlcache -split -f https://raw.githubusercontent.com/... /notes.txt run by a developer "
        "on his laptop; the file is a text file, nothing executed it yet.",
        "Suspicious Activity / Suspicious Activity",
        "medium",
        "FHE-LT-2311",
        (SUS, MALWARE, []),
    ),
    red_canary(
        5,
        "Credential theft tool run from a USB drive",
        "E:\\tools\\lazagne.exe all -oN run on FHE-LT-0456 by the user's session at 19:02, output written "
        "to E:\\out\\; the laptop belongs to a finance clerk, not IT.",
        "Malicious Software / Credential Theft",
        "high",
        "FHE-LT-0456",
        (MAL, MALWARE, ["isolate_host", "reset_credentials"]),
    ),
]


CASES = BORDERLINE
