"""Integration keys end to end: Debian's Prometheus Alertmanager sends to the deployed stack with a key.

Alertmanager 0.25 (`prometheus-alertmanager`, installed with apt-get when missing) runs on a free
port of 127.0.0.1 with two receivers: its PagerDuty integration (`pagerduty_configs`, `url` the
stack's `/v2/enqueue`, `routing_key` an integration key) and its webhook (`webhook_configs` on
`/integrations/alertmanager`, the key as `Authorization: Token token=<key>`). Alerts posted to
its API fire: one incident opens, repeated notifications count on it, and resolving the alert
resolves the incident. PagerDuty's official Python client (`pagerduty` on PyPI) does the same
through a TLS-terminating proxy on 127.0.0.1 (it insists on https), and sends a change event.
A revoked key is refused in PagerDuty's shape; a key reads nothing.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pagerduty
import pytest
import requests

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

PACKAGE = "prometheus-alertmanager"
WAIT_SECONDS = 60.0  # Alertmanager notifies within a group interval (1 s here); MiniStack's cold starts add some


def alertmanager_binary() -> str:
    """Debian's Alertmanager, installed with apt-get when it is missing (the test machine is root)."""
    found = shutil.which(PACKAGE)
    if found is None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", PACKAGE]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=True)
            subprocess.run(install, env=env, capture_output=True, check=True)
        found = shutil.which(PACKAGE)
    assert found, f"{PACKAGE} could not be installed with apt-get"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until(check: Callable[[], Any], timeout: float = WAIT_SECONDS) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


