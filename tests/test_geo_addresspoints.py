"""Importing house coordinates: OSM-style CSV, HK-DE (UTM32), and every kind of bad file."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from fieldkit.geo.addresspoints import (
    SWAPPED_LAT_LON,
    AddressFileError,
    AddressIndex,
    read_address_file,
    utm_pipeline,
    utm_to_wgs84,
)


def _utm32_forward(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    """GRS80 → UTM zone 32 by Krüger's series (Karney 2011, 4th order), independent of pyproj."""
    a, f, k0 = 6378137.0, 1 / 298.257222101, 0.9996
    n = f / (2 - f)
    big_a = a / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    alpha = [
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440,
        61 * n**3 / 240 - 103 * n**4 / 140,
        49561 * n**4 / 161280,
    ]
    phi, lam = math.radians(lat_deg), math.radians(lon_deg - 9.0)
    e = 2 * math.sqrt(n) / (1 + n)
    t = math.sinh(math.atanh(math.sin(phi)) - e * math.atanh(e * math.sin(phi)))
    xi_p = math.atan2(t, math.cos(lam))
    eta_p = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    xi = xi_p + sum(
        al * math.sin(2 * j * xi_p) * math.cosh(2 * j * eta_p) for j, al in enumerate(alpha, 1)
    )
    eta = eta_p + sum(
        al * math.cos(2 * j * xi_p) * math.sinh(2 * j * eta_p) for j, al in enumerate(alpha, 1)
    )
    return 500000.0 + k0 * big_a * eta, k0 * big_a * xi


def _write(tmp_path: Path, text: str, name: str = "adressen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _hkde_line(east: str, north: str, hnr: str = "3", adz: str = "a") -> str:
    # NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;East;North;STN;PLZ;ONM;ZON;POT
    return (
        f"N;DEBWxxxx00000001;A;08;1;25;007;0001;00123;{hnr};{adz};{east};{north};"
        "Lindenweg;74206;Bad Wimpfen;;"
    )


# --- pyproj conversion -----------------------------------------------------------------------


def test_central_meridian_is_500000_east() -> None:
    # On the zone's central meridian (9° E) the easting is 500 000 m by definition.
    _lat, lon = utm_to_wgs84(np.array([500000.0]), np.array([5_431_000.0]))
    assert lon[0] == pytest.approx(9.0, abs=1e-9)


@pytest.mark.parametrize("zone", [32, 33])
def test_the_written_pipeline_is_what_proj_chooses_for_the_epsg_codes(zone: int) -> None:
    # The bundle leaves PROJ's database out: the pipeline must stay PROJ's own choice.
    from pyproj import Transformer

    chosen = Transformer.from_crs(f"EPSG:258{zone}", "EPSG:4326", always_xy=True)
    assert chosen.definition == utm_pipeline(zone).replace("+", "").replace("  ", " ")
    east = np.array([300_000.0, 500_000.0, 700_000.0])
    north = np.array([5_300_000.0, 5_500_000.0, 6_000_000.0])
    lon, lat = chosen.transform(east, north)
    got_lat, got_lon = utm_to_wgs84(east, north, zone)
    assert np.allclose(got_lat, lat, atol=1e-12, rtol=0)
    assert np.allclose(got_lon, lon, atol=1e-12, rtol=0)


def test_a_zone_outside_germany_is_refused() -> None:
    with pytest.raises(ValueError, match="not used in Germany"):
        utm_to_wgs84(np.array([500000.0]), np.array([5_431_000.0]), zone=31)


@pytest.mark.parametrize(("lat", "lon"), [(49.1427, 9.2109), (49.3249, 9.3584), (47.5, 7.6)])
def test_utm32_conversion_matches_independent_formula(lat: float, lon: float) -> None:
    east, north = _utm32_forward(lat, lon)
    got_lat, got_lon = utm_to_wgs84(np.array([east]), np.array([north]))
    # 1e-7 degrees is about 1 cm.
    assert got_lat[0] == pytest.approx(lat, abs=1e-7)
    assert got_lon[0] == pytest.approx(lon, abs=1e-7)


# --- OSM-style CSV ---------------------------------------------------------------------------


def test_osm_csv(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "addr:street,addr:housenumber,addr:postcode,addr:city,lat,lon\n"
        "Lindenweg,3a,74206,Bad Wimpfen,49.2302,9.1602\n"
        "Rosengasse,7,74223,Flein,49.1031,9.2111\n",
    )
    result = read_address_file(path)
    assert result.format == "osm"
    assert len(result.points) == 2
    assert result.points[0].street == "Lindenweg"
    assert (result.points[0].lat, result.points[0].lon) == (49.2302, 9.1602)


def test_osm_csv_semicolon_with_german_headers_and_decimal_commas(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Straße;Hausnummer;PLZ;Ort;Breite;Länge\nLindenweg;3;74206;Bad Wimpfen;49,2301;9,1601\n",
    )
    point = read_address_file(path).points[0]
    assert (point.lat, point.lon, point.postcode) == (49.2301, 9.1601, "74206")


def test_swapped_lat_lon_is_reported_not_silently_fixed(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "street,housenumber,postcode,city,lat,lon\nA-Weg,1,74206,X,9.16,49.23\n"
    )
    with pytest.raises(AddressFileError) as info:
        read_address_file(path)
    assert info.value.code == SWAPPED_LAT_LON
    assert "vertauscht" in info.value.de
    assert "swapped" in info.value.en
    fixed = read_address_file(path, swap_lat_lon=True)
    assert (fixed.points[0].lat, fixed.points[0].lon) == (49.23, 9.16)


def test_coordinates_outside_germany(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "street,housenumber,postcode,city,lat,lon\n"
        "A-Weg,1,74206,X,49.23,9.16\n"
        "B-Weg,2,74206,X,48.85,2.35\n",  # Paris
    )
    with pytest.raises(AddressFileError) as info:
        read_address_file(path)
    assert "außerhalb Deutschlands" in info.value.de
    assert "Zeile 3" in info.value.de
    assert "outside Germany" in info.value.en


def test_utm_values_in_a_lat_lon_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "street,housenumber,postcode,city,lat,lon\nA-Weg,1,74206,X,5454000.1,511000.2\n"
    )
    with pytest.raises(AddressFileError) as info:
        read_address_file(path)
    assert "Metern" in info.value.de
    assert "metres" in info.value.en


