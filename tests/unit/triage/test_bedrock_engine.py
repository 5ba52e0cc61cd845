"""The Bedrock triage engine with botocore's Stubber standing in for Bedrock (no AWS here)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from incident_core.triage.bedrock import BedrockEngine
from incident_core.triage.observables import extract_observables

INCIDENT: dict[str, Any] = {
    "id": "i-1",
    "title": "Phishing mail with a credential form",
    "description": "User got a mail from billing@examp1e.com asking to verify the password at hxxp://185.159.82.14/login",
    "severity": "high",
    "incident_type": "phishing",
    "raw_data": {"from": "billing@examp1e.com", "reply_to": "pay@evil-payments.example"},
}


def _converse_answer(text: str) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 100, "outputTokens": 50, "totalTokens": 150},
        "metrics": {"latencyMs": 420},
    }


@pytest.fixture
def stubbed() -> tuple[BedrockEngine, Stubber]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    return BedrockEngine(model_id="anthropic.claude-3-haiku-20240307-v1:0", client=client), Stubber(client)


def test_stubbed_bedrock_answer_becomes_the_verdict(stubbed: tuple[BedrockEngine, Stubber]) -> None:
    engine, stubber = stubbed
    answer = {
        "classification": "malicious",
        "confidence": 0.93,
        "category": "phishing",
        "reasoning": ["Sender and reply-to differ", "Credential form on a raw IP"],
        "recommended_actions": [
            {"action": "block_sender", "reason": "spoofed", "parameters": {"sender": "billing@examp1e.com"}}
        ],
    }
    expected = {"modelId": engine.model_id, "system": ANY, "messages": ANY, "inferenceConfig": ANY}
    stubber.add_response("converse", _converse_answer("Here you go:\n" + json.dumps(answer)), expected)
    with stubber:
        result = engine.triage(INCIDENT, extract_observables(INCIDENT))
    assert result.engine == "bedrock" and result.verdict.classification == "malicious"
    assert result.verdict.confidence == 0.93 and result.recommended_actions[0].action == "block_sender"


@pytest.mark.parametrize(
    "text",
    [
        "I think it is phishing.",  # no JSON
        json.dumps({"classification": "evil", "confidence": 2, "category": "x", "reasoning": []}),  # invalid
        json.dumps(
            {
                "classification": "malicious",
                "confidence": 0.9,
                "category": "x",
                "reasoning": [],
                "recommended_actions": [{"action": "launch_missiles"}],
            }
        ),
    ],
)
def test_stubbed_bedrock_bad_answers_fall_back_to_rules(stubbed: tuple[BedrockEngine, Stubber], text: str) -> None:
    engine, stubber = stubbed
    stubber.add_response(
        "converse", _converse_answer(text), {"modelId": ANY, "system": ANY, "messages": ANY, "inferenceConfig": ANY}
    )
    with stubber:
        result = engine.triage(INCIDENT, extract_observables(INCIDENT))
    assert result.engine == "rules"
    assert "rules engine used" in result.verdict.reasoning[-1]


def test_stubbed_bedrock_errors_fall_back_to_rules(stubbed: tuple[BedrockEngine, Stubber]) -> None:
    engine, stubber = stubbed
    stubber.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)
    with stubber:
        result = engine.triage(INCIDENT, extract_observables(INCIDENT))
    assert result.engine == "rules" and "ThrottlingException" not in result.verdict.category
    assert result.verdict.classification in ("malicious", "suspicious")
