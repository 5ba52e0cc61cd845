"""Expansion split, part 10: reports in Spanish, German, French, Portuguese and Italian (offices in Madrid, Munich,
Lyon, Porto and Milan), vendor and third-party notices, closed false positives, home-made scripts that send only
`raw_data`, and reports with nothing to go on."""

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

PULL = ["quarantine_email", "block_sender"]


def said(
    n: int,
    tool: str,
    source: str,
    title: str | None,
    description: str | None,
    severity: str,
    expected: Expected,
    raw: dict[str, Any] | None = None,
) -> Case:
    return alert(f"exp-world-{n:03d}", tool, expected, title, description, severity, source, raw)


SPANISH = "Correo al buzón de seguridad (español)"
GERMAN = "E-Mail an das Sicherheitspostfach (Deutsch)"
FRENCH = "E-mail à la boîte sécurité (français)"
PORTUGUESE = "E-mail para a caixa de segurança (português)"
ITALIAN = "E-mail alla casella sicurezza (italiano)"

LANGUAGES = [
    said(
        1,
        SPANISH,
        "security_mailbox",
        "Correo sospechoso del 'banco'",
        "Hola, me ha llegado un correo de 'Santander Empresas' diciendo que la cuenta de la empresa está bloqueada "
        "y que hay que verificarla en un enlace (santander-empresas-verificacion.com). No he hecho clic. Lo han "
        "recibido también dos compañeros de tesorería.",
        "medium",
        (MAL, PHISHING, PULL),
        {"sender": "avisos@santander-empresas-verificacion.com", "subject": "Cuenta bloqueada - verificación"},
    ),
    said(
        2,
        SPANISH,
        "security_mailbox",
        "Todos mis archivos tienen extensión .akira",
        "Buenos días. Al encender el portátil (FHE-LT-3120) todos los documentos tienen la extensión .akira y en el "
        "escritorio hay un fichero akira_readme.txt que dice que contactemos por Tor. El disco compartido de "
        "Madrid también tiene archivos así.",
        "critical",
        (MAL, MALWARE, ["isolate_host"]),
    ),
    said(
        3,
        SPANISH,
        "security_mailbox",
        "La VPN va lentísima",
        "Desde ayer la VPN desde la oficina de Madrid va lentísima, abrir un Excel del servidor tarda 3 minutos. "
        "A todos nos pasa.",
        "medium",
        (BEN, PERF, ["notify"]),
    ),
    said(
        4,
        GERMAN,
        "security_mailbox",
        "Anmeldung aus Vietnam - war nicht ich",
        "Hallo, ich habe heute Nacht 30 Mails über fehlgeschlagene Anmeldungen an meinem Konto bekommen, und um "
        "04:12 eine 'Neue Anmeldung aus Hanoi, Vietnam' - erfolgreich. Ich war das nicht, ich war im Bett in "
        "München. Gruß, S. Krüger",
        "high",
        (MAL, BRUTE, ["disable_user", "reset_credentials"]),
    ),
    said(
        5,
        GERMAN,
        "security_mailbox",
        "ERP seit 8 Uhr nicht erreichbar",
        "Das ERP-System ist seit 8 Uhr nicht erreichbar, Fehler 503 Service Unavailable. Die Buchhaltung in München "
        "kann nicht arbeiten.",
        "high",
        (BEN, AVAIL, ["notify"]),
    ),
    said(
        6,
        GERMAN,
        "security_mailbox",
        "Kundendaten auf privatem USB-Stick",
        "Ein Kollege im Vertrieb, der zum 31.12. gekündigt hat, hat gestern die komplette Kundenliste (CRM-Export, "
        "ca. 18.000 Kontakte) auf seinen privaten USB-Stick kopiert. Ich habe es gesehen und er hat gesagt, das "
        "gehe niemanden etwas an.",
        "high",
        (MAL, EXFIL, ["disable_user", "notify"]),
    ),
    said(
        7,
        FRENCH,
        "security_mailbox",
        "Faux mail du PDG - virement urgent",
        "Bonjour, un collègue de la comptabilité à Lyon a reçu un mail 'du PDG' demandant un virement urgent et "
        "confidentiel de 48 000 EUR vers un compte à Hong Kong pour une acquisition. Il a failli payer. L'adresse "
        "était martin.hale@fernhill-energy.co (sans le m).",
        "high",
        (MAL, PHISHING, PULL),
    ),
    said(
        8,
        FRENCH,
        "security_mailbox",
        "Le site client est très lent",
        "Le portail client met 20 secondes à afficher chaque page depuis ce matin, les clients appellent le support.",
        "medium",
        (BEN, PERF, ["notify"]),
    ),
    said(
        9,
        FRENCH,
        "security_mailbox",
        "Alerte antivirus sur mon PC",
        "L'antivirus a affiché 'Trojan:Win32/Wacatac bloqué' et le fichier a été mis en quarantaine "
        "automatiquement. Est-ce que je dois faire quelque chose ?",
        "low",
        (BEN, MALWARE, []),
    ),
    said(
        10,
        PORTUGUESE,
        "security_mailbox",
        "Aprovei um pedido no Authenticator sem querer",
        "Bom dia. Esta madrugada recebi uns 20 pedidos de aprovação no Microsoft Authenticator, um atrás do outro. "
        "Meio a dormir aprovei um. Hoje de manhã tenho uma regra nova no Outlook que eu não criei.",
        "high",
        (MAL, BRUTE, ["disable_user", "reset_credentials"]),
    ),
    said(
        11,
        PORTUGUESE,
        "security_mailbox",
        "Servidor de ficheiros do Porto em baixo",
        "O servidor de ficheiros do Porto está em baixo desde as 9h, ninguém consegue abrir a pasta partilhada.",
        "high",
        (BEN, AVAIL, ["notify", "restart_service"]),
    ),
    said(
        12,
        PORTUGUESE,
        "security_mailbox",
        "Backup enviou 3 TB para a nuvem?",
        "O backup noturno enviou 3 TB para a nuvem esta noite. É normal? Normalmente são 200 GB. Foi a primeira "
        "cópia completa depois da migração, segundo a equipa de infraestrutura.",
        "low",
        (BEN, EXFIL, []),
    ),
    said(
        13,
        ITALIAN,
        "security_mailbox",
        "Ho aperto l'allegato della fattura",
        "Ho aperto l'allegato 'Fattura_novembre.iso' arrivato da un fornitore e si è aperta una finestra nera per un "
        "secondo, poi niente. Il PC è FHE-LT-3301, ufficio di Milano.",
        "high",
        (MAL, MALWARE, ["isolate_host"]),
    ),
    said(
        28,
        SPANISH,
        "security_mailbox",
        "El correo tarda 30 minutos en llegar",
        "Desde esta mañana los correos externos tardan 30-40 minutos en llegar a los buzones de Madrid. Los "
        "internos van bien.",
        "medium",
        (BEN, PERF, ["notify"]),
    ),
    said(
        29,
        GERMAN,
        "security_mailbox",
        "Videokonferenzen ruckeln",
        "Seit dem Umzug in den 3. Stock ruckeln alle Videokonferenzen, Ton bricht ab, Ping zum Gateway 300 ms.",
        "medium",
        (BEN, PERF, ["notify"]),
    ),
]

