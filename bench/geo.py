"""Geo benchmark: 10,000 addresses against 200,000 address points; a 300 × 300 matrix.

Synthetic data from a fixed seed (invented street names in the district's real towns).
Targets from issue 4: geocoding (index build included) < 5 s, matrix < 0.5 s.
Run: ``.venv/bin/python bench/geo.py`` — prints one JSON object.

``.venv/bin/python bench/geo.py --osm`` measures the OpenStreetMap import (issue 22) instead:
a synthetic extract of about a million nodes (see :func:`write_big_extract`), its import
(time and peak memory, in a fresh process), geocoding 10,000 of its addresses, and
300 × 300 and 1,000 × 1,000 road matrices; targets < 3 s and < 30 s.
"""

from __future__ import annotations

import csv
import json
import os
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
from fieldkit.services.office import UNRESTRICTED

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
    no_roads = Path(tempfile.mkdtemp())  # straight lines even if an extract is imported here
    matrix_points = [(p.lat, p.lon) for p in rng.sample(points, 300)]
    matrix_times: list[float] = []
    for _ in range(5):
        service = TravelTimeService(settings, osm_folder=no_roads)  # fresh: no cache hit
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


# --------------------------------------------------------------------------- issue 22: OSM

#: Grid of the synthetic extract: streets every 250 m over 50 km × 50 km (about the district
#: with its margin), a node every 25 m, every tenth street a primary road at 70 km/h.
GRID_STREETS = 201
GRID_SPACING_M = 250.0
NODE_SPACING_M = 25.0
#: One address node beside every second shape node of the residential streets.
ADDRESS_EVERY = 2


def _grid_latlon(x: float, y: float) -> tuple[float, float]:
    import math

    lat0, lon0 = 48.95, 8.85  # south-west corner, inside the district's box
    lat = lat0 + math.degrees(y / 6_371_008.8)
    lon = lon0 + math.degrees(x / (6_371_008.8 * math.cos(math.radians(lat0))))
    return lat, lon


def write_big_extract(path: Path) -> tuple[int, list[tuple[str, str]]]:
    """Write the synthetic extract; return its node count and some (street, number)."""
    import osmium
    from osmium.osm.mutable import Node, Way

    length = (GRID_STREETS - 1) * GRID_SPACING_M
    per_street = int(length / NODE_SPACING_M) + 1
    step = int(GRID_SPACING_M / NODE_SPACING_M)
    ids: dict[tuple[int, int], int] = {}  # lattice (x, y) → node id of a junction
    next_id = 1
    addresses: list[tuple[str, str]] = []
    nodes_written = 0
    with osmium.SimpleWriter(str(path)) as writer:
        ways: list[tuple[list[int], dict[str, str]]] = []
        for horizontal in (True, False):
            for s in range(GRID_STREETS):
                refs = []
                name = f"{'Ost' if horizontal else 'Nord'}{s}straße"
                for k in range(per_street):
                    key = (k, s * step) if horizontal else (s * step, k)
                    if k % step == 0 and key in ids:
                        refs.append(ids[key])
                        continue
                    x, y = key[0] * NODE_SPACING_M, key[1] * NODE_SPACING_M
                    lat, lon = _grid_latlon(x, y)
                    writer.add_node(Node(id=next_id, location=(lon, lat)))
                    if k % step == 0:
                        ids[key] = next_id
                    refs.append(next_id)
                    next_id += 1
                    nodes_written += 1
                primary = s % 10 == 0
                tags = {"highway": "primary" if primary else "residential", "name": name}
                if primary:
                    tags["maxspeed"] = "70"
                ways.append((refs, tags))
                if primary:
                    continue
                for k in range(1, per_street, ADDRESS_EVERY):
                    x, y = (k, s * step) if horizontal else (s * step, k)
                    lat, lon = _grid_latlon(x * NODE_SPACING_M + 8, y * NODE_SPACING_M + 8)
                    number = str(k)
                    tags_a = {"addr:street": name, "addr:housenumber": number}
                    tags_a.update({"addr:postcode": "74072", "addr:city": "Heilbronn"})
                    writer.add_node(Node(id=next_id, location=(lon, lat), tags=tags_a))
                    next_id += 1
                    nodes_written += 1
                    addresses.append((name, number))
        for wid, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(Way(id=wid, nodes=refs, tags=tags))
    return nodes_written, addresses


def _import_in_fresh_process(path: str, db_url: str, folder: str) -> dict[str, float]:
    import resource

    from fieldkit.services.osm import import_osm
    from fieldkit.store.db import open_database

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db = open_database(db_url)
    start, cpu = time.perf_counter(), time.process_time()
    summary = import_osm(db, Path(path), folder=Path(folder), identity=UNRESTRICTED)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    db.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "import_s": round(seconds, 1),
        "import_cpu_s": round(cpu, 1),
        "import_peak_rss_mb": round(peak / 1024, 1),
        "import_rss_growth_mb": round((peak - before) / 1024, 1),
        "addresses": summary.addresses,
        "junctions": summary.junctions,
        "streets": summary.streets,
    }


def osm_main() -> None:
    """Measure the OpenStreetMap import, geocoding and road matrices (issue 22)."""
    import multiprocessing

    from fieldkit.geo.osmdata import load_roads
    from fieldkit.services import geocoding
    from fieldkit.store.db import open_database

    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.osm.pbf"
        start = time.perf_counter()
        nodes, addresses = write_big_extract(path)
        written = time.perf_counter() - start
        size = path.stat().st_size
        db_url = str(Path(tmp) / "bench.sqlite")
        folder = Path(tmp) / "osm"
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            stats = pool.apply(_import_in_fresh_process, (str(path), db_url, str(folder)))
        db = open_database(db_url)
        queries = [Address(s, n, "74072", "Heilbronn") for s, n in rng.sample(addresses, 10_000)]
        start, cpu = time.perf_counter(), time.process_time()
        with db.session() as session:
            index = geocoding.address_index(session)
        chain = GeocodingChain(Gazetteer.load(), index, InMemoryCache())
        results = geocode_many(queries, chain)
        geocode_s = time.perf_counter() - start
        geocode_cpu = time.process_time() - cpu
        db.dispose()
        house = sum(1 for r in results if r is not None and str(r.precision) == "house")
        roads = load_roads(folder)
        assert roads is not None
        settings = GeoSettings()
        times = {}
        for n in (300, 1000):
            pts = [_grid_latlon(rng.uniform(0, 50_000), rng.uniform(0, 50_000)) for _ in range(n)]
            start, cpu = time.perf_counter(), time.process_time()
            m = TravelTimeService(settings, osm_folder=folder).matrix(pts)
            times[f"road_matrix_{n}x{n}_s"] = round(time.perf_counter() - start, 2)
            times[f"road_matrix_{n}x{n}_cpu_s"] = round(time.process_time() - cpu, 2)
            assert m.source == "osm"
    print(
        json.dumps(
            {
                "extract_nodes": nodes,
                "extract_mb": round(size / 1e6, 1),
                "write_extract_s": round(written, 1),
                **stats,
                "geocode_10000_s_incl_index": round(geocode_s, 2),
                "geocode_10000_cpu_s": round(geocode_cpu, 2),
                "geocoded_at_house": house,
                **times,
                "targets_s": {"300x300": 3.0, "1000x1000": 30.0},
                "load_average_1min": round(os.getloadavg()[0], 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    import sys

    if "--osm" in sys.argv[1:]:
        osm_main()
    else:
        main()