@pytest.mark.parametrize(
    "content",
    [
        "",
        "just some text\nwithout any structure\n",
        "name,phone\nx,1\n",
        "street,housenumber,postcode,city,lat,lon\nA-Weg,1,74206,X,abc,9.1\n",
        "street,housenumber,postcode,city,lat,lon\nA-Weg,1,74206\n",
    ],
)
def test_corrupt_files_raise_and_nothing_is_returned(tmp_path: Path, content: str) -> None:
    with pytest.raises(AddressFileError) as info:
        read_address_file(_write(tmp_path, content))
    assert info.value.de
    assert info.value.en


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "adressen.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(AddressFileError, match="keine Textdatei"):
        read_address_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AddressFileError, match="nicht gelesen"):
        read_address_file(tmp_path / "fehlt.csv")


def test_one_bad_row_among_many_stores_nothing(tmp_path: Path) -> None:
    good = "".join(f"Weg,{i},74206,Bad Wimpfen,49.23,9.16\n" for i in range(1, 500))
    path = _write(tmp_path, "street,housenumber,postcode,city,lat,lon\n" + good + "Weg,9,,,x,y\n")
    with pytest.raises(AddressFileError, match="Zeile 501"):
        read_address_file(path)


# --- HK-DE -----------------------------------------------------------------------------------


def test_hkde_with_zone_prefix(tmp_path: Path) -> None:
    lat, lon = 49.2302, 9.1602
    east, north = _utm32_forward(lat, lon)
    east_text = f"32{east:.3f}".replace(".", ",")
    north_text = f"{north:.3f}".replace(".", ",")
    path = _write(
        tmp_path,
        "# Hauskoordinaten, Kommentarzeile\n" + _hkde_line(east_text, north_text) + "\n",
        "hk.txt",
    )
    result = read_address_file(path)
    assert result.format == "hkde"
    point = result.points[0]
    assert (point.street, point.housenumber, point.postcode, point.city) == (
        "Lindenweg",
        "3a",
        "74206",
        "Bad Wimpfen",
    )
    assert point.ags == "08125007"
    assert point.lat == pytest.approx(lat, abs=1e-7)
    assert point.lon == pytest.approx(lon, abs=1e-7)


def test_hkde_without_zone_prefix_and_with_header(tmp_path: Path) -> None:
    east, north = _utm32_forward(49.1031, 9.2111)
    header = "NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON;POT\n"
    line = _hkde_line(f"{east:.3f}".replace(".", ","), f"{north:.3f}".replace(".", ","), "7", "")
    point = read_address_file(_write(tmp_path, header + line + "\n", "hk.csv")).points[0]
    assert point.lat == pytest.approx(49.1031, abs=1e-7)
    assert point.housenumber == "7"


def test_hkde_with_degrees_is_the_wrong_coordinate_system(tmp_path: Path) -> None:
    path = _write(tmp_path, _hkde_line("9,1602", "49,2302") + "\n", "hk.txt")
    with pytest.raises(AddressFileError) as info:
        read_address_file(path)
    assert "Grad" in info.value.de
    assert "degrees" in info.value.en


def test_hkde_corrupt_line(tmp_path: Path) -> None:
    east, north = _utm32_forward(49.2302, 9.1602)
    good = _hkde_line(f"{east:.3f}".replace(".", ","), f"{north:.3f}".replace(".", ","))
    path = _write(
        tmp_path,
        good + "\n" + good.replace(";Lindenweg", "Lindenweg") + "\n" + "N;DEBW;A;08;1;25;007\n",
        "hk.txt",
    )
    with pytest.raises(AddressFileError, match="beschädigt"):
        read_address_file(path)


# --- index -----------------------------------------------------------------------------------


def test_index_from_imported_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "street,housenumber,postcode,city,lat,lon\nHauptstraße,12/1,74189,Weinsberg,49.15,9.28\n",
    )
    index = AddressIndex(read_address_file(path).points)
    hit = index.lookup("74189", "weinsberg", "hauptstr", "12/1")
    assert hit is not None
    assert hit.precision == "house"
    assert index.lookup("74189", "weinsberg", "hauptstr", "12") is not None  # same building
    assert index.lookup("74206", "", "hauptstr", "12/1") is None  # another postcode
