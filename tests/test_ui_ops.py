"""The operation runner and views that refresh from Changes (issue 19, item 1), on the real
main window, planning and field windows, with a database set up as a real office."""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import flaglist, planning
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.store.models import Flag
from fieldkit.ui.field.window import FieldWindow
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.planning.view import PlanningWindow
from tests.snapshots import opened_copy
from tests.test_app_ops import NOW, W49, W50, flag_list, office_db

#: Planning in tests: a short search.
QUICK = Settings().replace("routing", time_limit_seconds=2.0)


@pytest.fixture(scope="module")
def planned_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office with its W49 list imported, placed and planned (through the operations), as
    a closed SQLite file: built once per module (planning alone takes its 2 s limit), and each
    test works on its own copy (``db``), so no test sees another's writes."""
    folder = tmp_path_factory.mktemp("planned-office")
    database = office_db(folder)
    try:
        ctx = AppContext(database, SettingsStore(QUICK), lambda: NOW, UNRESTRICTED)
        report = flaglist.check(flag_list(folder), QUICK, identity=ctx.identity)
        ops.import_flag_list(ctx, report)
        ops.geocode_week(ctx, W49)
        ops.plan_week(ctx, W49, time_limit=2.0)
    finally:
        database.dispose()
    return folder / "office.sqlite"


