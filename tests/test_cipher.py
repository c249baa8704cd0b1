"""The encrypted laptop database (issue 14, item 2): key file, unlock, db encrypt."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlcipher3 import dbapi2 as sqlcipher

from fieldkit.cli import main
from fieldkit.domain.week import IsoWeek
from fieldkit.services import demo_setup
from fieldkit.settings import Settings
from fieldkit.store import cipher, encrypt
from fieldkit.store.cipher import CipherError
from fieldkit.store.db import (
    StoreError,
    backup_sqlite,
    current_revision,
    head_revision,
    open_database,
)
from fieldkit.store.models import Base, Customer

WEEK = IsoWeek(2026, 49)


def _demo(path: Path, count: int = 12) -> list[bytes]:
    """A plain demo database; the customers' surnames and numbers as bytes."""
    db = open_database(str(path))
    try:
        demo_setup.write_demo(db, Settings(), WEEK, count, 49)
        with db.session() as session:
            people = session.execute(select(Customer.nachname, Customer.kundennummer)).all()
    finally:
        db.dispose()
    return sorted({n.encode() for row in people for n in row})


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix != ".lock"  # the (empty) lock file comes and stays
    }


def _files_but_counts(folder: Path) -> dict[str, str]:
    """:func:`_files`, with the key file's failure counts left out (a wrong password is
    counted there, and must be: item 2's lockout)."""
    files = _files(folder)
    for name in [n for n in files if n.endswith(".keys")]:
        try:
            data = json.loads((folder / name).read_bytes())
            entries = [e for e in data["accounts"].values() if isinstance(e, dict)]
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            continue  # not a readable key file: compared byte for byte
        for entry in entries:
            entry.pop("failed", None)
            entry.pop("locked_until", None)
        files[name] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return files


def _customers(db_path: Path, key: bytes | None) -> int:
    db = open_database(str(db_path), key=key)
    try:
        with db.session() as session:
            return int(session.scalar(select(func.count()).select_from(Customer)) or 0)
    finally:
        db.dispose()


@pytest.fixture
def creds(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("FIELDKIT_USER", "demo-administration")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "demo-passwort")
    return "demo-administration", "demo-passwort"


@pytest.fixture(scope="module")
def _encrypted_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[bytes]]:
    folder = tmp_path_factory.mktemp("encrypted")
    path = folder / "laptop.sqlite"
    names = _demo(path)
    encrypt.encrypt_database(path, "demo-administration", "demo-passwort")
    return path, names


@pytest.fixture
def encrypted(
    tmp_path: Path, creds: tuple[str, str], _encrypted_once: tuple[Path, list[bytes]]
) -> tuple[Path, list[bytes]]:
    """A copy of one encrypted demo database (made by ``db encrypt``) and its names."""
    source, names = _encrypted_once
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    shutil.copyfile(cipher.key_file(source), cipher.key_file(path))
    return path, names


