"""Planning the demo week on the store: stored plan, unplanned reasons, re-plan, move, field."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.domain.week import IsoWeek
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.services import demo_setup, planning
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Address, Area, Customer, Flag, RouteStop, Visit

WEEK = "2026-W49"
SETTINGS = Settings()


def quick_plan(db: Database, settings: Settings = SETTINGS) -> planning.StoredPlan:
    """A quick, reproducible plan (ends after a fixed number of search steps)."""
    return planning.plan_and_store(
        db, WEEK, settings, time_limit=5.0, solution_limit=150, identity=UNRESTRICTED
    )


def give_coordinates(db: Database) -> None:
    """Municipality centre plus a small fixed offset per customer (no geocoder needed)."""
    gazetteer = Gazetteer.shipped()
    with db.session() as session:
        for address in session.scalars(select(Address)):
            place = gazetteer.municipality(address.ort)
            assert place is not None
            h = zlib.crc32(
                address.plz.encode() + address.strasse.encode() + address.hausnummer.encode()
            )
            address.lat = place.lat + ((h % 1000) / 1000 - 0.5) * 0.02
            address.lon = place.lon + ((h // 1000 % 1000) / 1000 - 0.5) * 0.03


def planning_demo(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The demo week with coordinates in a file, written once per test module."""
    path = tmp_path_factory.mktemp(name) / "demo.sqlite"
    db = open_database(str(path))
    demo_setup.write_demo(db, Settings(), IsoWeek.parse(WEEK), 40, 49)
    give_coordinates(db)
    db.dispose()
    return path


def open_copy(template: Path, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the module's demo file, opened."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(template, path)
    database = open_database(str(path))
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planning_demo(tmp_path_factory, "planning")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    yield from open_copy(template, tmp_path)


def flag_of(db: Database, number: str) -> Flag:
    with db.session() as session:
        flag = session.scalar(
            select(Flag)
            .join(Customer)
            .where(Customer.kundennummer == number, Flag.visit_week == WEEK)
        )
        assert flag is not None
        return flag


def test_plan_is_stored_valid_and_lists_everybody(db: Database):
    plan = quick_plan(db)
    assert plan.planned > 20
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, SETTINGS) == []
        flags = list(session.scalars(select(Flag).where(Flag.visit_week == WEEK)))
        stored = planning.load_plan(session, WEEK)
    assert stored is not None
    in_routes = [s.flag_id for r in stored.routes for s in r.stops]
    listed = [u.flag_id for u in stored.unplanned]
    assert sorted(in_routes + listed) == sorted(f.id for f in flags if f.withdrawn_at is None)
    blocked = {f.id for f in flags if not f.plannable}
    assert blocked
    assert {u.flag_id for u in stored.unplanned if u.reason == "blocked"} == blocked
    for route in stored.routes:
        assert route.end <= 8 * 3600 + 8 * 3600
        for stop in route.stops:
            assert stop.arrival <= stop.start
    # Every worker-day of the week has a route to drop stops on, stops or not.
    assert len(stored.routes) == 5 + 4


def test_same_input_same_plan(db: Database, tmp_path: Path, template: Path):
    first = quick_plan(db).to_json()
    other_path = tmp_path / "other.sqlite"
    shutil.copy(template, other_path)
    other = open_database(str(other_path))
    second = quick_plan(other).to_json()
    other.dispose()
    assert first == second
    again = quick_plan(db).to_json()
    assert again == first


def test_unplanned_reasons_no_coordinates_no_area_no_day(db: Database):
    with db.session() as session:
        addresses = list(
            session.scalars(select(Address).join(Customer).order_by(Customer.kundennummer))
        )
        plannable = [
            a
            for a in addresses
            if any(f.visit_week == WEEK and f.plannable for f in a.customer.flags)
        ]
        no_geo, outside, no_day = plannable[0], plannable[1], plannable[2]
        no_geo.lat = no_geo.lon = None
        outside.ort, outside.plz = "Stuttgart", "70173"
        numbers = {no_geo.customer.kundennummer, outside.customer.kundennummer}
        # The area of the third customer is visited on a Sunday only.
        area = planning._gazetteer().municipality(no_day.ort)
        assert area is not None
        for a in session.scalars(select(Area)):
            if any(m.ags == area.ags for m in a.members):
                a.weekdays = "7"
        no_day_number = no_day.customer.kundennummer
    plan = quick_plan(db)
    reasons = {u.kundennummer: u.reason for u in plan.unplanned}
    assert reasons[no_geo.customer.kundennummer] == "no_coordinates"
    assert reasons[outside.customer.kundennummer] == "no_area"
    assert reasons[no_day_number] == "no_day_for_area"
    assert numbers <= set(reasons)
    texts = {u.text("de") for u in plan.unplanned}
    assert "Adresse liegt in keinem Gebiet" in texts
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, SETTINGS) == []


