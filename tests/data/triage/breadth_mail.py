"""Breadth split, mail and phishing: Hornetsecurity 365 Total Protection, Libraesva ESG, SpamTitan, a home-made
Postfix/rspamd log forwarder, Agari Phishing Response, dmarcian DMARC alerts, Hoxhunt and SoSafe user reports (with
their own simulations) and Zivver secure mail; voices range from the products' jargon to staff's own comments."""

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

ORG = "tidewater-health.org"
PULL = ["quarantine_email", "block_sender"]
HOLD = ["quarantine_email"]


def staff(name: str) -> str:
    return f"{name}@{ORG}"


def hornet(
    n: int, expected: Expected, severity: str, subject: str, sender: str, verdict: str, text: str, **extra: Any
) -> Case:
    raw = {
        "id": f"htp-{n:03d}-7f3a2c",
        "tenant": ORG,
        "direction": "incoming",
        "date": f"2026-12-0{n}T08:1{n}:44Z",
        "from": sender,
        "subject": subject,
        "classification": verdict,
        **extra,
    }
    title, kind = f"365 Total Protection [{verdict}] {subject}", "phishing" if "Threat" in verdict else "email"
    tool, tags = "Hornetsecurity 365 Total Protection", ["email", "365-total-protection"]
    return alert(
        f"br-hornet-{n:03d}", tool, expected, title, text, severity, "hornetsecurity", raw, tags=tags, kind=kind
    )


def libraesva(
    n: int,
    expected: Expected,
    severity: str,
    subject: str,
    sender: str,
    action: str,
    engines: dict[str, Any],
    text: str,
) -> Case:
    raw = {
        "msgid": f"4R{n}xTq0W9bz{n}Lk",
        "timestamp": f"2026-12-1{n} 10:0{n}:12",
        "envelope_from": sender,
        "subject": subject,
        "action": action,
        "engines": engines,
    }
    return alert(
        f"br-libraesva-{n:03d}", "Libraesva ESG", expected, f"ESG {action}: {subject}", text, severity, "libraesva", raw
    )


def spamtitan(n: int, expected: Expected, severity: str, title: str, text: str, **raw: Any) -> Case:
    return alert(
        f"br-spamtitan-{n:03d}", "SpamTitan", expected, title, text, severity, "spamtitan", raw, tags=["mail-filter"]
    )


def postfix(
    n: int, expected: Expected, severity: str, raw: dict[str, Any], title: str | None = None, text: str | None = None
) -> Case:
    raw = {"forwarder": "mx-alert.py", **raw}
    return alert(f"br-rspamd-{n:03d}", "rspamd/Postfix log alert", expected, title, text, severity, "mx-forwarder", raw)


def agari(
    n: int, expected: Expected, severity: str, subject: str, sender: str, verdict: str, text: str, **extra: Any
) -> Case:
    raw = {"case_id": f"APR-{20417 + n}", "message": {"subject": subject, "from": sender}, "verdict": verdict, **extra}
    title = f"Agari APR case {raw['case_id']}: {verdict}"
    return alert(
        f"br-agari-{n:03d}", "Agari Phishing Response", expected, title, text, severity, "agari", raw, kind="phishing"
    )


def dmarcian(n: int, expected: Expected, severity: str, title: str, text: str, **raw: Any) -> Case:
    raw = {"domain": ORG, "policy": "p=reject; pct=100; rua=mailto:rua@tidewater.dmarcian.eu", **raw}
    return alert(f"br-dmarcian-{n:03d}", "dmarcian DMARC alerts", expected, title, text, severity, "dmarcian", raw)


def hoxhunt(
    n: int,
    expected: Expected,
    severity: str,
    policy: str,
    email: dict[str, Any],
    reporter: str,
    threats: int = 1,
    modifiers: dict[str, bool] | None = None,
    title: str | None = None,
    text: str | None = None,
) -> Case:
    raw = {
        "incident": {"humanReadableId": f"HOX-{3310 + n}", "policyName": policy, "threatCount": threats},
        "threat": {"email": email, "reporterUser": {"emails": [{"address": staff(reporter)}]}},
        "userModifiers": modifiers or {},
    }
    return alert(f"br-hoxhunt-{n:03d}", "Hoxhunt threat reports", expected, title, text, severity, "hoxhunt", raw)


