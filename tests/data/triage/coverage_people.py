"""Coverage split: people and tickets, prose first (see README.md).

Tools and voices: service-desk tickets in Halo ITSM, ManageEngine ServiceDesk Plus, SysAid and Ivanti Neurons for
ITSM (tellers, lending officers, branch IT champions, the desktop and network teams, technicians' notes); members'
conversations in Intercom; staff chat in Rocket.Chat (including the SOC's #soc-handover channel) and Webex; Aircall
voicemails with their transcription; postal letters scanned in by the mail room; branch managers' e-mails; Verafin
fraud case notes; AuditBoard internal audit issues; notices from regulators and CERTs through the compliance inbox;
a correspondent bank's and a payments partner's notifications. Voices in Afrikaans (Cape Town), Estonian (Tallinn),
Icelandic (Reykjavik), Canadian French (Montreal) and te reo Maori mixed with English (Wellington). Reporters name
the wrong thing (a credential phish called a virus, a cryptominer called a slow PC, an expired certificate called a
hack, announced maintenance called a cyber attack, data leaving a PC called a slow network); four reports have
nothing to go on. All seven playbooks: phishing, malware, brute force, data exfiltration, availability,
performance and generic, many cases one stated fact away from the other class.
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

ORG = "marlowecu.org"
PULL = ["quarantine_email", "block_sender"]
Raw = dict[str, Any]


def cid(n: int) -> str:
    return f"cov-pp-{n:03d}"


def when(n: int, hour: int = 9) -> str:
    return f"2026-12-{n % 27 + 1:02d}T{hour:02d}:{n * 7 % 60:02d}:{n * 13 % 60:02d}Z"


def epoch(n: int, hour: int = 9) -> int:
    return 1796083200 + (n % 27) * 86_400 + hour * 3600 + n * 7 % 60 * 60


def halo(
    n: int, expected: Expected, severity: str, summary: str | None, details: str | None, who: tuple[str, str], **x: Any
) -> Case:
    """A Halo ITSM 'ticket created' webhook: the ticket object as Halo serialises it."""
    priority = {"critical": 1, "high": 2, "medium": 3, "low": 4}[severity]
    raw = {
        "webhook_event": "Ticket Logged",
        "id": 48_190 + n,
        "summary": summary or "",
        "details": details or "",
        "tickettype_id": 1,
        "tickettype_name": "Incident",
        "priority_id": priority,
        "status_id": 1,
        "status_name": "New",
        "client_name": "Marlowe Credit Union",
        "site_name": who[1],
        "user_name": who[0],
        "team": x.pop("team", "Service Desk"),
        "category_1": x.pop("category", "Security>Suspicious Activity"),
        "dateoccurred": when(n, 8),
        "attachment_count": x.pop("attachment_count", 0),
    }
    return alert(cid(n), "Halo ITSM", expected, summary, details, severity, "haloitsm", raw, **x)


def sdp(
    n: int, expected: Expected, severity: str, subject: str, text: str, requester: str, site: str, **x: Any
) -> Case:
    """ManageEngine ServiceDesk Plus: the request JSON its 'request created' custom trigger posts."""
    priority = {"critical": "High", "high": "High", "medium": "Medium", "low": "Low"}[severity]
    login = requester.lower().replace(" ", ".")
    raw = {
        "request": {
            "id": str(118_000_004_523_000 + n),
            "display_id": str(7_700 + n),
            "subject": subject,
            "description": f"<div>{text}</div>",
            "requester": {"name": requester, "email_id": f"{login}@{ORG}"},
            "priority": {"name": priority},
            "urgency": {"name": "Urgent" if severity == "critical" else "Normal"},
            "mode": {"name": x.pop("mode", "Web Form")},
            "category": {"name": x.pop("category", "Security")},
            "site": {"name": site},
            "status": {"name": "Open"},
            "created_time": {"display_value": f"Dec {n % 27 + 1}, 2026 09:{n:02d} AM", "value": str(epoch(n) * 1000)},
        }
    }
    tool = "ManageEngine ServiceDesk Plus"
    return alert(cid(n), tool, expected, subject, text, severity, "servicedeskplus", raw, **x)


def sysaid(n: int, expected: Expected, severity: str, title: str, text: str, user: str, problem: str, **x: Any) -> Case:
    """SysAid's service record as its REST API returns it: a list of key/value 'info' fields."""
    levels = {"critical": (1, "Urgent"), "high": (2, "Very High"), "medium": (3, "High"), "low": (4, "Normal")}
    level, caption = levels[severity]
    raw = {
        "id": str(20_400 + n),
        "canUpdate": True,
        "info": [
            {"key": "title", "value": title},
            {"key": "description", "value": text},
            {"key": "priority", "value": level, "valueCaption": caption},
            {"key": "request_user", "value": 300 + n, "valueCaption": user},
            {"key": "problem_type", "value": problem, "valueCaption": problem.replace("_", " ")},
            {"key": "status", "value": 1, "valueCaption": "New"},
            {"key": "source", "value": 4, "valueCaption": x.pop("channel", "Self-Service Portal")},
            {"key": "insert_time", "value": epoch(n) * 1000},
        ],
    }
    return alert(cid(n), "SysAid", expected, title, text, severity, "sysaid", raw, **x)


