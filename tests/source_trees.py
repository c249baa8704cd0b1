"""Python source files parsed once per test process.

Several tests read the whole source tree as syntax trees (layers, function lengths, the
settings file's one writer, file dialogs, translatable strings, the feature host): each parse
and walk of ~500 files cost about a second, paid again by every such test. The trees are
shared read-only; no test changes them.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.cache
def tree(path: Path) -> ast.Module:
    """The syntax tree of the file at ``path``."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@functools.cache
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the file at ``path``, in the order of :func:`ast.walk`."""
    return tuple(ast.walk(tree(path)))
