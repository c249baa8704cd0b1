"""The complete demo that ./dev run shows: both weeks, geocoded, planned, with results."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from fieldkit.services import office_followup as followup
from fieldkit.services import office_outbox as outbox
from fieldkit.services.demo_world import write_demo_world
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import open_database
from fieldkit.store.models import Address, Flag, RoutePlan, RouteStop, Visit


def test_complete_demo_goes_through_every_service(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "world.sqlite"))
    now = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # Wednesday, KW 48
    try:
        said: list[str] = []
        world = write_demo_world(db, Settings(), now, count=20, plan_seconds=1.0, say=said.append)
        assert (world.this_week, world.next_week) == ("2026-W48", "2026-W49")
        assert said
        with db.session() as session:
            weeks = set(session.scalars(select(Flag.visit_week)))
            assert {"2026-W48", "2026-W49"} <= weeks
            precisions = dict(
                session.execute(
                    select(Address.geo_precision, func.count()).group_by(Address.geo_precision)
                ).all()
            )
            assert precisions.get("house", 0) >= world.address_points > 0
            plan = session.scalar(select(RoutePlan).where(RoutePlan.visit_week == "2026-W49"))
            assert plan is not None
            stops = session.scalar(select(func.count()).select_from(RouteStop))
            assert stops == world.planned > 0
            assert world.planned + world.unplanned >= 1
            visits = session.scalar(select(func.count()).select_from(Visit))
            assert visits == world.visits + 1 > 1  # and the earlier case that went all the way
            # The back office shows a filled outbox and a follow-up with every step.
            messages = outbox.list_messages(session, Identity())
            assert {m.kind for m in messages} >= {outbox.HINT, outbox.SUSPENSION}
            assert any(not m.is_open for m in messages)
            assert any(m.is_open for m in messages)
            rows = followup.list_followups(session, Identity(), now)
            complete = [r for r in rows if r.steps and all(day for _, day in r.steps)]
            assert len(complete) == 1
            assert complete[0].decision == followup.SUSPEND
            assert complete[0].deadlines == ()
    finally:
        db.dispose()
