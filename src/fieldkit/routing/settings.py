"""Settings of route planning (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class RoutingSettings:
    """How the week is planned and how long the solver may search."""

    day_start: str = field(
        default="08:00", metadata=describe("Start of a working day (HH:MM).", office_wide=True)
    )
    day_hours: float = field(
        default=8.0,
        metadata=describe("Length of a working day in hours, break included.", office_wide=True),
    )
    break_minutes: int = field(
        default=30,
        metadata=describe("Break per working day in minutes (0 = none).", office_wide=True),
    )
    break_after_hours: float = field(
        default=4.0,
        metadata=describe(
            "The break is taken at the first stop this many hours after the start.",
            office_wide=True,
        ),
    )
    service_minutes: int = field(
        default=15,
        metadata=describe("Default time spent at one visit in minutes.", office_wide=True),
    )
    speed_kmh: float = field(
        default=50.0,
        metadata=describe("Average driving speed for straight-line estimates.", office_wide=True),
    )
    detour_factor: float = field(
        default=1.3, metadata=describe("Road distance / straight-line distance.", office_wide=True)
    )
    time_limit_seconds: float = field(
        default=10.0, metadata=describe("Longest time the week planner may search.")
    )
    replan_time_limit_seconds: float = field(
        default=0.5, metadata=describe("Longest time for 're-plan from here'.")
    )
    solution_limit: int = field(
        default=0,
        metadata=describe(
            "Stop after this many search steps (0 = only the time limit). A step limit makes "
            "the plan reproducible on any machine; a time limit does not."
        ),
    )
    search: str = field(
        default="ils",
        metadata=describe("Search profile: 'ils' (ruin and recreate), 'gls' or 'fast'."),
    )
