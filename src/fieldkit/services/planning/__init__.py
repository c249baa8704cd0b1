"""Route planning of a visit week on the store: build the problem, plan, store, load, move.

The week's customers are its plannable flags (not withdrawn; blocked only with a caseworker's
override). Each goes to the area its address lies in (postcode of a split town first, else the
municipality, see :mod:`fieldkit.geo.areas`) and may be visited on that area's weekdays, by
the area's worker if it has one. Routes start and end at the worker's office.

Per customer:

* **service time**: ``Flag.service_minutes``, else the settings' default;
* **time window**: ``Flag.window_start``/``window_end`` ("10:00"); when both are empty, the
  hints are read for "nicht vor 10 Uhr" / "ab 10 Uhr" and "nicht nach 15 Uhr" / "bis 15 Uhr";
* **priority** (higher is dropped last when the week is too full): ``Flag.priority`` when it
  is set (> 0); otherwise **1 for U25 customers** (younger than the legal parameter
  ``chain.u25_age_limit``, 25, on the Monday of the visit week, the group both concepts ask
  to reach first) and 0 for everybody else.

Nobody is ever dropped silently: every flag of the week that is in no route is in the plan's
unplanned list with a reason code (:class:`fieldkit.routing.problem.Reason`).

Stops that already happened — a ``Visit`` is recorded for them, or their status is not
"planned" — are never deleted by re-planning: they stay on their worker-day (visited and done
ones in their order at the start of the route).

The package, split along its seams (issue 19): ``results`` (the plain plan and
``PlanningError``), ``week_input`` (rules per customer, queries), ``solve`` (building the
problem, the cancel loop), ``persist`` (storing and loading), ``moves`` (drag and drop, pins)
and ``checker``. Every name importable from ``fieldkit.services.planning`` before the split
still is; patch a name in the submodule that uses it.
"""

from __future__ import annotations

from fieldkit.domain.age import age_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.routing.problem import clock  # HH:MM of a route time, for the UI
from fieldkit.services.planning.checker import check_stored_plan
from fieldkit.services.planning.moves import (
    _place,
    _require_own_routes,
    _unknown_stop,
    move_stop,
    place_unplanned,
)
from fieldkit.services.planning.persist import (
    _area_of_route,
    _break_start,
    _fill_route,
    _fixed_pins,
    _is_fixed,
    _plan_row,
    _plan_stop,
    _store_week,
    _unplanned_json,
    _visited_stop_ids,
    load_plan,
    plan_for,
    planned_weeks,
)
from fieldkit.services.planning.results import (
    MOVE_TIME_LIMIT,
    U25_PRIORITY,
    CancelFn,
    PlanningError,
    PlanRoute,
    PlanStop,
    ProgressFn,
    StoredPlan,
    UnplannedEntry,
)
from fieldkit.services.planning.solve import (
    CANCEL_SLICE,
    _solve_week,
    build_week_input,
    plan_and_store,
    prestart_search,
)
from fieldkit.services.planning.week_input import (
    _NOT_AFTER,
    _NOT_BEFORE,
    _TIME,
    WeekInput,
    _area_workers,
    _gazetteer,
    _hint_time,
    _Info,
    _parse_hhmm,
    _parse_week,
    _week_flags,
    _weekdays,
    _worker_starts,
    latest_visit_day,
    priority_of,
    time_window,
    window_text,
)

#: Everything importable here before the split (private names too: tests and callers use some).
__all__ = [
    "CANCEL_SLICE",
    "MOVE_TIME_LIMIT",
    "U25_PRIORITY",
    "_NOT_AFTER",
    "_NOT_BEFORE",
    "_TIME",
    "CancelFn",
    "PlanRoute",
    "PlanStop",
    "PlanningError",
    "ProgressFn",
    "RulesSettings",
    "StoredPlan",
    "UnplannedEntry",
    "WeekInput",
    "_Info",
    "_area_of_route",
    "_area_workers",
    "_break_start",
    "_fill_route",
    "_fixed_pins",
    "_gazetteer",
    "_hint_time",
    "_is_fixed",
    "_parse_hhmm",
    "_parse_week",
    "_place",
    "_plan_row",
    "_plan_stop",
    "_require_own_routes",
    "_solve_week",
    "_store_week",
    "_unknown_stop",
    "_unplanned_json",
    "_visited_stop_ids",
    "_week_flags",
    "_weekdays",
    "_worker_starts",
    "age_on",
    "build_week_input",
    "check_stored_plan",
    "clock",
    "latest_visit_day",
    "load_plan",
    "move_stop",
    "place_unplanned",
    "plan_and_store",
    "plan_for",
    "planned_weeks",
    "prestart_search",
    "priority_of",
    "time_window",
    "window_text",
]
