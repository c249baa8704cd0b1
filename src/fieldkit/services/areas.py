"""The areas of the district in the database: the area editor's load/save, and who is where.

An area is a set of municipalities (AGS) and, for a split town, single postcodes of it, with
the weekdays it is visited and optionally its outreach worker. Saving replaces all areas in
one transaction and only when the whole division is sound. No Qt here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain.weekdays import parse_weekday_list
from fieldkit.geo import areas as geo_areas
from fieldkit.geo.areas import AreaProblem, ProblemCode
from fieldkit.geo.normalize import Address as GeoAddress
from fieldkit.geo.normalize import fold, normalize_postcode
from fieldkit.services.geocoding import gazetteer
from fieldkit.store.areas import area_records
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Address,
    Area,
    AreaMember,
    Customer,
    Flag,
    OutreachWorker,
    Route,
)


@dataclass(frozen=True)
class AreaEdit:
    """One area as the editor shows and saves it."""

    name: str
    weekdays: tuple[int, ...]
    worker_id: uuid.UUID | None
    #: (AGS, postcode) pairs; postcode ``None`` = the whole municipality.
    members: tuple[tuple[str, str | None], ...]
    color: str = ""


class AreaError(geo_areas.AreaDefinitionError):
    """The areas cannot be saved; ``problems`` lists :class:`~fieldkit.geo.areas.AreaProblem` s.

    ``str()`` is German (as before); ``message("en")`` joins the English sentences.
    """


#: The length of ``area.name`` in the database (PostgreSQL refuses longer names on sync).
NAME_LIMIT = 100


def municipalities() -> list[tuple[str, str]]:
    """(AGS, name) of the district's 46 municipalities, sorted by name."""
    return sorted(
        ((m.ags, m.name) for m in gazetteer().municipalities), key=lambda item: fold(item[1])
    )


def _weekdays(text: str) -> tuple[int, ...]:
    return parse_weekday_list(text)


def load_area_edits(session: Session) -> list[AreaEdit]:
    """All stored areas, sorted by name, members sorted by AGS and postcode."""
    areas = session.scalars(select(Area).options(selectinload(Area.members)).order_by(Area.name))
    return [
        AreaEdit(
            name=area.name,
            weekdays=_weekdays(area.weekdays),
            worker_id=area.worker_id,
            members=tuple(
                sorted(
                    ((m.ags, m.postcode) for m in area.members), key=lambda p: (p[0], p[1] or "")
                )
            ),
            color=area.color,
        )
        for area in areas
    ]


#: Only five ASCII digits as typed: "7417", "74 072", "D-74072" or "７４０７２" are slips to fix.
_FIVE_DIGITS = re.compile(r"[0-9]{5}")


def _to_geo(edit: AreaEdit) -> geo_areas.Area:
    return geo_areas.Area(
        name=edit.name.strip(),
        municipalities=frozenset(ags for ags, plz in edit.members if not plz),
        # A malformed postcode stays as typed: ``area_problems`` names it, and the same slip in
        # two areas still counts as one postcode in two areas.
        postcodes=frozenset(plz.strip() or plz for _, plz in edit.members if plz),
        weekdays=tuple(edit.weekdays),
        worker_id=str(edit.worker_id) if edit.worker_id else None,
    )


def area_problems(session: Session, areas: Sequence[AreaEdit]) -> list[AreaProblem]:
    """Everything wrong with a division (empty when it can be saved), in German and English.

    The area editor shows this list live on every change, so it stays cheap: one query for
    the outreach workers, the rest is the cached gazetteer (looked up by postcode, never
    with ``postcodes_of``, which scans every German postcode).
    """
    gaz = gazetteer()
    problems = geo_areas.validate_areas([_to_geo(a) for a in areas], gaz)
    workers = set(session.scalars(select(OutreachWorker.id)))
    whole = {ags: a.name.strip() for a in areas for ags, plz in a.members if not plz}
    for area in areas:
        label = area.name.strip()
        if len(label) > NAME_LIMIT:
            problems.append(AreaProblem.of(ProblemCode.NAME_TOO_LONG, area=label, limit=NAME_LIMIT))
        if area.worker_id is not None and area.worker_id not in workers:
            problems.append(AreaProblem.of(ProblemCode.WORKER_GONE, area=label))
        for ags, plz in area.members:
            municipality = gaz.by_ags(ags)
            if not plz:
                continue
            code = plz.strip()
            if municipality is None:
                problems.append(AreaProblem.of(ProblemCode.UNKNOWN_AGS, area=label, ags=ags))
            elif not _FIVE_DIGITS.fullmatch(code):
                problems.append(
                    AreaProblem.of(
                        ProblemCode.NOT_A_POSTCODE, area=label, town=municipality.name, plz=code
                    )
                )
            elif not gaz.covers(code, municipality):
                problems.append(
                    AreaProblem.of(
                        ProblemCode.POSTCODE_NOT_OF_TOWN,
                        area=label,
                        plz=code,
                        town=municipality.name,
                    )
                )
            elif ags in whole and whole[ags] != label:
                # The same sentence as the gazetteer-wide check, so the two collapse into one;
                # this one also sees a postcode that several towns share.
                problems.append(
                    geo_areas.split_and_whole(code, label, municipality.name, whole[ags])
                )
    # Keep the first mention of each problem, in order.
    return list(dict.fromkeys(problems))


