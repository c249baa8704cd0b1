"""``fieldkit user add|passwd|disable --db CENTRAL``: the account row and its login role move
together, in one transaction (issue 15, item 1), on the real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit.sync import central_roles as cr
from tests.test_accounts_cli import _no_terminal  # noqa: F401  (autouse: no terminal here)
from tests.test_accounts_cli import run as _run
from tests.test_sync_helpers import ANNA

ADMIN_PW = "admin-passwort-1"
# The seeded central database is the demo's: it has the demo accounts.
DEMO = {"user": "demo-administration", "password": "demo-passwort"}


# ``central``: this test's copy of the session's seeded template (tests/conftest.py); the
# module built a second, identical template of its own before (3-5 s per run).


@pytest.fixture
def names(central: str) -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    engine = sa.create_engine(central)
    with engine.begin() as conn:
        for name in made:
            conn.execute(sa.text('DROP ROLE IF EXISTS "' + name.replace('"', '""') + '"'))
    engine.dispose()


def _name(names: list[str], stem: str) -> str:
    name = f"{stem}_{uuid.uuid4().hex[:8]}"
    names.append(name.lower())
    return name


def _state(url: str, name: str) -> dict[str, Any]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        account = conn.execute(
            sa.text("SELECT role, disabled FROM account WHERE name_key = :n"), {"n": name.lower()}
        ).first()
        role = conn.execute(
            sa.text("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": name.lower()},
        ).first()
        groups = set(
            conn.scalars(
                sa.text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                    " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :n"
                ),
                {"n": name.lower()},
            )
        )
    engine.dispose()
    return {"account": account, "role": role, "groups": groups}


def test_add_passwd_disable_move_the_account_and_its_login_role(
    central: str,
    names: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = _name(names, "Chefin")
    code, _, err = _run(capsys, monkeypatch, central, "user", "add", admin, new=ADMIN_PW, **DEMO)
    assert (code, err) == (0, "")
    state = _state(central, admin)
    assert state["account"] == ("admin", False)
    assert state["groups"] == {"fieldkit_admin"}
    assert cr.verifier_matches(state["role"][1], ADMIN_PW)

    as_admin = {"user": admin, "password": ADMIN_PW}
    _add_passwd_disable(capsys, monkeypatch, central, central, _name(names, "Anna"), as_admin)


def _add_passwd_disable(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    central: str,
    field: str,
    as_admin: dict[str, str],
) -> None:
    """``user add``, ``passwd`` and ``disable`` of an outreach account through ``url`` (as
    ``as_admin``): the account row and its login role move together on ``central``."""
    argv: tuple[str, ...] = ("user", "add", field, "--role", "field", "--worker", ANNA)
    code, _, err = _run(capsys, monkeypatch, url, *argv, new="anna-passwort-1", **as_admin)
    assert (code, err) == (0, "")
    state = _state(central, field)
    assert state["account"] == ("field", False)
    assert state["groups"] == {"fieldkit_field"}
    assert state["role"][0] is True
    assert cr.verifier_matches(state["role"][1], "anna-passwort-1")

    argv = ("user", "passwd", field)
    code, out, err = _run(capsys, monkeypatch, url, *argv, new="anna-passwort-2", **as_admin)
    assert (code, err) == (0, "")
    assert "anna-passwort" not in out
    assert cr.verifier_matches(_state(central, field)["role"][1], "anna-passwort-2")

    code, _, err = _run(capsys, monkeypatch, url, "user", "disable", field, **as_admin)
    assert (code, err) == (0, "")
    state = _state(central, field)
    assert state["account"] == ("field", True)
    assert state["role"][0] is False


def test_an_account_named_like_a_foreign_role_is_not_made_at_all(
    central: str,
    names: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = str(sa.engine.make_url(central).username)
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        before = conn.scalar(
            sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": owner}
        )
    engine.dispose()
    code, out, err = _run(capsys, monkeypatch, central, "user", "add", owner, new=ADMIN_PW, **DEMO)
    assert code != 0
    assert "not one of fieldkit's" in err
    assert "Traceback" not in err
    assert ADMIN_PW not in out + err
    state = _state(central, owner)
    assert state["account"] is None  # the account row was rolled back with the role
    assert state["role"][1] == before


def test_the_administrations_own_login_manages_login_roles_without_createrole(
    central: str,
    names: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A back-office PC works as the person's own login role. The administration's has no
    CREATEROLE (it could change any role of the server); it makes, changes and disables
    fieldkit's login roles through the owner's fieldkit_set_login, and nothing else."""
    from tests.test_sync_helpers import add_login, login_url

    admin = add_login(central, "admin")
    names.append(admin)
    as_admin = {"user": admin, "password": "test"}
    url = login_url(central, admin)
    _add_passwd_disable(capsys, monkeypatch, url, central, _name(names, "Anna"), as_admin)

    # The owner's role stays out of reach; an account named like it is not made at all.
    owner = str(sa.engine.make_url(central).username)
    code, _, err = _run(capsys, monkeypatch, url, "user", "add", owner, new="x" * 12, **as_admin)
    assert code != 0
    assert "not one of fieldkit's" in err
    assert _state(central, owner)["account"] is None

    # Another group's login may only set its own password through the function.
    other = add_login(central, "field", worker=ANNA)
    names.append(other)
    engine = sa.create_engine(login_url(central, other))
    verifier = cr.scram_verifier("ein-neues-passwort")
    with (
        engine.connect() as conn,
        pytest.raises(sa.exc.ProgrammingError, match="only the administration"),
    ):
        conn.execute(
            sa.text("SELECT fieldkit_set_login(:n, :v, 'fieldkit_field', true)"),
            {"n": admin, "v": verifier},
        )
    with engine.begin() as conn:  # its own: the password only, never another group
        conn.execute(
            sa.text("SELECT fieldkit_set_login(:n, :v, 'fieldkit_admin', true)"),
            {"n": other, "v": verifier},
        )
    engine.dispose()
    state = _state(central, other)
    assert state["groups"] == {"fieldkit_field"}
    assert cr.verifier_matches(state["role"][1], "ein-neues-passwort")


