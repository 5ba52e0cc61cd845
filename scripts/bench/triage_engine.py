"""Triage engine (``triage_engine_ms``), in-process.

A corpus of 240 incidents generated from a fixed seed (see ``corpus``). After one untimed
pass over the corpus, each incident is timed once (perf_counter) through
``extract_observables`` + ``RulesEngine().triage``: the engine's time only, not the worker's
(no SQS, DynamoDB, similar incidents or Lambda). Median and p99 (nearest rank), targets
< 5 ms and < 20 ms. The corpus must reach every playbook, or the bench fails.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from scripts.bench.config import TRIAGE_ENGINE_WARMUPS
from scripts.bench.corpus.common import CorpusIncident
from scripts.bench.figures import EngineRun, TriageEngineSamples


def time_triage_engine(
    corpus: Sequence[CorpusIncident], *, warmups: int = TRIAGE_ENGINE_WARMUPS
) -> TriageEngineSamples:
    """Time `extract_observables` + `RulesEngine().triage` per incident, in this process, after
    `warmups` untimed passes over the corpus (imports, regex compilation, caches)."""
    from incident_core.triage.engine import RulesEngine, playbook_names
    from incident_core.triage.observables import extract_observables

    for _ in range(warmups):
        for item in corpus:
            RulesEngine().triage(item.incident, extract_observables(item.incident))
    samples = TriageEngineSamples(playbooks=tuple(playbook_names()), warmups=warmups)
    clock = time.perf_counter
    for item in corpus:
        started = clock()
        observables = extract_observables(item.incident)
        result = RulesEngine().triage(item.incident, observables)
        elapsed_ms = (clock() - started) * 1000
        samples.runs.append(
            EngineRun(
                kind=item.kind,
                playbook=result.playbook,
                classification=result.verdict.classification,
                raw_data_bytes=item.raw_data_bytes,
                ms=elapsed_ms,
            )
        )
    return samples