def sosafe(
    n: int, expected: Expected, severity: str, reporter: str, mail: dict[str, Any], text: str, **extra: Any
) -> Case:
    raw = {
        "report_id": f"sr_{88120 + n}",
        "reported_at": f"2026-12-{10 + n}T13:2{n}:05+01:00",
        "reporter": staff(reporter),
        "channel": "phishing_report_button",
        "mail": mail,
        **extra,
    }
    title, tags = f"Reported via SoSafe button: {mail.get('subject') or '(no subject)'}", ["user-report"]
    return alert(
        f"br-sosafe-{n:03d}", "SoSafe reporter button", expected, title, text, severity, "sosafe", raw, tags=tags
    )


def zivver(n: int, expected: Expected, severity: str, event: str, text: str, **raw: Any) -> Case:
    raw = {"event": event, "message_id": f"zv-{n}a91e{n}c", "organisation": ORG, **raw}
    return alert(f"br-zivver-{n:03d}", "Zivver", expected, f"Zivver: {event}", text, severity, "zivver", raw)


HORNET = [
    hornet(
        1,
        (MAL, PHISHING, [*PULL, "reset_credentials"]),
        "high",
        "CareChart: password expires in 24 hours - keep current password",
        "it-servicedesk@carechart-notify.com",
        "AdvancedThreat",
        "Ex-Post Alert. Delivered at 08:12 to 23 mailboxes, reclassified at 09:47 once the linked page began serving "
        "a copy of the CareChart sign-in that posts to 91.92.241.17. Click tracking: two ward clerks in Bergen "
        "opened the link and one of them submitted the form.",
        status="delivered",
        exPostAlert=True,
        recipientCount=23,
        atp={"engine": "URL Scan", "url": "https://carechart-notify.com/sso/keep", "clicks": 2},
        sourceIp="91.92.241.17",
    ),
    hornet(
        2,
        (BEN, PHISHING, []),
        "low",
        "Journal of Hospital Medicine - December issue alert",
        "alerts@jhm-journal-mail.org",
        "Info mail",
        "User reported it as possible phishing because she 'never signed up'. Held as Info mail (newsletter). SPF, "
        "DKIM and DMARC pass, List-Unsubscribe present; the hospital library registered the subscription for all "
        "registrars in Norfolk last month.",
        status="infomail",
        reportedBy=staff("olivia.hartmann"),
        auth={"spf": "pass", "dkim": "pass", "dmarc": "pass"},
    ),
    hornet(
        3,
        (MAL, PHISHING, PULL),
        "high",
        "Mandatory: re-register Authenticator before 15 December",
        "security-update@twh-staffportal.com",
        "AdvancedThreat",
        "QR Code Analyzer decoded the code inside the attached PDF (MFA_Reenrolment.pdf): it leads to "
        "twh-staffportal.com, registered 3 days ago, which shows a Microsoft sign-in page with the Tidewater logo. "
        "41 staff received the message before the verdict changed.",
        status="delivered",
        recipientCount=41,
        atp={"engine": "QR Code Analyzer", "decoded": "https://twh-staffportal.com/mfa/?e=dHdoLXN0YWZm"},
        attachments=[
            {
                "name": "MFA_Reenrolment.pdf",
                "sha256": "9c4c6476ebcc1a32a11c0b01a6c6a32091c86456be93f07c7d254af02b32df99",
            }
        ],
        sourceIp="45.88.91.140",
    ),
    hornet(
        4,
        (BEN, PHISHING, []),
        "medium",
        "Slides for Thursday's tumour board",
        "ingrid.solberg.bgo@gmail.com",
        "Threat",
        "Identity Spoofing Recognition: display name 'Dr. Ingrid Solberg' matches an internal oncologist but the "
        "address is a Gmail account. Checked by phone with Dr Solberg: she sent it herself from home because her "
        "work laptop is being repaired. The attachment is a plain .pptx without macros.",
        status="quarantined",
        recipientCount=3,
        atp={"engine": "Identity Spoofing Recognition", "displayName": "Dr. Ingrid Solberg"},
    ),
    hornet(
        5,
        (SUS, PHISHING, HOLD),
        "medium",
        "Your abstract has been accepted - confirm registration",
        "congress@nordic-cardio-days.eu",
        "Threat",
        "Delivered two days ago to one cardiologist in Gothenburg; now flagged because the link's host (a small "
        "Swedish bakery's WordPress site) appeared on a reputation feed this morning. Our sandbox gets an empty page "
        "from it, and the click log shows no click from the recipient. The congress itself is real.",
        status="delivered",
        exPostAlert=True,
        atp={"engine": "URL Scan", "url": "https://bageri-solrosen.se/wp-content/reg/index.php", "clicks": 0},
    ),
]

