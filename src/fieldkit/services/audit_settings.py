"""Settings of the audit log (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class AuditSettings:
    """How long the audit log keeps its entries."""

    keep_days: int = field(
        default=730,
        metadata=describe(
            "Days the audit log keeps an entry (who read, changed, printed, exported, synced "
            "or logged in) before the retention purge removes it. At least 365: a smaller "
            "value from any file is raised to 365.",
            office_wide=True,
            minimum=365,
        ),
    )
