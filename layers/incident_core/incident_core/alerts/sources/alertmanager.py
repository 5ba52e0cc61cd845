"""`POST /integrations/alertmanager`: Prometheus Alertmanager's webhook and Grafana's, turned into `Alert`s.

One alert per alert of the group, keyed `alertmanager:<fingerprint>`: firing triggers,
resolved resolves. Grafana sends the same shape with a few more fields (links, values).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from incident_core.alerts.models import AlertmanagerAlert, AlertmanagerWebhook
from incident_core.alerts.service import Alert
from incident_core.alerts.sources.common import (
    MAX_NOTE,
    MAX_TITLE,
    bounded_key,
    clip,
    description_text,
    fit_raw_data,
    iso_moment_or_none,
    severity_from_word,
    tag_list,
    unique,
)
from incident_core.incidents.vocabulary import Severity

ALERTMANAGER_SYSTEM_LABELS = ("instance", "host", "node", "pod", "service", "job")


def alerts_from_alertmanager(hook: AlertmanagerWebhook) -> list[Alert]:
    """One alert per Alertmanager/Grafana alert: `alertmanager:<fingerprint>` firing triggers, resolved resolves."""
    source = "grafana" if hook.is_grafana else "alertmanager"
    tool = "Grafana" if hook.is_grafana else "Alertmanager"
    return [_alertmanager_alert(hook, alert, source=source, tool=tool) for alert in hook.alerts]


def _alertmanager_alert(hook: AlertmanagerWebhook, alert: AlertmanagerAlert, *, source: str, tool: str) -> Alert:
    labels = {**hook.common_labels, **alert.labels}
    annotations = {**hook.common_annotations, **alert.annotations}
    fingerprint = alert.fingerprint or _labels_hash(labels)
    alertname = labels.get("alertname")
    summary = annotations.get("summary")
    title = summary or alertname or (hook.title if hook.is_grafana else None) or f"{tool} alert {fingerprint}"
    label_text = ", ".join(f"{name}={value}" for name, value in sorted(labels.items()))
    lines = [annotations.get("description") or summary, f"Labels: {label_text}" if label_text else None]
    if alert.value_string:
        lines.append(f"Values: {alert.value_string}")
    if annotations.get("runbook_url"):
        lines.append(f"Runbook: {annotations['runbook_url']}")
    severity_label = next((value for name, value in labels.items() if name.lower() == "severity"), None)
    raw = {
        "integration": source,
        "status": alert.status,
        "fingerprint": alert.fingerprint,
        "labels": labels,
        "annotations": annotations,
        "startsAt": alert.starts_at,
        "endsAt": alert.ends_at,
        "generatorURL": alert.generator_url,
        "receiver": hook.receiver,
        "groupKey": hook.group_key,
        "externalURL": hook.external_url,
        "silenceURL": alert.silence_url,
        "dashboardURL": alert.dashboard_url,
        "panelURL": alert.panel_url,
        "imageURL": alert.image_url,
        "values": alert.values,
        "valueString": alert.value_string,
        "orgId": hook.org_id,
    }
    firing = alert.status == "firing"
    stated_severity = severity_from_word(severity_label)
    return Alert(
        action="trigger" if firing else "resolve",
        dedup_key=bounded_key(f"alertmanager:{fingerprint}"),
        title=clip(title, MAX_TITLE),
        description=description_text(lines, fallback=f"{tool} alert {alertname or fingerprint} is {alert.status}."),
        severity=stated_severity or Severity.MEDIUM,
        severity_stated=stated_severity is not None,
        source=source,
        incident_type="alert",
        affected_systems=tuple(
            unique(clip(labels[name], 255) for name in ALERTMANAGER_SYSTEM_LABELS if labels.get(name))
        ),
        raw_data=fit_raw_data(raw),
        tags=tuple(tag_list([source, alertname])),
        occurred_at=iso_moment_or_none(alert.starts_at if firing else alert.ends_at),
        note=clip(f"{alert.status}: {summary or annotations.get('description') or title}", MAX_NOTE),
        resolution=f"resolved in {tool}",
    )


def _labels_hash(labels: Mapping[str, str]) -> str:
    """A stable stand-in for a missing fingerprint: the same labels give the same key."""
    canonical = json.dumps(sorted(labels.items()), separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
