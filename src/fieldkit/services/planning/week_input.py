"""The week as planning reads it: the rules per customer (time window, priority, weekdays,
latest visit day) and the queries for flags, workers and their starts."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain.age import is_u25, u25_limit
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.legal import parameters_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek, to_berlin
from fieldkit.domain.weekdays import parse_weekday_list
from fieldkit.geo.areas import AreaDivision
from fieldkit.geo.matrix import Point
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.routing import problem as rp
from fieldkit.routing.planner import seconds_of
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services.areas import load_division
from fieldkit.services.geocoding import gazetteer
from fieldkit.services.planning.results import (
    U25_PRIORITY,
    PlanningError,
)
from fieldkit.services.setup import own_start
from fieldkit.store.models import (
    Customer,
    Flag,
    Office,
    OutreachWorker,
)
from fieldkit.store.models_setup import WorkerArea

_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*uhr"


_NOT_BEFORE = re.compile(r"(?:nicht\s+vor|erst\s+ab|\bab)\s+" + _TIME, re.IGNORECASE)


_NOT_AFTER = re.compile(r"(?:nicht\s+nach|nur\s+bis|\bbis)\s+" + _TIME, re.IGNORECASE)


def _hint_time(pattern: re.Pattern[str], text: str) -> dt.time | None:
    match = pattern.search(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _parse_hhmm(text: str) -> dt.time | None:
    text = text.strip()
    if not text:
        return None
    try:
        seconds = seconds_of(text.replace(".", ":"))
    except ValueError:
        return None
    if not 0 <= seconds < 24 * 3600:
        return None
    return dt.time(seconds // 3600, seconds % 3600 // 60)


def time_window(
    window_start: str, window_end: str, hints: str
) -> tuple[dt.time | None, dt.time | None]:
    """Earliest and latest start of a visit: the fields set by hand, else read from the hints."""
    lo, hi = _parse_hhmm(window_start), _parse_hhmm(window_end)
    if lo is None and hi is None and hints:
        lo, hi = _hint_time(_NOT_BEFORE, hints), _hint_time(_NOT_AFTER, hints)
    if lo is not None and hi is not None and hi < lo:
        hi = None  # a contradicting pair: keep the safer "not before"
    return lo, hi


def window_text(
    lo: dt.time | None, hi: dt.time | None, after: str = "ab %1", before: str = "bis %1"
) -> str:
    """'ab 10:00', 'bis 15:00', '10:00–15:00' or ''; a screen passes its translated
    ``after``/``before`` patterns (``%1`` is the time)."""
    if lo and hi:
        return f"{lo:%H:%M}–{hi:%H:%M}"
    if lo:
        return after.replace("%1", f"{lo:%H:%M}")
    if hi:
        return before.replace("%1", f"{hi:%H:%M}")
    return ""


def priority_of(
    priority: int, birth: dt.date | None, monday: dt.date, rules: RulesSettings | None = None
) -> int:
    """The flag's priority if set, else 1 for U25 (under the legal parameter
    ``chain.u25_age_limit`` in force on the week's Monday), else 0."""
    if priority > 0:
        return priority
    limit = u25_limit(parameters_on(monday, rules if rules is not None else ()))
    if birth is not None and is_u25(birth, monday, limit):
        return U25_PRIORITY
    return 0


def _weekdays(text: str) -> frozenset[int]:
    return frozenset(parse_weekday_list(text))


#: The one shared gazetteer (``services.geocoding.gazetteer``), under its old name here.
_gazetteer = gazetteer


def latest_visit_day(appointment_at: dt.datetime | None, rules: RulesSettings) -> dt.date | None:
    """The last day a visit may hand over an appointment at ``appointment_at``: that day
    minus the lead time in working days (setting ``appointment_lead_working_days``)."""
    if appointment_at is None:
        return None
    day = to_berlin(appointment_at).date()
    lead = max(0, rules.appointment_lead_working_days)
    calendar = WorkingDayCalendar.from_settings(rules)
    return calendar.add_working_days(day, -lead) if lead else day


@dataclass(frozen=True)
class _Info:
    flag_id: uuid.UUID
    kundennummer: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    window: str
    priority: int


@dataclass
class WeekInput:
    """The week read from the store: the routing problem and what maps it back."""

    week: str
    problem: rp.WeekProblem
    routing: RoutingSettings
    info: dict[str, _Info]  # by str(flag id)
    blocked: list[str]  # flag ids (str) of blocked customers
    no_area: set[str]
    worker_names: dict[str, str]
    offices: dict[str, tuple[str, float, float]]  # worker id → office name, lat, lon
    points: list[Point]
    notes: tuple[GeoNote, ...] = ()  # about the travel times (routing server fallback)


