"""Every action triage recommends runs exactly as returned: posted as the body of
`POST /incidents/{id}/actions`, it passes the action catalog's validation (and is already in its
canonical names), and one of each kind runs through the actions service to its end.

The recommendations come from the bench's triage corpus (realistic alerts of every playbook and
their benign look-alikes) plus a few incidents for the rules the corpus never reaches; every
reachable action rule of every playbook must be among them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from incident_core.actions import service as actions
from incident_core.actions.catalog import CATALOG, action_spec, validated_parameters
from incident_core.actions.models import ActionRequest
from incident_core.core.auth import Principal
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from incident_core.triage.engine import RulesEngine, to_dict
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbooks.catalog import PLAYBOOKS
from incident_core.triage.playbooks.rules import ActionRule, Playbook
from scripts.bench.corpus.generator import triage_corpus
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

ANALYST = Principal(
    sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write", "actions:execute"})
)
SENIOR = Principal(
    sub="sam", org_id="acme", permissions=frozenset({"incidents:read", "actions:approve"}), roles=("admin",)
)
CREATE_FIELDS = ("title", "description", "severity", "incident_type", "source", "tags", "affected_systems", "raw_data")
# Alerts for the rules the corpus does not reach: a DLP upload sure enough to escalate, a
# phish whose lure two users clicked (their credentials are reset), a cloud finding of a
# compromise (generic's containment), an SSH brute force that got in (the server is isolated) and a
# report with nothing to go on (generic's review tag).
EXTRA_INCIDENTS: list[dict[str, Any]] = [
    {
        "title": "DLP: 17.9 GB of customer PII uploaded to mega.nz by d.novak at 02:14",
        "description": "Netskope DLP policy 'PII - Customer Data' matched an upload of a zip archive to personal"
        " cloud storage (mega.nz) from LT-DNOVAK outside business hours. First transfer to this destination.",
        "severity": "medium",
        "incident_type": "dlp",
        "source": "netskope",
        "affected_systems": ["LT-DNOVAK"],
        "raw_data": {
            "user": "d.novak@example.org",
            "hostname": "LT-DNOVAK",
            "bytes_out": 17945689497,
            "destination_domain": "mega.nz",
            "destination_ip": "31.216.144.5",
            "files": ["customer_export_2026.zip"],
            "dlp_policy": "PII - Customer Data",
            "first_seen_destination": True,
        },
    },
    {
        "title": "Phishing: fake Microsoft 365 login, two users entered their password",
        "description": "Mail from security@micros0ft-support.com (reply-to help@desk-4412.ru) asked users to verify"
        " their password urgently at http://185.159.82.14/login. SPF fail.",
        "severity": "high",
        "incident_type": "phishing",
        "source": "email-gateway",
        "raw_data": {
            "sender": "security@micros0ft-support.com",
            "reply_to": "help@desk-4412.ru",
            "subject": "Action required: verify your account, today",
            "recipient": "Ana Garcia <ana.garcia@example.org>",
            "message_id": "<CAF7x9q2Lk3@mail.micros0ft-support.com>",
            "spf": "fail",
            "clicked_by": ["ana.garcia@example.org", "raj.patel@example.org"],
            "sender_ip": "185.159.82.14",
        },
    },
    {
        "title": "GuardDuty finding Stealth:IAMUser/CloudTrailLoggingDisabled",
        "description": "Trail org-trail was stopped by ci-deployer from 185.100.87.41, an address never seen for this"
        " principal, right after it launched bastion-7.",
        "severity": "medium",
        "source": "guardduty",
        "raw_data": {
            "type": "Stealth:IAMUser/CloudTrailLoggingDisabled",
            "user": "ci-deployer",
            "source_ip": "185.100.87.41",
            "host": "bastion-7",
        },
    },
    {
        "title": "Successful SSH brute force on vm-sftp-01",
        "description": "2,340 failed SSH logins from 45.148.10.92 against root and admin, then a successful login"
        " as 'deploy' from the same address. Described by the detector as a brute force attack.",
        "severity": "high",
        "incident_type": "brute_force",
        "source": "defender_for_cloud",
        "raw_data": {
            "failed_logins": 2340,
            "successful_logins": 1,
            "source_ip": "45.148.10.92",
            "host": "vm-sftp-01",
            "user": "deploy",
        },
    },
    {
        "title": "something odd",
        "description": "Not sure what happened earlier, can someone have a look?",
        "severity": "low",
    },
]


@cache
def recommendations() -> tuple[tuple[str, dict[str, Any], dict[str, Any]], ...]:
    """(playbook, incident, recommended action as the API returns it) for the corpus and the extras."""
    incidents = [item.incident for item in triage_corpus()] + EXTRA_INCIDENTS
    found: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for incident in incidents:
        result = to_dict(RulesEngine().triage(incident, extract_observables(incident)))
        found.extend((result["playbook"], incident, action) for action in result["recommended_actions"])
    return tuple(found)


def _max_confidence(playbook: Playbook) -> float:
    """The highest confidence the playbook can reach: every positive indicator (the heaviest of a group)."""
    weights: dict[str, float] = {}
    for indicator in playbook.indicators:
        if indicator.weight > 0:
            key = indicator.group or indicator.id
            weights[key] = max(weights.get(key, 0.0), indicator.weight)
    remaining = 1.0
    for weight in weights.values():
        remaining *= 1 - weight
    return round(1 - remaining, 2)


def _reachable(playbook: Playbook, rule: ActionRule) -> bool:
    return _max_confidence(playbook) >= rule.min_confidence


def test_every_recommendation_is_a_valid_action_request_in_canonical_names() -> None:
    assert len(recommendations()) > 500
    for playbook, _, recommended in recommendations():
        request = ActionRequest.model_validate(recommended)  # the whole recommendation, as the body
        parameters = validated_parameters(action_spec(request.action), request.parameters)
        assert parameters == recommended["parameters"], (playbook, recommended)
        assert request.reason == recommended["reason"]


def test_every_reachable_action_rule_of_every_playbook_is_recommended() -> None:
    recommended = {(playbook, action["action"]) for playbook, _, action in recommendations()}
    rules = {(playbook.name, rule.action) for playbook in PLAYBOOKS for rule in playbook.actions}
    reachable = {
        (playbook.name, rule.action)
        for playbook in PLAYBOOKS
        for rule in playbook.actions
        if _reachable(playbook, rule)
    }
    assert recommended <= rules
    assert reachable - recommended == set()
    assert rules - reachable == set()


def _one_of_each_kind() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    chosen: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]] = {}
    for playbook, incident, action in recommendations():
        chosen.setdefault((playbook, action["action"]), (playbook, incident, action))
    return list(chosen.values())


@pytest.mark.parametrize(
    ("playbook", "incident", "recommended"),
    _one_of_each_kind(),
    ids=[f"{playbook}-{action['action']}" for playbook, _, action in _one_of_each_kind()],
)
def test_a_recommendation_runs_through_the_actions_api_as_returned(
    playbook: str, incident: dict[str, Any], recommended: dict[str, Any]
) -> None:
    incidents = InMemoryIncidentRepository()
    repository = InMemoryActionRepository(incidents)
    data = IncidentCreate.model_validate({name: incident[name] for name in CREATE_FIELDS if name in incident})
    incident_id = str(create_incident(principal=ANALYST, data=data, repository=incidents)["id"])
    stores: dict[str, Any] = {"incident_id": incident_id, "repository": repository, "incidents": incidents}
    action, created = actions.request_action(
        principal=ANALYST, data=ActionRequest.model_validate(recommended), **stores
    )
    assert created and action["parameters"] == recommended["parameters"] and action["reason"] == recommended["reason"]
    if action["status"] == "pending_approval":
        action = actions.approve_action(principal=SENIOR, action_id=action["action_id"], **stores)
    if CATALOG[recommended["action"]].external:
        assert action["status"] == "requested", (playbook, action)
    else:
        assert (action["status"], action["result"]["success"]) == ("completed", True), (playbook, action)
