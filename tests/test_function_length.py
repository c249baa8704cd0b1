"""No function in services/ or sync/ is longer than 60 lines (issue 19, item 5).

A long function there mixed several steps of a workflow (read, check, write, report) in one
body that a newcomer had to hold in their head at once. The walk reads every module of
``src/fieldkit/services`` and ``src/fieldkit/sync`` (packages included) and counts each
function, method and nested function from its ``def`` line (decorators not counted) to its
last line, docstring and comments included. A function that grows past the limit is split
along its meaning: helpers whose names say what they do.
"""

from __future__ import annotations

import ast
from pathlib import Path

import fieldkit
from tests import source_trees

LIMIT = 60
SOURCE = Path(fieldkit.__file__).resolve().parent
CHECKED = ("services", "sync")


def too_long(source: str | Path, limit: int = LIMIT) -> list[tuple[str, int, int]]:
    """(name, def line, length) of every function in ``source`` (text, or a file's path)
    longer than ``limit``."""
    found = []
    walked = source_trees.nodes(source) if isinstance(source, Path) else ast.walk(ast.parse(source))
    for node in walked:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                found.append((node.name, node.lineno, length))
    return found


def _modules() -> list[Path]:
    return sorted(p for part in CHECKED for p in (SOURCE / part).rglob("*.py"))


def test_no_function_in_services_or_sync_is_over_60_lines() -> None:
    modules = _modules()
    assert len(modules) > 60, "the walk must reach the service and sync modules"
    offenders = []
    for path in modules:
        relative = path.relative_to(SOURCE).as_posix()
        for name, line, length in too_long(path):
            offenders.append(f"{relative}:{line} {name} ({length} lines)")
    assert offenders == [], f"functions over {LIMIT} lines:\n" + "\n".join(offenders)


def test_the_count_runs_from_def_to_last_line_and_can_fail() -> None:
    """The check itself: 61 lines are caught, 60 are not; methods and nested functions count."""
    body = "\n".join(f"    x{i} = {i}" for i in range(58))
    exactly_60 = f"def fine():\n{body}\n    return x0\n"
    one_more = f"@decorated\ndef long():\n{body}\n    x = 1\n    return x\n"
    method = "class C:\n" + "\n".join("    " + line for line in one_more.splitlines())
    nested = "def outer():\n" + "\n".join("    " + line for line in one_more.splitlines())
    assert too_long(exactly_60) == []
    assert too_long(one_more) == [("long", 2, 61)]
    assert [name for name, _, _ in too_long(method)] == ["long"]
    assert [name for name, _, _ in too_long(nested)] == ["outer", "long"]
