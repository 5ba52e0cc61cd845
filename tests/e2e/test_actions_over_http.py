"""A block_ip action end to end in MiniStack: senior approval, the request to a subscriber, the result."""

from __future__ import annotations

import json
import time
import uuid
from typing import TYPE_CHECKING

from tests.support.receiver import webhook_receiver

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

ANALYST = ["incidents:read", "incidents:write", "actions:execute", "actions:approve", "webhooks:write"]


def test_block_ip_waits_for_a_senior_is_requested_and_reported_back(api: ApiClient, token: TokenFactory) -> None:
    org = f"ac-{uuid.uuid4().hex[:8]}"
    alice = token(org=org, sub="alice", scopes=ANALYST)
    carol = token(org=org, sub="carol", scopes=ANALYST)
    sam = token(org=org, sub="sam", roles=["admin"])
    with webhook_receiver() as firewall:
        # Given a firewall integration subscribed to action requests
        hook = {"name": "firewall", "url": firewall.url, "events": ["action.requested"]}
        assert api.post("/webhooks", json=hook, token=alice).status_code == 201
        time.sleep(1.5)  # the router caches subscriptions for 1 s locally
        body = {
            "title": "C2 beacon from fs-01",
            "description": "EDR saw beacons to 185.159.82.14 every 60 s",
            "severity": "critical",
        }
        incident = api.post("/incidents", json=body, token=alice).json()["data"]
        path = f"/incidents/{incident['id']}/actions"

        # When alice asks to block the C2 address on a critical incident
        asked = api.post(path, json={"action": "block_ip", "parameters": {"ip": "185.159.82.14"}}, token=alice)
        assert asked.status_code == 201, asked.text
        action = asked.json()["data"]
        assert action["status"] == "pending_approval" and action["approval_level"] == "senior"
        action_path = f"{path}/{action['action_id']}"
        # Then neither alice herself nor an analyst may approve it, a senior (another user) may
        assert api.post(f"{action_path}/approve", token=alice).status_code == 403
        assert api.post(f"{action_path}/approve", token=carol).status_code == 403
        approved = api.post(f"{action_path}/approve", token=sam)
        assert approved.status_code == 200 and approved.json()["data"]["status"] == "requested"

        # And the integration receives the request
        [request] = firewall.wait_for(1, timeout=20)
        payload = json.loads(request.body)
        assert payload["event"] == "action.requested"
        assert (
            payload["data"]["parameters"] == {"ip": "185.159.82.14"}
            and payload["data"]["action_id"] == action["action_id"]
        )

        # And reports it done
        done = api.post(f"{action_path}/result", json={"success": True, "message": "blocked on fw-edge-1"}, token=alice)
        assert done.status_code == 200 and done.json()["data"]["status"] == "completed"

    events = [item["event"] for item in api.get(f"/incidents/{incident['id']}/timeline", token=alice).json()["data"]]
    assert events == ["incident.created", "action.created", "action.approved", "action.requested", "action.completed"]
