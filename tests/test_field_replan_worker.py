"""Field mode's re-plan on the road uses the worker's own hours, break and start point
(office setup), not only the planning settings' day and the office."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.geo.settings import GeoSettings
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import field
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import OutreachWorker
from tests.test_field_service import NOW, build_day

#: Marktplatz Brackenheim, the worker's own start address (placed by setup apply).
HOME = (49.0776, 9.0663)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "field.sqlite"))
    yield database
    database.dispose()


def _own(db: Database, start: str, end: str, break_minutes: int | None, home: bool) -> None:
    with db.session() as session:
        worker = session.scalars(select(OutreachWorker)).one()
        worker.start_time, worker.end_time, worker.break_minutes = start, end, break_minutes
        if home:
            worker.start_address = "Marktplatz 1, 74336 Brackenheim"
            worker.start_lat, worker.start_lon = HOME


def _replan(db: Database, route_id: object) -> tuple[field.ReplanInput, field.ReplanResult]:
    with db.session() as session:
        data = field.replan_input(session, route_id, NOW)  # type: ignore[arg-type]
    return data, field.compute_replan(data, GeoSettings(), RoutingSettings())


def test_replan_keeps_to_the_workers_own_day_and_start(db: Database) -> None:
    route_id = build_day(db)
    with db.session() as session:
        stops = field.load_day(session, route_id, identity=UNRESTRICTED).stops
    field.set_stop_status(db, stops[0].stop_id, "done", NOW, identity=UNRESTRICTED)
    # Without own hours: the settings' day (08:00, 8 hours), ending at the office.
    data, wide = _replan(db, route_id)
    assert (data.day_start, data.day_end, data.break_minutes) == ("", "", None)
    office_point = data.points[0]
    assert wide.unplanned == ()
    # Her own day ends at 12:00 (no break) and starts and ends at home in Brackenheim.
    _own(db, "07:00", "12:00", 0, home=True)
    data, short = _replan(db, route_id)
    assert (data.day_start, data.day_end, data.break_minutes) == ("07:00", "12:00", 0)
    assert data.points[0] == HOME
    assert data.points[0] != office_point
    assert short.unplanned, "not every stop fits into a day that ends at noon"
    assert all(arrival <= 12 * 3600 for _stop, arrival in short.order)
    assert {s for s, _ in short.order} | set(short.unplanned) == {s.stop_id for s in stops[1:]}
