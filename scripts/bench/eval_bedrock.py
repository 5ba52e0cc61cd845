"""The Bedrock triage engine on the labelled corpus, with the figures of `make bench` (`make eval-bedrock`).

    .venv/bin/python -m scripts.bench.eval_bedrock                     # every split
    .venv/bin/python -m scripts.bench.eval_bedrock --split held_out --json

Needs AWS credentials with `bedrock:InvokeModel` on the model, from the usual places (environment,
profile, SSO). The model is `BEDROCK_MODEL_ID` and the region `AWS_REGION` (or
`AWS_DEFAULT_REGION`), as the triage worker reads them. It calls the model once per incident
(about 715 calls for every split, 115 for held-out alone) and is not part of `make test`.

`BedrockEngine` answers with the rules engine when the model fails; those answers are counted
(`rules_fallbacks`) and the run stops if the first incidents all fall back (no access, no
model). Bedrock has no playbooks: its playbook accuracy compares its `category` with the
expected playbook.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scripts.bench.config import LAYER_SOURCE, ROOT
from scripts.bench.triage_accuracy import SPLITS, evaluate_split, format_accuracy

if TYPE_CHECKING:
    from incident_core.triage.engine import TriageEngine, TriageResult
    from incident_core.triage.observables import Observable

FIRST_FALLBACKS_ABORT = 3


class EvaluationStopped(RuntimeError):
    """Bedrock cannot be evaluated (no credentials, no region, no access to the model)."""


def checked_setup() -> tuple[str, str]:
    """The model id and region, after making sure credentials and a region exist."""
    from incident_core.core import aws
    from incident_core.core.settings import get_settings

    settings = get_settings()
    if not settings.aws_region:
        raise EvaluationStopped("no AWS region: set AWS_REGION (e.g. us-east-1, where the model is enabled)")
    if aws.session().get_credentials() is None:
        raise EvaluationStopped(
            "no AWS credentials found: configure a profile (AWS_PROFILE), SSO or AWS_ACCESS_KEY_ID/"
            "AWS_SECRET_ACCESS_KEY with bedrock:InvokeModel on the model"
        )
    return settings.bedrock_model_id, settings.aws_region


def counting_engine(model_id: str, client: Any = None) -> TriageEngine:
    """`BedrockEngine` that counts its rules-engine fallbacks and reports its category as the playbook."""
    from incident_core.triage.bedrock import BedrockEngine

    class CountingBedrock(BedrockEngine):
        def __init__(self) -> None:
            super().__init__(model_id=model_id, client=client)
            self.calls = 0
            self.fallbacks = 0

        def triage(
            self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
        ) -> TriageResult:
            result = super().triage(incident, observables, playbook=playbook)
            self.calls += 1
            if result.engine != self.name:
                self.fallbacks += 1
                if self.fallbacks == self.calls == FIRST_FALLBACKS_ABORT:
                    raise EvaluationStopped(
                        f"the first {FIRST_FALLBACKS_ABORT} incidents fell back to the rules engine: "
                        f"{result.verdict.reasoning[-1]} (check access to {model_id} in {os.environ.get('AWS_REGION')})"
                    )
                return result
            return replace(result, playbook=result.verdict.category.strip().lower())

    return CountingBedrock()


def evaluate(splits: Sequence[str]) -> list[dict[str, Any]]:
    """The figures of Bedrock on each split, with how many answers came from the fallback."""
    model_id, region = checked_setup()
    results = []
    for split in splits:
        engine = counting_engine(model_id)
        figures = evaluate_split(split, engine)
        figures.update(model_id=model_id, region=region, rules_fallbacks=getattr(engine, "fallbacks", 0))
        results.append(figures)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.eval_bedrock", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, action="append", help="a split (default: every split)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the report")
    args = parser.parse_args(argv)
    for path in (ROOT, LAYER_SOURCE):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    try:
        results = evaluate(args.split or list(SPLITS))
    except EvaluationStopped as error:
        print(f"eval-bedrock: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for figures in results:
        print("\n".join(format_accuracy(figures)))
        print(
            f"(model {figures['model_id']} in {figures['region']}; {figures['rules_fallbacks']} answers came from "
            "the rules engine fallback)\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