LIBRAESVA = [
    libraesva(
        1,
        (MAL, PHISHING, PULL),
        "high",
        "PACS image share: 3 studies waiting for your review",
        "noreply@pacs-imageshare.net",
        "delivered",
        {"URLSand": {"verdict": "phishing", "blocked_clicks": 1}, "PhishBrain": {"score": 0.97}},
        "16 radiologists received a fake 'image viewer' link asking for their Tidewater username and password. "
        "URLSand stopped the one click so far at time of click; the copies are still in the mailboxes.",
    ),
    libraesva(
        2,
        (BEN, PHISHING, []),
        "low",
        "Bergen Linen Services AS sent you 'Service agreement 2027' to sign",
        "adobesign@adobesign.com",
        "delivered",
        {"AdaptiveTrust": {"first_contact": True}, "spf": "pass", "dkim": "pass", "dmarc": "pass"},
        "Flagged by Adaptive Trust Engine as first contact. It is a genuine Acrobat Sign envelope; procurement in "
        "Bergen confirmed they asked the laundry supplier to send the renewal for signature.",
    ),
    libraesva(
        3,
        (SUS, PHISHING, HOLD),
        "medium",
        "RE: Order 55-1187 infusion pump spare parts",
        "ordre@medisupply-nordic.no",
        "delivered",
        {"QuickSand": {"verdict": "unscannable", "reason": "encrypted archive"}, "spf": "pass", "dkim": "pass"},
        "A reply in a real order thread from the supplier's own domain, but it carries Quote_revB.zip protected by a "
        "password written in the body, which the sandbox cannot open. The supplier's contact has not picked up the "
        "phone yet; we don't know whether their mailbox is compromised.",
    ),
    libraesva(
        4,
        (MAL, PHISHING, PULL),
        "high",
        "RE: Delivery schedule week 51",
        "logistics@gdansk-medtrans.pl",
        "delivered",
        {"QuickSand": {"verdict": "malicious", "file": "Schedule_wk51.html", "flags": ["credential_form"]}},
        "Thread hijack: the transport partner of the Gdańsk site answered a month-old conversation with an HTML "
        "attachment that renders a Microsoft 365 login copy. Their IT confirmed by phone that the mailbox was taken "
        "over yesterday. 6 recipients in Gdańsk logistics.",
    ),
]

SPAMTITAN = [
    spamtitan(
        1,
        (MAL, PHISHING, PULL),
        "high",
        "Changed bank details request to Accounts Payable passed the filter",
        "The AP clerk in Norfolk noticed the sender domain ends in .co, while Harbourline, our cleaning contractor, "
        "uses .com. The mail asks that the December payment (USD 148,600) go to a new account at another bank "
        "'due to an audit'. SpamTitan scored it 1.8 and delivered it.",
        queue_id="4XkT2Lq0bRmz1K",
        sender="accounts@harbourline-facilities.co",
        recipient=staff("ap.norfolk"),
        subject="Updated remittance information - Harbourline Facility Services",
        status="Clean",
        score=1.8,
        relay="mail.harbourline-facilities.co[194.169.175.38]",
    ),
    spamtitan(
        2,
        (SUS, PHISHING, HOLD),
        "medium",
        "'Scanned document' claiming to be from the Gothenburg copier came from outside",
        "7 staff at Gothenburg got a PDF 'from TWH-GOT-MFP03', but the relay is an external address and SPF "
        "soft-fails. The PDF has one link we haven't resolved yet. Facilities did install a leased copier last week "
        "that scans to mail through the vendor's cloud, and no one has checked which relay it uses.",
        sender=staff("scanner"),
        subject="Scanned document from TWH-GOT-MFP03",
        status="Clean",
        score=3.9,
        spf="softfail",
        relay="unknown[80.94.95.203]",
    ),
    spamtitan(
        3,
        (SUS, PHISHING, HOLD),
        "medium",
        "User released a held 'payment advice' from quarantine",
        "Kenji Watanabe (finance, Osaka) released this mail from his quarantine digest and opened the workbook. The "
        "sender domain is 9 days old; the .xlsx has no macros but one embedded link to a file host. He says he "
        "didn't click it, and the proxy log hasn't been checked yet.",
        sender="payments@nordkapp-trading.com",
        recipient=staff("kenji.watanabe"),
        subject="Payment advice 2026-12-04",
        status="Spam",
        score=6.4,
        action="released by recipient",
    ),
]

