from __future__ import annotations

import json
from pathlib import Path

from fieldkit.domain.settings import RulesSettings
from fieldkit.settings import Settings, SettingsStore


def test_defaults_and_roundtrip(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.section("rules", RulesSettings).office_hours_end == "16:00"
    changed = settings.replace("rules", call_min_gap_hours=3.0)
    SettingsStore(path=tmp_path / "s.json").save(changed)
    loaded = Settings.load(tmp_path / "s.json")
    assert loaded.section("rules", RulesSettings).call_min_gap_hours == 3.0


def test_broken_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(b"\x00\xff not json")
    assert Settings.load(path).section("rules", RulesSettings).federal_state == "BW"


def test_wrong_types_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"rules": {"call_min_gap_hours": "zwei", "federal_state": "HH"}, "nonsense": 1})
    )
    rules = Settings.load(path).section("rules", RulesSettings)
    assert rules.call_min_gap_hours == 2.0
    assert rules.federal_state == "HH"


def test_not_a_number_and_infinity_fall_back(tmp_path: Path) -> None:
    """JSON allows NaN and Infinity; no float setting may take them (a search time of NaN
    would stop the settings window and the planner). A very long whole number is still read
    (it is finite; it only cannot be turned into a float)."""
    from fieldkit.geo.settings import GeoSettings
    from fieldkit.routing.settings import RoutingSettings

    huge = "1" + "0" * 400
    path = tmp_path / "s.json"
    path.write_text(
        '{"routing": {"time_limit_seconds": NaN, "speed_kmh": Infinity, "detour_factor": 1.5},'
        ' "rules": {"call_min_gap_hours": -Infinity},'
        f' "geo": {{"online_timeout_seconds": {huge}}}}}'
    )
    settings = Settings.load(path)
    routing = settings.section("routing", RoutingSettings)
    assert routing.time_limit_seconds == RoutingSettings().time_limit_seconds
    assert routing.speed_kmh == RoutingSettings().speed_kmh
    assert routing.detour_factor == 1.5
    assert settings.section("rules", RulesSettings).call_min_gap_hours == 2.0
    assert settings.section("geo", GeoSettings).online_timeout_seconds == int(huge)
