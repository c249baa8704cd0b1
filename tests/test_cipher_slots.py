"""Sealed key slots and the key file's failure counter (issue 14, items 1-2 and 5).

A sealed entry wraps the database key to an account's X25519 public key (its slot
material), so an administrator can give a field laptop's key to an account without knowing
its password; the password opens it like a password entry. Wrong passwords are counted in
the key file, before the database (and its own lockout counter) can be read.
"""

from __future__ import annotations

import base64
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fieldkit.services import accounts
from fieldkit.services.accounts import NewAccount
from fieldkit.store import cipher
from fieldkit.store.cipher import CipherError, SlotMaterial
from fieldkit.store.db import open_database
from fieldkit.store.models_accounts import Account

PW = "feld passwort 1"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
WRONG = "Wrong name or password; the database was not opened."


@pytest.fixture(scope="module")
def material() -> SlotMaterial:
    return cipher.slot_material(PW)


@pytest.fixture
def sealed(tmp_path: Path, material: SlotMaterial) -> tuple[Path, bytes]:
    """A key file with an administrator's password entry and a sealed entry for 'feld'."""
    path = tmp_path / "laptop.sqlite"
    key = cipher.new_key()
    cipher.add_account(path, key, "admin", "admin passwort")
    cipher.add_sealed_account(path, key, "Feld", material)
    return path, key


def _data(path: Path) -> dict[str, Any]:
    return json.loads(cipher.key_file(path).read_text())  # type: ignore[no-any-return]


def _write(path: Path, data: dict[str, Any]) -> None:
    cipher.key_file(path).write_text(json.dumps(data))


def test_slot_material_is_a_fresh_salt_and_a_public_key(material: SlotMaterial) -> None:
    cost, _, salt = material.salt.rpartition("$")
    assert re.fullmatch(r"t=\d+,m=\d+,p=\d+", cost)  # the cost travels with the salt
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(material.public)) == 32
    other = cipher.slot_material(PW)
    assert other.salt != material.salt
    assert other.public != material.public  # another salt, another key pair
    for bad in ("", "x" * 2000, None, 5):
        with pytest.raises(CipherError, match="password must have"):
            cipher.slot_material(bad)  # type: ignore[arg-type]


def test_a_sealed_entry_opens_with_the_password_and_nothing_else(
    sealed: tuple[Path, bytes], material: SlotMaterial
) -> None:
    path, key = sealed
    entry = _data(path)["accounts"]["feld"]
    assert entry["kind"] == "sealed"
    assert PW not in cipher.key_file(path).read_text()
    assert cipher.unlock(path, "feld", PW) == key
    assert cipher.unlock(path, " FELD ", PW) == key  # names ignore case, as the login does
    assert cipher.unlock(path, "admin", "admin passwort") == key  # the other kind still opens
    for name, password in (("feld", "falsches passwort"), ("feld", ""), ("admin", PW)):
        with pytest.raises(CipherError) as info:
            cipher.unlock(path, name, password)
        assert str(info.value) == WRONG
        assert info.value.message("de") == (
            "Name oder Passwort stimmen nicht; die Datenbank wurde nicht geöffnet."
        )
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.open_for(str(path), "feld", "falsches passwort")


@pytest.mark.parametrize("field", ["wrapped", "ephemeral", "nonce", "salt"])
def test_an_edited_sealed_entry_does_not_open(sealed: tuple[Path, bytes], field: str) -> None:
    path, _ = sealed
    data = _data(path)
    raw = bytearray(base64.b64decode(data["accounts"]["feld"][field]))
    raw[1] ^= 1
    data["accounts"]["feld"][field] = base64.b64encode(bytes(raw)).decode()
    _write(path, data)
    with pytest.raises(CipherError) as info:
        cipher.unlock(path, "feld", PW)
    assert str(info.value) == WRONG


