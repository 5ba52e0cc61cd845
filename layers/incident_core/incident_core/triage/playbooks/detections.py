"""Indicators that read a detection tool's own judgement, whatever the tool: how severe it rates
what it saw, which threat family or attack stage it files it under, and whether it stopped it.

EDRs, XDRs, SIEM rules, network IDS and cloud threat detectors all write these, each in its
own words (`severity: HIGH`, `urgency: critical`, `findingClass: THREAT`, `Persistence: IAM
Anomalous Grant`, `ET MALWARE ...`, `TTPs/Command and Control/...`, `action: Prevented`, `run_state:
RAN`). The security playbooks list the ones that fit them; each keeps its own weights small, so
the tool's rating alone makes an alert worth a look (suspicious) and it takes a second sign of
harm to call it malicious.
"""

from __future__ import annotations

from incident_core.triage.playbooks.rules import Indicator

__all__ = [
    "DETECTOR_CRITICAL",
    "DETECTOR_HIGH",
    "DETECTOR_RISK_SCORE",
    "DETECTOR_SEVERITY_SCORE",
    "NOT_PREVENTED",
    "POSTURE_FINDING",
    "PREVENTED",
    "PREVENTED_WORDS",
    "THREAT_CATEGORY",
    "THREAT_CATEGORY_FIELD",
    "THREAT_CLASS",
    "TOOL_CALLS_IT_HARMLESS",
]

DETECTOR_SEVERITY_FIELDS = (
    "severity",
    "severity_name",
    "severity_label",
    "alert_severity",
    "threat_severity",
    "detection_severity",
    "urgency",
    "risk_level",
    "kibana_alert_severity",
    "label",
)
"""Where detection tools write their own severity (as a word; numeric scales differ by tool)."""

DETECTOR_CRITICAL = Indicator(
    id="detector_critical",
    kind="raw_field_equals",
    weight=0.45,
    reason="The detection tool rates it {value}",
    fields=DETECTOR_SEVERITY_FIELDS,
    terms=("critical", "severe", "sev1", "p1", "very_high", "veryhigh"),
    group="detector_severity",
)
DETECTOR_HIGH = Indicator(
    id="detector_high",
    kind="raw_field_equals",
    weight=0.3,
    reason="The detection tool rates it {value}",
    fields=DETECTOR_SEVERITY_FIELDS,
    terms=("high", "sev2", "p2"),
    group="detector_severity",
)
DETECTOR_SEVERITY_SCORE = Indicator(
    id="detector_severity_score",
    kind="raw_field_numeric_gte",
    weight=0.3,
    reason="The detection tool rates it {value} of 10",
    fields=("severity", "magnitude"),
    threshold=8,
    group="detector_severity",
)
"""SIEMs and EDRs that rate on a 1-10 scale (QRadar's magnitude and severity, Carbon Black)."""
DETECTOR_RISK_SCORE = Indicator(
    id="detector_risk_score",
    kind="raw_field_numeric_gte",
    weight=0.3,
    reason="The detection tool scores the risk {value} (>= 70 of 100)",
    fields=("risk_score", "kibana_alert_risk_score", "threat_score", "risk", "score", "certainty"),
    threshold=70,
    group="detector_severity",
)

THREAT_CLASS = Indicator(
    id="threat_class",
    kind="raw_field_equals",
    weight=0.4,
    reason="The detector files it as a threat, not a misconfiguration ({value})",
    fields=("finding_class", "findingclass", "alert_class", "class", "category"),
    terms=("threat", "a network trojan was detected"),
    group="threat_class",
)
"""Cloud detectors split findings into threats (activity) and posture (configuration, vulnerabilities)."""

