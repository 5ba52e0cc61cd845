"""Root-cause hypotheses per playbook, for the analysis (`triage/analysis.py`): data only.

A `Hypothesis` is a cause a responder would consider for an incident of its playbook, the
components it affects, and what a responder does about it, in words. It is supported by
the playbook's indicators it names that fire, and by its `terms` found in the incident
(whole words in any letter case, in the title, description, tags or raw_data, as the
engine's keywords match). A hypothesis with no support is not offered; when none of a
playbook's has any, its `fallback` is (with no evidence).

The indicator ids must be the playbook's own (a unit test checks them): renaming an
indicator means renaming it here too.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HYPOTHESES", "Hypothesis", "PlaybookHypotheses"]


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """A root cause (`cause`, 004's `root_causes` item), what it affects and what to do about it."""

    cause: str
    components: tuple[str, ...]
    actions: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaybookHypotheses:
    """A playbook's hypotheses in order of precedence (ties in support go to the earlier), and its fallback."""

    hypotheses: tuple[Hypothesis, ...]
    fallback: Hypothesis


QUARANTINE = "Quarantine the message from every mailbox it reached"
BLOCK_SENDER = "Block the sender and the domains it links to"
ISOLATE = "Isolate the affected hosts from the network"
DB_TERMS = ("database", "db", "rds", "aurora", "postgres", "postgresql", "mysql", "dynamodb", "sql")

PHISHING = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="Credential-harvesting email delivered to users",
            components=("email", "user_accounts"),
            actions=(QUARANTINE, BLOCK_SENDER, "Reset the credentials of users who entered them"),
            indicators=("credential_words", "lookalike_domain", "raw_ip_link", "shortener_link"),
            terms=("login page", "sign in", "verify your account", "password expires"),
        ),
        Hypothesis(
            cause="Document-sharing lure: a message urging users to open a document",
            components=("email", "user_accounts"),
            actions=(QUARANTINE, BLOCK_SENDER, "Check whether recipients opened the link and reset their credentials"),
            terms=("document", "shared document", "shared a file", "docusign", "sharepoint", "onedrive", "dropbox"),
        ),
        Hypothesis(
            cause="Spoofed or impersonated sender",
            components=("email",),
            actions=(BLOCK_SENDER, "Enforce DMARC for the impersonated domain"),
            indicators=(
                "sender_reply_to_mismatch",
                "sender_mismatch_words",
                "email_auth_failed",
                "lookalike_domain",
                "new_domain",
                "new_domain_words",
            ),
        ),
        Hypothesis(
            cause="Malicious attachment delivered",
            components=("email", "endpoints"),
            actions=(QUARANTINE, "Scan the endpoints of recipients who opened the attachment"),
            indicators=("risky_attachment", "executable_attachment"),
        ),
        Hypothesis(
            cause="Payment or invoice fraud (business email compromise)",
            components=("email", "finance"),
            actions=("Warn finance not to pay the request", "Confirm the request with the sender by phone"),
            indicators=("payment_request",),
        ),
    ),
    fallback=Hypothesis(
        cause="Unsolicited email reported as phishing, not yet confirmed",
        components=("email",),
        actions=("Review the message's headers and links", QUARANTINE),
    ),
)

BRUTE_FORCE = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="Account compromised after repeated sign-in attempts",
            components=("user_accounts", "identity_provider"),
            actions=("Disable the account and revoke its sessions", "Reset its credentials and review its activity"),
            indicators=("success_after_failures", "success_words"),
        ),
        Hypothesis(
            cause="Password spraying or credential stuffing",
            components=("identity_provider", "user_accounts"),
            actions=(
                "Block the source addresses at the edge",
                "Enforce MFA on the targeted accounts",
                "Reset the credentials of accounts that signed in",
            ),
            indicators=("many_users_one_source", "attack_words", "failed_logins_many", "failed_logins_massive"),
            terms=("spraying", "password spray", "credential stuffing"),
        ),
        Hypothesis(
            cause="Targeted guessing of one account's password",
            components=("user_accounts",),
            actions=("Lock or reset the targeted account", "Require MFA for it"),
            indicators=("one_user_many_sources", "lockout_words", "failed_logins_some"),
        ),
    ),
    fallback=Hypothesis(
        cause="Failed sign-ins of unclear origin",
        components=("identity_provider",),
        actions=("Review the sign-in logs of the accounts involved",),
    ),
)

