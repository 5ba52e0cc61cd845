"""Breadth split: network, web and DDoS at Tidewater Health.

DNS security (Cisco Umbrella, Infoblox BloxOne Threat Defense), network detection (ExtraHop Reveal(x)),
firewalls (Sophos Firewall XGS syslog, SonicWall SonicOS syslog, AWS Network Firewall alert logs), the
patient portal's web tier (ModSecurity with the OWASP CRS audit log, HAProxy log alerts, Kemp LoadMaster)
and scrubbing (Gcore DDoS Protection): C2 beaconing and DGA lookups, SQL injection and path traversal,
floods, VPN password guessing, scans, Tor, large transfers and plain operations trouble. Voices: the
tools' own payloads (some forwarded as raw_data only), short analyst summaries and a support desk note.
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.breadth_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    PHISHING,
    SUS,
    UNK,
    Expected,
    alert,
)
from tests.data.triage.labels import Case

PORTAL, VPN = "portal.tidewater-health.org", "vpn.tidewater-health.org"


def umbrella(
    n: int,
    domain: str,
    categories: list[str],
    identity: str,
    expected: Expected,
    severity: str,
    title: str | None,
    description: str | None,
    **extra: Any,
) -> Case:
    raw = {
        "type": "dns",
        "domain": domain,
        "verdict": extra.pop("verdict", "blocked"),
        "querytype": "A",
        "categories": [{"label": label, "type": "security"} for label in categories],
        "identities": [{"label": identity, "type": {"type": "anyconnect", "label": "Anyconnect Roaming Client"}}],
        "organizationid": 7781204,
        **extra,
    }
    return alert(
        f"br-umbrella-{n:03d}", "Cisco Umbrella", expected, title, description, severity, "umbrella", raw,
        systems=[identity], tags=["dns"],
    )  # fmt: skip


def bloxone(
    n: int, raw: dict[str, Any], expected: Expected, severity: str, title: str | None, description: str | None
) -> Case:
    event = {"policy_name": "TWH-Global", "feed_name": "Base", "qtype": "A", **raw}
    return alert(
        f"br-bloxone-{n:03d}", "Infoblox BloxOne Threat Defense", expected, title, description, severity,
        "bloxone_td", event, systems=[str(raw.get("device", ""))],
    )  # fmt: skip


def extrahop(
    n: int,
    detection: str,
    title: str,
    description: str,
    offender: tuple[str, str],
    victim: str,
    technique: str,
    expected: Expected,
    severity: str,
    *,
    kind: str | None = None,
    **properties: Any,
) -> Case:
    raw = {
        "id": 8589934600 + n,
        "type": detection,
        "title": title,
        "risk_score": {"low": 30, "medium": 55, "high": 80, "critical": 95}[severity],
        "categories": ["sec", "sec.attack"],
        "mitre_techniques": [{"id": technique}],
        "participants": [
            {"role": "offender", "object_type": "device", "hostname": offender[0], "ipaddr": offender[1]},
            {"role": "victim", "object_type": "ipaddr", "ipaddr": victim},
        ],
        "status": "new",
        "url": f"https://revealx.tidewater-health.org/extrahop/#/detections/detail/{8589934600 + n}",
        "properties": properties,
    }
    return alert(
        f"br-extrahop-{n:03d}", "ExtraHop Reveal(x)", expected, title, description, severity, "extrahop", raw,
        systems=[offender[0]], kind=kind,
    )  # fmt: skip


def sfos(
    n: int,
    fields: dict[str, str],
    expected: Expected,
    severity: str,
    title: str | None,
    description: str | None,
    kind: str | None = None,
) -> Case:
    head = {"device_name": "SFW", "device_model": "XGS3300", "device_serial_id": "X33001TWH7NQ4P2"}
    line = " ".join(f'{key}="{value}"' for key, value in {**head, **fields}.items())
    return alert(
        f"br-sfos-{n:03d}", "Sophos Firewall (XGS)", expected, title, description, severity, "sophos_firewall",
        {"syslog": line, **fields}, tags=["firewall"], kind=kind,
    )  # fmt: skip


def sonicwall(
    n: int,
    m: int,
    msg: str,
    fields: dict[str, str],
    expected: Expected,
    severity: str,
    title: str | None,
    description: str | None,
    kind: str | None = None,
) -> Case:
    line = f'id=firewall sn=2CB8ED6A41F0 time="{fields.pop("time")}" fw=193.69.160.1 pri=1 m={m} msg="{msg}" '
    line += " ".join(f"{key}={value}" for key, value in fields.items())
    return alert(
        f"br-sonicwall-{n:03d}", "SonicWall", expected, title, description, severity, "sonicwall",
        {"message": line, "m": m, "msg": msg, **fields}, systems=["TWH-NOR-FW01"], kind=kind,
    )  # fmt: skip


CRS_FILES = {
    "913": "REQUEST-913-SCANNER-DETECTION.conf",
    "930": "REQUEST-930-APPLICATION-ATTACK-LFI.conf",
    "942": "REQUEST-942-APPLICATION-ATTACK-SQLI.conf",
    "949": "REQUEST-949-BLOCKING-EVALUATION.conf",
    "951": "RESPONSE-951-DATA-LEAKAGES-SQL.conf",
}


def modsec(
    n: int,
    client: str,
    uri: str,
    code: int,
    rules: list[tuple[str, str, str]],
    expected: Expected,
    severity: str,
    title: str | None,
    description: str | None,
    *,
    engine: str = "On",
    **response: Any,
) -> Case:
    messages = [
        {
            "message": message,
            "details": {
                "ruleId": rule,
                "file": f"/etc/nginx/modsec/coreruleset-4.3.0/rules/{CRS_FILES[rule[:3]]}",
                "data": data,
                "ver": "OWASP_CRS/4.3.0",
                "tags": ["OWASP_CRS", "paranoia-level/1"],
            },
        }
        for rule, message, data in rules
    ]
    method, _, path = uri.partition(" ")
    raw = {
        "transaction": {
            "client_ip": client,
            "time_stamp": "Tue Feb  9 02:41:07 2027",
            "host_ip": "10.20.1.15",
            "host_port": 443,
            "unique_id": f"1707442867{n:02d}4719.852311",
            "request": {"method": method, "uri": path, "headers": {"Host": PORTAL}},
            "response": {"http_code": code, **response},
            "producer": {"modsecurity": "ModSecurity v3.0.12 (Linux)", "secrules_engine": engine},
            "messages": messages,
        }
    }
    return alert(
        f"br-modsec-{n:03d}", "ModSecurity (OWASP CRS audit log)", expected, title, description, severity,
        "modsecurity", raw, systems=[PORTAL], tags=["waf"],
    )  # fmt: skip


def haproxy(
    n: int, expected: Expected, severity: str, title: str, description: str, raw: dict[str, Any], kind: str | None
) -> Case:
    raw = {"host": "TWH-NOR-LB01", "program": "haproxy", **raw}
    return alert(
        f"br-haproxy-{n:03d}", "HAProxy log alerts", expected, title, description, severity, "haproxy", raw,
        kind=kind,
    )  # fmt: skip


def anfw(
    n: int,
    event: dict[str, Any],
    expected: Expected,
    severity: str,
    title: str | None = None,
    description: str | None = None,
    **extra: Any,
) -> Case:
    raw = {"firewall_name": "twh-portal-egress", "availability_zone": "eu-north-1a", "event": event, **extra}
    return alert(
        f"br-anfw-{n:03d}", "AWS Network Firewall", expected, title, description, severity, "aws_network_firewall",
        raw, systems=[str(extra.get("instance_id", ""))] if "instance_id" in extra else [],
    )  # fmt: skip


def kemp(n: int, expected: Expected, severity: str, title: str, description: str, raw: dict[str, Any]) -> Case:
    raw = {"device": "TWH-RTM-LM01", "model": "LoadMaster VLM-5000", "firmware": "7.2.60.0", **raw}
    return alert(
        f"br-kemp-{n:03d}", "Kemp LoadMaster", expected, title, description, severity, "kemp", raw,
        kind="availability",
    )  # fmt: skip


def gcore(n: int, expected: Expected, severity: str, title: str, description: str, raw: dict[str, Any]) -> Case:
    return alert(
        f"br-gcore-{n:03d}", "Gcore DDoS Protection", expected, title, description, severity, "gcore",
        {"client_id": 418832, **raw}, systems=[PORTAL] if raw else [],
    )  # fmt: skip


# The case lists are laid out by hand (one helper call's short arguments on a line) to keep the module short.
# fmt: off
DNS = [
    umbrella(
        1, "qkvhzrtaeplm.top", ["Command and Control", "Newly Seen Domains"], "TWH-GDN-WS0217",
        (MAL, MALWARE, ["isolate_host"]), "high",
        "Umbrella: 412 lookups for random-looking domains from TWH-GDN-WS0217",
        "Between 01:12 and 01:53 UTC the roaming client on TWH-GDN-WS0217 (ward clerk PC, Gdańsk) asked for 412 "
        "different names such as qkvhzrtaeplm.top, xnwjbdoyfa.top and ufcmlqgre.xyz. 398 came back NXDOMAIN, the 14 "
        "that resolved were blocked as Command and Control. It is still going at about ten a minute.",
        internalip="10.44.12.87", returncode=3, count=412,
    ),
    umbrella(
        2, "tidewater-heallth-login.com", ["Phishing"], "TWH-RTM-WS0412",
        (MAL, PHISHING, ["quarantine_email", "block_sender"]), "high",
        "Three Rotterdam staff sent to a fake Tidewater sign-in page",
        "Umbrella stopped a.devries, m.bakker and j.jansen from opening hxxps://tidewater-heallth-login[.]com/owa/ "
        "within eight minutes of each other. All three had the same message, 'Updated on-call rota - sign to "
        "confirm', from rota-office@tidewaterhealth-hr.com; 41 mailboxes got it this morning.",
        kind="phishing",
    ),
    umbrella(
        3, "rx-sync.ddns.net", ["Dynamic DNS", "Newly Seen Domains"], "TWH-BGO-PHA03", (SUS, MALWARE, []), "medium",
        "Regular dynamic-DNS lookups from the pharmacy dispensing PC",
        "TWH-BGO-PHA03 resolves rx-sync.ddns.net every 300 s (give or take two seconds) since the dispensing "
        "vendor's remote session on Tuesday. Allowed: the category is Dynamic DNS, not a security one. The vendor "
        "has not yet said whether that name is theirs; no downloads or other odd lookups from the host.",
        verdict="allowed",
    ),
    umbrella(
        4, "invoice-portal-docs.com", ["Malware"], "TWH-NOR-SOC-VM03", (BEN, MALWARE, []), "medium",
        "Malware domain blocked for identity TWH-NOR-SOC-VM03",
        "Blocked request from the SOC analysis VM. Chidi Okafor's shift log shows him resolving the indicators in "
        "this morning's sector threat bulletin from that sandbox at the same minute.",
    ),
    bloxone(
        1,
        {"event_time": "2027-02-09T03:41:18.000Z", "qname": "a9f3kd0b2c7e1d.Zm9yd2FyZC5zaA.cdn-telemetry-sync.com",
         "qtype": "TXT", "rdata": "dXBsb2FkIC92YXIvbGlzL2V4cG9ydHMvKg==", "device": "TWH-OSA-LIS01",
         "network": "Osaka-Lab", "tclass": "MalwareC2", "tproperty": "DNS_Tunneling",
         "threat_indicator": "cdn-telemetry-sync.com", "threat_level": "HIGH", "confidence": "HIGH",
         "policy_action": "Log", "queries_last_hour": 2604, "unique_subdomains_last_hour": 2588},
        (MAL, MALWARE, ["isolate_host"]), "high", None, None,
    ),
    bloxone(
        2,
        {"event_time": "2027-02-08T11:02:44.000Z", "qname": "pqzlwe.info", "device": "10.61.8.44",
         "network": "Rotterdam-Lab-VLAN61", "tclass": "Suspicious", "tproperty": "DGA", "confidence": "MEDIUM",
         "threat_level": "MEDIUM", "policy_action": "Redirect"},
        (SUS, MALWARE, []), "medium",
        "BloxOne: possible DGA lookups from 10.61.8.44",
        "Four lookups inside one minute (pqzlwe.info, vbkrtq.info, zzmhne.info, dxwfpo.net), all NXDOMAIN, from "
        "a haematology analyser on the Rotterdam lab VLAN. None since, six hours on. The analyser vendor keeps a "
        "support tunnel on the same VLAN; it is not known yet which of them sent the queries.",
    ),
    bloxone(
        3,
        {"event_time": "2027-02-10T06:15:09.000Z",
         "qname": "0.1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d.ldsgy3.sxl4.sophosxl.net", "device": "TWH-GOT-WS0310",
         "network": "Gothenburg-Staff", "tclass": "Data Exfiltration",
         "tproperty": "DNS_Tunneling", "confidence": "MEDIUM", "policy_action": "Log"},
        (BEN, EXFIL, []), "medium",
        "Data exfiltration via DNS tunnelling - TWH-GOT-WS0310",
        "1,140 long subdomain lookups under sxl4.sophosxl.net in an hour. That is the endpoint agent's "
        "file-reputation check, which puts file hashes into DNS names and bursts after every definition update. "
        "The name is allow-listed for every site except Gothenburg, which was added to the policy last week.",
    ),
]

NDR = [
    extrahop(
        1, "cnc_beaconing", "C&C Beaconing",
        "TWH-BGO-PACS01 (10.52.3.21) connects to 91.215.85.142:443 every 62 s with a 312-byte request and a 48-byte "
        "answer, 1,390 times since Sunday 14:00. Self-signed certificate (CN=localhost); no other device in the "
        "hospital talks to that address.",
        ("TWH-BGO-PACS01", "10.52.3.21"), "91.215.85.142", "T1071.001",
        (MAL, MALWARE, ["isolate_host", "block_ip"]), "critical", interval_seconds=62, connection_count=1390,
    ),
    extrahop(
        2, "data_exfil_external", "Data Exfiltration to External Endpoint",
        "TWH-OSA-SQL01 pushed 37.6 GB to 45.141.215.19 (a hosting provider, first seen today) over TCP 443 between "
        "02:05 and 04:40 JST, ninety times its usual outbound volume. An hour earlier the server took an RDP "
        "logon from TWH-OSA-WS0061, a radiographer's workstation that has never administered it.",
        ("TWH-OSA-SQL01", "10.81.2.12"), "45.141.215.19", "T1048",
        (MAL, EXFIL, ["isolate_host", "block_ip"]), "critical", kind="data_exfiltration", bytes_out=40372651212,
    ),
    extrahop(
        3, "tor_activity", "Tor Relay Connections",
        "TWH-GOT-WS0088 (oncology research room) opened TLS sessions to 11 known Tor relays on 9001 and 443 over "
        "30 minutes, 14 MB all told. Software inventory lists no Tor Browser; one of the researchers asked IT about "
        "'anonymous browsing' last month.",
        ("TWH-GOT-WS0088", "10.73.20.88"), "171.25.193.20", "T1090.003", (SUS, GENERIC, []), "medium",
        relay_count=11,
    ),
    extrahop(
        4, "smb_share_enumeration", "SMB/CIFS Share Enumeration",
        "TWH-GDN-WS0155 listed the shares of 318 hosts in 12 minutes as gdn\\t.zielinski. The inventory scanner "
        "lives on TWH-GDN-ITM01, not here; Tomasz Zieliński is a biomedical engineer who maps shares for "
        "equipment now and then. Nothing was read or copied from the shares.",
        ("TWH-GDN-WS0155", "10.41.7.155"), "10.41.0.0/16", "T1135", (SUS, GENERIC, []), "medium",
        hosts_enumerated=318,
    ),
    extrahop(
        5, "data_transfer_unusual", "Unusual outbound data volume",
        "TWH-NOR-BKP02 sent 1.8 TB to 20.101.44.9 (Azure West Europe) from 22:00 to 05:10. That is the weekly "
        "offsite copy to the backup vendor's cloud repository, change CHG0031177, on the same schedule as the "
        "last twelve Saturdays.",
        ("TWH-NOR-BKP02", "10.10.9.32"), "20.101.44.9", "T1048", (BEN, EXFIL, []), "low",
    ),
]

FIREWALLS = [
    sfos(
        1,
        {"log_type": "Event", "log_component": "SSL VPN Authentication", "status": "Failed", "user_name": "admin",
         "src_ip": "80.94.95.205", "message": "User admin failed to login to SSL VPN through Local authentication "
         "mechanism because of wrong credentials"},
        (MAL, BRUTE, ["block_ip"]), "high",
        "SSL VPN: 3,180 failed logins from 80.94.95.205 and 194.26.29.113",
        "Since 23:40 two addresses have been trying names like admin, test, reception, scanner and nurse01 "
        f"against {VPN}, about 50 a minute. No login succeeded; neither address belongs to a partner.",
        "brute_force",
    ),
    sfos(
        2,
        {"log_type": "Content Filtering", "log_component": "Application", "application": "Mega Upload",
         "user_name": "l.haugen", "src_ip": "10.52.14.107", "sent_bytes": "6764573081"},
        (MAL, EXFIL, ["disable_user", "notify"]), "high",
        "6.3 GB uploaded to mega.nz from pharmacy PC TWH-BGO-PHA07",
        "Application control logged Lene Haugen (pharmacy technician, resigned, last day Friday) uploading 6.3 GB "
        "to MEGA this afternoon, a few minutes after she ran a full export of the controlled-drug register from "
        "the dispensing system. Nobody asked her for that export.",
        "data_exfiltration",
    ),
    sfos(
        3,
        {"log_type": "Event", "log_component": "SSL VPN Authentication", "status": "Successful",
         "user_name": "m.kowalska", "src_ip": "185.220.101.34",
         "message": "User m.kowalska authenticated successfully to login to SSL VPN through AD authentication"},
        (SUS, BRUTE, ["reset_credentials"]), "medium",
        "VPN logon for m.kowalska from a Tor exit node",
        "One clean login, no failures before it, from 185.220.101.34 (Tor). Marta Kowalska is on parental leave "
        "and has not picked up her phone yet; the session is idle on the VPN and has opened nothing so far.",
    ),
    sfos(
        4,
        {"log_type": "Firewall", "log_component": "Firewall Rule", "log_subtype": "Allowed",
         "fw_rule_name": "Servers-to-Internet", "src_ip": "10.52.6.2", "dst_ip": "34.88.201.17", "dst_port": "443",
         "sent_bytes": "24051490816"},
        (SUS, EXFIL, ["notify"]), "high",
        "Servers-to-Internet: 22.4 GB out from TWH-BGO-SQL02 overnight",
        "Firewall rule Servers-to-Internet let TWH-BGO-SQL02 send 22.4 GB to 34.88.201.17 (Google Cloud) between "
        "01:00 and 03:30. No change ticket. The pharmacy vendor's hosted analytics does run on Google Cloud, but "
        "it normally receives about 300 MB a night.",
    ),
    sfos(
        5,
        {"log_type": "IDP", "log_component": "Anomaly", "log_subtype": "Drop", "signature_msg": "portscan: TCP "
         "Portsweep", "src_ip": "162.142.125.221", "dst_ip": "193.69.160.10"},
        (BEN, GENERIC, []), "low",
        "IPS anomaly: TCP portsweep from 162.142.125.221",
        "Censys range sweeping our public block; dropped. Only 443 (portal) and the VPN port answered, as they "
        "should.",
    ),
    sonicwall(
        1, 1213, "Possible SYN Flood on IF X1 - src: 193.233.48.71:41022 dst: 193.69.160.12:443",
        {"time": "2027-02-09 07:58:12 UTC", "src": "193.233.48.71:41022:X1", "dst": "193.69.160.12:443:X1"},
        (MAL, AVAIL, ["block_ip"]), "high",
        f"SYN flood on {VPN} from three addresses",
        "About 420,000 half-open connections a second from 193.233.48.71, 193.233.48.90 and 45.95.147.12 against "
        "the VPN listener since 07:55. The SYN proxy is holding, but Norfolk staff working from home keep "
        "dropping off the VPN.",
        "availability",
    ),
    sonicwall(
        2, 1080, "SSL VPN zone remote user login allowed",
        {"time": "2027-02-10 03:12:40 UTC", "usr": '"h.tanaka"', "src": "141.98.11.62:50514:X1"},
        (MAL, BRUTE, ["block_ip", "disable_user", "reset_credentials"]), "critical",
        "h.tanaka: VPN login after 640 wrong passwords",
        "141.98.11.62 failed 640 times on the account h.tanaka between 01:30 and 03:11, then got in. The session "
        "went straight to RDP on TWH-OSA-APP04, a CareChart application server. Hiroshi Tanaka works days and "
        "was asleep.",
        "brute_force",
    ),
    sonicwall(
        3, 1397, "Capture ATP: file verdict Suspicious",
        {"time": "2027-02-08 14:20:03 UTC", "src": "10.31.4.56", "fileName": "Discharge_summary_0209.iso",
         "sha256": "5c1e9a7d2f4b8e03a6c9d1f7b2e4a8c05d3f6e9b1a7c4d2e8f0b3a6c9d5e1f7a",
         "url": "files-share.online/d/0209"},
        (SUS, MALWARE, []), "medium",
        "Capture ATP: Suspicious ISO let through to TWH-NOR-WS0456",
        "TWH-NOR-WS0456 downloaded Discharge_summary_0209.iso from files-share[.]online. Capture ATP says "
        "Suspicious, not Malicious: inside is a shortcut that starts rundll32 on a hidden DLL, but the DLL did not "
        "run in the sandbox. ISO files are let through while the verdict is pending, and the user has not been "
        "reached to say whether she opened it.",
    ),
    sonicwall(
        4, 1080, "SSL VPN zone remote user login allowed",
        {"time": "2027-02-11 22:47:09 UTC", "usr": '"p.wisniewska"', "src": "5.173.92.40:33120:X1"},
        (SUS, BRUTE, ["reset_credentials"]), "medium",
        "14 failed VPN logins then success for p.wisniewska",
        "Fourteen failures and then a login from 5.173.92.40, a Polish mobile network. Paulina Wiśniewska works "
        "in Gdańsk, so the country fits, but the badge system has her on the ward at that minute, where she "
        "would not use the staff VPN.",
    ),
    sonicwall(
        5, 82, "IPS Detection Alert: WEB-ATTACKS Apache Struts2 OGNL Injection",
        {"time": "2027-02-09 21:14:55 UTC", "src": "10.10.5.20:51230:X0", "dst": "10.20.1.15:443:X2"},
        (BEN, GENERIC, []), "medium",
        "IPS hits (Struts, SQLi, SMB) from 10.10.5.20",
        "Source is TWH-NOR-VSCAN01, the security team's scanner, during its authenticated scan window "
        "(Tuesdays 20:00-02:00). 1,212 signatures fired on internal and DMZ targets, same as last week.",
    ),
]

SQLI = [("942100", "SQL Injection Attack Detected via libinjection", "Matched Data: 1UE found within ARGS:clinic_id")]
SCORE = [("949110", "Inbound Anomaly Score Exceeded (Total Score: 23)", "")]

WEB = [
    modsec(
        1, "193.42.33.77",
        "GET /api/v1/appointments?clinic_id=12%20UNION%20SELECT%20patient_no,dob,full_name%20FROM%20patients--",
        200, SQLI + SCORE, (MAL, GENERIC, ["block_ip", "notify"]), "critical",
        "ModSecurity (DetectionOnly): UNION-based SQL injection answered 200 on the appointments API",
        "1,700 requests like this from 193.42.33.77 since 02:30. The new appointments API went live last week with "
        "the engine still in DetectionOnly, so nothing was blocked; the answers are about 2.3 MB each where a "
        "normal one is 4 KB.",
        engine="DetectionOnly", body_bytes=2411520,
    ),
    modsec(
        2, "45.148.10.196", "GET /patient-docs/download?file=../../../../app/config/.env", 200,
        [("930100", "Path Traversal Attack (/../) or (/.../)", "Matched Data: ../ found within ARGS:file")],
        (MAL, GENERIC, ["block_ip", "reset_credentials"]), "critical",
        "Patient document download handed out files outside its folder",
        "The audit log shows 45.148.10.196 getting /etc/passwd first ('root:x:0:0:root' in the response body) and "
        "then the portal's own .env, with the database password in it, both 200. The rule only logged: that "
        "location had a rule exclusion for 930100 since the December release.",
        engine="DetectionOnly", body="DB_HOST=10.20.3.8\nDB_USER=portal_app\nDB_PASSWORD=***redacted***",
    ),
    modsec(
        3, "103.151.172.18", "GET /api/v1/results?sort=date'", 500,
        [("913100", "Found User-Agent associated with security scanner",
          "Matched Data: sqlmap found within REQUEST_HEADERS:User-Agent"),
         ("951240", "PostgreSQL SQL Information Leakage",
          "Matched Data: unterminated quoted string found within RESPONSE_BODY")],
        (SUS, GENERIC, ["block_ip"]), "high",
        "sqlmap against the results API; one answer leaked a PostgreSQL error",
        "611 sqlmap requests were refused with 403. One, with a lone quote in the sort parameter, slipped past as "
        "a 500 whose page showed the database error: the parameter may be injectable. No data came back.",
    ),
    modsec(
        4, "89.248.167.131", "GET /portal/login.php?id=1'%20OR%20'1'='1", 403, SQLI + SCORE, (BEN, GENERIC, []),
        "low", None, None,
    ),
    modsec(
        5, "84.212.61.9", "POST /api/v1/messages", 403,
        [("942100", "SQL Injection Attack Detected via libinjection", "Matched Data: s&1c found within ARGS:body")],
        (BEN, GENERIC, []), "low",
        "Patient can't send a message through the portal (403)",
        "Support desk: Mrs Siobhan O'Connor could not send 'Dr O'Connor -- can we select another day from the "
        "list?' to her GP clinic. Reproduced it: the quote and the double dash trip 942100. Her address sent "
        "nothing else. Asking web team for an exclusion on the message body field.",
    ),
    haproxy(
        1, (MAL, BRUTE, ["block_ip", "reset_credentials"]), "high",
        "fe_portal: login storm, 912 logins succeeded",
        "38,400 POST /api/v2/auth/login in 20 minutes from 1,060 addresses, mostly residential proxies; 97.6% got "
        "401, 912 patient accounts got 200. Looks like a leaked email/password list being replayed.",
        {"frontend": "fe_portal", "backend": "be_portal_api", "window": "20m", "requests": 38400, "status_200": 912,
         "sample": "185.107.56.219:51234 [09/Feb/2027:02:14:07.311] fe_portal~ be_portal_api/portal-api-03 "
         '0/0/1/38/39 200 812 - - ---- 1402/1398/22/7/0 0/0 "POST /api/v2/auth/login HTTP/1.1"'},
        "brute_force",
    ),
    haproxy(
        2, (SUS, EXFIL, ["notify"]), "medium",
        "One portal session pulled 1,412 patient documents in 50 minutes",
        "Session of clinic-coord.bgo@tidewater-health.org requested /api/v2/documents/{id} 1,412 times, ids "
        "counting up one by one. The Bergen outpatient coordinator may see those patients, but she usually opens "
        "fewer than 40 an hour; the clinic mentioned moving records to a new system, unconfirmed.",
        {"frontend": "fe_portal", "backend": "be_documents", "requests": 1412, "bytes_out": 2987301455}, None,
    ),
    haproxy(
        3, (BEN, AVAIL, ["notify", "restart_service"]), "critical",
        "backend be_carechart has no server available!",
        "Server be_carechart/cc-app-01, -02 and -03 went DOWN, reason: Layer7 timeout, check duration: 2001ms, "
        "from 07:41. The app servers answer ping and SSH but the Tomcat health page hangs; clinicians in Norfolk "
        "get 503 from CareChart.",
        {"backend": "be_carechart", "servers_up": 0, "servers_total": 3, "check": "GET /healthz"}, "availability",
    ),
    haproxy(
        4, (BEN, PERF, ["notify"]), "medium",
        "be_pacs_viewer: Tt 8.4 s average, queue 140",
        "Image viewer answers slowly since the overnight CT prefetch job overran into clinic hours; no errors, "
        "just long Tr and a deep queue on all four servers.",
        {"backend": "be_pacs_viewer", "avg_tt_ms": 8400, "baseline_tt_ms": 600, "srv_queue": 140}, "performance",
    ),
    anfw(
        1,
        {"timestamp": "2027-02-09T04:12:55.104512+0000", "event_type": "alert", "src_ip": "10.90.12.44",
         "src_port": 40122, "dest_ip": "104.243.43.115", "dest_port": 443, "proto": "TCP", "app_proto": "tls",
         "tls": {"sni": "pool.supportxmr.com"},
         "alert": {"action": "allowed", "signature_id": 2036289, "signature": "Crypto mining pool TLS SNI observed",
                   "category": "Crypto Currency Mining Activity Detected", "severity": 1}},
        (MAL, MALWARE, ["isolate_host", "block_ip"]), "high",
        "Portal worker i-0c4e7a91d2b3f5068 talking to a Monero pool",
        "The portal's background worker has held a TLS session to pool.supportxmr.com since 04:12 and its CPU has "
        "sat at 99% for six hours. This rule group only alerts, so the traffic is still flowing.",
        instance_id="i-0c4e7a91d2b3f5068", cpu_utilisation="99%",
    ),
    anfw(
        2,
        {"timestamp": "2027-02-10T13:40:02.551020+0000", "event_type": "alert", "src_ip": "10.90.14.7",
         "dest_ip": "45.155.205.233", "dest_port": 4444, "proto": "TCP",
         "alert": {"action": "blocked", "signature": "stateful strict order: default drop", "severity": 3}},
        (SUS, MALWARE, ["isolate_host"]), "medium",
        "portal-app-2: 14 dropped connections to 45.155.205.233:4444",
        "Default drop stopped 14 attempts from portal-app-2 (10.90.14.7) to port 4444 within an hour. Yesterday's "
        "build added three npm dependencies; nothing else on this host calls out to the internet.",
    ),
    anfw(
        3,
        {"timestamp": "2027-02-08T09:05:31.002114+0000", "event_type": "alert", "src_ip": "10.90.40.12",
         "dest_ip": "151.101.0.223", "dest_port": 443, "proto": "TCP", "tls": {"sni": "files.pythonhosted.org"},
         "alert": {"action": "blocked", "signature": "not matching any TLS allowlisted FQDNs", "severity": 3}},
        (BEN, GENERIC, []), "low", runner="ci-runner-04", pipeline="portal-backend #2291 pip install",
    ),
    anfw(4, {}, (UNK, GENERIC, []), "medium", flow_id=None),
]

OPS = [
    kemp(
        1, (BEN, AVAIL, []), "low",
        "RS 10.62.4.11:443 and 10.62.4.12:443 down (VS LIS-Web)",
        "Two of three real servers behind LIS-Web failed health checks at 22:06 during the announced lab system "
        "patch window (22:00-23:30, Rotterdam); the third is serving and both are back by 22:41.",
        {"virtual_service": "LIS-Web 10.62.4.100:443", "real_servers_down": ["10.62.4.11", "10.62.4.12"]},
    ),
    kemp(
        2, (BEN, AVAIL, ["notify"]), "high",
        f"Certificate on {PORTAL} expired",
        "Certificate 'portal-2026' on the portal virtual service ran out at 00:00 UTC. Browsers show "
        "NET::ERR_CERT_DATE_INVALID and patients are ringing the helpdesk thinking the site was hacked. The renewed "
        "certificate is in the vault but was never uploaded to the LoadMaster.",
        {"virtual_service": f"{PORTAL} 193.69.160.10:443", "certificate": "portal-2026", "not_after": "2027-02-10"},
    ),
    gcore(
        1, (MAL, AVAIL, ["notify"]), "critical",
        "Attack started: 193.69.160.10 (UDP flood, DNS amplification)",
        "212 Gbps / 31 Mpps from about 74,000 sources aimed at the patient portal. For the first nine minutes the "
        "portal was unreachable from Norway and Sweden; scrubbing has it now but pages still time out now and then.",
        {"event": "attack_start", "ip": "193.69.160.10", "attack_types": ["UDP flood", "DNS amplification"],
         "max_bps": 212000000000, "max_pps": 31000000, "sources": 74012},
    ),
    gcore(
        2, (BEN, AVAIL, []), "medium",
        "L7 traffic 6x baseline on portal",
        "Requests jumped at 08:00 Monday, 94% from Scandinavian home broadband with valid sessions, challenge rate "
        "0.3%, no attack signature. The comms calendar has flu-vaccination booking opening at 08:00.",
        {"event": "traffic_anomaly", "ip": "193.69.160.10", "rps": 5400, "baseline_rps": 900},
    ),
    gcore(3, (UNK, GENERIC, []), "medium", "Gcore notification", "Notification GC-77120, no details attached.", {}),
]
# fmt: on


CASES: list[Case] = [*DNS, *NDR, *FIREWALLS, *WEB, *OPS]
