"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12 drops one reference to ``None`` on each call of a Qt method that returns
nothing (``setText``, ``setToolTip``, ``setStyleSheet`` …): measured with
``sys.getrefcount(None)``, 1000 calls of ``QLineEdit.setText`` lower it by 1000. From Python
3.12 on ``None`` is immortal and nothing happens; on 3.11 its count reaches zero after some
50 000 such calls and the interpreter aborts with "Fatal Python error: none_dealloc" — in a
long session of the app, or in a test run that edits many fields.

:func:`top_up` adds references to ``None`` whenever its count runs low. They are held by a
list that is itself never freed, so they are not given back at exit (giving them back is
exactly what would bring the count to zero). The app calls it on a timer, the tests before
each test; it costs 8 bytes per lost reference. ``True`` and ``False`` get the same: a Python
signal emitted with a bool (``Signal(bool).emit(True)``) loses one reference to it per call,
which aborts with "bool_dealloc" when the interpreter shuts down.
"""

from __future__ import annotations

import ctypes
import sys

#: Top up when fewer references than this are left …
LOW = 100_000
#: … by this many.
STEP = 500_000


def needed() -> bool:
    """True where ``None`` is mortal (before Python 3.12)."""
    return sys.version_info < (3, 12)


def top_up() -> int:
    """Add references to None, True and False where low; returns how many were added."""
    if not needed():
        return 0
    added = 0
    for value in (None, True, False):
        if sys.getrefcount(value) < LOW:
            ballast = [value] * STEP
            # Never freed: one extra reference to the list that nobody gives back.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(ballast))
            added += STEP
    return added
