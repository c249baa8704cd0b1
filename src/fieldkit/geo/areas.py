"""Areas of the district ("Aufteilung des Landkreises") and which area an address is in.

An area is a set of whole municipalities (AGS keys) plus, for a town split between areas,
single postcodes. A postcode entry is more specific and wins over a whole municipality; a
split town must therefore not also be listed whole (``validate_areas`` reports it). A
municipality may be listed whole in two areas visited on different weekdays (the office
setup's contract allows it): its addresses then belong to both, and may be visited on any
weekday of either. Listed whole in two areas with a weekday in common it is reported.
:func:`areas_of_address` is the one rule that says which areas an address is in; an address
in none is flagged by the UI.

``validate_areas`` says what is wrong as :class:`AreaProblem` s, each a code with a German
and an English sentence (all sentences are in :data:`_SENTENCES`); the checks that need the
database or the editor's (AGS, postcode) pairs are in ``fieldkit.services.areas``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from fieldkit.domain.weekdays import WEEKDAY_NAMES_DE
from fieldkit.errors import BilingualError
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.normalize import Address, normalize_postcode
from fieldkit.paths import resource_path
from fieldkit.wording import join_sentences

WEEKDAY_NAMES = WEEKDAY_NAMES_DE


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


class ProblemCode(StrEnum):
    """The kinds of problem an area division can have (the sentences are in :data:`_SENTENCES`)."""

    NO_NAME = "no_name"
    NAME_TWICE = "name_twice"
    NAME_TOO_LONG = "name_too_long"
    NO_WEEKDAY = "no_weekday"
    BAD_WEEKDAY = "bad_weekday"
    NO_MUNICIPALITY = "no_municipality"
    UNKNOWN_AGS = "unknown_ags"
    TOWN_TWICE = "town_twice"
    POSTCODE_TWICE = "postcode_twice"
    NOT_A_POSTCODE = "not_a_postcode"
    POSTCODE_NOT_OF_TOWN = "postcode_not_of_town"
    SPLIT_AND_WHOLE = "split_and_whole"
    WORKER_GONE = "worker_gone"


#: (German, English) per code; ``{name}`` is replaced by the parameter of that name.
_SENTENCES: dict[ProblemCode, tuple[str, str]] = {
    ProblemCode.NO_NAME: ("Ein Gebiet hat keinen Namen.", "An area has no name."),
    ProblemCode.NAME_TWICE: (
        "Der Gebietsname „{area}“ kommt mehrfach vor.",
        "The area name “{area}” is used more than once.",
    ),
    ProblemCode.NAME_TOO_LONG: (
        "Der Gebietsname „{area}“ ist zu lang (höchstens {limit} Zeichen).",
        "The area name “{area}” is too long (at most {limit} characters).",
    ),
    ProblemCode.NO_WEEKDAY: (
        "Gebiet „{area}“ hat keinen Besuchstag.",
        "Area “{area}” has no visiting day.",
    ),
    ProblemCode.BAD_WEEKDAY: (
        "Gebiet „{area}“: Wochentag {day} gibt es nicht (1–7).",
        "Area “{area}”: there is no weekday {day} (1–7).",
    ),
    ProblemCode.NO_MUNICIPALITY: (
        "Gebiet „{area}“ hat keine Gemeinde.",
        "Area “{area}” has no municipality.",
    ),
    ProblemCode.UNKNOWN_AGS: (
        "Gebiet „{area}“: Gemeindeschlüssel {ags} ist unbekannt.",
        "Area “{area}”: the municipality key {ags} is unknown.",
    ),
    ProblemCode.TOWN_TWICE: (
        "Gemeinde {town} ist in zwei Gebieten: „{first}“ und „{second}“.",
        "The municipality {town} is in two areas: “{first}” and “{second}”.",
    ),
    ProblemCode.POSTCODE_TWICE: (
        "Postleitzahl {plz} ist in zwei Gebieten: „{first}“ und „{second}“.",
        "Postcode {plz} is in two areas: “{first}” and “{second}”.",
    ),
    ProblemCode.NOT_A_POSTCODE: (
        "Gebiet „{area}“, {town}: „{plz}“ ist keine Postleitzahl (5 Ziffern).",
        "Area “{area}”, {town}: “{plz}” is not a postcode (5 digits).",
    ),
    ProblemCode.POSTCODE_NOT_OF_TOWN: (
        "Gebiet „{area}“: Postleitzahl {plz} gehört nicht zu {town}.",
        "Area “{area}”: postcode {plz} does not belong to {town}.",
    ),
    ProblemCode.SPLIT_AND_WHOLE: (
        "Postleitzahl {plz} („{area}“) gehört zu {town}, das ganz in „{whole}“ liegt.",
        "Postcode {plz} (“{area}”) belongs to {town}, which lies wholly in “{whole}”.",
    ),
    ProblemCode.WORKER_GONE: (
        "Gebiet „{area}“: die Außendienstkraft gibt es nicht mehr.",
        "Area “{area}”: the outreach worker no longer exists.",
    ),
}

#: Parameters that hold an area name: an empty one is shown as "(ohne Namen)".
_NAME_PARAMS = frozenset({"area", "first", "second", "whole"})
_NO_NAME = {"de": "(ohne Namen)", "en": "(no name)"}
#: A pasted 10 000-character name must not turn the problem list into a wall of text.
SHOWN_CHARS = 60


@dataclass(frozen=True, slots=True)
class AreaProblem:
    """One problem of an area division: a code and its parameters (name, value) in order.

    Equal problems compare equal, so a list can drop repeats with ``dict.fromkeys``.
    """

    code: ProblemCode
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: ProblemCode, **params: object) -> AreaProblem:
        """``AreaProblem.of(ProblemCode.NO_WEEKDAY, area="Nord")``."""
        return cls(code, tuple((name, str(value)) for name, value in params.items()))

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        key = "en" if lang.lower().startswith("en") else "de"
        german, english = _SENTENCES[self.code]
        values = {name: _shown(name, value, key) for name, value in self.params}
        return (english if key == "en" else german).format_map(values)

    def __str__(self) -> str:
        return self.text("de")


def _shown(name: str, value: str, lang: str) -> str:
    if name in _NAME_PARAMS and not value.strip():
        return _NO_NAME[lang]
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


class AreaDefinitionError(BilingualError, ValueError):
    """The area definition is inconsistent; ``problems`` lists :class:`AreaProblem` s."""

    STR_LANGUAGE = "de"

    def __init__(self, problems: list[AreaProblem]) -> None:
        super().__init__(
            join_sentences([p.text("de") for p in problems]),
            join_sentences([p.text("en") for p in problems]),
        )
        self.problems = problems


def validate_areas(areas: Sequence[Area], gazetteer: Gazetteer | None = None) -> list[AreaProblem]:
    """Problems of an area definition (each in German and English); empty when it is sound."""
    problems: list[AreaProblem] = []
    names = [a.name for a in areas if a.name.strip()]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(AreaProblem.of(ProblemCode.NAME_TWICE, area=name))
    owner: dict[str, str] = {}
    #: Per municipality listed whole: which area took each weekday first.
    day_owner: dict[str, dict[int, str]] = {}
    for area in areas:
        if not area.name.strip():
            problems.append(AreaProblem.of(ProblemCode.NO_NAME))
        if not area.weekdays:
            problems.append(AreaProblem.of(ProblemCode.NO_WEEKDAY, area=area.name))
        for day in area.weekdays:
            if not 1 <= day <= 7:
                problems.append(AreaProblem.of(ProblemCode.BAD_WEEKDAY, area=area.name, day=day))
        if not area.municipalities and not area.postcodes:
            problems.append(AreaProblem.of(ProblemCode.NO_MUNICIPALITY, area=area.name))
        for ags in sorted(area.municipalities):
            town = _town_name(ags, gazetteer)
            # On different weekdays a town may be in two areas; on the same one nobody knows
            # whose customers its addresses are.
            taken = day_owner.setdefault(ags, {})
            clash = next((taken[d] for d in sorted(set(area.weekdays)) if d in taken), None)
            if clash is not None:
                problems.append(
                    AreaProblem.of(ProblemCode.TOWN_TWICE, town=town, first=clash, second=area.name)
                )
            for day in area.weekdays:
                taken.setdefault(day, area.name)
            owner.setdefault(ags, area.name)
            if gazetteer is not None and gazetteer.by_ags(ags) is None:
                problems.append(AreaProblem.of(ProblemCode.UNKNOWN_AGS, area=area.name, ags=ags))
    postcode_owner: dict[str, str] = {}
    for area in areas:
        for plz in sorted(area.postcodes):
            if plz in postcode_owner:
                problems.append(
                    AreaProblem.of(
                        ProblemCode.POSTCODE_TWICE,
                        plz=plz,
                        first=postcode_owner[plz],
                        second=area.name,
                    )
                )
            postcode_owner[plz] = area.name
    if gazetteer is not None:
        # A postcode of a split town while the same town is listed whole elsewhere: overlap.
        # Looked up from the postcode's side: ``postcodes_of`` scans every German postcode,
        # too slow for the editor, which checks on each keystroke.
        whole_by_key = {
            m.key: (m, name) for ags, name in owner.items() if (m := gazetteer.by_ags(ags))
        }
        for plz, area_name in postcode_owner.items():
            localities = gazetteer.localities_of_postcode(plz)
            if len(localities) != 1:
                continue
            (key,) = localities
            if key not in whole_by_key:
                continue
            municipality, whole_owner = whole_by_key[key]
            if whole_owner != area_name and gazetteer.covers(plz, municipality):
                problems.append(split_and_whole(plz, area_name, municipality.name, whole_owner))
    return problems


def split_and_whole(plz: str, area: str, town: str, whole: str) -> AreaProblem:
    """Postcode ``plz`` of ``town`` is in ``area`` while the whole town is in ``whole``."""
    return AreaProblem.of(ProblemCode.SPLIT_AND_WHOLE, plz=plz, area=area, town=town, whole=whole)


def _town_name(ags: str, gazetteer: Gazetteer | None) -> str:
    municipality = gazetteer.by_ags(ags) if gazetteer is not None else None
    return municipality.name if municipality else ags


@dataclass(frozen=True)
class AreaIndex:
    """Areas looked up by postcode and by whole municipality (AGS), in the given order."""

    by_postcode: dict[str, tuple[Area, ...]]
    by_ags: dict[str, tuple[Area, ...]]

    @classmethod
    def of(cls, areas: Sequence[Area]) -> AreaIndex:
        """The index of ``areas`` (build it once for many addresses)."""
        by_postcode: dict[str, tuple[Area, ...]] = {}
        by_ags: dict[str, tuple[Area, ...]] = {}
        for area in areas:
            for plz in area.postcodes:
                by_postcode[plz] = (*by_postcode.get(plz, ()), area)
            for ags in area.municipalities:
                by_ags[ags] = (*by_ags.get(ags, ()), area)
        return cls(by_postcode, by_ags)


class AreaRecordLike(Protocol):
    """A stored area as :func:`fieldkit.store.areas.area_records` reads it."""

    @property
    def id(self) -> object: ...
    @property
    def name(self) -> str: ...
    @property
    def weekdays(self) -> tuple[int, ...]: ...
    @property
    def worker_id(self) -> object | None: ...
    @property
    def members(self) -> tuple[tuple[str, str | None], ...]: ...


@dataclass
class AreaDivision:
    """A set of areas that can tell which areas an address is in: the one rule for "which
    area owns this customer" (planning, the sync pull, the office report, the area editor's
    service all ask it).

    Built by hand it is checked first (:class:`AreaDefinitionError`); the stored division
    (:meth:`of_records`) is taken as saved, so planning never refuses a week over it.
    ``ids`` maps each area's name to its stored id (as text).
    """

    areas: list[Area]
    gazetteer: Gazetteer
    ids: dict[str, str] = field(default_factory=dict)
    check: InitVar[bool] = True
    _index: AreaIndex = field(init=False, repr=False)

    def __post_init__(self, check: bool) -> None:
        problems = validate_areas(self.areas, self.gazetteer) if check else []
        if problems:
            raise AreaDefinitionError(problems)
        self._index = AreaIndex.of(self.areas)

    @classmethod
    def of_records(cls, records: Iterable[AreaRecordLike], gazetteer: Gazetteer) -> AreaDivision:
        """The stored division: each record's whole towns, split-town postcodes and weekdays."""
        records = list(records)
        areas = [
            Area(
                name=r.name,
                municipalities=frozenset(ags for ags, plz in r.members if not plz),
                postcodes=frozenset(plz for _, plz in r.members if plz),
                weekdays=tuple(r.weekdays),
                worker_id=str(r.worker_id) if r.worker_id else None,
            )
            for r in records
        ]
        return cls(areas, gazetteer, {r.name: str(r.id) for r in records}, check=False)

    @property
    def defined(self) -> bool:
        """Is there any area at all?"""
        return bool(self.areas)

    def assign(self, address: Address) -> Area | None:
        """The first area of ``address``, or ``None`` when it fits none."""
        found = self.areas_of(address)
        return found[0] if found else None

    def areas_of(self, address: Address) -> tuple[Area, ...]:
        """Every area of ``address`` (two for a town listed whole on different weekdays)."""
        return areas_of_address(address, self.areas, self.gazetteer, self._index)

    def names_of(self, address: Address) -> tuple[str, ...]:
        """The names of :meth:`areas_of`."""
        return tuple(a.name for a in self.areas_of(address))

    def ids_of(self, address: Address) -> tuple[str, ...]:
        """The stored ids (as text) of :meth:`areas_of`, for a division read from the store."""
        return tuple(self.ids[a.name] for a in self.areas_of(address))


