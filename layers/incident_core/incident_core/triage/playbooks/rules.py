"""The rule types of the triage playbooks (`Matches`, `Indicator`, `ActionRule`, `Playbook`)
and the names they share with the engine: indicator kinds, actions, classifications.

The rules engine (`triage.engine`) has one code path for all playbooks: it scores each
playbook's `Matches` against an incident to pick one, evaluates the playbook's
`Indicator`s (each a `kind` the engine knows, with its terms, fields and threshold),
combines the weights of those that fired into a confidence, and turns the playbook's
`ActionRule`s into recommended actions. A new playbook (one module of this package, listed
in `catalog`) or indicator is a change to the data only; bump `RULES_VERSION` with every
change, since results carry it.

Field names are compared normalised (lower case, letters and digits only), so
`reply_to` also finds `Reply-To` and `replyTo`, at any depth of `raw_data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

__all__ = [
    "ACTION_CATALOG",
    "CLASSIFICATIONS",
    "INDICATOR_KINDS",
    "RULES_VERSION",
    "ActionRule",
    "Indicator",
    "IndicatorKind",
    "Matches",
    "Playbook",
]

RULES_VERSION = "2026.12.4"

IndicatorKind = Literal[
    "keyword_any",
    "pattern_any",
    "raw_field_present",
    "raw_field_equals",
    "raw_field_pattern",
    "raw_field_numeric_gte",
    "raw_field_numeric_lt",
    "raw_fields_differ",
    "distinct_values_gte",
    "attachment_extension_in",
    "observable_type_present",
    "observable_matches",
    "lookalike_domain",
    "filed_as",
]
INDICATOR_KINDS: tuple[str, ...] = get_args(IndicatorKind)

ACTION_CATALOG = (
    "quarantine_email",
    "block_sender",
    "block_ip",
    "disable_user",
    "reset_credentials",
    "isolate_host",
    "restart_service",
    "escalate",
    "notify",
    "add_tags",
    "assign",
)

CLASSIFICATIONS = ("malicious", "suspicious", "benign", "unknown")
"""What a verdict may say; `ActionRule.when` names some of them."""

Scope = Literal["all", "text"]
TargetKind = Literal["ip", "email", "user", "host", "service"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One weighted sign. What each `kind` reads:

    - `keyword_any`: any of `terms` as whole words in any letter case, whatever
      separates them ("sign-in" finds "SIGN_IN"), in the incident's text; `pattern_any`:
      any of the regexes `terms`, written in lower case and matching in any letter case. `scope` "text" is title,
      description and tags; "all" adds every `key: value` of `raw_data`.
    - `raw_field_present`: any of `fields` present and not empty.
    - `raw_field_equals`: a value of `fields` whose first word is one of `terms`.
    - `raw_field_pattern`: a value of `fields` that any of the regexes `terms` matches (lower case, as
      `pattern_any`): a pattern read in a tool's own field, not in all of raw_data.
    - `raw_field_numeric_gte` / `raw_field_numeric_lt`: a numeric value of `fields`
      (numbers, or strings like "5.2 GB", "97%", "1,204") >= / < `threshold`.
    - `raw_fields_differ`: the domain of an address in `fields` (e.g. the sender)
      is not the one in `other_fields` (e.g. Reply-To).
    - `distinct_values_gte`: a list in `fields` with >= `threshold` distinct items,
      or a number there (a count) >= `threshold`.
    - `attachment_extension_in`: a file name in `fields` ending in one of `terms`.
    - `observable_type_present`: an observable of one of `observable_types`.
    - `observable_matches`: an observable of `observable_types` whose value matches one
      of the regexes `terms`.
    - `lookalike_domain`: a host of an observable of `observable_types` that imitates a
      brand of `terms` (digits for letters, or the brand plus other words) and is not one
      of the brand's real domains in `allow`.
    - `filed_as`: the incident's own type is one of `terms` and its source names one of
      `sources` (a detection tool filed it as such: the tool's own verdict).

    The raw-field kinds that read values (`equals`, `numeric`, `differ`, `attachment`)
    fall back to `Field: value` lines in the title and description when `raw_data`
    lacks the fields. `weight` in (0, 1) raises confidence, in (-1, 0) lowers it (a
    mitigating sign). Of the indicators that share a `group`, only the heaviest that
    fired counts. `reason` may use `{value}` (what was found) and `{other}`.
    """

    id: str
    kind: IndicatorKind
    weight: float
    reason: str
    terms: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    other_fields: tuple[str, ...] = ()
    observable_types: tuple[str, ...] = ()
    threshold: float = 0.0
    allow: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    scope: Scope = "all"
    group: str = ""
    unit: Literal["", "bytes"] = ""


@dataclass(frozen=True, slots=True)
class Matches:
    """What makes a playbook the one for an incident (see `engine.select_playbook`)."""

    incident_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    raw_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionRule:
    """A recommended action, given when confidence reaches `min_confidence`, the
    classification is one of `when` (any when empty), one of the indicators in
    `requires` fired (any when empty) and none of those in `unless` fired.

    With a `target`, one action is given per target value found (at most `limit`), read
    from `fields` of raw_data, then observables of `observable_types`, then the
    incident's affected systems when `use_affected_systems`, and put in `parameters`
    under `param`; no target found, no action. `ip` targets are public addresses only.
    `optional` fills further parameters from raw_data fields when present. `reason` may
    use `{target}`.
    """

    action: str
    reason: str
    min_confidence: float = 0.0
    when: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    target: TargetKind | None = None
    param: str = ""
    fields: tuple[str, ...] = ()
    observable_types: tuple[str, ...] = ()
    use_affected_systems: bool = False
    limit: int = 5
    parameters: Mapping[str, Any] = field(default_factory=dict)
    optional: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Playbook:
    """A security playbook classifies malicious >= `malicious_at` > suspicious >=
    `suspicious_at` > benign; when no indicator fired, benign if the incident holds facts
    (raw_data or observables) and unknown if there is nothing to go on. An operational one
    (`kind` "operational") is about impact and classifies benign (no adversary), unless one
    of its `attack_indicators` fired (e.g. a DDoS): then malicious."""

    name: str
    category: str
    kind: Literal["security", "operational"]
    description: str
    matches: Matches
    indicators: tuple[Indicator, ...]
    actions: tuple[ActionRule, ...]
    malicious_at: float = 0.7
    suspicious_at: float = 0.4
    attack_indicators: tuple[str, ...] = ()