def test_windows_from_hints_and_u25_priority():
    lo, hi = planning.time_window("", "", "Hund; nicht vor 10 Uhr")
    assert (lo, hi) == (dt.time(10), None)
    assert planning.time_window("", "", "bitte nur bis 14:30 Uhr") == (None, dt.time(14, 30))
    assert planning.time_window("09:00", "", "nicht vor 10 Uhr") == (dt.time(9), None)
    assert planning.window_text(dt.time(10), dt.time(15)) == "10:00–15:00"
    monday = dt.date(2026, 11, 30)
    assert planning.priority_of(0, dt.date(2001, 12, 1), monday) == 1  # 24 on Monday
    assert planning.priority_of(0, dt.date(2001, 11, 30), monday) == 0  # 25 that day
    assert planning.priority_of(3, dt.date(1970, 1, 1), monday) == 3


def test_window_from_hints_is_kept_in_the_plan(db: Database):
    plan = quick_plan(db)
    windowed = [s for r in plan.routes for s in r.stops if s.window]
    assert windowed
    for stop in windowed:
        assert stop.window == "ab 10:00"
        assert (stop.window_from, stop.window_to) == (dt.time(10), None)
        assert stop.start >= 10 * 3600


def test_too_full_week_drops_with_reason_and_never_overtime(db: Database):
    full = SETTINGS.replace("routing", day_hours=2.5, break_minutes=0)
    plan = quick_plan(db, full)
    assert any(u.reason == "not_enough_time" for u in plan.unplanned)
    for route in plan.routes:
        assert route.end <= 8 * 3600 + int(2.5 * 3600)
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, full) == []


def test_replanning_keeps_visited_and_marked_stops(db: Database):
    plan = quick_plan(db)
    route = max(plan.routes, key=lambda r: len(r.stops))
    visited, skipped = route.stops[2], route.stops[4]
    with db.session() as session:
        stop = session.get(RouteStop, visited.id)
        assert stop is not None
        session.add(
            Visit(
                flag_id=visited.flag_id,
                customer_id=stop.flag.customer_id,
                visited_at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC),
                outcome="met",
                route_stop_id=visited.id,
            )
        )
        other = session.get(RouteStop, skipped.id)
        assert other is not None
        other.status = "skipped"
    again = quick_plan(db, SETTINGS.replace("routing", day_hours=7.0))
    same = again.route(route.id)
    assert same is not None
    ids = [s.id for s in same.stops]
    assert visited.id in ids
    assert skipped.id in ids
    assert ids[0] == visited.id  # what happened comes first
    with db.session() as session:
        assert session.scalar(select(Visit.route_stop_id)) == visited.id
        assert (
            planning.check_stored_plan(session, WEEK, SETTINGS.replace("routing", day_hours=7.0))
            == []
        )
    with pytest.raises(planning.PlanningError) as err:
        planning.move_stop(db, visited.id, route.id, 0, SETTINGS, identity=UNRESTRICTED)
    assert err.value.code == "stop_fixed"


def test_move_stop_pins_it_and_reoptimises_both_routes(db: Database):
    plan = quick_plan(db)
    busy = [r for r in plan.routes if len(r.stops) >= 3]
    source = busy[0]
    # The target: another worker-day (here a day whose area is another one: the user decides).
    target = next(r for r in plan.routes if r.id != source.id and r.stops)
    moving = source.stops[1]
    new = planning.move_stop(
        db, moving.id, target.id, 1, SETTINGS, solution_limit=100, identity=UNRESTRICTED
    )
    moved_route = new.route(target.id)
    assert moved_route is not None
    assert moved_route.stops[1].id == moving.id
    assert moved_route.stops[1].pinned
    rest = new.route(source.id)
    assert rest is not None
    assert moving.id not in [s.id for s in rest.stops]
    before = {s.flag_id for s in source.stops + target.stops}
    after = {s.flag_id for s in rest.stops + moved_route.stops}
    after |= {u.flag_id for u in new.unplanned}
    assert before <= after
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, SETTINGS) == []
    # A full re-plan keeps the user's choice of day and worker.
    again = quick_plan(db)
    kept = again.route(target.id)
    assert kept is not None
    assert moving.id in [s.id for s in kept.stops]


def test_move_to_an_impossible_place_changes_nothing(db: Database):
    with db.session() as session:
        for flag in session.scalars(select(Flag).where(Flag.visit_week == WEEK)):
            flag.window_start, flag.window_end = "", ""
            flag.hints = ""
    plan = quick_plan(db)
    source = next(r for r in plan.routes if r.stops)
    with db.session() as session:
        stop = session.get(RouteStop, source.stops[0].id)
        assert stop is not None
        stop.flag.window_start, stop.flag.window_end = "06:00", "06:30"
    target = next(r for r in plan.routes if r.id != source.id)
    with pytest.raises(planning.PlanningError) as err:
        planning.move_stop(
            db, source.stops[0].id, target.id, 0, SETTINGS, solution_limit=50, identity=UNRESTRICTED
        )
    assert err.value.code == "pin_not_possible"
    with db.session() as session:
        unchanged = planning.load_plan(session, WEEK)
    assert unchanged is not None
    assert [s.id for s in unchanged.routes[0].stops] == [s.id for s in plan.routes[0].stops]
    old, now = plan.route(source.id), unchanged.route(source.id)
    assert old is not None
    assert now is not None
    assert [s.id for s in now.stops] == [s.id for s in old.stops]


