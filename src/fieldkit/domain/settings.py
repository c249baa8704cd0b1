"""Settings of the rules engine (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings import describe


@dataclass(frozen=True)
class RulesSettings:
    """Rules of the Heilbronn and Hamburg concepts that an office may tune."""

    federal_state: str = field(
        default="BW",
        metadata=describe("Federal state whose public holidays count (BW, HH, …)."),
    )
    office_hours_end: str = field(
        default="16:00",
        metadata=describe("End of office hours on the flag deadline day (HH:MM)."),
    )
    call_min_gap_hours: float = field(
        default=2.0,
        metadata=describe("Minimum clock-time gap between the two documented phone calls."),
    )
