"""Breadth split: people and outside parties, prose first (see README.md).

Tools and voices: HackerOne reports and Bugcrowd submissions (bug bounty webhooks), Recorded Future alerts,
a Have I Been Pwned domain notification, Zoom Team Chat messages, Signal messages to the on-call phone,
letters from data protection authorities (Datatilsynet, Autoriteit Persoonsgegevens), journalists' e-mails,
partner hospitals' and labs' notifications, SOC shift handover notes, service desk calls transcribed in Dutch,
Polish, Swedish, Norwegian and Japanese, and patients' complaints to patient relations. Several reporters name
the wrong thing (a cryptominer called a stuck update, a planted web shell reported as an upload bug, a printer
driver called a hack, planned maintenance called ransomware); eight reports have nothing to go on.
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

PULL = ["quarantine_email", "block_sender"]
Raw = dict[str, Any]


def hackerone(
    n: int, report_id: int, title: str, weakness: tuple[str, str], rating: tuple[str, float], text: str, asset: str
) -> tuple[str, str, Raw]:
    """Title, description and the `data.report` webhook payload of a new HackerOne report."""
    raw = {
        "data": {
            "activity": {"type": "activity-report-created", "attributes": {"report_id": str(report_id)}},
            "report": {
                "id": str(report_id),
                "type": "report",
                "attributes": {
                    "title": title,
                    "state": "new",
                    "created_at": f"2026-12-0{n}T09:1{n}:00.000Z",
                    "vulnerability_information": text,
                },
                "relationships": {
                    "severity": {"data": {"attributes": {"rating": rating[0], "score": rating[1]}}},
                    "weakness": {"data": {"attributes": {"name": weakness[0], "external_id": weakness[1]}}},
                    "structured_scope": {"data": {"attributes": {"asset_identifier": asset, "asset_type": "URL"}}},
                },
            },
        }
    }
    return f"HackerOne report #{report_id}: {title}", text, raw


def h1(n: int, expected: Expected, severity: str, *args: Any) -> Case:
    title, text, raw = hackerone(n, *args)
    return alert(
        f"br-h1-{n:03d}",
        "HackerOne report",
        expected,
        title,
        text,
        severity,
        "hackerone",
        raw,
        tags=["bug-bounty"],
        kind="vulnerability",
    )


def bugcrowd(
    n: int, title: str, priority: int, vrt: str, text: str, expected: Expected, systems: list[str] | None = None
) -> Case:
    raw = {
        "type": "submission.created",
        "data": {
            "type": "submission",
            "id": f"4952ce74-b9ae-4fc3-a17b-0aebed92fe{n:02d}",
            "attributes": {"title": title, "severity": priority, "state": "new", "vrt_id": vrt, "description": text},
            "relationships": {"target": {"data": {"attributes": {"name": "*.tidewater-health.org"}}}},
        },
    }
    severity = {1: "critical", 2: "high", 3: "medium"}.get(priority, "low")
    return alert(
        f"br-bugcrowd-{n:03d}",
        "Bugcrowd submission",
        expected,
        f"Bugcrowd P{priority}: {title}",
        text,
        severity,
        "bugcrowd",
        raw,
        systems=systems,
        tags=["bug-bounty"],
    )


def recorded_future(
    n: int, title: str | None, text: str | None, severity: str, raw: Raw, expected: Expected, kind: str | None = None
) -> Case:
    return alert(
        f"br-rf-{n:03d}",
        "Recorded Future alert",
        expected,
        title,
        text,
        severity,
        "recorded_future",
        raw,
        tags=["threat-intel"],
        kind=kind,
    )


def zoom(n: int, sender: str, channel: str, message: str, severity: str, expected: Expected, **extra: Any) -> Case:
    raw = {
        "event": "chat_message.sent",
        "payload": {
            "account_id": "tWh8xQ2LS-6p0rNcA1bK3w",
            "operator": f"{sender}@tidewater-health.org",
            "object": {"channel_name": channel, "message": message, "date_time": f"2026-12-0{n}T07:4{n}:12Z"},
        },
    }
    title = f"Zoom chat in #{channel} from {sender}"
    return alert(f"br-zoom-{n:03d}", "Zoom Team Chat message", expected, title, message, severity, "zoom", raw, **extra)


def signal(n: int, sender: str, number: str, message: str, severity: str, expected: Expected, **extra: Any) -> Case:
    stamp = 1796265660000 + n * 86_400_000
    raw = {
        "account": "+4755112200",
        "envelope": {
            "source": number,
            "sourceName": sender,
            "timestamp": stamp,
            "dataMessage": {"timestamp": stamp, "message": message, "attachments": extra.pop("attachments", [])},
        },
    }
    title = extra.pop("title", f"Signal to on-call from {sender}")
    text = extra.pop("text", message)
    return alert(
        f"br-signal-{n:03d}",
        "Signal message to the on-call phone",
        expected,
        title,
        text,
        severity,
        "signal",
        raw,
        **extra,
    )


def letter(
    n: int, authority: str, reference: str, title: str, body: str, severity: str, expected: Expected, language: str
) -> Case:
    raw = {"authority": authority, "reference": reference, "received_by": "post room Norfolk", "language": language}
    return alert(
        f"br-dpa-{n:03d}",
        "Letter from a data protection authority",
        expected,
        title,
        body,
        severity,
        "dpo_office",
        raw,
        tags=["privacy", "regulator"],
    )


def press(n: int, title: str, body: str, severity: str, expected: Expected, outlet: str) -> Case:
    raw = {"from_outlet": outlet, "forwarded_by": "press@tidewater-health.org"}
    return alert(
        f"br-press-{n:03d}",
        "Journalist's e-mail to the press office",
        expected,
        title,
        body,
        severity,
        "press_office",
        raw,
        tags=["media"],
    )


def partner(
    n: int, title: str | None, body: str | None, severity: str, expected: Expected, raw: Raw, **extra: Any
) -> Case:
    return alert(
        f"br-partner-{n:03d}",
        "Partner hospital notification",
        expected,
        title,
        body,
        severity,
        "partner_notice",
        raw,
        **extra,
    )


def handover(n: int, title: str, note: str, severity: str, expected: Expected, shift: str = "night -> day") -> Case:
    raw = {"shift": shift, "analyst_out": "m.okonkwo", "analyst_in": "s.ishikawa", "date": f"2026-12-0{n + 4}"}
    return alert(
        f"br-handover-{n:03d}", "SOC shift handover note", expected, title, note, severity, "soc_handover", raw
    )


def desk(
    n: int,
    language: str,
    site: str,
    title: str,
    transcript: str,
    severity: str,
    expected: Expected,
    systems: list[str] | None = None,
) -> Case:
    raw = {"call_id": f"SD-CALL-{88_140 + n}", "language": language, "site": site, "channel": "phone"}
    return alert(
        f"br-desk-{n:03d}",
        "Service desk call, transcribed",
        expected,
        title,
        transcript,
        severity,
        "service_desk",
        raw,
        systems=systems,
        tags=[f"lang-{language}"],
    )


def patient(n: int, title: str, body: str, severity: str, expected: Expected, raw: Raw | None = None) -> Case:
    return alert(
        f"br-patient-{n:03d}",
        "Patient complaint to patient relations",
        expected,
        title,
        body,
        severity,
        "patient_relations",
        raw,
    )


# fmt: off
BOUNTY = [
    h1(1, (SUS, GENERIC, ["notify"]), "high", 3048271, "Password reset token returned in API response",
       ("Improper Authentication - Generic", "cwe-287"), ("high", 8.1),
       "POST https://portal.tidewater-health.org/api/account/forgot-password with any patient's e-mail answers 200 "
       "and the JSON body carries `resetToken`; opening /reset?token=<value> lets you set a new password for that "
       "patient. I reproduced it only on my two test accounts. The endpoint has been like this at least since the "
       "portal release of October; I can't know whether anyone else has used it.",
       "portal.tidewater-health.org"),
    h1(2, (BEN, GENERIC, []), "low", 3049905, "Careers page can be framed (clickjacking)",
       ("UI Redressing (Clickjacking)", "cwe-1021"), ("low", 3.1),
       "https://www.tidewater-health.org/careers sends no X-Frame-Options or frame-ancestors, so it loads in an "
       "iframe on my site. The page is static: no login, no form, no state-changing button.",
       "www.tidewater-health.org"),
    h1(3, (SUS, EXFIL, ["notify"]), "critical", 3051377, "Anonymous read on an imaging export container",
       ("Information Disclosure", "cwe-200"), ("critical", 9.3),
       "The container `pacs-export` on twhimaging.blob.core.windows.net allows anonymous list and read. It holds "
       "about 41,000 .dcm files; the three headers I sampled carry patient names, birth dates and study "
       "descriptions from Bergen. I deleted my three copies. Storage logging looks disabled, so nobody can tell "
       "whether others listed it before me; I did not find it in public bucket search engines.",
       "twhimaging.blob.core.windows.net"),
    bugcrowd(1, "Sterilisation tracking console accepts admin/admin", 2,
             "server_security_misconfiguration.using_default_credentials",
             "https://steri-gdn.tidewater-health.org:8443 (instrument sterilisation tracking, Gdańsk) logs in with "
             "the vendor default admin/admin from the internet. I opened only the About page (version 7.2) and "
             "logged out. The console's audit view lists my session only, but it keeps just 14 days.",
             (SUS, GENERIC, ["reset_credentials"]), ["TWH-GDN-APP05"]),
    bugcrowd(2, "Unrestricted file upload on the careers CV form", 1,
             "server_side_injection.remote_code_execution_rce",
             "The CV upload on careers.tidewater-health.org keeps the original extension under /uploads/cv/ and IIS "
             "runs .aspx there. While checking the folder I found a file I did not upload, cv_2026_11_28.aspx: it "
             "shows a 'cmd>' box whose history holds `whoami`, `net group \"domain admins\" /domain` and "
             "`nltest /dclist:`. Somebody was on this server before me. I stopped testing at once.",
             (MAL, MALWARE, ["isolate_host"]), ["TWH-NOR-WEB04"]),
]

INTEL = [
    recorded_future(
        1, "Recorded Future: possible typosquat tidewater-heatlh.org",
        "Domain registered 2 Dec via NameSilo with MX records at privateemail.com and no web content yet. "
        "No mail from it has reached our gateway so far.", "medium",
        {"playbook_alert_id": "task:7c1d0e5a-55f2-4b7a-9a0e-2f9c61b0d3aa", "category": "domain_abuse",
         "panel_status": {"status": "New", "priority": "High", "entity_name": "tidewater-heatlh.org",
                          "risk_score": 65, "created": "2026-12-02T21:07:44Z"},
         "panel_evidence_summary": {"resolved_record_list": [{"record": "mx1.privateemail.com", "type": "MX"}]}},
        (SUS, PHISHING, ["block_sender"]), "phishing"),
    recorded_future(
        2, "Leaked credentials: 3 Tidewater logins in an infostealer log",
        "A Lumma stealer log sold on Russian Market on 3 Dec holds m.andersen@tidewater-health.org with saved "
        "passwords for vpn.tidewater-health.org, the staff intranet and webmail, taken from a home computer "
        "(DESKTOP-7HF2K1Q, Norway) on 1 Dec.", "high",
        {"data": {"id": "qR4mZt", "rule": {"name": "Leaked Credentials Monitoring - tidewater-health.org"},
                  "triggered": "2026-12-03T06:12:09Z",
                  "hits": [{"fragment": "URL: https://vpn.tidewater-health.org/ USER: m.andersen@tidewater-health.org "
                            "PASS: ********", "document": {"source": {"name": "Russian Market"}},
                            "malware_family": "LummaC2 Stealer", "compromised_host": "DESKTOP-7HF2K1Q"}]}},
        (MAL, BRUTE, ["reset_credentials"])),
    recorded_future(
        3, "Third party on an extortion site: Nordvik Medical Transcription",
        "Our dictation transcription vendor is listed on a ransomware group's leak site. The published file tree "
        "includes a folder 'Tidewater_Health/dictations_2026'; no files have been released yet and the vendor has "
        "not answered our account manager.", "high",
        {"data": {"id": "pL0aQe", "rule": {"name": "Third-Party Risk - Extortion Site Mentions"},
                  "triggered": "2026-12-04T13:40:51Z",
                  "hits": [{"entities": [{"name": "Nordvik Medical Transcription", "type": "Company"}],
                            "document": {"source": {"name": "Ransomware Extortion Site"}}}]}},
        (SUS, EXFIL, ["notify"])),
    recorded_future(
        4, None, None, "low",
        {"data": {"id": "Zk7wP2", "title": "", "rule": {"name": "Tidewater - Brand Mentions (all sources)"},
                  "triggered": "2026-12-06T00:00:03Z", "hits": []}},
        (UNK, GENERIC, [])),
    alert("br-hibp-001", "Have I Been Pwned domain notification", (SUS, BRUTE, ["reset_credentials"]),
          "Have I Been Pwned: 9 tidewater-health.org addresses in the ClinicRoster breach",
          "You're receiving this because you monitor tidewater-health.org. 9 addresses on the domain appear in the "
          "ClinicRoster breach (agency shift scheduling, breached Oct 2026): e-mail addresses, names, phone numbers "
          "and unsalted SHA-1 passwords, most already cracked. Among them adm.lindqvist, an admin account. Whether "
          "anyone reused that password on Tidewater systems is not known.", "medium", "hibp",
          {"Domain": "tidewater-health.org", "Aliases": ["adm.lindqvist", "k.nakamura", "p.wisniewska", "+6 more"],
           "Breach": {"Name": "ClinicRoster", "BreachDate": "2026-10-19", "AddedDate": "2026-12-04T22:51:00Z",
                      "PwnCount": 284113, "IsVerified": True,
                      "DataClasses": ["Email addresses", "Names", "Passwords", "Phone numbers"]}},
          tags=["credential-exposure"]),
]

CHAT = [
    zoom(1, "e.bergstrom", "got-ed-it",
         "kiosk PCs in the ED waiting room are slow as anything since Tuesday, fans at max. Task Manager on "
         "TWH-GOT-KSK07 shows WindowsUpdateSvc.exe at 98% CPU talking to pool.supportxmr.com:443, same on KSK08 "
         "and KSK11. is the windows update stuck again?", "medium", (MAL, MALWARE, ["isolate_host"]),
         systems=["TWH-GOT-KSK07", "TWH-GOT-KSK08", "TWH-GOT-KSK11"]),
    zoom(2, "r.vanderlinden", "rtm-radiology",
         "PACS viewer on every reading station: 'License server not reachable (0x2F)'. TWH-RTM-APP03 licence "
         "service is stopped, event log says it died with a Java OutOfMemoryError at 06:38. Nobody can open a study, "
         "ED scans are waiting.", "high", (BEN, AVAIL, ["notify", "restart_service"]),
         systems=["TWH-RTM-APP03"]),
    zoom(3, "a.haugland", "bgo-ward7",
         "careful: h.sorensen (she is on parental leave) just posted 'Updated rota December - confirm your shifts' "
         "here with a link to tidewater-rota.sharepoint-docs.app, which shows a Microsoft sign-in page. Three of us "
         "typed our passwords before we noticed the address.", "high",
         (MAL, PHISHING, ["disable_user", "reset_credentials"]), kind="phishing"),
    zoom(4, "y.takeda", "osa-admin", "@it-security can someone ring me pls", "low", (UNK, GENERIC, [])),
    signal(1, "Ingrid Solheim (lab night lead)", "+4791445520",
           "LIS can't save results since 01:50, 'database unavailable'. TWH-BGO-SQL02 rebooted for patching at "
           "01:30 and the SQL Server service is just stopped, startup type set to manual. Analysers are queueing.",
           "high", (BEN, AVAIL, ["restart_service"]), systems=["TWH-BGO-SQL02"]),
    signal(2, "Tomasz Zieliński (network on-call)", "+48601223984",
           "portal.tidewater-health.org 503 for everyone. ~38k req/s on / and /login from about 11,000 addresses, "
           "mostly residential ISPs in BR, ID and VN, same bare UA. Norfolk uplink at 9.6 of 10 Gb.",
           "critical", (MAL, AVAIL, ["escalate"]), kind="availability"),
    signal(3, "Piotr Nowak (sysadmin)", "+48509771203",
           "TWH-GDN-FS01: svc_backup ran 'vssadmin delete shadows /all /quiet' and 'wbadmin delete catalog' at "
           "02:14, then the disks went to 400 MB/s of writes. Day staff say every Word file on S: opens as "
           "garbage. Nobody from us was working at 2am. Call me.",
           "critical", (MAL, MALWARE, ["isolate_host", "reset_credentials"]), systems=["TWH-GDN-FS01"]),
    signal(4, "+81 90-4471-2286", "+819044712286", "?", "medium", (UNK, GENERIC, []),
           attachments=[{"contentType": "image/jpeg", "size": 0, "error": "download failed"}],
           title="Signal to on-call from an unsaved number",
           text="Message text: '?' (one image attached, download failed)"),
]

OFFICIAL = [
    letter(1, "Datatilsynet", "26/04417-3", "Datatilsynet: discharge summary sent to the wrong patient",
           "We have received a complaint from a patient who on 14 November found, in her inbox at "
           "portal.tidewater-health.org, the discharge summary of another patient with the same surname treated in "
           "Bergen. Please explain within three weeks how this happened, whether it was reported under Article 33 "
           "GDPR, and what you have changed.", "medium", (BEN, EXFIL, ["notify"]), "no"),
    letter(2, "Autoriteit Persoonsgegevens", "z2026-18832", "AP: tip over inzage in dossier van bekende patiënt",
           "Wij ontvingen een anonieme tip dat een medewerker van uw ziekenhuis in Rotterdam het medisch dossier van "
           "een bekende voetballer heeft ingezien en gegevens aan een roddelblad heeft doorgegeven; het artikel van "
           "2 december noemt zijn diagnose. Wij verzoeken u de toegangslogs te onderzoeken en ons binnen twee weken "
           "te informeren.", "high", (SUS, EXFIL, ["notify"]), "nl"),
    press(1, "Request for comment: patient records from Bergen",
          "Dear press office, we were sent a file by a group calling itself 'NordLeaks' with 512 patient records "
          "from your Bergen hospital: names, national identity numbers, diagnoses and CareChart numbers in your "
          "BGO-format. Two of the patients confirmed to us that their details are correct. The group says it holds "
          "1.4 TB and has given you until Friday. Can you comment before 18:00 today?",
          "critical", (MAL, EXFIL, ["escalate"]), "Bergens Dagblad"),
    press(2, "Question about a cyber attack at your Osaka hospital",
          "Readers tell us the appointment booking site of your Osaka hospital was down all of Monday and say it was "
          "ransomware. Can you confirm? -- Note from the press office: the site showed our banner 'planned "
          "maintenance Mon 00:00-20:00 for the CareChart upgrade' and came back on time.",
          "low", (BEN, AVAIL, []), "Kansai Shimbun"),
    press(3, "Call back please", "Hello, could someone from your security team call me back on +31 6 4418 2093 "
          "about a story we are working on? Thanks, Maud", "low", (UNK, GENERIC, []), "NRC"),
    partner(1, "Vestkyst University Hospital: compromised mailbox sent phishing to your staff",
            "The mailbox of one of our radiologists, j.haugen@vestkyst-uh.no, was taken over and between 09:12 and "
            "09:41 today sent 1,140 messages 'Shared DICOM study for second opinion' linking to a fake sign-in page "
            "at dicom-share-viewer.com. 63 recipients are at tidewater-health.org. We have reset the account.",
            "high", (MAL, PHISHING, PULL),
            {"sender": "j.haugen@vestkyst-uh.no", "subject": "Shared DICOM study for second opinion",
             "url": "https://dicom-share-viewer.com/s/9fQ2", "recipients_at_your_domain": 63},
            kind="phishing"),
    partner(2, "Rijnmond Lab Services: ransomware on our network, interfaces cut",
            "We found ransomware on our network this morning and disconnected every external link, including the "
            "HL7 results feed to your LIS and the site-to-site VPN to Rotterdam. We see no sign that your systems "
            "were reached. Indicators: C2 185.174.137.26 and 45.86.162.118, loader SHA-256 "
            "bed0a7a64301547e4db2c4e4aad176e1296fa80b2f64ec5878b2d36b3fbe9b66.",
            "high", (SUS, MALWARE, ["block_ip"]),
            {"c2": ["185.174.137.26", "45.86.162.118"], "vpn_peer": "84.241.196.37",
             "sha256": "bed0a7a64301547e4db2c4e4aad176e1296fa80b2f64ec5878b2d36b3fbe9b66"}),
    partner(3, None, None, "medium", (UNK, GENERIC, []),
            {"relay": "partner-notice-relay", "from": "", "subject": "", "body": "", "attachments": []}),
]

SOC = [
    handover(1, "Handover 5 Dec: VPN password spray still open",
             "OPEN: password spray on vpn.tidewater-health.org since 01:20, about 3,400 attempts over 960 accounts "
             "(1-3 each) from 5 addresses: 193.233.48.17, 193.233.48.54, 185.241.208.90, 185.241.208.112, "
             "91.240.118.7. No success in the VPN log. Not blocked yet (freeze needed approval), day shift please "
             "block. Nothing else open.", "high", (MAL, BRUTE, ["block_ip"])),
    handover(2, "Handover 6 Dec: quiet",
             "Quiet night, no security items. Only: CareChart patient list took 5-8 s at the 07:00 shift change "
             "again (1 s normally); DB team says the nightly statistics job overran, fix booked under CHG-31877.",
             "low", (BEN, PERF, [])),
    handover(3, "Handover 7 Dec: d.kowalczyk two sessions",
             "Carry over: CareChart shows d.kowalczyk with two sessions at 23:10, one on TWH-GDN-WS0217 (her ward, "
             "she is on nights) and one through the VPN from 126.208.71.14 (Osaka ISP). The VPN session opened 61 "
             "records on the VIP ward in 20 minutes; she opens about 10 a shift. Could not reach her. If the Osaka "
             "session is not hers, it is a takeover.", "high", (SUS, BRUTE, ["reset_credentials"])),
    handover(4, "Handover 8 Dec: item 3", "Item 3: INC-20461, see attached.", "medium", (UNK, GENERIC, [])),
]

CALLS = [
    desk(1, "nl", "RTM", "Beller: pop-up 'computer geblokkeerd', AnyDesk geïnstalleerd",
         "Ineke de Vries, secretariaat cardiologie Rotterdam. Kreeg een schermvullende melding 'Uw computer is "
         "geblokkeerd' met een 0800-nummer van 'Microsoft', heeft gebeld en op hun verzoek AnyDesk geïnstalleerd. "
         "De 'medewerker' zat ongeveer 25 minuten op haar pc en vroeg daarna haar CareChart-wachtwoord 'ter "
         "controle'. Ze heeft het gegeven. Toen werd de verbinding verbroken.",
         "high", (MAL, MALWARE, ["isolate_host", "reset_credentials"]), ["TWH-RTM-WS0311"]),
    desk(2, "pl", "GDN", "Konto VPN zablokowane",
         "Pielęgniarka z oddziału 3 w Gdańsku nie może zalogować się do VPN z domu, po kilku próbach konto się "
         "zablokowało. Wczoraj zmieniła hasło, a w aplikacji poczty na telefonie wciąż ma stare.",
         "low", (BEN, BRUTE, [])),
    desk(3, "sv", "GOT", "'Vi är hackade' - skrivaren avd 12",
         "Ringer från avdelning 12 i Göteborg: 'vi är hackade!' Skrivaren i korridoren skriver ut sida efter sida "
         "med obegripliga tecken. Det började när TWH-GOT-WS0088 startade om efter uppdateringar i morse, och bara "
         "utskrifter från den datorn blir så; andra datorer skriver ut normalt.",
         "medium", (BEN, GENERIC, []), ["TWH-GOT-WS0088"]),
    desk(4, "no", "BGO", "Logget inn på lenke i e-post om lønnsslipp",
         "Lars Eide, portør i Bergen. Fikk e-post fra 'HR Lønn' <lonn@tidewater-hr-portal.com> om 'Endring i "
         "lønnsslipp desember', klikket lenken og skrev inn brukernavn og passord på en side som lignet vår "
         "innlogging. Etterpå kom bare en feilmelding. Flere på avdelingen fikk samme e-post.",
         "high", (MAL, PHISHING, [*PULL, "reset_credentials"])),
    desk(5, "ja", "OSA", "電子カルテが遅い",
         "CareChartの患者一覧の表示に1分以上かかります。大阪の病棟全体で、今朝8時ごろから。ログインはできます。",
         "medium", (BEN, PERF, ["notify"])),
    desk(6, "pl", "GDN", "Coś dziwnego na komputerze?",
         "'Coś dziwnego na moim komputerze?' Rozmówca rozłączył się, zanim podał nazwisko i numer komputera.",
         "low", (UNK, GENERIC, [])),
]

PATIENTS = [
    patient(1, "Bill for my MRI by e-mail - is this you?",
            "I got an e-mail from 'Tidewater Health Billing' <billing@tidewaterhealth-pay.com> saying I still owe "
            "EUR 87.40 for my MRI on 18 November and must pay within 48 hours at their link or it goes to a debt "
            "collector. I paid at the desk that day. The MRI date is right, which scares me.",
            "medium", (MAL, PHISHING, ["block_sender", "notify"]),
            {"sender": "billing@tidewaterhealth-pay.com", "url": "https://tidewaterhealth-pay.com/invoice/87-40"}),
    patient(2, "Is this e-mail spam?",
            "Is this spam? It is from noreply@portal.tidewater-health.org, says 'You have a new message in your "
            "patient portal' with a button to log in, and I did not expect anything. -- Intake note: Bergen "
            "orthopaedics sent her a message on 3 Dec; the button goes to portal.tidewater-health.org.",
            "low", (BEN, PHISHING, [])),
    patient(3, "Someone changed my two-factor phone number",
            "I received a text and an e-mail saying the phone number for my portal login codes was changed at 03:12 "
            "last night. I did not do this and I was asleep. I can still log in with my password.",
            "medium", (SUS, BRUTE, ["reset_credentials"])),
    patient(4, "Please phone me", "Something is not right, please phone me. B. Okafor", "low", (UNK, GENERIC, [])),
]

# fmt: on

CASES: list[Case] = [*BOUNTY, *INTEL, *CHAT, *OFFICIAL, *SOC, *CALLS, *PATIENTS]
