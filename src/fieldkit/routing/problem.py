"""Plain data of a routing problem and its solution (no OR-Tools, no Qt, no database).

Two levels:

* the *generic* problem the solver works on: an integer travel-time matrix (seconds), stops on
  matrix nodes, vehicles with start/end node, shift and break (:class:`RoutingProblem`);
* the *week* of the outreach service: customers, areas with weekdays, workers with working days
  (:class:`WeekProblem`), which :mod:`fieldkit.routing.planner` turns into a generic problem with
  one vehicle per worker-day.

Times are integer seconds since midnight of the day in question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

IntMatrix = npt.NDArray[np.int64]


class Reason(StrEnum):
    """Why a stop or customer is not in any route."""

    NO_COORDINATES = "no_coordinates"
    NO_AREA = "no_area"
    BLOCKED = "blocked"
    NO_DAY_FOR_AREA = "no_day_for_area"
    APPOINTMENT_TOO_CLOSE = "appointment_too_close"
    NO_VEHICLE = "no_vehicle"
    NOT_ENOUGH_TIME = "not_enough_time"
    PIN_NOT_POSSIBLE = "pin_not_possible"
    NO_SOLUTION = "no_solution"


REASON_TEXT_DE: dict[Reason, str] = {
    Reason.NO_COORDINATES: "keine Koordinaten (Adresse nicht gefunden)",
    Reason.NO_AREA: "Adresse liegt in keinem Gebiet",
    Reason.BLOCKED: "gesperrt (Vorgaben vor dem Hausbesuch nicht erfüllt)",
    Reason.NO_DAY_FOR_AREA: "kein Arbeitstag für das Gebiet in dieser Woche",
    Reason.APPOINTMENT_TOO_CLOSE: "kein Besuchstag mit genug Vorlauf vor dem Termin",
    Reason.NO_VEHICLE: "keine Tour darf diesen Besuch übernehmen",
    Reason.NOT_ENOUGH_TIME: "nicht genug Zeit in den Touren der Woche",
    Reason.PIN_NOT_POSSIBLE: "die feste Zuordnung ist so nicht möglich",
    Reason.NO_SOLUTION: "in der Rechenzeit wurde kein Plan gefunden",
}
REASON_TEXT_EN: dict[Reason, str] = {
    Reason.NO_COORDINATES: "no coordinates (address not found)",
    Reason.NO_AREA: "the address lies in no area",
    Reason.BLOCKED: "blocked (the steps before outreach are missing)",
    Reason.NO_DAY_FOR_AREA: "no working day for the area this week",
    Reason.APPOINTMENT_TOO_CLOSE: "no visit day with enough lead time before the appointment",
    Reason.NO_VEHICLE: "no route may take this visit",
    Reason.NOT_ENOUGH_TIME: "not enough time in the week's routes",
    Reason.PIN_NOT_POSSIBLE: "the fixed choice is not possible",
    Reason.NO_SOLUTION: "no plan found within the time limit",
}


# --------------------------------------------------------------------------- generic problem


@dataclass(frozen=True)
class Stop:
    """A visit at matrix node ``node`` (None: not geocoded, it can never be planned)."""

    node: int | None
    service: int = 0
    window: tuple[int, int] | None = None  # earliest and latest start of the service
    priority: int = 0  # each step makes dropping the stop ten times more expensive
    allowed_vehicles: tuple[int, ...] | None = None  # None: any vehicle
    demand: int = 0
    mandatory: bool = False  # benchmarks only: no penalty to drop, the solver must place it


@dataclass(frozen=True)
class Break:
    """A break of ``duration`` seconds, taken at the first stop at or after ``earliest``."""

    earliest: int
    duration: int


@dataclass(frozen=True)
class Vehicle:
    """One route: a worker on one day, from ``start`` to ``end`` node within the shift."""

    start: int
    end: int
    shift_start: int = 0
    shift_end: int | None = None
    break_: Break | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class Pin:
    """A fixed choice: ``stop`` goes to ``vehicle`` (at 0-based ``position`` if given)."""

    stop: int
    vehicle: int
    position: int | None = None


@dataclass(frozen=True)
class RoutingProblem:
    """What the solver needs: matrix, stops, vehicles; ``cost`` defaults to ``travel``."""

    travel: IntMatrix
    stops: Sequence[Stop]
    vehicles: Sequence[Vehicle]
    cost: IntMatrix | None = None


@dataclass(frozen=True)
class Visit:
    """A planned stop: arrival, start and end of the service (seconds since midnight)."""

    stop: int
    arrival: int
    start: int
    departure: int


@dataclass(frozen=True)
class Route:
    """The ordered visits of one vehicle with its times."""

    vehicle: int
    visits: tuple[Visit, ...]
    start_time: int
    end_time: int
    driving: int
    working: int
    cost: int
    break_start: int | None = None

    @property
    def stops(self) -> list[int]:
        """The stop indices in visiting order."""
        return [v.stop for v in self.visits]


@dataclass(frozen=True)
class Unplanned:
    """A stop left out of every route, with the reason."""

    stop: int
    reason: Reason


@dataclass(frozen=True)
class Solution:
    """The solver's answer: every stop is in exactly one route or in ``unplanned``."""

    routes: tuple[Route, ...]
    unplanned: tuple[Unplanned, ...]
    cost: int  # sum of arc costs of all routes
    objective: int  # cost plus penalties of dropped stops
    seconds: float
    solutions_seen: int = 0
    cancelled: bool = False

    @property
    def driving(self) -> int:
        """Total driving time of all routes in seconds."""
        return sum(r.driving for r in self.routes)


