"""Every caller names who works (issue 14, item 3): no service has a default identity.

A service entry point whose ``identity`` parameter had a default (the unrestricted identity,
or ``None`` that meant it) let a caller that left it out past every role check. This test
walks every module of :mod:`fieldkit.services` and fails on any function, method or nested
function with an ``identity`` parameter that has a default.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import fieldkit.services
from fieldkit.services import field, office


def _modules() -> Iterator[ModuleType]:
    yield fieldkit.services
    for info in pkgutil.walk_packages(fieldkit.services.__path__, "fieldkit.services."):
        yield importlib.import_module(info.name)


def _functions(module: ModuleType) -> Iterator[tuple[str, Any]]:
    """Every function defined in ``module``: module level and in its classes."""
    for name, value in vars(module).items():
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            yield name, value
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in vars(value).items():
                func = member.__func__ if isinstance(member, classmethod | staticmethod) else member
                if inspect.isfunction(func):
                    yield f"{name}.{attr}", func


def _defaulted_identity(func: Any) -> bool:
    parameter = inspect.signature(func).parameters.get("identity")
    return parameter is not None and parameter.default is not inspect.Parameter.empty


def test_no_service_function_has_a_default_identity() -> None:
    modules = list(_modules())
    assert len(modules) > 30, "the walk must reach the service modules"
    with_identity = []
    offenders = []
    for module in modules:
        for name, func in _functions(module):
            if "identity" in inspect.signature(func).parameters:
                with_identity.append(f"{module.__name__}.{name}")
                if _defaulted_identity(func):
                    offenders.append(f"{module.__name__}.{name}")
    assert len(with_identity) > 75, "the walk must find the service entry points"
    assert offenders == [], "a caller could leave out who works: " + ", ".join(offenders)


def test_the_check_sees_a_default_when_there_is_one() -> None:
    """The check itself can fail: a function with a defaulted identity is caught."""

    def defaulted(*, identity: office.Identity = office.UNRESTRICTED) -> None:
        del identity

    def optional(identity: office.Identity | None = None) -> None:
        del identity

    def required(*, identity: office.Identity) -> None:
        del identity

    assert _defaulted_identity(defaulted)
    assert _defaulted_identity(optional)
    assert not _defaulted_identity(required)


def test_leaving_out_the_identity_is_refused_at_run_time() -> None:
    """Python itself refuses a call that names nobody, before any data is touched."""
    with pytest.raises(TypeError, match="identity"):
        field.start_visit(None, None, None, None)  # type: ignore[arg-type, call-arg]
