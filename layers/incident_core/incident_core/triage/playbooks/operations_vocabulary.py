"""Words of monitoring tools the operational playbooks share (availability, performance).

General vocabularies of how monitors and people say that a process is down, that the
trouble is over or planned, and how a monitor rates an alert that is only informational:
Nagios/Icinga plugin output, Zabbix and Dynatrace problem titles, Kubernetes pod states,
systemd and Windows service states, Alertmanager/Datadog/Grafana/Opsgenie severity labels.
"""

from __future__ import annotations

__all__ = [
    "ATTACK_CAUSE_TERMS",
    "INFORMATIONAL_SEVERITIES",
    "MONITOR_OUTPUT_FIELDS",
    "PLANNED_OR_OVER",
    "PROCESS_DOWN_PATTERNS",
    "SEVERITY_FIELDS",
]

PROCESS_DOWN_PATTERNS = (
    # a process, service or daemon that is not running (Nagios check_procs, systemd, Windows SCM)
    r"\b0 process(?:es)?\b",
    r"\bprocs critical\b",
    r"\bprocess(?: group)?\b[^.\n]{0,40}?\b(?:unavailable|not running|down|stopped|crashed|died|missing)\b",
    r"\b(?:service|daemon|process|agent|spooler|worker)\b[^.\n]{0,30}?"
    r"\b(?:stopped|has stopped|not running|is down|crashed|died|terminated unexpectedly|failed to start)\b",
    r"\b(?:stopped|terminated) unexpectedly\b",
    r"\bfailed to start\b",
    r"\bactive: (?:failed|inactive)\b",
    r"\bmain process exited\b",
    # a container or instance that crashes or is killed
    r"\bcrash(?:es|ed|ing)?\b(?: at start| on start| on boot| at boot)?",
    r"\bcrash ?loop(?:ing|backoff)?\b",
    r"\bexited with (?:exit )?code [1-9]\d*\b",
    r"\boom ?killed\b",
    r"\bsegmentation fault\b|\bsegfault\b|\bcore dumped\b",
    r"\bstatus ?check ?failed\b",
    r"\bconnection refused\b",
    r"\bno (?:healthy|ready|running) (?:hosts|targets|pods|instances|replicas)\b",
    r"\bhealthy ?host ?count\b",
)
"""A process, service or instance is not running: restarting it is the first remedy."""

PLANNED_OR_OVER = (
    "planned maintenance",
    "scheduled maintenance",
    "maintenance window",
    "maintenance mode",
    "in maintenance",
    "planned downtime",
    "scheduled downtime",
    "downtime scheduled",
    "returned to ok",
    "has recovered",
    "recovered",
    "is back up",
    "back online",
    "back to normal",
    "resolved automatically",
    "auto-resolved",
    "self-resolved",
    "no action required",
    "no action needed",
    "nothing to do",
    "for information only",
    "informational only",
)
"""The trouble was planned, is already over, or is said to need nothing: nobody needs to be woken."""

MONITOR_OUTPUT_FIELDS = (
    "output",
    "plugin_output",
    "long_output",
    "service_output",
    "message",
    "summary",
    "new_state_reason",
    "state_reason",
    "status_message",
    "problem_title",
    "alertname",
    "alert_name",
    "metric_name",
    "name",
    "opdata",
    "reason",
)
"""Where monitors say what they saw (Nagios/Icinga plugin output, Alertmanager labels and annotations,
CloudWatch's state reason and metric, Zabbix and Dynatrace problem names)."""

SEVERITY_FIELDS = (
    "severity",
    "priority",
    "alert_severity",
    "alert_priority",
    "importance_level",
    "importance",
    "urgency",
    "level",
    "severity_level",
    "event_severity",
)
"""Fields in which a monitor rates its alert (Alertmanager labels, Opsgenie, Datadog, Zabbix, Sentry)."""

INFORMATIONAL_SEVERITIES = ("info", "informational", "information", "debug", "notice", "none", "p5", "sev5")
"""A monitor's rating of an alert that is for the record, not for a person to act on."""

ATTACK_CAUSE_TERMS = (
    "ddos",
    "ddos attack",
    "denial of service",
    "distributed denial of service",
    "dos attack",
    "http flood",
    "syn flood",
    "udp flood",
    "ack flood",
    "icmp flood",
    "dns flood",
    "http_flood",
    "syn_flood",
    "udp_flood",
    "request flood",
    "volumetric attack",
    "layer 7 attack",
    "l7 attack",
    "l7 ddos",
    "l7ddos",
    "ddos l7",
    "http ddos",
    "network ddos",
    "application layer attack",
    "amplification attack",
    "reflection attack",
    "dns amplification",
    "ntp amplification",
    "memcached amplification",
    "botnet",
    "attack traffic",
    "malicious traffic",
    "under attack",
    "under ddos attack",
    "ddos mitigation",
    "cryptominer",
    "crypto mining",
    "coin miner",
    "xmrig",
)
"""An adversary causes the outage or slowness (a DDoS of any vector, a miner eating the CPU)."""
