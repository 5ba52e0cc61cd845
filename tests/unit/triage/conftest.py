"""Fixtures of the triage unit tests: a fresh in-memory world per test."""

from __future__ import annotations

import pytest

from tests.support.fakes.triage import InMemoryTriageQueue, TriageIncidentRepository


@pytest.fixture
def incidents() -> TriageIncidentRepository:
    """Incidents and their triage runs, in memory."""
    return TriageIncidentRepository()


@pytest.fixture
def queue() -> InMemoryTriageQueue:
    """The triage queue, recording what is sent."""
    return InMemoryTriageQueue()