def ivanti(
    n: int, expected: Expected, severity: str, subject: str, symptom: str, profile: str, service: str, **x: Any
) -> Case:
    """An Ivanti Neurons for ITSM Incident business object, as its web-service integration sends it."""
    priority = {"critical": "1", "high": "2", "medium": "3", "low": "4"}[severity]
    raw = {
        "RecId": f"9C41E7A05B2D4F6E8A13{n:012d}",
        "IncidentNumber": 30_400 + n,
        "Subject": subject,
        "Symptom": symptom,
        "Priority": priority,
        "Status": "Logged",
        "Source": x.pop("channel", "Phone"),
        "Category": x.pop("category", "Security"),
        "Service": service,
        "ProfileFullName": profile,
        "OwnerTeam": x.pop("team", "Security Operations"),
        "CreatedDateTime": when(n, 10),
    }
    return alert(cid(n), "Ivanti Neurons for ITSM", expected, subject, symptom, severity, "ivanti_neurons", raw, **x)


def intercom(
    n: int, expected: Expected, severity: str, member: str, body: str, note: str | None = None, **x: Any
) -> Case:
    """A member's new conversation in Intercom ('conversation.user.created'), with the agent's note if any."""
    item: Raw = {
        "type": "conversation",
        "id": str(1_948_330_000 + n),
        "created_at": epoch(n, 20),
        "source": {
            "type": "conversation",
            "delivered_as": "customer_initiated",
            "body": f"<p>{body}</p>",
            "author": {"type": "user", "id": f"65f1c0{n:04d}ab", "name": member},
        },
        "custom_attributes": {"Home branch": x.pop("branch", "Hobart")},
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "name": t} for t in x.pop("intercom_tags", [])]},
    }
    if note:
        item["conversation_parts"] = {"conversation_parts": [{"part_type": "note", "body": f"<p>{note}</p>"}]}
    topic = "conversation.user.created"
    raw = {"type": "notification_event", "app_id": "mcu4x7q2", "topic": topic, "data": {"item": item}}
    text = body if note is None else f"{body}\n\nAgent note: {note}"
    title = x.pop("title", f"New Intercom conversation from {member}")
    return alert(cid(n), "Intercom", expected, title, text, severity, "intercom", raw, **x)


def rocket(n: int, expected: Expected, severity: str, user: str, channel: str, text: str, **x: Any) -> Case:
    """A Rocket.Chat outgoing webhook: one message in a watched channel."""
    raw = {
        "token": "Wq8c2LrT0aPz5nKd",
        "bot": False,
        "channel_id": f"GENERAL{n:03d}",
        "channel_name": channel,
        "message_id": f"mCu{n:03d}xR7pLw2Qa",
        "timestamp": when(n, 2 if channel == "soc-handover" else 11),
        "user_id": f"u{n:03d}Hk2",
        "user_name": user,
        "text": text,
        "siteUrl": f"https://chat.{ORG}",
    }
    if x.pop("raw_only", False):
        return alert(cid(n), "Rocket.Chat", expected, None, None, severity, "rocketchat", raw, **x)
    title = x.pop("title", f"Rocket.Chat #{channel}: message from @{user}")
    return alert(cid(n), "Rocket.Chat", expected, title, text, severity, "rocketchat", raw, **x)


def webex(n: int, expected: Expected, severity: str, person: str, room: str, text: str, **x: Any) -> Case:
    """A Webex 'messages created' webhook, with the message text the integration fetched."""
    raw = {
        "id": "Y2lzY29zcGFyazovL3VzL1dFQkhPT0svbWN1LXNlYw",
        "name": "mcu-security-intake",
        "resource": "messages",
        "event": "created",
        "orgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9tY3U",
        "data": {
            "id": f"Y2lzY29zcGFyazovL3VzL01FU1NBR0Uv{n:04d}",
            "roomId": f"Y2lzY29zcGFyazovL3VzL1JPT00v{room.replace(' ', '')}",
            "roomType": "direct" if room == "direct" else "group",
            "personEmail": f"{person}@{ORG}",
            "created": when(n, 9).replace("Z", ".512Z"),
        },
        "message": {"text": text, "roomTitle": room},
    }
    title = x.pop("title", f"Webex message from {person} ({room})")
    return alert(cid(n), "Webex", expected, title, text, severity, "webex", raw, **x)


def aircall(
    n: int, expected: Expected, severity: str, line: str, caller: str, transcript: str, language: str, **x: Any
) -> Case:
    """Aircall 'call.voicemail_left' with the voicemail's transcription merged in by the relay."""
    raw = {
        "resource": "call",
        "event": "call.voicemail_left",
        "timestamp": epoch(n, 7),
        "data": {
            "id": 1_882_040_000 + n,
            "direction": "inbound",
            "status": "done",
            "missed_call_reason": x.pop("missed", "no_available_agent"),
            "raw_digits": caller,
            "duration": x.pop("duration", 40 + n),
            "voicemail": f"https://voicemail.aircall.io/v/{n:04d}mcu.mp3",
            "number": {"name": line},
            "transcription": {"content": transcript, "language": language},
        },
    }
    if x.pop("raw_only", False):
        return alert(cid(n), "Aircall", expected, None, None, severity, "aircall", raw, **x)
    title = x.pop("title", f"Voicemail on {line} from {caller}")
    return alert(cid(n), "Aircall", expected, title, transcript, severity, "aircall", raw, **x)


def letter(n: int, expected: Expected, severity: str, title: str, ocr: str, scan: Raw, **x: Any) -> Case:
    """A postal letter the mail room scanned in (OCR text) and routed to security."""
    raw = {"scan_id": f"MR-2026-12{n:02d}-{n * 3:03d}", "scanned_at": when(n, 10), "routed_to": f"security@{ORG}"}
    raw |= scan
    tool = "Scanned postal letter (mail room)"
    return alert(cid(n), tool, expected, title, ocr, severity, "mailroom_scan", raw, tags=["post"], **x)