MALWARE = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="Ransomware encrypting data",
            components=("endpoints", "file_shares", "backups"),
            actions=(ISOLATE, "Take backups offline to protect them", "Identify the strain and the encrypted shares"),
            indicators=("ransom_note", "shadow_copy_deletion"),
        ),
        Hypothesis(
            cause="Credential theft on the host",
            components=("endpoints", "user_accounts"),
            actions=(ISOLATE, "Reset the credentials of accounts used on the host"),
            indicators=("credential_dumping",),
        ),
        Hypothesis(
            cause="Known malware executed",
            components=("endpoints",),
            actions=(ISOLATE, "Remove the file and search the fleet for its hash"),
            indicators=("hash_known_bad", "vt_positives", "detection_name"),
        ),
        Hypothesis(
            cause="Malicious script or remote-execution tool run",
            components=("endpoints",),
            actions=(ISOLATE, "Find how the script or tool got there and who ran it"),
            indicators=("encoded_powershell", "remote_execution_tool"),
        ),
        Hypothesis(
            cause="Command-and-control communication",
            components=("endpoints", "network"),
            actions=("Block the command-and-control domains and addresses", ISOLATE),
            indicators=("c2_words",),
        ),
    ),
    fallback=Hypothesis(
        cause="Suspicious file or process, not yet identified",
        components=("endpoints",),
        actions=("Collect the file and the process tree for analysis",),
    ),
)

DATA_EXFILTRATION = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="Large transfer of data to an unusual destination",
            components=("network", "data_stores"),
            actions=("Block the destination", "Identify what data left and who sent it"),
            indicators=(
                "large_transfer",
                "very_large_transfer",
                "volume_words",
                "unusual_destination",
                "first_seen_destination",
                "unusual_destination_words",
            ),
        ),
        Hypothesis(
            cause="Upload to personal cloud storage",
            components=("endpoints", "user_accounts"),
            actions=("Block the personal storage service", "Ask the user's manager about the upload"),
            indicators=("personal_storage", "personal_storage_words"),
        ),
        Hypothesis(
            cause="Data staged in archives before leaving",
            components=("endpoints", "data_stores"),
            actions=("Collect the archives and list their contents",),
            indicators=("archive_before_upload",),
        ),
        Hypothesis(
            cause="Sensitive data exposed",
            components=("data_stores",),
            actions=("Have privacy and legal assess notification duties",),
            indicators=("sensitive_data",),
        ),
    ),
    fallback=Hypothesis(
        cause="Unusual outbound data flow, not yet explained",
        components=("network",),
        actions=("Review the flow's source, destination and volume",),
    ),
)

