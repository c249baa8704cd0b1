"""The office setup in the database: read it, say what a setup would change, apply it.

``fieldkit setup apply|export|show`` and the *Einrichtung* window both go through here. A
setup is applied in one transaction, all or nothing, and only when
:func:`fieldkit.geo.setup_areas.validate_setup` finds nothing; applying the same setup again
changes nothing. What the setup no longer names is retired (``active`` False), never deleted:
a retired outreach worker gets no new routes, a retired area no new customers. No Qt here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from fieldkit.domain import permissions
from fieldkit.domain.calendar import FEDERAL_STATES
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.setup import (
    TABLE_LABELS,
    WEEKDAYS,
    AreaInfo,
    BranchInfo,
    CaseworkerInfo,
    OfficeInfo,
    OfficeSetup,
    SetupError,
    TeamInfo,
    WorkerInfo,
    hhmm,
    minutes,
    parse_cutoff,
)
from fieldkit.domain.weekdays import parse_weekday_list
from fieldkit.geo.chain import GeocodingChain
from fieldkit.geo.normalize import Address as GeoAddress
from fieldkit.geo.normalize import split_street_and_number
from fieldkit.geo.setup_areas import area_members, parse_setup, validate_setup
from fieldkit.routing.settings import RoutingSettings
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.geocoding import DbGeocodeCache, DbManualPlacements, gazetteer
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import Area, AreaMember, Caseworker, Office, OutreachWorker
from fieldkit.store.models_setup import Branch, Team, WorkerArea

__all__ = ["parse_setup", "validate_setup"]  # the complete checks, for the UI and the CLI

#: (German, English) names of the tables in change sentences.
_ACTIONS = {
    "new": ("neu", "new"),
    "changed": ("geändert", "changed"),
    "retired": ("stillgelegt (bleibt in der Historie)", "retired (kept in the history)"),
    "reactivated": ("wieder aktiv", "active again"),
}


@dataclass(frozen=True)
class SetupChange:
    """One change a setup makes (or would make): what, which entry, and the changed keys."""

    action: str  # "new", "changed", "retired", "reactivated"
    table: str  # as in the setup file: "office", "branches", …
    name: str
    fields: tuple[str, ...] = ()

    @property
    def de(self) -> str:
        """The change in German."""
        return self._sentence(0)

    @property
    def en(self) -> str:
        """The change in English."""
        return self._sentence(1)

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de

    def _sentence(self, lang: int) -> str:
        quoted = f"„{self.name}“" if lang == 0 else f"“{self.name}”"
        text = f"{TABLE_LABELS[self.table][lang]} {quoted}: {_ACTIONS[self.action][lang]}"
        return text + (f" ({', '.join(self.fields)})" if self.fields else "")


def is_empty_office(db: Database) -> bool:
    """Whether no office is recorded yet (the first start leads through the setup)."""
    with db.session() as session:
        return session.scalar(select(Office.id).limit(1)) is None


def _office(session: Session) -> Office | None:
    return session.scalar(select(Office).order_by(Office.created_at, Office.name).limit(1))


def own_start(worker: OutreachWorker) -> tuple[float, float] | None:
    """Where a worker's day starts when it is their own start address (placed when the setup
    was applied); None: the day starts at the office."""
    if worker.start_address and worker.start_lat is not None and worker.start_lon is not None:
        return (worker.start_lat, worker.start_lon)
    return None


def office_rules(session: Session, rules: RulesSettings) -> RulesSettings:
    """``rules`` with the recorded office's federal state (public holidays) and flag cutoff
    (weekday and end of office hours); the settings stay the fallback when no office is
    recorded or a stored value does not parse."""
    office = _office(session)
    if office is None:
        return rules
    if office.state in FEDERAL_STATES:
        rules = replace(rules, federal_state=office.state)
    cutoff = parse_cutoff(office.flag_cutoff or "")
    if cutoff is not None:
        weekday, at = cutoff
        rules = replace(rules, flag_deadline_weekday=weekday, office_hours_end=hhmm(at))
    return rules


def recorded_rules(db: Database, settings: Settings) -> RulesSettings:
    """The flag-list rules for ``db``: the settings' rules as the recorded office sets them."""
    with db.session() as session:
        return office_rules(session, settings.section("rules", RulesSettings))


