"""The geo layer stays below the UI and the store: no Qt, no database imports."""

from __future__ import annotations

import subprocess
import sys


def test_geo_imports_neither_qt_nor_store() -> None:
    code = (
        "import sys, fieldkit.geo, fieldkit.geo.online, fieldkit.geo.matrix;"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'fieldkit.store', "
        "'fieldkit.ui', 'sqlalchemy'))];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
