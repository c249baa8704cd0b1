"""The office report counts in SQL (issue 21, item 13) and still counts what it counted.

A seeded world with everything the report distinguishes — withdrawn flags, drafts, corrected
(superseded) visits, visits with and without a worker, details said and unsaid, planned and
unplanned flags, areas by postcode and by municipality, follow-ups — is counted by
:func:`office_reports.report` and by ``reference_report`` below: the former implementation
(every flag loaded and counted in Python), kept here as the test's oracle. Both databases.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain.model import Outcome, RecordState
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.services import office_reports as reports
from fieldkit.services.office import Identity, scope_customers
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    Area,
    AreaMember,
    Customer,
    Flag,
    OutreachWorker,
    Route,
    RoutePlan,
    RouteStop,
    Visit,
)
from fieldkit.store.models_office import AppointmentFollowUp
from tests.factories import add_flagged
from tests.snapshots import built_once, opened_copy

T0 = datetime(2026, 10, 5, 9, tzinfo=UTC)
TOWNS = ("Neckarsulm", "Eppingen", "Weinsberg", "Flein", "Bad Rappenau", "Nirgendwo")


@pytest.fixture(scope="module")
def sqlite_world(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded world in an SQLite file, built once per module (tests/snapshots.py)."""
    return built_once(migrated_template, tmp_path_factory.mktemp("report"), _build)