def _days_text(days: Iterable[str]) -> str:
    return ",".join(str(WEEKDAYS.index(d) + 1) for d in days if d in WEEKDAYS)


def _days_list(text: str) -> list[str]:
    return [WEEKDAYS[n - 1] for n in parse_weekday_list(text)]


# --------------------------------------------------------------------------- reading


def current_setup(db: Database, routing: RoutingSettings | None = None) -> OfficeSetup:
    """The active setup in the database (retired records left out), sorted by name.

    A worker without own hours gets the planning settings' day (``routing``, default: the
    defaults), so the result is always a setup that can be written and applied.
    """
    with db.session() as session:
        return _read_setup(session, routing or RoutingSettings())


def _read_setup(session: Session, routing: RoutingSettings) -> OfficeSetup:
    office = _office(session)
    setup = OfficeSetup(office=_office_info(office) if office is not None else None)
    setup.branches = [
        BranchInfo(b.name, b.street, b.postcode, b.city, b.phone)
        for b in session.scalars(select(Branch).where(Branch.active).order_by(Branch.name))
    ]
    setup.teams = [
        TeamInfo(t.number, t.lead)
        for t in session.scalars(select(Team).where(Team.active).order_by(Team.number))
    ]
    setup.caseworkers = [
        CaseworkerInfo(c.name, c.team, c.branch, c.phone, c.email)
        for c in session.scalars(
            select(Caseworker).where(Caseworker.active).order_by(Caseworker.name)
        )
    ]
    # A caseworker's team that has no row (named by a flag list imported before the import
    # added teams) is named all the same: a setup that names a team it does not define is
    # refused, so the export could not have been applied again.
    named = {t.number for t in setup.teams}
    missing = sorted({c.team for c in setup.caseworkers if c.team and c.team not in named})
    if missing:
        setup.teams = sorted([*setup.teams, *map(TeamInfo, missing)], key=lambda t: t.number)
    areas = list(
        session.scalars(
            select(Area).where(Area.active).options(selectinload(Area.members)).order_by(Area.name)
        )
    )
    setup.areas = [_area_info(a) for a in areas]
    covered = _covered_areas(session, areas)
    workers = session.scalars(
        select(OutreachWorker).where(OutreachWorker.active).order_by(OutreachWorker.name)
    )
    setup.outreach_workers = [_worker_info(w, covered.get(w.id, []), routing) for w in workers]
    return setup


def _office_info(office: Office) -> OfficeInfo:
    return OfficeInfo(
        name=office.name,
        street=office.street,
        postcode=office.postcode,
        city=office.city,
        phone=office.phone,
        state=office.state,
        email=office.email,
        opening_hours=office.opening_hours,
        flag_cutoff=office.flag_cutoff,
        letterhead=office.letterhead,
        logo_path=office.logo_path,
    )


def _area_info(area: Area) -> AreaInfo:
    gaz = gazetteer()
    names: dict[str, None] = {}
    postcodes: set[str] = set()
    for member in sorted(area.members, key=lambda m: (m.ags, m.postcode or "")):
        municipality = gaz.by_ags(member.ags)
        names[municipality.name if municipality else member.ags] = None
        if member.postcode:
            postcodes.add(member.postcode)
    return AreaInfo(area.name, _days_list(area.weekdays), sorted(names), sorted(postcodes))


def _covered_areas(session: Session, areas: list[Area]) -> dict[uuid.UUID, list[str]]:
    """Area names per worker id: the worker_area links, else the area's one worker."""
    names = {a.id: a.name for a in areas}
    covered: dict[uuid.UUID, list[str]] = {}
    linked = set()
    for link in session.scalars(select(WorkerArea)):
        if link.area_id in names:
            covered.setdefault(link.worker_id, []).append(names[link.area_id])
            linked.add(link.area_id)
    for area in areas:
        if area.worker_id is not None and area.id not in linked:
            covered.setdefault(area.worker_id, []).append(area.name)
    return {worker: sorted(set(found)) for worker, found in covered.items()}


