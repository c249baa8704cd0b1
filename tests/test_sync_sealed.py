"""Sealed sync files (issue 15, item 4): encrypted to the receiver, signed by the sender.

Every refusal is one sentence, and nothing changes on the side that refused: the central
database's records (push) or the laptop's (pull).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit.cli import main
from fieldkit.domain.permissions import ANYONE
from fieldkit.store.db import Database, head_revision
from fieldkit.sync import engine as eng
from fieldkit.sync import keys, sealing, service
from fieldkit.sync.errors import SyncError
from fieldkit.sync.sealing import KeyPair, Opener, Sealer
from fieldkit.sync.transfer import SyncFile, read_file, write_file
from tests.test_sync_helpers import (
    ANNA,
    MURAT,
    NOW,
    as_worker,
    copy_laptop,
    create_database,
    drop_database,
    new_laptop,
    record_field_work,
    snapshot,
)

PULLED = ("customer", "flag", "address", "visit")


@pytest.fixture
def laptop(tmp_path: Path, central: str) -> Iterator[Database]:
    """Anna's laptop: enrolled by its first network sync, then field work."""
    db = new_laptop(tmp_path / "laptop.sqlite")
    service.sync_network(db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    record_field_work(db, visits=5, drafts=0)
    yield db
    db.dispose()


@pytest.fixture
def second(tmp_path: Path, central: str) -> Iterator[Database]:
    """Another laptop of the same office (Murat's), enrolled over the network."""
    db = new_laptop(tmp_path / "second.sqlite")
    service.sync_network(db, as_worker(central, MURAT), worker=MURAT, now=NOW, identity=ANYONE)
    yield db
    db.dispose()


def _visits(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = int(conn.scalar(sa.select(sa.func.count()).select_from(eng.table("visit"))) or 0)
    engine.dispose()
    return n


def _parts(path: Path) -> tuple[dict[str, Any], bytes]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), zf.read("data.bin")


def _write(path: Path, manifest: dict[str, Any], data: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("data.bin", data)
    return path


def _refused_push(central: str, path: Path, code: str) -> str:
    before = _visits(central)
    with pytest.raises(SyncError) as err:
        service.import_push(central, path, now=NOW, identity=ANYONE)
    assert err.value.code == code, str(err.value)
    assert _visits(central) == before
    message = str(err.value)
    assert "nothing was imported" in message
    assert "\n" not in message
    return message


def _refused_pull(db: Database, path: Path, code: str) -> str:
    before = snapshot(db.engine, PULLED)
    with pytest.raises(SyncError) as err:
        service.import_pull(db, path, now=NOW, identity=ANYONE)
    assert err.value.code == code, str(err.value)
    assert snapshot(db.engine, PULLED) == before
    return str(err.value)


def test_a_file_holds_no_readable_personal_data(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        names = conn.execute(
            sa.select(eng.table("customer").c.nachname, eng.table("customer").c.kundennummer)
        ).all()
    engine.dispose()
    push, pull = tmp_path / "push.zip", tmp_path / "pull.zip"
    service.export_push(laptop, push, now=NOW, identity=ANYONE)
    service.export_pull(
        central, pull, worker=ANNA, device=laptop.device_id, now=NOW, identity=ANYONE
    )
    with laptop.engine.connect() as conn:
        content = read_file(pull, "pull", head_revision(), keys.laptop_opener(conn))
    # The customers are in there (the laptop had them already, so its import counts none as
    # new: only what changed is "down") ...
    pulled = {str(r["kundennummer"]) for r in content.tables.get("customer", [])}
    assert pulled
    assert pulled <= {r.kundennummer for r in names}
    assert sum(service.import_pull(laptop, pull, now=NOW, identity=ANYONE).pulled.values()) == 0
    for path in (push, pull):
        raw = path.read_bytes()
        for needle in (
            ANNA,
            laptop.device_id,
            "Notiz",
            *(n for r in names for n in r if len(n) > 4),
        ):
            assert needle.encode() not in raw, needle  # ... but not readable
        manifest, _ = _parts(path)
        assert set(manifest) == {*sealing.ROUTING, "sig"}


def test_a_pull_file_for_another_laptop_is_refused(
    laptop: Database, second: Database, central: str, tmp_path: Path
) -> None:
    assert laptop.device_id != second.device_id
    theirs = tmp_path / "theirs.zip"
    service.export_pull(
        central, theirs, worker=MURAT, device=second.device_id, now=NOW, identity=ANYONE
    )
    assert "another laptop" in _refused_pull(laptop, theirs, "foreign")
    # Pointing the manifest at this laptop's key breaks the office's signature.
    manifest, data = _parts(theirs)
    mine = tmp_path / "mine.zip"
    with laptop.engine.connect() as conn:
        own = keys.laptop_keys(conn)
    assert own is not None
    _write(mine, {**manifest, "recipient": sealing.key_id(own.box_public)}, data)
    _refused_pull(laptop, mine, "file_tampered")
    service.import_pull(second, theirs, now=NOW, identity=ANYONE)  # its own laptop takes it


def test_a_push_file_for_another_office_is_refused(
    laptop: Database, central_template: str, tmp_path: Path
) -> None:
    push = tmp_path / "push.zip"
    service.export_push(laptop, push, now=NOW, identity=ANYONE)
    elsewhere = create_database(central_template)  # same seed, but its own office key
    try:
        # The template ran central init, which made the office's key; another office's
        # central database has its own: the owner makes a new one at the first enrolment.
        engine = sa.create_engine(elsewhere)
        with engine.begin() as conn:
            conn.execute(sa.delete(eng.table("sync_office_key")))
        engine.dispose()
        other = new_laptop(tmp_path / "other.sqlite")
        service.enrol(other, elsewhere, worker=ANNA, now=NOW, identity=ANYONE)
        other.dispose()
        assert "another office" in _refused_push(elsewhere, push, "foreign")
    finally:
        drop_database(elsewhere)


def test_a_push_file_from_an_unknown_or_disabled_laptop_is_refused(
    laptop: Database,
    central: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A copy of the laptop with new keys of its own (never enrolled): an unknown signer.
    stranger = copy_laptop(laptop, tmp_path / "stranger.sqlite")
    with stranger.engine.begin() as conn:
        meta = eng.table("app_meta")
        conn.execute(sa.delete(meta).where(meta.c.key.in_([keys.SIGN, keys.BOX])))
        keys.ensure_laptop_keys(conn, NOW)
    forged = tmp_path / "forged.zip"
    service.export_push(stranger, forged, now=NOW, identity=ANYONE)
    stranger.dispose()
    assert "unknown signer" in _refused_push(central, forged, "foreign")
    # The real laptop, once the office disabled it.
    push = tmp_path / "push.zip"
    service.export_push(laptop, push, now=NOW, identity=ANYONE)
    # Only the administration revokes a laptop, logged in on the central database.
    revoke = ["sync", "--disable-device", laptop.device_id, "--central", central]
    monkeypatch.setenv("FIELDKIT_USER", "demo-aussendienst")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "demo-passwort")
    assert main(revoke) == 1
    assert "lacks the permission" in capsys.readouterr().err
    monkeypatch.setenv("FIELDKIT_USER", "demo-administration")
    assert main(revoke) == 0
    assert "disabled" in _refused_push(central, push, "revoked")
    with pytest.raises(SyncError) as err:
        service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
    assert err.value.code == "revoked"
    with pytest.raises(SyncError) as err:
        service.export_pull(
            central,
            tmp_path / "p.zip",
            worker=ANNA,
            device=laptop.device_id,
            now=NOW,
            identity=ANYONE,
        )
    assert err.value.code == "revoked"
    assert not (tmp_path / "p.zip").exists()


def test_a_push_file_naming_another_laptop_than_its_signer_is_refused(
    laptop: Database, second: Database, central: str, tmp_path: Path
) -> None:
    record_field_work(second, visits=2, drafts=0)
    honest = tmp_path / "honest.zip"
    service.export_push(laptop, honest, now=NOW, identity=ANYONE)
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        content = read_file(honest, "push", head_revision(), keys.central_opener(conn))
    engine.dispose()
    with second.engine.connect() as conn:
        sealer = keys.laptop_sealer(conn)  # Murat's laptop re-seals Anna's records as hers
    forged = tmp_path / "forged.zip"
    write_file(forged, content, sealer)
    assert "another laptop" in _refused_push(central, forged, "foreign")


def test_edited_swapped_flipped_and_cut_files_are_refused(
    laptop: Database, second: Database, central: str, tmp_path: Path
) -> None:
    good, other = tmp_path / "good.zip", tmp_path / "other.zip"
    service.export_push(laptop, good, now=NOW, identity=ANYONE)
    record_field_work(second, visits=1, drafts=0)
    service.export_push(second, other, now=NOW, identity=ANYONE)
    manifest, data = _parts(good)
    their_manifest, _ = _parts(other)
    cases = {
        "swapped signature": ({**manifest, "sig": their_manifest["sig"]}, data),
        "flipped ciphertext": (manifest, data[:50] + bytes([data[50] ^ 1]) + data[51:]),
        "flipped nonce": ({**manifest, "nonce": "00" * 12}, data),
        "other ephemeral key": ({**manifest, "epk": their_manifest["epk"]}, data),
        "cut ciphertext": (manifest, data[: len(data) // 2]),
        "no signature": ({k: v for k, v in manifest.items() if k != "sig"}, data),
        "signature not hex": ({**manifest, "sig": "zz"}, data),
    }
    for name, (m, d) in cases.items():
        _refused_push(central, _write(tmp_path / f"{name}.zip", m, d), "file_tampered")
    raw = good.read_bytes()
    for cut in (10, len(raw) // 2, len(raw) - 5):
        (tmp_path / "cut.zip").write_bytes(raw[:cut])
        _refused_push(central, tmp_path / "cut.zip", "file_bad")
    service.import_push(central, good, now=NOW, identity=ANYONE)  # the untouched file is still fine
    assert _visits(central) > 0


def test_an_old_unencrypted_file_is_refused(laptop: Database, tmp_path: Path) -> None:
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as zf:
        manifest = {"format": "fieldkit-sync", "version": 1, "kind": "pull"}
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("data.bin", b"{}")
    assert "old unencrypted format" in _refused_pull(laptop, old, "file_schema")


def test_a_file_unpacking_to_more_than_the_limit_is_refused(tmp_path: Path) -> None:
    office, device = KeyPair.generate(), KeyPair.generate()
    content = SyncFile("push", "dev", head_revision(), NOW.isoformat(), {}, [["x" * 50] * 3])
    content.confirmed = [["visit", "0" * 36, "x" * 100]] * 40_000  # ~6 MB, compresses well
    path = tmp_path / "big.zip"
    write_file(path, content, Sealer(device.sign, office.box_public))
    assert path.stat().st_size < 1 << 20

    def opener(_m: dict[str, Any], _n: str) -> Opener:
        return Opener(device.sign_public, office.box, "dev")

    with pytest.raises(SyncError) as err:
        read_file(path, "push", head_revision(), opener, max_bytes=2 << 20)
    assert err.value.code == "file_big"
    assert len(read_file(path, "push", head_revision(), opener).confirmed) == 40_000


def test_a_laptop_never_enrolled_is_told_how_to_enrol(
    tmp_path: Path, central: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = new_laptop(tmp_path / "fresh.sqlite")
    try:
        with pytest.raises(SyncError) as err:
            service.export_push(fresh, tmp_path / "push.zip", now=NOW, identity=ANYONE)
        assert err.value.code == "not_enrolled"
        assert "fieldkit enroll" in str(err.value)
        assert not (tmp_path / "push.zip").exists()
    finally:
        fresh.dispose()
    db_path = str(tmp_path / "fresh.sqlite")
    # The administration enrols (the central database is the demo's, with its accounts);
    # `sync --enrol` is `enroll --worker` now, and it brings the worker's account along.
    monkeypatch.setenv("FIELDKIT_USER", "demo-administration")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "demo-passwort")
    assert main(["sync", "--db", db_path, "--enrol", "--central", central, "--worker", ANNA]) == 0
    monkeypatch.setenv("FIELDKIT_USER", "demo-aussendienst")
    assert main(["sync", "--db", db_path, "--export", str(tmp_path / "push.zip")]) == 0
