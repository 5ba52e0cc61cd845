"""Checks of the playbook data against what the engine knows (run when the engine is imported, and in tests)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from incident_core.triage.matching import any_regex
from incident_core.triage.playbooks.catalog import FALLBACK_PLAYBOOK, PLAYBOOKS
from incident_core.triage.playbooks.rules import ACTION_CATALOG, CLASSIFICATIONS, INDICATOR_KINDS, Indicator, Playbook

__all__ = ["validate_playbooks"]

_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile(r"[A-Z]")


def validate_playbooks(playbooks: Sequence[Playbook] = PLAYBOOKS) -> None:
    """Raise ValueError when the playbook data is inconsistent (run at import and in tests)."""
    names = [playbook.name for playbook in playbooks]
    if len(set(names)) != len(names) or FALLBACK_PLAYBOOK not in names:
        raise ValueError(f"playbook names must be unique and include {FALLBACK_PLAYBOOK!r}: {names}")
    for playbook in playbooks:
        if not 0 < playbook.suspicious_at <= playbook.malicious_at <= 1:
            raise ValueError(f"{playbook.name}: thresholds must satisfy 0 < suspicious_at <= malicious_at <= 1")
        ids = [indicator.id for indicator in playbook.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{playbook.name}: indicator ids must be unique")
        for indicator in playbook.indicators:
            _check_indicator(playbook, indicator)
        if unknown := set(playbook.attack_indicators) - set(ids):
            raise ValueError(f"{playbook.name}: attack_indicators names unknown indicators {unknown}")
        for rule in playbook.actions:
            if rule.action not in ACTION_CATALOG:
                raise ValueError(f"{playbook.name}: unknown action {rule.action!r}")
            if rule.target is not None and not rule.param:
                raise ValueError(f"{playbook.name}: action {rule.action} has a target but no param")
            if unknown := (set(rule.requires) | set(rule.unless)) - set(ids):
                raise ValueError(f"{playbook.name}: action {rule.action} names unknown indicators {unknown}")
            if unknown := set(rule.when) - set(CLASSIFICATIONS):
                raise ValueError(f"{playbook.name}: action {rule.action} has unknown classifications {unknown}")


def _check_indicator(playbook: Playbook, indicator: Indicator) -> None:
    where = f"{playbook.name}.{indicator.id}"
    if indicator.kind not in INDICATOR_KINDS:
        raise ValueError(f"{where}: unknown kind {indicator.kind!r}")
    if not (-1 < indicator.weight < 1) or indicator.weight == 0:
        raise ValueError(f"{where}: weight must be in (-1, 0) or (0, 1)")
    needs_terms = indicator.kind in (
        "keyword_any",
        "pattern_any",
        "raw_field_equals",
        "raw_field_pattern",
        "observable_matches",
        "filed_as",
    )
    if indicator.kind == "filed_as" and not indicator.sources:
        raise ValueError(f"{where}: filed_as needs sources")
    if needs_terms and not indicator.terms:
        raise ValueError(f"{where}: {indicator.kind} needs terms")
    if indicator.kind.startswith(("raw_", "distinct_", "attachment_")) and not indicator.fields:
        raise ValueError(f"{where}: {indicator.kind} needs fields")
    if indicator.kind.startswith(("observable_", "lookalike_")) and not indicator.observable_types:
        raise ValueError(f"{where}: {indicator.kind} needs observable_types")
    if indicator.kind in ("pattern_any", "raw_field_pattern", "observable_matches"):
        any_regex(indicator.terms)  # compiles now, so a bad pattern fails at import
    if indicator.kind in ("pattern_any", "raw_field_pattern") and any(
        _UPPER.search(_ESCAPE.sub("", term)) for term in indicator.terms
    ):
        raise ValueError(f"{where}: pattern_any terms are lower-case (they are matched against lower-cased text)")
    indicator.reason.format_map({"value": "", "other": ""})
