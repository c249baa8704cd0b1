"""The Qt binding keeps its references: PySide6 6.12.0 on Python 3.11 lost one reference to
``None`` on every Qt call that returns nothing, and the interpreter aborted ("Fatal Python
error: none_dealloc") after some 50 000 calls — an hour of using the app. pyproject.toml keeps
that release out; this test fails if a version with the fault is installed again."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLineEdit


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_qt_calls_keep_the_references_to_none_and_bools(qtbot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    seen: list[bool] = []
    edit.textChanged.connect(lambda _text: seen.append(True))
    before = [sys.getrefcount(v) for v in (None, True, False)]
    for i in range(2000):
        edit.setText(str(i))
        edit.setToolTip("x")
    after = [sys.getrefcount(v) for v in (None, True, False)]
    assert len(seen) == 2000
    # A few references may come and go elsewhere; the fault lost thousands.
    assert all(a - b > -100 for a, b in zip(after, before, strict=True)), (before, after)