POSTFIX = [
    postfix(
        1,
        (MAL, BRUTE, ["block_ip"]),
        "high",
        {
            "host": "TWH-NOR-MX01",
            "program": "postfix/submission/smtpd",
            "event": "SASL LOGIN authentication failed",
            "client": "unknown[193.32.162.74]",
            "count": 1912,
            "distinct_usernames": 247,
            "successes": 0,
            "window": "2026-12-06T01:00:00Z/2026-12-06T02:00:00Z",
            "sample": "warning: unknown[193.32.162.74]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
        },
    ),
    postfix(
        2,
        (MAL, BRUTE, ["reset_credentials", "block_ip"]),
        "critical",
        {
            "host": "TWH-GOT-MX01",
            "rspamd": {"symbol": "RATELIMITED", "bucket": "user_outbound", "user": staff("lab.reception.got")},
            "sasl_failures_before_success": 410,
            "client": "unknown[141.98.10.63]",
            "queued_external": 6020,
        },
        "Outbound spam burst from the Gothenburg lab reception mailbox",
        "After 410 failed SASL logins on that mailbox, one succeeded from 141.98.10.63 at 03:14; in the next 18 "
        "minutes it queued 6,020 messages to outside addresses with the subject 'Tidewater Health - secure message'.",
    ),
    postfix(
        3,
        (BEN, AVAIL, ["restart_service"]),
        "high",
        {
            "host": "TWH-BGO-MX02",
            "log": "postfix/smtp[22811]: connect to 127.0.0.1[127.0.0.1]:11332: Connection refused",
            "rspamd": "main process exited on signal 11 (SIGSEGV) at 05:52",
            "deferred_queue": 8412,
        },
        "Bergen inbound mail stuck - content filter refusing connections",
        "The rspamd proxy worker on TWH-BGO-MX02 crashed at 05:52 and Postfix can't hand mail to it; the deferred "
        "queue is at 8,412 and rising, and Bergen mail is about 40 minutes late.",
    ),
    postfix(
        4,
        (BEN, PERF, []),
        "medium",
        {
            "host": "TWH-NOR-MX01",
            "metric": "rspamd_scan_time_p95_seconds",
            "value": 9.4,
            "baseline": 0.3,
            "redis": {"host": "TWH-NOR-RDS01", "latency_ms": 810, "note": "BGSAVE running"},
            "mail_delay_minutes": "10-25",
        },
    ),
    postfix(5, (UNK, GENERIC, []), "low", {"host": "TWH-RTM-MX01", "alert": "", "lines": []}),
]

AGARI = [
    agari(
        1,
        (MAL, MALWARE, ["isolate_host"]),
        "critical",
        "Lab results ready - patient 88214",
        "results@labnet-diagnostics.org",
        "malicious",
        "Pieter de Vries reported this only after he opened Results_88214.zip and double-clicked the .js inside on "
        "TWH-RTM-WS0417 ('nothing happened'). A minute later the workstation downloaded a file from 45.155.205.233.",
        reporter=staff("pieter.devries"),
        attachments=[
            {"name": "Results_88214.js", "sha256": "c421e2222796399c22ef9ed78dd2d324dc64170b12bd6b4acdfd4e0caf3189e9"}
        ],
        host="TWH-RTM-WS0417",
    ),
    agari(
        2,
        (MAL, PHISHING, PULL),
        "high",
        "Payroll adjustment - December (view in SharePoint)",
        "hr-payroll@tidewater-hr.net",
        "malicious",
        "38 staff reported it. The link opens a fake SharePoint page that asks for the Tidewater password; Agari "
        "found 212 copies of the campaign across all six sites and pulled 205 of them.",
        reports=38,
        campaign_id="cmp-5d1e",
        auto_remediation={"status": "partial", "messages_pulled": 205, "messages_found": 212},
    ),
    agari(
        3,
        (BEN, PHISHING, []),
        "low",
        "Save 20% on CME courses this winter",
        "marketing@medlearn-academy.com",
        "graymail",
        "Twelve reports of a course provider's promotion; sent through a mainstream mailing service, authenticated, "
        "with a working unsubscribe link. Nothing harmful in it.",
        reports=12,
        trust_score=8.1,
    ),
    agari(
        4,
        (SUS, PHISHING, HOLD),
        "medium",
        "Invitation: Q1 board pack review",
        "office@tidewater-board.com",
        "suspicious",
        "Calendar invite to five executives from a domain registered two days ago; the 'board pack' link points at a "
        "file share that currently answers 404. Nobody accepted it. Could be a prepared lure, or a clumsy vendor.",
        reports=1,
        trust_score=2.3,
        domain_age_days=2,
    ),
]

