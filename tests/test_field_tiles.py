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