def manager(n: int, expected: Expected, severity: str, sender: str, subject: str, body: str, **x: Any) -> Case:
    """A branch manager's e-mail to the IT security mailbox."""
    raw = {
        "from": f"{sender}@{ORG}",
        "to": f"itsecurity@{ORG}",
        "subject": subject,
        "date": when(n, 7),
        "attachments": x.pop("attachments", []),
    }
    return alert(cid(n), "Branch manager's e-mail", expected, subject, body, severity, "branch_mail", raw, **x)


def verafin(n: int, expected: Expected, severity: str, title: str | None, note: str | None, case: Raw) -> Case:
    """A Verafin fraud case note, pushed by the fraud team's export script."""
    raw = {"caseId": f"VF-2026-{18_400 + n}", "analyst": "fraud.desk", "updated": when(n, 15)} | case
    return alert(cid(n), "Verafin", expected, title, note, severity, "verafin", raw, tags=["fraud"] if title else None)


def auditboard(n: int, expected: Expected, severity: str, issue: Raw, **x: Any) -> Case:
    """An AuditBoard issue raised by internal audit (condition, criteria, cause, effect)."""
    text = f"{issue['condition']} Effect: {issue['effect']}"
    raw = {"event": "issue.created", "issue": {"id": f"ISS-2026-{n:03d}", "audit": "2026 IT General Controls"} | issue}
    title = f"Audit issue ISS-2026-{n:03d}: {issue['title']}"
    return alert(cid(n), "AuditBoard", expected, title, text, severity, "auditboard", raw, tags=["audit"], **x)


def regulator(n: int, expected: Expected, severity: str, title: str, text: str, notice: Raw, **x: Any) -> Case:
    """A regulator's or CERT's notice, logged from the compliance inbox."""
    tool = "Regulator notice (compliance inbox)"
    return alert(cid(n), tool, expected, title, text, severity, "compliance_inbox", notice, tags=["regulator"], **x)


def bank(n: int, expected: Expected, severity: str, title: str, text: str, notice: Raw, **x: Any) -> Case:
    """A correspondent bank's or payments partner's notification to the operations mailbox."""
    tool = "Correspondent bank notification"
    return alert(cid(n), tool, expected, title, text, severity, "bank_partner", notice, tags=["partner"], **x)


