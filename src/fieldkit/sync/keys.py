"""Where the keys of sealed sync files live, and how a laptop is enrolled (issue 15).

* The office's key pair: ``sync_office_key`` on the central database, made at the office's
  first sync or pull file; its private halves never leave it.
* A laptop's key pair: made at enrolment, private halves in the laptop's ``app_meta``.
* Enrolment (a network connection to the central database, over verified TLS): the laptop's
  public keys go into ``sync_device`` (with its worker and office), the office's public keys
  into the laptop's ``app_meta``. ``sync_device.disabled`` revokes a laptop.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from fieldkit.sync.errors import SyncError
from fieldkit.sync.sealing import KeyPair, Opener, Sealer, key_id
from fieldkit.sync.transfer import KeyFinder

SIGN, BOX = "sync_key_sign", "sync_key_box"
OFFICE_SIGN, OFFICE_BOX = "sync_office_sign_public", "sync_office_box_public"
OFFICE = "office"


def _table(name: str) -> Any:
    from fieldkit.sync.engine import table

    return table(name)


def _meta(conn: Connection, *keys: str) -> dict[str, str]:
    meta = _table("app_meta")
    rows = conn.execute(select(meta.c.key, meta.c.value).where(meta.c.key.in_(keys)))
    return {r.key: r.value for r in rows if r.value}


def _put_meta(conn: Connection, values: dict[str, str], now: datetime) -> None:
    from fieldkit.sync.engine import _insert

    meta = _table("app_meta")
    ins = _insert(conn, meta)
    stmt = ins.on_conflict_do_update(
        index_elements=[meta.c.key], set_={"value": ins.excluded.value, "updated_at": now}
    )
    rows = [
        {"id": uuid.uuid4(), "key": k, "value": v, "created_at": now, "updated_at": now}
        for k, v in values.items()
    ]
    conn.execute(stmt, [{**r, "device_id": ""} for r in rows])


# --------------------------------------------------------------------------- laptop


def laptop_keys(conn: Connection) -> KeyPair | None:
    """This laptop's key pair, or None before its enrolment."""
    got = _meta(conn, SIGN, BOX)
    if SIGN not in got or BOX not in got:
        return None
    return KeyPair.from_hex(got[SIGN], got[BOX])


def ensure_laptop_keys(conn: Connection, now: datetime) -> KeyPair:
    """This laptop's key pair, made now if it has none (inside the caller's transaction)."""
    pair = laptop_keys(conn)
    if pair is None:
        from fieldkit.sync.sealing import private_hex

        pair = KeyPair.generate()
        _put_meta(conn, {SIGN: private_hex(pair.sign), BOX: private_hex(pair.box)}, now)
    return pair


def remember_office(conn: Connection, sign_public: str, box_public: str, now: datetime) -> None:
    """Store the office's public keys learnt at enrolment (laptop)."""
    _put_meta(conn, {OFFICE_SIGN: sign_public, OFFICE_BOX: box_public}, now)


def _not_enrolled() -> SyncError:
    return SyncError(
        "not_enrolled",
        "This laptop is not enrolled for sync files yet; connect it once to the central "
        "database (a network sync or 'fieldkit enroll' by the administration), nothing was "
        "transferred.",
    )


def laptop_sealer(conn: Connection) -> Sealer:
    """Signing key of this laptop and the office's encryption key, for a push file."""
    pair, office = laptop_keys(conn), _meta(conn, OFFICE_BOX)
    if pair is None or OFFICE_BOX not in office:
        raise _not_enrolled()
    return Sealer(pair.sign, office[OFFICE_BOX])


def laptop_opener(conn: Connection) -> KeyFinder:
    """Opens pull files: only for this laptop's key, only signed by its office's key."""
    pair, office = laptop_keys(conn), _meta(conn, OFFICE_SIGN)
    if pair is None or OFFICE_SIGN not in office:
        raise _not_enrolled()

    def find(manifest: dict[str, Any], name: str) -> Opener:
        if manifest.get("recipient") != key_id(pair.box_public):
            raise SyncError(
                "foreign",
                f"The file {name} was written for another laptop (encrypted to another key), "
                "not for this one; nothing was imported.",
            )
        if manifest.get("signer") != key_id(office[OFFICE_SIGN]):
            raise SyncError(
                "foreign",
                f"The file {name} is not signed by this laptop's office (unknown signer); "
                "nothing was imported.",
            )
        return Opener(office[OFFICE_SIGN], pair.box, OFFICE)

    return find


# --------------------------------------------------------------------------- central