DMARCIAN = [
    dmarcian(
        1,
        (BEN, PHISHING, []),
        "low",
        "Spoofing spike: 14,300 messages as tidewater-health.org from unknown sources",
        "Three addresses in one hosting range sent mail claiming our domain to consumer mailbox providers; every "
        "message failed SPF and DKIM and the receivers rejected it under our p=reject.",
        alert="Unauthorized sender volume",
        sources=[{"ip": ip, "asn": "AS210644"} for ip in ("45.95.147.12", "45.95.147.40", "45.95.147.77")],
        volume=14300,
        disposition={"reject": 14300},
    ),
    dmarcian(
        2,
        (SUS, PHISHING, []),
        "medium",
        "New source: SendGrid sending 11,000 messages as tidewater-health.org",
        "DKIM is signed for sendgrid.net, not for our domain, so it fails alignment. No team has claimed it yet; "
        "marketing's new patient-survey vendor might use SendGrid, but they haven't answered.",
        alert="New sending source",
        sources=[{"ip": "167.89.118.52", "ptr": "o1.ptr4921.sendgrid.net"}],
        volume=11032,
        dkim={"d": "sendgrid.net", "aligned": False},
    ),
    dmarcian(
        3,
        (SUS, MALWARE, []),
        "medium",
        "Osaka egress address sending mail as us directly to the internet",
        "2,700 messages overnight from the Osaka site's public NAT address straight to outside MX servers, without "
        "DKIM. Osaka has no mail server of its own. Either a device was set up to send mail direct, or a machine "
        "there is spamming; we haven't found which host it is yet.",
        alert="DMARC compliance drop",
        sources=[{"ip": "210.148.52.19", "ptr": "osa-nat01.tidewater-health.org"}],
        volume=2711,
        spf="pass",
        dkim="none",
    ),
]

HOXHUNT = [
    hoxhunt(
        1,
        (BEN, PHISHING, []),
        "low",
        "Training",
        {"subject": "Your parcel is held at customs", "from": [{"address": "notice@parcel-customs.help"}]},
        "linnea.bergstrom",
        title="Hoxhunt: training email reported",
        text="The reported message was one of Hoxhunt's own simulations; the reporter got her stars.",
    ),
    hoxhunt(
        2,
        (MAL, PHISHING, PULL),
        "high",
        "Credential phishing",
        {
            "subject": "Staff parking permit 2027 - scan to renew",
            "from": [{"address": "parking@twh-facilities-services.com", "name": "Tidewater Facilities"}],
            "qrCodes": ["https://twh-facilities-services.com/permit/renew"],
        },
        "marcus.whitfield",
        threats=9,
    ),
    hoxhunt(
        3,
        (MAL, PHISHING, [*PULL, "reset_credentials"]),
        "high",
        "Credential phishing",
        {
            "subject": "Shared file: Night shift rota January.xlsx",
            "from": [{"address": "no-reply@sharefile-docs.app"}],
            "urls": ["https://sharefile-docs.app/d/7QwX/login"],
        },
        "agnieszka.nowak",
        modifiers={"visitedLink": True, "enteredCredentials": True},
        title="Nurse typed her password into a shared-rota page, then reported it",
        text="Agnieszka Nowak (Gdańsk, ward 4) says the page looked like our Microsoft login and went blank after "
        "she entered her password.",
    ),
    hoxhunt(
        4,
        (SUS, PHISHING, HOLD),
        "medium",
        "Data harvesting",
        {
            "subject": "Book your flu vaccination slot",
            "from": [{"address": "occupational.health.twh@gmail.com", "name": "Occupational Health"}],
            "urls": ["https://docs.google.com/forms/d/e/1FAIpQLSd8-flu/viewform"],
        },
        "yuki.tanaka",
        threats=3,
        title="Flu jab booking form asks for staff ID and date of birth",
        text="Occupational health does run a flu campaign this month, but through the intranet, not a Gmail address "
        "and a Google form. We've asked them whether this is theirs.",
    ),
    hoxhunt(
        5,
        (BEN, PHISHING, []),
        "low",
        "Unclassified",
        {
            "subject": "Planned CareChart maintenance window - Sunday 02:00-04:00",
            "from": [{"address": "notifications@carechart-systems.com"}],
        },
        "daan.visser",
        threats=14,
        title="14 staff reported the CareChart maintenance notice",
        text="Came from the EHR vendor's usual domain, DKIM valid, and matches the change calendar entry CHG-20981.",
    ),
]

