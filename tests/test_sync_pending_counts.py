"""The pending counts of all pushed tables in one query agree with one query per table."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from fieldkit.domain.permissions import ANYONE
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from tests.test_sync_helpers import ANNA, NOW, as_worker, new_laptop, record_field_work


def _each_alone(db_engine: sa.Engine, names: tuple[str, ...]) -> dict[str, int]:
    with db_engine.connect() as conn:
        return {name: eng.count_pending(conn, name) for name in names}


def test_one_query_counts_like_a_query_per_table(central: str, tmp_path: Path) -> None:
    laptop = new_laptop(tmp_path / "laptop.sqlite")
    try:
        service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        made = record_field_work(laptop, visits=5, drafts=2)
        with laptop.engine.connect() as conn:
            together = eng.count_pending_each(conn, eng.PUSH_TABLES)
            assert eng.count_pending_each(conn, ()) == {}
            assert eng.count_pending_each(conn, ("visit",)) == {"visit": made["visit"]}
        assert together == _each_alone(laptop.engine, eng.PUSH_TABLES)
        assert together["visit"] == made["visit"]  # final visits and a correction; no drafts
        assert together["case_note"] == made["case_note"] > 0
        assert service.unsynced_count(laptop) == sum(together[n] for n in eng.FIELD_TABLES)
        service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        with laptop.engine.connect() as conn:
            assert set(eng.count_pending_each(conn, eng.PUSH_TABLES).values()) == {0}
    finally:
        laptop.dispose()
