"""The office setup's areas against the district: municipalities, postcodes, overlaps.

The setup file itself (its tables, keys and the checks that need no map) is
:mod:`fieldkit.domain.setup`; what needs the district's geography — does a municipality exist,
does a postcode belong to it, do two areas overlap — is geo, so it lives here, one layer
above. :func:`parse_setup` and :func:`validate_setup` are the complete checks that
``fieldkit setup`` and the *Einrichtung* window use (through ``services.setup``).
Moved from ``domain/setup.py`` so the domain layer does not import geo.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from fieldkit.domain import setup as domain_setup
from fieldkit.domain.setup import (
    POSTCODE,
    WEEKDAYS,
    AreaInfo,
    OfficeSetup,
    SetupProblem,
    check_days,
    check_postcode,
    problem,
)
from fieldkit.geo.areas import Area, validate_areas
from fieldkit.geo.gazetteer import Gazetteer, Municipality


def parse_setup(
    data: bytes | str, filename: str = "", *, gazetteer: Gazetteer | None = None
) -> OfficeSetup:
    """The setup in a TOML text, fully checked; :class:`~fieldkit.domain.setup.SetupError`
    listing every problem with its line (``gazetteer`` None: the shipped one)."""
    return domain_setup.parse_setup(
        data, filename, check_areas=functools.partial(check_areas, gazetteer=gazetteer)
    )


def validate_setup(setup: OfficeSetup, gazetteer: Gazetteer | None = None) -> list[SetupProblem]:
    """Everything wrong with a setup, its areas against the district included (empty when it
    can be applied); ``gazetteer`` None: the shipped gazetteer of the district."""
    if gazetteer is None:
        return domain_setup.validate_setup(setup, _shipped_area_check)
    return domain_setup.validate_setup(setup, functools.partial(check_areas, gazetteer=gazetteer))


def _shipped_area_check(setup: OfficeSetup) -> list[SetupProblem]:
    """:func:`check_areas` against the shipped gazetteer, remembered for recent area lists.

    The *Einrichtung* window validates on every keystroke, and most keystrokes are not in an
    area: the areas (and so their problems) are then the same as a moment before. Only the
    areas' content is the key; an entry that cannot be a key (no strings) is checked anew.
    """
    key = tuple(
        (a.name, tuple(a.weekdays), tuple(a.municipalities), tuple(a.postcodes))
        for a in setup.areas
    )
    try:
        hash(key)
    except TypeError:
        return check_areas(setup)
    return list(_area_problems(key))


@functools.lru_cache(maxsize=16)
def _area_problems(
    key: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...],
) -> tuple[SetupProblem, ...]:
    areas = [AreaInfo(n, list(days), list(towns), list(codes)) for n, days, towns, codes in key]
    return tuple(check_areas(OfficeSetup(areas=areas)))


def _shipped_gazetteer() -> Gazetteer:
    return Gazetteer.shipped()


def find_municipality(name: str, gazetteer: Gazetteer) -> Municipality | None:
    """The district municipality a name means: as written, else as the gazetteer reads it."""
    for municipality in gazetteer.municipalities:
        if municipality.name == name:
            return municipality
    return gazetteer.municipality(name)


def area_members(
    area: AreaInfo, gazetteer: Gazetteer | None = None
) -> list[tuple[str, str | None]]:
    """(AGS, postcode) pairs of an area; postcode None: the whole municipality.

    A municipality listed with postcodes of its own in ``postcodes`` is split: only those
    postcodes of it belong to the area. Unknown names and malformed postcodes are left out
    (:func:`validate_setup` names them).
    """
    gaz = gazetteer or _shipped_gazetteer()
    codes = [p for p in dict.fromkeys(area.postcodes) if POSTCODE.fullmatch(p)]
    members: list[tuple[str, str | None]] = []
    for name in area.municipalities:
        municipality = find_municipality(name, gaz)
        if municipality is None:
            continue
        own = [p for p in codes if gaz.covers(p, municipality)]
        members += [(municipality.ags, p) for p in own] if own else [(municipality.ags, None)]
    return list(dict.fromkeys(members))


def geo_area(area: AreaInfo, gazetteer: Gazetteer | None = None) -> Area:
    """The area as :class:`fieldkit.geo.areas.Area` (for ``validate_areas`` and assignment)."""
    members = area_members(area, gazetteer)
    return Area(
        name=area.name,
        municipalities=frozenset(ags for ags, plz in members if plz is None),
        postcodes=frozenset(plz for _, plz in members if plz is not None),
        weekdays=tuple(WEEKDAYS.index(d) + 1 for d in area.weekdays if d in WEEKDAYS),
    )


#: Problems of ``validate_areas`` this module already says in its own words.
_OWN_AREA_CHECKS = frozenset(
    {"no_name", "name_twice", "name_too_long", "no_weekday", "bad_weekday", "no_municipality"}
)


def check_areas(setup: OfficeSetup, gazetteer: Gazetteer | None = None) -> list[SetupProblem]:
    """Weekdays, postcodes, municipalities (against the gazetteer) and overlaps of the areas."""
    gaz = gazetteer or _shipped_gazetteer()
    problems: list[SetupProblem] = []
    for index, area in enumerate(setup.areas):
        problems += check_days(("areas", index, "weekdays"), area.name, area.weekdays)
        for key in ("weekdays", "municipalities"):
            if not getattr(area, key):
                problems.append(problem("empty", ("areas", index, key), entry=area.name, key=key))
        found = []
        for name in area.municipalities:
            municipality = find_municipality(name, gaz) if len(name) <= 100 else None
            if municipality is None and name.strip():
                where = ("areas", index, "municipalities")
                problems.append(problem("unknown_municipality", where, entry=area.name, value=name))
            elif municipality is not None:
                found.append(municipality)
        for code in area.postcodes:
            where = ("areas", index, "postcodes")
            if not POSTCODE.fullmatch(code):
                problems += check_postcode(where, area.name, code)
            elif not any(gaz.covers(code, m) for m in found):
                problems.append(problem("postcode_not_of_area", where, entry=area.name, value=code))
    index_of = {a.name: i for i, a in enumerate(setup.areas)}
    for found_problem in validate_areas([geo_area(a, gaz) for a in setup.areas], gaz):
        if found_problem.code.value in _OWN_AREA_CHECKS:
            continue
        params = dict(found_problem.params)
        name = params.get("second") or params.get("area") or ""
        key = "postcodes" if "plz" in params else "municipalities"
        problems.append(
            SetupProblem(
                "area_" + found_problem.code.value,
                found_problem.text("de"),
                found_problem.text("en"),
                ("areas", index_of.get(name), key),
            )
        )
    return problems


def uncovered_municipalities(
    setup: OfficeSetup | Iterable[AreaInfo], gazetteer: Gazetteer | None = None
) -> list[str]:
    """Names of the district's municipalities that no area covers (wholly or in part), sorted.

    The area check is only "stimmig" when this list is empty too.
    """
    gaz = gazetteer or _shipped_gazetteer()
    areas = setup.areas if isinstance(setup, OfficeSetup) else list(setup)
    covered = {ags for area in areas for ags, _ in area_members(area, gaz)}
    return sorted(m.name for m in gaz.municipalities if m.ags not in covered)