def test_after_encrypt_no_customer_is_readable_in_the_file_or_its_wal(
    tmp_path: Path, creds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "laptop.sqlite"
    names = _demo(path)
    assert len(names) >= 12
    plain = path.read_bytes()
    assert all(n in plain for n in names)  # the scan below can see a name when it is there
    before = _customers(path, key=None)

    assert main(["db", "encrypt", "--db", str(path)]) == 0
    assert "Encrypted laptop.sqlite" in capsys.readouterr().out
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert (cipher.key_file(path).stat().st_mode & 0o777) == 0o600

    db = cipher.open_for(str(path), *creds)
    try:
        with db.session() as session:  # a write, so the WAL holds fresh pages
            customer = session.scalars(select(Customer)).first()
            assert customer is not None
            customer.telefon = "07131 999"
            assert session.scalar(select(func.count()).select_from(Customer)) == before
        wal = Path(f"{path}-wal")
        assert wal.exists()
        assert wal.stat().st_size > 0
        for file in (path, wal):
            data = file.read_bytes()
            found = [n for n in [*names, b"07131 999"] if n in data]
            assert found == [], file.name
    finally:
        db.dispose()
    leftovers = {p.name for p in tmp_path.iterdir()} - {
        "laptop.sqlite",
        "laptop.sqlite.keys",
        "laptop.sqlite.lock",
    }
    assert leftovers == set()


def test_a_wrong_password_opens_nothing_and_changes_no_file(
    encrypted: tuple[Path, list[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, _ = encrypted
    before = _files_but_counts(path.parent)
    for account, password in (
        ("demo-administration", "falsch"),
        ("bert", "demo-passwort"),
        ("demo-administration", ""),
    ):
        with pytest.raises(CipherError) as info:
            cipher.open_for(str(path), account, password)
        assert info.value.message("de") == (
            "Name oder Passwort stimmen nicht; die Datenbank wurde nicht geöffnet."
        )
        assert str(info.value) == "Wrong name or password; the database was not opened."
    monkeypatch.setenv("FIELDKIT_PASSWORD", "falsch")
    capsys.readouterr()
    assert main(["week", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == "fieldkit: Wrong name or password; the database was not opened.\n"
    assert _files_but_counts(path.parent) == before  # only the failures were counted
    assert _entry(path)["accounts"]["demo-administration"]["failed"] == 3  # type: ignore[index]


def test_without_a_login_an_encrypted_database_is_refused_in_one_sentence(
    encrypted: tuple[Path, list[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, _ = encrypted
    with pytest.raises(CipherError, match="encrypted; it opens only after logging in"):
        open_database(str(path))
    monkeypatch.delenv("FIELDKIT_USER")
    monkeypatch.delenv("FIELDKIT_PASSWORD")
    capsys.readouterr()
    assert main(["week", "--db", str(path)]) == 1
    assert "set FIELDKIT_USER and FIELDKIT_PASSWORD" in capsys.readouterr().err


def test_the_cli_works_on_the_encrypted_database_with_the_login(
    encrypted: tuple[Path, list[bytes]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, names = encrypted
    # The administration sees no customers (issue 14, item 3): the team lead lists the week.
    capsys.readouterr()
    assert main(["week", "--db", str(path), "--week", str(WEEK)]) == 1
    assert "lacks the permission" in capsys.readouterr().err
    key = cipher.unlock(path, "demo-administration", "demo-passwort")
    cipher.add_account(path, key, "demo-teamleitung", "demo-passwort")
    monkeypatch.setenv("FIELDKIT_USER", "demo-teamleitung")
    assert main(["week", "--db", str(path), "--week", str(WEEK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-W49: ")
    assert any(n.decode() in out for n in names)
    assert main(["db", "current", "--db", str(path)]) == 0
    assert head_revision() in capsys.readouterr().out
    assert main(["db", "encrypt", "--db", str(path)]) == 1
    assert capsys.readouterr().err == "fieldkit: The database laptop.sqlite is already encrypted.\n"


def test_a_command_unwraps_the_key_once_and_the_next_command_again(
    encrypted: tuple[Path, list[bytes]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The lease check and the command open the same laptop file: one slow password hash for
    # the key, not two. A key is never carried over to the next command (a changed password).
    path, _ = encrypted
    unwrapped: list[str] = []
    real = cipher.unlock

    def counting(database: Path, account: str, password: str, **kw: object) -> bytes:
        unwrapped.append(account)
        return real(database, account, password, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(cipher, "unlock", counting)
    capsys.readouterr()
    assert main(["week", "--db", str(path), "--week", str(WEEK)]) == 1  # lease check, then login
    assert "lacks the permission" in capsys.readouterr().err
    assert unwrapped == ["demo-administration"]
    assert main(["week", "--db", str(path), "--week", str(WEEK)]) == 1
    assert unwrapped == ["demo-administration"] * 2
    monkeypatch.setenv("FIELDKIT_PASSWORD", "falsch")
    assert main(["week", "--db", str(path), "--week", str(WEEK)]) == 1
    assert "Wrong name or password" in capsys.readouterr().err
    assert len(unwrapped) == 3
    assert _entry(path)["accounts"]["demo-administration"]["failed"] == 1  # type: ignore[index]


def test_two_accounts_each_open_it_and_a_password_change_keeps_the_database_bytes(
    encrypted: tuple[Path, list[bytes]], creds: tuple[str, str]
) -> None:
    path, _ = encrypted
    key = cipher.unlock(path, *creds)
    cipher.add_account(path, key, "bert", "bert passwort")
    assert sorted(cipher.accounts(path)) == ["bert", "demo-administration"]
    assert cipher.unlock(path, "bert", "bert passwort") == key
    assert _customers(path, cipher.unlock(path, *creds)) == 12

    database_bytes = hashlib.sha256(path.read_bytes()).hexdigest()
    keys_before = cipher.key_file(path).read_bytes()
    cipher.change_password(path, "bert", "bert passwort", "neues bert passwort")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == database_bytes
    assert cipher.key_file(path).read_bytes() != keys_before
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.unlock(path, "bert", "bert passwort")
    assert cipher.unlock(path, "bert", "neues bert passwort") == key
    assert cipher.unlock(path, *creds) == key  # anna's entry is untouched
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.change_password(path, "bert", "geraten", "x")


def test_a_removed_account_cannot_open_and_the_last_one_stays(
    encrypted: tuple[Path, list[bytes]], creds: tuple[str, str]
) -> None:
    path, _ = encrypted
    key = cipher.unlock(path, *creds)
    cipher.add_account(path, key, "bert", "bert passwort")
    cipher.remove_account(path, "bert")
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.open_for(str(path), "bert", "bert passwort")
    with pytest.raises(CipherError, match="no key for this account"):
        cipher.remove_account(path, "bert")
    with pytest.raises(CipherError, match="last account"):
        cipher.remove_account(path, "demo-administration")
    assert cipher.unlock(path, *creds) == key


def test_a_key_of_another_database_is_neither_wrapped_nor_accepted(
    encrypted: tuple[Path, list[bytes]],
) -> None:
    path, _ = encrypted
    before = _files(path.parent)
    with pytest.raises(CipherError, match="does not belong to this database"):
        cipher.add_account(path, cipher.new_key(), "mallory", "passwort")
    with pytest.raises(CipherError, match="key does not fit"):
        open_database(str(path), key=cipher.new_key())
    with pytest.raises(StoreError, match="key is not valid"):
        open_database(str(path), key=b"short")
    assert _files(path.parent) == before


@pytest.mark.parametrize("stage", ["verify", "pending key file", "swap"])
def test_an_interrupted_encrypt_leaves_the_plain_database_intact(
    tmp_path: Path, creds: tuple[str, str], monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    path = tmp_path / "laptop.sqlite"
    _demo(path)
    before = _files(tmp_path)
    real_replace = os.replace

    def failing_replace(src: object, dst: object) -> None:
        target = Path(str(dst))
        if (stage == "pending key file" and target.name.endswith(".keys.pending")) or (
            stage == "swap" and target == path
        ):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    def failing_verify(*_args: object) -> None:
        raise sqlcipher.DatabaseError("the encrypted copy differs from the database")

    if stage == "verify":
        monkeypatch.setattr(encrypt, "_verify", failing_verify)
    else:
        monkeypatch.setattr(encrypt.os, "replace", failing_replace)
    with pytest.raises(CipherError, match="left unchanged and unencrypted"):
        encrypt.encrypt_database(path, *creds)
    assert _files(tmp_path) == before  # nothing added, nothing changed
    assert not cipher.is_encrypted(path)
    db = open_database(str(path))
    try:
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Customer)) == 12
    finally:
        db.dispose()


def test_an_encrypt_stopped_between_its_two_renames_is_finished_or_undone(
    tmp_path: Path, creds: tuple[str, str]
) -> None:
    # Stopped after the swap: the encrypted file is in place, its key file still pending.
    path = tmp_path / "laptop.sqlite"
    _demo(path)
    encrypt.encrypt_database(path, *creds)
    os.replace(cipher.key_file(path), cipher.pending_key_file(path))
    assert cipher.is_encrypted(path)  # the pending key file was put in place
    assert _customers(path, cipher.unlock(path, *creds)) == 12

    # Stopped before the swap: the plain file is still there; the pending file goes.
    other = tmp_path / "other.sqlite"
    _demo(other)
    cipher.pending_key_file(other).write_bytes(cipher.key_file(path).read_bytes())
    assert not cipher.is_encrypted(other)
    assert not cipher.pending_key_file(other).exists()
    db = open_database(str(other))
    db.dispose()


def test_encrypt_refuses_what_is_not_a_plain_database(
    tmp_path: Path, creds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite"
    assert main(["db", "encrypt", "--db", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()
    text = tmp_path / "notes.sqlite"
    text.write_text("Kaya, Marie")
    assert main(["db", "encrypt", "--db", str(text)]) == 1
    assert "is not an unencrypted SQLite database" in capsys.readouterr().err
    assert text.read_text() == "Kaya, Marie"
    path = tmp_path / "laptop.sqlite"
    _demo(path, count=2)
    before = _files(tmp_path)
    for account, password in (
        ("", "x"),
        ("a\x00b", "x"),
        ("x" * 201, "x"),
        ("demo-administration", ""),
    ):
        with pytest.raises(CipherError):
            encrypt.encrypt_database(path, account, password)
    assert _files(tmp_path) == before


def _entry(path: Path) -> dict[str, object]:
    return json.loads(cipher.key_file(path).read_text())  # type: ignore[no-any-return]


HOSTILE: list[tuple[str, object]] = [
    ("truncated", None),
    ("empty", b""),
    ("not utf-8", b"\xff\xfe{"),
    ("a list", []),
    ("deep", b"[" * 100_000 + b"]" * 100_000),
    ("huge", b" " * (2 * 1024 * 1024) + b"{}"),
    ("wrong format", {"format": "other"}),
    ("check a number", ("check", 5)),
    ("accounts a list", ("accounts", [])),
    ("no accounts", ("accounts", {})),
    ("memory a string", ("memory_cost", "65536")),
    ("memory huge", ("memory_cost", 1_000_000_000)),
    ("time a bool", ("time_cost", True)),
    ("salt not base64", ("salt", "!!")),
    ("nonce too short", ("nonce", "AAAA")),
    ("a flipped bit", "wrapped"),
    ("lowered memory", ("memory_cost", 8192)),
]


@pytest.mark.parametrize(("label", "change"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_key_file_gets_one_sentence(
    encrypted: tuple[Path, list[bytes]], creds: tuple[str, str], label: str, change: object
) -> None:
    path, _ = encrypted
    keys = cipher.key_file(path)
    data = _entry(path)
    entry = data["accounts"]["demo-administration"]  # type: ignore[index]
    if change is None:
        keys.write_bytes(keys.read_bytes()[:100])
    elif isinstance(change, bytes):
        keys.write_bytes(change)
    elif isinstance(change, list | dict):
        keys.write_text(json.dumps(change))
    elif change == "wrapped":
        raw = bytearray(base64.b64decode(entry["wrapped"]))
        raw[3] ^= 1
        entry["wrapped"] = base64.b64encode(bytes(raw)).decode()
        keys.write_text(json.dumps(data))
    else:
        assert isinstance(change, tuple)
        name, value = change
        target = data if name in ("check", "accounts") else entry
        target[name] = value
        keys.write_text(json.dumps(data))
    before = _files(path.parent)
    with pytest.raises(CipherError) as info:
        cipher.open_for(str(path), *creds)
    sentence = str(info.value)
    assert sentence in (
        "The database's key file is damaged or was altered; the database was not opened.",
        "Wrong name or password; the database was not opened.",
    ), label
    assert info.value.message("de").endswith("nicht geöffnet.")
    assert _files_but_counts(path.parent) == before  # a "wrong login" is counted, no more


def test_an_entry_moved_to_another_name_does_not_open(
    encrypted: tuple[Path, list[bytes]], creds: tuple[str, str]
) -> None:
    path, _ = encrypted
    data = _entry(path)
    data["accounts"]["mallory"] = data["accounts"]["demo-administration"]  # type: ignore[index]
    cipher.key_file(path).write_text(json.dumps(data))
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.unlock(path, "mallory", creds[1])


@pytest.mark.real_migrations
@pytest.mark.durable_sqlite
def test_a_new_encrypted_database_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "neu.sqlite"
    key = cipher.create_encrypted(path, "admin", "erstes passwort")
    with pytest.raises(CipherError, match="already exists"):
        cipher.create_encrypted(path, "admin", "zweites passwort")
    db = cipher.open_for(str(path), "admin", "erstes passwort")
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            tables = {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
        # A schema backup copy of an encrypted database is encrypted under the same key.
        copy = backup_sqlite(db.engine, "test")
        assert copy is not None
        assert not copy.read_bytes().startswith(b"SQLite format 3")
        raw = sqlcipher.connect(str(copy))
        raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall()
        raw.close()
    finally:
        db.dispose()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert (path.stat().st_mode & 0o777) == 0o600


def test_encrypt_also_encrypts_older_plain_backup_copies(
    tmp_path: Path, creds: tuple[str, str]
) -> None:
    path = tmp_path / "laptop.sqlite"
    names = _demo(path, count=3)
    copy = tmp_path / "laptop.schema-0009-20261201T000000Z.sqlite"
    copy.write_bytes(path.read_bytes())
    assert encrypt.encrypt_database(path, *creds).backups == 1
    data = copy.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert [n for n in names if n in data] == []
    key = cipher.unlock(path, *creds)
    conn = sqlcipher.connect(str(copy))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT count(*) FROM customer").fetchone() == (3,)
    conn.close()


def test_account_names_in_the_key_file_ignore_case_as_the_login_does(tmp_path: Path) -> None:
    path = tmp_path / "laptop.sqlite"
    key = cipher.new_key()
    cipher.add_account(path, key, "Chefin", "geheim 123")
    assert cipher.unlock(path, "chefin", "geheim 123") == key
    assert cipher.unlock(path, " CHEFIN ", "geheim 123") == key
    cipher.add_account(path, key, "CHEFIN", "neu geheim 4")  # the same entry, re-wrapped
    assert cipher.accounts(path) == ["chefin"]
    with pytest.raises(CipherError):
        cipher.unlock(path, "Chefin", "geheim 123")


def test_demo_encrypt_writes_a_laptop_database_every_demo_account_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.services.demo_accounts import DEMO_ACCOUNTS, offered_by_key_file

    path = tmp_path / "demo.sqlite"
    monkeypatch.delenv("FIELDKIT_USER", raising=False)
    monkeypatch.delenv("FIELDKIT_PASSWORD", raising=False)
    assert main(["demo", "--count", "12", "--encrypt", "--db", str(path)]) == 0
    assert "Encrypted demo.sqlite (4 demo accounts with a key)" in capsys.readouterr().out
    data = path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"Heilbronn" not in data
    names = [n.name for n in DEMO_ACCOUNTS]
    assert sorted(cipher.accounts(path)) == sorted(names)
    assert offered_by_key_file(path) == names  # the login window offers them
    monkeypatch.setenv("FIELDKIT_USER", "demo-sachbearbeitung")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "demo-passwort")
    assert main(["week", "--db", str(path)]) == 0
    key = cipher.unlock(path, "demo-sachbearbeitung", "demo-passwort")
    cipher.add_account(path, key, "chefin", "geheim geheim 1")
    assert offered_by_key_file(path) == []  # a real account: nothing is offered any more
