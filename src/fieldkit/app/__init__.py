"""The application layer (issue 19, item 1): Qt-free, between the UI/CLI and the services.

:class:`~fieldkit.app.context.AppContext` carries what every operation needs (database,
settings store, clock, the logged-in identity); the operations in this package call the
services with it and return :class:`~fieldkit.domain.changes.OpResult` values that say what
they changed.
"""

from fieldkit.domain.changes import NOTHING, Changes, OpResult

__all__ = ["NOTHING", "Changes", "OpResult"]