class Alertmanager:
    """One Alertmanager process of this test (stopped by its own handle), and its alerts API."""

    def __init__(self, workdir: Path, config: dict[str, Any]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (workdir / "alertmanager.yml").write_text(json.dumps(config, indent=2))  # JSON is YAML
        self.log = (workdir / "alertmanager.log").open("w")
        self.process = subprocess.Popen(
            [
                alertmanager_binary(),
                f"--config.file={workdir / 'alertmanager.yml'}",
                f"--storage.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--cluster.listen-address=",  # no gossip: one instance
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.session = requests.Session()
        self.session.trust_env = False
        ready = wait_until(self._ready, timeout=30)
        assert ready, f"Alertmanager did not start: {(workdir / 'alertmanager.log').read_text()[-2000:]}"

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            return False
        try:
            return self.session.get(f"{self.url}/-/ready", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def post_alert(self, labels: dict[str, str], *, resolved: bool = False) -> None:
        now = datetime.now(UTC)
        alert: dict[str, Any] = {
            "labels": labels,
            "annotations": {"summary": f"{labels['alertname']} on {labels['instance']}"},
            "startsAt": (now - timedelta(minutes=1)).isoformat(),
            "generatorURL": "http://prometheus.example:9090/graph",
        }
        if resolved:
            alert["endsAt"] = now.isoformat()
        answer = self.session.post(f"{self.url}/api/v2/alerts", json=[alert], timeout=10)
        assert answer.status_code == 200, answer.text

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        self.session.close()


def make_key(api: ApiClient, admin: str, **fields: Any) -> dict[str, Any]:
    answer = api.post("/integrations/keys", json={"name": "Alertmanager e2e", **fields}, token=admin)
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()["data"]
    return made


def incidents_of(api: ApiClient, reader: str, **query: str) -> list[dict[str, Any]]:
    answer = api.get("/incidents", token=reader, params=query)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["data"]
    return found


@pytest.fixture
def org() -> str:
    return f"ik-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def keys(api: ApiClient, token: TokenFactory, org: str) -> dict[str, dict[str, Any]]:
    admin = token(org=org)
    return {
        "pagerduty": make_key(api, admin, tags=["pagerduty-config"]),
        "webhook": make_key(api, admin, team="platform", incident_type="infrastructure"),
    }


@pytest.fixture
def alertmanager(stack: DeployedStack, keys: dict[str, dict[str, Any]], tmp_path: Path) -> Iterator[Alertmanager]:
    timing = {
        "group_by": ["alertname", "instance"],
        "group_wait": "0s",
        "group_interval": "1s",
        "repeat_interval": "2s",
    }
    config = {
        "route": {
            "receiver": "pagerduty",
            **timing,
            "routes": [{"receiver": "webhook", "matchers": ['via="webhook"'], **timing}],
        },
        "receivers": [
            {
                "name": "pagerduty",
                "pagerduty_configs": [
                    {
                        "routing_key": keys["pagerduty"]["integration_key"],
                        "url": f"{stack.api_url}/v2/enqueue",
                        "severity": "{{ .CommonLabels.severity }}",  # Alertmanager's own default: error
                        "send_resolved": True,
                    }
                ],
            },
            {
                "name": "webhook",
                "webhook_configs": [
                    {
                        "url": f"{stack.api_url}/integrations/alertmanager",
                        "send_resolved": True,
                        "http_config": {
                            "authorization": {
                                "type": "Token",
                                "credentials": f"token={keys['webhook']['integration_key']}",
                            }
                        },
                    }
                ],
            },
        ],
    }
    manager = Alertmanager(tmp_path, config)
    try:
        yield manager
    finally:
        manager.stop()


@pytest.mark.parametrize("via", ["pagerduty", "webhook"])
def test_alertmanager_with_a_key_opens_counts_and_resolves(
    api: ApiClient, token: TokenFactory, org: str, alertmanager: Alertmanager, via: str
) -> None:
    reader = token(org=org)
    labels = {"alertname": f"DiskFull{via.title()}", "instance": "srv01:9100", "severity": "critical", "via": via}
    # Given a firing alert, one incident opens
    alertmanager.post_alert(labels)
    opened = wait_until(lambda: incidents_of(reader=reader, api=api))
    assert len(opened) == 1, opened
    incident = opened[0]
    assert incident["status"] == "open" and incident["severity"] == "critical"
    assert incident["created_by"].startswith(f"integration-key:{org}.ik_")
    if via == "webhook":
        assert incident["assigned_team"] == "platform" and incident["incident_type"] == "infrastructure"
    else:
        assert "pagerduty-config" in incident["tags"]
    # Alertmanager's repeated notifications count on it
    counted = wait_until(lambda: [i for i in incidents_of(api, reader) if int(i.get("alert_count") or 0) >= 2])
    assert counted and len(incidents_of(api, reader)) == 1
    # Resolved in Alertmanager: resolved here
    alertmanager.post_alert(labels, resolved=True)
    resolved = wait_until(lambda: [i for i in incidents_of(api, reader) if i["status"] == "resolved"])
    assert [i["id"] for i in resolved] == [incident["id"]]


def test_a_revoked_key_is_refused_in_pagerdutys_shape_and_a_key_reads_nothing(
    api: ApiClient, token: TokenFactory, org: str
) -> None:
    admin = token(org=org)
    made = make_key(api, admin)
    key = made["integration_key"]
    event = {
        "routing_key": key,
        "event_action": "trigger",
        "dedup_key": "e2e/revoked",
        "payload": {"summary": "Disk full", "source": "srv01", "severity": "error"},
    }
    accepted = api.post("/v2/enqueue", json=event)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json() == {"status": "success", "message": "Event processed", "dedup_key": "e2e/revoked"}
    invalid = api.post("/v2/enqueue", json={**event, "payload": {"source": "srv01"}})
    assert invalid.status_code == 400 and invalid.json()["message"] == "Event object is invalid"
    for headers, params in (({"Authorization": f"Token token={key}"}, None), ({}, {"key": key})):
        assert api.get("/incidents", headers=headers, params=params).status_code == 401
    assert api.delete(f"/integrations/keys/{made['key_id']}", token=admin).status_code == 200
    refused = api.post("/v2/enqueue", json=event)
    assert refused.status_code == 403, refused.text
    assert refused.json()["status"] == "forbidden" and refused.json()["errors"]
    unknown = api.post("/v2/enqueue", json={**event, "routing_key": made["key_id"] + "." + "z" * 43})
    assert unknown.status_code == 401 and unknown.json()["status"] == "unauthorized"
    assert api.post("/events", json=event).status_code == 403


class TlsProxy:
    """HTTPS on 127.0.0.1 with a throwaway certificate, forwarding every request to the emulator as it is:
    PagerDuty's official client insists on https."""

    def __init__(self, workdir: Path, upstream: str) -> None:
        self.cert, key = workdir / "proxy.crt", workdir / "proxy.key"
        certificate = ["-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        names = ["-addext", "subjectAltName=IP:127.0.0.1"]
        files = ["-keyout", str(key), "-out", str(self.cert)]
        subprocess.run(["openssl", "req", *certificate, *names, *files], capture_output=True, check=True)
        forward = requests.Session()
        forward.trust_env = False

        class Forwarder(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
                answer = forward.post(upstream + self.path, data=body, headers=headers, timeout=30)
                self.send_response(answer.status_code)
                for name in ("Content-Type", "Retry-After"):
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
                return

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forwarder)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def tls_proxy(stack: DeployedStack, tmp_path: Path) -> Iterator[TlsProxy]:
    proxy = TlsProxy(tmp_path, stack.aws_endpoint)
    try:
        yield proxy
    finally:
        proxy.stop()


def test_pagerdutys_official_client_triggers_counts_and_resolves(
    stack: DeployedStack, api: ApiClient, token: TokenFactory, org: str, tls_proxy: TlsProxy
) -> None:
    reader = token(org=org)
    key = make_key(api, reader, team="payments")["integration_key"]
    api_path = urlsplit(stack.api_url).path  # /_aws/execute-api/<api>/<stage>
    client = pagerduty.EventsApiV2Client(
        key,
        base_url=f"https://127.0.0.1:{tls_proxy.port}{api_path}",
        verify=ssl.create_default_context(cafile=str(tls_proxy.cert)),
        trust_env=False,
    )
    with client:
        dedup_key = client.trigger("Checkout latency over 2 s", "checkout-api", severity="error")
        assert client.trigger("Checkout latency over 2 s", "checkout-api", dedup_key=dedup_key) == dedup_key
        [incident] = incidents_of(api, reader, dedup_key=dedup_key)
        assert incident["alert_count"] == 2 and incident["severity"] == "high"
        assert incident["assigned_team"] == "payments"
        client.acknowledge(dedup_key)
        assert incidents_of(api, reader, dedup_key=dedup_key)[0]["status"] == "acknowledged"
        # With a timestamp of our own: pagerduty 7.2.0 fails to make one (`datetime.timezone` on the class).
        moment = datetime.now(UTC).isoformat()
        client.submit("Deployed checkout-api 2.4.1", "checkout-api", {"build": "2.4.1"}, timestamp=moment)
        client.resolve(dedup_key)
    [resolved] = incidents_of(api, reader, dedup_key=dedup_key)
    assert resolved["status"] == "resolved"
    timeline = api.get(f"/incidents/{incident['id']}/timeline", token=reader).json()["data"]
    assert any("change" in (event.get("changes") or {}) for event in timeline)
