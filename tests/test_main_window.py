from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.week_model import ROW_ROLE
from tests.factories import add_flagged


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "ui.sqlite"))
    add_flagged(database, "962D000001", "Zander", "Neckarsulm")
    add_flagged(
        database,
        "962D000002",
        "Albers",
        "Eppingen",
        status="blocked",
        reasons=[
            {
                "code": "E_CALLS_MISSING",
                "column": "anruf2",
                "params": {"required": "2", "count": "1"},
            }
        ],
    )
    add_flagged(database, "962D000003", "Maier", "Weinsberg", status="warning", hb="Herr Brandt")
    add_flagged(database, "962D000004", "Older", "Flein", week="2026-W48")
    yield database
    database.dispose()


def make_window(qtbot: QtBot, db: Database, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        db, Settings(), state, lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    qtbot.addWidget(window)
    window.show()
    return window


def names(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return [proxy.index(r, 2).data() for r in range(proxy.rowCount())]


def test_window_shows_newest_week_sorted_by_name(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    assert window.current_week() == "2026-W49"
    assert window.week_combo.currentText() == "KW 49/2026"
    assert names(window) == ["Albers, Testa", "Maier, Testa", "Zander, Testa"]
    assert window.proxy.headerData(0, Qt.Orientation.Horizontal) == "Status"
    assert "3 von 3 Kunden angezeigt, 1 gesperrt" in window.count_label.text()


def test_sorting_by_clicking_headers(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    header = window.table.horizontalHeader()
    ort_section = 5
    x = header.sectionViewportPosition(ort_section) + header.sectionSize(ort_section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    orte = [window.proxy.index(r, 5).data() for r in range(window.proxy.rowCount())]
    assert orte in (sorted(orte), sorted(orte, reverse=True))
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.proxy.index(0, 0).data().startswith("gesperrt")


def test_filter_by_text_and_status(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    qtbot.keyClicks(window.search, "brandt")
    assert names(window) == ["Maier, Testa"]
    window.search.clear()
    window.status_filter.setCurrentIndex(window.status_filter.findData("blocked"))
    assert names(window) == ["Albers, Testa"]
    assert "1 von 3" in window.count_label.text()


def test_selecting_a_row_shows_details_and_chain(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    window.table.selectRow(0)
    html = window.detail.label.text()
    assert "Albers" in html
    assert "962D000002" in html
    assert "Weniger als 2 dokumentierte Anrufe (1 vorhanden)." in html
    assert "2. Anruf: fehlt" in html
    assert "1. Einladung: 21.09.2026 – ohne RFB, nicht erschienen" in html
    row = window.table.selectionModel().selectedRows()[0].data(ROW_ROLE)
    assert row.kundennummer == "962D000002"


def test_week_switch_and_state_remembered(qtbot: QtBot, db: Database, tmp_path: Path):
    window = make_window(qtbot, db, tmp_path)
    window.week_combo.setCurrentIndex(window.week_combo.findData("2026-W48"))
    assert names(window) == ["Older, Testa"]
    window.resize(700, 500)
    window.close()
    again = make_window(qtbot, db, tmp_path)
    assert again.current_week() == "2026-W48"
    assert again.size().width() == 700


def test_hostile_names_are_shown_as_text(qtbot: QtBot, db: Database, tmp_path: Path):
    add_flagged(db, "962D000009", "<b>Bold</b> & 'Co'", "Flein")
    window = make_window(qtbot, db, tmp_path)
    row = next(
        r for r in range(window.proxy.rowCount()) if window.proxy.index(r, 1).data() == "962D000009"
    )
    window.table.selectRow(row)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; " in window.detail.label.text()


def test_f5_shows_a_week_added_behind_the_windows_back(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = make_window(qtbot, db, tmp_path)
    assert window.week_combo.count() == 2
    # Another window (or a sync) flags a customer for a new week.
    add_flagged(db, "962D000005", "Neuer", "Ilsfeld", week="2026-W50")
    window.action_reload.trigger()
    weeks = [window.week_combo.itemData(i) for i in range(window.week_combo.count())]
    assert weeks == ["2026-W48", "2026-W49", "2026-W50"]
    assert window.current_week() == "2026-W49"  # the week shown stays chosen
    assert names(window) == ["Albers, Testa", "Maier, Testa", "Zander, Testa"]
