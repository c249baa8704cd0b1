"""``fieldkit user …`` and the CLI's login (issue 14, item 1), against real SQLite files.

The first ``user add`` on a plain SQLite file encrypts it (item 2): from then on a wrong
password is refused at the key file ("Wrong name or password; the database was not
opened."), which also counts failures and locks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.commands import login as cli_login
from fieldkit.services import demo_accounts
from fieldkit.store import cipher
from fieldkit.store.db import open_database
from fieldkit.store.models_accounts import Account

ADMIN_PW = "admin-passwort-1"
BERG_PW = "berg-passwort-22"


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests have no terminal: nothing is asked, the environment is all there is."""
    for name in ("FIELDKIT_USER", "FIELDKIT_PASSWORD", "FIELDKIT_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    cli_login._asked.clear()


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path | str,
    *argv: str,
    user: str = "",
    password: str = "",
    new: str = "",
) -> tuple[int, str, str]:
    for name, value in (
        ("FIELDKIT_USER", user),
        ("FIELDKIT_PASSWORD", password),
        ("FIELDKIT_NEW_PASSWORD", new),
    ):
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    code = main([*argv, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def with_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    db = tmp_path / "office.sqlite"
    code, out, err = run(capsys, monkeypatch, db, "user", "add", "Chefin", new=ADMIN_PW)
    assert (code, err) == (0, "")
    assert "Chefin" in out
    assert "office.sqlite is now encrypted" in out
    assert ADMIN_PW not in out
    return db


def test_the_first_account_encrypts_a_plain_file(with_admin: Path) -> None:
    data = with_admin.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"Chefin" not in data
    assert b"argon2" not in data
    assert cipher.accounts(with_admin) == ["chefin"]
    assert (cipher.key_file(with_admin).stat().st_mode & 0o777) == 0o600
    assert [p.name for p in with_admin.parent.iterdir() if "encrypting" in p.name] == []
    db = cipher.open_for(str(with_admin), "chefin", ADMIN_PW)
    with db.session() as s:
        assert s.scalars(select(Account.name)).all() == ["Chefin"]
    db.dispose()


def test_a_first_account_on_an_existing_plain_office_file_encrypts_it_with_its_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = Path(__file__).resolve().parent / "data" / "setup-office.toml"
    db = tmp_path / "office.sqlite"
    assert run(capsys, monkeypatch, db, "setup", "apply", str(setup))[0] == 0
    plain = db.read_bytes()
    assert plain.startswith(b"SQLite format 3")
    code, _, err = run(capsys, monkeypatch, db, "user", "add", "chefin", new=ADMIN_PW)
    assert (code, err) == (0, "")
    assert not db.read_bytes().startswith(b"SQLite format 3")
    code, _, err = run(
        capsys, monkeypatch, db, "setup", "export", str(tmp_path / "back.toml"),
        user="chefin", password=ADMIN_PW,
    )  # fmt: skip
    assert code == 0, err


def test_a_failed_encryption_leaves_the_file_plain_and_without_the_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.store import encrypt

    def differs(*_args: object) -> None:
        raise encrypt.sqlcipher.DatabaseError("the encrypted copy differs from the database")

    real_verify = encrypt._verify
    monkeypatch.setattr(encrypt, "_verify", differs)
    db = tmp_path / "office.sqlite"
    code, _, err = run(capsys, monkeypatch, db, "user", "add", "Chefin", new=ADMIN_PW)
    assert code == 1
    assert err.count("\n") == 1
    assert "could not be encrypted" in err
    assert "The account Chefin was not added." in err
    assert "Traceback" not in err
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert not cipher.is_encrypted(db)
    opened = open_database(str(db))
    with opened.session() as s:
        assert s.scalars(select(Account.name)).all() == []
    opened.dispose()
    monkeypatch.setattr(encrypt, "_verify", real_verify)
    code, _, err = run(capsys, monkeypatch, db, "user", "add", "Chefin", new=ADMIN_PW)
    assert (code, err) == (0, "")  # a second try works: nothing was left behind


def test_a_postgresql_database_is_never_encrypted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_sync_helpers import create_database, drop_database

    central = create_database()  # a new, empty central database: no account yet
    try:
        monkeypatch.setenv("FIELDKIT_NEW_PASSWORD", ADMIN_PW)
        code = main(["user", "add", "zentrale", "--db", central])
        out, err = capsys.readouterr()
        assert (code, err) == (0, "")
        assert out == "Account zentrale (Administration) added.\n"
        db = open_database(central)
        with db.session() as s:
            assert s.scalars(select(Account.name)).all() == ["zentrale"]
        db.dispose()
    finally:
        drop_database(central)


def test_first_account_needs_no_login_and_is_the_admin(
    with_admin: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, with_admin, "user", "list", user="chefin", password=ADMIN_PW
    )
    assert code == 0
    assert "Chefin" in out
    assert "admin" in out
    assert "argon2" not in out


def test_first_account_must_be_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "new.sqlite"
    code, _, err = run(
        capsys, monkeypatch, db, "user", "add", "anna", "--role", "field", new=ADMIN_PW
    )
    assert code == 1
    assert "administration" in err
    assert "Traceback" not in err


def test_second_account_needs_the_admin(
    with_admin: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("user", "add", "berg", "--role", "caseworker", "--team", "521")
    code, _, err = run(capsys, monkeypatch, with_admin, *args, new=BERG_PW)
    assert code == 1
    assert "needs a login" in err
    code, _, err = run(
        capsys, monkeypatch, with_admin, *args, user="Chefin", password="falsch-falsch", new=BERG_PW
    )
    assert code == 1
    assert err.strip() == "fieldkit: Wrong name or password; the database was not opened."
    code, out, err = run(
        capsys, monkeypatch, with_admin, *args, user="Chefin", password=ADMIN_PW, new=BERG_PW
    )
    assert (code, err) == (0, "")
    # berg is no admin: berg may not add, list or disable, but may change their own password.
    code, _, err = run(
        capsys, monkeypatch, with_admin, "user", "add", "dritte", user="berg",
        password=BERG_PW, new=BERG_PW,
    )  # fmt: skip
    assert code == 1
    assert "Only the administration" in err
    code, _, err = run(
        capsys, monkeypatch, with_admin, "user", "disable", "chefin", user="berg", password=BERG_PW
    )
    assert code == 1
    code, out, err = run(
        capsys, monkeypatch, with_admin, "user", "passwd", "BERG", user="berg",
        password=BERG_PW, new="ganz-neues-passwort",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "ganz-neues-passwort" not in out
    code, _, _ = run(capsys, monkeypatch, with_admin, "week", user="berg", password=BERG_PW)
    assert code == 1
    code, _, err = run(
        capsys, monkeypatch, with_admin, "week", user="berg", password="ganz-neues-passwort"
    )
    assert "no flagged customers" in err  # logged in: the command itself ran


def test_short_password_and_hostile_names(
    with_admin: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    login = {"user": "chefin", "password": ADMIN_PW}
    code, _, err = run(capsys, monkeypatch, with_admin, "user", "add", "x", new="kurz", **login)
    assert code == 1
    assert "at least 10 characters" in err
    for name in ("", "x" * 10_000, "a\x1b[2Jb", "'; DROP TABLE account; --"):
        code, _, err = run(
            capsys, monkeypatch, with_admin, "user", "add", name, new=BERG_PW, **login
        )
        assert code == 1
        assert err.count("\n") == 1
        assert "Traceback" not in err
    db = cipher.open_for(str(with_admin), "chefin", ADMIN_PW)
    with db.session() as s:
        assert s.scalars(select(Account.name)).all() == ["Chefin"]
    db.dispose()


def test_disable_and_last_admin(
    with_admin: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    login = {"user": "chefin", "password": ADMIN_PW}
    code, _, err = run(capsys, monkeypatch, with_admin, "user", "disable", "chefin", **login)
    assert code == 1
    assert "last administration account" in err
    run(capsys, monkeypatch, with_admin, "user", "add", "berg", "--role", "caseworker",
        new=BERG_PW, **login)  # fmt: skip
    code, _, _ = run(capsys, monkeypatch, with_admin, "user", "disable", "berg", **login)
    assert code == 0
    code, _, err = run(capsys, monkeypatch, with_admin, "week", user="berg", password=BERG_PW)
    assert code == 1
    assert "Wrong name or password" in err  # disabling removed berg's key entry
    assert cipher.accounts(with_admin) == ["chefin"]
    code, _, err = run(capsys, monkeypatch, with_admin, "user", "disable", "niemand", **login)
    assert code == 1
    assert "no such account" in err


def test_lockout_holds_across_commands(
    with_admin: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is encrypted: the key file counts the failures before the database opens.
    for _ in range(4):
        code, _, err = run(capsys, monkeypatch, with_admin, "week", user="chefin", password="nein")
        assert (code, err) == (
            1,
            "fieldkit: Wrong name or password; the database was not opened.\n",
        )
    code, _, err = run(capsys, monkeypatch, with_admin, "week", user="chefin", password="nein")
    assert code == 1
    assert "locked until" in err
    code, _, err = run(capsys, monkeypatch, with_admin, "week", user="chefin", password=ADMIN_PW)
    assert code == 1
    assert "locked until" in err


def test_database_without_accounts_needs_no_login(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, tmp_path / "plain.sqlite", "week")
    assert code == 1
    assert "no flagged customers" in err


def test_demo_writes_one_account_per_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, monkeypatch, db, "demo", "--count", "5")
    assert code == 0
    assert demo_accounts.DEMO_PASSWORD not in out
    # A pure demo database: commands work without a login, and with a demo login.
    assert run(capsys, monkeypatch, db, "week")[0] == 0
    code, _, err = run(
        capsys, monkeypatch, db, "week", user="demo-aussendienst",
        password=demo_accounts.DEMO_PASSWORD,
    )  # fmt: skip
    assert (code, err) == (0, "")
    # Managing accounts needs the administration even there.
    assert run(capsys, monkeypatch, db, "user", "list")[0] == 1
    code, out, _ = run(
        capsys, monkeypatch, db, "user", "list", user="demo-administration",
        password=demo_accounts.DEMO_PASSWORD,
    )  # fmt: skip
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == [
        "admin", "field", "caseworker", "teamlead",
    ]  # fmt: skip


def test_setup_apply_on_a_database_without_accounts_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = Path(__file__).resolve().parent / "data" / "setup-office.toml"
    code, _, err = run(capsys, monkeypatch, tmp_path / "s.sqlite", "setup", "apply", str(setup))
    assert code == 0, err
    assert "fieldkit user add NAME --role admin" in err