def test_place_unplanned_by_hand(db: Database):
    plan = quick_plan(db, SETTINGS.replace("routing", day_hours=3.0))
    late = next(u for u in plan.unplanned if u.reason == "not_enough_time")
    target = next(r for r in plan.routes if not r.stops)
    new = planning.place_unplanned(
        db, WEEK, late.flag_id, target.id, 0, SETTINGS, solution_limit=50, identity=UNRESTRICTED
    )
    route = new.route(target.id)
    assert route is not None
    assert route.stops[0].flag_id == late.flag_id
    assert late.flag_id not in {u.flag_id for u in new.unplanned}


def test_errors_are_one_sentence(db: Database):
    with pytest.raises(planning.PlanningError) as err:
        planning.plan_and_store(db, "2031-W02", SETTINGS, identity=UNRESTRICTED)
    assert err.value.code == "unknown_week"
    with pytest.raises(planning.PlanningError) as err:
        planning.plan_and_store(db, "W02", SETTINGS, identity=UNRESTRICTED)
    assert err.value.code == "unknown_week"
    with db.session() as session:
        for address in session.scalars(select(Address)):
            address.lat = address.lon = None
    with pytest.raises(planning.PlanningError) as err:
        planning.plan_and_store(db, WEEK, SETTINGS, identity=UNRESTRICTED)
    assert err.value.code == "nothing_geocoded"
    assert "geocode" in err.value.message("en")
    with db.session() as session:
        for area in session.scalars(select(Area)):
            session.delete(area)
    with pytest.raises(planning.PlanningError) as err:
        planning.plan_and_store(db, WEEK, SETTINGS, identity=UNRESTRICTED)
    assert err.value.code == "no_areas"
    assert err.value.message("de").startswith("Es sind keine Gebiete")


def test_cancel_keeps_the_best_plan_so_far(db: Database):
    calls: list[tuple[int, int]] = []
    t0 = time.perf_counter()
    plan = planning.plan_and_store(
        db, WEEK, SETTINGS, time_limit=30.0, progress=lambda d, t: calls.append((d, t)),
        cancelled=lambda: time.perf_counter() - t0 > 0.5,
        identity=UNRESTRICTED,
    )  # fmt: skip
    assert time.perf_counter() - t0 < 20, "the cancel ends the 30 s search early"
    assert plan.cancelled
    assert plan.planned > 0
    assert calls
    assert all(t == 30000 for _, t in calls)
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, SETTINGS) == []


def test_no_plan_yet(db: Database):
    with db.session() as session:
        assert planning.load_plan(session, WEEK) is None
        assert planning.planned_weeks(session) == []


def test_a_failed_routing_server_is_told_with_the_plan(db: Database):
    """Travel times fall back to the estimate, and the plan says so (German and English)."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = SETTINGS.replace(
        "geo", routing_server_enabled=True, routing_server_url=f"http://127.0.0.1:{port}"
    )
    plan = quick_plan(db, settings)
    assert plan.planned > 0
    assert [n.text("de") for n in plan.notes] == [
        "Der Routing-Server ist nicht erreichbar oder antwortet fehlerhaft; die Fahrzeiten "
        "sind aus Luftlinie × Umwegfaktor geschätzt."
    ]
    assert plan.to_json()["notes"][0].startswith("the routing server is unreachable")
    assert quick_plan(db).notes == ()


def test_no_visit_after_the_appointment_nor_inside_the_lead_time(db: Database):
    berlin = dt.timezone(dt.timedelta(hours=1))
    with db.session() as session:
        flags = [
            f
            for f in session.scalars(
                select(Flag)
                .join(Customer)
                .where(Flag.visit_week == WEEK)
                .order_by(Customer.kundennummer)
            )
            if f.plannable
        ]
        too_close, thursday = flags[0], flags[1:6]
        # Tuesday 01.12.: two working days before it is last week's Friday.
        too_close.appointment_at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=berlin)
        for flag in thursday:
            flag.appointment_at = dt.datetime(2026, 12, 3, 9, 0, tzinfo=berlin)
        close_id, thursday_ids = too_close.id, {f.id for f in thursday}
    assert planning.latest_visit_day(
        dt.datetime(2026, 12, 3, 9, 0, tzinfo=berlin), SETTINGS.rules
    ) == dt.date(2026, 12, 1)
    plan = quick_plan(db)
    reasons = {u.flag_id: u.reason for u in plan.unplanned}
    assert reasons[close_id] == "appointment_too_close"
    texts = {u.text("en") for u in plan.unplanned if u.flag_id == close_id}
    assert texts == {"no visit day with enough lead time before the appointment"}
    for route in plan.routes:
        for stop in route.stops:
            if stop.flag_id in thursday_ids:
                assert route.day <= dt.date(2026, 12, 1)
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, SETTINGS) == []