def test_a_back_office_url_without_a_user_opens_as_the_persons_own_login(
    central: str, names: list[str]
) -> None:
    """IT configures the back-office PCs with the central database's address and no user:
    each person logs in with their account and works as its own login role, so row-level
    security applies to the back office too (the app's login window calls this)."""
    from datetime import datetime

    from fieldkit.domain.week import BERLIN
    from fieldkit.services import login
    from fieldkit.services.accounts import AccountError
    from fieldkit.settings import Settings
    from fieldkit.store.db import StoreError
    from tests.test_sync_helpers import add_login

    admin = add_login(central, "admin")
    names.append(admin)
    bare = sa.engine.make_url(central)._replace(username=None, password=None)
    url = bare.render_as_string(hide_password=False)
    assert login.central_without_user(url)
    assert not login.central_without_user(central)  # a user in the address: as before
    assert not login.central_without_user("/tmp/laptop.sqlite")
    db = login.open_as_account(url, admin.upper(), "test")
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT session_user")) == admin
    now = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    assert login.login(db, admin, "test", now, Settings()).account_role == "admin"
    db.dispose()
    with pytest.raises(AccountError) as refused:
        login.open_as_account(url, f"niemand_{uuid.uuid4().hex[:6]}", "irgendwas-langes")
    assert refused.value.code == "wrong"  # never which of name and password
    elsewhere = bare.set(database="fk_no_such_db").render_as_string(hide_password=False)
    with pytest.raises(StoreError, match="fk_no_such_db"):  # not "wrong name or password"
        login.open_as_account(elsewhere, admin, "test")
