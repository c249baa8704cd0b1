"""The sync lease of a field laptop (issue 14, item 5), with the Database clock moved:
13 days open, 15 days sync only (app screen and CLI), 31 days purge of the synced personal
data while unsynced work stays; hostile and loosening thresholds are clamped or ignored."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fieldkit import cli
from fieldkit.domain.permissions import ANYONE
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Flag, GeocodeCacheEntry, Visit
from fieldkit.store.models_sync import SyncConflict
from fieldkit.sync import engine as eng
from fieldkit.sync import lease, service
from fieldkit.sync.settings import SyncSettings
from tests.test_sync_helpers import ANNA, NOW, new_laptop

DAY = timedelta(days=1)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = new_laptop(tmp_path / "laptop.sqlite")
    yield db
    db.dispose()


def _count(db: Database, name: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(eng.table(name))) or 0)


def _unsynced_visit(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """A finished visit the central store has not seen yet: (customer id, visit id)."""
    with db.session() as session:
        flag = session.scalars(sa.select(Flag).order_by(Flag.id)).first()
        assert flag is not None
        visit = Visit(
            flag_id=flag.id, customer_id=flag.customer_id, visited_at=NOW, state="final",
            outcome="met", note="noch nicht synchronisiert",
        )  # fmt: skip
        session.add(visit)
        session.add(GeocodeCacheEntry(key="74072|heilbronn|weg 1", lat=49.1, lon=9.2,
                                      source="test", precision="house"))  # fmt: skip
        session.flush()
        return flag.customer_id, visit.id


def _conflicts(db: Database) -> uuid.UUID:
    """A settled and an open conflict carrying a customer's version; returns the open one's id."""
    with db.session() as session:
        settled, unsettled = (
            SyncConflict(kind="differs", record_table="customer", record_id=uuid.uuid4(),
                         detail={"version": {"name": "Beispiel, Erika"}}, detected_at=NOW,
                         resolved_at=resolved)
            for resolved in (NOW, None)
        )  # fmt: skip
        session.add_all([settled, unsettled])
        session.flush()
        return unsettled.id


def _at(db: Database, when: datetime) -> None:
    db.clock = lambda: when


def test_lease_open_at_13_days_sync_only_at_15(central: str, laptop: Database) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    customers = _count(laptop, "customer")
    assert customers > 0
    _at(laptop, NOW + 13 * DAY)
    assert lease.enforce(laptop, SyncSettings(), is_field=False).status == lease.OPEN
    _at(laptop, NOW + 15 * DAY)
    state = lease.enforce(laptop, SyncSettings(), is_field=False)
    assert state.status == lease.SYNC_ONLY
    assert state.sync_only
    assert int(state.days) == 15
    assert "synchronisieren" in state.refusal().message("de")
    assert _count(laptop, "customer") == customers  # locked, nothing removed yet


def test_purge_at_31_days_removes_synced_personal_data_and_keeps_unsynced_work(
    central: str, laptop: Database
) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    kept_customer, kept_visit = _unsynced_visit(laptop)
    open_clash = _conflicts(laptop)
    workers, offices = _count(laptop, "outreach_worker"), _count(laptop, "office")
    _at(laptop, NOW + 31 * DAY)
    state = lease.enforce(laptop, SyncSettings(), is_field=False)
    assert state.status == lease.PURGE
    assert state.sync_only
    with laptop.engine.connect() as conn:
        customers = set(conn.scalars(sa.select(eng.table("customer").c.id)))
        visits = set(conn.scalars(sa.select(eng.table("visit").c.id)))
        flags = set(conn.scalars(sa.select(eng.table("flag").c.customer_id)))
    assert customers == {kept_customer}  # everything else was synced: gone
    assert visits == {kept_visit}  # the unsynced visit stays (and goes at the next sync)
    assert flags == {kept_customer}
    assert _count(laptop, "geocode_cache") == 0
    assert _count(laptop, "address") == 1
    # The setup stays: the laptop can sync again straight away.
    assert (_count(laptop, "outreach_worker"), _count(laptop, "office")) == (workers, offices)
    assert service.unsynced_count(laptop) == 1
    with laptop.engine.connect() as conn:  # a settled clash's old version goes, an open one stays
        assert list(conn.scalars(sa.select(eng.table("sync_conflict").c.id))) == [open_clash]


def test_purge_refuses_nothing_of_a_laptop_that_only_has_unsynced_work(laptop: Database) -> None:
    """Before any pull there is nothing synced: a purge removes no record of the laptop's own."""
    with laptop.engine.begin() as conn:
        report = lease.purge(conn)
    assert report.removed == 0


