"""The area editor's save and the *Einrichtung*'s apply are operations (issue 19, item 1):
they report areas/staff Changes computed from what they wrote, a refused write says one
German sentence and writes nothing, and the open views refresh only when concerned.

A database set up as a real office (tests/data/setup-office.toml) with the shared sample
list imported for 2026-W49, through the operations themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain import roles
from fieldkit.domain.changes import NOTHING, Changes
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.errors import FieldkitError
from fieldkit.services import areas as area_service
from fieldkit.services import flaglist
from fieldkit.services import setup as setup_service
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.store.models import AddressPoint
from fieldkit.ui.events import AppEvents
from fieldkit.ui.geo import GeoFeature
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.ops import OpRunner
from fieldkit.ui.planning import PlanningFeature
from fieldkit.ui.planning.view import PlanningWindow
from fieldkit.ui.setup import SetupFeature
from fieldkit.ui.setup.window import SetupWindow
from fieldkit.ui.week_model import WeekTableModel
from tests.test_app_ops import NOW, W49, flag_list, office_db

NORTH = "Nord – Neckartal"
#: A caseworker's account: may read the office, not change its setup.
CLERK = Identity(account="sb1", account_role=roles.CASEWORKER, team="521")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """The office with its W49 list imported (through the operation)."""
    database = office_db(tmp_path)
    ctx = context(database)
    ops.import_flag_list(
        ctx, flaglist.check(flag_list(tmp_path), Settings(), identity=UNRESTRICTED)
    )
    yield database
    database.dispose()


def context(db: Database, identity: Identity = UNRESTRICTED) -> AppContext:
    return AppContext(db, SettingsStore(Settings()), lambda: NOW, identity)


def stored_areas(db: Database) -> list[area_service.AreaEdit]:
    with db.session() as session:
        return area_service.load_area_edits(session)


def counter(signal: object) -> list[object]:
    seen: list[object] = []
    signal.connect(seen.append)  # type: ignore[attr-defined]
    return seen


def main_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("main/week", W49)
    window = MainWindow(db, Settings(), state, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    assert window.current_week() == W49
    return window


def area_column(window: MainWindow) -> list[str]:
    col = WeekTableModel.COLUMNS.index("area")
    return [window.proxy.index(r, col).data() for r in range(window.proxy.rowCount())]


# -- the operations, without Qt ---------------------------------------------------------------


def test_saving_areas_reports_areas_only_when_the_division_changed(db: Database) -> None:
    ctx = context(db)
    edits = stored_areas(db)
    assert len(edits) == 5
    assert ops.save_areas(ctx, edits).changes == NOTHING, "the same division: nothing changed"
    moved = [dataclasses.replace(e, weekdays=(2,)) if e.name == NORTH else e for e in edits]
    assert ops.save_areas(ctx, moved).changes == Changes(areas=True)
    assert next(e for e in stored_areas(db) if e.name == NORTH).weekdays == (2,)


@pytest.mark.parametrize(
    "bad",
    [
        lambda e: dataclasses.replace(e, weekdays=()),  # an area without a visiting day
        lambda e: dataclasses.replace(e, name="   "),  # without a name
        lambda e: dataclasses.replace(e, name="x" * 10_000),  # a name far too long
    ],
)
def test_a_refused_area_save_writes_nothing(db: Database, bad) -> None:
    before = stored_areas(db)
    edits = [bad(e) if e.name == NORTH else e for e in before]
    with pytest.raises(area_service.AreaError) as refused:
        ops.save_areas(context(db), edits)
    assert refused.value.message("de")
    assert stored_areas(db) == before


def test_applying_the_setup_reports_staff_or_areas_by_what_it_changed(db: Database) -> None:
    ctx = context(db)
    same = setup_service.current_setup(db)
    assert ops.apply_setup(ctx, same).changes == NOTHING
    phone = setup_service.current_setup(db)
    phone.caseworkers[2].phone = "07131 000-523"
    done = ops.apply_setup(ctx, phone)
    assert [c.table for c in done.value] == ["caseworkers"]
    assert done.changes == Changes(staff=True, audit=True)
    days = setup_service.current_setup(db)
    days.areas[0].weekdays = ["Di"]
    assert ops.apply_setup(ctx, days).changes == Changes(areas=True, audit=True)


def test_a_clerk_may_not_apply_the_setup_and_nothing_is_written(db: Database) -> None:
    changed = setup_service.current_setup(db)
    changed.caseworkers[2].phone = "07131 000-523"
    with pytest.raises(PermissionDenied):
        ops.apply_setup(context(db, CLERK), changed)
    assert setup_service.current_setup(db).caseworkers[2].phone == ""


# -- the windows ------------------------------------------------------------------------------


def test_the_area_editor_saves_through_the_runner_and_the_views_follow(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    assert NORTH in area_column(window)
    view = window.features.get_as("planning", PlanningFeature).open()
    assert isinstance(view, PlanningWindow)
    table_reloads = counter(window.week_changed)
    plan_reloads = counter(view.plan_loaded)
    seen = counter(window.events.changed)
    editor = window.features.get_as("geo", GeoFeature).open_area_editor()
    qtbot.waitExposed(editor)
    row = next(i for i, d in enumerate(editor.drafts) if d.name == NORTH)
    editor.area_list.setCurrentRow(row)
    editor.name_edit.setText("Nord")
    editor.name_edit.textEdited.emit("Nord")
    assert editor.save()
    assert seen == [Changes(areas=True)]
    assert table_reloads == [W49], "the area column names the areas: the table reloads"
    assert len(plan_reloads) == 1, "the planning window plans by area: it reloads"
    assert NORTH not in area_column(window)
    assert "Nord" in area_column(window)
    view.close()


def test_a_refused_area_save_says_german_sentences_and_reloads_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    before = stored_areas(db)
    table_reloads = counter(window.week_changed)
    seen = counter(window.events.changed)
    editor = window.features.get_as("geo", GeoFeature).open_area_editor()
    qtbot.waitExposed(editor)
    editor.area_list.setCurrentRow(0)
    for box in editor.day_boxes.values():
        box.setChecked(False)
    assert not editor.save()
    text = editor.problems_label.text()
    assert text.startswith("Nicht gespeichert:")
    assert "⚠" in text
    assert "Traceback" not in text
    assert editor.isVisible(), "the editor stays open with the user's edits"
    assert stored_areas(db) == before
    assert seen == []
    assert table_reloads == []
    assert window.ops.box is None, "the editor shows the refusal itself, no extra dialog"


def test_the_setup_apply_reports_staff_and_an_unconcerned_save_reloads_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path)
    view = window.features.get_as("planning", PlanningFeature).open()
    assert isinstance(view, PlanningWindow)
    table_reloads = counter(window.week_changed)
    plan_reloads = counter(view.plan_loaded)
    seen = counter(window.events.changed)
    setup = window.features.get_as("setup", SetupFeature).open_setup()
    qtbot.addWidget(setup)
    assert setup.apply()  # the stored setup again: nothing to change, no view reloads
    assert "Nichts zu ändern" in setup.notes_label.text()
    assert seen == []
    assert table_reloads == []
    assert plan_reloads == []
    setup.setup.caseworkers[2].phone = "07131 000-523"
    assert setup.apply()
    assert seen == [Changes(staff=True, audit=True)]
    assert table_reloads == [W49]
    assert len(plan_reloads) == 1
    view.close()


def test_a_refused_setup_apply_says_one_german_sentence_and_writes_nothing(
    qtbot: QtBot, db: Database
) -> None:
    events = AppEvents()
    seen = counter(events.changed)
    window = SetupWindow(db, identity=CLERK)
    qtbot.addWidget(window)
    window.runner = OpRunner(lambda: context(db, CLERK), events, window)
    window.setup.caseworkers[2].phone = "07131 000-523"
    assert not window.apply()
    sentence = window.notes_label.text()
    assert sentence.startswith("Nicht übernommen: ")
    assert sentence.count("\n") == 0
    assert "Traceback" not in sentence
    assert seen == []
    assert setup_service.current_setup(db).caseworkers[2].phone == ""


# -- reference data: an address file ----------------------------------------------------------

ADDRESSES = (
    "street,housenumber,postcode,city,lat,lon\n"
    "Lindenweg,3,74172,Neckarsulm,49.1921,9.2245\n"
    "Lindenweg,5,74172,Neckarsulm,49.1923,9.2249\n"
)


def points(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(AddressPoint)) or 0)


def test_an_address_file_is_reference_data_and_reports_no_view(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "hauskoordinaten.csv"
    path.write_text(ADDRESSES, encoding="utf-8")
    done = ops.import_addresses(context(db), path)
    assert done.value.points == 2
    assert done.changes == NOTHING, "no customer was placed: no week's rows changed"
    assert points(db) == 2


@pytest.mark.parametrize(
    "content",
    ["", "street,housenumber\n", "\x00\x01binär\n", ADDRESSES.replace("49.1921", "neunundvierzig")],
)
def test_a_bad_address_file_is_refused_and_nothing_written(
    db: Database, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FieldkitError) as refused:
        ops.import_addresses(context(db), path)
    assert refused.value.message("de")
    assert points(db) == 0


def test_a_clerk_may_not_import_addresses(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "hauskoordinaten.csv"
    path.write_text(ADDRESSES, encoding="utf-8")
    with pytest.raises(PermissionDenied):
        ops.import_addresses(context(db, CLERK), path)
    assert points(db) == 0