THREAT_CATEGORY_PATTERNS = (
    # `Tactic: Name` (Security Command Center, many SIEM rule names)
    r"\b(?:malware|execution|persistence|exfiltration|credential access|privilege escalation|defense evasion|"
    r"initial access|lateral movement|command and control|impact|collection):\s+"
    r"(?!(?:none|no|not|n/a|low|medium|high|ok|failed|success\w*|unknown)\b)[a-z]",
    # ASFF types
    r"\bttps/(?:command and control|execution|persistence|privilege escalation|defense evasion|"
    r"credential access|collection|exfiltration|impact|lateral movement)\b",
    r"\beffects/(?:data exfiltration|data destruction|resource consumption)\b",
    # Emerging Threats / Snort categories of real intrusions (not policy or scan rules)
    r"\bet (?:malware|trojan|cnc|exploit|mobile_malware|phishing|web_specific_apps)\b",
    r"\bnetwork trojan was detected\b",
    r"\bsuccessful (?:administrator|user) privilege gain\b",
    # EDR/XDR categories and MITRE technique ids of harm
    r"\bt1003(?:\.\d+)?\b",
    r"\bt1486\b",
    r"\bt1071(?:\.\d+)?\b",
    # process injection, tool transfer, lateral movement, recovery inhibited, destruction, hijacked resources,
    # exfiltration, Kerberos ticket theft, alternate authentication material, impaired defences
    r"\bt1055(?:\.\d+)?\b",
    r"\bt1105\b",
    r"\bt1021(?:\.\d+)?\b",
    r"\bt1570\b",
    r"\bt1490\b",
    r"\bt1485\b",
    r"\bt1496\b",
    r"\bt1041\b",
    r"\bt1048(?:\.\d+)?\b",
    r"\bt1567(?:\.\d+)?\b",
    r"\bt1558(?:\.\d+)?\b",
    r"\bt1550(?:\.\d+)?\b",
    r"\bt1562(?:\.\d+)?\b",
    # network detection and response products' names of intrusions (Vectra, Darktrace, ExtraHop, Corelight)
    r"\bhidden (?:https?|dns|tunnel)\b[^.\n]{0,10}?\btunnel\b",
    r"\bhidden (?:https?|dns) tunnel\b",
    r"\bexternal remote access\b",
    r"\bsuspicious relay\b",
    r"\bc(?:2|&c|nc) (?:beacon\w*|activity|communication|traffic)\b",
    r"\bbeaconing\b",
    r"\bdata smuggler\b",
    r"\bsmash and grab\b",
    r"\bkerberoast\w*",
    r"\bransomware file activity\b",
)
"""How detectors name a threat family or attack stage of what they saw (not a misconfiguration)."""

THREAT_CATEGORY = Indicator(
    id="threat_category",
    kind="pattern_any",
    weight=0.45,
    reason="The detector files it under an attack stage or threat family ('{value}')",
    terms=THREAT_CATEGORY_PATTERNS,
    group="threat_category",
    scope="text",
)
THREAT_CATEGORY_FIELD = Indicator(
    id="threat_category_field",
    kind="raw_field_pattern",
    weight=0.45,
    reason="The detector files it under an attack stage or threat family ('{value}')",
    fields=(
        "category",
        "categories",
        "types",
        "type",
        "finding_type",
        "signature",
        "alert_type",
        "rule_name",
        "technique",
        "techniques",
        "technique_id",
        "threat_technique_id",
        "mitre_technique",
        "mitre_techniques",
        "mitre_technique_id_and_name",
    ),
    terms=THREAT_CATEGORY_PATTERNS,
    group="threat_category",
)
"""The same names in the tool's own fields (reading all of raw_data for them costs too much on large alerts)."""


PREVENTED = Indicator(
    id="prevented",
    kind="raw_field_equals",
    weight=-0.25,
    reason="The tool stopped it ({value}): lowers confidence",
    fields=(
        "action",
        "action_pretty",
        "action_taken",
        "final_status",
        "file_action",
        "run_state",
        "remediation_status",
        "mitigation_status",
        "outcome",
        "disposition",
    ),
    terms=(
        "prevented",
        "blocked",
        "quarantined",
        "deleted",
        "cleaned",
        "removed",
        "did_not_run",
        "didnotrun",
        "terminated",
        "auto_remediated",
        "autoremediated",
        "remediated",
        "mitigated",
    ),
    group="prevention",
)
"""A detection the tool blocked before it ran is handled: benign unless other signs say it got further."""