NOTICES = [
    said(
        14,
        "Vendor security notice",
        "vendor",
        "Security incident at PayWell (payroll provider)",
        "PayWell informs customers that an unauthorised party accessed a reporting server between 12 and 19 "
        "November. Files exposed may include employee names, addresses and bank account numbers of some "
        "customers. Investigation ongoing; we will confirm which customers are affected.",
        "high",
        (SUS, EXFIL, ["notify"]),
    ),
    said(
        15,
        "Vendor service notice",
        "vendor",
        "Planned maintenance: Exchange Online (MC912345)",
        "Microsoft 365 message center: planned maintenance may cause brief delays in mail delivery on Saturday "
        "02:00-04:00 UTC. No action required.",
        "low",
        (BEN, AVAIL, []),
    ),
    said(
        16,
        "External researcher (responsible disclosure)",
        "web_form",
        "Your customer API leaks other accounts",
        "Hi, if I change the account id in GET /api/v1/accounts/{id}/bills I can see other customers' bills "
        "(names, addresses, usage). I only checked 3 ids and stopped. Happy to share details.",
        "high",
        (SUS, EXFIL, ["notify"]),
    ),
    said(
        17,
        "External researcher (responsible disclosure)",
        "web_form",
        "Your customer database is on a paste site",
        "A file fernhill_customers_2026.sql (1.2 GB) is being shared on a breach forum and a paste site; the sample "
        "has emails, bcrypt password hashes and phone numbers that look like your customers'.",
        "critical",
        (MAL, EXFIL, ["notify", "reset_credentials"]),
    ),
    said(
        18,
        "National CERT notification",
        "cert",
        "Notification: host in your range seen contacting botnet C2",
        "Our sensor network observed 203.0.113.77 (your NAT range) connecting to a known QakBot C2 server "
        "(178.62.3.221) on 29 and 30 November. We cannot identify the internal host.",
        "medium",
        (SUS, MALWARE, []),
    ),
    said(
        19,
        "Resolved ticket (closed as false positive)",
        "service_desk",
        "Impossible travel k.ito - closed",
        "Closing: the 'impossible travel' alert for k.ito was her VPN exit in Frankfurt while she was in Aberdeen. "
        "Confirmed with the user; no action.",
        "low",
        (BEN, BRUTE, []),
    ),
    said(
        20,
        "Resolved ticket (closed as false positive)",
        "service_desk",
        "Is the Fernhill Marketing mail phishing?",
        "User asked whether the newsletter 'Winter tariffs 2027' from news@mail.fernhill-energy.com with tracking "
        "links is phishing. It is our marketing platform (Braze); closed.",
        "low",
        (BEN, PHISHING, []),
    ),
]

