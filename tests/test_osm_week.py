"""Issue 22's 'done when' on the demo week: with a synthetic extract that holds the week's
addresses and roads, every address geocodes at the house and the plan uses road times."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.services.geocoding import gazetteer
from fieldkit.store.db import open_database
from fieldkit.store.models import Address
from tests.osm_synth import Builder, address


def _week_extract(db_path: str, path: Path) -> int:
    """An extract with one address node 40 m north of each geocoded demo address (with the
    street and number as the demo wrote them) and a road chain through all of them and the
    district's municipality centres (so the offices lie on the road map too)."""
    db = open_database(db_path)
    try:
        with db.session() as session:
            rows = list(
                session.execute(
                    select(
                        Address.strasse,
                        Address.hausnummer,
                        Address.plz,
                        Address.ort,
                        Address.lat,
                        Address.lon,
                    ).where(Address.lat.is_not(None))
                )
            )
    finally:
        db.dispose()
    b = Builder()
    stops: list[tuple[float, float]] = []
    for street, number, plz, city, lat, lon in rows:
        assert lat is not None
        assert lon is not None
        tags = address(street, number)
        tags.update({"addr:postcode": plz, "addr:city": city})
        b.node_at(lat + 0.00036, lon, tags)
        stops.append((lat + 0.0003, lon))
    stops += [(t.lat, t.lon) for t in gazetteer().municipalities]
    stops.sort(key=lambda p: (p[1], p[0]))
    b.way([b.node_at(lat, lon) for lat, lon in stops], {"highway": "secondary"})
    b.write(path)
    return len(rows)


def test_demo_week_at_the_house_and_planned_on_roads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = str(tmp_path / "week.sqlite")
    assert main(["demo", "--db", db_path, "--week", "2026-W49", "--count", "12"]) == 0
    assert main(["geocode", "--db", db_path, "--week", "2026-W49"]) == 0
    assert " 0 house" in capsys.readouterr().out  # postcode centres before the extract
    count = _week_extract(db_path, tmp_path / "district.osm.pbf")
    assert count >= 10
    assert main(["import-osm", "--db", db_path, str(tmp_path / "district.osm.pbf")]) == 0
    assert main(["geocode", "--db", db_path, "--week", "2026-W49"]) == 0
    out = capsys.readouterr().out
    assert f"{count} house, 0 street, 0 postcode, 0 municipality, 0 not placed" in out
    assert main(["plan", "--db", db_path, "--week", "2026-W49", "--steps", "50"]) == 0
    out = capsys.readouterr().out
    assert "Note: travel times from the road network (OpenStreetMap)" in out
