"""Expansion split, part 7: firewalls and network gear (FortiGate, PAN-OS, Check Point, Meraki) and DDoS
mitigation (NETSCOUT Arbor Sightline), in the key=value and JSON shapes they forward."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    SUS,
    Expected,
    alert,
)
from tests.data.triage.labels import Case


def fortigate(n: int, fields: dict[str, str], expected: Expected, severity: str, title: str | None = None) -> Case:
    line = " ".join(f'{key}="{value}"' if " " in value else f"{key}={value}" for key, value in fields.items())
    raw = {"devname": "FHE-FGT-HQ01", "devid": "FG200FT921900123", "log": line, **fields}
    description = f"FortiGate log: {line}" if title else None
    return alert(
        f"exp-fortigate-{n:03d}", "Fortinet FortiGate", expected, title, description, severity, "fortigate", raw
    )


FORTIGATE = [
    fortigate(
        1,
        {
            "type": "event",
            "subtype": "vpn",
            "action": "ssl-login-fail",
            "user": "administrator",
            "remip": "79.124.62.86",
            "reason": "sslvpn_login_unknown_user",
            "count": "2311",
        },
        (MAL, BRUTE, ["block_ip"]),
        "high",
        "SSL-VPN: 2311 failed logins from 79.124.62.86",
    ),
    fortigate(
        2,
        {
            "type": "utm",
            "subtype": "ips",
            "level": "alert",
            "srcip": "10.20.40.15",
            "dstip": "52.114.128.43",
            "attack": "MS.Teams.Update.Traffic",
            "action": "pass",
        },
        (BEN, GENERIC, []),
        "low",
    ),
    fortigate(
        3,
        {
            "type": "utm",
            "subtype": "ips",
            "level": "critical",
            "srcip": "146.190.21.77",
            "dstip": "10.20.0.5",
            "attack": "Fortinet.FortiOS.SSL.VPN.Heap.Buffer.Overflow",
            "action": "detected",
        },
        (MAL, GENERIC, ["block_ip", "notify"]),
        "critical",
        "IPS: exploit attempt against our own SSL-VPN, not blocked (detect only)",
    ),
    fortigate(
        4,
        {
            "type": "utm",
            "subtype": "virus",
            "srcip": "10.20.33.61",
            "virus": "JS/Agent.NSV!tr",
            "url": "http://cdn-jsdelivr.top/jquery.min.js",
            "action": "blocked",
        },
        (BEN, MALWARE, []),
        "medium",
    ),
    fortigate(
        5,
        {
            "type": "traffic",
            "subtype": "forward",
            "srcip": "10.20.12.9",
            "dstip": "104.21.88.14",
            "app": "Telegram",
            "sentbyte": "18734003821",
            "duration": "7200",
            "action": "accept",
        },
        (SUS, EXFIL, ["notify"]),
        "high",
        "18.7 GB sent to Telegram from FHE-ENG-WS-0412 in two hours",
    ),
]


def panos(
    n: int, subtype: str, threat: str, src: str, dst: str, action: str, expected: Expected, severity: str, **extra: Any
) -> Case:
    raw = {
        "type": "THREAT",
        "subtype": subtype,
        "threat_name": threat,
        "src": src,
        "dst": dst,
        "action": action,
        "severity": severity,
        "rule": "outbound-default",
        "device_name": "FHE-PA-DC1",
        **extra,
    }
    return alert(
        f"exp-panos-{n:03d}",
        "Palo Alto Networks NGFW (PAN-OS)",
        expected,
        f"PAN-OS {subtype}: {threat}",
        f"{threat} from {src} to {dst}, action {action}.",
        severity,
        "panos",
        raw,
    )


PANOS = [
    panos(
        1,
        "spyware",
        "Cobalt Strike.Gen Command and Control Traffic(86446)",
        "10.20.18.23",
        "23.94.60.12",
        "alert",
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "critical",
    ),
    panos(
        2,
        "vulnerability",
        "Apache Log4j Remote Code Execution Vulnerability(91991)",
        "162.243.80.6",
        "10.20.7.31",
        "reset-both",
        (BEN, GENERIC, []),
        "medium",
        note="blocked; the target runs no Java",
    ),
    panos(
        3,
        "spyware",
        "Suspicious DNS Query (generic:kdjfhqueb.xyz)",
        "10.20.44.2",
        "10.20.0.53",
        "sinkhole",
        (SUS, MALWARE, []),
        "medium",
    ),
    panos(
        4,
        "data",
        "Credit Card Number(DLP)",
        "10.20.61.8",
        "185.15.59.224",
        "alert",
        (SUS, EXFIL, ["notify"]),
        "high",
        app="web-browsing",
        filename="export_q4.csv",
    ),
]


def checkpoint(
    n: int,
    product: str,
    protection: str,
    action: str,
    src: str,
    detail: str,
    expected: Expected,
    severity: str,
    **extra: Any,
) -> Case:
    raw = {
        "product": product,
        "protection_name": protection,
        "action": action,
        "src": src,
        "confidence_level": extra.pop("confidence", "High"),
        "severity": severity.capitalize(),
        **extra,
    }
    return alert(
        f"exp-checkpoint-{n:03d}",
        "Check Point Quantum",
        expected,
        f"{product}: {protection}",
        detail,
        severity,
        "checkpoint",
        raw,
    )


CHECKPOINT = [
    checkpoint(
        1,
        "Anti-Bot",
        "Qakbot.TC.a",
        "Detect",
        "10.30.4.19",
        "FHE-LT-3012 (Madrid office) contacted a Qakbot C&C 43 times since 06:00; policy is in detect mode.",
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "critical",
        malware_family="Qakbot",
    ),
    checkpoint(
        2,
        "Threat Emulation",
        "Generic.TC.ab12",
        "Prevent",
        "198.51.100.23",
        "Emulation verdict malicious for 'Quote_Request.docm' arriving by SMTP; file blocked, message "
        "delivered without the attachment.",
        (BEN, MALWARE, []),
        "medium",
    ),
    checkpoint(
        3,
        "IPS",
        "Microsoft RDP Brute Force",
        "Prevent",
        "5.188.62.140",
        "Repeated RDP authentication attempts against the old terminal server NAT rule.",
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
]


def meraki(
    n: int, alert_type: str, network: str, device: str, data: dict[str, Any], expected: Expected, severity: str
) -> Case:
    raw = {
        "version": "0.1",
        "alertType": alert_type,
        "organizationName": "Fernhill Energy",
        "networkName": network,
        "deviceName": device,
        "occurredAt": "2026-12-01T00:12:33.000000Z",
        "alertData": data,
    }
    return alert(f"exp-meraki-{n:03d}", "Cisco Meraki webhook", expected, None, None, severity, "meraki", raw)


MERAKI = [
    meraki(
        1,
        "APs went down",
        "Aberdeen HQ",
        "AP-3F-East",
        {"status": "offline", "minutes": 25},
        (BEN, AVAIL, ["notify"]),
        "medium",
    ),
    meraki(
        2,
        "Rogue AP detected",
        "Aberdeen HQ",
        "AP-1F-Lobby",
        {
            "ssid": "Fernhill-Guest",
            "bssid": "e4:5f:01:aa:12:9c",
            "wired": True,
            "note": "same SSID as ours, plugged into a lobby wall port",
        },
        (SUS, GENERIC, []),
        "high",
    ),
    meraki(
        3,
        "Uplink status changed",
        "Porto branch",
        "MX68-Porto",
        {"uplink": "wan1", "status": "failed", "failover": "cellular", "latency_ms": 480},
        (BEN, PERF, ["notify"]),
        "medium",
    ),
    meraki(
        4,
        "Settings changed",
        "Madrid office",
        "MX84-Madrid",
        {"admin": "it-netops@fernhill-energy.com", "change": "L3 firewall rule added (allow 10.30.0.0/16 -> printers)"},
        (BEN, GENERIC, []),
        "low",
    ),
]


def arbor(
    n: int, importance: str, resource: str, bps: str, vector: str, detail: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "type": "alert",
        "attributes": {
            "alert_class": "dos",
            "importance": importance,
            "subobject": {"resource": resource},
            "max_impact_bps": bps,
            "misuse_types": [vector],
        },
        "id": 912000 + n,
    }
    return alert(
        f"exp-arbor-{n:03d}",
        "NETSCOUT Arbor Sightline",
        expected,
        f"DoS host alert: {resource} ({vector})",
        detail,
        severity,
        "arbor",
        raw,
    )


DDOS = [
    arbor(
        1,
        "High",
        "customer-portal VIP 203.0.113.40",
        "38.2 Gbps",
        "DNS Amplification",
        "Traffic from 61,000 open resolvers to the portal VIP; the transit links are saturated and the portal is "
        "unreachable for customers. Mitigation (TMS) started.",
        (MAL, AVAIL, ["notify"]),
        "critical",
    ),
    arbor(
        2,
        "Medium",
        "meter-api 203.0.113.52",
        "2.1 Gbps",
        "TCP SYN",
        "SYN flood against the meter API, absorbed by the mitigation; latency rose to 900 ms.",
        (MAL, AVAIL, ["notify", "escalate"]),
        "high",
    ),
    arbor(
        3,
        "Low",
        "backup-target 203.0.113.60",
        "900 Mbps",
        "Total Traffic",
        "Baseline exceeded during the monthly off-site backup replication from the DR site.",
        (BEN, AVAIL, []),
        "low",
    ),
]


CASES = [*FORTIGATE, *PANOS, *CHECKPOINT, *MERAKI, *DDOS]