def test_an_office_pc_that_never_synced_is_not_leased(laptop: Database) -> None:
    _at(laptop, datetime.now(UTC) + 400 * DAY)
    assert lease.enforce(laptop, SyncSettings(), is_field=False).status == lease.OPEN


def test_a_field_laptop_that_never_synced_counts_from_its_setup(laptop: Database) -> None:
    _at(laptop, datetime.now(UTC) + 20 * DAY)
    state = lease.state(laptop, SyncSettings(), is_field=True)
    assert state.status == lease.SYNC_ONLY


def test_a_clock_set_back_does_not_reopen_the_laptop_but_a_sync_does(
    central: str, laptop: Database
) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    _at(laptop, NOW + 15 * DAY)
    assert lease.state(laptop, SyncSettings(), is_field=True).sync_only
    _at(laptop, NOW + 2 * DAY)  # the clock turned back by hand
    state = lease.state(laptop, SyncSettings(), is_field=True)
    assert state.sync_only
    assert int(state.days) == 15
    laptop.clock = lambda: datetime.now(UTC)  # right again, as the sync's clock check demands
    service.sync_network(laptop, central, worker=ANNA, now=NOW + 16 * DAY, identity=ANYONE)
    _at(laptop, NOW + 17 * DAY)
    assert lease.state(laptop, SyncSettings(), is_field=True).status == lease.OPEN


def test_a_failed_sync_does_not_renew_the_lease(central: str, laptop: Database) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    with pytest.raises(service.SyncError):
        service.sync_network(laptop, central, worker="Niemand", now=NOW + 10 * DAY, identity=ANYONE)
    _at(laptop, NOW + 15 * DAY)
    assert lease.state(laptop, SyncSettings(), is_field=True).status == lease.SYNC_ONLY


@pytest.mark.parametrize(
    ("raw", "lease_days", "purge_days", "idle"),
    [
        (-5, 1, 1, 0),
        (0, 1, 1, 0),
        (10**12, 365, 365, 480),
        ("viele", 14, 30, 10),
        (None, 14, 30, 10),
        (True, 14, 30, 10),
        (7.5, 14, 30, 10),
    ],
)
def test_hostile_thresholds_are_clamped(
    raw: Any, lease_days: int, purge_days: int, idle: int
) -> None:
    settings = Settings.from_dict(
        {"sync": {"lease_days": raw, "purge_days": raw}, "app": {"idle_lock_minutes": raw}}
    )
    assert (settings.sync.lease_days, settings.sync.purge_days) == (lease_days, purge_days)
    assert settings.app.idle_lock_minutes == idle


def test_a_pulled_setting_that_raises_the_lease_is_ignored(central: str, laptop: Database) -> None:
    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    own = Settings()
    raised = own.with_office_wide({"sync": {"lease_days": 60, "purge_days": 90}})
    lowered = own.with_office_wide({"sync": {"lease_days": 7}})
    _at(laptop, NOW + 8 * DAY)
    assert lease.state(laptop, lowered.sync, is_field=True).status == lease.SYNC_ONLY
    assert lease.state(laptop, own.sync, is_field=True).status == lease.OPEN
    _at(laptop, NOW + 15 * DAY)
    assert lease.state(laptop, raised.sync, is_field=True).status == lease.SYNC_ONLY


@pytest.mark.parametrize(("raw", "taken"), [("-5", 1), ("100000", 365)])
def test_hostile_policy_thresholds_are_clamped(raw: str, taken: int) -> None:
    import os

    Path(os.environ["FIELDKIT_POLICY"]).write_text(
        f"[sync]\nlease_days = {raw}\npurge_days = {raw}\n[app]\nidle_lock_minutes = {raw}\n",
        encoding="utf-8",
    )
    settings = Settings()
    assert (settings.sync.lease_days, settings.sync.purge_days) == (taken, taken)
    assert settings.app.idle_lock_minutes == min(max(int(raw), 0), 480)


