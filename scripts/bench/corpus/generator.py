"""The triage corpus: incidents generated from a fixed seed (``random.Random``, so every run times
the same incidents) imitating each playbook's alerts and benign look-alikes: phishing mails from
the gateway (lookalike sender, Reply-To elsewhere, defanged URLs, attachments) and as users
report them (headers pasted in the text), sign-in summaries (failed-login counts, source IPs,
target users), EDR alerts (hashes, process names, command lines), DLP alerts (bytes_out,
destinations), CloudWatch and uptime availability alarms, CloudWatch and APM performance
alerts, and generic ones; about one in seven carries 10-30 KiB of raw_data (a mail body,
sign-in or process events, access logs)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from scripts.bench.config import LARGE_RAW_DATA_KIB, LARGE_RAW_DATA_SHARE, TRIAGE_CORPUS_SEED, TRIAGE_CORPUS_SIZE
from scripts.bench.corpus.brute_force import brute_force_benign, brute_force_spray, brute_force_stuffing
from scripts.bench.corpus.common import CorpusIncident
from scripts.bench.corpus.data_exfiltration import dlp_alert, dlp_benign
from scripts.bench.corpus.generic import generic
from scripts.bench.corpus.malware import edr_alert, edr_test_file
from scripts.bench.corpus.operations import apm_latency, availability_alarm, performance_alarm, uptime_check
from scripts.bench.corpus.phishing import phishing_benign, phishing_gateway, phishing_reported

CORPUS_KINDS: tuple[tuple[str, Callable[[random.Random, int, int], dict[str, Any]]], ...] = (
    ("phishing_gateway", phishing_gateway),
    ("phishing_reported", phishing_reported),
    ("phishing_benign", phishing_benign),
    ("brute_force_spray", brute_force_spray),
    ("brute_force_stuffing", brute_force_stuffing),
    ("brute_force_benign", brute_force_benign),
    ("edr_alert", edr_alert),
    ("edr_test_file", edr_test_file),
    ("dlp_alert", dlp_alert),
    ("dlp_benign", dlp_benign),
    ("availability_alarm", availability_alarm),
    ("uptime_check", uptime_check),
    ("performance_alarm", performance_alarm),
    ("apm_latency", apm_latency),
    ("generic", generic),
)
"""What the corpus imitates, taken in turn: each playbook's alerts, and benign look-alikes."""


def triage_corpus(size: int = TRIAGE_CORPUS_SIZE, *, seed: int = TRIAGE_CORPUS_SEED) -> list[CorpusIncident]:
    """`size` realistic incidents, the same for the same seed: the kinds in turn, about one in
    seven with a large raw_data (LARGE_RAW_DATA_KIB, e.g. a full mail body or an event list)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    corpus: list[CorpusIncident] = []
    low, high = LARGE_RAW_DATA_KIB
    for index in range(size):
        kind, make = CORPUS_KINDS[index % len(CORPUS_KINDS)]
        large = rng.randint(low * 1024, high * 1024) if rng.random() < LARGE_RAW_DATA_SHARE else 0
        corpus.append(CorpusIncident(kind, make(rng, index, large)))
    return corpus