NOT_PREVENTED = Indicator(
    id="not_prevented",
    kind="raw_field_equals",
    weight=0.3,
    reason="The tool did not stop it ({value})",
    fields=(
        "action",
        "action_pretty",
        "action_taken",
        "final_status",
        "run_state",
        "policy_applied",
        "remediation_status",
        "mitigation_status",
        "outcome",
        "status",
    ),
    terms=(
        "detected",
        "reported",
        "allowed",
        "ran",
        "running",
        "not_applied",
        "not_mitigated",
        "notmitigated",
        "unmitigated",
        "notapplied",
        "none",
        "failed",
        "not_remediated",
        "notremediated",
        "active",
        "alert_only",
    ),
    group="prevention",
)

POSTURE_FINDING = Indicator(
    id="posture_finding",
    kind="raw_field_equals",
    weight=-0.3,
    reason="The detector files it as posture, not activity ({value}): lowers confidence",
    fields=("finding_class", "findingclass", "alert_class"),
    terms=("misconfiguration", "vulnerability", "observation", "scc_error", "posture"),
    group="threat_class",
)
"""A misconfiguration or vulnerability finding says what could happen, not that anyone did it."""

TOOL_CALLS_IT_HARMLESS = Indicator(
    id="tool_calls_it_harmless",
    kind="raw_field_equals",
    weight=-0.75,
    reason="The tool or an analyst classified it {value}: lowers confidence",
    fields=(
        "classification",
        "determination",
        "analyst_verdict",
        "verdict",
        "disposition",
        "resolution",
        "close_reason",
        "closing_reason",
        "closed_reason",
        "risk_state",
        "risk_detail",
        "incident_status_reason",
    ),
    terms=(
        "false_positive",
        "falsepositive",
        "benign_positive",
        "benignpositive",
        "benign",
        "informationalexpectedactivity",
        "informational_expected_activity",
        "expected_activity",
        "security_testing",
        "securitytesting",
        "not_malicious",
        "notmalicious",
        "confirmedsafe",
        "confirmed_safe",
        "dismissed",
        "admindismissedallriskforuser",
        "adminconfirmedsigninsafe",
        "userpassedmfadrivenbyriskbasedpolicy",
        "userperformedsecuredpasswordreset",
        "userperformedsecuredpasswordchange",
    ),
    group="benign_context",
)
"""Security tools and SIEMs carry their own or an analyst's classification (Microsoft's `classification` /
`determination`, SentinelOne's `analystVerdict`, Entra ID's `riskState` / `riskDetail`): a false or benign
positive, an expected activity, a risk dismissed or passed with MFA."""

PREVENTED_WORDS = Indicator(
    id="prevented_words",
    kind="pattern_any",
    weight=-0.25,
    reason="The tool stopped it ('{value}'): lowers confidence",
    terms=(
        r"\b(?:removed|quarantined|blocked|cleaned|deleted|prevented|remediated|killed)\b[^.\n]{0,25}?"
        r"\bby (?:the )?(?:av|anti-?virus|edr|xdr|defender|endpoint protection|agent|sensor)\b",
        r"\b(?:av|anti-?virus|edr|xdr|defender|endpoint protection)\b[^.\n]{0,15}?"
        r"\b(?:removed|quarantined|blocked|cleaned|deleted|prevented|remediated)\b(?! nothing)",
        r"\b(?:action|result|status)\s*[:=]\s*(?:prevented|blocked|quarantined|cleaned|removed|remediated)\b",
    ),
    scope="text",
    group="prevention",
)
"""The same said in the alert's or a person's words ("removed by the AV", "Action: quarantined")."""
