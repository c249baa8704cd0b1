"""What planning hands back: the stored plan as plain data, and its error."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fieldkit.errors import BilingualError
from fieldkit.geo.notes import GeoNote
from fieldkit.routing import problem as rp

ProgressFn = Callable[[int, int], None]


CancelFn = Callable[[], bool]


U25_PRIORITY = 1


#: Longest search after a drag-and-drop (only the two affected routes are re-optimised).
MOVE_TIME_LIMIT = 2.0


class PlanningError(BilingualError):
    """A week that cannot be planned (or a change that is not possible), in both languages."""

    def __init__(self, code: str, en: str, de: str) -> None:
        super().__init__(de, en, code)


@dataclass(frozen=True)
class PlanStop:
    """A stop of a stored route as the UI, the CLI, printing and field mode show it."""

    id: uuid.UUID
    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    arrival: int  # seconds since midnight
    start: int  # later than arrival when the customer's window opens later
    service: int  # seconds
    status: str  # planned / done / skipped / later
    pinned: bool  # the user fixed this stop to its day, worker and place
    visited: bool  # a visit is recorded for it
    window: str = ""  # "ab 10:00", "bis 15:00", "10:00–15:00" (German, for printed sheets)
    priority: int = 0
    window_from: dt.time | None = None  # the window itself, for screens in other languages
    window_to: dt.time | None = None

    @property
    def fixed(self) -> bool:
        """Already happened on the road: re-planning keeps it where it is."""
        return self.visited or self.status != "planned"

    @property
    def departure(self) -> int:
        """When the visit ends (seconds since midnight)."""
        return self.start + self.service


@dataclass(frozen=True)
class PlanRoute:
    """A stored route: one worker on one day, with the stops in visiting order."""

    id: uuid.UUID
    day: dt.date
    worker_id: uuid.UUID | None
    worker: str
    stops: tuple[PlanStop, ...]
    start: int
    end: int
    driving: int
    office: str = ""
    office_lat: float | None = None
    office_lon: float | None = None
    break_start: int | None = None

    @property
    def working(self) -> int:
        """Working time from leaving the office to coming back, break included (seconds)."""
        return self.end - self.start if self.stops else 0


@dataclass(frozen=True)
class UnplannedEntry:
    """A customer of the week in no route, with the reason code and the texts for it."""

    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    reason: str  # a routing.problem.Reason value
    detail: str = ""

    def text(self, lang: str = "de") -> str:
        """The reason as a sentence in ``lang``."""
        try:
            reason = rp.Reason(self.reason)
        except ValueError:
            return self.reason
        return (rp.REASON_TEXT_EN if lang == "en" else rp.REASON_TEXT_DE)[reason]


@dataclass(frozen=True)
class StoredPlan:
    """The stored plan of a week: every worker-day's route and the unplanned customers."""

    week: str
    planned_at: dt.datetime
    time_limit: float
    driving: int
    routes: tuple[PlanRoute, ...]
    unplanned: tuple[UnplannedEntry, ...]
    cancelled: bool = False
    #: What the user should know about this run (e.g. travel times only estimated); not stored.
    notes: tuple[GeoNote, ...] = ()

    def days(self) -> list[dt.date]:
        """The dates that have a route (with or without stops), in order."""
        return sorted({r.day for r in self.routes})

    def routes_on(self, day: dt.date) -> list[PlanRoute]:
        """The routes of one day, by worker name."""
        return [r for r in self.routes if r.day == day]

    def route(self, route_id: uuid.UUID) -> PlanRoute | None:
        """The route with this id."""
        return next((r for r in self.routes if r.id == route_id), None)

    @property
    def planned(self) -> int:
        """Number of stops in routes."""
        return sum(len(r.stops) for r in self.routes)

    def to_json(self) -> dict[str, Any]:
        """Stable, JSON-able form (``fieldkit plan --json``): customer numbers, no names."""
        return {
            "week": self.week,
            "planned": self.planned,
            "unplanned_count": len(self.unplanned),
            "driving_minutes": round(self.driving / 60),
            "cancelled": self.cancelled,
            "notes": [note.text("en") for note in self.notes],
            "routes": [
                {
                    "date": r.day.isoformat(),
                    "worker": r.worker,
                    "start": rp.clock(r.start),
                    "end": rp.clock(r.end),
                    "driving_minutes": round(r.driving / 60),
                    "working_minutes": round(r.working / 60),
                    "break": rp.clock(r.break_start) if r.break_start is not None else None,
                    "stops": [
                        {
                            "customer": s.kundennummer,
                            "arrival": rp.clock(s.arrival),
                            "start": rp.clock(s.start),
                            "service_minutes": round(s.service / 60),
                            "status": s.status,
                        }
                        for s in r.stops
                    ],
                }
                for r in self.routes
                if r.stops
            ],
            "unplanned": [
                {"customer": u.kundennummer, "reason": u.reason, "text": u.text("en")}
                for u in self.unplanned
            ],
        }
