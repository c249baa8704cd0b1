"""The guard against PySide6 6.12's lost references to None (Python 3.11)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fieldkit.ui import refguard

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
edit = QLineEdit()
guard = {guard}
if guard:
    from fieldkit.ui.refguard import top_up
for i in range(200_000):
    edit.setText("x")
    if guard and i % 1000 == 0:
        top_up()
print("survived")
"""


def run(guard: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(guard=guard)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        check=False,
    )


@pytest.mark.skipif(not refguard.needed(), reason="None is immortal from Python 3.12 on")
def test_many_qt_calls_survive_with_the_guard() -> None:
    guarded = run(True)
    assert guarded.returncode == 0, guarded.stderr[-500:]
    assert "survived" in guarded.stdout
    unguarded = run(False)
    if unguarded.returncode == 0:
        pytest.skip("this PySide6 keeps its references to None; the guard is not needed")
    assert "none_dealloc" in unguarded.stderr or "deallocating None" in unguarded.stderr


def test_top_up_adds_only_when_low() -> None:
    refguard.top_up()
    assert refguard.top_up() == 0  # enough references now
    if refguard.needed():
        assert min(sys.getrefcount(v) for v in (None, True, False)) >= refguard.LOW