def office_key(conn: Connection, office_id: Any, now: datetime) -> KeyPair:
    """The office's key pair on the central database, made at its first use."""
    from fieldkit.sync.engine import _insert
    from fieldkit.sync.sealing import private_hex

    if not office_id:
        raise SyncError(
            "office", "The outreach worker belongs to no office, so no file can be sealed."
        )
    t = _table("sync_office_key")
    oid = office_id if isinstance(office_id, uuid.UUID) else uuid.UUID(str(office_id))
    new = KeyPair.generate()
    row = {
        "id": uuid.uuid4(),
        "office_id": oid,
        "sign_public": new.sign_public,
        "sign_private": private_hex(new.sign),
        "box_public": new.box_public,
        "box_private": private_hex(new.box),
        "created_at": now,
        "updated_at": now,
        "device_id": "",
    }
    # Two first uses at once: one insert wins, both read the same row.
    conn.execute(_insert(conn, t).values(**row).on_conflict_do_nothing())
    got = conn.execute(select(t).where(t.c.office_id == oid)).one()
    return KeyPair.from_hex(got.sign_private, got.box_private)


def office_public(conn: Connection, office_id: Any, now: datetime) -> tuple[str, str] | None:
    """The office's public keys (signing, encryption) for a laptop's enrolment.

    Connected as the owner or the office, the key pair is made at its first use; a field
    account (issue 15) may read only the public halves, of a pair ``central init`` made, and
    gets None when its office has none yet (no sync files until the office makes one).
    """
    from fieldkit.sync.central_policies import may_read_column

    if may_read_column(conn, "sync_office_key", "sign_private"):
        pair = office_key(conn, office_id, now)
        return pair.sign_public, pair.box_public
    t = _table("sync_office_key")
    oid = office_id if isinstance(office_id, uuid.UUID) else uuid.UUID(str(office_id))
    row = conn.execute(select(t.c.sign_public, t.c.box_public).where(t.c.office_id == oid)).first()
    return (row.sign_public, row.box_public) if row is not None else None


def _device(conn: Connection, device: str) -> Any:
    t = _table("sync_device")
    return conn.execute(select(t).where(t.c.device == device)).first()


def _revoked(device: str) -> SyncError:
    return SyncError(
        "revoked",
        f"The laptop {device} was disabled by the office; it can no longer sync, nothing "
        "was transferred.",
    )


def register_device(
    conn: Connection, device: str, worker: dict[str, Any], pair: KeyPair, now: datetime
) -> None:
    """Enrol a laptop's public keys (central), or check them against its enrolment."""
    from fieldkit.sync.engine import _insert

    known = _device(conn, device)
    if known is not None:
        if known.disabled:
            raise _revoked(device)
        if (known.sign_public, known.box_public) != (pair.sign_public, pair.box_public):
            raise SyncError(
                "foreign",
                f"Another laptop is already enrolled as {device} with other keys; nothing was "
                "synced. IT removes the old enrolment if this laptop was set up again.",
            )
        return
    row = {
        "id": uuid.uuid4(),
        "device": device[:64],
        "office_id": worker["office_id"],
        "worker_id": worker["id"],
        "sign_public": pair.sign_public,
        "box_public": pair.box_public,
        "disabled": False,
        "enrolled_at": now,
        "created_at": now,
        "updated_at": now,
        "device_id": "",
    }
    conn.execute(_insert(conn, _table("sync_device")).values(**row))


def pull_sealer(conn: Connection, office_id: Any, device: str, now: datetime) -> Sealer:
    """The office's signing key and the enrolled laptop's encryption key, for a pull file."""
    known = _device(conn, device)
    if known is None:
        raise SyncError(
            "not_enrolled",
            f"The laptop {device} is not enrolled; connect it once to the central database "
            "(a network sync or 'fieldkit enroll' by the administration), nothing was written.",
        )
    if known.disabled:
        raise _revoked(device)
    return Sealer(office_key(conn, office_id, now).sign, known.box_public)


def central_opener(conn: Connection) -> KeyFinder:
    """Opens push files: encrypted to an office key here, signed by an enrolled laptop."""

    def find(manifest: dict[str, Any], name: str) -> Opener:
        offices = conn.execute(select(_table("sync_office_key"))).all()
        office = next(
            (o for o in offices if key_id(o.box_public) == manifest.get("recipient")), None
        )
        if office is None:
            raise SyncError(
                "foreign",
                f"The file {name} was written for another office's central database; "
                "nothing was imported.",
            )
        devices = conn.execute(select(_table("sync_device"))).all()
        signer = next((d for d in devices if key_id(d.sign_public) == manifest.get("signer")), None)
        if signer is None or signer.office_id != office.office_id:
            raise SyncError(
                "foreign",
                f"The file {name} is signed by a laptop this central database has not enrolled "
                "(unknown signer); nothing was imported.",
            )
        if signer.disabled:
            raise SyncError(
                "revoked",
                f"The file {name} is signed by the laptop {signer.device}, which the office "
                "disabled; nothing was imported.",
            )
        pair = KeyPair.from_hex(office.sign_private, office.box_private)
        return Opener(signer.sign_public, pair.box, signer.device, str(office.office_id))

    return find


def disable_device(conn: Connection, device: str, now: datetime) -> bool:
    """Revoke a laptop (central): its syncs and files are refused from now on."""
    t = _table("sync_device")
    done = conn.execute(update(t).where(t.c.device == device).values(disabled=True, updated_at=now))
    return bool(done.rowcount)
