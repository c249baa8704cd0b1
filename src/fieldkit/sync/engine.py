"""The sync's building blocks on plain SQLAlchemy connections (no ORM, no Qt).

Push: the laptop's field records go to the central store in batches; each batch is one
central transaction, and only after its commit does the laptop write ``sync_record`` rows (the
"confirmed" marker). A crash between the two makes the laptop push the batch again, which the
central store absorbs because every write is keyed by the record's UUID.

Pull: the back office's records this worker needs are upserted into the laptop, central wins.

The per-table rules (who owns what, what may change) are the ``PUSH`` and ``PULL_TABLES`` lists.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Table,
    and_,
    case,
    delete,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

from fieldkit.domain.week import IsoWeek
from fieldkit.store.models import Base
from fieldkit.sync.explain import reason_code
from fieldkit.sync.rows import Row, content_hash, encode_row

Hook = Callable[[str], None]
NAMESPACE = uuid.UUID("6f1c7d0e-5b8a-4c1e-9a55-2f0d8c1b7e42")
# Columns that are bookkeeping or legitimately differ between the two sides.
COMPARE_SKIP = frozenset(
    {"created_at", "updated_at", "device_id", "route_stop_id", "done_at", "transferred_at"}
)
# Columns of the laptop's own geocode of an address: a pull keeps them for the same address.
GEO_COLUMNS = ("lat", "lon", "geo_source", "geo_precision")
# What says where an address is: when central changes one of them, its geocode is stale.
ADDRESS_TEXT = ("strasse", "hausnummer", "plz", "ort")


def table(name: str) -> Table:
    """The Core table of a model."""
    return Base.metadata.tables[name]


@dataclass(frozen=True)
class PushSpec:
    """How one laptop table travels to the central store.

    ``mode``: ``offer`` master data the laptop created itself, inserted only where central has
    nothing (central wins); ``append`` field records, never overwritten (a differing version
    lands in the conflict list); ``newer`` laptop-owned state where the newer write wins;
    ``stop_status`` route stops, stored centrally as ``sync_stop_status``.
    """

    table: str
    mode: str
    field_record: bool


# The back office's master data: pulled to the laptop, only offered when pushed.
OFFERED = (
    "office",
    "office_document",
    "outreach_worker",
    "caseworker",
    "area",
    "area_member",
    "customer",
    "address",
    "flag",
    "invitation",
    "phone_call",
)
# Pulled only, never offered: the letters' appointment places (branch), the teams, the
# worker's shared areas (worker_area) and who verified which rule set. Without them a field
# laptop printed a branch's name without its address and no RFB letter at all (the rule
# set counted as unverified there), and planned nobody in an area it shares.
PULLED_ONLY = ("branch", "team", "worker_area", "rule_set_verification")
# Both, in the order a pull writes them (a row after the rows it points at).
PULL_TABLES = (
    "office",
    "office_document",
    "outreach_worker",
    "caseworker",
    "area",
    "branch",
    "team",
    "area_member",
    "worker_area",
    "rule_set_verification",
    "customer",
    "address",
    "flag",
    "invitation",
    "phone_call",
)
PUSH: tuple[PushSpec, ...] = (
    *(PushSpec(name, "offer", False) for name in OFFERED),
    PushSpec("visit", "append", True),
    PushSpec("case_note", "append", True),
    PushSpec("task", "append", True),
    PushSpec("prep_check", "newer", True),
    PushSpec("manual_placement", "newer", True),
    PushSpec("route_stop", "stop_status", True),
    # The audit log (issue 14): append-only like visits, so it arrives centrally; it is not
    # field work (a laptop with only audit rows pending has no unsynced work to protect).
    PushSpec("audit_log", "append", False),
)
FIELD_TABLES = tuple(s.table for s in PUSH if s.field_record)
PUSH_TABLES = tuple(s.table for s in PUSH)
# Laptop-owned state that is one row per thing, not per installation (issue 21).
NATURAL_KEYS = {"prep_check": "flag_id", "manual_placement": "key"}


def spec(name: str) -> PushSpec:
    """The push rule of table ``name``."""
    return next(s for s in PUSH if s.table == name)


# --------------------------------------------------------------------------- helpers


def _insert(conn: Connection, t: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(t)
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(t)
    raise ValueError(f"sync does not support the {conn.dialect.name} database")


def _savepoint(conn: Connection) -> AbstractContextManager[Any]:
    # PostgreSQL aborts the whole transaction on an error, so a batch that may fail runs in a
    # savepoint; SQLite rolls back only the failed statement (and pysqlite's savepoints are
    # unreliable), so it needs none.
    if conn.dialect.name == "postgresql":
        return conn.begin_nested()
    return nullcontext()


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _short(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return text[0] if text else type(exc).__name__


# What the central store's refusal of one record looks like: a broken constraint, or a row
# its row-level security does not accept from this login (issue 15). Anything else (a
# missing right on a whole table, a lost connection) stops the sync instead.
REFUSALS = (IntegrityError, ProgrammingError)


def is_refusal(exc: DBAPIError) -> bool:
    """Whether ``exc`` refuses one record (kept as a conflict) rather than the whole sync."""
    return isinstance(exc, IntegrityError) or "row-level security" in str(exc.orig)


def _refusal(exc: DBAPIError, row: Row) -> Row:
    # The cause as a code the user's language can explain; the database's text only for IT.
    return {"reason_code": reason_code(exc), "technical": _short(exc), "version": encode_row(row)}


def confirmed_clause(t: Table, name: str) -> ColumnElement[bool]:
    """True where the central store has confirmed this row as it is now."""
    r = table("sync_record")
    return (
        select(r.c.id)
        .where(
            r.c.record_table == name,
            r.c.record_id == t.c.id,
            # The very version that was confirmed (a version token, not a clock comparison:
            # an edit made after a wrong clock was corrected is older, yet unconfirmed).
            r.c.record_updated_at == t.c.updated_at,
        )
        .exists()
    )


def push_filter(name: str) -> ColumnElement[bool]:
    """Which rows of a table leave the laptop at all (drafts never do)."""
    t = table(name)
    visit = table("visit")
    final_visits = select(visit.c.id).where(visit.c.state == "final")
    if name == "visit":
        return t.c.state == "final"
    if name == "case_note":
        return and_(
            t.c.state == "final", or_(t.c.visit_id.is_(None), t.c.visit_id.in_(final_visits))
        )
    if name == "task":
        return or_(t.c.visit_id.is_(None), t.c.visit_id.in_(final_visits))
    if name == "route_stop":
        return t.c.status != "planned"
    return true()


def conflict_row(
    kind: str,
    table_name: str,
    record_id: uuid.UUID,
    origin: str,
    detail: dict[str, Any],
    now: datetime,
    version: str = "",
) -> Row:
    """A conflict with an id derived from what it is about, so recording it twice is a no-op."""
    cid = uuid.uuid5(NAMESPACE, f"{kind}|{table_name}|{record_id}|{version}")
    return {
        "id": cid,
        "kind": kind,
        "record_table": table_name,
        "record_id": record_id,
        "origin_device": origin,
        "detail": detail,
        "detected_at": now,
        "resolved_at": None,
        "created_at": now,
        "updated_at": now,
        "device_id": origin,
    }


def resolve_rejections(conn: Connection, now: datetime, *, central: bool) -> None:
    """Mark ``rejected_by_central`` conflicts resolved once the record got through.

    Centrally that is when the record is there; on the laptop, when the central store has
    confirmed it. One statement per table, however many batches the sync had.
    """
    c, r = table("sync_conflict"), table("sync_record")
    for s in PUSH:
        if not s.field_record:
            continue
        if central:
            there = table("sync_stop_status" if s.mode == "stop_status" else s.table)
            through = select(there.c.id)
        else:
            through = select(r.c.record_id).where(r.c.record_table == s.table)
        conn.execute(
            c.update()
            .where(
                c.c.kind == "rejected_by_central",
                c.c.record_table == s.table,
                c.c.resolved_at.is_(None),
                c.c.record_id.in_(through),
            )
            .values(resolved_at=now, updated_at=now)
        )


def record_conflicts(conn: Connection, conflicts: Sequence[Row]) -> None:
    """Store conflicts; one already known (same id) is left as it is."""
    if not conflicts:
        return
    t = table("sync_conflict")
    conn.execute(_insert(conn, t).on_conflict_do_nothing(index_elements=[t.c.id]), list(conflicts))


def confirm(
    conn: Connection, name: str, pairs: Sequence[tuple[uuid.UUID, datetime]], now: datetime
) -> None:
    """Remember that the central store has these rows as of the given ``updated_at``."""
    if not pairs:
        return
    r = table("sync_record")
    device = ""
    rows = [
        {
            "id": uuid.uuid5(NAMESPACE, f"record|{name}|{rid}"),
            "record_table": name,
            "record_id": rid,
            "record_updated_at": updated,
            "confirmed_at": now,
            "created_at": now,
            "updated_at": now,
            "device_id": device,
        }
        for rid, updated in pairs
    ]
    ins = _insert(conn, r)
    stmt = ins.on_conflict_do_update(
        index_elements=[r.c.id],
        set_={
            "record_updated_at": ins.excluded.record_updated_at,
            "confirmed_at": ins.excluded.confirmed_at,
            "updated_at": ins.excluded.updated_at,
        },
    )
    for chunk in _chunks(rows, 1000):
        conn.execute(stmt, list(chunk))


# --------------------------------------------------------------------------- push


def count_pending(conn: Connection, name: str) -> int:
    """Rows of ``name`` the central store does not have yet (as they are now)."""
    t = table(name)
    return int(
        conn.scalar(
            select(func.count()).select_from(t).where(push_filter(name), ~confirmed_clause(t, name))
        )
        or 0
    )


def count_pending_each(conn: Connection, names: Sequence[str]) -> dict[str, int]:
    """:func:`count_pending` of each of ``names``, in one query (a sync start and the status
    bar ask for all tables at once; one statement each cost ~2 ms apiece)."""
    parts = [
        select(literal_column(str(i), Integer).label("i"), func.count().label("n"))
        .select_from(table(name))
        .where(push_filter(name), ~confirmed_clause(table(name), name))
        for i, name in enumerate(names)
    ]
    if not parts:
        return {}
    counts = {int(row.i): int(row.n) for row in conn.execute(union_all(*parts))}
    return {name: counts.get(i, 0) for i, name in enumerate(names)}


def unsynced_field_records(conn: Connection) -> int:
    """Field records (visits, notes, tasks, checks, placements, stop states) not yet confirmed."""
    return sum(count_pending_each(conn, FIELD_TABLES).values())


def ready_clause(name: str) -> ColumnElement[bool]:
    """Rows whose visit the central store already has (or that belong to no visit).

    A visit finished while a sync runs may miss that sync's visit pass; its note and tasks
    then wait for the next sync instead of reaching central before their visit (which broke
    the foreign key and left false ``rejected_by_central`` conflicts).
    """
    t = table(name)
    if name not in ("case_note", "task"):
        return true()
    r = table("sync_record")
    known = (
        select(r.c.id).where(r.c.record_table == "visit", r.c.record_id == t.c.visit_id).exists()
    )
    return or_(t.c.visit_id.is_(None), known)


def pending_rows(
    conn: Connection,
    name: str,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    *,
    ready_only: bool = False,
) -> list[Row]:
    """The next batch of unconfirmed rows, oldest first (so a correction follows its original).

    ``ready_only``: only rows whose visit is already central (a network push goes visit by
    visit; a push file carries everything and is applied in table order in one transaction).
    """
    t = table(name)
    query = select(t).where(push_filter(name), ~confirmed_clause(t, name))
    if ready_only:
        query = query.where(ready_clause(name))
    if after is not None:
        query = query.where(tuple_(t.c.created_at, t.c.id) > tuple_(*after))
    query = query.order_by(t.c.created_at, t.c.id).limit(limit)
    return [dict(r._mapping) for r in conn.execute(query)]


@dataclass
class BatchResult:
    """What one batch did on the central side (a pull: on the laptop's)."""

    applied: list[tuple[uuid.UUID, datetime]] = field(default_factory=list)
    rejected: int = 0
    conflicts: list[Row] = field(default_factory=list)
    #: A pull: the rows the laptop did not have in this version (new or changed centrally).
    changed: int = 0


def _central_rows(s: PushSpec, rows: Sequence[Row]) -> tuple[Table, list[Row]]:
    if s.mode == "stop_status":
        return table("sync_stop_status"), [
            {
                "id": r["id"],
                "flag_id": r["flag_id"],
                "status": r["status"],
                "status_at": r["status_at"],
                "created_at": r["created_at"],
                "updated_at": r["updated_at"],
                "device_id": r["device_id"],
            }
            for r in rows
        ]
    t = table(s.table)
    if s.table == "visit":
        # Routes are the laptop's own plan; the stop's status travels as sync_stop_status.
        return t, [{**r, "route_stop_id": None} for r in rows]
    return t, [dict(r) for r in rows]


def _write(conn: Connection, s: PushSpec, t: Table, rows: list[Row]) -> None:
    bulk = conn.dialect.name == "postgresql" and len(rows) > 1
    ins = _bulk_insert(t) if bulk else _insert(conn, t)
    if s.mode == "offer":
        stmt = ins.on_conflict_do_nothing()
    elif s.mode == "append":
        stmt = ins.on_conflict_do_nothing(index_elements=[t.c.id])
    else:
        # One row per natural key (a flag's check, an address's placement), whichever
        # installation made it; a device's own later state replaces its earlier one, between
        # devices the newer write wins.
        key = NATURAL_KEYS.get(t.name, "id")
        stmt = ins.on_conflict_do_update(
            index_elements=[t.c[key]],
            set_={c.name: ins.excluded[c.name] for c in t.columns if c.name != "id"},
            where=or_(
                t.c.device_id == ins.excluded.device_id,
                t.c.updated_at < ins.excluded.updated_at,
            ),
        )
    if bulk:
        data = json.dumps([encode_row(r) for r in rows], ensure_ascii=False, default=str)
        conn.execute(stmt, {"rows": data})
    else:
        conn.execute(stmt, rows)


def _bulk_insert(t: Table) -> Any:
    """``INSERT … SELECT`` from one JSON parameter holding the whole batch (PostgreSQL).

    One statement per batch instead of one per row: the central policies' subqueries and
    the change log's statement triggers run once per batch (issue 15), and the statement is
    compiled once, whatever the batch's size.
    """
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    names = [c.name for c in t.columns]
    source: Any = select(*(literal_column(f'r."{n}"') for n in names)).select_from(
        text(f"jsonb_populate_recordset(NULL::{t.name}, CAST(:rows AS jsonb)) AS r")
    )
    return pg_insert(t).from_select(names, source)


def _write_or_refuse(
    conn: Connection, s: PushSpec, t: Table, todo: list[Row], result: BatchResult, now: datetime
) -> None:
    """The batch in one write; if the central store refuses it, row by row, each refused
    row becoming a ``rejected_by_central`` conflict (the rest still goes in)."""
    try:
        with _savepoint(conn):
            _write(conn, s, t, todo)
        result.applied.extend((r["id"], r["updated_at"]) for r in todo)
        return
    except REFUSALS as first:
        if not is_refusal(first):
            raise
    for row in todo:
        try:
            with _savepoint(conn):
                _write(conn, s, t, [row])
            result.applied.append((row["id"], row["updated_at"]))
        except REFUSALS as exc:
            if not is_refusal(exc):
                raise
            result.rejected += 1
            result.conflicts.append(
                conflict_row(
                    "rejected_by_central",
                    s.table,
                    row["id"],
                    row["device_id"],
                    _refusal(exc, row),
                    now,
                    version=content_hash(row, COMPARE_SKIP),
                )
            )


def apply_push_batch(
    conn: Connection, s: PushSpec, rows: Sequence[Row], now: datetime
) -> BatchResult:
    """Write one batch of laptop rows into the central store (inside the caller's transaction)."""
    result = BatchResult()
    t, central = _central_rows(s, rows)
    todo = central
    if s.mode == "append":
        ids = [r["id"] for r in central]
        existing = {r.id: dict(r._mapping) for r in conn.execute(select(t).where(t.c.id.in_(ids)))}
        todo = []
        for row in central:
            have = existing.get(row["id"])
            if have is None:
                todo.append(row)
                continue
            result.applied.append((row["id"], row["updated_at"]))
            mine = content_hash(row, COMPARE_SKIP)
            if content_hash(have, COMPARE_SKIP) != mine:
                # Append-only: the central version stays; the laptop's is kept in the conflict.
                result.conflicts.append(
                    conflict_row(
                        "changed_after_sync",
                        s.table,
                        row["id"],
                        row["device_id"],
                        {"version": encode_row(row)},
                        now,
                        version=mine,
                    )
                )
    if todo:
        _write_or_refuse(conn, s, t, todo, result, now)
    if s.mode == "stop_status":
        # Confirmations name the laptop's route_stop rows, with their own updated_at.
        by_id = {r["id"]: r["updated_at"] for r in rows}
        result.applied = [(rid, by_id[rid]) for rid, _ in result.applied]
    return result


# --------------------------------------------------------------------------- conflicts


def detect_withdrawn(conn: Connection, now: datetime) -> list[Row]:
    """Final visits of flags the back office withdrew: recorded as conflicts (visit kept)."""
    v, f, c = table("visit"), table("flag"), table("customer")
    query = (
        select(
            v.c.id,
            v.c.device_id,
            v.c.visited_at,
            f.c.id.label("flag_id"),
            f.c.withdrawn_at,
            f.c.visit_week,
            c.c.kundennummer,
        )
        .join(f, f.c.id == v.c.flag_id)
        .join(c, c.c.id == v.c.customer_id)
        .where(v.c.state == "final", f.c.withdrawn_at.is_not(None))
    )
    conflicts = [
        conflict_row(
            "flag_withdrawn_after_visit",
            "visit",
            r.id,
            r.device_id,
            encode_row(
                {
                    "flag_id": r.flag_id,
                    "kundennummer": r.kundennummer,
                    "visit_week": r.visit_week,
                    "visited_at": r.visited_at,
                    "withdrawn_at": r.withdrawn_at,
                }
            ),
            now,
        )
        for r in conn.execute(query)
    ]
    record_conflicts(conn, conflicts)
    return conflicts


def detect_forks(conn: Connection, now: datetime) -> list[Row]:
    """Two final corrections of the same visit or note (e.g. from two devices): both are kept,
    and the clash goes into the conflict list."""
    conflicts: list[Row] = []
    for name in ("visit", "case_note"):
        t = table(name)
        query = (
            select(t.c.supersedes_id, func.count().label("n"))
            .where(t.c.state == "final", t.c.supersedes_id.is_not(None))
            .group_by(t.c.supersedes_id)
            .having(func.count() > 1)
        )
        for original, n in conn.execute(query).all():
            versions = [
                {"id": str(r.id), "device": r.device_id}
                for r in conn.execute(
                    select(t.c.id, t.c.device_id)
                    .where(t.c.supersedes_id == original, t.c.state == "final")
                    .order_by(t.c.created_at, t.c.id)
                )
            ]
            conflicts.append(
                conflict_row(
                    "competing_corrections",
                    name,
                    original,
                    versions[-1]["device"],
                    {"count": n, "versions": versions},
                    now,
                    version=",".join(v["id"] for v in versions),
                )
            )
    record_conflicts(conn, conflicts)
    return conflicts


# --------------------------------------------------------------------------- pull


def pull_weeks(today: date) -> list[str]:
    """The weeks a laptop needs: the current one and the next."""
    week = IsoWeek.of(today)
    return [str(week), str(week.next())]


def find_worker(conn: Connection, worker: str) -> Row | None:
    """The outreach worker named ``worker`` (or with that id) in the central store."""
    w = table("outreach_worker")
    row = conn.execute(select(w).where(w.c.name == worker)).first()
    if row is None:
        try:
            wid = uuid.UUID(worker)
        except ValueError:
            return None
        row = conn.execute(select(w).where(w.c.id == wid)).first()
    return dict(row._mapping) if row is not None else None


def _all_rows(conn: Connection, name: str) -> list[Row]:
    return [dict(r._mapping) for r in conn.execute(select(table(name)))]


def _rows_by_ids(conn: Connection, t: Table, column: Any, ids: Iterable[Any]) -> list[Row]:
    out: list[Row] = []
    for chunk in _chunks(sorted(set(ids), key=str), 1000):
        out.extend(dict(r._mapping) for r in conn.execute(select(t).where(column.in_(chunk))))
    return out


def _flags_in_areas(
    conn: Connection, weeks: Sequence[str], ids_of: Callable[[Any], tuple[str, ...]], mine: set[str]
) -> tuple[list[Row], list[Row]]:
    """The flags of ``weeks`` whose address lies in one of the areas ``mine`` (by id), and
    those addresses."""
    from fieldkit.geo.normalize import Address as GeoAddress

    flag_t, addr_t = table("flag"), table("address")
    flags: list[Row] = []
    addresses: list[Row] = []
    query = (
        select(flag_t, addr_t.c.id.label("_addr"))
        .join(addr_t, addr_t.c.customer_id == flag_t.c.customer_id)
        .where(flag_t.c.visit_week.in_(list(weeks)))
    )
    addr_of: dict[uuid.UUID, uuid.UUID] = {}
    for r in conn.execute(query):
        addr_of[r.customer_id] = r._addr
        flags.append({k: v for k, v in r._mapping.items() if k != "_addr"})
    address_rows = {a["id"]: a for a in _rows_by_ids(conn, addr_t, addr_t.c.id, addr_of.values())}
    chosen: list[Row] = []
    for flag in flags:
        a = address_rows[addr_of[flag["customer_id"]]]
        geo = GeoAddress(a["strasse"], a["hausnummer"], a["plz"], a["ort"])
        # A town in two areas (on different weekdays): either area's worker takes it along.
        if mine.intersection(ids_of(geo)):
            chosen.append(flag)
            addresses.append(a)
    return chosen, addresses


def select_pull(conn: Connection, worker: Row, weeks: Sequence[str]) -> dict[str, list[Row]]:
    """What a worker's laptop needs: their areas, and the flagged customers in them."""
    from fieldkit.geo.areas import AreaDivision
    from fieldkit.geo.gazetteer import Gazetteer
    from fieldkit.store.areas import area_records

    areas, members = _all_rows(conn, "area"), _all_rows(conn, "area_member")
    # The one rule of "which area owns this customer", on the central store's areas.
    division = AreaDivision.of_records(area_records(conn), Gazetteer.shipped())
    mine = _worker_area_ids(conn, worker, areas)
    chosen, addresses = _flags_in_areas(conn, weeks, division.ids_of, mine)
    customer_ids = {f["customer_id"] for f in chosen}
    flag_ids = {f["id"] for f in chosen}
    cust_t = table("customer")
    customers = _rows_by_ids(conn, cust_t, cust_t.c.id, customer_ids)
    cw_t = table("caseworker")
    caseworkers = _rows_by_ids(
        conn, cw_t, cw_t.c.id, {c["caseworker_id"] for c in customers if c["caseworker_id"]}
    )
    office_ids = [worker["office_id"]] if worker["office_id"] else []
    office_t, doc_t = table("office"), table("office_document")
    offices = _rows_by_ids(conn, office_t, office_t.c.id, office_ids)
    documents = _rows_by_ids(conn, doc_t, doc_t.c.office_id, office_ids)
    # An area shared with another worker names that worker as its first (area.worker_id),
    # whose row this laptop never gets (the field reads only its own): the laptop refused the
    # area and its municipalities as unknown references. There it names nobody, and this
    # worker's share comes as its worker_area link.
    my_areas = [
        {**a, "worker_id": a["worker_id"] if a["worker_id"] == worker["id"] else None}
        for a in areas
        if str(a["id"]) in mine
    ]
    inv_t, call_t = table("invitation"), table("phone_call")
    unique_addresses = list({a["id"]: a for a in addresses}.values())
    team_t, link_t = table("team"), table("worker_area")
    teams = {c["team"] for c in caseworkers} | {c["team"] for c in customers}
    return {
        "office": offices,
        "office_document": documents,
        "outreach_worker": [worker],
        "caseworker": caseworkers,
        "branch": _all_rows(conn, "branch"),
        "team": _rows_by_ids(conn, team_t, team_t.c.number, teams - {"", None}),
        "area": my_areas,
        "area_member": [m for m in members if str(m["area_id"]) in mine],
        "worker_area": _rows_by_ids(conn, link_t, link_t.c.worker_id, [worker["id"]]),
        "rule_set_verification": _all_rows(conn, "rule_set_verification"),
        "customer": customers,
        "address": unique_addresses,
        "flag": chosen,
        "invitation": _rows_by_ids(conn, inv_t, inv_t.c.flag_id, flag_ids),
        "phone_call": _rows_by_ids(conn, call_t, call_t.c.flag_id, flag_ids),
    }


def _worker_area_ids(conn: Connection, worker: Row, areas: list[Row]) -> set[str]:
    """The worker's areas: their own (area.worker_id) and those the office setup lets them
    share (worker_area, issue 13)."""
    link_t = table("worker_area")
    linked = set(conn.scalars(select(link_t.c.area_id).where(link_t.c.worker_id == worker["id"])))
    return {str(a["id"]) for a in areas if a["worker_id"] == worker["id"] or a["id"] in linked}


def _write_pulled(conn: Connection, t: Table, rows: list[Row]) -> None:
    ins = _insert(conn, t)
    set_: dict[str, Any] = {c.name: ins.excluded[c.name] for c in t.columns if c.name != "id"}
    if t.name == "address":
        # The laptop's own geocode stays while the address is the same; central's is taken
        # where the laptop has none or where central corrected the address (its geocode, or
        # none, so the laptop places the new house itself instead of routing to the old one).
        same_place = and_(*(t.c[c] == ins.excluded[c] for c in ADDRESS_TEXT), t.c.lat.is_not(None))
        for col in GEO_COLUMNS:
            set_[col] = case((same_place, t.c[col]), else_=ins.excluded[col])
    conn.execute(ins.on_conflict_do_update(index_elements=[t.c.id], set_=set_), rows)


def apply_pull_batch(
    conn: Connection, name: str, rows: Sequence[Row], now: datetime
) -> BatchResult:
    """Upsert central rows into the laptop (central wins) and mark them as known centrally."""
    t = table(name)
    result = BatchResult()
    todo = [dict(r) for r in rows]
    had = _same_version(conn, t, todo)
    try:
        with _savepoint(conn):
            _write_pulled(conn, t, todo)
        applied = todo
    except IntegrityError:
        applied = []
        for row in todo:
            try:
                with _savepoint(conn):
                    _write_pulled(conn, t, [row])
                applied.append(row)
            except IntegrityError as exc:
                result.rejected += 1
                result.conflicts.append(
                    conflict_row(
                        "rejected_by_laptop",
                        name,
                        row["id"],
                        row["device_id"],
                        _refusal(exc, row),
                        now,
                        version=content_hash(row, COMPARE_SKIP),
                    )
                )
    result.applied = [(r["id"], r["updated_at"]) for r in applied]
    result.changed = sum(1 for r in applied if r["id"] not in had)
    confirm(conn, name, result.applied, now)
    record_conflicts(conn, result.conflicts)
    return result


def _same_version(conn: Connection, t: Table, rows: Sequence[Row]) -> set[Any]:
    """The ids of ``rows`` the laptop already has in the very same version (``updated_at``,
    compared by the database through the column's own type, as :func:`confirmed_clause`
    does): a pull re-sends the whole window each time, and "30 down" after a sync in which
    nothing changed read as thirty changes."""
    pairs = [(r["id"], r["updated_at"]) for r in rows if r.get("updated_at") is not None]
    have: set[Any] = set()
    for chunk in _chunks(pairs, 500):
        query = select(t.c.id).where(tuple_(t.c.id, t.c.updated_at).in_(list(chunk)))
        have.update(conn.scalars(query))
    return have


# --------------------------------------------------------------------------- minimisation


def minimise(conn: Connection, today: date, keep_days: int) -> int:
    """Remove customers whose weeks ended ``keep_days`` ago and whose records are all confirmed.

    A customer stays while any flag of theirs is in a week that ended less than ``keep_days``
    days ago (or lies ahead), while any field record of theirs is unconfirmed (drafts included)
    or younger than ``keep_days``. Returns the number of customers removed.

    ``keep_days`` below 1 counts as 1 (wherever it came from): a negative value would move the
    cutoff into the future and remove this week's customers (issue 14, item 5).
    """
    cutoff_day = today - timedelta(days=max(1, keep_days))
    cutoff = datetime(cutoff_day.year, cutoff_day.month, cutoff_day.day, tzinfo=_utc())
    # Weeks whose Sunday is on or after the cutoff day are still needed.
    oldest_kept = IsoWeek.of(cutoff_day)
    flag = table("flag")
    keep: set[uuid.UUID] = set(
        conn.scalars(select(flag.c.customer_id).where(flag.c.visit_week >= str(oldest_kept)))
    )
    keep |= customers_with_unsynced_work(conn, cutoff)
    doomed = [cid for cid in conn.scalars(select(table("customer").c.id)) if cid not in keep]
    remove_customers(conn, doomed)
    return len(doomed)


def customers_with_unsynced_work(conn: Connection, cutoff: datetime | None) -> set[uuid.UUID]:
    """Customers with a field record the central store has not confirmed (drafts included),
    or, when ``cutoff`` is given, one written since then."""
    flag = table("flag")
    keep: set[uuid.UUID] = set()

    def since(t: Table) -> list[ColumnElement[bool]]:
        return [] if cutoff is None else [t.c.created_at >= cutoff, t.c.updated_at >= cutoff]

    for name in ("visit", "case_note", "task"):
        t = table(name)
        keep |= set(
            conn.scalars(select(t.c.customer_id).where(or_(~confirmed_clause(t, name), *since(t))))
        )
    for name in ("prep_check", "route_stop"):
        t = table(name)
        unconfirmed = ~confirmed_clause(t, name)
        if name == "route_stop":
            unconfirmed = and_(t.c.status != "planned", unconfirmed)
        recent = [] if cutoff is None else [t.c.updated_at >= cutoff]
        keep |= set(
            conn.scalars(
                select(flag.c.customer_id)
                .join(t, t.c.flag_id == flag.c.id)
                .where(or_(unconfirmed, *recent))
            )
        )
    return keep


def remove_customers(conn: Connection, doomed: list[uuid.UUID]) -> None:
    """Delete these customers with everything of theirs, and their sync confirmations."""
    cust, flag, r = table("customer"), table("flag"), table("sync_record")
    for chunk in _chunks(doomed, 500):
        ids = list(chunk)
        flag_ids = list(conn.scalars(select(flag.c.id).where(flag.c.customer_id.in_(ids))))
        removed: list[uuid.UUID] = []
        for name in ("task", "case_note", "visit"):
            t = table(name)
            removed += list(conn.scalars(select(t.c.id).where(t.c.customer_id.in_(ids))))
        for name in ("task", "case_note"):
            conn.execute(delete(table(name)).where(table(name).c.customer_id.in_(ids)))
        v = table("visit")
        # Corrections point at their originals: unlink first, then delete all versions.
        conn.execute(v.update().where(v.c.customer_id.in_(ids)).values(supersedes_id=None))
        conn.execute(delete(v).where(v.c.customer_id.in_(ids)))
        for name in ("prep_check", "route_stop", "invitation", "phone_call"):
            t = table(name)
            removed += list(conn.scalars(select(t.c.id).where(t.c.flag_id.in_(flag_ids))))
            conn.execute(delete(t).where(t.c.flag_id.in_(flag_ids)))
        a = table("address")
        removed += list(conn.scalars(select(a.c.id).where(a.c.customer_id.in_(ids))))
        conn.execute(delete(a).where(a.c.customer_id.in_(ids)))
        conn.execute(delete(flag).where(flag.c.id.in_(flag_ids)))
        conn.execute(delete(cust).where(cust.c.id.in_(ids)))
        removed += flag_ids + ids
        for part in _chunks(removed, 900):
            conn.execute(delete(r).where(r.c.record_id.in_(list(part))))


def _utc() -> Any:
    from datetime import UTC

    return UTC