def save_areas(db: Database, areas: Sequence[AreaEdit]) -> None:
    """Replace all areas by ``areas`` in one transaction; :class:`AreaError` when unsound."""
    with db.session() as session:
        problems = area_problems(session, areas)
        if problems:
            raise AreaError(problems)
        old = {a.name: a for a in session.scalars(select(Area).options(selectinload(Area.members)))}
        keep: set[str] = set()
        for edit in areas:
            name = edit.name.strip()
            area = old.get(name)
            if area is None:
                area = Area(name=name)
                session.add(area)
            else:
                keep.add(name)
                area.members.clear()
            area.weekdays = ",".join(str(d) for d in edit.weekdays)
            area.worker_id = edit.worker_id
            area.color = edit.color
            # A postcode typed twice for the same town is one member, not two rows.
            members = dict.fromkeys(
                (ags, normalize_postcode(plz) if plz else None) for ags, plz in edit.members
            )
            area.members.extend(AreaMember(ags=ags, postcode=plz) for ags, plz in members)
        gone = [a.id for name, a in old.items() if name not in keep]
        if gone:
            # Planned routes keep their stops; they just lose the link to a removed area.
            session.execute(
                update(Route)
                .where(Route.area_id.in_(gone))
                .values(area_id=None)
                .execution_options(synchronize_session=False)
            )
            session.execute(delete(AreaMember).where(AreaMember.area_id.in_(gone)))
            session.execute(delete(Area).where(Area.id.in_(gone)))


def load_division(session: Session) -> geo_areas.AreaDivision:
    """The stored division of the district (active areas): the one "which area owns this
    customer" of planning, the office report, the week list and the area editor; the sync
    pull reads the same records on the central store."""
    return geo_areas.AreaDivision.of_records(area_records(session), gazetteer())


def load_areas(session: Session) -> list[geo_areas.Area]:
    """The active stored areas as :class:`fieldkit.geo.areas.Area` (worker id as a string).

    A retired area (no longer in the office setup) takes no customers.
    """
    return load_division(session).areas


def assign_areas(session: Session, week: str) -> dict[uuid.UUID, geo_areas.Area | None]:
    """Each flagged (not withdrawn) customer's first area in ``week`` by flag id.

    ``None``: the address fits no area.
    """
    by_name = {a.name: a for a in load_areas(session)}
    return {
        flag_id: by_name[names[0]] if names else None
        for flag_id, names in area_sets_by_flag(session, week).items()
    }


#: How the week list shows a customer of a town that lies in two areas.
AREA_JOIN = " / "


def area_names_by_flag(
    session: Session, week: str, *, flag_ids: Sequence[uuid.UUID] | None = None
) -> dict[uuid.UUID, str | None]:
    """Each flagged (not withdrawn) customer's area name of ``week``; ``None`` = fits none.

    A customer in two areas (a town listed whole on different weekdays) shows both names,
    joined by :data:`AREA_JOIN`. ``flag_ids`` limits the answer to those flags (the detail
    panel asks for one).
    """
    found = area_sets_by_flag(session, week, flag_ids=flag_ids)
    return {flag_id: AREA_JOIN.join(names) or None for flag_id, names in found.items()}


def area_sets_by_flag(
    session: Session, week: str, *, flag_ids: Sequence[uuid.UUID] | None = None
) -> dict[uuid.UUID, tuple[str, ...]]:
    """The names of every area of each flagged (not withdrawn) customer of ``week``."""
    stmt = (
        select(Flag.id, Customer.id)
        .join(Customer, Customer.id == Flag.customer_id)
        .where(Flag.visit_week == week, Flag.withdrawn_at.is_(None))
    )
    if flag_ids is not None:
        stmt = stmt.where(Flag.id.in_(list(flag_ids)))
    rows = [(flag_id, customer_id) for flag_id, customer_id in session.execute(stmt)]
    if not rows:
        return {}
    division = load_division(session)
    addresses = {
        a.customer_id: a
        for a in session.scalars(
            select(Address).where(Address.customer_id.in_({c for _, c in rows}))
        )
    }
    return {
        flag_id: division.names_of(geo_address(address)) if address is not None else ()
        for flag_id, customer_id in rows
        for address in (addresses.get(customer_id),)
    }


def geo_address(address: Address) -> GeoAddress:
    """A stored address as the geo layer reads it."""
    return GeoAddress(address.strasse, address.hausnummer, address.plz, address.ort)


def geo_areas_of(areas: Sequence[Area]) -> list[geo_areas.Area]:
    """Stored areas (members loaded) as geo areas named by their id, with their weekdays."""
    return [
        geo_areas.Area(
            name=str(a.id),
            municipalities=frozenset(m.ags for m in a.members if not m.postcode),
            postcodes=frozenset(m.postcode for m in a.members if m.postcode),
            weekdays=_weekdays(a.weekdays),
        )
        for a in areas
    ]
