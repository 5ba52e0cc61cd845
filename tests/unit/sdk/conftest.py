"""The SDK's waits between attempts are recorded, not slept."""

from __future__ import annotations

import pytest
from incident_api import retrying


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds the SDK would have waited before each retry, in order."""
    recorded: list[float] = []

    def record(seconds: float) -> None:
        recorded.append(seconds)

    async def record_async(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(retrying, "sleep", record)
    monkeypatch.setattr(retrying, "async_sleep", record_async)
    return recorded
