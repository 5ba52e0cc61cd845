"""A triage engine on Amazon Bedrock (Converse API), with the rules engine as its fallback.

Off by default (`TriageEngine=bedrock` turns it on). The incident and the rules engine's
observables go into one prompt; the model must answer one JSON object, which is parsed
and validated with pydantic. Any error, timeout or invalid answer falls back to the rules
engine, whose result says so in its reasoning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from incident_core.core.observability import logger
from incident_core.triage.engine import RecommendedAction, RulesEngine, TriageEngine, TriageResult, Verdict
from incident_core.triage.observables import Observable
from incident_core.triage.playbooks.rules import ACTION_CATALOG

ENGINE_VERSION = "bedrock-1"
ACTIONS = ACTION_CATALOG
SYSTEM_PROMPT = (
    "You are a security and operations incident triage assistant. Classify the incident and recommend actions. "
    "Answer with exactly one JSON object and nothing else: "
    '{"classification": "malicious|suspicious|benign|unknown", "confidence": 0.0-1.0, "category": "<short word>", '
    '"reasoning": ["<indicator in words>", ...], '
    '"recommended_actions": [{"action": "<one of: ' + ", ".join(ACTIONS) + '>", "reason": "...", "parameters": {}}]}'
)
JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class _Action(BaseModel):
    model_config = ConfigDict(extra="ignore")
    action: Literal[ACTIONS]  # type: ignore[valid-type]
    reason: Annotated[str, Field(max_length=500)] = ""
    parameters: dict[str, Any] = Field(default_factory=dict)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    classification: Literal["malicious", "suspicious", "benign", "unknown"]
    confidence: Annotated[float, Field(ge=0, le=1)]
    category: Annotated[str, Field(min_length=1, max_length=64)]
    reasoning: Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=20)]
    recommended_actions: Annotated[list[_Action], Field(max_length=10)] = Field(default_factory=list)


class BedrockEngine(TriageEngine):
    name = "bedrock"
    version = ENGINE_VERSION

    def __init__(self, *, model_id: str, client: Any = None, fallback: TriageEngine | None = None) -> None:
        self.model_id = model_id
        self._client = client
        self.fallback = fallback or RulesEngine()

    @property
    def client(self) -> Any:  # a bedrock-runtime client (boto3 gives it no static type here)
        if self._client is None:
            from botocore.config import Config

            from incident_core.core import aws

            self._client = aws.client(
                "bedrock-runtime", config=Config(read_timeout=20, connect_timeout=5, retries={"max_attempts": 2})
            )
        return self._client

    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        if playbook:  # a named playbook is a rules-engine concept: honour it there
            return self.fallback.triage(incident, observables, playbook=playbook)
        try:
            answer = self._ask(incident, observables)
        except (ValidationError, ValueError, KeyError) as error:
            return self._fall_back(incident, observables, f"invalid model answer: {error.__class__.__name__}")
        except Exception as error:  # timeouts, throttling, access: the rules engine answers instead
            return self._fall_back(incident, observables, f"{type(error).__name__}")
        return TriageResult(
            verdict=Verdict(
                classification=answer.classification,
                confidence=round(answer.confidence, 2),
                category=answer.category,
                reasoning=list(answer.reasoning),
            ),
            recommended_actions=[
                RecommendedAction(action=item.action, reason=item.reason, parameters=dict(item.parameters))
                for item in answer.recommended_actions
            ],
            playbook=f"bedrock:{self.model_id}",
            engine=self.name,
            engine_version=self.version,
        )

    def _ask(self, incident: Mapping[str, Any], observables: Sequence[Observable]) -> _Answer:
        facts = {
            key: incident.get(key)
            for key in (
                "title",
                "description",
                "severity",
                "incident_type",
                "source",
                "affected_systems",
                "tags",
                "raw_data",
            )
        }
        prompt = json.dumps(
            {"incident": facts, "observables": [item.to_dict() for item in observables[:100]]}, default=str
        )[:20_000]
        response = self.client.converse(
            modelId=self.model_id,
            system=[{"text": SYSTEM_PROMPT}],
            messages=[{"role": "user", "content": [{"text": prompt}]}],
            inferenceConfig={"maxTokens": 1024, "temperature": 0},
        )
        text = "".join(part.get("text", "") for part in response["output"]["message"]["content"])
        found = JSON_OBJECT.search(text)
        if not found:
            raise ValueError("no JSON object in the answer")
        return _Answer.model_validate_json(found.group(0))

    def _fall_back(self, incident: Mapping[str, Any], observables: Sequence[Observable], why: str) -> TriageResult:
        logger.warning("bedrock triage fell back to the rules engine", reason=why, model_id=self.model_id)
        result = self.fallback.triage(incident, observables)
        verdict = Verdict(
            classification=result.verdict.classification,
            confidence=result.verdict.confidence,
            category=result.verdict.category,
            reasoning=[*result.verdict.reasoning, f"Bedrock unavailable ({why}): rules engine used"],
        )
        return TriageResult(
            verdict=verdict,
            recommended_actions=result.recommended_actions,
            playbook=result.playbook,
            engine=result.engine,
            engine_version=result.engine_version,
        )
