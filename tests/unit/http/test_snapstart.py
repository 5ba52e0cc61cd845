"""SnapStart's before-snapshot hook (http/snapstart.py): registered only while a SnapStart version
initializes, and what it warms."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from incident_core.core.settings import get_settings
from incident_core.http import snapstart
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.storage.rate_counters import DynamoRateCounterStore, get_rate_counter_store


class Thing(BaseModel):
    model_config = ConfigDict(defer_build=True)

    name: str


def _api() -> IncidentApi:
    api = IncidentApi()

    @api.route("POST", "/things", permission="incidents:write")
    def create(thing: Thing) -> Response[str]:
        return ok(thing.name)

    return api


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Callable[..., None], tuple[Any, ...]]]]:
    """A stand-in for the runtime's `snapshot_restore_py`, recording what is registered."""
    registered: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
    module = types.ModuleType(snapstart.HOOKS_MODULE)
    module.register_before_snapshot = lambda func, *args: registered.append((func, args))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, snapstart.HOOKS_MODULE, module)
    get_rate_counter_store.cache_clear()
    yield registered
    get_rate_counter_store.cache_clear()


def test_an_ordinary_cold_start_registers_nothing(hooks: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
    get_settings.cache_clear()
    _api().handler()
    assert hooks == []


def test_without_the_runtime_s_hooks_module_a_snapstart_init_registers_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
    monkeypatch.setitem(sys.modules, snapstart.HOOKS_MODULE, None)  # importing it raises ImportError
    get_settings.cache_clear()
    assert snapstart.register(_api()) is False


def test_a_snapstart_init_warms_the_body_validators_and_the_dynamodb_client(
    hooks: list[tuple[Callable[..., None], tuple[Any, ...]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
    monkeypatch.setenv("RATE_LIMIT_TABLE_NAME", "rate-limits")
    get_settings.cache_clear()
    api = _api()
    api.handler()
    assert [(func, args) for func, args in hooks] == [(snapstart.warm, (api,))]
    assert type(Thing.__pydantic_validator__).__name__ == "MockValSer"  # deferred until the hook runs

    func, args = hooks[0]
    func(*args)

    assert type(Thing.__pydantic_validator__).__name__ == "SchemaValidator"
    assert get_rate_counter_store.cache_info().currsize == 1
    store = get_rate_counter_store()
    assert isinstance(store, DynamoRateCounterStore)
    assert store.client.meta.service_model.service_name == "dynamodb"
