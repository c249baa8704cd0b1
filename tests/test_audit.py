"""The audit log (issue 14, item 4): what is recorded, that it holds no personal data, that it
is append-only on the laptop, the retention purge, the CLI, and that it reaches the central
PostgreSQL store with the sync."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from fieldkit.cli import main
from fieldkit.domain import roles
from fieldkit.domain.model import Outcome
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import audit, field, week
from fieldkit.services.audit_settings import AuditSettings
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import AppMeta, Customer, Flag, RouteStop
from fieldkit.store.models_audit import AuditEntry
from fieldkit.sync import engine as eng
from fieldkit.sync import service as sync_service
from fieldkit.ui.setup.audit_log import AuditLogWindow
from tests.test_field_service import NOW, build_day
from tests.test_sync_helpers import ANNA, new_laptop

FIELD = Identity(account="feld1", account_role=roles.FIELD, worker="Anna Berger")
ADMIN = Identity(account="admin1", account_role=roles.ADMIN)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "audit.sqlite"))
    yield database
    database.dispose()


def _all(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.at, AuditEntry.action)))


def _personal(db: Database) -> set[str]:
    """Every name and address part of the customers: none may be in the log."""
    out: set[str] = set()
    with db.session() as s:
        for c in s.scalars(select(Customer)):
            out |= {c.nachname, c.vorname}
            if c.address is not None:
                out |= {c.address.strasse, c.address.adresszusatz} - {""}
    return out


def test_reading_and_finishing_a_visit_is_recorded_without_personal_data(db: Database) -> None:
    route_id = build_day(db)
    with db.session() as s:
        stop = s.scalars(select(RouteStop).where(RouteStop.route_id == route_id)).first()
        assert stop is not None
        stop_id, flag_id = stop.id, stop.flag_id
        customer_id = s.get(Flag, flag_id).customer_id  # type: ignore[union-attr]
        field.load_day(s, route_id, identity=FIELD)
        week.customer_detail(s, flag_id, FIELD)
    visit = field.start_visit(db, stop_id, None, NOW, identity=FIELD)
    changes = {"outcome": Outcome.MET, "legal_consequences": True}
    field.update_visit(db, visit.id, changes, identity=FIELD)
    field.save_note_draft(db, visit.id, "Niemand angetroffen, Karte eingeworfen.", identity=FIELD)
    field.finish_visit(db, visit.id, NOW, identity=FIELD)

    rows = _all(db)
    got = {(e.action, e.object_kind, e.object_id) for e in rows}
    assert (audit.OPEN, "route", str(route_id)) in got
    assert (audit.OPEN, "customer", str(customer_id)) in got
    assert (audit.CHANGE, "visit", str(visit.id)) in got
    assert (audit.FINALISE, "visit", str(visit.id)) in got
    assert {e.account for e in rows} == {"feld1"}
    assert {e.device for e in rows} == {db.device_id}
    assert all(e.at.tzinfo is not None for e in rows)
    text = json.dumps([audit.as_dict(e) for e in rows], ensure_ascii=False)
    for word in _personal(db) | {"Niemand angetroffen"}:
        assert word not in text, word


def test_filters_by_customer_user_since_and_action(db: Database) -> None:
    build_day(db)
    with db.session() as s:
        flags = list(s.scalars(select(Flag).order_by(Flag.id)))
        for flag in flags[:3]:
            week.customer_detail(s, flag.id, FIELD)
        week.customer_detail(s, flags[0].id, Identity(account="sb1"))
        number = flags[0].customer.kundennummer
    with db.session() as s:
        mine = audit.entries(s, ADMIN, audit.Filters(customer=number))
        assert [e.account for e in mine] == ["sb1", "feld1"]
        assert len(audit.entries(s, ADMIN, audit.Filters(user="feld1"))) == 3
        assert audit.entries(s, ADMIN, audit.Filters(since=datetime.now(UTC) + timedelta(1))) == []
        assert len(audit.entries(s, ADMIN, audit.Filters(action=audit.OPEN))) == 4
        assert audit.entries(s, ADMIN, audit.Filters(customer="no-such-customer")) == []
        assert len(audit.entries(s, ADMIN, audit.Filters(limit=2))) == 2
        with pytest.raises(PermissionDenied):
            audit.entries(s, FIELD)


def test_rows_cannot_be_changed_or_deleted_except_by_the_purge(db: Database) -> None:
    with db.session() as s:
        audit.login(s, "admin1", True)
    with db.engine.begin() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(sa.text("UPDATE audit_log SET account = 'someone else'"))
    with db.engine.begin() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(sa.text("DELETE FROM audit_log"))
    with pytest.raises(DatabaseError, match="append-only"):
        _change_detail(db)
    assert [e.account for e in _all(db)] == ["admin1"]


def _change_detail(db: Database) -> None:
    with db.session() as s:
        entry = s.scalars(select(AuditEntry)).one()
        entry.detail = "geändert"


def test_the_purge_removes_only_entries_past_the_retention_period(db: Database) -> None:
    now = datetime(2026, 12, 6, 10, tzinfo=UTC)
    for days in (800, 400, 10):
        db.clock = lambda d=days: now - timedelta(days=d)  # type: ignore[misc]
        audit.record_now(db, ADMIN, audit.SETUP, "office_setup", "", f"{days}")
    assert audit.purge(db, AuditSettings(keep_days=730), now) == 1
    assert sorted(e.detail for e in _all(db)) == ["10", "400"]
    # A period below a year counts as one year (a file must not erase the log).
    assert audit.purge(db, AuditSettings(keep_days=1), now) == 1
    assert [e.detail for e in _all(db)] == ["10"]
    with db.session() as s:
        assert s.scalar(select(AppMeta).where(AppMeta.key == "audit_purge")) is None
    with db.engine.begin() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(sa.text("DELETE FROM audit_log"))
    assert Settings.from_dict({"audit": {"keep_days": -5}}).audit.keep_days == 365


def test_login_records_success_and_failure_but_never_a_password(db: Database) -> None:
    with db.session() as s:
        audit.login(s, "feld1", True)
        audit.login(s, "feld1\n<b>", False, "password")
    rows = _all(db)
    assert [(e.action, e.account, e.detail) for e in rows] == [
        (audit.LOGIN, "feld1", ""),
        (audit.LOGIN_FAILED, "feld1 <b>", "password"),
    ]


def test_hostile_and_huge_details_are_cut_to_one_short_line(db: Database) -> None:
    with db.session() as s:
        audit.record(s, ADMIN, audit.EXPORT, "pdf", uuid.uuid4(), "a\x00b\r\n" + "x" * 10_000)
        with pytest.raises(ValueError, match="unknown audit action"):
            audit.record(s, ADMIN, "drop table", "x")
    (entry,) = _all(db)
    assert entry.detail.startswith("a b")
    assert len(entry.detail) == 200


def test_cli_lists_the_log_as_json_and_refuses_bad_input(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    build_day(db)
    with db.session() as s:
        flag = s.scalars(select(Flag)).first()
        assert flag is not None
        week.customer_detail(s, flag.id, FIELD)
        number = flag.customer.kundennummer
    url = db.url
    db.dispose()
    assert main(["--db", url, "audit", "--customer", number, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(e["account"], e["action"]) for e in out] == [("feld1", "open")]
    assert main(["--db", url, "audit", "--user", "feld1"]) == 0
    text = capsys.readouterr().out
    assert "feld1" in text
    assert "open" in text
    assert main(["--db", url, "audit", "--since", "gestern"]) == 1
    assert "--since" in capsys.readouterr().err


def test_the_protokoll_window_shows_the_log_to_the_administration_only(
    qtbot: QtBot, db: Database
) -> None:
    build_day(db)
    with db.session() as s:
        flag = s.scalars(select(Flag)).first()
        assert flag is not None
        week.customer_detail(s, flag.id, FIELD)
        audit.login(s, "admin1", True)
        audit.login(s, "<b>feld1</b>", False, "password")
    window = AuditLogWindow(db, ADMIN)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 3
    shown = {window.model.index(r, 3).data() for r in range(3)}
    assert shown == {"geöffnet", "angemeldet", "Anmeldung fehlgeschlagen"}
    assert "Einträge: 3" in window.message.text()
    window.user.setText("feld1")
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 1
    assert window.model.index(0, 1).data() == "feld1"
    window.user.setText("")
    window.customer.setText(flag.customer.kundennummer)
    window.reload()
    assert window.model.rowCount() == 1
    refused = AuditLogWindow(db, FIELD)
    qtbot.addWidget(refused)
    assert refused.model.rowCount() == 0
    assert "Berechtigung" in refused.message.text()


@pytest.mark.postgres
def test_audit_rows_arrive_in_the_central_store_with_the_push(central: str, tmp_path: Path) -> None:
    laptop = new_laptop(tmp_path / "laptop.sqlite")
    try:
        with laptop.session() as s:
            audit.login(s, "feld1", True)
            audit.record(s, FIELD, audit.EXPORT, "pdf", "", "Tour.pdf")
        report = sync_service.sync_network(laptop, central, worker=ANNA, now=NOW, identity=FIELD)
        assert report.pushed["audit_log"] == 3  # the two and the sync run's own entry
        engine = sa.create_engine(central)
        try:
            with engine.connect() as conn:
                t = eng.table("audit_log")
                mine = t.c.device == laptop.device_id
                rows = conn.execute(select(t.c.account, t.c.action, t.c.device).where(mine)).all()
        finally:
            engine.dispose()
        assert sorted((a, act) for a, act, _ in rows if a) == [
            ("feld1", "export"),
            ("feld1", "login"),
            ("feld1", "sync"),
        ]
        # Besides: the laptop's own entries from before (the demo week's import, no account).
        assert {act for a, act, _ in rows if not a} <= {"import", "plan", "setup", "geocode"}
        assert sync_service.unsynced_count(laptop) == 0
    finally:
        laptop.dispose()


def test_the_app_start_purges_what_the_settings_no_longer_keep(db: Database) -> None:
    from fieldkit.ui.app import purge_audit_log

    db.clock = lambda: datetime.now(UTC) - timedelta(days=800)
    audit.record_now(db, ADMIN, audit.SETUP, "office_setup", "", "alt")
    db.clock = lambda: datetime.now(UTC)
    audit.record_now(db, ADMIN, audit.SETUP, "office_setup", "", "neu")
    assert purge_audit_log(db, Settings()) == 1
    assert [e.detail for e in _all(db)] == ["neu"]


def test_the_app_start_leaves_the_central_log_to_the_administration(central: str) -> None:
    # A back-office window on the central database may not delete audit rows there (its
    # login has no right to): the start tried at every launch and warned. The central log
    # is purged by the administration with 'fieldkit audit --purge'.
    from fieldkit.ui.app import purge_audit_log

    db = open_database(central)
    try:
        db.clock = lambda: datetime.now(UTC) - timedelta(days=800)
        audit.record_now(db, ADMIN, audit.SETUP, "office_setup", "", "alt")
        db.clock = lambda: datetime.now(UTC)
        assert purge_audit_log(db, Settings()) == 0
        assert "alt" in [e.detail for e in _all(db)]
    finally:
        db.dispose()
