"""Issue 21, the sync part: nothing lost, nothing twice, against a real PostgreSQL.

Each test reproduces one failure that the earlier sync tests did not look for: a restored
backup, foreign or replayed files, skewed clocks, writes during a sync, two installations of
one worker, a central address correction, a laptop that was set up on its own.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import time
import tracemalloc
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from fieldkit.domain import casenote
from fieldkit.domain.permissions import ANYONE
from fieldkit.services import field
from fieldkit.services.demo_setup import write_demo
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, head_revision
from fieldkit.store.models import CaseNote, Flag, ManualPlacement, PrepCheck, Task, Visit
from fieldkit.sync import engine as eng
from fieldkit.sync import service
from fieldkit.sync.errors import SyncError
from fieldkit.sync.explain import explain
from fieldkit.sync.sealing import KeyPair, Opener, Sealer
from fieldkit.sync.settings import SyncSettings
from fieldkit.sync.transfer import SyncFile, read_file, write_file
from tests.test_sync_helpers import (
    ANNA,
    MURAT,
    NOW,
    WEEK,
    as_worker,
    create_database,
    drop_database,
    new_laptop,
    record_field_work,
    seed_central,
    snapshot,
)

BOMB_MB = 1024  # a 1 MB file holding 1 GB of JSON (issue 21)


@pytest.fixture
def laptop(tmp_path: Path, central: str) -> Iterator[Database]:
    """A laptop that pulled Anna's week."""
    db = new_laptop(tmp_path / "laptop.sqlite")
    service.sync_network(db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    yield db
    db.dispose()


def _path(db: Database) -> Path:
    return Path(str(make_url(db.url).database))


def _backup(db: Database, dest: Path) -> None:
    """A copy of the laptop's file as a backup tool would take it (the app closed)."""
    db.dispose()
    shutil.copy(_path(db), dest)


def _rows(url: str, name: str, **where: object) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    t = eng.table(name)
    query = sa.select(t).where(*(t.c[k] == v for k, v in where.items()))
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    engine.dispose()
    return rows


def _draft_visit(db: Database) -> uuid.UUID:
    with db.session() as session:
        flag = session.scalars(sa.select(Flag).order_by(Flag.id)).first()
        assert flag is not None
        visit = Visit(
            flag_id=flag.id,
            customer_id=flag.customer_id,
            visited_at=NOW,
            details=dict(casenote.DEFAULT_DETAILS),
            state="draft",
        )
        session.add(visit)
        session.flush()
        return visit.id


# --------------------------------------------------------------------------- item 2


def test_a_visit_finished_again_after_restoring_a_backup_is_one_note_and_one_conflict(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    visit_id = _draft_visit(laptop)
    field.update_visit(
        laptop, visit_id, {"outcome": "met", "legal_consequences": True}, identity=UNRESTRICTED
    )
    _backup(laptop, tmp_path / "backup.sqlite")  # the visit is a draft in the backup
    field.finish_visit(laptop, visit_id, NOW, identity=UNRESTRICTED)
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE)
    laptop.dispose()
    # The laptop is restored from the backup and the visit is finished again, differently.
    shutil.copy(tmp_path / "backup.sqlite", _path(laptop))
    restored = new_laptop(_path(laptop))
    try:
        field.update_visit(
            restored, visit_id, {"outcome": "not_met", "note": "doch nicht"}, identity=UNRESTRICTED
        )
        field.update_visit(
            restored,
            visit_id,
            {"not_met_reason": "nobody_opened", "mailbox_name_checked": True},
            identity=UNRESTRICTED,
        )
        field.finish_visit(restored, visit_id, NOW + timedelta(hours=1), identity=UNRESTRICTED)
        service.sync_network(
            restored,
            as_worker(central, ANNA),
            worker=ANNA,
            now=NOW + timedelta(hours=1),
            identity=ANYONE,
        )
    finally:
        restored.dispose()
    notes = _rows(central, "case_note", visit_id=visit_id)
    tasks = _rows(central, "task", visit_id=visit_id)
    assert len(notes) == 1, "one visit has one Vermerk centrally"
    assert len(tasks) == 1, "one visit has one task set centrally"
    assert "KD angetroffen" in str(notes[0]["text"])  # central keeps the first version
    conflicts = _rows(central, "sync_conflict", record_id=notes[0]["id"])
    assert [c["kind"] for c in conflicts] == ["changed_after_sync"]
    detail = conflicts[0]["detail"]
    assert isinstance(detail, dict)
    assert "nicht angetroffen" in detail["version"]["text"]  # the second version is kept


# --------------------------------------------------------------------------- items 4, 6, 7


def test_another_workers_pull_file_is_refused_and_nothing_changes(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    murats = tmp_path / "murat.zip"
    # Made for Anna's laptop by mistake: the device matches, the worker does not.
    service.export_pull(
        central, murats, worker=MURAT, device=laptop.device_id, now=NOW, identity=ANYONE
    )
    before = snapshot(laptop.engine, ("customer", "flag", "address"))
    with pytest.raises(SyncError) as err:
        service.import_pull(laptop, murats, now=NOW, identity=ANYONE)
    assert err.value.code == "foreign"
    assert "another outreach worker" in str(err.value)
    assert snapshot(laptop.engine, ("customer", "flag", "address")) == before
    # A pull file must name its laptop; one for another laptop is refused too.
    with pytest.raises(SyncError, match="--device"):
        service.export_pull(
            central, tmp_path / "x.zip", worker=ANNA, device=" ", now=NOW, identity=ANYONE
        )
    # A laptop the central database has not enrolled gets no pull file at all (issue 15).
    with pytest.raises(SyncError) as err:
        service.export_pull(
            central, tmp_path / "o.zip", worker=ANNA, device="someone", now=NOW, identity=ANYONE
        )
    assert err.value.code == "not_enrolled"
    assert not (tmp_path / "o.zip").exists()
    # A fresh laptop that has not synced yet is protected by its worker setting.
    fresh = new_laptop(tmp_path / "fresh.sqlite")
    try:
        service.enrol(fresh, central, worker=ANNA, now=NOW, identity=ANYONE)  # keys only, no pull
        service.export_pull(
            central, murats, worker=MURAT, device=fresh.device_id, now=NOW, identity=ANYONE
        )
        with pytest.raises(SyncError, match="another outreach worker"):
            service.import_pull(
                fresh, murats, now=NOW, settings=SyncSettings(worker_name=ANNA), identity=ANYONE
            )
    finally:
        fresh.dispose()


def test_a_push_file_is_refused_by_another_offices_central_database(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    record_field_work(laptop, visits=3, drafts=0)
    push = tmp_path / "push.zip"
    service.export_push(laptop, push, now=NOW, identity=ANYONE)
    elsewhere = create_database()
    try:
        seed_central(elsewhere)  # another office's central database, with its own office
        before = snapshot(elsewhere)
        with pytest.raises(SyncError) as err:
            service.import_push(elsewhere, push, now=NOW, identity=ANYONE)
        assert err.value.code == "foreign"
        assert "another office" in str(err.value)
        assert snapshot(elsewhere) == before
    finally:
        drop_database(elsewhere)
    service.import_push(
        central, push, now=NOW, identity=ANYONE
    )  # its own office's central takes it
    assert len(_rows(central, "visit")) == 4


def test_an_old_pull_file_replayed_is_refused_and_the_back_offices_change_stays(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    old, new = tmp_path / "old.zip", tmp_path / "new.zip"
    service.export_pull(
        central, old, worker=ANNA, device=laptop.device_id, now=NOW, identity=ANYONE
    )
    with laptop.session() as session:
        flag_id = session.scalars(sa.select(Flag.id).order_by(Flag.id)).first()
    later = NOW + timedelta(hours=1)
    engine = sa.create_engine(central)
    f = eng.table("flag")
    with engine.begin() as conn:  # the back office withdraws the flag
        conn.execute(
            f.update().where(f.c.id == flag_id).values(withdrawn_at=later, updated_at=later)
        )
    engine.dispose()
    service.export_pull(
        central, new, worker=ANNA, device=laptop.device_id, now=later, identity=ANYONE
    )
    service.import_pull(laptop, new, now=later, identity=ANYONE)
    for replay in (old, new):
        with pytest.raises(SyncError) as err:
            service.import_pull(laptop, replay, now=later, identity=ANYONE)
        assert err.value.code == "replayed"
    with laptop.session() as session:
        flag = session.get(Flag, flag_id)
        assert flag is not None
        assert flag.withdrawn_at is not None  # not reverted by the old file
    # A network sync counts too: a file made before it is old afterwards.
    older = tmp_path / "older.zip"
    service.export_pull(
        central, older, worker=ANNA, device=laptop.device_id, now=later, identity=ANYONE
    )
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=later, identity=ANYONE)
    with pytest.raises(SyncError, match="older than"):
        service.import_pull(laptop, older, now=later, identity=ANYONE)


# --------------------------------------------------------------------------- item 3


def _customers(db: Database) -> int:
    with db.engine.connect() as conn:
        t = eng.table("customer")
        return int(conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0)


def _shifted(clock: Callable[[], datetime], by: timedelta) -> Callable[[], datetime]:
    return lambda: clock() + by


def test_a_laptop_clock_a_year_off_stops_the_sync_and_never_hides_later_edits(
    central: str, tmp_path: Path
) -> None:
    year = timedelta(days=365)
    db = new_laptop(tmp_path / "skewed.sqlite")
    real = db.clock
    try:
        for shift in (-year, year, timedelta(minutes=-11)):
            db.clock = _shifted(real, shift)
            with pytest.raises(SyncError) as err:
                service.sync_network(
                    db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
                )
            assert err.value.code == "clock", shift
            assert "clock" in str(err.value)
            assert _customers(db) == 0  # a year behind did not silently pull nothing
        # Through files there is no server to ask: the office's clock in the file bounds it.
        db.clock = lambda: real() + year
        first, push, second = (tmp_path / n for n in ("p1.zip", "push.zip", "p2.zip"))
        service.enrol(
            db, central, worker=ANNA, now=NOW, identity=ANYONE
        )  # the key exchange needs no clock
        service.export_pull(
            central, first, worker=ANNA, device=db.device_id, now=NOW, identity=ANYONE
        )
        service.import_pull(db, first, now=NOW + year, identity=ANYONE)
        pulled = _customers(db)
        assert pulled > 0
        record_field_work(db, visits=3, drafts=0)  # stamped a year ahead
        service.export_push(db, push, now=NOW + year, identity=ANYONE)
        service.import_push(central, push, now=NOW, identity=ANYONE)
        service.export_pull(
            central, second, worker=ANNA, device=db.device_id, now=NOW, identity=ANYONE
        )
        report = service.import_pull(db, second, now=NOW + year, identity=ANYONE)
        assert report.removed == 0  # minimisation did not run a year early
        assert _customers(db) == pulled
        assert service.unsynced_count(db) == 0
        db.clock = real  # the clock is corrected; an edit now carries an older time stamp
        with db.session() as session:
            check = session.scalars(sa.select(PrepCheck)).one()
            check.note = "nach der Uhrkorrektur"
        assert service.unsynced_count(db) == 1  # not counted as confirmed
        service.sync_network(db, as_worker(central, ANNA), worker=ANNA, now=real(), identity=ANYONE)
        assert [r["note"] for r in _rows(central, "prep_check")] == ["nach der Uhrkorrektur"]
        # A laptop a year behind refuses a pull file written "in its future".
        db.clock = lambda: real() - year
        late = tmp_path / "late.zip"
        service.export_pull(
            central, late, worker=ANNA, device=db.device_id, now=real(), identity=ANYONE
        )
        with pytest.raises(SyncError, match="behind"):
            service.import_pull(db, late, now=real() - year, identity=ANYONE)
    finally:
        db.dispose()


# --------------------------------------------------------------------------- item 8


def _finish_one_visit(db: Database, flag_index: int) -> uuid.UUID:
    """A visit finished as the form does it: visit, Vermerk and task in one unit of work."""
    with db.session() as session:
        flag = session.scalars(sa.select(Flag).order_by(Flag.id)).all()[flag_index]
        visit = Visit(
            flag_id=flag.id,
            customer_id=flag.customer_id,
            visited_at=NOW,
            outcome="met",
            state="final",
        )
        session.add(visit)
        session.flush()
        session.add(
            CaseNote(customer_id=flag.customer_id, visit_id=visit.id, text="V", state="final")
        )
        session.add(Task(customer_id=flag.customer_id, visit_id=visit.id, title="während"))
        return visit.id


def test_recording_while_a_sync_runs_creates_no_false_conflicts(
    laptop: Database, central: str
) -> None:
    record_field_work(laptop, visits=12, drafts=0)
    during: list[uuid.UUID] = []

    def record_meanwhile(point: str) -> None:
        # The visit pass is over; the worker finishes another visit before notes are sent.
        if point == "push:case_note:0:before-central" and not during:
            during.append(_finish_one_visit(laptop, 3))

    small = SyncSettings(batch_size=5)
    first = service.sync_network(
        laptop,
        as_worker(central, ANNA),
        worker=ANNA,
        now=NOW,
        settings=small,
        hook=record_meanwhile,
        identity=ANYONE,
    )
    assert during
    assert first.rejected == 0
    assert _rows(central, "sync_conflict") == []
    assert service.unsynced_count(laptop) == 3  # the new visit, its note and task wait
    second = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, settings=small, identity=ANYONE
    )
    assert second.rejected == 0
    assert service.unsynced_count(laptop) == 0
    assert len(_rows(central, "case_note", visit_id=during[0])) == 1
    assert len(_rows(central, "task", visit_id=during[0])) == 1
    assert service.open_conflicts(laptop) == []


# --------------------------------------------------------------------------- item 13


def _deflated_spaces(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MB of spaces, made in milliseconds, and its CRC.

    One MB is compressed once and ends with a full flush (a self-contained, byte-aligned
    piece); repeating that piece and closing the stream gives the whole without compressing
    a gigabyte.
    """
    block = b" " * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return piece * megabytes + comp.flush(zlib.Z_FINISH), crc


def _write_zip(path: Path, members: list[tuple[str, int, bytes, int, int]]) -> None:
    """A zip of (name, method, stored bytes, crc, unpacked size), written by hand."""
    out, central = bytearray(), bytearray()
    for name, method, raw, crc, size in members:
        offset = len(out)
        fixed = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(raw), size)
        out += b"PK\x03\x04" + fixed + struct.pack("<HH", len(name), 0) + name.encode() + raw
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fixed
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name.encode()
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + b"PK\x05\x06" + end))


def _no_keys(_manifest: dict[str, object], _name: str) -> Opener:
    raise AssertionError("the size limit must refuse the file before any key is looked up")


def test_a_small_file_unpacking_to_a_gigabyte_is_refused_before_it_costs_memory(
    tmp_path: Path,
) -> None:
    bomb = tmp_path / "bomb.zip"
    manifest = json.dumps({"format": "fieldkit-sync", "version": 2, "kind": "push"}).encode()
    data, crc = _deflated_spaces(BOMB_MB)
    _write_zip(
        bomb,
        [
            ("manifest.json", 0, manifest, zlib.crc32(manifest), len(manifest)),
            ("data.bin", 8, data, crc, BOMB_MB << 20),
        ],
    )
    assert bomb.stat().st_size < 2 * (1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(SyncError) as err:
            read_file(bomb, "push", head_revision(), _no_keys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.code == "file_big"
    assert "nothing was imported" in str(err.value)
    assert peak < 32 * (1 << 20), f"reading the refused file cost {peak >> 20} MB"
    # The hand-made zip is sound (so the limit is what refused it) ...
    small, small_crc = _deflated_spaces(3)
    sound, liar = tmp_path / "sound.zip", tmp_path / "liar.zip"
    _write_zip(sound, [("data.bin", 8, small, small_crc, 3 << 20)])
    with zipfile.ZipFile(sound) as zf:
        assert zf.read("data.bin") == b" " * (3 << 20)
    # ... and a header that declares less than the member holds is refused as well.
    for path, declared in ((sound, 3 << 20), (liar, 1 << 19)):
        _write_zip(
            path,
            [
                ("manifest.json", 0, manifest, zlib.crc32(manifest), len(manifest)),
                ("data.bin", 8, small, small_crc, declared),
            ],
        )
        with pytest.raises(SyncError) as err:
            read_file(path, "push", head_revision(), _no_keys, max_bytes=1 << 20)
        assert err.value.code in ("file_big", "file_bad")


EXPORT_AND_HANG = """
import sys, time, zipfile
from pathlib import Path
from fieldkit.sync import transfer
from fieldkit.sync.sealing import KeyPair, Sealer

real = zipfile.ZipFile.writestr
def slow(self, name, data, *a, **k):
    real(self, name, data, *a, **k)
    if name == "data.bin":
        Path(sys.argv[2]).write_text("writing")
        time.sleep(60)
zipfile.ZipFile.writestr = slow
content = transfer.SyncFile("push", "dev", "0010", "2026-11-24T10:00:00+00:00",
                            {"visit": []}, [])
office = KeyPair.generate()
transfer.write_file(Path(sys.argv[1]), content, Sealer(KeyPair.generate().sign, office.box_public))
"""


def test_a_killed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    stick = tmp_path / "stick"  # the USB stick the export goes to
    stick.mkdir()
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", EXPORT_AND_HANG, str(stick / "push.zip"), str(marker)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the export process ended early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.kill()  # SIGKILL midway through writing: no cleanup handler runs
        proc.wait(30)
    assert sorted(p.name for p in stick.iterdir()) == []
    # Where the file system cannot write unnamed files (a FAT stick), a killed export leaves a
    # named temporary file; the next export into that folder removes it.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    leftover = stick / f".fieldkit-sync-{dead}-abc123.zip"
    leftover.write_bytes(b"half a zip")
    sealer = Sealer(KeyPair.generate().sign, KeyPair.generate().box_public)
    write_file(stick / "push.zip", read_file_content(), sealer)
    assert sorted(p.name for p in stick.iterdir()) == ["push.zip"]


def read_file_content() -> SyncFile:
    return SyncFile("push", "dev", head_revision(), NOW.isoformat(), {"visit": []}, [])


# --------------------------------------------------------------------------- item 5


def _check_and_place(db: Database, note: str, lat: float) -> None:
    with db.session() as session:
        flag_id = session.scalars(sa.select(Flag.id).order_by(Flag.id)).first()
        assert flag_id is not None
        check = session.scalars(sa.select(PrepCheck).where(PrepCheck.flag_id == flag_id)).first()
        if check is None:
            check = PrepCheck(flag_id=flag_id)
            session.add(check)
        check.note = note
        place = session.scalars(sa.select(ManualPlacement)).first()
        if place is None:
            place = ManualPlacement(key="74072|heilbronn|lindenweg|1", lat=lat, lon=9.2)
            session.add(place)
        place.lat = lat


def test_checks_and_placements_from_a_second_installation_newer_wins_by_natural_key(
    laptop: Database, central: str, tmp_path: Path
) -> None:
    second = new_laptop(tmp_path / "second.sqlite")  # the same worker's other installation
    try:
        service.sync_network(
            second, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        _check_and_place(laptop, "erste Installation", 49.1)
        service.sync_network(
            laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        _check_and_place(second, "zweite Installation", 49.2)
        report = service.sync_network(
            second, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
        )
        assert report.rejected == 0
        assert [r["note"] for r in _rows(central, "prep_check")] == ["zweite Installation"]
        assert [r["lat"] for r in _rows(central, "manual_placement")] == [49.2]
        assert service.unsynced_count(second) == 0
        _check_and_place(laptop, "wieder die erste", 49.3)  # later again on the first one
        assert (
            service.sync_network(
                laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
            ).rejected
            == 0
        )
        assert [r["note"] for r in _rows(central, "prep_check")] == ["wieder die erste"]
        assert [r["lat"] for r in _rows(central, "manual_placement")] == [49.3]
        assert _rows(central, "sync_conflict") == []
    finally:
        second.dispose()


# --------------------------------------------------------------------------- item 10


def test_an_address_corrected_centrally_reaches_the_laptops_coordinates(
    laptop: Database, central: str
) -> None:
    a = eng.table("address")
    with laptop.engine.begin() as conn:  # the laptop placed two houses itself
        ids = list(conn.scalars(sa.select(a.c.id).order_by(a.c.id).limit(2)))
        conn.execute(
            a.update().where(a.c.id.in_(ids)).values(lat=49.0, lon=9.0, geo_source="laptop")
        )
    moved, kept = ids
    later = NOW + timedelta(hours=1)
    engine = sa.create_engine(central)
    with engine.begin() as conn:  # the back office corrects one address: another house
        conn.execute(
            a.update()
            .where(a.c.id == moved)
            .values(hausnummer="99", lat=49.5, lon=9.5, geo_source="office", updated_at=later)
        )
        conn.execute(
            a.update().where(a.c.id == kept).values(adresszusatz="2. OG", updated_at=later)
        )
    engine.dispose()
    service.sync_network(laptop, as_worker(central, ANNA), worker=ANNA, now=later, identity=ANYONE)
    with laptop.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(sa.select(a).where(a.c.id.in_(ids)))}
    assert (rows[moved].hausnummer, rows[moved].lat, rows[moved].lon) == ("99", 49.5, 9.5)
    assert rows[moved].geo_source == "office"
    # Same house: the laptop's own geocode stays.
    assert (rows[kept].adresszusatz, rows[kept].lat, rows[kept].geo_source) == (
        "2. OG",
        49.0,
        "laptop",
    )


# --------------------------------------------------------------------------- item 12


def test_a_laptop_set_up_on_its_own_is_refused_with_one_sentence_and_nothing_changes(
    central: str, tmp_path: Path
) -> None:
    alone = new_laptop(tmp_path / "alone.sqlite")
    try:
        # As an office would do before its central server exists: its own import, areas
        # and workers (the same demo week, so the same customer numbers under other ids).
        write_demo(alone, Settings(), WEEK, 40, 49)
        record_field_work(alone, visits=5, drafts=0)
        before_central, before_laptop = snapshot(central), snapshot(alone.engine)
        with pytest.raises(SyncError) as err:
            service.sync_network(
                alone, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
            )
        assert err.value.code == "join"
        assert "set up on its own" in str(err.value)
        assert "customers" in str(err.value)
        assert snapshot(central) == before_central
        assert snapshot(alone.engine) == before_laptop
        assert service.open_conflicts(alone) == []
    finally:
        alone.dispose()


def test_every_conflict_reads_in_the_users_words_with_what_to_do(
    laptop: Database, central: str
) -> None:
    # Imported here: this is the file's one test that needs Qt (the conflict list's texts);
    # the others then run in the Qt-free part too (tests/qt_modules.py reads this import).
    from fieldkit.ui.sync import texts

    record_field_work(laptop, visits=2, drafts=0)
    with laptop.session() as session:
        flag_id = session.scalars(sa.select(Visit.flag_id).order_by(Visit.created_at)).first()
    engine = sa.create_engine(central)
    f = eng.table("flag")
    with engine.begin() as conn:  # the office deleted the flag the laptop's visit is for
        gone = dict(conn.execute(sa.select(f).where(f.c.id == flag_id)).one()._mapping)
        children = {
            name: [
                dict(r._mapping) for r in conn.execute(sa.select(t).where(t.c.flag_id == flag_id))
            ]
            for name, t in ((n, eng.table(n)) for n in ("invitation", "phone_call"))
        }
        conn.execute(sa.delete(f).where(f.c.id == flag_id))
    report = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert report.rejected >= 1
    conflicts = service.open_conflicts(laptop)
    assert conflicts
    for conflict in conflicts:
        for lang in ("de", "en"):
            text = explain(conflict.kind, conflict.detail, lang)
            assert text
            assert "constraint" not in text.lower()
            assert "fk_" not in text
        assert conflict.detail["reason_code"] == "unknown_reference"
        shown = texts.conflict_detail(conflict.detail, conflict.kind)  # the conflict list
        assert "constraint" not in shown.lower()
        assert "Stammdaten" in shown
    text = explain(conflicts[0].kind, conflicts[0].detail, "de")
    assert "Stammdaten" in text
    assert "erneut gesendet" in text
    # A conflict stored by an earlier fieldkit (raw database text) reads the same way.
    old = {"reason": 'insert violates foreign key constraint "fk_area_member_area_id_area"'}
    assert explain("rejected_by_central", old, "en").startswith("The record refers to")
    # Once central has the flag again, the records go up and their conflicts are resolved.
    with engine.begin() as conn:
        conn.execute(sa.insert(f), [gone])
        for name, rows in children.items():
            if rows:
                conn.execute(sa.insert(eng.table(name)), rows)
    engine.dispose()
    again = service.sync_network(
        laptop, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE
    )
    assert again.rejected == 0
    assert service.unsynced_count(laptop) == 0
    assert all(c.resolved_at is not None for c in service.open_conflicts(laptop))
    assert all(r["resolved_at"] is not None for r in _rows(central, "sync_conflict"))
