"""fieldkit: outreach counselling (Aufsuchende Beratung) for German job centres.

The layers, bottom to top: ``domain`` (rules, plain Python), ``store`` (SQLAlchemy),
``geo``, ``routing``, ``printing``, ``sync``, ``importing``, ``services`` (use cases) and
``ui`` (PySide6). Nothing below ``ui`` imports Qt.
"""

__version__ = "0.1.0"
