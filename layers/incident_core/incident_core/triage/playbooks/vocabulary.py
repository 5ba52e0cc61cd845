"""Terms the playbooks share: raw_data field names, observable types, word and pattern
lists, and the parameters of common actions."""

from __future__ import annotations

SENDER_FIELDS = (
    "sender",
    "from",
    "mail_from",
    "from_address",
    "sender_address",
    "sender_email",
    "envelope_from",
    "sender_from_address",
    "sender_mail_from_address",
    "header_from",
    "from_header",
    "forwarded_from",
    "from_user_email_address",
    "from_email",
    "from_email_address",
    "sender_email_address",
    "original_sender",
    "reported_sender",
    "envelope_sender",
    "p1_sender",
    "p2_sender",
)
REPORTER_FIELDS = (
    "reporter",
    "reported_by",
    "reporter_email",
    "reporter_address",
    "user_reported_by",
    "recipient",
    "recipients",
    "recipient_email_address",
    "recipient_address",
)
"""Who received and reported a message (a user report is about the reporter's own mailbox)."""
REPLY_TO_FIELDS = ("reply_to", "reply_to_address")
USER_FIELDS = (
    "user",
    "username",
    "user_name",
    "user_principal_name",
    "upn",
    "account",
    "account_name",
    "target_user",
    "compromised_user",
    "compromised_users",
    "actor_user_name",
    "user_email",
    # vendor spellings: Microsoft 365 audit / Entra ID, Okta, Google Workspace and GCP, CloudTrail, SIEM CIM
    "userid",
    "user_display_name",
    "account_upn",
    "initiating_process_account_upn",
    "initiating_process_account_name",
    "alternate_id",
    "actor_alternate_id",
    "actor_email",
    "principal_email",
    "principal_name",
    "src_user",
    "target_username",
    "sam_account_name",
    "login_name",
    "logon_user",
    "last_logged_in_user_name",
    "agent_last_logged_in_user_name",
)
HOST_FIELDS = (
    "host",
    "hostname",
    "host_name",
    "device_name",
    "computer_name",
    "computer_dns_name",
    "agent_computer_name",
    "device",
    "endpoint",
    "endpoint_name",
    "machine",
    "machine_name",
    # vendor spellings: ESET, Defender for Cloud, SIEM CIM, GuardDuty/EC2, EDR agents, Zeek/Suricata exports
    "computer",
    "compromised_entity",
    "compromised_host",
    "affected_host",
    "device_hostname",
    "agent_hostname",
    "endpoint_hostname",
    "sensor_hostname",
    "src_host",
    "src_hostname",
    "dest_host",
    "dest_hostname",
    "workstation",
    "workstation_name",
    "asset_name",
    "instance_id",
    "vm_name",
    "node_name",
)
SERVICE_FIELDS = (
    "service",
    "service_name",
    "function_name",
    "application",
    "app",
    "component",
    "load_balancer",
    "db_instance_identifier",
    "instance_id",
    "service_desc",
    "service_description",
    "process_group",
    "container_name",
    "deployment",
    "container",
    "workload",
)
SOURCE_IP_FIELDS = (
    "source_ip",
    "src_ip",
    "client_ip",
    "ip_address",
    "remote_ip",
    "source_ips",
    "src_ips",
    "source_ip_address",
    "caller_ip_address",
    "client_ip_address",
)
DESTINATION_IP_FIELDS = ("destination_ip", "dest_ip", "dst_ip", "remote_ip", "destination_ips", "c2_ip")
IP_TYPES = ("ipv4", "ipv6")
HOST_OBSERVABLES = ("domain", "url", "email")