def _worker_info(worker: OutreachWorker, areas: list[str], routing: RoutingSettings) -> WorkerInfo:
    day_start = minutes(routing.day_start) or 8 * 60
    default_end = min(day_start + round(routing.day_hours * 60), 23 * 60 + 59)
    return WorkerInfo(
        name=worker.name,
        days=_days_list(worker.working_days),
        start=worker.start_time or hhmm(day_start),
        end=worker.end_time or hhmm(default_end),
        break_minutes=worker.break_minutes,
        start_address=worker.start_address,
        areas=areas,
    )


# --------------------------------------------------------------------------- applying


def setup_changes(
    db: Database,
    setup: OfficeSetup,
    routing: RoutingSettings | None = None,
    *,
    identity: Identity,
) -> list[SetupChange]:
    """What :func:`apply_setup` would change; nothing is written. :class:`SetupError` if unsound."""
    return apply_setup(db, setup, dry_run=True, routing=routing, identity=identity)


def apply_setup(
    db: Database,
    setup: OfficeSetup,
    *,
    dry_run: bool = False,
    routing: RoutingSettings | None = None,
    identity: Identity,
    also: Callable[[Session], object] | None = None,
) -> list[SetupChange]:
    """Make the database match ``setup`` in one transaction; the changes (empty: nothing).

    :class:`SetupError` with every problem when the setup is unsound; nothing is written then,
    nor with ``dry_run``. ``also`` writes more in the same transaction, after the setup (the
    first start adds the administration's account so): when it raises, nothing is written.
    """
    require(identity, permissions.SETUP)
    problems = validate_setup(setup, gazetteer())
    if problems:
        raise SetupError(problems)
    routing = routing or RoutingSettings()
    if dry_run:
        with db.sessions() as session:
            try:
                return _apply(session, setup, routing)
            finally:
                session.rollback()
    with db.session() as session:
        changes = _apply(session, setup, routing)
        if changes:
            tables = sorted({c.table for c in changes})
            detail = f"{len(changes)} Änderungen: {', '.join(tables)}"
            audit.record(session, identity, audit.SETUP, "office_setup", "", detail)
        if also is not None:
            also(session)
        return changes


def _apply(session: Session, setup: OfficeSetup, routing: RoutingSettings) -> list[SetupChange]:
    changes: list[SetupChange] = []
    office = _apply_office(session, setup.office, changes)
    _sync(session, Branch, "name", "branches", setup.branches, changes, _branch_values)
    _sync(session, Team, "number", "teams", setup.teams, changes, _team_values)
    _sync(session, Caseworker, "name", "caseworkers", setup.caseworkers, changes, _cw_values)
    areas = _apply_areas(session, setup.areas, changes)
    _apply_workers(session, setup, office, areas, routing, changes)
    session.flush()
    return changes


_LABELS = {"start_time": "start", "end_time": "end", "working_days": "days"}


def _sync(
    session: Session,
    model: Any,
    key: str,
    table: str,
    entries: Iterable[Any],
    changes: list[SetupChange],
    wanted: Callable[[Any], dict[str, Any]],
    current: Callable[[Any], dict[str, Any]] | None = None,
    extra: Callable[[Any, Any, bool], list[str]] | None = None,
) -> dict[str, Any]:
    """Create, update, reactivate and retire the rows of ``model`` to match ``entries``.

    ``wanted(entry)`` gives the row's attributes, ``current(row)`` the row's as the setup
    would say them (default: the attributes themselves); ``extra(row, entry, new)`` changes
    what is not a plain attribute and returns the names of what it changed.
    """
    rows: dict[str, Any] = {}
    for row in session.scalars(select(model).order_by(model.created_at)):
        rows.setdefault(getattr(row, key), row)
    seen: dict[str, Any] = {}
    for entry in entries:
        name, values = getattr(entry, _KEY_OF[table]), wanted(entry)
        row = rows.get(name)
        is_new = row is None
        if row is None:
            row = model(id=uuid.uuid4(), **{key: name}, active=True)
            session.add(row)
        if is_new:
            now: dict[str, Any] = {}
        else:
            now = current(row) if current is not None else {k: getattr(row, k) for k in values}
        fields = [k for k, v in values.items() if now.get(k) != v]
        for field_name in fields:
            setattr(row, field_name, values[field_name])
        fields += extra(row, entry, is_new) if extra is not None else []
        if is_new:
            changes.append(SetupChange("new", table, name))
        elif not row.active:
            row.active = True
            changes.append(SetupChange("reactivated", table, name))
        elif fields:
            labels = tuple(_LABELS.get(f, f) for f in fields)
            changes.append(SetupChange("changed", table, name, labels))
        seen[name] = row
    for name, row in rows.items():
        if name not in seen and row.active:
            row.active = False
            changes.append(SetupChange("retired", table, name))
    return seen


