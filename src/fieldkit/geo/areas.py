"""Areas of the district ("Aufteilung des Landkreises") and which area an address is in.

An area is a set of whole municipalities (AGS keys) plus, for a town split between areas,
single postcodes. A postcode entry is more specific and wins over a whole municipality; a
split town must therefore not also be listed whole (``validate_areas`` reports it). Every
address belongs to exactly one area or to none (the UI flags those).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.normalize import Address, normalize_postcode
from fieldkit.paths import resource_path

WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class Area:
    """One area: name, municipalities (AGS), split-town postcodes, ISO weekdays, worker."""

    name: str
    municipalities: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    weekdays: tuple[int, ...] = ()
    worker_id: str | None = None

    @property
    def weekday_names(self) -> list[str]:
        """German weekday names ("Montag", …)."""
        return [WEEKDAY_NAMES[d - 1] for d in self.weekdays if 1 <= d <= 7]


class AreaDefinitionError(ValueError):
    """The area definition is inconsistent; ``problems`` lists German sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def validate_areas(areas: Sequence[Area], gazetteer: Gazetteer | None = None) -> list[str]:
    """Problems of an area definition as German sentences; empty when it is sound."""
    problems: list[str] = []
    names = [a.name for a in areas]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"Der Gebietsname „{name}“ kommt mehrfach vor.")
    owner: dict[str, str] = {}
    for area in areas:
        if not area.name.strip():
            problems.append("Ein Gebiet hat keinen Namen.")
        for day in area.weekdays:
            if not 1 <= day <= 7:
                problems.append(f"Gebiet „{area.name}“: Wochentag {day} gibt es nicht (1–7).")
        for ags in sorted(area.municipalities):
            label = _label(ags, gazetteer)
            if ags in owner:
                problems.append(f"{label} ist in zwei Gebieten: „{owner[ags]}“ und „{area.name}“.")
            owner[ags] = area.name
            if gazetteer is not None and gazetteer.by_ags(ags) is None:
                problems.append(f"Gebiet „{area.name}“: Gemeindeschlüssel {ags} ist unbekannt.")
    postcode_owner: dict[str, str] = {}
    for area in areas:
        for plz in sorted(area.postcodes):
            if plz in postcode_owner:
                problems.append(
                    f"Postleitzahl {plz} ist in zwei Gebieten: „{postcode_owner[plz]}“ und "
                    f"„{area.name}“."
                )
            postcode_owner[plz] = area.name
    if gazetteer is not None:
        # A postcode of a split town while the same town is listed whole elsewhere: overlap.
        for plz, area_name in postcode_owner.items():
            for ags, whole_owner in owner.items():
                municipality = gazetteer.by_ags(ags)
                if (
                    municipality is not None
                    and whole_owner != area_name
                    and plz in gazetteer.postcodes_of(municipality)
                    and len(gazetteer.localities_of_postcode(plz)) <= 1
                ):
                    problems.append(
                        f"Postleitzahl {plz} („{area_name}“) gehört zu {municipality.name}, das "
                        f"ganz in „{whole_owner}“ liegt."
                    )
    return problems


def _label(ags: str, gazetteer: Gazetteer | None) -> str:
    municipality = gazetteer.by_ags(ags) if gazetteer is not None else None
    return f"Gemeinde {municipality.name}" if municipality else f"Gemeinde {ags}"


@dataclass
class AreaDivision:
    """A checked set of areas that can tell which area an address is in."""

    areas: list[Area]
    gazetteer: Gazetteer
    _by_postcode: dict[str, Area] = field(init=False, repr=False)
    _by_ags: dict[str, Area] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        problems = validate_areas(self.areas, self.gazetteer)
        if problems:
            raise AreaDefinitionError(problems)
        self._by_postcode = {plz: a for a in self.areas for plz in a.postcodes}
        self._by_ags = {ags: a for a in self.areas for ags in a.municipalities}

    def assign(self, address: Address) -> Area | None:
        """The one area of ``address``, or ``None`` when it fits none."""
        return assign_area(address, self.areas, self.gazetteer, self._by_postcode, self._by_ags)


def assign_area(
    address: Address,
    areas: Sequence[Area],
    gazetteer: Gazetteer,
    by_postcode: dict[str, Area] | None = None,
    by_ags: dict[str, Area] | None = None,
) -> Area | None:
    """The area an address belongs to: its postcode if listed, else its municipality."""
    by_postcode = (
        by_postcode if by_postcode is not None else {plz: a for a in areas for plz in a.postcodes}
    )
    by_ags = by_ags if by_ags is not None else {ags: a for a in areas for ags in a.municipalities}
    plz = normalize_postcode(address.postcode)
    municipality = gazetteer.municipality(address.city) if address.city else None
    if plz and plz in by_postcode:
        area = by_postcode[plz]
        # The postcode must not contradict the town (never assign another municipality).
        if (
            municipality is None
            or gazetteer.postcode_in_municipality(plz, address.city) is not False
        ):
            return area
    if municipality is None and plz and not address.city:
        # Only a postcode: usable when it covers exactly one district municipality.
        hits = [m for m in gazetteer.municipalities if plz in gazetteer.postcodes_of(m)]
        municipality = hits[0] if len(hits) == 1 else None
    if municipality is None:
        return None
    return by_ags.get(municipality.ags)


def areas_from_json(data: dict[str, Any]) -> list[Area]:
    """Areas from their JSON form (see ``resources/data/demo-areas.json``)."""
    return [
        Area(
            name=str(item["name"]),
            municipalities=frozenset(str(a) for a in item.get("municipalities", [])),
            postcodes=frozenset(normalize_postcode(p) for p in item.get("postcodes", [])),
            weekdays=tuple(int(d) for d in item.get("weekdays", [])),
            worker_id=item.get("worker_id"),
        )
        for item in data["areas"]
    ]


def areas_to_json(areas: Iterable[Area]) -> dict[str, Any]:
    """JSON form of areas (inverse of :func:`areas_from_json`)."""
    return {
        "version": 1,
        "areas": [
            {
                "name": a.name,
                "weekdays": list(a.weekdays),
                "worker_id": a.worker_id,
                "municipalities": sorted(a.municipalities),
                "postcodes": sorted(a.postcodes),
            }
            for a in areas
        ],
    }


def load_areas(path: Path) -> list[Area]:
    """Read areas from a JSON file."""
    return areas_from_json(json.loads(path.read_text(encoding="utf-8")))


def demo_areas() -> list[Area]:
    """The shipped demo division of the 46 municipalities into five areas."""
    return load_areas(resource_path("data", "demo-areas.json"))