def test_a_sealed_entry_moved_to_another_name_does_not_open(sealed: tuple[Path, bytes]) -> None:
    path, _ = sealed
    data = _data(path)
    data["accounts"]["mallory"] = data["accounts"]["feld"]
    _write(path, data)
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.unlock(path, "mallory", PW)


HOSTILE_SEALED: list[tuple[str, object]] = [
    ("unknown kind", ("kind", "plain")),
    ("kind a number", ("kind", 1)),
    ("no ephemeral", ("ephemeral", None)),
    ("ephemeral a list", ("ephemeral", [])),
    ("ephemeral too short", ("ephemeral", "AAAA")),
    ("ephemeral low order", ("ephemeral", base64.b64encode(bytes(32)).decode())),
    ("memory huge", ("memory_cost", 10**9)),
    ("failed a string", ("failed", "0")),
    ("failed negative", ("failed", -1)),
    ("failed huge", ("failed", 10**6)),
    ("locked a float", ("locked_until", 1.5)),
    ("locked beyond dates", ("locked_until", 10**20)),
]


@pytest.mark.parametrize(("label", "change"), HOSTILE_SEALED, ids=[h[0] for h in HOSTILE_SEALED])
def test_a_hostile_sealed_entry_gets_one_sentence(
    sealed: tuple[Path, bytes], label: str, change: tuple[str, object]
) -> None:
    path, _ = sealed
    data = _data(path)
    name, value = change
    if value is None:
        del data["accounts"]["feld"][name]
    else:
        data["accounts"]["feld"][name] = value
    _write(path, data)
    before = cipher.key_file(path).read_bytes()
    with pytest.raises(CipherError) as info:
        cipher.unlock(path, "feld", PW)
    assert str(info.value) in (
        "The database's key file is damaged or was altered; the database was not opened.",
        WRONG,
    ), label
    if str(info.value) != WRONG:
        assert cipher.key_file(path).read_bytes() == before  # a broken file is not written


BAD_MATERIAL: list[object] = [
    None,
    "salt",
    SlotMaterial("", ""),
    SlotMaterial("!!", "!!"),
    SlotMaterial(base64.b64encode(os.urandom(16)).decode(), "AAAA"),
    SlotMaterial(
        base64.b64encode(os.urandom(4)).decode(), base64.b64encode(os.urandom(32)).decode()
    ),
    SlotMaterial(base64.b64encode(os.urandom(16)).decode(), base64.b64encode(bytes(32)).decode()),
    SlotMaterial(5, 6),  # type: ignore[arg-type]
    SlotMaterial("A" * 100_000, "B" * 100_000),
]


@pytest.mark.parametrize("bad", BAD_MATERIAL)
def test_bad_slot_material_is_refused_and_nothing_written(
    sealed: tuple[Path, bytes], bad: object
) -> None:
    path, key = sealed
    before = cipher.key_file(path).read_bytes()
    with pytest.raises(CipherError) as info:
        cipher.add_sealed_account(path, key, "neu", bad)  # type: ignore[arg-type]
    assert str(info.value) == "This account's key material is not valid; nothing was changed."
    assert cipher.key_file(path).read_bytes() == before


def test_sealing_needs_this_databases_key_and_a_valid_name(
    sealed: tuple[Path, bytes], material: SlotMaterial
) -> None:
    path, _ = sealed
    before = cipher.key_file(path).read_bytes()
    with pytest.raises(CipherError, match="does not belong to this database"):
        cipher.add_sealed_account(path, cipher.new_key(), "neu", material)
    with pytest.raises(CipherError, match="account name must have"):
        cipher.add_sealed_account(path, cipher.new_key(), "a\x00b", material)
    assert cipher.key_file(path).read_bytes() == before


