"""Areas of the district: the demo division and assigning addresses to exactly one area."""

from __future__ import annotations

import json
import math

import pytest

from fieldkit.geo.areas import (
    Area,
    AreaDefinitionError,
    AreaDivision,
    areas_from_json,
    areas_to_json,
    assign_area,
    demo_areas,
    validate_areas,
)
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.normalize import Address
from fieldkit.paths import resource_path


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.shipped()


def test_demo_division_covers_every_municipality_exactly_once(gaz: Gazetteer) -> None:
    areas = demo_areas()
    assert len(areas) == 5
    counts: dict[str, int] = {}
    for area in areas:
        for ags in area.municipalities:
            counts[ags] = counts.get(ags, 0) + 1
    assert set(counts) == {m.ags for m in gaz.municipalities}
    assert set(counts.values()) == {1}
    assert validate_areas(areas, gaz) == []
    assert all(area.weekdays and all(1 <= d <= 5 for d in area.weekdays) for area in areas)


def test_demo_file_names_match_keys(gaz: Gazetteer) -> None:
    data = json.loads(resource_path("data", "demo-areas.json").read_text(encoding="utf-8"))
    for item in data["areas"]:
        names = [gaz.by_ags(a).name for a in item["municipalities"]]  # type: ignore[union-attr]
        assert names == item["names"]


def test_demo_areas_are_compact(gaz: Gazetteer) -> None:
    # Every municipality lies closer to its own area's centre than to any other's.
    areas = demo_areas()
    centres = {}
    for area in areas:
        ms = [gaz.by_ags(a) for a in area.municipalities]
        centres[area.name] = (
            sum(m.lat for m in ms if m) / len(ms),
            sum(m.lon for m in ms if m) / len(ms),
        )
    for area in areas:
        for ags in area.municipalities:
            m = gaz.by_ags(ags)
            assert m is not None

            dist = {
                name: math.hypot(c[0] - m.lat, (c[1] - m.lon) * 0.655)
                for name, c in centres.items()
            }
            assert min(dist, key=dist.__getitem__) == area.name, m.name


def test_assign_by_municipality_and_none_for_outside(gaz: Gazetteer) -> None:
    division = AreaDivision(demo_areas(), gaz)
    area = division.assign(Address("Lindenweg 3", "", "74206", "Bad Wimpfen"))
    assert area is not None
    assert area.name.startswith("Nord –")
    assert area.weekday_names == ["Montag"]
    assert division.assign(Address("Lindenweg 3", "", "74072", "Heilbronn")) is None
    assert division.assign(Address("Lindenweg 3", "", "", "")) is None
    only_plz = division.assign(Address("Lindenweg 3", "", "74223", ""))
    assert only_plz is not None
    assert only_plz.name.startswith("Süd –")


def test_split_town_by_postcode(gaz: Gazetteer) -> None:
    flein = "08125030"
    talheim = "08125094"
    areas = [
        Area("A", frozenset({talheim}), weekdays=(1,)),
        Area("B", frozenset(), frozenset({"74223"}), weekdays=(2,)),
    ]
    assert validate_areas(areas, gaz) == []
    area = assign_area(Address("Weg 1", "", "74223", "Flein"), areas, gaz)
    assert area is not None
    assert area.name == "B"
    # Postcode of the split town but another town named: the town decides, Flein is in none.
    assert assign_area(Address("Weg 1", "", "74223", "Talheim"), areas, gaz).name == "A"  # type: ignore[union-attr]
    assert flein not in areas[0].municipalities


def test_overlaps_are_validation_errors(gaz: Gazetteer) -> None:
    flein = "08125030"
    areas = [
        Area("A", frozenset({flein}), weekdays=(1,)),
        Area("B", frozenset({flein}), frozenset({"74223"}), weekdays=(1, 9)),
        Area("B", frozenset({"99999999"})),
    ]
    problems = validate_areas(areas, gaz)
    text = " ".join(p.text() for p in problems)
    assert "Gemeinde Flein ist in zwei Gebieten" in text
    assert "Wochentag 9" in text
    assert "mehrfach" in text
    assert "99999999 ist unbekannt" in text
    with pytest.raises(AreaDefinitionError):
        AreaDivision(areas, gaz)
    split_overlap = [
        Area("A", frozenset({flein}), weekdays=(1,)),
        Area("B", frozenset(), frozenset({"74223"}), weekdays=(2,)),
    ]
    assert any("ganz in „A“" in p.text() for p in validate_areas(split_overlap, gaz))


def test_json_round_trip() -> None:
    areas = demo_areas()
    assert areas_from_json(areas_to_json(areas)) == areas