# fmt: off
TICKETS = [
    halo(1, (MAL, PHISHING, [*PULL, "reset_credentials"]), "high", "Virus in email?? sorry",
         "Hi IT, I think I got a virus from an email. It said it was from Payroll <payroll@marlowecu-payroll.com>, "
         "'December payslip adjustment - action required'. I clicked it and it wanted my Microsoft login so I put it "
         "in and then it just went to the normal marlowecu.org homepage?? Now I'm worried my PC has a virus. Jess at "
         "the next window got the same one but didn't open it. Sorry!! Priya", ("Priya Ramanathan", "Hobart"),
         systems=["MCU-HBA-TLR03"]),
    halo(2, (MAL, MALWARE, ["isolate_host", "escalate"]), "critical", "S: drive files all renamed .akira - Wellington",
         "Every folder on the Wellington shared drive (\\\\MCU-WLG-FS01\\Shared) has files ending .akira and an "
         "akira_readme.txt saying our network was 'infiltrated' and to contact them on a Tor site with a code. File "
         "times start 06:40; Lending and Member Services folders too. Tina found it when she got in. I've told the "
         "branch not to touch anything. - Hemi (WLG branch IT champion)", ("Hemi Walker", "Wellington"),
         systems=["MCU-WLG-FS01"], kind="ransomware"),
    halo(3, (UNK, GENERIC, []), "medium", "Security issue", "see attached", ("Denise Kruger", "Cape Town")),
    halo(4, (MAL, MALWARE, ["isolate_host", "disable_user"]), "high",
         "PsExec pushed to 14 Cape Town teller PCs at 03:07 by svc_backup",
         "Desktop team: EDR console shows C:\\Windows\\Temp\\psx.exe (PsExec v2.43, renamed) run by "
         "MARLOWE\\svc_backup on MCU-CPT-APP02 at 03:07 against MCU-CPT-TLR01..TLR14; each teller PC then ran "
         "'rundll32.exe C:\\ProgramData\\upd.dll,Start'. svc_backup only ever runs the Veeam jobs on the backup server "
         "and nobody on the team scheduled anything overnight. Raising P2 for security.", ("Desktop Team", "Cape Town"),
         team="Desktop Support", systems=["MCU-CPT-APP02", "MCU-CPT-TLR01", "MCU-CPT-TLR14"]),
    halo(5, (BEN, AVAIL, ["restart_service"]), "high", "Card terminals at Cape Town branch: 'Host unavailable'",
         "All six card terminals in the Cape Town branch show 'Host unavailable' since 08:15 and members are queuing. "
         "The MCU Card Gateway service on MCU-CPT-APP01 is stopped: event 7034, the service terminated unexpectedly "
         "after the 02:00 patch reboot, and its recovery action is set to 'Take no action'.",
         ("Lindiwe Dlamini", "Cape Town"), category="Infrastructure>Payments", systems=["MCU-CPT-APP01"]),
    halo(6, (BEN, PERF, []), "medium", "Online banking slow since Monday's upgrade",
         "Member portal takes 8-12 s to show the account summary since the core banking upgrade on Monday 7 Dec (about "
         "1 s before). DBA found the upgrade script dropped index IX_Txn_MemberDate on the transactions table, so the "
         "summary query does a full scan. Rebuild booked tonight under CHG-5521.", ("Web Team", "Hobart"),
         category="Applications>Online Banking", tags=["performance"]),
    halo(7, (SUS, EXFIL, ["reset_credentials", "notify"]), "medium", "Laptop stolen from car - Hobart lending",
         "Sam Whitely's laptop MCU-HBA-LT022 was taken from his car outside his house in Sandy Bay last night, police "
         "report 26/118734. Intune shows BitLocker on and last check-in 21:40. Outlook has a cached mailbox with loan "
         "applications in it. His ID badge was in the same bag. Sam says the password isn't written anywhere.",
         ("Sam Whitely", "Hobart"), category="Hardware>Lost or Stolen", systems=["MCU-HBA-LT022"]),
    sdp(8, (BEN, MALWARE, []), "low", "Computer hacked!! Microsoft warning screen",
        "Big red screen with a Microsoft logo and beeping, said my computer is hacked and to call 1-844-652-0917. I "
        "did NOT call, did ctrl alt del and closed Chrome. -- Technician note: browser-locker page from an ad on a "
        "news site. No download, no new extension, Defender full scan clean, EDR timeline shows only chrome.exe. "
        "Closed with the user.", "Kylie Bennett", "Hobart", mode="Phone Call", systems=["MCU-HBA-MS02"]),
    sdp(9, (BEN, BRUTE, []), "medium", "Lots of accounts locked - are we under attack?",
        "Twenty webmail accounts locked between 10:00 and 10:20 from three outside addresses. -- Technician note: this "
        "is the external penetration test by Kowhai Security, engagement letter signed 25 Nov for 7-11 Dec; the "
        "sources 202.36.178.10-12 are the ones in the letter and the spray was agreed in scope. Unlocked.",
        "Rangi Parata", "Wellington", category="Identity"),
    sdp(10, (SUS, EXFIL, ["isolate_host", "notify"]), "medium", "Netwerk baie stadig by Kaapstad tak",
        "Môre, die netwerk is vandag baie stadig, ons kan nie eers core banking oopmaak nie. Kan julle asseblief kyk? "
        "Dankie, Marelize. -- Technician note: the branch link is full because MCU-CPT-WS07 (loans) has been "
        "uploading about 38 Mbps to a mega.nz address since 07:50, 41 GB so far. Johan, whose PC it is, says he is "
        "'backing up my files for the audit' but won't say which files or why to a personal Mega account.",
        "Marelize Botha", "Cape Town", category="Network", systems=["MCU-CPT-WS07"]),
    sdp(11, (SUS, GENERIC, ["notify"]), "low", "Printer in member lounge printing rubbish",
        "The printer in the Hobart member lounge printed about 140 pages overnight saying 'YOUR PRINTER IS EXPOSED TO "
        "THE INTERNET - SECURE IT'. -- Technician note: MCU-HBA-PRN04 has a public NAT the print vendor asked for in "
        "2024 for remote maintenance; nobody knows what else was sent to it.", "Greg Thorne", "Hobart",
        category="Hardware>Printers"),
    sdp(12, (SUS, PERF, ["block_ip"]), "medium", "Rates page and loan calculator very slow",
        "www.marlowecu.org/rates and /home-loans/calculator take 15 s. 71% of requests in the last hour come from "
        "5.188.62.214, about 40 a second, user agent python-requests/2.31, walking every calculator parameter. It is "
        "none of the rate aggregators we have agreements with (they use the API feed).", "Web Team", "Hobart",
        category="Web", tags=["website"]),
    sysaid(13, (BEN, PHISHING, []), "low", "Supplier bank details change - verified",
           "Logging per the payments policy: email from Kaapse Sekuriteit (accounts@kaapsesekuriteit.co.za, their "
           "usual address) saying they move to a new bank account from 1 January. I phoned Pieter on the number in "
           "our vendor master, not the one in the email, and he confirmed they moved to Nedbank. Letter on their "
           "letterhead attached. No action needed from IT, just for the record.", "Annelie du Plessis",
           "Security\\Suspicious_email", channel="E-mail"),
    sysaid(14, (BEN, MALWARE, []), "low", "AV alert on my laptop - PsExec",
           "Defender flagged PsExec64.exe on MCU-HBA-LT003 (my admin laptop) as HackTool:Win32/PsExec. That's me: "
           "pushing the Adobe Reader fix to the Hobart tellers under CHG-5507, approved Tuesday, run from "
           "C:\\Tools\\Sysinternals during the window. Can we allowlist the hash? - Ben (infrastructure)",
           "Ben Cartwright", "Security\\Antivirus_alert", systems=["MCU-HBA-LT003"]),
    sysaid(15, (BEN, GENERIC, []), "low", "New local admin 'mcu_vendor' on MCU-REK-ATMC01",
           "Admin-group review found mcu_vendor in local Administrators on the ATM controller. Created by the Diebold "
           "Nixdorf engineer (Gunnar) during the controller upgrade under CHG-5530, approved and escorted on site; "
           "removal of the account is a task on the change once the vendor signs off.", "Sigrun Olafsdottir",
           "Security\\Account_review", systems=["MCU-REK-ATMC01"]),
    sysaid(16, (SUS, BRUTE, ["notify"]), "medium", "40 staff accounts locked this morning - Tallinn",
           "Between 08:02 and 08:09 forty accounts were locked. The DC log has every failure coming from 10.44.3.40, "
           "two bad passwords per account. 10.44.3.40 is the multifunction scanner the vendor installed yesterday with "
           "an LDAP bind for the address book; the vendor has not answered yet. Could be its address-book sync with a "
           "wrong password, could be something else on that address.", "Kristjan Saar", "Identity\\Lockouts"),
    ivanti(17, (MAL, AVAIL, ["notify"]), "critical", "Online banking unreachable - ISP confirms DDoS",
           "NOC: ib.marlowecu.org unreachable from 09:12 NZDT. Our upstream confirms about 41 Gbps of UDP/DNS "
           "amplification plus a SYN flood at the Wellington edge from roughly 60,000 sources; scrubbing engaged at "
           "09:31, portal still timing out. Yesterday member services received an e-mail from 'Killnet Reborn' "
           "demanding 3 BTC 'or Marlowe goes offline Tuesday'.", "NOC On-call", "Online Banking",
           kind="ddos", systems=["ib.marlowecu.org"]),
    ivanti(18, (BEN, PHISHING, []), "low", "Reported phishing: 'Co-operatives Week webinar invite'",
           "Reported by three staff with the Report Phish button. Checked: sent from news@ica.coop through their usual "
           "mail provider, SPF, DKIM and DMARC pass, links go to the ica.coop events page. It is the International "
           "Co-operative Alliance newsletter we subscribe to.", "Security Operations", "E-mail",
           channel="Report Phish button"),
    ivanti(19, (SUS, GENERIC, ["notify"]), "high", "Unknown local admin 'support$' on MCU-REK-FS01",
           "Weekly admin-group review: local account support$ created and added to Administrators on MCU-REK-FS01 at "
           "02:14 Sunday. Events 4720/4732 show it was made from a session of MARLOWE\\adm.einarsson coming from "
           "MCU-REK-JMP01. No change ticket. Einar is on leave in Spain and has not been reached; the account has not "
           "logged on yet.", "Security Operations", "File Services", systems=["MCU-REK-FS01", "MCU-REK-JMP01"]),
    ivanti(20, (BEN, EXFIL, []), "low", "2.3 GB upload to WeTransfer flagged - Montreal finance",
           "Proxy flagged 2.3 GB to wetransfer.com from MCU-YUL-WS031 (Sophie Gagnon, finance). Sophie sent the Q4 "
           "member statement samples to the external auditor at their written request (audit engagement AE-2026-14); "
           "the auditor confirmed receipt and the CFO approved the transfer in this ticket.", "Sophie Gagnon",
           "Finance", channel="Proxy alert", systems=["MCU-YUL-WS031"]),
]