def test_rewrapping_after_a_password_change_replaces_the_entry(
    sealed: tuple[Path, bytes],
) -> None:
    path, key = sealed
    new_pw = "neues feld passwort"
    cipher.add_sealed_account(path, key, "feld", cipher.slot_material(new_pw))
    assert cipher.unlock(path, "feld", new_pw) == key
    with pytest.raises(CipherError, match="Wrong name or password"):
        cipher.unlock(path, "feld", PW)
    # A password entry becomes a sealed one too (the administration's password changed
    # centrally), and a sealed one a password entry (changed on the laptop).
    cipher.add_sealed_account(path, key, "admin", cipher.slot_material("admin neu 123"))
    assert cipher.unlock(path, "admin", "admin neu 123") == key
    cipher.change_password(path, "feld", new_pw, "drittes passwort")
    assert "kind" not in _data(path)["accounts"]["feld"]
    assert cipher.unlock(path, "feld", "drittes passwort") == key
    assert sorted(cipher.accounts(path)) == ["admin", "feld"]


def test_the_first_sealed_entry_makes_the_key_file(tmp_path: Path, material: SlotMaterial) -> None:
    path = tmp_path / "enrolled.sqlite"
    key = cipher.new_key()
    cipher.add_sealed_account(path, key, "feld", material)
    assert (cipher.key_file(path).stat().st_mode & 0o777) == 0o600
    db = open_database(str(path), key=key)
    db.dispose()
    opened = cipher.open_for(str(path), "feld", PW)
    opened.dispose()


# -- the failure counter in the key file -----------------------------------------------------


def test_five_wrong_passwords_lock_the_entry_for_fifteen_minutes(
    sealed: tuple[Path, bytes],
) -> None:
    path, key = sealed
    for attempt in range(1, 5):
        with pytest.raises(CipherError) as info:
            cipher.unlock(path, "feld", f"falsch {attempt}", now=NOW)
        assert info.value.code == "wrong_login"
        assert _data(path)["accounts"]["feld"]["failed"] == attempt
    with pytest.raises(CipherError) as info:
        cipher.unlock(path, "feld", "falsch 5", now=NOW)
    assert str(info.value) == (
        "After too many failed logins the account is locked until 10:15; the database was not "
        "opened."
    )
    assert info.value.message("de").startswith("Nach zu vielen falschen Anmeldungen")
    # Locked: the right password opens nothing either, and no Argon2id is spent on it.
    for later in (1, 14):
        with pytest.raises(CipherError, match="locked until 10:15"):
            cipher.unlock(path, "feld", PW, now=NOW + timedelta(minutes=later))
    # Another account of the same laptop is not locked.
    assert cipher.unlock(path, "admin", "admin passwort", now=NOW) == key
    # After 15 minutes the right password opens it and clears the count.
    assert cipher.unlock(path, "feld", PW, now=NOW + timedelta(minutes=15, seconds=1)) == key
    entry = _data(path)["accounts"]["feld"]
    assert "failed" not in entry
    assert "locked_until" not in entry


def test_a_success_resets_the_count(sealed: tuple[Path, bytes]) -> None:
    path, key = sealed
    for _ in range(4):
        with pytest.raises(CipherError):
            cipher.unlock(path, "feld", "falsch", now=NOW)
    assert cipher.unlock(path, "feld", PW, now=NOW) == key
    for _ in range(4):  # four more do not lock: the count started anew
        with pytest.raises(CipherError, match="Wrong name or password"):
            cipher.unlock(path, "feld", "falsch", now=NOW)
    assert cipher.unlock(path, "feld", PW, now=NOW) == key


def test_a_new_password_lifts_the_lock(sealed: tuple[Path, bytes]) -> None:
    path, key = sealed
    for _ in range(5):
        with pytest.raises(CipherError):
            cipher.unlock(path, "admin", "falsch", now=NOW)
    with pytest.raises(CipherError, match="locked"):
        cipher.unlock(path, "admin", "admin passwort", now=NOW)
    cipher.add_account(path, key, "admin", "neues admin passwort")  # set by another admin
    assert cipher.unlock(path, "admin", "neues admin passwort", now=NOW) == key