SOSAFE = [
    sosafe(
        1,
        (BEN, PHISHING, []),
        "low",
        "erik.lindqvist",
        {"subject": "Your DHL delivery could not be completed", "sender": "support@dhl-delivery-track.info"},
        "Simulation mail from the Q4 awareness campaign; the report was counted, nothing to handle.",
        simulation=True,
        campaign="Q4 awareness - parcel lure",
    ),
    sosafe(
        2,
        (MAL, PHISHING, PULL),
        "high",
        "hanna.kowalczyk",
        {
            "subject": "Updated lab requisition form - please use from Monday",
            "sender": "orders@nordlab-supplies.com",
            "attachments": [{"name": "Lab_Requisition_Form_v3.docm", "md5": "99c5df9fbf20839193b51ac313ea0495"}],
        },
        "Four lab staff reported it without opening it. In the sandbox the macro starts PowerShell and fetches a "
        "payload from 185.225.74.51. Sent to the whole lab distribution list.",
        analysis={"verdict": "malicious", "sandbox": "macro -> powershell -enc ... -> 185.225.74.51"},
    ),
    sosafe(
        3,
        (SUS, MALWARE, ["isolate_host"]),
        "high",
        "tomasz.zielinski",
        {"subject": "Invoice 4471 overdue", "sender": "billing@kancelaria-rachunki.pl"},
        "The PDF had an 'Open document' button that downloaded Invoice_4471.vbs to Downloads on TWH-GDN-WS0208. "
        "I closed it but I'm not sure if I double-clicked the file before that. Sorry!",
        user_comment="not sure if I opened it",
        host="TWH-GDN-WS0208",
    ),
    sosafe(
        4, (UNK, PHISHING, []), "low", "fatima.elamrani", {}, "Report button pressed; comment: ??", user_comment="??"
    ),
    sosafe(
        5,
        (BEN, PHISHING, []),
        "low",
        "erik.lindqvist",
        {"subject": "Lunch on Friday?", "sender": "johan.ek@gotalandsbygg.se"},
        "A man I don't know asks if I'm still on for lunch on Friday at the harbour. Is this a scam? -- Checked: "
        "he meant another Erik Lindqvist at a building firm and confirmed it when we replied. No link, no file.",
    ),
]

ZIVVER = [
    zivver(
        1,
        (BEN, EXFIL, []),
        "low",
        "message_recalled",
        "Sent to the wrong Sofia Andersson (Bergen instead of Gothenburg); it held only the canteen's holiday "
        "opening times. The sender recalled it within four minutes, unread.",
        sender=staff("emma.lund"),
        recipients=[staff("sofia.andersson.bgo")],
        classification="none",
    ),
    zivver(
        2,
        (MAL, EXFIL, ["disable_user"]),
        "critical",
        "bulk_sensitive_outbound",
        "A medical secretary whose last day is Friday sent 11 secure messages to her private Proton address "
        "carrying CareChart exports with about 2,400 patients' names, BSNs and diagnoses.",
        sender=staff("marieke.bos"),
        recipients=["mbos1988@proton.me"],
        business_rule="BSN detected",
        attachments=11,
    ),
    zivver(
        3,
        (SUS, BRUTE, ["block_ip"]),
        "medium",
        "access_code_failures",
        "Someone entered a wrong SMS code 14 times on a secure message holding an MRI report for a patient in "
        "Rotterdam; the attempts come from an address in Vietnam and Zivver locked the message. The patient may "
        "just be travelling; we couldn't reach him yet.",
        verification="sms",
        failed_attempts=14,
        client_ip="14.241.227.90",
        locked=True,
    ),
    zivver(
        4,
        (SUS, EXFIL, []),
        "low",
        "sensitive_to_free_mail",
        "A discharge letter with a BSN went to 'dr.jansen.huisarts@gmail.com', a GP practice's address on the "
        "referral form. Zivver enforced encryption. We have not yet checked that the address really belongs to that "
        "practice.",
        sender=staff("daan.visser"),
        business_rule="BSN detected",
        encrypted=True,
    ),
]

CASES: list[Case] = [*HORNET, *LIBRAESVA, *SPAMTITAN, *POSTFIX, *AGARI, *DMARCIAN, *HOXHUNT, *SOSAFE, *ZIVVER]
