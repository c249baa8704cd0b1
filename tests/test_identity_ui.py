"""Windows pass the login's identity to the services (issue 14, item 3): the role checks and
the worker/team scope hold on the UI paths too, not only when a service is called directly.

Each test drives the real window as the user would and checks the stored outcome; the same
action by the right account succeeds, so a refusal is the identity's doing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.week import BERLIN
from fieldkit.services import field, planning
from fieldkit.services import office_desk as desk
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import Caseworker, Customer, Visit
from fieldkit.ui.field import FieldWindow
from fieldkit.ui.field.visit_form import VisitForm
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.office.desk import DeskWindow
from fieldkit.ui.planning.view import PlanningWindow
from fieldkit.ui.printing import PrintDialog, PrintingFeature
from tests.factories import add_flagged, verify_rule_sets
from tests.test_field_service import build_day
from tests.test_planning_service import WEEK, open_copy, planning_demo
from tests.test_printing_store import TUESDAY, _office, _plan

SCOPE = "anderen Außendienstkraft"
ANNA = Identity("field", account="anna", account_role="field", worker="Anna Berger")
MURAT = Identity("field", account="murat", account_role="field", worker="Murat Demir")
CLOCK = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)  # noqa: E731


def visits(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Visit)) or 0)


@pytest.fixture
def day_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "day.sqlite"))
    yield database
    database.dispose()


# --- field mode ---------------------------------------------------------------------------


def test_a_field_window_of_another_workers_route_opens_nothing(
    qtbot: QtBot, day_db: Database
) -> None:
    route_id = build_day(day_db)  # Anna Berger's day
    window = FieldWindow(day_db, Settings(), CLOCK, route_id, identity=MURAT)
    qtbot.addWidget(window)
    assert window.day is None
    assert SCOPE in window.message.text()
    assert window.stop_list.model().rowCount() == 0
    own = FieldWindow(day_db, Settings(), CLOCK, route_id, identity=ANNA)
    qtbot.addWidget(own)
    assert own.day is not None
    assert own.stop_list.model().rowCount() == len(own.day.stops) > 0


def test_the_visit_form_refuses_another_workers_stop_and_visit(
    qtbot: QtBot, day_db: Database
) -> None:
    route_id = build_day(day_db)
    with day_db.session() as session:
        stops = field.load_day(session, route_id, identity=ANNA).stops
    form = VisitForm(day_db, CLOCK, identity=MURAT)
    qtbot.addWidget(form)
    form.show()
    form.show_stop(stops[0])
    qtbot.mouseClick(form.begin_button, Qt.MouseButton.LeftButton)
    assert SCOPE in form.state_label.text()
    assert visits(day_db) == 0, "nothing was begun"
    # Anna begins her visit; the other worker's form cannot write into it.
    own = VisitForm(day_db, CLOCK, identity=ANNA)
    qtbot.addWidget(own)
    own.show()
    own.show_stop(stops[0])
    qtbot.mouseClick(own.begin_button, Qt.MouseButton.LeftButton)
    assert visits(day_db) == 1
    with day_db.session() as session:
        begun = field.load_day(session, route_id, identity=ANNA).stops[0]
    assert begun.visit is not None
    form.show_stop(begun)
    # What the form shows of it: nothing but the refusal.
    assert SCOPE in form.problems.text()
    assert form.preview.toPlainText() == ""
    note = form.texts["note"]
    assert isinstance(note, QPlainTextEdit)
    note.setPlainText("fremder Eintrag")
    form.flush()
    assert SCOPE in form.problems.text()
    with day_db.session() as session:
        stored = session.get(Visit, begun.visit.id)
        assert stored is not None
        assert "fremder Eintrag" not in (stored.note or "")
    qtbot.mouseClick(form.finish_button, Qt.MouseButton.LeftButton)
    with day_db.session() as session:
        stored = session.get(Visit, begun.visit.id)
        assert stored is not None
        assert stored.state != "final"


# --- planning -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planning_demo(tmp_path_factory, "plan-identity")


@pytest.fixture
def plan_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from open_copy(demo_file, tmp_path)


QUICK = Settings().replace("routing", time_limit_seconds=5.0, solution_limit=150)


def test_a_field_accounts_planning_window_shows_only_its_own_routes_and_moves_nothing_else(
    qtbot: QtBot, plan_db: Database
) -> None:
    plan = planning.plan_and_store(
        plan_db, WEEK, QUICK, time_limit=5.0, solution_limit=150, identity=UNRESTRICTED
    )
    source = next(r for r in plan.routes if r.stops)
    target = next(r for r in plan.routes if r.worker != source.worker)
    me = Identity("field", account="me", account_role="field", worker=source.worker)
    view = PlanningWindow(plan_db, QUICK, WEEK, identity=me)
    qtbot.addWidget(view)
    view.show()
    assert view.plan is not None
    # Only her own routes: another worker's route and customers are not on her screen.
    assert {r.worker for r in view.plan.routes} == {source.worker}
    assert not view.columns[target.day].model.route_index(target.id).isValid()
    # Nor can the move be made past the window: the service refuses it, nothing changes.
    stop = source.stops[0]
    with pytest.raises(PermissionDenied) as refused:
        planning.move_stop(plan_db, stop.id, target.id, 0, QUICK, identity=me)
    assert SCOPE in refused.value.message("de")
    with plan_db.session() as session:
        stored = planning.load_plan(session, WEEK)
    assert stored is not None
    kept = stored.route(source.id)
    assert kept is not None
    assert stop.id in [s.id for s in kept.stops], "the stop stayed where it was"


# --- printing -------------------------------------------------------------------------------


@pytest.fixture
def print_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "print.sqlite"))
    _office(database)  # workers Anna Berger and Murat Demir
    add_flagged(database, "962D000001", "Albers", "Eppingen")
    add_flagged(database, "962D000002", "Berg", "Flein")
    verify_rule_sets(database)
    _plan(
        database,
        {(TUESDAY, "Anna Berger"): ["962D000001"], (TUESDAY, "Murat Demir"): ["962D000002"]},
    )
    yield database
    database.dispose()


def open_print(qtbot: QtBot, db: Database, tmp_path: Path, who: Identity) -> PrintDialog:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    clock = lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
    window = MainWindow(db, Settings(), state, clock, identity=who)
    qtbot.addWidget(window)
    printing = window.features.get_as("printing", PrintingFeature)
    assert isinstance(printing, PrintingFeature)
    dialog = printing.open_print()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20000)
    return dialog


def test_printing_loads_only_the_field_accounts_own_route(
    qtbot: QtBot, print_db: Database, tmp_path: Path
) -> None:
    dialog = open_print(qtbot, print_db, tmp_path, ANNA)
    assert dialog.print_result is not None
    assert [i.kundennummer for i in dialog.print_result.items] == ["962D000001"]
    dialog.set_selection("routes", TUESDAY, "Murat Demir")
    qtbot.waitUntil(lambda: dialog._job is None, timeout=20000)
    assert SCOPE in dialog.info.text()
    assert dialog.pdf_path is None
    assert not dialog.print_button.isEnabled()
    dialog.close()


# --- the desk -------------------------------------------------------------------------------

DESK_DAY = datetime(2026, 12, 7, 10, 30, tzinfo=BERLIN)


@pytest.fixture
def desk_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "desk.sqlite"))
    add_flagged(database, "962D000001", "Albers", "Eppingen")  # team 521
    add_flagged(database, "962D000002", "Berg", "Flein", hb="Herr Brandt")
    with database.session() as session:
        other = session.scalars(select(Customer).filter_by(kundennummer="962D000002")).one()
        other.team = "522"
        brandt = session.scalars(select(Caseworker).filter_by(name="Herr Brandt")).one()
        brandt.team = "522"
    verify_rule_sets(database)
    for hour, number in ((9, "962D000001"), (10, "962D000002"), (11, "962D999999")):
        desk.add_appointment(
            database,
            datetime(2026, 12, 7, hour, 0, tzinfo=BERLIN),
            number,
            name="Neu Kunde" if number.endswith("9") else "",
            identity=UNRESTRICTED,
        )
    yield database
    database.dispose()


def desk_rows(qtbot: QtBot, db: Database, who: Identity) -> tuple[DeskWindow, list[str]]:
    window = DeskWindow(db, Settings(), lambda: DESK_DAY, who)
    qtbot.addWidget(window)
    return window, [row.kundennummer for row in window.model.rows]


def test_a_caseworkers_desk_shows_only_the_team(qtbot: QtBot, desk_db: Database) -> None:
    keller = Identity("office", "Frau Keller", "521", account="keller", account_role="caseworker")
    window, rows = desk_rows(qtbot, desk_db, keller)
    # Their team's customer and the walk-in not linked to any customer; not team 522's.
    assert rows == ["962D000001", "962D999999"]
    brandt = Identity("office", "Herr Brandt", "522", account="brandt", account_role="caseworker")
    _other, theirs = desk_rows(qtbot, desk_db, brandt)
    assert theirs == ["962D000002", "962D999999"]
    # An appointment of the other team cannot be worked from this desk either.
    with desk_db.session() as session:
        hidden = next(
            r.id
            for r in desk.list_day(session, DESK_DAY.date(), identity=UNRESTRICTED)
            if r.kundennummer == "962D000002"
        )
    with pytest.raises(PermissionDenied, match="not one of yours"):
        desk.record_talk(desk_db, hidden, "AB", "krank", "", "", DESK_DAY, identity=keller)
    with desk_db.session() as session:
        assert desk.talk_note(session, hidden, identity=brandt) == ""  # nothing was written
    window.close()


def test_an_outreach_workers_desk_shows_the_whole_calendar(qtbot: QtBot, desk_db: Database) -> None:
    """The outreach workers run every appointment of the Eingangszone (DOMAIN.md)."""
    _window, rows = desk_rows(qtbot, desk_db, ANNA)
    assert rows == ["962D000001", "962D000002", "962D999999"]


def test_a_role_without_the_desk_gets_a_sentence_not_a_crash(
    qtbot: QtBot, desk_db: Database
) -> None:
    admin = Identity("office", account="ada", account_role="admin")
    window, rows = desk_rows(qtbot, desk_db, admin)
    assert rows == []
    assert "Berechtigung" in window.message.text()