MEMBERS = [
    intercom(21, (MAL, PHISHING, ["block_sender", "notify"]), "medium", "Tama Rewiri",
             "Is this text from you?? Got a text and then an email from alerts@marlowe-cu-verify.net saying my Marlowe "
             "card is suspended and to verify at https://marlowe-cu-verify.net/card. Page looks exactly like your "
             "login and asks for card number, expiry, CVV and the code you text me. I didn't put anything in. Two of "
             "my mates got the same.", branch="Wellington", intercom_tags=["scam-report"], kind="phishing"),
    intercom(22, (BEN, AVAIL, ["notify"]), "high", "Louise Tremblay",
             "YOUR WEBSITE HAS BEEN HACKED. Chrome says 'Your connection is not private' when I go to "
             "ib.marlowecu.org, I am not putting my password in there!!",
             "Checked with web team: the certificate for ib.marlowecu.org expired at 00:00 UTC today (notAfter "
             "2026-12-09); the renewed one was never loaded on the load balancer. No sign of tampering. 30+ similar "
             "chats this morning.", branch="Montreal", title="Intercom: 'YOUR WEBSITE HAS BEEN HACKED'"),
    intercom(23, (SUS, BRUTE, ["notify"]), "medium", "Helen Marsh",
             "I keep getting emails 'your online banking has been locked after too many attempts', five since "
             "yesterday. I haven't tried to log in for weeks.",
             "Login log: 27 failures on her member number from four different addresses in three countries, no "
             "success. Password not changed since 2023."),
    intercom(24, (BEN, BRUTE, []), "low", "Janine Booysen",
             "Locked out of the app. New phone and I kept typing my old PIN, sorry. Can you unlock?",
             "Called her back on the number on file and did ID check: attempts were hers, from her home address "
             "and new phone. Unlocked.", branch="Cape Town"),
    intercom(25, (BEN, AVAIL, []), "low", "Peter Vos",
             "App not working at all at 2am?? Is it a cyber attack? Can't see my balance.",
             "Announced maintenance window Sun 01:00-05:00 for the core upgrade (banner since 2 Dec, e-mail to all "
             "members). Back up at 04:20."),
    intercom(26, (SUS, MALWARE, ["notify"]), "high", "Andrew Kelly",
             "Norton blocked 'a dangerous script' when I went to log in to online banking. Is your site safe?",
             "Third member today, all naming a script from cdn-metricsjs.com on ib.marlowecu.org/login. Web team "
             "doesn't recognise that domain in our tag list and is checking the CMS.",
             intercom_tags=["website"]),
    intercom(27, (BEN, EXFIL, ["notify"]), "medium", "Ruth Campbell",
             "The envelope was addressed to me but inside was the December statement of someone else, a member in "
             "Hobart, with his account numbers and balances. I'll post it back but thought you should know.",
             "Print vendor confirms a misfeed in the 4 Dec statement batch, about 30 envelopes affected."),
    intercom(28, (SUS, GENERIC, ["notify"]), "medium", "Joan Martin",
             "Got a notice that the email on my online banking changed to jmartin.mcu@proton.me. I don't remember "
             "doing that, maybe my son did when he set up my new phone? He's overseas, I can't ask him till "
             "tonight.", branch="Hobart"),
]

