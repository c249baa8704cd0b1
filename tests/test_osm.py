"""OpenStreetMap extracts (issue 22): import, house-level geocoding and road travel times.

Every extract is built here with osmium (tests/osm_synth.py); nothing comes from the internet.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.geo import osm, osmdata
from fieldkit.geo.chain import GeocodingChain, Precision, Source
from fieldkit.geo.matrix import TravelTimeService, geodesic_travel_matrix
from fieldkit.geo.normalize import Address
from fieldkit.geo.notes import NoteCode
from fieldkit.geo.osm import RoadWay, parse_maxspeed
from fieldkit.geo.roads import ACCESS_SPEED_KMH, build_graph
from fieldkit.geo.settings import GeoSettings
from fieldkit.paths import data_dir
from fieldkit.services import geocoding
from fieldkit.services import osm as osm_service
from fieldkit.services.geocoding import GeoServiceError
from fieldkit.services.office import UNRESTRICTED
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import AddressImport, AddressPoint
from tests import osm_synth
from tests.osm_synth import latlon


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "osm.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def town(tmp_path: Path) -> Path:
    return osm_synth.river_town(tmp_path / "town.osm.pbf")


def _point_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(AddressPoint.id))) or 0)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("suffix", [".osm.pbf", ".osm"])
def test_reads_addresses_roads_and_places_from_pbf_and_xml(tmp_path: Path, suffix: str) -> None:
    path = osm_synth.river_town(tmp_path / f"town{suffix}")
    extract = osm.read_extract(path, osm_service.district_box())
    found = {(a.street, a.housenumber) for a in extract.addresses}
    assert found == {
        ("Weststraße", "1"),
        ("Weststraße", "3a"),
        ("Weststraße", "12-14"),
        ("Weststraße", "20"),  # "20;22" is two houses
        ("Weststraße", "22"),
        ("Oststraße", "2"),
        ("Oststraße", "9"),  # on the building outline
        ("Brückenstraße", "7"),
    }
    building = next(a for a in extract.addresses if a.housenumber == "9")
    assert (building.lat, building.lon) == pytest.approx(latlon(1030, 500), abs=1e-6)
    assert all(a.postcode == "74072" and a.city == "Heilbronn" for a in extract.addresses)
    # The river is no road; the four streets are.
    assert sorted(r.name for r in extract.roads) == [
        "Brückenstraße",
        "Mühlgasse",
        "Oststraße",
        "Weststraße",
    ]
    bridge = next(r for r in extract.roads if r.name == "Brückenstraße")
    assert bridge.speed_kmh == 50.0
    assert bridge.oneway == 0
    assert next(r for r in extract.roads if r.name == "Mühlgasse").oneway == 1
    [(kind, name, lat, lon)] = extract.places
    assert (kind, name) == ("suburb", "Brückenviertel")
    assert (lat, lon) == pytest.approx(latlon(300, 1200), abs=1e-6)


def test_only_the_box_is_kept(town: Path) -> None:
    # A box that holds only the west bank's south end.
    lat0, lon0 = latlon(-100, -50)
    lat1, lon1 = latlon(100, 150)
    extract = osm.read_extract(town, (lat0, lat1, lon0, lon1))
    assert {a.housenumber for a in extract.addresses} == {"1", "3a"}
    assert [r.name for r in extract.roads] == ["Weststraße"]  # a way touching the box


@pytest.mark.parametrize(
    ("text", "kmh"),
    [
        ("50", 50.0),
        ("30 mph", pytest.approx(48.28, abs=0.01)),
        ("DE:urban", 50.0),
        ("DE:rural", 100.0),
        ("walk", 7.0),
        ("none", None),
        ("", None),
        ("9999", None),
        ("fast", None),
    ],
)
def test_maxspeed(text: str, kmh: object) -> None:
    assert parse_maxspeed(text) == kmh


# --------------------------------------------------------------------------- bad files


def _assert_refused(db: Database, path: Path, words: str) -> None:
    with pytest.raises(GeoServiceError) as info:
        osm_service.import_osm(db, path, identity=UNRESTRICTED)
    assert words in info.value.message("en")
    assert "\n" not in info.value.message("de")
    assert info.value.message("de") != ""


def test_broken_foreign_empty_and_wrong_files_change_nothing(
    db: Database, town: Path, tmp_path: Path
) -> None:
    first = osm_service.import_osm(db, town, identity=UNRESTRICTED)
    assert first.addresses == 8
    before = osmdata.current_info()
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(town.read_bytes()[:150] + b"\x00garbage" * 50)
    _assert_refused(db, broken, "corrupt")
    hostile = tmp_path / "hostile.osm"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><osm>&a;&a;</osm>')
    _assert_refused(db, hostile, "corrupt")
    bad_coordinate = tmp_path / "coordinate.osm"
    bad_coordinate.write_text('<osm version="0.6"><node id="1" lat="abc" lon="9"/></osm>')
    _assert_refused(db, bad_coordinate, "corrupt")
    folder = tmp_path / "folder.osm.pbf"
    folder.mkdir()
    _assert_refused(db, folder, "corrupt")
    long_value = tmp_path / "long.osm"
    long_value.write_text(
        '<osm version="0.6"><node id="1" lat="49.14" lon="9.22">'
        f'<tag k="addr:street" v="{"x" * 5000}"/></node></osm>'
    )
    _assert_refused(db, long_value, "corrupt")
    empty = tmp_path / "empty.osm.pbf"
    empty.write_bytes(b"")
    _assert_refused(db, empty, "Nothing was imported")
    # Hamburg: a valid extract of another region.
    hamburg = osm_synth.Builder()
    hamburg.nodes.append(
        osm_synth.Node(id=1, location=(10.0, 53.55), tags=osm_synth.address("Jungfernstieg", "1"))
    )
    foreign = hamburg.write(tmp_path / "hamburg.osm.pbf")
    _assert_refused(db, foreign, "another region")
    text = tmp_path / "addresses.csv"
    text.write_text("street,housenumber\n")
    _assert_refused(db, text, "not an OpenStreetMap extract")
    _assert_refused(db, tmp_path / "missing.osm.pbf", "cannot be read")
    assert _point_count(db) == 8
    assert osmdata.current_info() == before
    assert osmdata.load_roads() is not None


def test_a_huge_file_is_refused_before_reading(
    db: Database, town: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(osm, "MAX_FILE_BYTES", 100)
    _assert_refused(db, town, "too large")
    assert _point_count(db) == 0
    assert osmdata.current_info() is None


def test_cancel_changes_nothing(db: Database, town: Path) -> None:
    with pytest.raises(GeoServiceError) as info:
        osm_service.import_osm(db, town, cancelled=lambda: True, identity=UNRESTRICTED)
    assert info.value.code == "cancelled"
    assert _point_count(db) == 0
    assert osmdata.current_info() is None
    folder = osmdata.default_folder()
    assert not folder.exists() or not any(folder.iterdir())


def test_a_failing_database_write_leaves_the_old_extract(
    db: Database, town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    before = osmdata.current_info()

    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(osm_service, "_insert_points", fail)
    smaller = osm_synth.river_town(tmp_path / "smaller.osm.pbf", with_addresses=False)
    with pytest.raises(RuntimeError):
        osm_service.import_osm(db, smaller, identity=UNRESTRICTED)
    assert _point_count(db) == 8
    assert osmdata.current_info() == before
    assert [p.name for p in osmdata.default_folder().iterdir() if p.is_dir()] == [
        before["folder"] if before else ""
    ]


# --------------------------------------------------------------------------- import + CLI


def test_cli_imports_and_a_newer_extract_replaces_the_old(
    tmp_path: Path, town: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = str(tmp_path / "cli.sqlite")
    assert main(["import-osm", "--db", db_path, str(town)]) == 0
    out = capsys.readouterr().out
    assert "8 address points" in out
    assert "OpenStreetMap contributors, ODbL" in out
    first = osmdata.current_info()
    assert first is not None
    assert first["file"] == "town.osm.pbf"
    newer = osm_synth.river_town(tmp_path / "newer.osm", with_addresses=False)
    # A file with roads only still replaces the addresses of the earlier extract.
    assert main(["import-osm", "--db", db_path, str(newer)]) == 0
    assert "replacing the earlier extract" in capsys.readouterr().out
    db = open_database(db_path)
    try:
        with db.session() as session:
            imports = session.execute(select(AddressImport.file_name, AddressImport.file_format))
            assert list(imports) == [("newer.osm", "osmextract")]
        assert _point_count(db) == 0
    finally:
        db.dispose()
    second = osmdata.current_info()
    assert second is not None
    assert second["folder"] != first["folder"]
    folders = [p.name for p in (data_dir() / "osm").iterdir() if p.is_dir()]
    assert folders == [second["folder"]]  # the old data is gone
    assert json.loads((data_dir() / "osm" / "current.json").read_text())["file"] == "newer.osm"


def test_cli_refuses_with_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"PK\x03\x04 not an extract")
    assert main(["import-osm", "--db", str(tmp_path / "x.sqlite"), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "corrupt or not an OpenStreetMap extract" in err
    assert "Traceback" not in err


def test_import_keeps_hand_csv_address_files(db: Database, town: Path, tmp_path: Path) -> None:
    csv = tmp_path / "extra.csv"
    csv.write_text(
        "street,housenumber,postcode,city,lat,lon\nAm Markt,1,74072,Heilbronn,49.1,9.2\n"
    )
    geocoding.import_addresses(db, csv, identity=UNRESTRICTED)
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    assert _point_count(db) == 9


# --------------------------------------------------------------------------- geocoding


@pytest.mark.parametrize(
    ("street", "number", "x", "y"),
    [
        ("Weststraße", "1", -15, 0),
        ("Weststr.", "3 A", -15, 100),  # abbreviation, letter in capitals with a space
        ("Weststrasse", "3a", -15, 100),
        ("weststr", "12-14", -15, 200),  # the range as tagged
        ("Weststraße", "13", -15, 200),  # inside the range
        ("Weststraße", "22", -15, 300),  # from "20;22"
        ("Brueckenstr.", "7", 500, 1015),  # umlaut written out
        ("Oststraße", "9", 1030, 500),  # the building's centre
    ],
)
def test_imported_addresses_geocode_at_the_house(
    db: Database, town: Path, street: str, number: str, x: float, y: float
) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    with db.session() as session:
        chain = GeocodingChain(geocoding.gazetteer(), index=geocoding.address_index(session))
    result = chain.geocode(Address(street, number, "74072", "Heilbronn"))
    assert result is not None
    assert result.precision is Precision.HOUSE
    assert result.source is Source.ADDRESS_POINTS
    assert (result.lat, result.lon) == pytest.approx(latlon(x, y), abs=1e-6)


def test_unknown_number_falls_back_to_the_street(db: Database, town: Path) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    with db.session() as session:
        chain = GeocodingChain(geocoding.gazetteer(), index=geocoding.address_index(session))
    result = chain.geocode(Address("Weststraße", "99", "74072", "Heilbronn"))
    assert result is not None
    assert result.precision is Precision.STREET


# --------------------------------------------------------------------------- travel times

WEST = latlon(0, 0)
EAST = latlon(1000, 0)


def test_road_times_go_over_the_bridge(db: Database, town: Path) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    settings = GeoSettings(road_time_factor=1.0)
    m = TravelTimeService(settings).matrix([WEST, EAST])
    # North 1000 m at 30 km/h, bridge 1000 m at 50 km/h, south 1000 m at 30 km/h.
    assert m.source == "osm"
    assert m.note is not None
    assert m.note.code is NoteCode.ROAD_NETWORK
    assert m.seconds[0, 1] == m.seconds[1, 0] == 312
    assert m.meters[0, 1] == pytest.approx(3000, abs=2)
    straight = geodesic_travel_matrix([WEST, EAST], settings)
    assert straight.seconds[0, 1] == pytest.approx(1000 * 1.3 / (50 / 3.6), abs=1)
    # The factor scales the road times (the team drives slower than the limits).
    slower = TravelTimeService(GeoSettings(road_time_factor=1.5)).matrix([WEST, EAST])
    assert slower.seconds[0, 1] == 468


def test_stops_beside_the_road_add_the_access_leg(db: Database, town: Path) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    a, b = latlon(-15, 0), latlon(1015, 0)  # the houses Weststraße 1 and Oststraße 2
    m = TravelTimeService(GeoSettings(road_time_factor=1.0)).matrix([a, b])
    access = 15 / (ACCESS_SPEED_KMH / 3.6)
    assert m.seconds[0, 1] == round(312 + 2 * access)
    assert m.meters[0, 1] == pytest.approx(3030, abs=2)


def test_a_stop_off_the_road_map_keeps_the_estimate(db: Database, town: Path) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    stuttgart = (48.7758, 9.1829)
    settings = GeoSettings(road_time_factor=1.0)
    m = TravelTimeService(settings).matrix([WEST, EAST, stuttgart])
    estimate = geodesic_travel_matrix([WEST, EAST, stuttgart], settings)
    assert m.seconds[0, 1] == 312
    assert m.seconds[0, 2] == estimate.seconds[0, 2]
    assert m.seconds[2, 1] == estimate.seconds[2, 1]
    assert m.note is not None
    assert m.note.code is NoteCode.ROAD_GAPS
    assert m.note.param("count") == "4"
    assert "4" in m.note.text("de")
    assert "geschätzt" in m.note.text("de")


def test_without_an_extract_the_straight_line_is_used() -> None:
    settings = GeoSettings()
    m = TravelTimeService(settings).matrix([WEST, EAST])
    assert m.source == "geodesic"
    assert m.note is None
    assert m.seconds[0, 1] == geodesic_travel_matrix([WEST, EAST], settings).seconds[0, 1]


def test_a_broken_graph_file_falls_back_to_the_straight_line(db: Database, town: Path) -> None:
    osm_service.import_osm(db, town, identity=UNRESTRICTED)
    info = osmdata.current_info()
    assert info is not None
    (osmdata.default_folder() / info["folder"] / "roads.npz").write_bytes(b"not numpy")
    m = TravelTimeService(GeoSettings()).matrix([WEST, EAST])
    assert m.source == "geodesic"


def _way(ids: list[int], pts: list[tuple[float, float]], kmh: float, oneway: int) -> RoadWay:
    arr = np.asarray([latlon(x, y) for x, y in pts])
    return RoadWay(np.asarray(ids), arr[:, 0], arr[:, 1], 6, kmh, oneway, "")


def test_one_way_streets_make_times_asymmetric() -> None:
    # A square: the south side is one-way eastwards, the detour round the north is 3 km.
    ways = [
        _way([1, 2], [(0, 0), (1000, 0)], 36.0, 1),
        _way([2, 3, 4, 1], [(1000, 0), (1000, 1000), (0, 1000), (0, 0)], 36.0, 0),
    ]
    graph = build_graph(ways)
    m = graph.travel_matrix([latlon(0, 0), latlon(1000, 0)])
    assert m.seconds[0, 1] == pytest.approx(100, abs=0.2)  # 1000 m at 10 m/s
    assert m.seconds[1, 0] == pytest.approx(300, abs=0.2)
    assert m.meters[1, 0] == pytest.approx(3000, abs=2)


def test_parallel_pieces_keep_the_fastest_and_islands_are_not_snapped() -> None:
    ways = [
        _way([1, 2], [(0, 0), (1000, 0)], 36.0, 0),
        _way([1, 5, 2], [(0, 0), (500, 10), (1000, 0)], 108.0, 0),  # faster, slightly longer
        _way([7, 8], [(0, 300), (100, 300)], 30.0, 0),  # an island nearer to the stop
    ]
    graph = build_graph(ways)
    assert graph.snappable.sum() == 2
    m = graph.travel_matrix([latlon(0, 250), latlon(1000, 0)])
    assert m.unsnapped == 0
    access = 250 / (ACCESS_SPEED_KMH / 3.6)
    assert m.seconds[0, 1] == pytest.approx(access + 1000.2 / 30, abs=0.3)