AVAILABILITY = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="Database connection pool exhaustion",
            components=("database", "connection_pool"),
            actions=("Increase connection pool size", "Find and close leaked connections"),
            terms=(
                "connection pool",
                "pool exhausted",
                "database connection",
                "db connection",
                "too many connections",
                "max connections",
                "connection slots",
            ),
        ),
        Hypothesis(
            cause="High query load on the database",
            components=("database",),
            actions=("Implement query optimization", "Add database read replicas"),
            terms=(*DB_TERMS, "slow query", "slow queries", "deadlock", "lock wait"),
        ),
        Hypothesis(
            cause="Service crashed or failing its health checks",
            components=("service", "load_balancer"),
            actions=("Restart the failing service and watch its health checks", "Read the logs of the last crash"),
            indicators=("down_words", "health_checks_failing", "no_healthy_hosts"),
            terms=("crash", "crashed", "crashloopbackoff", "oomkilled", "out of memory"),
        ),
        Hypothesis(
            cause="Faulty deployment or configuration change",
            components=("deployment",),
            actions=("Roll back the latest deployment", "Compare the configuration with the last good one"),
            terms=("deploy", "deployed", "deployment", "release", "rollout", "config change", "configuration change"),
        ),
        Hypothesis(
            cause="Slow or failing upstream dependency",
            components=("upstream_dependency",),
            actions=("Check the health of upstream dependencies", "Add timeouts and circuit breakers to their calls"),
            terms=("upstream", "dependency", "third party", "gateway timeout", "504"),
        ),
        Hypothesis(
            cause="Network or DNS failure",
            components=("network", "dns"),
            actions=("Check DNS resolution and the network path", "Renew the certificate if it expired"),
            terms=("dns", "nxdomain", "packet loss", "unreachable", "connection refused", "certificate expired"),
        ),
        Hypothesis(
            cause="Application errors under load",
            components=("application",),
            actions=("Find the failing endpoint in the application logs", "Roll back the latest deployment"),
            indicators=("server_errors", "error_rate"),
        ),
    ),
    fallback=Hypothesis(
        cause="Service unavailable, cause not yet evident",
        components=("service",),
        actions=("Check recent deployments and configuration changes", "Check the service and its dependencies"),
    ),
)

PERFORMANCE = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="High query load on the database",
            components=("database",),
            actions=("Implement query optimization", "Add database read replicas"),
            terms=(*DB_TERMS, "slow query", "slow queries", "deadlock", "lock wait", "replica lag"),
        ),
        Hypothesis(
            cause="CPU saturation",
            components=("compute",),
            actions=("Scale out or up the saturated hosts", "Profile the busiest processes"),
            terms=("cpu", "cpuutilization", "load average", "throttling"),
        ),
        Hypothesis(
            cause="Memory pressure",
            components=("memory",),
            actions=("Look for a memory leak in the latest release", "Raise the memory limit"),
            terms=("memory", "heap", "oom", "out of memory", "garbage collection", "swap"),
        ),
        Hypothesis(
            cause="Disk full or slow",
            components=("storage",),
            actions=("Free or extend the disk", "Rotate and ship logs off the host"),
            terms=("disk", "storage", "iops", "volume", "inode", "inodes"),
        ),
        Hypothesis(
            cause="Work piling up faster than consumers process it",
            components=("queue", "consumers"),
            actions=("Scale out the queue's consumers", "Check the consumers for errors or a stuck message"),
            indicators=("queue_depth", "queue_words"),
        ),
        Hypothesis(
            cause="Traffic surge",
            components=("load_balancer", "service"),
            actions=("Scale out the service", "Rate-limit the heaviest clients"),
            terms=("traffic spike", "surge", "peak", "peak hours", "requests per second", "rps"),
        ),
    ),
    fallback=Hypothesis(
        cause="Degraded performance, cause not yet evident",
        components=("service",),
        actions=("Compare latency and saturation with the last good period", "Check recent deployments"),
    ),
)

GENERIC = PlaybookHypotheses(
    hypotheses=(
        Hypothesis(
            cause="System compromise",
            components=("endpoints", "user_accounts"),
            actions=(ISOLATE, "Reset the credentials involved", "Collect logs for the investigation"),
            indicators=("threat_intel_match", "compromise_words"),
        ),
        Hypothesis(
            cause="Exploitable vulnerability",
            components=("application",),
            actions=("Patch or mitigate the vulnerability", "Look for signs of its exploitation"),
            indicators=("vulnerability",),
        ),
    ),
    fallback=Hypothesis(
        cause="Cause not yet evident: an analyst should investigate",
        components=(),
        actions=("Collect the relevant logs and timeline", "Assign an analyst to investigate"),
    ),
)

HYPOTHESES: dict[str, PlaybookHypotheses] = {
    "phishing": PHISHING,
    "brute_force": BRUTE_FORCE,
    "malware": MALWARE,
    "data_exfiltration": DATA_EXFILTRATION,
    "availability": AVAILABILITY,
    "performance": PERFORMANCE,
    "generic": GENERIC,
}
"""Each playbook's hypotheses, by playbook name (a unit test checks there is one per playbook)."""
