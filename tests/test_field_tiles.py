"""The field map's offline tiles come from the declared setting ``geo.mbtiles_path`` (issue 19):
the field window looked for three undeclared names on ``settings.geo`` and so never found
the file a user set. Driven with real Settings loaded from a real settings.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from fieldkit.geo.settings import GeoSettings
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database, open_database
from fieldkit.ui.field import FieldWindow
from fieldkit.ui.field.window import mbtiles_path
from tests.test_field_service import build_day
from tests.test_geo_ui_map import _mbtiles

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "field-tiles.sqlite"))
    yield database
    database.dispose()


def settings_with(tmp_path: Path, value: object) -> Settings:
    """The settings as the app loads them from a settings.json naming ``value``."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"geo": {"mbtiles_path": value}}), encoding="utf-8")
    return Settings.load(path)


def test_the_setting_is_declared_and_saved_by_the_store(tmp_path: Path) -> None:
    assert GeoSettings().mbtiles_path == ""
    tiles = _mbtiles(tmp_path / "kreis.mbtiles")
    store = SettingsStore(Settings(), tmp_path / "settings.json")
    store.save(store.current.replace("geo", mbtiles_path=str(tiles)))
    again = Settings.load(tmp_path / "settings.json")
    assert again.geo.mbtiles_path == str(tiles)
    assert mbtiles_path(again) == tiles


def test_the_field_map_shows_the_tiles_the_settings_name(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    route_id = build_day(db)
    tiles = _mbtiles(tmp_path / "kreis.mbtiles")
    settings = settings_with(tmp_path, str(tiles))
    window = FieldWindow(
        db, settings, lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN), route_id,
        identity=UNRESTRICTED,
    )  # fmt: skip
    qtbot.addWidget(window)
    assert window.map.has_mbtiles()
    assert window.map.mbtiles_message == ""
    window.close()
    plain = FieldWindow(
        db, Settings(), lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN), route_id,
        identity=UNRESTRICTED,
    )  # fmt: skip
    qtbot.addWidget(plain)
    assert not plain.map.has_mbtiles()
    plain.close()


@pytest.mark.parametrize(
    "value",
    ["", "   ", "fehlt.mbtiles", ".", "x" * 100_000, "a\x00b.mbtiles", "~keiner-da/k.mbtiles"],
)
def test_a_path_that_is_no_file_means_no_tiles(tmp_path: Path, value: str) -> None:
    assert mbtiles_path(settings_with(tmp_path, value)) is None


def test_a_mistyped_value_falls_back_to_no_tiles(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, ["not", "a", "path"])
    assert settings.geo.mbtiles_path == ""
    assert mbtiles_path(settings) is None


def test_the_settings_window_sets_the_tiles_and_the_open_field_map_follows(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.ui import settings_dialog as dialog_module
    from fieldkit.ui.settings_dialog import SettingsDialog

    route_id = build_day(db)
    store = SettingsStore(Settings(), tmp_path / "settings.json")
    window = FieldWindow(
        db, store.current, lambda: datetime(2026, 12, 1, 9, tzinfo=BERLIN), route_id,
        identity=UNRESTRICTED,
    )  # fmt: skip
    qtbot.addWidget(window)
    assert not window.map.has_mbtiles()
    tiles = _mbtiles(tmp_path / "kreis.mbtiles")
    dialog = SettingsDialog(store.current, store.save)
    qtbot.addWidget(dialog)
    assert dialog.mbtiles.text() == ""
    # The file dialog (through fieldkit.ui.safety) fills the field.
    monkeypatch.setattr(dialog_module.safety, "open_file_name", lambda *a: str(tiles))
    choose = dialog.findChild(QPushButton, "mbtiles_path_choose")
    assert choose is not None
    choose.click()
    assert dialog.mbtiles.text() == str(tiles)
    dialog.apply()
    assert dialog.saved is not None
    assert Settings.load(tmp_path / "settings.json").geo.mbtiles_path == str(tiles)
    window.use_settings(dialog.saved)  # what the main window's settings_changed does
    assert window.map.has_mbtiles()
    window.use_settings(dialog.saved.replace("geo", mbtiles_path=""))
    assert not window.map.has_mbtiles()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p / "fehlt.mbtiles", "wurde nicht gefunden"),
        (lambda p: p, "wurde nicht gefunden"),  # a folder
        (lambda p: _written(p / "text.mbtiles", b"kein sqlite" * 100), "beschädigt"),
        (lambda p: _written(p / "leer.mbtiles", b""), "keine MBTiles-Kartendatei"),
        (lambda p: _mbtiles(p / "vektor.mbtiles", fmt="pbf"), "Vektorkacheln"),
        (lambda p: _mbtiles(p / "ohne.mbtiles", zooms=()), "enthält keine Kacheln"),
        (lambda p: "x" * 5000, "kein gültiger Dateiname"),
        (lambda p: "a\x01b.mbtiles", "kein gültiger Dateiname"),
    ],
)
def test_the_settings_window_refuses_a_file_it_cannot_show_and_saves_nothing(
    qtbot: QtBot, tmp_path: Path, make: object, says: str
) -> None:
    from fieldkit.ui.settings_dialog import SettingsDialog

    store = SettingsStore(Settings(), tmp_path / "settings.json")
    dialog = SettingsDialog(store.current, store.save)
    qtbot.addWidget(dialog)
    dialog.mbtiles.setText(str(make(tmp_path)))  # type: ignore[operator]
    dialog.apply()
    assert dialog.saved is None
    assert says in dialog.error.text()
    assert "\n" not in dialog.error.text()
    assert not (tmp_path / "settings.json").exists()


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