@pytest.fixture(scope="module")
def postgresql_world() -> Iterator[str]:
    """The seeded world in a PostgreSQL database (its name), migrated and built once."""
    from tests.test_sync_helpers import create_database, drop_database

    url = create_database()
    db = open_database(url)
    try:
        _build(db)
    finally:
        db.dispose()
    yield str(make_url(url).database)
    drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the seeded world, in each database."""
    if request.param == "sqlite":
        yield from opened_copy(request.getfixturevalue("sqlite_world"), tmp_path / "report.sqlite")
        return
    from tests.test_sync_helpers import create_database, drop_database

    url = create_database(request.getfixturevalue("postgresql_world"))
    db = open_database(url)
    try:
        yield db
    finally:
        db.dispose()
        drop_database(url)


def _build(db: Database) -> None:
    rnd = random.Random(21)
    for i in range(60):
        week = f"2026-W{41 + i % 4}"
        hb = ("Frau Keller", "Herr Brandt", "Frau Ohm")[i % 3]
        add_flagged(db, f"962D{i:06d}", f"N{i}", TOWNS[i % len(TOWNS)], week=week, hb=hb)
    gaz = Gazetteer.shipped()
    with db.session() as session:
        workers = [OutreachWorker(name=n) for n in ("AB Wolf", "AB Kern")]
        north, south = Area(name="Nord"), Area(name="Süd")
        town = gaz.municipality("Eppingen")
        assert town is not None
        north.members = [AreaMember(ags="00000000", postcode="74172")]  # by postcode
        south.members = [AreaMember(ags=town.ags, postcode=None)]  # by municipality
        session.add_all([*workers, north, south])
        session.flush()
        plans: dict[str, RoutePlan] = {}
        # In a fixed order (not by the random ids), so the same flags get the same draws
        # in every run: the world, and what it has to count, are the same each time.
        in_order = select(Flag).join(Customer).order_by(Flag.visit_week, Customer.kundennummer)
        for flag in session.scalars(in_order):
            _visits(session, rnd, flag, workers)
            if rnd.random() < 0.4:
                plan = plans.get(flag.visit_week)
                if plan is None:
                    plan = plans[flag.visit_week] = RoutePlan(visit_week=flag.visit_week,
                                                              planned_at=T0)  # fmt: skip
                    session.add(plan)
                route = Route(plan=plan, day=date(2026, 10, 6), worker=rnd.choice([*workers, None]),
                              area=rnd.choice([north, south, None]))  # fmt: skip
                session.add(RouteStop(route=route, flag_id=flag.id, seq=1))
            if rnd.random() < 0.1:
                flag.withdrawn_at = T0
        # Some addresses outside any postcode member, so the municipality decides.
        for customer in session.scalars(select(Customer)):
            if rnd.random() < 0.5 and customer.address is not None:
                customer.address.plz = "74000"


def _visits(
    session: Session, rnd: random.Random, flag: Flag, workers: list[OutreachWorker]
) -> None:
    previous = None
    for n in range(rnd.choice([0, 1, 1, 2, 3])):
        outcome = rnd.choice([Outcome.MET, Outcome.NOT_MET, None])
        details = rnd.choice([{}, {"handed_over": False}, {"mailbox_invitation": False},
                              {"mailbox_package": False, "handed_over": True}])  # fmt: skip
        visit = Visit(
            flag_id=flag.id, customer_id=flag.customer_id, outcome=outcome, details=details,
            visited_at=T0 + timedelta(hours=n + rnd.random()),
            worker_id=rnd.choice([None, *[w.id for w in workers]]),
            state=rnd.choice([RecordState.FINAL, RecordState.FINAL, RecordState.DRAFT]),
            supersedes_id=previous.id if previous is not None and rnd.random() < 0.6 else None,
        )  # fmt: skip
        session.add(visit)
        session.flush()
        previous = visit
    if rnd.random() < 0.6:
        session.add(
            AppointmentFollowUp(
                flag_id=flag.id, came=rnd.choice([True, False, None]),
                proposal=rnd.choice(["", "suspension"]), decision=rnd.choice(["", "suspend"]),
            )
        )  # fmt: skip


@pytest.mark.parametrize(
    ("identity", "first", "last"),
    [
        (Identity(), "", ""),
        (Identity("office", "Lead", "521", team_lead=True), "2026-W42", "2026-W43"),
        (Identity("office", "Frau Keller", "521"), "", "2026-W42"),
    ],
)
def test_sql_report_counts_like_the_former_one(
    world: Database, identity: Identity, first: str, last: str
) -> None:
    with world.session() as session:
        got = reports.report(session, identity, first, last)
        want = reference_report(session, identity, first, last)
    assert got == want
    assert sum(r.visited for r in got) > 3, "the world must have visits to count"


# ----------------------------------------------------------------- the former implementation


def reference_report(
    session: Session, identity: Identity, first_week: str = "", last_week: str = ""
) -> list[reports.ReportRow]:
    stmt = (
        select(Flag)
        .join(Customer, Customer.id == Flag.customer_id)
        .where(Flag.withdrawn_at.is_(None))
        .options(selectinload(Flag.customer).selectinload(Customer.address))
    )
    if first_week:
        stmt = stmt.where(Flag.visit_week >= first_week)
    if last_week:
        stmt = stmt.where(Flag.visit_week <= last_week)
    flags = list(session.scalars(scope_customers(stmt, identity)))
    ids = [f.id for f in flags]
    visits = _newest_final_visits(session, ids)
    stops = _route_facts(session, ids)
    by_address = _address_areas(session, [f for f in flags if f.id not in stops])
    workers = {w.id: w.name for w in session.scalars(select(OutreachWorker))}
    followups = {
        f.flag_id: f
        for f in session.scalars(
            select(AppointmentFollowUp).where(AppointmentFollowUp.flag_id.in_(ids))
        )
    }
    groups: dict[tuple[str, str, str], reports.ReportRow] = {}
    for flag in flags:
        visit = visits.get(flag.id)
        area, route_worker = stops.get(flag.id, (by_address.get(flag.id, reports.NO_AREA), ""))
        worker = (
            workers.get(visit.worker_id, "") if visit and visit.worker_id else ""
        ) or route_worker
        key = (flag.visit_week, area, worker or reports.NO_WORKER)
        row = groups.setdefault(key, reports.ReportRow(*key))
        row.flagged += 1
        if visit is None:
            continue
        details = visit.details or {}
        row.visited += 1
        if visit.outcome == Outcome.MET:
            row.met += 1
            row.handed_over += bool(details.get("handed_over", True))
        elif visit.outcome == Outcome.NOT_MET:
            row.not_met += 1
            row.dropped += bool(details.get("mailbox_invitation", True))
            row.packages += bool(details.get("mailbox_package", True))
        followup = followups.get(flag.id)
        if followup is not None:
            row.came += followup.came is True
            row.missed += followup.came is False
            row.suspensions_proposed += followup.proposal == "suspension"
            row.suspended += followup.decision == "suspend"
    return [groups[k] for k in sorted(groups)]


def _newest_final_visits(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Visit]:
    visits = list(
        session.scalars(
            select(Visit).where(Visit.flag_id.in_(ids), Visit.state == RecordState.FINAL)
        )
    )
    superseded = {v.supersedes_id for v in visits if v.supersedes_id is not None}
    newest: dict[uuid.UUID, Visit] = {}
    for visit in visits:
        if visit.id in superseded:
            continue
        kept = newest.get(visit.flag_id)
        if kept is None or visit.visited_at > kept.visited_at:
            newest[visit.flag_id] = visit
    return newest


def _route_facts(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    facts: dict[uuid.UUID, tuple[str, str]] = {}
    rows = session.execute(
        select(RouteStop.flag_id, Area.name, OutreachWorker.name)
        .join(Route, Route.id == RouteStop.route_id)
        .outerjoin(Area, Area.id == Route.area_id)
        .outerjoin(OutreachWorker, OutreachWorker.id == Route.worker_id)
        .where(RouteStop.flag_id.in_(ids))
    )
    for flag_id, area, worker in rows:
        facts[flag_id] = (area or reports.NO_AREA, worker or "")
    return facts


def _address_areas(session: Session, flags: Sequence[Flag]) -> dict[uuid.UUID, str]:
    """Flag by flag, the week list's rule (geo.areas.areas_of_address)."""
    from fieldkit.geo import areas as geo_areas
    from fieldkit.services.areas import AREA_JOIN, geo_address, geo_areas_of

    rows = list(session.scalars(select(Area).options(selectinload(Area.members))))
    if not rows or not flags:
        return {}
    names = {str(a.id): a.name for a in rows}
    areas = geo_areas_of(rows)
    gazetteer = Gazetteer.shipped()
    found: dict[uuid.UUID, str] = {}
    for flag in flags:
        address = flag.customer.address
        if address is None:
            continue
        hits = geo_areas.areas_of_address(geo_address(address), areas, gazetteer)
        if hits:
            found[flag.id] = AREA_JOIN.join(names[a.name] for a in hits)
    return found
