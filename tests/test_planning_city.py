"""The planning view with a city-sized week (issue 20, point 5): the GUI thread stays free.

A demo week of 1,000 flagged customers is planned in the background while a 10-ms timer on
the GUI thread records how late it fires; the longest gap while planning is printed and must
stay under 50 ms plus the scheduling noise of a shared test machine (the threshold below).
Then showing the plan (columns, map, unplanned list) is timed too.

What stalled it before (issue 20, 0.53-0.98 s): OR-Tools' binding holds the interpreter lock
for its whole search, and Python's full garbage collections over the loaded rows held it for
0.25-0.5 s. Now PyVRP searches in two helper processes while the worker thread waits, and a
running job keeps the objects older than it out of the collector (fieldkit.ui.workers).
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.planning.view import PlanningWindow
from tests.test_planning_service import WEEK, give_coordinates, open_copy

# The planner's helper processes are what these tests are about (tests/conftest.py).
pytestmark = pytest.mark.routing_helpers

CITY = Settings().replace("routing", time_limit_seconds=3.0)
#: A timer gap above this while planning means GUI-thread work (or a starved process).
MAX_GAP_SECONDS = 0.050
#: Scheduling noise allowed on the shared machine the tests run on (2 cores, 6 engineers).
NOISE_SECONDS = 0.100


@pytest.fixture(scope="module")
def city_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "city.sqlite"
    db = open_database(str(path))
    demo_setup.write_demo(db, Settings(), IsoWeek.parse(WEEK), 1000, 20)
    give_coordinates(db)
    db.dispose()
    return path


@pytest.fixture
def db(city_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from open_copy(city_file, tmp_path)


@pytest.mark.slow
def test_planning_a_city_week_leaves_the_gui_thread_free(qtbot: QtBot, db: Database) -> None:
    view = PlanningWindow(db, CITY, WEEK, identity=UNRESTRICTED)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(300)  # painted once, as before anyone can click on it
    ticks: list[float] = []
    timer = QTimer(view)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()) if view.is_busy() else None)
    timer.start()
    with qtbot.waitSignal(view.plan_loaded, timeout=90000) as blocker:
        qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    timer.stop()
    plan = blocker.args[0]
    assert plan is not None
    # The demo office has few workers: most of the 1,000 stay unplanned (not enough time),
    # which the unplanned list must show as well.
    assert plan.planned > 100
    assert plan.planned + len(plan.unplanned) >= 900
    gaps = sorted(b - a for a, b in itertools.pairwise(ticks))
    assert len(ticks) > 100  # the timer ran through the planning
    worst = gaps[-1]
    sys.stderr.write(
        f"city week: {plan.planned} planned, {len(plan.unplanned)} unplanned, "
        f"{len(ticks)} ticks, longest GUI gap {worst:.3f} s\n"
    )
    assert worst < MAX_GAP_SECONDS + NOISE_SECONDS
    t0 = time.perf_counter()
    view.show_plan(plan)
    shown = time.perf_counter() - t0
    sys.stderr.write(f"showing the plan took {shown:.3f} s\n")
    assert view.map.markers()
    assert view.unplanned_model.rowCount() == len(plan.unplanned)
    assert sum(c.model.rowCount() for c in view.columns.values()) > 0