@pytest.fixture
def db(planned_office: Path, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the planned office."""
    yield from opened_copy(planned_office, tmp_path / "office.sqlite")


def main_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("main/week", W49)
    window = MainWindow(db, QUICK, state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    assert window.current_week() == W49
    return window


def counter(signal: object) -> list[object]:
    seen: list[object] = []
    signal.connect(seen.append)  # type: ignore[attr-defined]
    return seen


def test_a_w50_import_reloads_no_view_of_w49_and_a_w49_change_does(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    from fieldkit.ui.planning import PlanningFeature

    view = window.features.get_as("planning", PlanningFeature).open()
    assert isinstance(view, PlanningWindow)
    assert view.week == W49
    table_reloads = counter(window.week_changed)
    plan_reloads = counter(view.plan_loaded)
    report = flaglist.check(flag_list(tmp_path, 7), QUICK, identity=window.identity)
    with qtbot.waitSignal(window.events.changed, timeout=20000) as changed:
        window.ops.run(ops.import_flag_list, report)
    assert changed.args[0] == Changes(weeks=frozenset({W50}), audit=True)
    assert window.shown_weeks() == [W49, W50], "the new week is offered"
    assert window.current_week() == W49
    assert table_reloads == [], "the table of W49 was not reloaded"
    assert plan_reloads == [], "the planning window of W49 was not reloaded"

    # A change of W49 (its addresses placed again) reloads both views of W49, once each.
    with qtbot.waitSignal(window.events.changed, timeout=20000):
        window.ops.run(ops.geocode_week, W49)
    assert table_reloads == [W49]
    assert len(plan_reloads) == 1
    view.close()


def test_a_visit_recorded_in_field_mode_reports_its_id_and_week(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    with db.session() as session:
        stored = planning.load_plan(session, W49)
    assert stored is not None
    route = next(r for r in stored.routes if r.stops)
    from fieldkit.ui.field import FieldMode

    field = window.features.get_as("field", FieldMode)
    field_window = field.open_route(route.id, maximized=False)
    assert isinstance(field_window, FieldWindow)
    stop = field_window.selected_stop()
    assert stop is not None
    seen = counter(window.events.changed)
    table_reloads = counter(window.week_changed)
    field_window.form.begin()
    assert field_window.form.visit is not None
    visit_id = field_window.form.visit.id
    assert len(seen) == 1
    changes = seen[0]
    assert isinstance(changes, Changes)
    assert changes.visits == {visit_id}
    assert changes.weeks == {W49}
    assert changes.routes == {route.id}
    assert table_reloads == [W49], "the main window shows W49: it reloads"
    field_window.close()


def test_a_refused_operation_says_one_german_sentence_and_writes_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    with db.session() as session:
        blocked = session.scalars(select(Flag.id).where(Flag.status == "blocked")).first()
    assert blocked is not None
    seen = counter(window.events.changed)
    with qtbot.waitSignal(window.ops.failed, timeout=20000) as failed:
        window.ops.run(ops.override_block, blocked, "zu kurz", "Frau Keller")
    sentence = failed.args[0]
    failure = window.ops.last_failure
    assert failure is not None
    assert isinstance(failure.exc, flaglist.FlagListError)
    assert sentence == failure.exc.message("de")
    assert sentence != failure.exc.message("en")
    assert "\n" not in sentence
    assert "Traceback" not in sentence
    box = window.ops.box
    assert box is not None
    assert box.isVisible()
    assert box.text() == sentence
    assert window.statusBar().currentMessage() == sentence
    assert seen == [], "a failed operation changed nothing"
    with db.session() as session:
        assert not session.get(Flag, blocked).override_reason  # type: ignore[union-attr]
    box.close()

    # Wrong-type input (not an id) fails inside the service: still one sentence, no trace.
    with qtbot.waitSignal(window.ops.failed, timeout=20000) as failed:
        window.ops.run(ops.override_block, "'; DROP TABLE flag; --", "x" * 100_000, "Frau Keller")
    assert failed.args[0] == "Der Vorgang ist fehlgeschlagen; es wurde nichts gespeichert."
    with db.session() as session:
        assert all(not f.override_reason for f in session.scalars(select(Flag)))
    assert window.ops.box is not None
    window.ops.box.close()


@pytest.mark.slow
def test_the_runner_keeps_the_gui_responsive_while_it_plans(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    ticks: list[float] = []
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    limit = QUICK.section("routing", RoutingSettings).time_limit_seconds
    started = time.perf_counter()
    with qtbot.waitSignal(window.events.changed, timeout=60000) as changed:
        job = window.ops.run(ops.plan_week, W49, time_limit=limit)
        assert job.is_running() or window.ops.is_busy()
    timer.stop()
    took = time.perf_counter() - started
    assert W49 in changed.args[0].weeks
    assert changed.args[0].routes
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= took / 0.02 / 3, "the event loop ran while the operation did"
    assert max(gaps) < 0.5, f"the GUI stalled {max(gaps):.2f} s"
    assert not window.ops.is_busy()


def test_a_runner_without_events_still_reports_its_changes(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    runner = OpRunner(lambda: window.context, None, window)
    main_changes = counter(window.events.changed)
    with db.session() as session:
        blocked = session.scalars(select(Flag.id).where(Flag.status == "blocked")).first()
    assert isinstance(blocked, uuid.UUID)
    result = runner.call(ops.override_block, blocked, "Zweiter Anruf wurde belegt", "Frau K.")
    assert result is not None
    assert result.changes.flags == {blocked}
    assert main_changes == [], "nobody listens to a runner without events"


def test_a_flag_saved_at_the_office_adds_its_week_without_reloading_the_shown_one(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from fieldkit.ui.office.flagging import FlaggingDialog
    from tests.test_office_flagging import _type, fill

    window = main_window(qtbot, db, tmp_path)
    from fieldkit.ui.office import OfficeFeature

    dialog = window.features.get_as("office", OfficeFeature).open_flagging()
    assert isinstance(dialog, FlaggingDialog)
    fill(qtbot, dialog)
    _type(qtbot, dialog, "anruf2", "04.11.2026 14:30")
    _type(qtbot, dialog, "hb", "Frau Keller")  # the window's identity names no caseworker
    table_reloads = counter(window.week_changed)
    with qtbot.waitSignal(window.events.changed, timeout=20000) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].weeks == {W50}
    assert len(changed.args[0].flags) == 1
    assert W50 in window.shown_weeks()
    assert window.current_week() == W49
    assert table_reloads == []
    dialog.close()


def test_the_status_bar_and_the_back_office_follow_changes_and_f5(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync status reads anew after an operation, and F5 makes every view read anew
    (one ``Changes.all()``), the back office's inbox count included."""
    from fieldkit.ui.office import OfficeFeature
    from fieldkit.ui.sync import SyncFeature

    window = main_window(qtbot, db, tmp_path)
    sync = window.features.get_as("sync", SyncFeature)
    office = window.features.get_as("office", OfficeFeature)
    sync.status.setText("–")  # what update_status overwrites
    with db.session() as session:
        blocked = session.scalars(select(Flag.id).where(Flag.status == "blocked")).first()
    assert blocked is not None
    reason = "Zweite Einladung nachweislich zugestellt, Rückmeldung der Fachkraft liegt vor."
    with qtbot.waitSignal(window.events.changed, timeout=20000):
        window.ops.run(ops.override_block, blocked, reason, "Frau Keller")
    qtbot.waitUntil(lambda: sync.status.text().startswith("Nicht synchronisiert"), timeout=5000)
    refreshed = counter(window.events.changed)
    inbox = office.open_inbox()
    calls: list[str] = []
    monkeypatch.setattr(inbox, "reload", lambda: calls.append("reload"))
    table_reloads = counter(window.week_changed)
    window.action_reload.trigger()
    assert len(refreshed) == 1
    assert isinstance(refreshed[0], Changes)
    assert refreshed[0].everything
    assert table_reloads == [W49]
    assert calls == ["reload"], "an open back-office window reads anew on F5"
    inbox.close()
