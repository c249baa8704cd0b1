"""The app's 'OpenStreetMap-Auszug importieren …' (issue 22): background job, one sentence."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from fieldkit.geo import osmdata
from fieldkit.services import osm as osm_import
from fieldkit.store.db import Database
from fieldkit.ui.geo.map_view import MapView
from tests import osm_synth
from tests.test_geo_ui import db, geo, make_window, messages  # noqa: F401  (fixtures)


def test_import_osm_from_the_menu(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],  # noqa: F811
) -> None:
    path = osm_synth.river_town(tmp_path / "regbez.osm.pbf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    assert feature.action_import_osm in window.file_menu.actions()
    with qtbot.waitSignal(feature.finished, timeout=20000):
        feature.action_import_osm.trigger()
    assert [k for k, _ in messages] == ["information"]
    text = messages[0][1]
    assert "8 Adresspunkte" in text
    assert "OpenStreetMap-Mitwirkende" in text
    assert osmdata.current_info() is not None
    # A map opened now draws the streets.
    view = MapView()
    qtbot.addWidget(view)
    assert view.has_streets()


def test_a_broken_extract_gives_one_german_sentence(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
    messages: list[tuple[str, str]],  # noqa: F811
) -> None:
    path = tmp_path / "kaputt.osm.pbf"
    path.write_bytes(b"\x00\x01 kein Auszug")
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    with qtbot.waitSignal(feature.finished, timeout=20000):
        feature.import_osm(str(path))
    [(kind, text)] = messages
    assert kind == "warning"
    assert "beschädigt" in text
    assert "Nichts wurde importiert" in text
    assert "\n" not in text
    assert osmdata.current_info() is None
    assert feature.action_import_osm.isEnabled()


def test_cancel_keeps_everything(
    qtbot: QtBot,
    db: Database,  # noqa: F811
    tmp_path: Path,
    messages: list[tuple[str, str]],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = osm_synth.river_town(tmp_path / "regbez.osm.pbf")
    real = osm_import.import_osm

    def after_the_cancel(*args: Any, **kwargs: Any) -> Any:
        # The small file would be read before the cancel arrives: wait for it (at most 10 s).
        deadline = time.monotonic() + 10
        while not kwargs["cancelled"]() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(osm_import, "import_osm", after_the_cancel)
    window = make_window(qtbot, db, tmp_path)
    feature = geo(window)
    with qtbot.waitSignal(feature.finished, timeout=20000):
        job = feature.import_osm(str(path))
        assert job is not None
        job.cancel()
    assert messages == []
    assert osmdata.current_info() is None
    assert "abgebrochen" in window.statusBar().currentMessage()