SHORTENERS = (
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?"
    r"(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|is\.gd|ow\.ly|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|rb\.gy|tiny\.cc)"
    r"(?::\d+)?(?:[/?#]|$)",
)
RAW_IP_URL = (r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?(?:[/?#]|$)",)
BRANDS = (
    "paypal",
    "microsoft",
    "office365",
    "outlook",
    "onedrive",
    "sharepoint",
    "apple",
    "icloud",
    "amazon",
    "google",
    "gmail",
    "netflix",
    "docusign",
    "dropbox",
    "linkedin",
    "facebook",
    "instagram",
    "wellsfargo",
    "bankofamerica",
    "dhl",
    "fedex",
    "adobe",
    "coinbase",
    "okta",
)
BRAND_DOMAINS = (
    "paypal.com",
    "paypal.me",
    "microsoft.com",
    "microsoftonline.com",
    "office.com",
    "office365.com",
    "outlook.com",
    "live.com",
    "sharepoint.com",
    "onedrive.com",
    "apple.com",
    "icloud.com",
    "amazon.com",
    "amazonaws.com",
    "google.com",
    "gmail.com",
    "googleusercontent.com",
    "netflix.com",
    "docusign.com",
    "docusign.net",
    "dropbox.com",
    "linkedin.com",
    "facebook.com",
    "instagram.com",
    "wellsfargo.com",
    "bankofamerica.com",
    "dhl.com",
    "fedex.com",
    "adobe.com",
    "coinbase.com",
    "okta.com",
    # the brands' other real sending and content domains
    "amazonses.com",
    "amazon.co.uk",
    "paypal-communication.com",
    "paypalobjects.com",
    "microsoft365.com",
    "microsoftstore.com",
    "googlemail.com",
    "googleapis.com",
    "facebookmail.com",
    "dropboxmail.com",
    "dropboxusercontent.com",
    "icloud-content.com",
    "adobesign.com",
    "okta-emea.com",
    "oktacdn.com",
    "oktapreview.com",
    "netflix.net",
)
HTML_EXTENSIONS = (".htm", ".html", ".shtml", ".xhtml", ".svg")
MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam")
EXECUTABLE_EXTENSIONS = (
    ".exe",
    ".scr",
    ".com",
    ".pif",
    ".cpl",
    ".dll",
    ".msi",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".hta",
    ".lnk",
    ".bat",
    ".cmd",
    ".ps1",
    ".jar",
    ".iso",
    ".img",
)
PERSONAL_STORAGE = (
    r"(?:^|[/.@])(?:drive\.google\.com|docs\.google\.com|dropbox\.com|dropboxusercontent\.com|mega\.nz|mega\.io|"
    r"wetransfer\.com|we\.tl|onedrive\.live\.com|1drv\.ms|box\.com|icloud\.com|pcloud\.com|mediafire\.com|"
    r"gofile\.io|file\.io|transfer\.sh|sendspace\.com|pastebin\.com|anonfiles\.com)(?::\d+)?(?:[/?#]|$)",
)

# CloudWatch metric names (as in raw_data `metric_name` of alarm incidents)
AVAILABILITY_METRICS = (
    "HTTPCode_Target_5XX_Count",
    "HTTPCode_ELB_5XX_Count",
    "HTTPCode_Backend_5XX",
    "5XXError",
    "5xxErrorRate",
    "UnHealthyHostCount",
    "HealthyHostCount",
    "StatusCheckFailed",
    "StatusCheckFailed_Instance",
    "StatusCheckFailed_System",
    "HealthCheckStatus",
    "Errors",
    "DatabaseConnections",
    "ErrorPortAllocation",
    "PacketsDropCount",
)
PERFORMANCE_METRICS = (
    "CPUUtilization",
    "MemoryUtilization",
    "TargetResponseTime",
    "Latency",
    "IntegrationLatency",
    "Duration",
    "Throttles",
    "ConcurrentExecutions",
    "ApproximateNumberOfMessagesVisible",
    "ApproximateAgeOfOldestMessage",
    "IteratorAge",
    "ReadLatency",
    "WriteLatency",
    "DiskQueueDepth",
    "FreeStorageSpace",
    "FreeableMemory",
    "SwapUsage",
    "CPUCreditBalance",
    "ReadThrottleEvents",
    "WriteThrottleEvents",
    "ReplicaLag",
)

SECURITY_TEAM = {"assigned_team": "security-operations"}
ON_CALL = {"audience": "on_call"}
CRITICAL = {"severity": "critical"}
HIGH = {"severity": "high"}

UNREQUESTED_MFA = (
    r"\b(?:mfa|push|okta verify|authenticator|verification|2fa|duo)\b[^.\n]{0,40}?\b(?:prompts?|"
    r"requests?|notifications?|pushes)\b[^.\n]{0,20}?\b(?:i |we |he |she |they )?"
    r"(?:didn[\u2019']?t|did not|never|not) (?:request|ask|initiate|try|trigger|make|start|expect)",
)
"""A user saying an MFA prompt came that they did not ask for: someone else has the password."""

CHANGE_TICKET = (
    r"\b(?:chg|crq|change|ritm)[- ]?\d{3,}\b",
    r"\bno exploitation\b",
    r"\bnot exploited\b",
)
APPROVED_TESTING = (
    r"\b(?:approved|authori[sz]ed|scheduled|planned|weekly|nightly)\b[^.\n]{0,25}?\b(?:penetration test|pen ?test|"
    r"red team|vulnerability scan|(?:authenticated |web app |web application )?scan|phishing simulation)\b",
)
"""Patterns of authorised testing told in the prose: an approved pen test, a scheduled scan."""
"""Patterns of change-managed or already assessed work: a change ticket id, "no exploitation"."""

FREEMAIL_DOMAINS = (
    r"@(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|aol|protonmail|proton|gmx|mail|yandex|icloud|zoho)"
    r"\.[a-z.]{2,6}\b",
)
"""A personal webmail sender (a company writes from its own domain)."""

ABUSED_TLDS = (
    r"\.(?:top|xyz|click|icu|buzz|cyou|rest|cfd|sbs|bond|ru|su|tk|ml|ga|cf|gq|help|zip|mov|biz|work|live|shop)$",
)
"""Top-level domains where most registrations seen in mail are abuse (a weak sign alone)."""
TLD_IN_THE_MIDDLE = (r"\.(?:com|net|org|de|fr|it|es|nl|ch|at)\.(?:com|net|org|info|biz|top|xyz|co)$",)
"""`company.de.com`: a real domain with another suffix added, a common lookalike."""

GUARDDUTY_RESOURCES = r"(?:ec2|iamuser|s3|kubernetes|lambda|runtime|ecs|eks|rds|ecr|container|malware|execution)"
"""The resource part of a GuardDuty finding type (`Family:Resource/Name`)."""


def finding_families(*families: str) -> tuple[str, ...]:
    """The pattern of GuardDuty finding types of `families` (e.g. `Backdoor:EC2/C&CActivity.B`)."""
    return (rf"\b(?:{'|'.join(families)}):{GUARDDUTY_RESOURCES}/[\w.&!-]+",)