SCRIPTS = [
    said(
        21,
        "Home-made check script",
        "cron_check",
        None,
        None,
        "low",
        (BEN, BRUTE, []),
        {"check": "failed_logins", "user": "j.doe", "count": 3, "window_minutes": 60},
    ),
    said(
        22,
        "Home-made check script",
        "usb_watch",
        None,
        None,
        "high",
        (SUS, EXFIL, ["notify"]),
        {
            "event": "usb_mass_storage",
            "host": "FHE-LT-1410",
            "user": "r.haas",
            "label": "SANDISK 128GB",
            "files_copied": 4200,
            "bytes": 61000000000,
            "folders": ["\\\\fhe-fs-01\\Engineering\\Designs"],
        },
    ),
    said(
        23,
        "Home-made check script",
        "cert_watch",
        None,
        None,
        "medium",
        (BEN, AVAIL, ["notify"]),
        {"check": "tls_expiry", "host": "sso.fernhill-energy.com", "days_left": 4},
    ),
    said(
        24,
        "Home-made check script",
        "egress_watch",
        None,
        None,
        "high",
        (MAL, EXFIL, ["isolate_host", "block_ip"]),
        {
            "host": "fhe-srv-hr01",
            "dest": "185.100.87.41",
            "dest_port": 443,
            "bytes_out": 48000000000,
            "process": "rclone.exe",
            "remote": "mega:",
            "hour": "02:00-04:00",
        },
    ),
    said(
        30,
        "Home-made check script",
        "egress_watch",
        None,
        None,
        "medium",
        (BEN, EXFIL, []),
        {
            "host": "fhe-db-replica-02",
            "dest": "s3.eu-west-2.amazonaws.com",
            "bytes_out": 310000000000,
            "process": "pgbackrest",
            "schedule": "nightly 01:00",
            "bucket": "fhe-db-backups",
        },
    ),
    said(
        31,
        "Home-made check script",
        "admin_watch",
        None,
        None,
        "high",
        (SUS, GENERIC, []),
        {
            "check": "new_domain_admin",
            "account": "adm-temp01",
            "added_by": "adm-r.patel",
            "change_ticket": None,
            "time": "2026-11-30T23:48:00Z",
        },
    ),
]

NOTHING = [
    said(25, "Intranet report form", "web_form", "??", "see attached (no attachment)", "low", (UNK, GENERIC, [])),
    said(26, "Intranet report form", "web_form", "alert", "alert triggered, pls check", "medium", (UNK, GENERIC, [])),
    said(
        27,
        "Intranet report form",
        "web_form",
        "Heads up",
        "FYI - might be nothing but wanted to flag it.",
        "low",
        (UNK, GENERIC, []),
    ),
]


CASES = [*LANGUAGES, *NOTICES, *SCRIPTS, *NOTHING]
