"""Field mode driven as an outreach worker would: a whole day by keyboard only, offline."""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.services import field
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import CaseNote, RouteStop, Task, Visit
from fieldkit.ui.field import FieldMode, FieldWindow
from fieldkit.ui.main_window import MainWindow
from tests.test_field_service import build_day, build_demo_day

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "field-ui.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("field mode tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    """Type like a keyboard; umlauts as key events carrying the text (QTest is ASCII-only)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(focused(), char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(focused(), event)


def tab_to(widget: QWidget, limit: int = 90) -> None:
    """Press Tab until ``widget`` has the focus (proves it is reachable by keyboard)."""
    for _ in range(limit):
        if focused() is widget:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"{widget.objectName() or widget.accessibleName()} not reachable by Tab")


def open_field_mode(
    qtbot: QtBot, db: Database, tmp_path: Path, day: datetime
) -> tuple[MainWindow, FieldWindow]:
    """Open field mode from the main window; the caller keeps both alive.

    qtbot holds widgets only weakly: a main window nobody references is collected at the
    next garbage collection, and the field window (its child) dies with it.
    """
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(db, Settings(), state, lambda: day)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    main.table.setFocus()
    # The menu entry's shortcut (Extras → Außendienst), pressed like a user would.
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = main.features.get_as("field", FieldMode).dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.combo)
    press(Qt.Key.Key_Return)
    window = main.features.get_as("field", FieldMode).field_window
    assert isinstance(window, FieldWindow)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.stop_list)
    return main, window


def begin_visit(window: FieldWindow) -> None:
    tab_to(window.visit_button)
    press(Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 1
    assert focused() is window.form.begin_button
    press(Qt.Key.Key_Space)
    assert focused() is window.form.met


def test_whole_day_by_keyboard_offline(
    qtbot: QtBot, db: Database, tmp_path: Path, no_network: None
):
    with pytest.raises(AssertionError):
        socket.create_connection(("example.org", 80))
    route_id = build_demo_day(db, 6)
    with db.session() as s:
        day = field.load_day(s, route_id, identity=UNRESTRICTED)
    clock = datetime.combine(day.day, datetime.min.time(), BERLIN).replace(hour=9, minute=5)
    main, window = open_field_mode(qtbot, db, tmp_path, clock)
    gc.collect()  # the day must not depend on when Python happens to collect
    form = window.form
    first, second, third, fourth = day.stops[:4]

    # 1: met, with legal consequences, a low-threshold matter, a note and a complex case.
    assert window.selected_stop() is not None
    assert window.selected_stop().stop_id == first.stop_id  # type: ignore[union-attr]
    begin_visit(window)
    press(Qt.Key.Key_Space)  # Angetroffen
    tab_to(form.checks["legal_consequences"])
    press(Qt.Key.Key_Space)
    tab_to(form.checks["low_threshold"])
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Tab)
    assert focused() is form.texts["low_threshold_text"]
    type_text("Upload fehlender Unterlagen erklärt")
    tab_to(form.texts["note"])
    type_text("KD gesprächsbereit")
    tab_to(form.checks["complex_case"])
    press(Qt.Key.Key_Space)
    assert "Upload fehlender Unterlagen erklärt" in form.preview.toPlainText()
    tab_to(form.finish_button)
    press(Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert window.selected_stop().stop_id == second.stop_id  # type: ignore[union-attr]

    # 2: not met, nobody opened, the package not dropped (with the reason).
    begin_visit(window)
    press(Qt.Key.Key_Right)  # arrow to "Nicht angetroffen", Space chooses it
    assert focused() is form.not_met
    press(Qt.Key.Key_Space)
    assert form.not_met.isChecked()
    tab_to(form.reasons[field.NotMetReason.NOBODY_OPENED])
    press(Qt.Key.Key_Space)
    tab_to(form.checks["mailbox_package"])
    press(Qt.Key.Key_Space)
    assert focused() is form.texts["mailbox_reason"], "unticking asks for the reason"
    tab_to(form.finish_button)
    press(Qt.Key.Key_Return)
    assert "Kunden-Paket" in form.problems.text(), "no reason, no finish"
    tab_to(form.texts["mailbox_reason"])
    type_text("Kein Paket mehr im Auto")
    tab_to(form.finish_button)
    press(Qt.Key.Key_Return)
    assert "Name am Briefkasten" in form.problems.text(), "a mailbox drop needs the name check"
    tab_to(form.checks["mailbox_name_checked"])
    press(Qt.Key.Key_Space)
    tab_to(form.finish_button)
    press(Qt.Key.Key_Return)
    assert window.selected_stop().stop_id == third.stop_id  # type: ignore[union-attr]

    # Choosing a stop by the arrow keys in the list (Ctrl+L goes there): down to the fourth
    # and its card shows; back up to the third, which is the one to skip.
    press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.stop_list
    press(Qt.Key.Key_Down)
    assert window.selected_stop().stop_id == fourth.stop_id  # type: ignore[union-attr]
    assert fourth.name in window.card.title.text()
    press(Qt.Key.Key_Up)
    assert window.selected_stop().stop_id == third.stop_id  # type: ignore[union-attr]

    # 3: skipped; 4: moved to later; then re-plan the rest from the current stop.
    tab_to(window.skip_button)
    press(Qt.Key.Key_Space)
    assert window.selected_stop().stop_id == fourth.stop_id  # type: ignore[union-attr]
    tab_to(window.later_button)
    press(Qt.Key.Key_Space)
    assert window.day is not None
    assert window.day.stops[-1].stop_id == fourth.stop_id
    tab_to(window.replan_button)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.replan_job is None, timeout=20000)
    assert "Neu geplant" in window.message.text()

    # The rest: met, invitation handed over, finished — until no stop is open.
    for _ in range(10):
        if window.day is None or window.day.current is None:
            break
        begin_visit(window)
        press(Qt.Key.Key_Space)
        # An invitation with RFB handed over in person needs the "Rechtsfolgen" line.
        tab_to(form.checks["legal_consequences"])
        press(Qt.Key.Key_Space)
        tab_to(form.finish_button)
        press(Qt.Key.Key_Return)
    assert window.day is not None
    assert window.day.current is None

    with db.session() as s:
        stops = {st.id: st for st in s.scalars(select(RouteStop))}
        visits = s.scalars(select(Visit)).all()
        notes = s.scalars(select(CaseNote)).all()
        tasks = s.scalars(select(Task)).all()
        assert stops[third.stop_id].status == "skipped"
        assert stops[fourth.stop_id].status == "done"
        assert sorted(st.status for st in stops.values()).count("done") == 5
        assert len(visits) == 5
        assert {v.state for v in visits} == {"final"}
        assert {n.state for n in notes} == {"final"}
        assert len(notes) == 5
        assert len(tasks) == 6  # one per visit, one more for the complex case
        by_stop = {v.route_stop_id: v for v in visits}
        met = by_stop[first.stop_id]
        assert met.outcome == "met"
        assert met.complex_case
        assert met.note == "KD gesprächsbereit"
        assert met.details["low_threshold_text"] == "Upload fehlender Unterlagen erklärt"
        not_met = by_stop[second.stop_id]
        assert not_met.outcome == "not_met"
        assert not_met.not_met_reason == "nobody_opened"
        assert not_met.details["mailbox_package"] is False
        text = {n.visit_id: n.text for n in notes}
        assert "Kunden-Paket nicht eingeworfen: Kein Paket mehr im Auto." in text[not_met.id]
        assert "Auf die Rechtsfolgen bei Nichterscheinen wurde hingewiesen." in text[met.id]
        assert any(t.title.startswith("Komplexer Sachverhalt") for t in tasks)
    window.close()
    main.close()


def test_every_control_has_an_accessible_name(qtbot: QtBot, db: Database):
    route_id = build_day(db)
    window = FieldWindow(
        db,
        Settings(),
        lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN),
        route_id,
        identity=UNRESTRICTED,
    )
    qtbot.addWidget(window)
    window.show()
    window.form.begin()
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDateTimeEdit,
        QLineEdit,
        QListView,
        QPlainTextEdit,
    )

    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QDateTimeEdit, QComboBox, QListView)
    unnamed = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and w.objectName() not in ("qt_calendar_prevmonth", "qt_calendar_nextmonth")
        and not w.objectName().startswith("qt_")
        and w.parent() is not None
        and not isinstance(w.parent(), QDateTimeEdit)
    ]
    assert [type(w).__name__ + ":" + w.objectName() for w in unnamed] == []
    assert window.styleSheet().count(":focus") >= 4, "focus is always drawn visibly"
    assert window.font().pointSizeF() > QApplication.font().pointSizeF(), "follows the system"
    window.close()


def test_draft_reloads_and_correction_keeps_history(qtbot: QtBot, db: Database):
    route_id = build_day(db)
    clock = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)  # noqa: E731
    window = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
    qtbot.addWidget(window)
    window.show()
    window.form.begin()
    window.form.met.setChecked(True)
    window.form.note_edit.setPlainText("halb getippt")
    window.form.flush()
    window.close()

    again = FieldWindow(db, Settings(), clock, route_id, identity=UNRESTRICTED)
    qtbot.addWidget(again)
    again.show()
    form = again.form
    assert form.met.isChecked()
    assert form.note_edit.toPlainText() == "halb getippt"
    assert form.finish_button.isVisibleTo(form)
    form.finish()
    assert "Rechtsfolgen" in form.problems.text()  # an RFB invitation handed over in person
    form.checks["legal_consequences"].setChecked(True)
    form.finish()
    assert again.day is not None
    done = again.day.stops[0]
    again.stop_list.setCurrentIndex(again.model.index(0))
    assert form.correct_button.isVisibleTo(form)
    assert not form.body.isEnabled()
    form.correct()
    assert form.finish_button.isVisibleTo(form)
    form.checks["meet_and_walk"].setChecked(True)
    form.finish()
    with db.session() as s:
        history = field.load_day(s, route_id, identity=UNRESTRICTED).stops[0].history
        notes = s.scalars(select(CaseNote).order_by(CaseNote.created_at)).all()
    assert len(history) == 2
    assert history[1].supersedes_id == history[0].id == done.visit.id  # type: ignore[union-attr]
    assert notes[1].supersedes_id == notes[0].id
    again.stop_list.setCurrentIndex(again.model.index(0))
    assert "durch Korrektur ersetzt" in form.history.text()
    again.close()


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colours_meet_bitv_contrast():
    from fieldkit.ui.field import style

    for colour in (style.TEXT, style.MUTED, style.DONE, style.ERROR, style.FOCUS):
        assert _contrast(colour, "#ffffff") >= 4.5, colour
    assert _contrast(style.TEXT, style.CURRENT_BG) >= 4.5
    assert _contrast(style.DONE, "#cfe2ff") >= 4.5  # a done stop while selected
    assert _contrast("#ffffff", "#0b4f9c") >= 4.5  # the primary buttons


def test_map_shows_numbered_stops_route_and_office(qtbot: QtBot, db: Database, tmp_path: Path):
    route_id = build_day(db)
    with db.session() as s:
        first = field.load_day(s, route_id, identity=UNRESTRICTED).stops[0]
    field.set_stop_status(
        db, first.stop_id, "done", datetime(2026, 12, 1, 9, tzinfo=BERLIN), identity=UNRESTRICTED
    )
    tiles = tmp_path / "district.mbtiles"
    settings = Settings()
    window = FieldWindow(
        db,
        settings,
        lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN),
        route_id,
        identity=UNRESTRICTED,
    )
    qtbot.addWidget(window)
    markers = window.map.markers()
    kinds = [m.kind for m in markers]
    assert kinds.count("office") == 1
    assert kinds.count("done") == 1
    assert kinds.count("current") == 1
    assert [m.label for m in markers if m.kind != "office"] == ["1", "2", "3", "4", "5", "6"]
    current = next(m for m in markers if m.kind == "current")
    window.map.marker_clicked.emit(markers[-1].key)
    assert window.selected_stop() is not None
    assert window.selected_stop().stop_id == markers[-1].key  # type: ignore[union-attr]
    assert current.key != markers[-1].key
    from fieldkit.ui.field.window import mbtiles_path

    assert mbtiles_path(settings) is None
    tiles.write_bytes(b"")
    assert mbtiles_path(settings.replace("geo", mbtiles_path=str(tiles))) == tiles
    window.close()


def test_text_follows_the_system_font(qtbot: QtBot, db: Database):
    route_id = build_day(db)
    window = FieldWindow(
        db,
        Settings(),
        lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN),
        route_id,
        identity=UNRESTRICTED,
    )
    qtbot.addWidget(window)
    before = window.font().pointSizeF()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.font()
    bigger = app.font()
    bigger.setPointSizeF(old.pointSizeF() * 1.5)
    try:
        app.setFont(bigger)
        qtbot.waitUntil(lambda: window.font().pointSizeF() > before * 1.4)
    finally:
        app.setFont(old)
    window.close()


def test_visit_time_is_taken_from_the_clock_and_correctable(qtbot: QtBot, db: Database):
    from PySide6.QtCore import QDate, QDateTime, QTime

    route_id = build_day(db)
    window = FieldWindow(
        db,
        Settings(),
        lambda: datetime(2026, 12, 1, 11, 7, tzinfo=BERLIN),
        route_id,
        identity=UNRESTRICTED,
    )
    qtbot.addWidget(window)
    window.form.begin()
    with db.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert visit.visited_at.astimezone(BERLIN).strftime("%H:%M") == "11:07"
    window.form.when.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(10, 55)))

    def stored_time() -> str:
        with db.session() as s:
            visit = s.scalars(select(Visit)).one()
            return visit.visited_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")

    assert stored_time() == "01.12.2026 11:07", "not before the debounce"
    qtbot.waitUntil(lambda: stored_time() == "01.12.2026 10:55", timeout=5000)  # on its own
    assert "um 10:55 Uhr" in window.form.preview.toPlainText()
    window.close()