CHAT = [
    rocket(29, (SUS, PHISHING, ["notify"]), "low", "m.fontaine", "it-help",
           "got a docusign email 'Loan Agreement - Marlowe CU - ref 88213' to sign, says it's from DocuSign via "
           "docusign.net. i don't have any loan agreement going on my side. didn't click. delete or?"),
    rocket(30, (MAL, BRUTE, ["reset_credentials", "block_ip"]), "high", "aroha.t", "it-help",
           "Kia ora koutou, um at 2am my phone went off with like 20 'Approve sign-in?' requests - I pressed deny "
           "every time, kaore au i te mohio he aha tenei. My account page now shows a sign-in from Amsterdam "
           "185.220.101.34 at 01:58 'MFA denied'. Aroha mai if this is nothing", tags=["mfa"]),
    rocket(31, (MAL, EXFIL, ["disable_user", "notify"]), "high", "k.naidoo", "sec-ops",
           "heads up: USB audit shows contractor account c.pretorius copied MemberMaster_full_2026-12.csv (212 MB, all "
           "61k members) to a SanDisk stick on MCU-CPT-WS14 at 23:48 Friday. He's a migration contractor but his SOW "
           "is the loan system, nobody asked for a full export, and he wasn't rostered Friday night.",
           systems=["MCU-CPT-WS14"], tags=["insider"]),
    rocket(32, (UNK, GENERIC, []), "medium", "t.vaher", "it-help", "", raw_only=True),
    rocket(33, (BEN, PERF, []), "medium", "rawiri.h", "core-banking",
           "Mōrena, core banking is pōturi as this morning, 30 sec per member lookup at the counter. He aha te raru? "
           "-- reply from @dba.lee: someone kicked off the month-end report at 09:00 instead of 19:00, killed it, "
           "lookups back to 1 s."),
    rocket(60, (MAL, BRUTE, ["block_ip", "disable_user", "isolate_host"]), "high", "soc.nights", "soc-handover",
           "Handover nights -> days. 1) MCU-CPT-JMP01 RDP has been reachable from the internet since the vendor's "
           "firewall change Tuesday (rule tmp-vendor-rdp). 9,412 failed logons from 91.240.118.172, 80.94.95.201 and "
           "194.26.29.113. At 04:12 a logon SUCCEEDED for local account 'scanner' from 80.94.95.201, 6-minute session "
           "with 'net user /add' attempts. Rule disabled 04:40, box still on the network, account still enabled. "
           "2) nothing else.", title="Shift handover nights -> days", systems=["MCU-CPT-JMP01"]),
    webex(34, (MAL, PHISHING, [*PULL, "reset_credentials"]), "high", "mari.tamm", "direct",
          "Tere! Sain e-kirja 'Microsoft 365: teie parool aegub täna', vajutasin lingile ja sisestasin oma parooli "
          "lehel login-microsoftonline.ee-auth.com. Pärast seda midagi ei juhtunud. Kas see oli pettus? Kolleeg Kadri "
          "sai sama kirja. - Mari, Tallinna kontor"),
    webex(35, (MAL, MALWARE, ["isolate_host"]), "medium", "sigrun.o", "IT aðstoð Reykjavík",
          "Tölvan mín (MCU-REK-WS12) er ótrúlega hæg síðan á mánudag og viftan öskrar. Í Task Manager er "
          "AdobeUpdater.exe úr C:\\Users\\sigrun\\AppData\\Roaming\\Adobe\\ að nota 95% af örgjörvanum og tengist "
          "xmr-eu1.nanopool.org:14433. Er þetta bara Windows uppfærsla?", systems=["MCU-REK-WS12"]),
    webex(36, (BEN, PERF, []), "low", "gudrun.h", "IT aðstoð Reykjavík",
          "Allar tölvur í afgreiðslunni hægar í morgun 08:00-09:30, MsMpEng.exe á fullu. -- IT: the new Defender "
          "policy moved the weekly full scan to 08:00 by mistake; moved back to 02:00, all normal now."),
    webex(37, (BEN, BRUTE, []), "low", "nicole.w", "direct",
          "getting 'approve sign-in' prompts every morning I didn't start?? ... ok update: it's my iPad at home with "
          "Outlook open, it signs in again each morning. Sign-in log shows my home address and my registered iPad, "
          "closed Outlook on it and the prompts stopped. sorry!"),
    webex(38, (BEN, AVAIL, []), "high", "web.ops", "Digital Channels",
          "ib.marlowecu.org returned 502 for 14 minutes after release 26.12.1 at 12:00: the new pods failed health "
          "checks on a missing config key. Rolled back 12:16, all good. A few members on Facebook say we were hacked; "
          "comms has a reply.", title="Member portal 502 after release 26.12.1 (resolved)",
          systems=["ib.marlowecu.org"]),
    webex(39, (UNK, GENERIC, []), "medium", "greg.thorne", "direct", "call me asap re the thing"),
    aircall(40, (MAL, MALWARE, ["isolate_host", "reset_credentials"]), "high", "Soutien TI Montréal (YUL)",
            "+1 514 555 0188",
            "Oui allô, c'est Chantal à la succursale de Montréal, poste 4412. Tantôt y'a un pop-up qui disait que mon "
            "ordi était bloqué par Microsoft, fait que j'ai appelé le numéro, pis le monsieur m'a fait installer "
            "AnyDesk. Il a été dans mon ordi genre vingt minutes, il a ouvert le système des membres pis il m'a "
            "demandé mon mot de passe pour 'vérifier'. Je lui ai donné... Là je m'inquiète en tabarnouche. "
            "Rappelez-moi.",
            "fr-CA", raw_only=True),
    aircall(41, (MAL, PHISHING, ["disable_user", "reset_credentials"]), "high", "Member Contact Centre (HBA)",
            "+61 412 555 309",
            "Hi, it's Margaret Hollis, member number 40172. A man rang me this morning from the 'Marlowe fraud team', "
            "the caller ID even said Marlowe Credit Union. He said someone was trying to take my money and asked me to "
            "read him the code you'd just texted me, and I did. Now the app shows a transfer of $4,800 to a name I "
            "don't know. Please call me back.", "en-AU", tags=["member"]),
    aircall(42, (UNK, GENERIC, []), "low", "IT Service Desk (WLG)", "anonymous",
            "[inaudible] ... yeah so that's the ... [inaudible] ... call me back", "en-NZ", duration=11,
            raw_only=True),
    aircall(43, (SUS, PHISHING, ["notify"]), "medium", "IT Service Desk (WLG)", "+64 4 555 2281",
            "Kia ora, Rawiri from the Wellington branch. Someone just rang saying he's from Marlowe IT doing an 'MFA "
            "migration' and asked me to read out the number on my Authenticator. I hung up, didn't give it. His "
            "number was +64 9 887 2214. Just letting youse know.", "en-NZ"),
]