def test_a_lock_beyond_the_policy_is_not_ours_and_is_ignored(sealed: tuple[Path, bytes]) -> None:
    # A lock set by hand a year ahead (or a clock set back) would shut the account out for
    # good: only a lock within LOCK_MINUTES of now counts.
    path, key = sealed
    data = _data(path)
    data["accounts"]["feld"]["locked_until"] = int((NOW + timedelta(days=365)).timestamp())
    _write(path, data)
    assert cipher.unlock(path, "feld", PW, now=NOW) == key


def test_an_unknown_name_is_not_counted_and_writes_nothing(sealed: tuple[Path, bytes]) -> None:
    path, _ = sealed
    before = cipher.key_file(path).read_bytes()
    for _ in range(6):
        with pytest.raises(CipherError, match="Wrong name or password"):
            cipher.unlock(path, "niemand", PW, now=NOW)
    assert cipher.key_file(path).read_bytes() == before


def test_a_key_file_that_cannot_be_written_still_says_wrong_login(
    sealed: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key = sealed
    before = cipher.key_file(path).read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cipher.os, "replace", full_disk)
    with pytest.raises(CipherError) as info:
        cipher.unlock(path, "feld", "falsch", now=NOW)
    assert str(info.value) == WRONG
    assert cipher.unlock(path, "feld", PW, now=NOW) == key
    monkeypatch.undo()
    assert cipher.key_file(path).read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_key_files_policy_is_the_accounts_policy() -> None:
    assert (cipher.MAX_FAILURES, cipher.LOCK_MINUTES) == (
        accounts.MAX_FAILURES,
        accounts.LOCK_MINUTES,
    )


# -- the account carries its slot material ---------------------------------------------------


def test_an_account_gets_slot_material_that_a_key_can_be_sealed_to(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "office.sqlite"))
    try:
        with db.session() as s:
            accounts.add_account(s, NewAccount("feld", "admin"), PW, NOW)
        with db.session() as s:
            account = s.scalars(select(Account)).one()
            first = accounts.slot_of(account)
            assert first is not None
            assert PW not in (account.slot_salt or "") + (account.slot_public or "")
        path = tmp_path / "laptop.sqlite"
        key = cipher.new_key()
        cipher.add_sealed_account(path, key, "feld", first)
        assert cipher.unlock(path, "feld", PW) == key
        # A new password gives new material; the old one does not fit it.
        with db.session() as s:
            accounts.set_password(s, "feld", "anderes passwort", NOW)
        with db.session() as s:
            second = accounts.slot_of(s.scalars(select(Account)).one())
        assert second is not None
        assert second != first
        cipher.add_sealed_account(path, key, "feld", second)
        assert cipher.unlock(path, "feld", "anderes passwort") == key
        # A refused password leaves the material as it was.
        with db.session() as s, pytest.raises(accounts.AccountError):
            accounts.set_password(s, "feld", "kurz", NOW)
        with db.session() as s:
            assert accounts.slot_of(s.scalars(select(Account)).one()) == second
    finally:
        db.dispose()


def test_material_made_at_another_cost_still_seals_and_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost is part of the material: an account whose password was set under another
    Argon2id cost (an older fieldkit, another machine's policy) still opens its sealed entry."""
    monkeypatch.setattr(
        cipher, "ARGON2", {"time_cost": 2, "memory_cost": 8 * 1024, "parallelism": 2}
    )
    old = cipher.slot_material(PW)
    monkeypatch.setattr(
        cipher, "ARGON2", {"time_cost": 1, "memory_cost": 16 * 1024, "parallelism": 1}
    )
    database = tmp_path / "cost.sqlite"
    key = cipher.new_key()
    cipher.add_sealed_account(database, key, "ada", old)
    assert cipher.unlock(database, "ada", PW) == key
    for bad in ("t=1,m=1,p=1$", "t=99,m=16384,p=1$", "x=1$", "t=1,m=16384$"):
        salt = bad + old.salt.rpartition("$")[2]
        with pytest.raises(CipherError):
            cipher.add_sealed_account(database, key, "bob", SlotMaterial(salt, old.public))
