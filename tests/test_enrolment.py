"""``fieldkit enroll``: an administrator sets up a laptop for its accounts (issue 15, item 2),
and every sync pulls the accounts again; real PostgreSQL and real (encrypted) SQLite files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit.cli import main
from fieldkit.commands import login as cli_login
from fieldkit.domain import roles
from fieldkit.domain.permissions import ANYONE
from fieldkit.services import accounts, login
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store import cipher
from fieldkit.store.db import open_database
from fieldkit.store.models_accounts import Account
from fieldkit.store.models_sync import SyncConflict
from fieldkit.sync import service
from fieldkit.sync.accounts import has_slot_columns
from fieldkit.sync.errors import SyncError
from tests.test_accounts_cli import _no_terminal  # noqa: F401  (autouse: no terminal here)
from tests.test_sync_helpers import ANNA, NOW, as_worker, central_copy

ADMIN = "demo-administration"
FIELD = "demo-aussendienst"  # Anna Berger's account in the demo
PW = "demo-passwort"


@pytest.fixture
def central(central_template: str) -> Iterator[str]:
    yield from central_copy(central_template)


def _enroll(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    user: str = ADMIN,
    password: str = PW,
) -> tuple[int, str, str]:
    monkeypatch.setenv("FIELDKIT_USER", user)
    monkeypatch.setenv("FIELDKIT_PASSWORD", password)
    cli_login._asked.clear()
    code = main(["enroll", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _central_account(url: str, name: str) -> dict[str, object]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(Account.__table__).where(Account.__table__.c.name_key == name)
        ).one()
    engine.dispose()
    return dict(row._mapping)


def _login(path: Path, user: str, password: str, *, key_user: str = ADMIN) -> Identity:
    """Log in on the laptop as the app does, the file opened with ``key_user``'s key."""
    db = open_database(str(path), key=cipher.unlock(path, key_user, PW))
    try:
        return login.login(db, user, password, NOW, Settings())
    finally:
        db.dispose()


