"""The planning view: plan in the background, cancel, drag a stop, survive a restart."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import planning
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.planning import PlanningFeature
from fieldkit.ui.planning.models import MIME, UnplannedModel
from fieldkit.ui.planning.view import PlanningWindow
from tests.test_planning_service import WEEK, open_copy, planning_demo

QUICK = Settings().replace("routing", time_limit_seconds=5.0, solution_limit=150)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planning_demo(tmp_path_factory, "plan-view")


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from open_copy(demo_file, tmp_path)


@pytest.fixture(scope="module")
def planned_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo week planned once, by the service the view's button runs (same settings and
    limit), for the tests that start from a planned week: the first test below plans in the
    view itself, the drag tests each re-planned the same week (about a second each)."""
    path = tmp_path_factory.mktemp("plan-view-planned") / "demo.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(str(path))
    try:
        limit = QUICK.section("routing", RoutingSettings).time_limit_seconds
        planning.plan_and_store(database, WEEK, QUICK, time_limit=limit, identity=UNRESTRICTED)
    finally:
        database.dispose()
    return path


@pytest.fixture
def planned(planned_file: Path, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the planned week."""
    yield from open_copy(planned_file, tmp_path)


def open_view(qtbot: QtBot, db: Database, settings: Settings = QUICK) -> PlanningWindow:
    view = PlanningWindow(db, settings, WEEK, identity=UNRESTRICTED)
    qtbot.addWidget(view)
    view.show()
    return view


def stored_view(qtbot: QtBot, db: Database) -> tuple[PlanningWindow, planning.StoredPlan]:
    """The view on a planned week: it shows the stored plan (as after a restart)."""
    view = open_view(qtbot, db)
    assert view.plan is not None
    return view, view.plan


def plan_now(qtbot: QtBot, view: PlanningWindow) -> planning.StoredPlan:
    with qtbot.waitSignal(view.plan_loaded, timeout=30000) as blocker:
        qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    plan = blocker.args[0] if blocker.args else None
    assert isinstance(plan, planning.StoredPlan)
    return plan


def test_plan_in_background_and_show_it_after_a_restart(qtbot: QtBot, db: Database):
    view = open_view(qtbot, db)
    assert view.plan is None
    assert "noch keinen Plan" in view.summary.text()
    plan = plan_now(qtbot, view)
    assert not view.is_busy()
    assert plan.planned > 20
    assert view.plan_button.isEnabled()
    first_day = plan.days()[0]
    model = view.columns[first_day].model
    assert model.rowCount() == len(plan.routes_on(first_day))
    assert view.unplanned_model.rowCount() == len(plan.unplanned)
    reason = view.unplanned_model.index(0, 2).data()
    assert reason == "gesperrt (Vorgaben vor dem Hausbesuch nicht erfüllt)"
    assert view.map.markers()
    view.close()
    # A new window (as after a restart) shows the stored plan straight away.
    again = open_view(qtbot, db)
    assert again.plan is not None
    assert again.plan.to_json() == plan.to_json()


def test_cancel_keeps_the_best_plan(qtbot: QtBot, db: Database):
    view = open_view(qtbot, db, Settings().replace("routing", time_limit_seconds=60.0))
    t0 = time.perf_counter()
    with qtbot.waitSignal(view.plan_loaded, timeout=20000):
        qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
        qtbot.wait(300)
        assert view.progress.isVisible()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - t0 < 15
    assert view.plan is not None
    assert view.plan.planned > 0
    assert "abgebrochen" in view.summary.text()
    with db.session() as session:
        assert planning.check_stored_plan(session, WEEK, Settings()) == []


def test_drag_a_stop_to_another_day_and_worker(qtbot: QtBot, planned: Database):
    db = planned
    view, plan = stored_view(qtbot, db)
    source = max(plan.routes, key=lambda r: len(r.stops))
    target = next(r for r in plan.routes if r.day != source.day and r.stops)
    moving = source.stops[2]
    source_model = view.columns[source.day].model
    target_model = view.columns[target.day].model
    drag_index = source_model.stop_index(moving.id)
    assert drag_index.isValid()
    mime = source_model.mimeData([drag_index])
    assert mime.hasFormat(MIME)
    parent = target_model.route_index(target.id)
    assert target_model.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, parent)
    with qtbot.waitSignal(view.plan_loaded, timeout=30000):
        assert target_model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, parent)
        assert view.is_busy()
        assert not target_model.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, parent)
    with db.session() as session:
        stored = planning.load_plan(session, WEEK)
        assert planning.check_stored_plan(session, WEEK, QUICK) == []
    assert stored is not None
    moved_to = stored.route(target.id)
    assert moved_to is not None
    assert moved_to.stops[1].id == moving.id
    assert moved_to.stops[1].pinned
    left = stored.route(source.id)
    assert left is not None
    assert moving.id not in [s.id for s in left.stops]
    # The rest was re-optimised: every other customer is still in a route or listed.
    everyone = {s.flag_id for r in stored.routes for s in r.stops} | {
        u.flag_id for u in stored.unplanned
    }
    assert {s.flag_id for r in plan.routes for s in r.stops} <= everyone
    # The view shows the stored result.
    index = view.columns[target.day].model.stop_index(moving.id)
    assert index.isValid()
    assert index.row() == 1
    assert "fest" in str(index.siblingAtColumn(1).data())


def test_reorder_within_a_route_by_drop(qtbot: QtBot, planned: Database):
    db = planned
    view, plan = stored_view(qtbot, db)
    route = max(plan.routes, key=lambda r: len(r.stops))
    model = view.columns[route.day].model
    first = route.stops[0]
    mime = model.mimeData([model.stop_index(first.id)])
    # Dropped onto the fourth stop: goes before it, i.e. third place once it left the first.
    fourth = model.stop_index(route.stops[3].id)
    with qtbot.waitSignal(view.plan_loaded, timeout=30000):
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, fourth)
    with db.session() as session:
        stored = planning.load_plan(session, WEEK)
        assert planning.check_stored_plan(session, WEEK, QUICK) == []
    assert stored is not None
    same = stored.route(route.id)
    assert same is not None
    assert same.stops[2].id == first.id


def test_impossible_drop_says_why_and_changes_nothing(qtbot: QtBot, planned: Database):
    db = planned
    view, plan = stored_view(qtbot, db)
    source = next(r for r in plan.routes if r.stops)
    stop = source.stops[0]
    with db.session() as session:
        from fieldkit.store.models import Flag

        flag = session.get(Flag, stop.flag_id)
        assert flag is not None
        flag.window_start, flag.window_end = "06:00", "06:15"
    target = next(r for r in plan.routes if r.id != source.id)
    model = view.columns[source.day].model
    mime = model.mimeData([model.stop_index(stop.id)])
    target_model = view.columns[target.day].model
    with qtbot.waitSignal(view.job_failed, timeout=30000) as blocker:
        target_model.dropMimeData(
            mime, Qt.DropAction.MoveAction, 0, 0, target_model.route_index(target.id)
        )
    assert "passt dort nicht hin" in str(blocker.args[0])
    assert view.message.isVisible()
    assert view.columns[source.day].model.stop_index(stop.id).isValid()


def test_unplanned_rows_can_be_dragged_unless_blocked(qtbot: QtBot, planned: Database):
    view, _plan = stored_view(qtbot, planned)
    model: UnplannedModel = view.unplanned_model
    blocked = model.index(0, 0)
    assert not model.flags(blocked) & Qt.ItemFlag.ItemIsDragEnabled


def test_menu_action_opens_the_view_for_the_week(qtbot: QtBot, db: Database, tmp_path: Path):
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("main/week", WEEK)
    window = MainWindow(
        db, QUICK, state, lambda: datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    qtbot.addWidget(window)
    window.show()
    feature = window.features.get_as("planning", PlanningFeature)
    assert feature.action in window.week_menu.actions()
    assert feature.action in window.toolbar.actions()
    assert feature.action.isEnabled()
    feature.action.trigger()
    assert feature.view is not None
    qtbot.addWidget(feature.view)
    assert feature.view.isVisible()
    assert feature.view.week == window.current_week()
    feature.view.close()


def test_time_windows_are_shown_in_the_ui_language(qtbot: QtBot) -> None:
    import datetime as dt
    import uuid

    from PySide6.QtCore import QCoreApplication

    from fieldkit.ui.i18n import install_translators
    from fieldkit.ui.planning.models import DayRoutesModel

    stop = planning.PlanStop(
        id=uuid.uuid4(),
        flag_id=uuid.uuid4(),
        kundennummer="962D200001",
        name="Muster, Max",
        address="Hauptstraße 1, 74072 Heilbronn",
        lat=None,
        lon=None,
        arrival=9 * 3600,
        start=10 * 3600,
        service=900,
        status="planned",
        pinned=False,
        visited=False,
        window="ab 10:00",
        window_from=dt.time(10),
    )
    model = DayRoutesModel()
    assert model._window(stop) == "ab 10:00"
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, "en")
    try:
        assert model._window(stop) == "from 10:00"
        until = planning.PlanStop(
            **{**stop.__dict__, "window_from": None, "window_to": dt.time(15)}
        )
        assert model._window(until) == "until 15:00"
    finally:
        # Back to German as the other tests expect it, without leaving any catalogue installed.
        for translator in installed + install_translators(app, "de"):
            app.removeTranslator(translator)


def test_a_failed_routing_server_is_shown_with_the_plan(qtbot: QtBot, db: Database):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = QUICK.replace(
        "geo", routing_server_enabled=True, routing_server_url=f"http://127.0.0.1:{port}"
    )
    view = open_view(qtbot, db, settings)
    plan = plan_now(qtbot, view)
    assert plan.planned > 0
    assert "Fahrzeiten sind aus Luftlinie × Umwegfaktor geschätzt" in view.summary.text()
    assert "eingeplant" in view.summary.text()


def test_a_waiting_arrival_never_pushes_the_customer_out_of_a_narrow_day(qtbot: QtBot) -> None:
    """At 1366×768 a day column is about 260 px wide: "08:11, wartet bis 10:00" took all of
    it and "Ort – Kunde" was cut off without an ellipsis (docs/img/planning-week.png)."""
    import datetime as dt
    import uuid

    from fieldkit.ui.planning.view import DayColumn

    def stop(n: int, arrival: int, start: int) -> planning.PlanStop:
        return planning.PlanStop(
            id=uuid.uuid4(),
            flag_id=uuid.uuid4(),
            kundennummer=f"962D20000{n}",
            name="Mustermann-Langname, Maximiliane",
            address="Hauptstraße 1, 74072 Heilbronn-Sontheim",
            lat=None,
            lon=None,
            arrival=arrival,
            start=start,
            service=900,
            status="planned",
            pinned=False,
            visited=False,
            window="ab 10:00",
            window_from=dt.time(10),
        )

    day = dt.date(2026, 11, 30)
    route = planning.PlanRoute(
        id=uuid.uuid4(),
        day=day,
        worker_id=uuid.uuid4(),
        worker="Anna Berger",
        stops=(stop(1, 8 * 3600 + 660, 10 * 3600), stop(2, 10 * 3600 + 1500, 10 * 3600 + 1500)),
        start=8 * 3600,
        end=12 * 3600,
        driving=3600,
    )
    column = DayColumn(day)
    qtbot.addWidget(column)
    column.resize(262, 400)
    column.show()
    column.show_routes([route], True, "")
    qtbot.waitExposed(column)
    tree = column.tree
    header = tree.header()
    room = tree.viewport().width()
    assert header.sectionSize(0) <= room * DayColumn.ARRIVAL_SHARE + 1
    # The customer column starts inside the day and ends at its edge: Qt elides its text.
    assert header.sectionViewportPosition(1) < room * 0.5
    assert header.sectionViewportPosition(1) + header.sectionSize(1) <= room + 1
    assert header.sectionSize(1) >= room * 0.5
    # Wider again, the arrival column gets what its texts need.
    column.resize(900, 400)
    qtbot.waitUntil(lambda: tree.viewport().width() > 700)
    assert header.sectionSize(0) >= tree.sizeHintForColumn(0)


def test_the_summary_says_when_it_was_planned_in_the_offices_time(
    qtbot: QtBot, planned: Database, monkeypatch: pytest.MonkeyPatch
):
    # Every time the app shows is Berlin time (the visit form's, the letters'); the plan's
    # "geplant am … um … Uhr" followed the machine's zone instead (UTC on this one).
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        view, plan = stored_view(qtbot, planned)
        berlin = plan.planned_at.astimezone(ZoneInfo("Europe/Berlin"))
        assert f"geplant am {berlin:%d.%m.%Y} um {berlin:%H:%M} Uhr" in view.summary.text()
    finally:
        monkeypatch.undo()
        time.tzset()
