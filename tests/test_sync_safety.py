"""Issue 21, the sync part: nothing lost, nothing twice, against a real PostgreSQL.

Each test reproduces one failure that the earlier sync tests did not look for: a restored
backup, foreign or replayed files, skewed clocks, writes during a sync, two installations of
one worker, a central address correction, a laptop that was set up on its own.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from fieldkit.domain import casenote
from fieldkit.services import field
from fieldkit.store.db import Database
from fieldkit.store.models import Flag, Visit
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from tests.test_sync_helpers import ANNA, NOW, new_laptop


@pytest.fixture
def laptop(tmp_path: Path, central: str) -> Iterator[Database]:
    """A laptop that pulled Anna's week."""
    db = new_laptop(tmp_path / "laptop.sqlite")
    service.sync_network(db, central, worker=ANNA, now=NOW)
    yield db
    db.dispose()


def _path(db: Database) -> Path:
    return Path(str(make_url(db.url).database))


def _backup(db: Database, dest: Path) -> None:
    """A copy of the laptop's file as a backup tool would take it (the app closed)."""
    db.dispose()
    shutil.copy(_path(db), dest)


def _rows(url: str, name: str, **where: object) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    t = eng.table(name)
    query = sa.select(t).where(*(t.c[k] == v for k, v in where.items()))
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    engine.dispose()
    return rows


def _draft_visit(db: Database) -> uuid.UUID:
    with db.session() as session:
        flag = session.scalars(sa.select(Flag).order_by(Flag.id)).first()
        assert flag is not None
        visit = Visit(
            flag_id=flag.id,
            customer_id=flag.customer_id,
            visited_at=NOW,
            details=dict(casenote.DEFAULT_DETAILS),
            state="draft",
        )
        session.add(visit)
        session.flush()
        return visit.id


# --------------------------------------------------------------------------- item 2


def test_a_visit_finished_again_after_restoring_a_backup_is_one_note_and_one_conflict(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    visit_id = _draft_visit(laptop)
    field.update_visit(laptop, visit_id, {"outcome": "met"})
    _backup(laptop, tmp_path / "backup.sqlite")  # the visit is a draft in the backup
    field.finish_visit(laptop, visit_id, NOW)
    service.sync_network(laptop, central, worker=ANNA, now=NOW)
    laptop.dispose()
    # The laptop is restored from the backup and the visit is finished again, differently.
    shutil.copy(tmp_path / "backup.sqlite", _path(laptop))
    restored = new_laptop(_path(laptop))
    try:
        field.update_visit(restored, visit_id, {"outcome": "not_met", "note": "doch nicht"})
        field.update_visit(restored, visit_id, {"not_met_reason": "nobody_opened"})
        field.finish_visit(restored, visit_id, NOW + timedelta(hours=1))
        service.sync_network(restored, central, worker=ANNA, now=NOW + timedelta(hours=1))
    finally:
        restored.dispose()
    notes = _rows(central, "case_note", visit_id=visit_id)
    tasks = _rows(central, "task", visit_id=visit_id)
    assert len(notes) == 1, "one visit has one Vermerk centrally"
    assert len(tasks) == 1, "one visit has one task set centrally"
    assert "KD angetroffen" in str(notes[0]["text"])  # central keeps the first version
    conflicts = _rows(central, "sync_conflict", record_id=notes[0]["id"])
    assert [c["kind"] for c in conflicts] == ["changed_after_sync"]
    detail = conflicts[0]["detail"]
    assert isinstance(detail, dict)
    assert "nicht angetroffen" in detail["version"]["text"]  # the second version is kept
