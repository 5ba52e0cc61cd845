"""Expansion split, part 2: open-source host tools (LimaCharlie, Wazuh, osquery), MDR verdicts (Red Canary, Expel)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import BEN, BRUTE, GENERIC, MAL, MALWARE, PERF, PHISHING, SUS, Expected, alert
from tests.data.triage.labels import Case

# ---------------------------------------------------------------- LimaCharlie detections, Wazuh alerts, osquery


def limacharlie(n: int, cat: str, host: str, event: dict[str, Any], expected: Expected, priority: int = 3) -> Case:
    raw = {
        "cat": cat,
        "source_rule": f"dr-general.{cat.lower().replace(' ', '-')}",
        "priority": priority,
        "detect": {"event": event, "routing": {"hostname": host, "event_type": "NEW_PROCESS"}},
        "routing": {"hostname": host, "plat": 268435456, "int_ip": "10.20.14.77"},
    }
    severity = "critical" if priority >= 8 else "high" if priority >= 5 else "medium" if priority >= 3 else "low"
    return alert(f"exp-lc-{n:03d}", "LimaCharlie", expected, None, None, severity, "limacharlie", raw)


LIMACHARLIE = [
    limacharlie(
        1,
        "Encoded PowerShell download cradle",
        "fhe-lt-1701",
        {
            "FILE_PATH": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "COMMAND_LINE": "powershell -w 1 -ep bypass -e SQBFAFgAKABJAFcAUgAgAGgAdAB0AHAAcwA6AC8ALwA=",
            "PARENT": {"FILE_PATH": "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"},
        },
        (MAL, MALWARE, ["isolate_host"]),
        priority=8,
    ),
    limacharlie(
        2,
        "Sysinternals tool execution",
        "fhe-it-adm02",
        {
            "FILE_PATH": "C:\\Tools\\procmon64.exe",
            "COMMAND_LINE": "procmon64.exe /AcceptEula",
            "USER_NAME": "FHE\\adm-l.devries",
        },
        (BEN, MALWARE, []),
        priority=2,
    ),
    limacharlie(
        3,
        "LSASS access by unsigned binary",
        "fhe-srv-app11",
        {
            "FILE_PATH": "C:\\Users\\Public\\m.exe",
            "TARGET": "lsass.exe",
            "ACCESS_MASK": "0x1010",
            "SIGNATURE": {"FILE_IS_SIGNED": 0},
        },
        (MAL, MALWARE, ["isolate_host", "reset_credentials"]),
        priority=9,
    ),
]


def wazuh(
    n: int,
    rule_id: str,
    level: int,
    description: str,
    groups: list[str],
    agent: str,
    expected: Expected,
    *,
    full_log: str = "",
    data: dict[str, Any] | None = None,
) -> Case:
    raw = {
        "rule": {"id": rule_id, "level": level, "description": description, "groups": groups, "firedtimes": 1},
        "agent": {"id": f"{n:03d}", "name": agent},
        "manager": {"name": "wazuh-mgr-01"},
        "full_log": full_log,
        "data": data or {},
        "location": "/var/log/auth.log" if "sshd" in groups else "syscheck",
    }
    severity = "critical" if level >= 13 else "high" if level >= 10 else "medium" if level >= 6 else "low"
    return alert(
        f"exp-wazuh-{n:03d}",
        "Wazuh",
        expected,
        f"Wazuh alert level {level}: {description}",
        f"Rule {rule_id} on agent {agent}. {full_log}".strip(),
        severity,
        "wazuh",
        raw,
        systems=[agent],
    )


WAZUH = [
    wazuh(
        1,
        "5712",
        10,
        "sshd: brute force trying to get access to the system. Non existent user.",
        ["syslog", "sshd", "authentication_failures"],
        "fhe-sftp-01",
        (MAL, BRUTE, ["block_ip"]),
        full_log="Invalid user oracle from 218.92.0.112 port 51320",
        data={"srcip": "218.92.0.112"},
    ),
    wazuh(
        2,
        "5715",
        3,
        "sshd: authentication success.",
        ["syslog", "sshd", "authentication_success"],
        "fhe-build-02",
        (BEN, GENERIC, []),
        full_log="Accepted publickey for deploy from 10.20.3.8 port 40122",
    ),
    wazuh(
        3,
        "550",
        7,
        "Integrity checksum changed.",
        ["ossec", "syscheck", "syscheck_entry_modified"],
        "fhe-web-04",
        (SUS, GENERIC, []),
        full_log="File '/var/www/portal/wp-includes/load.php' modified. Old md5 3f1c.., new md5 8a2e.. "
        "No deployment was scheduled.",
    ),
    wazuh(
        4,
        "5763",
        10,
        "sshd: brute force trying to get access to the system. Authentication failed.",
        ["syslog", "sshd", "authentication_failures"],
        "fhe-bastion-01",
        (MAL, BRUTE, ["block_ip", "reset_credentials"]),
        full_log="Failed password for ubuntu from 61.177.172.140 port 39788 ssh2 (x640); then Accepted password "
        "for ubuntu from 61.177.172.140",
        data={"srcip": "61.177.172.140", "dstuser": "ubuntu"},
    ),
    wazuh(
        5,
        "100002",
        12,
        "Auditd: execution from /dev/shm",
        ["audit", "audit_command"],
        "fhe-web-02",
        (MAL, MALWARE, ["isolate_host"]),
        full_log="type=EXECVE a0=/dev/shm/.x/kworkerds a1=-o a2=pool.supportxmr.com:443",
    ),
    wazuh(
        6,
        "531",
        7,
        "Partition usage reached 100% (disk space monitor).",
        ["ossec", "low_diskspace"],
        "fhe-log-02",
        (BEN, PERF, ["notify"]),
        full_log="ossec: output: 'df -P': /dev/sdb1 524G 524G 0 100% /var/log/remote",
    ),
]


def osquery(n: int, query: str, host: str, columns: dict[str, Any], expected: Expected, severity: str) -> Case:
    raw = {
        "name": f"pack/fhe-detections/{query}",
        "hostIdentifier": host,
        "action": "added",
        "calendarTime": "Tue Dec  1 00:41:07 2026 UTC",
        "unixTime": 1795999267,
        "columns": columns,
    }
    return alert(
        f"exp-osquery-{n:03d}", "osquery (scheduled query results)", expected, None, None, severity, "osquery", raw
    )


OSQUERY = [
    osquery(
        1,
        "launchd_new_persistence",
        "fhe-mac-0331",
        {
            "path": "/Users/k.ito/Library/LaunchAgents/com.apple.updater.plist",
            "program_arguments": "/Users/k.ito/.local/share/helper --daemon",
            "run_at_load": "1",
            "signing": "not signed",
        },
        (SUS, MALWARE, ["isolate_host"]),
        "medium",
    ),
    osquery(
        2,
        "authorized_keys_changed",
        "fhe-db-05",
        {"path": "/root/.ssh/authorized_keys", "key_comment": "ansible@fhe-automation", "uid": "0"},
        (BEN, GENERIC, []),
        "low",
    ),
    osquery(
        3,
        "listening_ports_new",
        "fhe-web-06",
        {
            "name": "nc",
            "port": "4444",
            "address": "0.0.0.0",
            "cmdline": "nc -lvnp 4444 -e /bin/bash",
            "parent_name": "php-fpm",
        },
        (MAL, MALWARE, ["isolate_host"]),
        "high",
    ),
]


# ---------------------------------------------------------------- Red Canary and Expel (MDR verdicts)


def red_canary(
    n: int, headline: str, details: str, classification: str, severity: str, host: str, expected: Expected
) -> Case:
    raw = {
        "id": 2900 + n,
        "type": "Detection",
        "attributes": {
            "headline": headline,
            "details": details,
            "severity": severity,
            "classification": {
                "superclass": classification.split(" / ")[0],
                "subclass": classification.split(" / ")[-1],
            },
        },
        "relationships": {"affected_host": {"data": {"attributes": {"hostname": host}}}},
    }
    return alert(
        f"exp-redcanary-{n:03d}",
        "Red Canary",
        expected,
        f"Red Canary: {headline}",
        details,
        severity,
        "red_canary",
        raw,
        systems=[host],
    )


RED_CANARY = [
    red_canary(
        1,
        "Authorized pentesting activity on FHE-LT-0099",
        "Mimikatz and SharpHound executed by contractor account pt-ext01 during the engagement window "
        "your team registered (Nov 30 - Dec 4).",
        "Authorized Pentesting / Authorized Pentesting",
        "low",
        "FHE-LT-0099",
        (BEN, MALWARE, []),
    ),
    red_canary(
        2,
        "Unwanted software: browser hijacker bundled with PDF converter",
        "PDFSearchNow installed a scheduled task and changed the browser start page. No code execution "
        "beyond the bundle.",
        "Unwanted Software / Adware",
        "low",
        "FHE-LT-1777",
        (SUS, MALWARE, []),
    ),
    red_canary(
        3,
        "Malicious installer delivered through search ad",
        "User searched for 'advanced ip scanner download', ran Advanced_IP_Scanner_2.5.exe from a "
        "look-alike site; the installer side-loaded a DLL that opened a connection to 5.252.178.41:443.",
        "Malicious Software / Loader",
        "high",
        "FHE-LT-2048",
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
    ),
]


def expel(
    n: int,
    title: str,
    lead: str,
    threat_type: str,
    is_incident: bool,
    expected: Expected,
    severity: str,
    remediation: list[str],
) -> Case:
    raw = {
        "investigation_id": f"c3f1{n:04d}-9e2a-4d1b-8f00-7a1c2b3d4e5f",
        "title": title,
        "status": "OPEN",
        "is_incident": is_incident,
        "threat_type": threat_type,
        "lead_description": lead,
        "remediation_actions": remediation,
    }
    return alert(f"exp-expel-{n:03d}", "Expel Workbench", expected, title, lead, severity, "expel", raw)


EXPEL = [
    expel(
        1,
        "Compromised AWS access key used to enumerate S3 buckets",
        "Access key AKIA...7Q2R of the IAM user ci-artifacts was used from a VPS in Romania to call "
        "ListBuckets and GetObject on 19 buckets. The key was committed to a public gist 3 days ago.",
        "TARGETED",
        True,
        (MAL, GENERIC, ["disable_user", "block_ip"]),
        "high",
        ["Disable access key", "Block IP 89.45.67.201"],
    ),
    expel(
        2,
        "Benign: IT admin running PowerShell remoting across servers",
        "Invoke-Command fan-out to 40 servers by adm-r.patel. Confirmed with your IT lead: patch compliance script.",
        "NONE",
        False,
        (BEN, GENERIC, []),
        "low",
        [],
    ),
    expel(
        3,
        "Business email compromise: new MFA method and OAuth app consent",
        "After a sign-in from an AiTM proxy domain (login.micros0ft-auth.com), an authenticator app was "
        "registered for d.quinn and the OAuth app 'PDF Helper' was granted Mail.ReadWrite.",
        "COMMODITY",
        True,
        (MAL, PHISHING, ["disable_user", "reset_credentials"]),
        "critical",
        ["Reset credentials", "Revoke sessions", "Remove OAuth grant"],
    ),
]


CASES = [*LIMACHARLIE, *WAZUH, *OSQUERY, *RED_CANARY, *EXPEL]