_KEY_OF = {
    "branches": "name",
    "teams": "number",
    "caseworkers": "name",
    "outreach_workers": "name",
    "areas": "name",
}


def _branch_values(b: BranchInfo) -> dict[str, Any]:
    return {"street": b.street, "postcode": b.postcode, "city": b.city, "phone": b.phone}


def _team_values(t: TeamInfo) -> dict[str, Any]:
    return {"lead": t.lead}


def _cw_values(c: CaseworkerInfo) -> dict[str, Any]:
    return {"team": c.team, "branch": c.branch, "phone": c.phone, "email": c.email}


_OFFICE_PLACE = ("street", "postcode", "city")


def _apply_office(
    session: Session, info: OfficeInfo | None, changes: list[SetupChange]
) -> Office | None:
    office = _office(session)
    if info is None:
        return office
    values = dict(vars(info))
    if office is None:
        office = Office(**values)
        session.add(office)
        changes.append(SetupChange("new", "office", info.name))
        moved = True
    else:
        fields = [k for k, v in values.items() if getattr(office, k) != v]
        for name in fields:
            setattr(office, name, values[name])
        if fields:
            changes.append(SetupChange("changed", "office", info.name, tuple(fields)))
        moved = any(k in fields for k in _OFFICE_PLACE)
    if moved or office.lat is None or office.lon is None:
        street, number = split_street_and_number(info.street)
        point = _place(session, GeoAddress(street, number, info.postcode, info.city))
        office.lat, office.lon = point if point is not None else (None, None)
    return office


def _apply_areas(
    session: Session, areas: list[AreaInfo], changes: list[SetupChange]
) -> dict[str, Area]:
    gaz = gazetteer()

    def members(row: Area, entry: AreaInfo, is_new: bool) -> list[str]:
        wanted = set(area_members(entry, gaz))
        if {(m.ags, m.postcode) for m in row.members} == wanted:
            return []
        row.members.clear()
        row.members.extend(
            AreaMember(ags=ags, postcode=plz)
            for ags, plz in sorted(wanted, key=lambda p: (p[0], p[1] or ""))
        )
        return ["municipalities"]

    # Members are loaded with the areas, so comparing them costs no query per area.
    list(session.scalars(select(Area).options(selectinload(Area.members))))
    return _sync(
        session,
        Area,
        "name",
        "areas",
        areas,
        changes,
        lambda a: {"weekdays": _days_text(a.weekdays)},
        extra=members,
    )


def _apply_workers(
    session: Session,
    setup: OfficeSetup,
    office: Office | None,
    areas: dict[str, Area],
    routing: RoutingSettings,
    changes: list[SetupChange],
) -> None:
    session.flush()
    all_areas = list(session.scalars(select(Area)))
    covered = _covered_areas(session, [a for a in all_areas if a.active])
    links: dict[uuid.UUID, dict[uuid.UUID, WorkerArea]] = {}
    for link in session.scalars(select(WorkerArea)):
        links.setdefault(link.worker_id, {})[link.area_id] = link

    def current(row: OutreachWorker) -> dict[str, Any]:
        info = _worker_info(row, [], routing)
        return {**_worker_values(info), "working_days": row.working_days}

    def extra(row: OutreachWorker, entry: WorkerInfo, is_new: bool) -> list[str]:
        if is_new:
            session.flush()  # the links refer to the new worker's row
        wanted = {areas[name].id for name in entry.areas}
        mine = links.get(row.id, {})
        for area_id in wanted - set(mine):
            session.add(WorkerArea(worker_id=row.id, area_id=area_id))
        for area_id in set(mine) - wanted:
            session.delete(mine[area_id])
        if office is not None and row.office_id != office.id:
            row.office = office
        moved = _place_worker(session, row, is_new)
        same = sorted(set(entry.areas)) == covered.get(row.id, [])
        return ([] if is_new or same else ["areas"]) + moved

    workers = _sync(
        session,
        OutreachWorker,
        "name",
        "outreach_workers",
        setup.outreach_workers,
        changes,
        _worker_values,
        current=current,
        extra=extra,
    )
    session.flush()
    # The one worker of an area (read by code that knows one): the first that covers it.
    for area in areas.values():
        first = next((w for w in setup.outreach_workers if area.name in w.areas), None)
        worker_id = workers[first.name].id if first is not None else None
        if area.worker_id != worker_id:
            area.worker_id = worker_id


