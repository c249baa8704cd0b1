"""Accounts and login (issue 14, item 1): services.accounts against a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.domain.week import BERLIN
from fieldkit.services import accounts
from fieldkit.services.accounts import AccountError, NewAccount
from fieldkit.services.office import Identity
from fieldkit.store.db import Database, open_database, sqlite_file
from fieldkit.store.models import OutreachWorker
from fieldkit.store.models_accounts import Account

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
PW = "richtig-langes-passwort"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "accounts.sqlite"))
    with database.session() as session:
        session.add(OutreachWorker(name="Frau Aussen"))
    yield database
    database.dispose()


def add(db: Database, name: str, role: str, **kw: str) -> None:
    with db.session() as s:
        accounts.add_account(s, NewAccount(name, role, **kw), PW, NOW)


def login(
    db: Database, name: object, pw: object, now: datetime = NOW, allowed_roles: tuple[str, ...] = ()
) -> Identity:
    with db.session() as s:
        return accounts.authenticate(s, name, pw, now, allowed_roles=allowed_roles)


def test_no_accounts_then_one(db: Database) -> None:
    with db.session() as s:
        assert not accounts.has_accounts(s)
    add(db, "Admin", "admin")
    with db.session() as s:
        assert accounts.has_accounts(s)


def test_only_an_argon2id_hash_is_stored(db: Database) -> None:
    add(db, "berg", "caseworker", caseworker="Frau Berg", team="521")
    with db.session() as s:
        stored = s.scalars(select(Account.password_hash)).one()
    assert stored.startswith("$argon2id$")
    assert PW not in stored
    file = sqlite_file(db.url)
    assert file is not None
    raw = file.read_bytes()
    assert PW.encode() not in raw


def test_identity_comes_from_the_account(db: Database) -> None:
    add(db, "aussen", "field", worker="Frau Aussen", team="521")
    add(db, "berg", "caseworker", caseworker="Frau Berg", team="521")
    add(db, "lead", "teamlead", caseworker="Herr Lead", team="521")
    add(db, "root", "admin")
    field = login(db, "AUSSEN", PW)  # the name in any case
    assert (field.role, field.worker, field.account, field.account_role) == (
        "field", "Frau Aussen", "aussen", "field",
    )  # fmt: skip
    cw = login(db, "berg", PW)
    assert (cw.role, cw.caseworker, cw.team, cw.team_lead) == ("office", "Frau Berg", "521", False)
    assert login(db, "lead", PW).team_lead
    admin = login(db, "root", PW)
    assert (admin.role, admin.account_role) == ("admin", "admin")


def test_wrong_password_and_unknown_name_get_the_same_sentence(db: Database) -> None:
    add(db, "berg", "caseworker")
    with pytest.raises(AccountError) as wrong_pw:
        login(db, "berg", "falsches-passwort")
    with pytest.raises(AccountError) as unknown:
        login(db, "niemand", PW)
    assert wrong_pw.value.message("de") == unknown.value.message("de")
    assert wrong_pw.value.message("en") == unknown.value.message("en")
    assert "berg" not in wrong_pw.value.message("en")


def test_lockout_after_five_failures_and_its_expiry(db: Database) -> None:
    add(db, "berg", "caseworker")
    for _ in range(accounts.MAX_FAILURES - 1):
        with pytest.raises(AccountError) as exc:
            login(db, "berg", "falsches-passwort")
        assert exc.value.code == "wrong"
    with pytest.raises(AccountError) as exc:
        login(db, "berg", "falsches-passwort")
    assert exc.value.code == "locked"
    # Locked: even the right password is refused, and the lock was kept in the database.
    with pytest.raises(AccountError) as exc:
        login(db, "berg", PW, NOW + timedelta(minutes=14))
    assert exc.value.code == "locked"
    assert "09:15" in exc.value.message("de")
    assert login(db, "berg", PW, NOW + timedelta(minutes=16)).account == "berg"
    with db.session() as s:
        row = s.scalars(select(Account)).one()
        assert row.failed_logins == 0
        assert row.locked_until is None


def test_disabled_account_is_refused(db: Database) -> None:
    add(db, "root", "admin")
    add(db, "berg", "caseworker")
    with db.session() as s:
        accounts.disable(s, "BERG")
    with pytest.raises(AccountError) as exc:
        login(db, "berg", PW)
    assert exc.value.code == "disabled"
    with pytest.raises(AccountError) as exc, db.session() as s:
        accounts.disable(s, "root")
    assert exc.value.code == "last_admin"


def test_short_password_one_sentence(db: Database) -> None:
    with pytest.raises(AccountError) as exc, db.session() as s:
        accounts.add_account(s, NewAccount("berg", "caseworker"), "kurz", NOW)
    assert exc.value.code == "short_password"
    assert "10" in exc.value.message("de")
    with db.session() as s:
        assert not accounts.has_accounts(s)  # nothing half-written


def test_set_password_and_lift_lock(db: Database) -> None:
    add(db, "berg", "caseworker")
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(AccountError):
            login(db, "berg", "falsches-passwort")
    with db.session() as s:
        accounts.set_password(s, "berg", "ein-neues-passwort", NOW)
    assert login(db, "berg", "ein-neues-passwort").account == "berg"
    with pytest.raises(AccountError):
        login(db, "berg", PW)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 10_000, "ber\x00g", "ber\ng", "b\x1b[31m", "x' OR '1'='1", "a;DROP TABLE"],
)
def test_hostile_names_are_refused_cleanly(db: Database, name: str) -> None:
    with pytest.raises(AccountError) as exc, db.session() as s:
        accounts.add_account(s, NewAccount(name, "admin"), PW, NOW)
    assert exc.value.code == "bad_name"
    with pytest.raises(AccountError) as exc:
        login(db, name, PW)
    assert exc.value.code == "wrong"


@pytest.mark.parametrize("pw", [None, 12345678901, "", "x" * 100_000])
def test_wrong_type_or_huge_password_is_just_wrong(db: Database, pw: object) -> None:
    add(db, "berg", "caseworker")
    with pytest.raises(AccountError) as exc:
        login(db, "berg", pw)
    assert exc.value.code == "wrong"


def test_sql_ish_name_is_a_name_not_sql(db: Database) -> None:
    add(db, "o.brien-1@team", "caseworker")
    with pytest.raises(AccountError):
        login(db, "' OR 1=1 --", PW)
    assert login(db, "O.Brien-1@TEAM", PW).account == "o.brien-1@team"


def test_taken_name_bad_role_unknown_worker(db: Database) -> None:
    add(db, "berg", "caseworker")
    cases = [
        (NewAccount("BERG", "caseworker"), "taken"),
        (NewAccount("neu", "chef"), "bad_role"),
        (NewAccount("neu", "field", worker="Niemand"), "unknown_worker"),
    ]
    for new, code in cases:
        with pytest.raises(AccountError) as exc, db.session() as s:
            accounts.add_account(s, new, PW, NOW)
        assert exc.value.code == code


def test_machine_policy_refuses_a_role(db: Database) -> None:
    add(db, "berg", "caseworker")
    add(db, "aussen", "field", worker="Frau Aussen")
    with pytest.raises(AccountError) as exc:
        login(db, "berg", PW, allowed_roles=("field",))
    assert exc.value.code == "role_not_allowed"
    assert "Sachbearbeitung" in exc.value.message("de")
    assert login(db, "aussen", PW, allowed_roles=("field",)).worker == "Frau Aussen"


def test_list_accounts_shows_no_hash(db: Database) -> None:
    add(db, "aussen", "field", worker="Frau Aussen")
    add(db, "Berg", "caseworker")
    with db.session() as s:
        rows = accounts.list_accounts(s)
    assert [(r.name, r.worker) for r in rows] == [("aussen", "Frau Aussen"), ("Berg", "")]
    assert not any("argon2" in str(r) for r in rows)
