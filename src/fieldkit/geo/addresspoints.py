"""House coordinates imported by the user, and the in-memory index the chain searches.

Two file formats, told apart by their first data line:

* **OpenStreetMap-style CSV** with a header: street, housenumber, postcode, city, lat, lon
  (also ``addr:street``, ``Straße``, ``PLZ``, ``Ort``, ``latitude``, ``lng`` …), separated
  by comma, semicolon or tab; coordinates WGS84 in degrees (decimal point, or decimal comma
  in a semicolon file).
* **HK-DE** ("Hauskoordinaten Deutschland", ZSHH/AdV format description version 4.x):
  semicolon-separated, usually without a header, comment lines start with ``#``. The 18
  fields, as we understand the published description (our assumption, not a tested official
  sample): NBA; OI; QUA; LAN; RBZ; KRS; GMD; OTT; SSS; HNR; ADZ; East; North; STN; PLZ; ONM;
  ZON; POT. East/North are ETRS89/UTM with decimal commas; East is written with 8 digits
  before the comma, i.e. with the zone number in front (``32512345,678``). We accept East
  with or without that prefix (zone 32, or 33 when prefixed so) and convert with pyproj,
  offline. A header line naming these fields (``NBA;OI;QUA;…``) is accepted too.

Validation is all-or-nothing: the whole file is parsed first and either a complete list of
points comes back or :class:`AddressFileError` is raised with one sentence in German and
one in English — nothing is ever half imported. Swapped latitude/longitude columns are
reported, not silently repaired; the caller may re-read with ``swap_lat_lon=True`` after
asking the user.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fieldkit.errors import BilingualError
from fieldkit.geo.gazetteer import GERMANY_BBOX
from fieldkit.geo.normalize import (
    HouseNumber,
    locality_compatible,
    normalize_municipality,
    normalize_postcode,
    normalize_street,
    parse_housenumber,
    same_municipality,
)

#: :attr:`AddressFileError.code` when latitude and longitude look swapped: the caller may
#: offer to read the file again with ``swap_lat_lon=True``.
SWAPPED_LAT_LON = "swapped_lat_lon"


class AddressFileError(BilingualError, ValueError):
    """An address file that cannot be imported; carries a German and an English sentence,
    and a ``code`` for the cases a caller reacts to (:data:`SWAPPED_LAT_LON`; else '')."""

    STR_LANGUAGE = "de"


@dataclass(frozen=True, slots=True)
class AddressPoint:
    """One house coordinate (WGS84)."""

    street: str
    housenumber: str
    postcode: str
    city: str
    lat: float
    lon: float
    ags: str = ""


@dataclass(frozen=True)
class AddressFile:
    """The result of reading an address file: all points, the format and notes."""

    points: list[AddressPoint]
    format: str  # "osm" or "hkde"


_OSM_ALIASES: dict[str, tuple[str, ...]] = {
    "street": ("street", "addr:street", "addr_street", "strasse", "straße", "str", "strassenname"),
    "housenumber": (
        "housenumber",
        "addr:housenumber",
        "addr_housenumber",
        "house_number",
        "hausnummer",
        "hnr",
        "number",
    ),
    "postcode": ("postcode", "addr:postcode", "addr_postcode", "plz", "zip", "postleitzahl"),
    "city": ("city", "addr:city", "addr_city", "ort", "gemeinde", "town", "municipality"),
    "lat": ("lat", "latitude", "breite", "y", "@lat"),
    "lon": ("lon", "lng", "long", "longitude", "laenge", "länge", "x", "@lon"),
}
_MAX_ERRORS_SHOWN = 3
#: A house-number range longer than this ("1-99") is a street side, not one building.
_MAX_RANGE = 20


def read_address_file(path: Path | str, *, swap_lat_lon: bool = False) -> AddressFile:
    """Read an OSM-style CSV or an HK-DE file completely, or raise :class:`AddressFileError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AddressFileError(
            f"Die Datei {path.name} kann nicht gelesen werden ({exc.strerror}).",
            f"The file {path.name} cannot be read ({exc.strerror}).",
        ) from exc
    return parse_address_text(_decode(data, path.name), name=path.name, swap_lat_lon=swap_lat_lon)


def parse_address_text(text: str, *, name: str = "", swap_lat_lon: bool = False) -> AddressFile:
    """Parse the text of an address file (see :func:`read_address_file`)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise AddressFileError(
            f"Die Datei {name} enthält keine Adressen.", f"The file {name} contains no addresses."
        )
    first = lines[0]
    first_fields = [f.strip().lower() for f in first.split(";")]
    if first_fields[:3] == ["nba", "oi", "qua"]:  # an HK-DE header line
        return _parse_hkde(lines[1:], name, first_line=2)
    if _looks_like_hkde_row(first_fields):
        return _parse_hkde(lines, name, first_line=1)
    return _parse_osm(lines, name, swap_lat_lon)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise AddressFileError(
            f"Die Datei {name} ist keine Textdatei (CSV); vielleicht eine Excel- oder ZIP-Datei.",
            f"The file {name} is not a text (CSV) file; perhaps an Excel or ZIP file.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older HK-DE deliveries (format 3.x) were ISO Latin-1.
        return data.decode("cp1252", errors="replace")


def _looks_like_hkde_row(fields: Sequence[str]) -> bool:
    return (
        len(fields) >= 16
        and len(fields[3]) == 2
        and fields[3].isdigit()
        and len(fields[6]) == 3
        and fields[6].isdigit()
    )


def _number(text: str, decimal_comma: bool) -> float:
    text = text.strip()
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".") if "," in text else text
    return float(text)


def _fail_rows(errors: list[tuple[int, str]], name: str) -> AddressFileError:
    shown = ", ".join(str(line) for line, _ in errors[:_MAX_ERRORS_SHOWN])
    more = len(errors) - _MAX_ERRORS_SHOWN
    tail_de = f" und {more} weitere" if more > 0 else ""
    tail_en = f" and {more} more" if more > 0 else ""
    return AddressFileError(
        f"Die Datei {name} ist beschädigt: Zeile {shown}{tail_de} ohne gültige Koordinaten "
        f"({errors[0][1]}). Nichts wurde importiert.",
        f"The file {name} is corrupt: line {shown}{tail_en} has no valid coordinates "
        f"({errors[0][1]}). Nothing was imported.",
    )


def _parse_osm(lines: list[str], name: str, swap_lat_lon: bool) -> AddressFile:
    header = lines[0]
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    columns = [c.strip().lower().lstrip("\ufeff") for c in rows[0]]
    index: dict[str, int] = {}
    for role, aliases in _OSM_ALIASES.items():
        for i, col in enumerate(columns):
            if col in aliases:
                index[role] = i
                break
    missing = [r for r in ("street", "housenumber", "lat", "lon") if r not in index]
    if missing or not ({"postcode", "city"} & index.keys()):
        raise AddressFileError(
            f"Das Format der Datei {name} ist unbekannt: erwartet wird eine CSV-Datei mit den "
            "Spalten street, housenumber, postcode, city, lat, lon (OpenStreetMap) oder eine "
            "HK-DE-Datei (Hauskoordinaten, Semikolon-getrennt).",
            f"The format of {name} is unknown: expected a CSV file with the columns street, "
            "housenumber, postcode, city, lat, lon (OpenStreetMap) or an HK-DE house-coordinates "
            "file (semicolon-separated).",
        )
    decimal_comma = delimiter != ","
    lats: list[float] = []
    lons: list[float] = []
    meta: list[tuple[str, str, str, str, int]] = []
    errors: list[tuple[int, str]] = []
    width = max(index.values()) + 1
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) < width:
            errors.append((line_no, "zu wenige Spalten"))
            continue
        try:
            lat = _number(row[index["lat"]], decimal_comma)
            lon = _number(row[index["lon"]], decimal_comma)
        except ValueError:
            errors.append((line_no, f"„{row[index['lat']]}“, „{row[index['lon']]}“"))
            continue
        lats.append(lat)
        lons.append(lon)
        meta.append(
            (
                row[index["street"]],
                row[index["housenumber"]],
                row[index["postcode"]] if "postcode" in index else "",
                row[index["city"]] if "city" in index else "",
                line_no,
            )
        )
    if errors:
        raise _fail_rows(errors, name)
    lat_arr, lon_arr = np.asarray(lats), np.asarray(lons)
    if swap_lat_lon:
        lat_arr, lon_arr = lon_arr, lat_arr
    _check_degrees(lat_arr, lon_arr, [m[4] for m in meta], name)
    points = [
        AddressPoint(s.strip(), h.strip(), normalize_postcode(p), c.strip(), float(la), float(lo))
        for (s, h, p, c, _), la, lo in zip(meta, lat_arr, lon_arr, strict=True)
    ]
    return AddressFile(points, "osm")


def _check_degrees(lat: np.ndarray, lon: np.ndarray, line_nos: Sequence[int], name: str) -> None:
    if lat.size == 0:
        raise AddressFileError(
            f"Die Datei {name} enthält keine Adressen.", f"The file {name} contains no addresses."
        )
    if np.any(np.abs(lat) > 1000) or np.any(np.abs(lon) > 1000):
        raise AddressFileError(
            f"Die Koordinaten in {name} sehen nach Metern (UTM/Gauß-Krüger) aus, erwartet werden "
            "Breite und Länge in Grad (WGS84); für UTM-Dateien bitte das HK-DE-Format verwenden.",
            f"The coordinates in {name} look like metres (UTM/Gauss-Krüger), but latitude and "
            "longitude in degrees (WGS84) are expected; use the HK-DE format for UTM files.",
        )
    inside = _inside(lat, lon)
    if inside.all():
        return
    swapped = _inside(lon, lat)
    bad = np.flatnonzero(~inside)
    first = int(bad[0])
    where = f"{line_nos[first]}: {lat[first]:.5f}, {lon[first]:.5f}"
    if swapped[~inside].all():
        raise AddressFileError(
            f"Breite und Länge scheinen in {name} vertauscht zu sein (Zeile {where}: so "
            "gelesen läge der Punkt außerhalb Deutschlands, getauscht in Deutschland). Bitte die "
            "Spalten tauschen oder beim Import „Breite/Länge tauschen“ wählen. Nichts wurde "
            "importiert.",
            f"Latitude and longitude seem to be swapped in {name} (line {where}: outside "
            "Germany as read, inside when swapped). Swap the columns or import again with "
            "--swap-lat-lon. Nothing was imported.",
            code=SWAPPED_LAT_LON,
        )
    raise AddressFileError(
        f"{bad.size} Koordinaten in {name} liegen außerhalb Deutschlands (erste: Zeile "
        f"{where}). Nichts wurde importiert.",
        f"{bad.size} coordinates in {name} lie outside Germany (first: line {where}). "
        "Nothing was imported.",
    )


def _inside(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat_min, lat_max, lon_min, lon_max = GERMANY_BBOX
    result: np.ndarray = (lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max)
    return result


def _parse_hkde(lines: list[str], name: str, first_line: int) -> AddressFile:
    east: list[float] = []
    north: list[float] = []
    zones: list[int] = []
    meta: list[tuple[str, str, str, str, str, int]] = []
    errors: list[tuple[int, str]] = []
    for line_no, line in enumerate(lines, start=first_line):
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < 16:
            errors.append((line_no, f"{len(fields)} statt 18 Felder"))
            continue
        try:
            e = _number(fields[11], decimal_comma=True)
            n = _number(fields[12], decimal_comma=True)
        except ValueError:
            errors.append((line_no, f"„{fields[11]}“, „{fields[12]}“"))
            continue
        zone = 32
        if e >= 10_000_000:  # zone number written in front of the East value
            zone, e = int(e // 1_000_000), e % 1_000_000
        east.append(e)
        north.append(n)
        zones.append(zone)
        hnr = fields[9] + fields[10]  # HNR + Adressierungszusatz ("3" + "a")
        ags = fields[3] + fields[4] + fields[5] + fields[6]
        city = fields[15]
        meta.append((fields[13], hnr, fields[14], city, ags, line_no))
    if errors:
        raise _fail_rows(errors, name)
    e_arr, n_arr, z_arr = np.asarray(east), np.asarray(north), np.asarray(zones)
    if e_arr.size == 0:
        raise AddressFileError(
            f"Die Datei {name} enthält keine Adressen.", f"The file {name} contains no addresses."
        )
    if np.all(np.abs(e_arr) < 1000) and np.all(np.abs(n_arr) < 1000):
        raise AddressFileError(
            f"Die Koordinaten in {name} sehen nach Grad (WGS84) aus, eine HK-DE-Datei enthält "
            "aber ETRS89/UTM-Meterwerte (Ostwert, Nordwert). Bitte als OpenStreetMap-CSV mit "
            "lat/lon-Spalten importieren.",
            f"The coordinates in {name} look like degrees (WGS84), but an HK-DE file holds "
            "ETRS89/UTM metre values (easting, northing). Import it as an OpenStreetMap CSV "
            "with lat/lon columns.",
        )
    bad_zone = ~np.isin(z_arr, (32, 33))
    if bad_zone.any():
        raise AddressFileError(
            f"Die Datei {name} enthält UTM-Zonen außerhalb Deutschlands (32/33). "
            "Nichts wurde importiert.",
            f"The file {name} holds UTM zones outside Germany (32/33). Nothing was imported.",
        )
    lat = np.empty_like(e_arr)
    lon = np.empty_like(e_arr)
    for zone in (32, 33):
        sel = z_arr == zone
        if sel.any():
            lat[sel], lon[sel] = utm_to_wgs84(e_arr[sel], n_arr[sel], zone)
    _check_degrees(lat, lon, [m[5] for m in meta], name)
    points = [
        AddressPoint(s, h, normalize_postcode(p), c, float(la), float(lo), ags)
        for (s, h, p, c, ags, _), la, lo in zip(meta, lat, lon, strict=True)
    ]
    return AddressFile(points, "hkde")


def utm_to_wgs84(
    east: np.ndarray, north: np.ndarray, zone: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """ETRS89/UTM (EPSG:25832 or 25833) → WGS84 (lat, lon) arrays, offline via pyproj.

    The pipeline is the one PROJ itself chooses for ``EPSG:258zz`` → ``EPSG:4326`` (inverse
    UTM on GRS80; "ETRS89 to WGS 84 (1)" is a null transformation), written out so that no
    lookup in PROJ's 9 MB database is needed and the bundle can leave it out (issue 18; a
    test pins it to PROJ's own choice).
    """
    from pyproj import Transformer

    transformer = Transformer.from_pipeline(utm_pipeline(zone))
    lon, lat = transformer.transform(np.asarray(east, float), np.asarray(north, float))
    return np.asarray(lat), np.asarray(lon)


def utm_pipeline(zone: int) -> str:
    """The PROJ pipeline ETRS89/UTM ``zone`` (32 or 33) → WGS84 degrees (lon, lat)."""
    if zone not in (32, 33):
        raise ValueError(f"UTM zone {zone} is not used in Germany's house coordinates")
    return (
        f"+proj=pipeline +step +inv +proj=utm +zone={zone} +ellps=GRS80 "
        "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )


# --- the index --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointHit:
    """What the index found: position, precision (``house`` or ``street``) and locality."""

    lat: float
    lon: float
    precision: str
    postcode: str
    municipality: str


class AddressIndex:
    """Address points in dicts keyed by normalised street and house number.

    Lookups apply the municipality rule (:func:`~fieldkit.geo.normalize.locality_compatible`)
    and refuse ambiguous answers: when the compatible candidates lie in different postcodes
    or municipalities, nothing is returned rather than a guess.
    """

    def __init__(self, points: Iterable[AddressPoint]) -> None:
        # (street, house key) → list of (postcode, municipality, lat, lon)
        self._house: dict[tuple[str, str], list[tuple[str, str, float, float]]] = {}
        # street → {(postcode, municipality): [sum_lat, sum_lon, count]}
        self._street: dict[str, dict[tuple[str, str], list[float]]] = {}
        self.size = 0
        # Street, number and town texts repeat a lot: normalise each distinct text once.
        self._streets: dict[str, str] = {}
        self._numbers: dict[str, HouseNumber | None] = {}
        self._towns: dict[tuple[str, str], tuple[str, str]] = {}
        for p in points:
            self.add(p)

    def add(self, point: AddressPoint) -> None:
        """Add one point."""
        street = self._streets.get(point.street)
        if street is None:
            street = self._streets[point.street] = normalize_street(point.street)
        if not street:
            return
        if point.housenumber in self._numbers:
            hnr = self._numbers[point.housenumber]
        else:
            hnr = self._numbers[point.housenumber] = parse_housenumber(point.housenumber)
        locality = self._towns.get((point.postcode, point.city))
        if locality is None:
            locality = self._towns[(point.postcode, point.city)] = (
                normalize_postcode(point.postcode),
                normalize_municipality(point.city),
            )
        plz, town = locality
        entry = (plz, town, point.lat, point.lon)
        if hnr is not None:
            self._house.setdefault((street, hnr.key), []).append(entry)
            if hnr.key != hnr.base_key:
                # "3a" also answers for a plain "3" only when "3" itself is missing.
                self._house.setdefault((street, "~" + hnr.base_key), []).append(entry)
            if hnr.to is not None and hnr.to - hnr.number <= _MAX_RANGE:
                # A building "12-14" (OpenStreetMap) is also 13 and 14 when those are missing.
                for number in range(hnr.number + 1, hnr.to + 1):
                    self._house.setdefault((street, f"~{number}"), []).append(entry)
        agg = self._street.setdefault(street, {}).setdefault((plz, town), [0.0, 0.0, 0.0])
        agg[0] += point.lat
        agg[1] += point.lon
        agg[2] += 1
        self.size += 1

    def lookup(
        self, postcode: str, municipality: str, street: str, housenumber: str
    ) -> PointHit | None:
        """House, then house without suffix / range start, then street centroid; or None."""
        if not street:
            return None
        hnr = parse_housenumber(housenumber) if housenumber else None
        if hnr is not None:
            for key in _house_keys(hnr):
                hit = self._pick(self._house.get((street, key), ()), postcode, municipality)
                if hit is not None:
                    return PointHit(hit[2], hit[3], "house", hit[0], hit[1])
        groups = self._street.get(street)
        if not groups:
            return None
        found = [
            (plz, town, agg)
            for (plz, town), agg in groups.items()
            if locality_compatible(postcode, municipality, plz, town)
        ]
        if not found or not _one_place([(plz, town) for plz, town, _ in found]):
            return None
        total = sum(agg[2] for _, _, agg in found)
        lat = sum(agg[0] for _, _, agg in found) / total
        lon = sum(agg[1] for _, _, agg in found) / total
        return PointHit(lat, lon, "street", found[0][0], found[0][1])

    @staticmethod
    def _pick(
        entries: Iterable[tuple[str, str, float, float]], postcode: str, municipality: str
    ) -> tuple[str, str, float, float] | None:
        found = [e for e in entries if locality_compatible(postcode, municipality, e[0], e[1])]
        if not found or not _one_place([(e[0], e[1]) for e in found]):
            return None
        return found[0]


def _house_keys(hnr: HouseNumber) -> list[str]:
    keys = [hnr.key]
    if hnr.key != hnr.base_key:
        keys.append(hnr.base_key)  # "3a" not known: the plain "3" stands next to it
    keys.append("~" + hnr.base_key)  # "3" not known: some "3a"/"3-5" of the same number
    return keys


def _one_place(localities: Sequence[tuple[str, str]]) -> bool:
    postcodes = {p for p, _ in localities if p}
    towns = sorted({t for _, t in localities if t}, key=len)
    # "bad rappenau" and "bad rappenau bonfeld" are one place; "talheim" twice with two
    # postcodes is not.
    return len(postcodes) <= 1 and all(same_municipality(t, towns[0]) for t in towns[1:])