POST_AND_MAIL = [
    letter(44, (SUS, MALWARE, ["notify"]), "medium", "Parcel to Hobart branch manager: gift card and USB stick",
           "Dear Valued Customer, thank you for your loyal purchases. Please find enclosed a $50 gift card. To view "
           "the list of eligible items, insert the enclosed USB drive into your computer. -- Mail room: addressed to "
           "Greg Thorne by name, no return address. Greg did not plug it in; stick handed to IT in an evidence bag "
           "for analysis.", {"pages": 1, "enclosures": ["gift card", "USB flash drive"], "postmark": "Melbourne VIC"}),
    letter(45, (SUS, AVAIL, ["notify"]), "high", "Letter to management threatening to take online banking down",
           "To Marlowe Credit Union management. We are the group that took down a bank in your region last month. Pay "
           "2 BTC to bc1q9h7v0mcuxk3l2q8rzt4c5d6e7f8g9h0jklmn by 20 December or your online banking will be offline "
           "for a week. This is your only warning.",
           {"pages": 1, "postmark": "Hobart TAS", "ocr_confidence": 0.97}, kind="extortion"),
    letter(46, (SUS, GENERIC, ["notify"]), "medium", "Bréf frá félagsmanni: heimilisfangi breytt án hennar vitundar",
           "Góðan dag. Ég fékk bréf frá ykkur um að heimilisfangi mínu hefði verið breytt, en ég hef ekki flutt og "
           "bað ekki um neina breytingu. Síðan þá get ég ekki skráð mig inn í netbankann. Vinsamlegast hafið "
           "samband. Þórunn Jónsdóttir, félagsnúmer 52230",
           {"pages": 1, "ocr_language": "is", "ocr_confidence": 0.88, "postmark": "Reykjavik"}),
    manager(47, (MAL, PHISHING, PULL), "high", "marelize.botha", "FW: Nuwe bankbesonderhede - Kaapse Sekuriteit",
            "Goeie môre, ek het hierdie e-pos gekry van 'Kaapse Sekuriteit' maar die adres is "
            "accounts@kaapsesekurlteit.co.za (met 'l' in plaas van 'i'). Hulle sê hul bankbesonderhede het verander "
            "en ons moet die Desember faktuur (R 184 300) na 'n nuwe rekening betaal. Finance het nog NIE betaal nie. "
            "Ons het Pieter gebel op die regte nommer en hy sê hulle het niks gestuur nie. Dankie, Marelize",
            attachments=["Nuwe_bankbesonderhede.pdf"], kind="phishing"),
    manager(48, (SUS, BRUTE, ["notify"]), "medium", "greg.thorne", "Aroha's account keeps locking - hacked?",
            "Hi team, Aroha's account has been locking every 10-15 minutes since Monday and she hasn't changed her "
            "password. Is someone hacking her? The desk told me the lockouts come from MCU-HBA-KIOSK02, which is the "
            "member self-service kiosk in the lobby. She's never logged on there.", systems=["MCU-HBA-KIOSK02"]),
    manager(49, (BEN, AVAIL, []), "medium", "kristjan.saar", "Tallinna kontoris elekter ära",
            "Tere, meie kontoris on alates 10:20 elekter ära (Elektrilevi rike kogu kvartalis), UPS hoidis serverit "
            "25 minutit, siis läks kõik kinni, ka sularahaautomaat. Elektrilevi lubab taastada 14:00-ks. Kas keegi "
            "saab pärast MCU-TLL-SRV01 üle vaadata? - Kristjan", systems=["MCU-TLL-SRV01"]),
    manager(50, (SUS, GENERIC, ["notify"]), "medium", "greg.thorne", "Telco 'technician' in our comms room",
            "A technician from the phone company turned up at 11:00 saying there was a fault on our line and the new "
            "teller let him into the comms room. He was in there about 20 minutes, didn't sign the visitor book, and "
            "left. The telco says no job was booked for us. Nothing looks different in there but I'm no IT person."),
]

