"""Geo benchmark: 10,000 addresses against 200,000 address points; a 300 × 300 matrix.

Synthetic data from a fixed seed (invented street names in the district's real towns).
Targets from issue 4: geocoding (index build included) < 5 s, matrix < 0.5 s.
Run: ``.venv/bin/python bench/geo.py`` — prints one JSON object.
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from fieldkit.geo.addresspoints import AddressIndex, AddressPoint, read_address_file
from fieldkit.geo.chain import GeocodingChain, InMemoryCache, geocode_many
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.matrix import TravelTimeService
from fieldkit.geo.normalize import Address
from fieldkit.geo.settings import GeoSettings

SEED = 20240604
N_POINTS = 200_000
N_QUERIES = 10_000
REPEATS = 3

_FIRST = [
    "Linden",
    "Eichen",
    "Birken",
    "Kelter",
    "Wein",
    "Garten",
    "Mühl",
    "Schul",
    "Kirch",
    "Bach",
    "Berg",
    "Wiesen",
    "Rosen",
    "Ahorn",
    "Tannen",
    "Burg",
    "Brunnen",
    "Sonnen",
    "Reben",
    "Feld",
    "Hirsch",
    "Falken",
    "Kastanien",
    "Ulmen",
    "Steig",
]
_LAST = ["straße", "weg", "gasse", "allee", "ring", "pfad", "steige", "platz"]


def make_points(gaz: Gazetteer, rng: random.Random) -> list[AddressPoint]:
    """About 200,000 synthetic house coordinates spread over the 46 municipalities."""
    points: list[AddressPoint] = []
    per_town = N_POINTS // len(gaz.municipalities)
    for m in gaz.municipalities:
        streets = [f"{a}{b}" for a in _FIRST for b in _LAST]
        rng.shuffle(streets)
        made = 0
        for street in streets:
            if made >= per_town:
                break
            base_lat = m.lat + rng.uniform(-0.02, 0.02)
            base_lon = m.lon + rng.uniform(-0.03, 0.03)
            for number in range(1, rng.randint(20, 60)):
                suffix = rng.choice(["", "", "", "", "a", "b", "/1"])
                points.append(
                    AddressPoint(
                        street,
                        f"{number}{suffix}",
                        m.postcode,
                        m.name,
                        base_lat + number * 1e-5,
                        base_lon + number * 1e-5,
                    )
                )
                made += 1
    return points[:N_POINTS]


def make_queries(points: list[AddressPoint], gaz: Gazetteer, rng: random.Random) -> list[Address]:
    """10,000 addresses: mostly known houses in other spellings, some streets, some unknown."""
    queries: list[Address] = []
    for _ in range(N_QUERIES):
        p = rng.choice(points)
        roll = rng.random()
        street = p.street.replace("straße", rng.choice(["str.", "strasse", "straße", "Str"]))
        if roll < 0.65:
            queries.append(Address(f"{street} {p.housenumber.upper()}", "", p.postcode, p.city))
        elif roll < 0.80:
            queries.append(Address(street, "999", p.postcode, p.city.upper()))
        elif roll < 0.90:
            queries.append(Address("Erfundene Gasse 1", "", p.postcode, p.city))
        elif roll < 0.95:
            queries.append(Address(street, p.housenumber, "74999", p.city))
        else:
            m = rng.choice(gaz.municipalities)
            queries.append(Address(street, p.housenumber, "", m.name))
    return queries


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    rng = random.Random(SEED)
    gaz = Gazetteer.load()
    points = make_points(gaz, rng)
    queries = make_queries(points, gaz, rng)

    geo_times: list[float] = []
    build_times: list[float] = []
    found: dict[str, int] = {}
    for _ in range(REPEATS):
        start = time.perf_counter()
        index = AddressIndex(points)
        built = time.perf_counter()
        chain = GeocodingChain(gaz, index, InMemoryCache())
        results = geocode_many(queries, chain)
        geo_times.append(time.perf_counter() - start)
        build_times.append(built - start)
    for r in results:
        label = f"{r.source}/{r.precision}" if r else "none"
        found[label] = found.get(label, 0) + 1

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "adressen.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["street", "housenumber", "postcode", "city", "lat", "lon"])
            writer.writerows(
                (p.street, p.housenumber, p.postcode, p.city, f"{p.lat:.7f}", f"{p.lon:.7f}")
                for p in points
            )
        start = time.perf_counter()
        imported = read_address_file(path)
        import_seconds = time.perf_counter() - start
        assert len(imported.points) == len(points)

    settings = GeoSettings()
    matrix_points = [(p.lat, p.lon) for p in rng.sample(points, 300)]
    matrix_times: list[float] = []
    for _ in range(5):
        service = TravelTimeService(settings)  # fresh: no cache hit
        start = time.perf_counter()
        service.matrix(matrix_points)
        matrix_times.append(time.perf_counter() - start)

    print(
        json.dumps(
            {
                "address_points": len(points),
                "queries": len(queries),
                "geocode_median_s_incl_index": round(statistics.median(geo_times), 3),
                "index_build_median_s": round(statistics.median(build_times), 3),
                "geocode_target_s": 5.0,
                "results": dict(sorted(found.items())),
                "import_200k_osm_csv_s": round(import_seconds, 3),
                "matrix_300x300_median_s": round(statistics.median(matrix_times), 4),
                "matrix_target_s": 0.5,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