def test_enroll_makes_an_encrypted_laptop_with_its_accounts_and_sync_keys(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    argv = ("--db", str(laptop), "--central", central, "--worker", ANNA)
    code, out, err = _enroll(capsys, monkeypatch, *argv)
    assert (code, err) == (0, "")
    assert PW not in out
    assert "enrolled" in out
    # Encrypted at rest, first key entry the administrator's.
    assert cipher.is_encrypted(laptop)
    assert ADMIN in cipher.accounts(laptop)
    db = open_database(str(laptop), key=cipher.unlock(laptop, ADMIN, PW))
    try:
        with db.session() as session:
            got = {a.name: a for a in session.scalars(sa.select(Account))}
            # Anna's field accounts (the demo's, and the test template's own field login)
            # and the administrator: not the caseworkers', not the team lead's.
            assert {ADMIN, FIELD} <= set(got)
            assert {a.role for n, a in got.items() if n != ADMIN} == {"field"}
            assert len({a.worker_id for n, a in got.items() if n != ADMIN}) == 1
            field = got[FIELD]
            central_row = _central_account(central, FIELD)
            assert field.password_hash == central_row["password_hash"]
            assert field.id == central_row["id"]
            assert field.full_name == ""  # only what a login needs
            device = db.device_id
    finally:
        db.dispose()
    # Login works offline, with the worker of the account.
    who = _login(laptop, FIELD, PW)
    assert (who.account_role, who.worker) == (roles.FIELD, ANNA)
    # The sync keys were exchanged (today's `sync --enrol`), the worker remembered.
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        enrolled = conn.scalar(
            sa.text("SELECT count(*) FROM sync_device WHERE device = :d"), {"d": device}
        )
    engine.dispose()
    assert enrolled == 1
    assert Settings.load().sync.worker_name == ANNA


@pytest.mark.parametrize(
    ("user", "password", "worker", "needle"),
    [
        (FIELD, PW, ANNA, "lacks the permission"),  # only the administration enrols
        (ADMIN, "falsch-falsch", ANNA, "Wrong"),
        (ADMIN, PW, "Niemand Unbekannt", "no outreach worker named"),
        (ADMIN, PW, "x" * 5000, "no outreach worker named"),
    ],
)
def test_a_refused_enrolment_writes_no_laptop_file(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    user: str,
    password: str,
    worker: str,
    needle: str,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    argv = ("--db", str(laptop), "--central", central, "--worker", worker)
    code, out, err = _enroll(capsys, monkeypatch, *argv, user=user, password=password)
    assert code != 0
    assert needle.lower() in err.lower()
    assert "Traceback" not in err
    assert password not in out + err
    assert not laptop.exists()
    assert not cipher.key_file(laptop).exists()


def test_a_team_without_accounts_is_one_sentence(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    argv = ("--db", str(laptop), "--central", central, "--team", "999")
    code, _, err = _enroll(capsys, monkeypatch, *argv)
    assert code != 0
    assert "no active accounts for '999'" in err
    assert not laptop.exists()


def _enrolled(
    central: str, laptop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("--db", str(laptop), "--central", central, "--worker", ANNA)
    assert _enroll(capsys, monkeypatch, *argv)[0] == 0


def _central_session(url: str) -> tuple[sa.Engine, sa.orm.Session]:
    engine = sa.create_engine(url)
    return engine, sa.orm.Session(engine)


def test_the_enrolments_audit_entries_are_central_at_once_and_the_first_sync_has_no_conflict(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The administration's entries ("enrol: N accounts", the enrolment run) name it; the
    # laptop's field login may add entries only in its own name. Pushed by the first sync
    # they came back refused: two conflicts on every new laptop, none the worker could solve.
    laptop = tmp_path / "laptop.sqlite"
    _enrolled(central, laptop, capsys, monkeypatch)
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        details = set(
            conn.scalars(
                sa.text("SELECT detail FROM audit_log WHERE account = :a AND action = 'sync'"),
                {"a": ADMIN},
            )
        )
    engine.dispose()
    assert any(d.startswith("enrol: ") and d.endswith(" accounts") for d in details), details
    assert any(d.startswith("enrol ") for d in details), details  # the enrolment run
    key = cipher.unlock(laptop, ADMIN, PW)
    db = open_database(str(laptop), key=key)
    try:
        report = service.sync_network(
            db, as_worker(central, ANNA), worker=ANNA, now=NOW, identity=ANYONE, laptop_key=key
        )
        assert (report.conflicts, report.rejected) == (0, 0), report.text()
        with db.session() as session:
            assert session.scalars(sa.select(SyncConflict)).all() == []
            assert service.unsynced_count(db) == 0
    finally:
        db.dispose()


def test_a_password_changed_centrally_reaches_the_laptop_at_its_next_sync(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _enrolled(central, laptop, capsys, monkeypatch)
    engine, session = _central_session(central)
    with session:
        accounts.set_password(session, FIELD, "neues-passwort-1", NOW)
        session.commit()
    engine.dispose()
    key = cipher.unlock(laptop, ADMIN, PW)
    db = open_database(str(laptop), key=key)
    try:
        me = Identity(role="field", account=FIELD, account_role=roles.FIELD, worker=ANNA)
        report = service.sync_network(
            db, central, worker=ANNA, now=NOW, identity=me, laptop_key=key
        )
        assert FIELD in report.accounts
        assert "accounts updated: " + FIELD in report.text()
    finally:
        db.dispose()
    assert _login(laptop, FIELD, "neues-passwort-1").account == FIELD
    with pytest.raises(accounts.AccountError):
        _login(laptop, FIELD, PW)


def test_a_disabled_account_cannot_sync_and_is_locked_on_the_laptop(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _enrolled(central, laptop, capsys, monkeypatch)
    engine, session = _central_session(central)
    with session:
        accounts.disable(session, FIELD)
        session.commit()
    engine.dispose()
    db = open_database(str(laptop), key=cipher.unlock(laptop, ADMIN, PW))
    try:
        me = Identity(role="field", account=FIELD, account_role=roles.FIELD, worker=ANNA)
        with pytest.raises(SyncError) as refused:
            service.sync_network(db, central, worker=ANNA, now=NOW, identity=me)
        assert refused.value.code == "account_disabled"
        assert "disabled on the central database" in str(refused.value)
        assert service.unsynced_count(db) == 0
    finally:
        db.dispose()
    with pytest.raises(accounts.AccountError) as locked:
        _login(laptop, FIELD, PW)
    assert locked.value.code == "disabled"


@pytest.mark.skipif(
    not has_slot_columns(), reason="needs the accounts' slot material (migration 0018, crypt)"
)
def test_each_pulled_account_opens_the_laptop_with_its_own_password(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _enrolled(central, laptop, capsys, monkeypatch)
    assert FIELD in cipher.accounts(laptop)
    assert _login(laptop, FIELD, PW, key_user=FIELD).worker == ANNA


def test_a_new_password_never_splits_the_key_file_from_the_login(
    central: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The administrator's slot on the laptop is a password slot: a password set again
    centrally reaches the laptop only together with a re-wrapped key (slot material)."""
    laptop = tmp_path / "laptop.sqlite"
    _enrolled(central, laptop, capsys, monkeypatch)
    engine, session = _central_session(central)
    with session:
        accounts.set_password(session, ADMIN, "admin-neu-passwort", NOW)
        session.commit()
    engine.dispose()
    key = cipher.unlock(laptop, ADMIN, PW)
    db = open_database(str(laptop), key=key)
    try:
        me = Identity(role="field", account=FIELD, account_role=roles.FIELD, worker=ANNA)
        service.sync_network(db, central, worker=ANNA, now=NOW, identity=me, laptop_key=key)
    finally:
        db.dispose()
    if has_slot_columns():  # the key was wrapped again for the new password
        new_key = cipher.unlock(laptop, ADMIN, "admin-neu-passwort")
        db = open_database(str(laptop), key=new_key)
        try:
            assert login.login(db, ADMIN, "admin-neu-passwort", NOW, Settings()).account == ADMIN
        finally:
            db.dispose()
    else:  # no material yet: the old password still opens the file and logs in
        assert _login(laptop, ADMIN, PW).account == ADMIN
