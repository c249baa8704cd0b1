"""Who a sync belongs to: the laptop's enrolment and the central store's pull tickets.

A laptop remembers in ``app_meta`` the worker and office it syncs for and the number of the
last pull it applied. The central store numbers every pull it hands out (``sync_ticket``).
A pull file made for another worker, office or device, or older than what the laptop already
applied (replayed), is refused before anything is written; a push file names its office, and
another office's central store refuses it (issue 21).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, text

from fieldkit.sync.errors import SyncError

if TYPE_CHECKING:
    from fieldkit.sync.transfer import SyncFile

WORKER, OFFICE, SEQ = "sync_worker_id", "sync_office_id", "sync_pull_seq"


@dataclass(frozen=True)
class Enrolment:
    """The worker and office a laptop syncs for ("" before its first pull), its last pull."""

    worker_id: str = ""
    office_id: str = ""
    seq: int = 0


def _table(name: str) -> Any:
    from fieldkit.sync.engine import table

    return table(name)


def read_enrolment(conn: Connection) -> Enrolment:
    """This laptop's enrolment, from ``app_meta``."""
    meta = _table("app_meta")
    query = select(meta.c.key, meta.c.value).where(meta.c.key.in_([WORKER, OFFICE, SEQ]))
    rows: dict[str, str] = {r.key: r.value for r in conn.execute(query)}
    try:
        seq = int(rows.get(SEQ) or 0)
    except ValueError:
        seq = 0
    return Enrolment(rows.get(WORKER, ""), rows.get(OFFICE, ""), seq)


def write_enrolment(conn: Connection, enrolment: Enrolment, now: datetime) -> None:
    """Remember worker, office and last pull number (inside the caller's transaction)."""
    from fieldkit.sync.engine import _insert

    meta = _table("app_meta")
    values = {WORKER: enrolment.worker_id, OFFICE: enrolment.office_id, SEQ: str(enrolment.seq)}
    ins = _insert(conn, meta)
    stmt = ins.on_conflict_do_update(
        index_elements=[meta.c.key], set_={"value": ins.excluded.value, "updated_at": now}
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "key": key,
            "value": value,
            "created_at": now,
            "updated_at": now,
            "device_id": "",
        }
        for key, value in values.items()
    ]
    conn.execute(stmt, rows)


def check_worker(enrolment: Enrolment, worker: dict[str, Any], worker_name: str) -> None:
    """Refuse a pull for another worker or office than the one this laptop belongs to."""
    if enrolment.worker_id and enrolment.worker_id != str(worker["id"]):
        raise SyncError(
            "foreign",
            f"This laptop belongs to another outreach worker than '{worker_name}'; "
            "nothing was synced. Hand a laptop over only with a fresh database.",
        )
    office = str(worker["office_id"] or "")
    if enrolment.office_id and office != enrolment.office_id:
        raise SyncError(
            "foreign",
            "The central database belongs to another office than this laptop; nothing was synced.",
        )


def issue_ticket(
    conn: Connection, worker: dict[str, Any], device: str, mode: str, now: datetime
) -> int:
    """The next pull number of the central store (inside the caller's transaction)."""
    from fieldkit.sync.engine import _insert

    t = _table("sync_ticket")
    if conn.dialect.name == "postgresql":
        # Two exports at once must not draw the same number.
        conn.execute(text("LOCK TABLE sync_ticket IN SHARE ROW EXCLUSIVE MODE"))
    seq = int(conn.scalar(select(func.coalesce(func.max(t.c.seq), 0))) or 0) + 1
    row = {
        "id": uuid.uuid4(),
        "seq": seq,
        "worker_id": worker["id"],
        "office_id": worker["office_id"],
        "target_device": device[:64],
        "mode": mode,
        "issued_at": now,
        "created_at": now,
        "updated_at": now,
        "device_id": "",
    }
    conn.execute(_insert(conn, t).values(**row))
    return seq


def check_pull_file(enrolment: Enrolment, content: SyncFile, device: str, worker: str) -> None:
    """Refuse a pull file for another device, worker or office, or an old (replayed) one."""
    name = content.name
    if content.device != device:
        raise SyncError(
            "foreign",
            f"The file {name} was written for another laptop ({content.device or 'none named'}"
            f"), not for this one ({device}); nothing was imported.",
        )
    mine = (enrolment.worker_id, enrolment.office_id)
    theirs = (content.worker_id, content.office_id)
    if (mine[0] and mine != theirs) or (worker and content.worker != worker):
        raise SyncError(
            "foreign",
            f"The file {name} was written for another outreach worker or office "
            f"({content.worker or 'none named'}); nothing was imported.",
        )
    if content.seq <= enrolment.seq:
        raise SyncError(
            "replayed",
            f"The file {name} is older than what this laptop already received (pull number "
            f"{content.seq}, this laptop has {enrolment.seq}); nothing was imported. Ask the "
            "office for a new pull file.",
        )


def check_push_office(conn: Connection, content: SyncFile) -> None:
    """Refuse a push file whose laptop belongs to an office this central store does not have."""
    office = _table("office")
    known = False
    if content.office_id:
        try:
            oid = uuid.UUID(content.office_id)
        except ValueError:
            oid = None
        known = oid is not None and bool(conn.scalar(select(office.c.id).where(office.c.id == oid)))
    if not known:
        raise SyncError(
            "foreign",
            f"The file {content.name} comes from a laptop of another office (or one that never "
            "synced with this central database); nothing was imported.",
        )


# Master data a laptop set up on its own would have created itself, and its English names.
OWN_TABLES = {
    "office": "offices",
    "outreach_worker": "outreach workers",
    "caseworker": "caseworkers",
    "area": "areas",
    "customer": "customers",
    "flag": "flags",
}


def own_master_data(laptop: Connection, central: Connection) -> dict[str, int]:
    """How many master-data rows of each kind the laptop has that central does not know."""
    own: dict[str, int] = {}
    for name in OWN_TABLES:
        t = _table(name)
        ids = list(laptop.scalars(select(t.c.id)))
        known = 0
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            known += int(
                central.scalar(select(func.count()).select_from(t).where(t.c.id.in_(chunk))) or 0
            )
        if len(ids) > known:
            own[name] = len(ids) - known
    return own


def check_join(enrolment: Enrolment, own: dict[str, int]) -> None:
    """A laptop joins a central database only without master data of its own (issue 21).

    Its own import, areas and workers would clash with the office's (same customer numbers
    and area names under other ids): every record became a conflict and its visits never
    reached the back office. So the first sync refuses, with what to do, and changes nothing.
    """
    if enrolment.worker_id or not own:
        return
    listed = ", ".join(f"{n} {OWN_TABLES[k]}" for k, n in own.items())
    raise SyncError(
        "join",
        f"This laptop was set up on its own ({listed} that the central database does not "
        "know), so it cannot join the central database; nothing was synced and its data stays "
        "here. Join with a fresh database (the office imports the flag list centrally).",
    )