FRAUD_AUDIT_OUTSIDE = [
    verafin(51, (MAL, GENERIC, ["disable_user", "reset_credentials"]), "high",
            "Account takeover via contact-centre mobile number change (member 55109)",
            "Member 55109 (E. van Wyk, Cape Town). 14:02 a caller passed knowledge-based checks at the contact centre "
            "and changed her mobile number; 14:20 an OTP went to the new number; 14:31 a new payee was added and "
            "R 92,000 sent by EFT. The member came into the branch at 15:10: she made no call and her phone lost "
            "signal at 13:55 (SIM swap). Recall requested.",
            {"caseType": "Account Takeover", "status": "Open", "priority": "High", "members": ["55109"]}),
    verafin(52, (MAL, BRUTE, ["block_ip", "reset_credentials"]), "critical",
            "Credential stuffing against online banking: 212 successful logins",
            "Between 01:00 and 04:30, 61,400 login attempts on ib.marlowecu.org for 18,900 member numbers from about "
            "900 residential proxy addresses (top: 45.134.26.77, 141.98.11.24, 5.188.206.18). 212 succeeded, members "
            "reusing passwords from the ShopBay breach; 9 of them had new payees added, which fraud has frozen.",
            {"caseType": "Online Banking Fraud", "status": "Open", "priority": "Critical",
             "top_sources": ["45.134.26.77", "141.98.11.24", "5.188.206.18"], "successful_logins": 212}),
    verafin(53, (BEN, GENERIC, []), "low", None, None,
            {"caseType": "Geo-velocity", "status": "Closed - False Positive", "members": ["31877"],
             "note": "Card present in Reykjavik, online banking login from Tasmania 2 h later. Spoke with member: "
                     "travelling in Iceland, husband logged in from home to pay bills on the joint account. Travel "
                     "note added."}),
    auditboard(54, (MAL, EXFIL, ["disable_user", "notify"]), "high",
               {"title": "Member data forwarded to a personal e-mail account", "rating": "High",
                "owner": "Head of Lending",
                "condition": "Q4 mail-flow review found 47 messages from l.fourie@marlowecu.org to "
                             "lfourie.home@gmail.com between June and November carrying member lists (1,840 members: "
                             "names, account numbers, loan balances). L. Fourie resigned on 27 Nov, leaves on 11 Dec "
                             "and has announced a role at a competing lender; her account is still active.",
                "criteria": "Acceptable Use Policy 4.2; Privacy Act obligations on member data.",
                "effect": "Member data is outside the credit union's control and likely with a competitor."}),
    auditboard(55, (SUS, EXFIL, ["notify"]), "medium",
               {"title": "HR share readable by all staff", "rating": "Medium", "owner": "IT Infrastructure",
                "condition": "\\\\MCU-HBA-FS02\\HR has granted Everyone:Read since the March migration. The 90-day "
                             "file access audit shows three non-HR users opened Salaries_2026.xlsx and items in the "
                             "Disciplinary folder (t.ngata, j.leblanc, p.sigurdsson).",
                "criteria": "Access control standard AC-3 (least privilege).",
                "effect": "Whether those users only browsed, or copied or shared the files, is not established."},
               systems=["MCU-HBA-FS02"]),
    regulator(56, (MAL, BRUTE, ["reset_credentials"]), "high",
              "CERT-EE teavitus: marlowecu.org kontod infovarastaja logis",
              "CERT-EE informs you that an infostealer (Lumma) log dated 3 December holds saved credentials for four "
              "marlowecu.org accounts (webmail and vpn.marlowecu.org), taken from a computer in Tallinn named "
              "DESKTOP-K2T9QE. That is not one of your devices' names; it is probably a home computer.",
              {"from": "cert@cert.ee", "reference": "CERT-EE 2026-4471", "via": "Finantsinspektsioon liaison",
               "accounts": ["mari.tamm", "kristjan.saar", "t.vaher", "adm.kask"]}),
    regulator(57, (SUS, PHISHING, ["notify"]), "medium",
              "Seðlabanki Íslands: viðvörun um svikasíður í nafni island.is",
              "Financial supervision at the Central Bank of Iceland warns of a campaign with fake island.is login "
              "pages (island-is-innskraning.com, island-rafraen.com) aimed at customers and staff of Icelandic "
              "financial institutions and asks them to check and report. -- Compliance: the proxy shows three "
              "Reykjavik staff opened island-is-innskraning.com on 8 Dec; not yet known whether they entered anything.",
              {"regulator": "Seðlabanki Íslands - Fjármálaeftirlit", "reference": "FME-2026-118",
               "domains": ["island-is-innskraning.com", "island-rafraen.com"]}, kind="phishing"),
    bank(58, (MAL, EXFIL, ["notify", "escalate"]), "critical",
         "Common point of purchase: 1,212 Marlowe debit cards compromised at ATM MCU-YUL-ATM02",
         "Our fraud analytics tie 1,212 Marlowe debit cards (BIN 451927) reported in fraud over the last ten days to "
         "one common point: your ATM MCU-YUL-ATM02 on rue Saint-Denis, used between 12 and 26 November. The card data "
         "and PINs are for sale on a carding shop. We suspect a skimming overlay and pinhole camera on that ATM.",
         {"partner": "correspondent bank - card fraud unit", "reference": "CPP-2026-3391", "bin": "451927",
          "cards": 1212, "atm": "MCU-YUL-ATM02"}, systems=["MCU-YUL-ATM02"]),
    bank(59, (SUS, GENERIC, ["notify"]), "high", "Held: 6 outbound wires from operator MCU-OPS-07, please confirm",
         "Our payment screening held a batch of six outbound wires (NZD 412,600) submitted at 02:14 NZDT from your "
         "corporate banking operator ID MCU-OPS-07 to six new beneficiaries in Hong Kong and Lithuania. Please confirm "
         "they are genuine before 10:00 NZDT or they will be returned.",
         {"partner": "settlement bank - payments operations", "reference": "PAY-HOLD-77120", "operator": "MCU-OPS-07",
          "amount_nzd": 412600, "beneficiaries": 6}),
]
# fmt: on

CASES: list[Case] = [*TICKETS, *MEMBERS, *CHAT, *POST_AND_MAIL, *FRAUD_AUDIT_OUTSIDE]