def test_cli_refuses_all_but_sync_db_user_past_the_lease(
    central: str, laptop: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI runs on the wall clock: the last sync was 15 days ago.
    service.sync_network(
        laptop, central, worker=ANNA, now=datetime.now(UTC) - 15 * DAY, identity=ANYONE
    )
    path = str(sa.engine.make_url(laptop.url).database)
    laptop.dispose()
    customers_before = _file_customers(path)
    for argv in (["week"], ["demo"], ["policy"]):
        assert cli.main([*argv, "--db", path]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "please sync first" in err
        assert "Traceback" not in err
    assert cli.main(["db", "current", "--db", path]) == 0
    assert _file_customers(path) == customers_before


def test_cli_runs_within_the_lease(
    central: str, laptop: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    service.sync_network(
        laptop, central, worker=ANNA, now=datetime.now(UTC) - 13 * DAY, identity=ANYONE
    )
    path = str(sa.engine.make_url(laptop.url).database)
    laptop.dispose()
    assert cli.main(["week", "--db", path]) == 0
    assert "please sync first" not in capsys.readouterr().err


def _file_customers(path: str) -> int:
    db = open_database(path)
    try:
        return _count(db, "customer")
    finally:
        db.dispose()


def test_app_shows_only_the_sync_screen_past_the_lease_and_opens_after_a_sync(
    qtbot: QtBot, central: str, laptop: Database
) -> None:
    from fieldkit.ui.app import open_within_lease
    from fieldkit.ui.lease import SyncOnlyWindow
    from fieldkit.ui.main_window import MainWindow

    service.sync_network(
        laptop, central, worker=ANNA, now=datetime.now(UTC) - 15 * DAY, identity=ANYONE
    )
    lease_gate = open_within_lease(laptop, Settings(), lambda: datetime.now(UTC))
    windows = lease_gate.windows
    assert len(windows) == 1
    gate = windows[0]
    assert isinstance(gate, SyncOnlyWindow)
    qtbot.addWidget(gate)
    texts = [label.text() for label in gate.findChildren(QLabel)]
    assert "Bitte zuerst synchronisieren" in texts
    assert not gate.recheck()  # no sync yet: still closed
    service.sync_network(laptop, central, worker=ANNA, now=datetime.now(UTC), identity=ANYONE)
    assert gate.recheck()
    assert len(windows) == 2
    assert isinstance(windows[1], MainWindow)
    qtbot.addWidget(windows[1])
    assert not gate.isVisible()
    lease_gate.timer.stop()


def test_a_running_app_closes_to_the_sync_screen_when_the_lease_ends(
    qtbot: QtBot, central: str, laptop: Database
) -> None:
    from fieldkit.ui.app import open_within_lease
    from fieldkit.ui.lease import SyncOnlyWindow
    from fieldkit.ui.main_window import MainWindow

    service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=ANYONE)
    kept_customer, _ = _unsynced_visit(laptop)
    _at(laptop, NOW + 13 * DAY)
    lease_gate = open_within_lease(laptop, Settings(), lambda: NOW + 13 * DAY)
    main = lease_gate.windows[0]
    assert isinstance(main, MainWindow)
    qtbot.addWidget(main)
    assert not lease_gate.check()
    assert main.isVisible()
    _at(laptop, NOW + 31 * DAY)  # a laptop resumed from weeks of standby
    assert lease_gate.check()
    gate = lease_gate.windows[0]
    assert isinstance(gate, SyncOnlyWindow)
    qtbot.addWidget(gate)
    assert gate.isVisible()
    assert not main.isVisible()
    with laptop.engine.connect() as conn:
        assert set(conn.scalars(sa.select(eng.table("customer").c.id))) == {kept_customer}
    lease_gate.timer.stop()


def test_app_opens_the_main_window_within_the_lease(
    qtbot: QtBot, central: str, laptop: Database
) -> None:
    from fieldkit.ui.app import open_within_lease
    from fieldkit.ui.main_window import MainWindow

    service.sync_network(
        laptop, central, worker=ANNA, now=datetime.now(UTC) - 13 * DAY, identity=ANYONE
    )
    lease_gate = open_within_lease(laptop, Settings(), lambda: datetime.now(UTC))
    assert [type(w) for w in lease_gate.windows] == [MainWindow]
    qtbot.addWidget(lease_gate.windows[0])
    lease_gate.timer.stop()