def _parse_week(week: str) -> IsoWeek:
    try:
        return IsoWeek.parse(week)
    except ValueError as exc:
        raise PlanningError(
            "unknown_week",
            f"'{week}' is not an ISO week like 2026-W49.",
            f"„{week}“ ist keine Kalenderwoche wie 2026-W49.",
        ) from exc


def _week_flags(session: Session, week: str) -> list[Flag]:
    stmt = (
        select(Flag)
        .where(Flag.visit_week == week)
        .options(selectinload(Flag.customer).selectinload(Customer.address))
        .join(Customer)
        .order_by(Customer.kundennummer)
    )
    return list(session.scalars(stmt))


def _worker_starts(
    workers: Sequence[OutreachWorker], fallback: Office | None
) -> tuple[dict[str, tuple[str, float, float]], tuple[GeoNote, ...]]:
    """Where each worker's day starts (worker id → name, lat, lon) and notes on fallbacks.

    A worker's own start address (placed when the setup was applied) wins; without one, or
    when it could not be placed, the day starts at the worker's office (with a note).
    """
    offices: dict[str, tuple[str, float, float]] = {}
    notes: list[GeoNote] = []
    for w in workers:
        start = own_start(w)
        if start is not None:
            offices[str(w.id)] = (w.start_address, *start)
            continue
        office = w.office if w.office and w.office.lat is not None else fallback
        if office is None or office.lat is None or office.lon is None:
            raise PlanningError(
                "no_office",
                "No office has coordinates, so routes have nowhere to start: please give the "
                "office an address that can be placed, under Tools → Setup → Office.",
                "Keine Dienststelle hat Koordinaten; die Touren hätten keinen Startpunkt. Bitte "
                "geben Sie unter Extras → Einrichtung → Dienststelle eine Anschrift an, die "
                "sich verorten lässt.",
            )
        if w.start_address:
            notes.append(GeoNote.of(NoteCode.START_AT_OFFICE, worker=w.name, office=office.name))
        offices[str(w.id)] = (office.name, office.lat, office.lon)
    return offices, tuple(notes)


def _area_workers(
    session: Session, workers: Sequence[OutreachWorker]
) -> dict[uuid.UUID, frozenset[str]]:
    """The active workers that cover each area (the setup's worker_area links)."""
    active = {w.id for w in workers}
    found: dict[uuid.UUID, set[str]] = {}
    for link in session.scalars(select(WorkerArea)):
        if link.worker_id in active:
            found.setdefault(link.area_id, set()).add(str(link.worker_id))
    return {area: frozenset(ids) for area, ids in found.items()}


def _active_workers(session: Session) -> list[OutreachWorker]:
    """The active outreach workers by name; :class:`PlanningError` when there is none."""
    workers = list(
        session.scalars(
            select(OutreachWorker)
            .where(OutreachWorker.active.is_(True))
            .options(selectinload(OutreachWorker.office))
            .order_by(OutreachWorker.name)
        )
    )
    if not workers:
        raise PlanningError(
            "no_workers",
            "There is no active outreach worker to plan routes for: please add one under "
            "Tools → Setup → Outreach, or with 'fieldkit setup apply FILE'.",
            "Es gibt keine aktive Fachkraft der Aufsuchenden Beratung für die Touren. Bitte "
            "legen Sie unter Extras → Einrichtung → Außendienst eine an "
            "(oder mit „fieldkit setup apply DATEI“).",
        )
    return workers


def _stored_division(session: Session) -> AreaDivision:
    """The one stored division (retired areas get no new customers); an error without areas."""
    division = load_division(session)
    if not division.defined:
        raise PlanningError(
            "no_areas",
            "No areas are defined; define the division of the district first, under "
            "Tools → Setup → Areas.",
            "Es sind keine Gebiete festgelegt. Bitte teilen Sie zuerst unter "
            "Extras → Einrichtung → Gebiete den Landkreis auf.",
        )
    return division


def _plannable_flags(session: Session, iso: IsoWeek, keep_ids: set[uuid.UUID]) -> list[Flag]:
    """The week's flags (withdrawn ones only when kept); an error when there is none."""
    week = str(iso)
    flags = [f for f in _week_flags(session, week) if f.withdrawn_at is None or f.id in keep_ids]
    if not flags:
        raise PlanningError(
            "unknown_week",
            f"There are no flagged customers in week {week}.",
            f"In der Woche {iso.label_de()} sind keine Kunden vorgemerkt.",
        )
    return flags


def _info_of(flag: Flag, window: tuple[dt.time | None, dt.time | None], prio: int) -> _Info:
    c = flag.customer
    addr = c.address
    return _Info(
        flag.id,
        c.kundennummer,
        c.display_name,
        addr.one_line if addr else "",
        addr.lat if addr else None,
        addr.lon if addr else None,
        window_text(*window),
        prio,
    )
