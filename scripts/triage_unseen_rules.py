#!/usr/bin/env python3
"""Record what the rules engine said of a corpus split before its rules were tuned on that split.

    .venv/bin/python -m scripts.triage_unseen_rules            # rewrite scripts/data/triage_unseen_rules.jsonl

The learned scorer (`incident_core.triage.scorer`) reads the rules' outcome as features. On the
training splits the current rules are nearly always right (they were tuned on them), so a scorer
trained on those outcomes alone learns to repeat the rules, and on wording the rules have not seen
(where they under-call) it adds nothing. The rules as they were before reading a split err on it as
they err on unseen wording: those outcomes are training examples of the rules being wrong.

`UNSEEN` names, per split, the commit whose rules had not read it: the tuning split under rules
2026.11.2 (the commit that added the corpus, before the first tuning round), the development split
under rules 2026.11.3 (before the round that read it), the breadth split under rules 2026.12.1 (the
commit that added it, before its empty reports taught `has_facts` what is not a fact). Each commit's layer is taken with
`git archive` into a scratch directory (the working tree is not touched) and run in a subprocess;
the output (one line per incident: playbook, classification, confidence, the indicators that
counted) is committed, so `make train-triage` needs no git history.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scripts.bench.config import ROOT

UNSEEN = {
    "tuning": "170127ba8250e96e9075e956e2392c6c5d5b90d7",
    "development": "0d846f0b4b6d306fa66cc96a59db422869107977",
    "breadth": "9e74d21d9f9da359af2396be1fcd5f21c3d2f3ca",
}
"""split -> a commit whose rules had not read it."""
OUTPUT = ROOT / "scripts" / "data" / "triage_unseen_rules.jsonl"

RUNNER = """
import json, sys
from incident_core.incidents.models import IncidentCreate
from incident_core.triage.engine import PreparedIncident, RulesEngine, _fired, select_playbook
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbooks.rules import RULES_VERSION
try:
    from incident_core.triage.engine import run_rules
except ImportError:  # before the learned scorer: `triage` is the rules alone
    run_rules = None

split, path = sys.argv[1], sys.argv[2]
engine = RulesEngine()
with open(path, encoding="utf-8") as lines:
    for line in lines:
        if not line.strip():
            continue
        item = json.loads(line)
        incident = IncidentCreate.model_validate(item["incident"]).model_dump(mode="json", exclude_none=True)
        observables = extract_observables(incident)
        if run_rules is not None:  # a layer with the learned scorer: the rules' own outcome, before it
            _, _, _, outcome = run_rules(incident, observables)
            playbook, classification, confidence = outcome.playbook, outcome.classification, outcome.confidence
            fired_ids, mitigated = list(outcome.fired), outcome.mitigated
        else:
            result = engine.triage(incident, observables)
            fired = _fired(select_playbook(incident, name=result.playbook), PreparedIncident(incident, observables))
            playbook, classification = result.playbook, result.verdict.classification
            confidence, fired_ids = result.verdict.confidence, [indicator.id for indicator, _ in fired]
            mitigated = any(indicator.weight < 0 for indicator, _ in fired)
        print(json.dumps({
            "id": item["id"], "split": split, "rules_version": RULES_VERSION, "playbook": playbook,
            "classification": classification, "confidence": confidence, "fired": fired_ids, "mitigated": mitigated,
        }, sort_keys=True))
"""


def _layer_at(commit: str, scratch: Path) -> Path:
    archive = scratch / "layer.tar"
    with archive.open("wb") as output:
        subprocess.run(
            ["git", "archive", commit, "layers/incident_core/incident_core"], cwd=ROOT, stdout=output, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / "layers" / "incident_core"


def record(split: str, commit: str) -> list[str]:
    """The outcome lines of `split` under the rules of `commit`."""
    with tempfile.TemporaryDirectory() as folder:
        layer = _layer_at(commit, Path(folder))
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, split, str(ROOT / "tests" / "data" / "triage" / f"{split}.jsonl")],
            cwd=folder,
            env={"PYTHONPATH": str(layer), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
    return result.stdout.splitlines()


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    lines = [line for split, commit in UNSEEN.items() for line in record(split, commit)]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(lines)} outcomes ({', '.join(UNSEEN)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
