"""No setting from a file can delete unsynced work or keep a lost laptop open (issue 14, item 5):
``sync.keep_days`` is at least 1 from any file, and pulled office-wide lease and lock
thresholds may only tighten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit.domain.permissions import ANYONE
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.sync import engine as eng
from fieldkit.sync import office_docs, service
from tests.test_sync_helpers import ANNA, NOW, new_laptop, record_field_work


@pytest.mark.parametrize("days", [-36500, -1, 0])
def test_keep_days_below_one_is_raised_to_one_from_every_file(days: int) -> None:
    assert Settings.from_dict({"sync": {"keep_days": days}}).sync.keep_days == 1
    assert Settings().with_office_wide({"sync": {"keep_days": days}}).sync.keep_days == 1
    assert Settings.from_dict({"sync": {"keep_days": 3}}).sync.keep_days == 3


@pytest.mark.parametrize(
    ("pulled", "lease", "purge"),
    [
        (7, 7, 7),  # lowering is the office's right
        (14, 14, 14),
        (15, 14, 15),  # above the laptop's lease 14: refused; below its purge 30: taken
        (36500, 14, 30),  # raising is refused
        (-5, 1, 1),  # raised to the minimum first, then it is stricter
        ("viele", 14, 30),
    ],
)
def test_pulled_lease_and_purge_days_only_tighten(pulled: Any, lease: int, purge: int) -> None:
    laptop = Settings().replace("sync", lease_days=14, purge_days=30)
    doc = {"sync": {"lease_days": pulled, "purge_days": pulled}}
    after = laptop.with_office_wide(doc).sync
    assert (after.lease_days, after.purge_days) == (lease, purge)


@pytest.mark.parametrize(
    ("own", "pulled", "taken"),
    [
        (0, 10, 10),  # "never" → a lock after 10 minutes is stricter
        (10, 5, 5),
        (10, 30, 10),
        (10, 0, 10),  # 0 would mean "never lock": looser, refused
        (10, -3, 10),  # raised to 0 = never: refused too
        (0, 0, 0),
    ],
)
def test_pulled_idle_lock_only_tightens(own: int, pulled: int, taken: int) -> None:
    laptop = Settings().replace("app", idle_lock_minutes=own)
    after = laptop.with_office_wide({"app": {"idle_lock_minutes": pulled}})
    assert after.app.idle_lock_minutes == taken


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = new_laptop(tmp_path / "laptop.sqlite")
    yield db
    db.dispose()


def _forge_settings_document(central: str, body: dict[str, Any]) -> None:
    """What a forged pull file carries: an office settings document of the attacker's making."""
    engine = sa.create_engine(central)
    t = eng.table("office_document")
    with engine.begin() as conn:
        office_id = conn.scalar(sa.select(eng.table("office").c.id))
        assert office_id is not None
        conn.execute(
            sa.insert(t).values(
                id=office_docs.document_id(office_id, "settings"), office_id=office_id,
                kind="settings", body=body, published_by="", created_at=NOW, updated_at=NOW,
                device_id="",
            )
        )  # fmt: skip
    engine.dispose()


def _customers(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(eng.table("customer"))) or 0)


def test_a_forged_pull_file_with_negative_keep_days_deletes_nothing(
    central: str, laptop: Database, tmp_path: Path
) -> None:
    _forge_settings_document(
        central,
        {"sync": {"keep_days": -36500, "lease_days": 36500, "purge_days": 36500},
         "app": {"idle_lock_minutes": 0}},
    )  # fmt: skip
    SettingsStore().save(Settings().replace("app", idle_lock_minutes=15))
    service.sync_network(
        laptop, central, worker=ANNA, now=NOW, identity=ANYONE
    )  # takes the forged settings
    record_field_work(laptop, visits=6, drafts=1)  # this week's visits, then synced
    this_week = _customers(laptop)
    assert this_week > 0
    # As the CLI and the sync dialog do: the sync runs with the settings file's values.
    sync = Settings.load().sync
    report = service.sync_network(
        laptop, central, worker=ANNA, now=NOW, settings=sync, identity=ANYONE
    )
    assert (report.removed, _customers(laptop)) == (0, this_week)
    pull = tmp_path / "pull.zip"
    service.export_pull(
        central, pull, worker=ANNA, device=laptop.device_id, now=NOW, identity=ANYONE
    )
    report = service.import_pull(
        laptop, pull, now=NOW, settings=Settings.load().sync, identity=ANYONE
    )
    assert (report.removed, _customers(laptop)) == (0, this_week)
    taken = Settings.load()
    assert taken.sync.keep_days == 1
    assert (taken.sync.lease_days, taken.sync.purge_days) == (14, 30)
    assert taken.app.idle_lock_minutes == 15


def test_minimise_itself_never_takes_fewer_than_one_day(laptop: Database) -> None:
    with laptop.engine.begin() as conn:
        assert eng.minimise(conn, NOW.date(), keep_days=-36500) == 0
