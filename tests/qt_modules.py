"""Which test modules need Qt: they import PySide6, pytest-qt or fieldkit.ui, directly or
through another module of tests/ (read from the source, nothing is imported).

``conftest.py`` marks every test of such a module ``gui`` (beside the tests that use
``qtbot``); ``tests/qt_free.py`` leaves these modules out when it runs the other tests with
PySide6 made unimportable (``./dev test-core``). A test module that imports none of them but
still loads Qt through fieldkit is then an error there, as it should be: the core must not
need Qt.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path

TESTS = Path(__file__).resolve().parent
QT_ROOTS = ("PySide6", "shiboken6", "pytestqt", "fieldkit.ui")


_Defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


#: Where statements nest in a statement (an ``except`` or ``case`` clause holds a body too).
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    """These statements and every statement nested in them: an import is a statement, so
    expressions (most of a file) need not be walked."""
    stack: list[ast.AST] = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for body in _BODIES:
            stack.extend(getattr(node, body, ()))


def _names(nodes: list[ast.stmt]) -> set[str]:
    """Every module name these statements import, nested ones included."""
    names: set[str] = set()
    for node in _statements(nodes):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@functools.cache
def _words(path: Path) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", path.read_text(encoding="utf-8")))


def _may_import(path: Path, words: AbstractSet[str]) -> bool:
    """False when none of ``words`` (the last parts of module names) even appears in the
    file's text: it then imports none of them, and parsing it (the slow part: every test
    process reads all of tests/ at collection) would only say so again."""
    return not _words(path).isdisjoint(words)


#: The last part of each Qt root: ``from fieldkit import ui`` names no "fieldkit.ui".
_QT_WORDS = frozenset(root.rsplit(".", 1)[-1] for root in QT_ROOTS)


def _helper_words(helpers: AbstractSet[str]) -> frozenset[str]:
    return frozenset(h.rsplit(".", 1)[-1] for h in helpers)


@functools.cache
def _parsed(path: Path) -> tuple[set[str], dict[str, set[str]]]:
    """What a file imports when it is loaded, and what each top-level def imports inside."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top = _names([n for n in tree.body if not isinstance(n, _Defs)])
    inner = {n.name: _names([n]) for n in tree.body if isinstance(n, _Defs)}
    return top, inner


def _needs_qt_directly(names: set[str], qt_helpers: AbstractSet[str] = frozenset()) -> bool:
    return bool(names & qt_helpers) or any(
        n == root or n.startswith(root + ".") for n in names for root in QT_ROOTS
    )


@functools.cache
def qt_modules(folder: Path = TESTS) -> frozenset[Path]:
    """The files in ``folder`` that need Qt to be imported at all, directly or through a
    helper module there (``tests.ui_windows``, ``tests.test_office_inbox`` …)."""
    files = sorted(folder.glob("*.py"))
    needs = {f for f in files if _may_import(f, _QT_WORDS) and _needs_qt_directly(_parsed(f)[0])}
    changed = True
    while changed:
        helpers = {f"tests.{f.stem}" for f in needs}
        words = _helper_words(helpers)
        more = {
            f for f in files if f not in needs and _may_import(f, words) and _parsed(f)[0] & helpers
        }
        needs |= more
        changed = bool(more)
    return frozenset(needs)


def needs_qt(path: Path) -> bool:
    """Whether the test module at ``path`` cannot even be imported without Qt."""
    resolved = path.resolve()
    return resolved in qt_modules(resolved.parent)


def qt_tests(path: Path) -> frozenset[str]:
    """The top-level tests (functions or classes) of a Qt-free module that import Qt inside."""
    resolved = path.resolve()
    helpers = {f"tests.{f.stem}" for f in qt_modules(resolved.parent)}
    if not _may_import(resolved, _QT_WORDS | _helper_words(helpers)):
        return frozenset()
    _, inner = _parsed(resolved)
    return frozenset(name for name, names in inner.items() if _needs_qt_directly(names, helpers))