@dataclass(frozen=True)
class Progress:
    """Reported on each improving solution during the search."""

    best_objective: int
    best_cost: int
    seconds: float
    solutions: int


# --------------------------------------------------------------------------- week problem


@dataclass(frozen=True)
class Customer:
    """A customer to visit this week; ``point`` is the matrix index (None: not geocoded).

    ``other_areas``: further areas the address is in (a town listed whole in two areas on
    different weekdays); the customer may be visited on a day of any of them.
    """

    id: str
    point: int | None
    area: str
    service_minutes: int | None = None  # None: the default from the settings
    not_before: dt.time | None = None
    not_after: dt.time | None = None  # latest start of the visit
    priority: int = 0  # e.g. 1 for U25
    other_areas: tuple[str, ...] = ()
    # The last day a visit may be planned: the appointment it hands over minus the lead time
    # in working days (None: no appointment).
    latest_day: dt.date | None = None


@dataclass(frozen=True)
class Area:
    """A part of the district, visited on some ISO weekdays (1 = Monday), maybe by one worker.

    ``workers``: the workers who cover it when it is several (the setup's ``areas`` of each
    worker); empty and ``worker`` None: any worker.
    """

    id: str
    weekdays: frozenset[int]
    worker: str | None = None
    workers: frozenset[str] = frozenset()

    def open_to(self, worker: str) -> bool:
        """May ``worker`` visit this area's customers?"""
        if self.workers:
            return worker in self.workers
        return self.worker is None or self.worker == worker


@dataclass(frozen=True)
class Worker:
    """An outreach worker with ISO working weekdays and the matrix index the day starts at.

    ``start``/``end`` ("08:00") and ``break_minutes`` are the worker's own; empty/None: the
    planning settings'.
    """

    id: str
    weekdays: frozenset[int]
    office: int
    start: str = ""
    end: str = ""
    break_minutes: int | None = None


@dataclass(frozen=True)
class PlanDay:
    """A date of the week and whether it is a working day (not a holiday)."""

    date: dt.date
    working: bool = True


@dataclass(frozen=True)
class WeekPin:
    """A fixed choice from the UI: the customer goes to this worker-day (and position)."""

    customer: str
    worker: str
    date: dt.date
    position: int | None = None


@dataclass(frozen=True)
class WeekProblem:
    """The week to plan. ``travel`` is the matrix over all points (offices and customers)."""

    customers: Sequence[Customer]
    areas: Sequence[Area]
    workers: Sequence[Worker]
    days: Sequence[PlanDay]
    travel: IntMatrix
    absent: frozenset[tuple[str, dt.date]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class WeekVisit:
    """A customer's visit in a planned route (seconds since midnight of the route's date)."""

    customer: str
    arrival: int
    start: int
    departure: int


@dataclass(frozen=True)
class WeekRoute:
    """The route of one worker on one date."""

    worker: str
    date: dt.date
    visits: tuple[WeekVisit, ...]
    start_time: int
    end_time: int
    driving: int
    working: int
    break_start: int | None


@dataclass(frozen=True)
class UnplannedCustomer:
    """A customer not in any route, with the reason (texts in REASON_TEXT_DE/EN)."""

    customer: str
    reason: Reason


@dataclass(frozen=True)
class WeekPlan:
    """The planned week: one route per worker-day that has visits, and the unplanned list."""

    routes: tuple[WeekRoute, ...]
    unplanned: tuple[UnplannedCustomer, ...]
    driving: int
    seconds: float
    cancelled: bool = False


def clock(seconds: int) -> str:
    """Seconds since midnight as ``HH:MM``."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
