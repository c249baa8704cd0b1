"""Sizes and splitters are remembered per screen (issue 23, point 1): the office monitor's
window size does not come back on the laptop, and each screen gets its own back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.screen import screen_key


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "ui.sqlite"))
    yield database
    database.dispose()


def open_window(qtbot: QtBot, db: Database, state: QSettings) -> MainWindow:
    clock = lambda: datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # noqa: E731
    window = MainWindow(db, Settings(), state, clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_key_names_the_screen_and_its_size(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    screen = QGuiApplication.primaryScreen()
    key = screen_key(widget)
    size = screen.geometry()
    assert key.endswith(f"_{size.width()}x{size.height()}")
    assert "/" not in key  # no QSettings group by accident
    assert "\\" not in key


def test_size_and_splitter_come_back_on_the_same_screen_only(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    # What the same user left on the office's big monitor: much larger than this screen.
    big = QWidget()
    big.resize(1800, 1000)
    state.setValue("main/HDMI-1_2560x1440/geometry", big.saveGeometry())
    big.deleteLater()

    window = open_window(qtbot, db, state)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width()
    assert window.height() <= room.height()
    window.resize(640, 520)
    window.splitter.setSizes([400, 200])
    sizes = window.splitter.sizes()
    window.close()

    key = screen_key(window)
    assert state.contains(f"main/{key}/geometry")
    assert state.contains(f"main/{key}/splitter")
    assert state.contains("main/HDMI-1_2560x1440/geometry")  # the other screen's stays

    again = open_window(qtbot, db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    assert (again.width(), again.height()) == (640, 520)
    assert again.splitter.sizes() == sizes


def test_a_broken_remembered_geometry_gives_the_default(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    probe = QWidget()
    key = screen_key(probe)
    probe.deleteLater()
    state.setValue(f"main/{key}/geometry", b"\x00garbage" * 100)
    state.setValue(f"main/{key}/splitter", "kein Splitter")
    window = open_window(qtbot, db, state)
    room = window.screen().availableGeometry()
    assert 0 < window.width() <= room.width()
    assert 0 < window.height() <= room.height()