def _worker_values(w: WorkerInfo) -> dict[str, Any]:
    return {
        "working_days": _days_text(w.days),
        "start_time": hhmm(minutes(w.start) or 0),
        "end_time": hhmm(minutes(w.end) or 0),
        "break_minutes": w.break_minutes,
        "start_address": w.start_address,
    }


def _place_worker(session: Session, row: OutreachWorker, is_new: bool) -> list[str]:
    """Place the worker's start address if it is new or changed; nothing to report."""
    if not row.start_address:
        row.start_lat = row.start_lon = None
        return []
    moved = inspect(row).attrs.start_address.history.has_changes()
    if not (is_new or moved or row.start_lat is None or row.start_lon is None):
        return []
    point = _place(session, parse_address(row.start_address))
    row.start_lat, row.start_lon = point if point is not None else (None, None)
    return []


_FULL = re.compile(r"(?P<street>.+?),\s*(?P<plz>[0-9]{5})\s+(?P<city>.+)")
_TOWN = re.compile(r"(?P<plz>[0-9]{5})\s+(?P<city>.+)")


def parse_address(text: str) -> GeoAddress | None:
    """``"Musterweg 3, 74072 Heilbronn"`` (or ``"74072 Heilbronn"``) as an address."""
    text = " ".join(text.split())
    match = _FULL.fullmatch(text)
    if match:
        street, number = split_street_and_number(match["street"])
        return GeoAddress(street, number, match["plz"], match["city"].strip())
    match = _TOWN.fullmatch(text)
    if match:
        return GeoAddress("", "", match["plz"], match["city"].strip())
    return None


def _place(session: Session, address: GeoAddress | None) -> tuple[float, float] | None:
    """Where the offline geocoding chain puts an address (hand placements first)."""
    if address is None:
        return None
    chain = GeocodingChain(
        gazetteer(), cache=DbGeocodeCache(session), manual=DbManualPlacements(session)
    )
    try:
        result = chain.geocode(address)
    except Exception:  # a broken address must not stop the setup; it falls back to the office
        return None
    return (result.lat, result.lon) if result is not None else None


@dataclass(frozen=True)
class PlacementNote:
    """An address of the setup that could not be placed on the map, in German and English."""

    de: str
    en: str

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de


def placement_notes(db: Database) -> list[PlacementNote]:
    """The office (routes need it) and the start addresses the geocoding chain could not place."""
    notes: list[PlacementNote] = []
    with db.session() as session:
        office = _office(session)
        if office is not None and (office.lat is None or office.lon is None):
            notes.append(
                PlacementNote(
                    f"Die Adresse der Dienststelle „{office.name}“ ließ sich nicht verorten; "
                    "ohne sie kann keine Tour geplant werden: bitte Straße und Postleitzahl "
                    "prüfen oder die Adresse von Hand auf der Karte setzen.",
                    f"The address of the office “{office.name}” could not be placed on the "
                    "map; no route can be planned without it: check street and postcode or "
                    "place it by hand.",
                )
            )
        workers = session.scalars(
            select(OutreachWorker).where(OutreachWorker.active).order_by(OutreachWorker.name)
        )
        for w in workers:
            if w.start_address and (w.start_lat is None or w.start_lon is None):
                notes.append(
                    PlacementNote(
                        f"Die Startadresse von {w.name} ließ sich nicht verorten; die Touren "
                        "beginnen an der Dienststelle.",
                        f"The start address of {w.name} could not be placed; the routes start "
                        "at the office.",
                    )
                )
    return notes