def areas_of_address(
    address: Address,
    areas: Sequence[Area],
    gazetteer: Gazetteer,
    index: AreaIndex | None = None,
) -> tuple[Area, ...]:
    """The areas an address belongs to: its postcode's if listed, else its municipality's.

    Empty when it fits none; more than one only for a municipality listed whole in several
    areas (on different weekdays, as ``validate_areas`` demands). Pass ``index`` (built once
    with :meth:`AreaIndex.of`) when asking for many addresses.
    """
    index = index if index is not None else AreaIndex.of(areas)
    plz = normalize_postcode(address.postcode)
    municipality = gazetteer.municipality(address.city) if address.city else None
    # A listed postcode must not contradict the town (never assign another municipality).
    if (
        plz
        and plz in index.by_postcode
        and (
            municipality is None
            or gazetteer.postcode_in_municipality(plz, address.city) is not False
        )
    ):
        return index.by_postcode[plz]
    if municipality is None and plz and not address.city:
        # Only a postcode: usable when it covers exactly one district municipality.
        hits = [m for m in gazetteer.municipalities if plz in gazetteer.postcodes_of(m)]
        municipality = hits[0] if len(hits) == 1 else None
    if municipality is None:
        return ()
    return index.by_ags.get(municipality.ags, ())


def assign_area(
    address: Address,
    areas: Sequence[Area],
    gazetteer: Gazetteer,
    index: AreaIndex | None = None,
) -> Area | None:
    """The first of :func:`areas_of_address`, or ``None`` when the address fits no area."""
    found = areas_of_address(address, areas, gazetteer, index)
    return found[0] if found else None


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
