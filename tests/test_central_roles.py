"""Login roles per account on the real PostgreSQL (issue 15, item 1): made, changed, disabled.

Roles are cluster-wide: every test uses random names and drops what it made.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit.sync import central_roles as cr
from tests.test_sync_helpers import pg_admin_url


@pytest.fixture
def admin() -> Iterator[sa.Engine]:
    engine = sa.create_engine(pg_admin_url())
    made: list[str] = []
    engine.info_made = made  # type: ignore[attr-defined]
    yield engine
    with engine.begin() as conn:
        for name in made:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {_quoted(name)}"))
    engine.dispose()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _name(admin: sa.Engine, stem: str = "fkrt") -> str:
    name = f"{stem}_{uuid.uuid4().hex[:10]}"
    admin.info_made.append(name.lower())  # type: ignore[attr-defined]
    return name


def _role(conn: sa.Connection, name: str) -> Any:
    return conn.execute(
        sa.text("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
    ).first()


def _groups(conn: sa.Connection, name: str) -> set[str]:
    return set(
        conn.scalars(
            sa.text(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :n"
            ),
            {"n": name},
        )
    )


def test_a_new_account_gets_a_login_role_with_its_password_in_its_group(
    admin: sa.Engine,
) -> None:
    account = _name(admin, "FKRT_Anna")
    with admin.begin() as conn:
        cr.ensure_login_role(conn, account, "geheim-lang-1", "field")
    with admin.connect() as conn:
        row = _role(conn, account.lower())
        assert row is not None
        assert row[0] is True
        assert row[1].startswith("SCRAM-SHA-256$4096:")
        assert cr.verifier_matches(row[1], "geheim-lang-1")
        assert not cr.verifier_matches(row[1], "geheim-lang-2")
        assert _groups(conn, account.lower()) == {"fieldkit_field"}
        assert cr.can_login(conn, account) is True


def test_the_verifier_is_the_one_postgresql_makes_itself(admin: sa.Engine) -> None:
    """Our SCRAM verifier must be what the server would store for that password."""
    with admin.connect() as conn:
        raw = conn.connection.driver_connection
        for password in ("richtig", "Grüße-ﬁx\u00a0x", "p'; DROP ROLE x; --"):
            made = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
                password.encode(), b"x", b"scram-sha-256"
            ).decode()
            salt = made.split("$")[1].split(":")[1]
            import base64

            ours = cr.scram_verifier(password, salt=base64.b64decode(salt))
            assert ours == made, password


def test_password_change_role_change_and_disable(admin: sa.Engine) -> None:
    account = _name(admin)
    with admin.begin() as conn:
        cr.ensure_login_role(conn, account, "erstes-passwort", "caseworker")
    with admin.begin() as conn:
        cr.set_login_password(conn, account, "zweites-passwort")
    with admin.connect() as conn:
        row = _role(conn, account)
        assert row is not None
        assert cr.verifier_matches(row[1], "zweites-passwort")
    with admin.begin() as conn:  # the account became a team lead: one group only
        cr.ensure_login_role(conn, account, "drittes-passwort", "teamlead")
    with admin.connect() as conn:
        assert _groups(conn, account) == {"fieldkit_teamlead"}
    with admin.begin() as conn:
        cr.disable_login_role(conn, account)
    with admin.connect() as conn:
        assert cr.can_login(conn, account) is False


def test_a_rolled_back_transaction_leaves_no_role(admin: sa.Engine) -> None:
    account = _name(admin)
    conn = admin.connect()
    trans = conn.begin()
    cr.ensure_login_role(conn, account, "geheim-lang-1", "admin")
    trans.rollback()  # e.g. the account row failed
    conn.close()
    with admin.connect() as conn:
        assert cr.can_login(conn, account) is None


def test_hostile_names_are_quoted_and_foreign_roles_are_never_touched(
    admin: sa.Engine,
) -> None:
    hostile = _name(admin, 'x"; drop role fieldkit; --')
    with admin.begin() as conn:
        cr.ensure_login_role(conn, hostile, "a'b\"c$$d", "field")
    with admin.connect() as conn:
        row = _role(conn, hostile.lower())
        assert row is not None
        assert cr.verifier_matches(row[1], "a'b\"c$$d")
        owner = conn.scalar(sa.text("SELECT current_user"))
        before = _role(conn, owner)
    # The database owner (a superuser here) and a plain role are not fieldkit's.
    plain = _name(admin)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE ROLE {_quoted(plain)} LOGIN"))
    for victim in (owner, plain):
        for action in (
            lambda c, v=victim: cr.ensure_login_role(c, v, "uebernommen", "admin"),
            lambda c, v=victim: cr.set_login_password(c, v, "uebernommen"),
            lambda c, v=victim: cr.disable_login_role(c, v),
        ):
            with pytest.raises(cr.RoleError) as caught, admin.begin() as conn:
                action(conn)
            assert caught.value.code == "foreign_role"
    with admin.connect() as conn:
        assert _role(conn, owner) == before
        assert _groups(conn, plain) == set()


@pytest.mark.parametrize(
    ("account", "role", "code"),
    [
        ("", "field", "bad_name"),
        ("x" * 64, "field", "bad_name"),
        ("pg_monitor", "field", "bad_name"),
        ("fieldkit_admin", "field", "bad_name"),
        ("tab\tname", "field", "bad_name"),
        (42, "field", "bad_name"),
        ("ok_name", "superuser", "bad_role"),
    ],
)
def test_bad_input_is_one_sentence(admin: sa.Engine, account: object, role: str, code: str) -> None:
    with pytest.raises(cr.RoleError) as caught, admin.begin() as conn:
        cr.ensure_login_role(conn, account, "geheim-lang-1", role)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.message("de")
    assert caught.value.message("en")


def test_an_empty_password_and_a_missing_role_are_refused(admin: sa.Engine) -> None:
    account = _name(admin)
    with pytest.raises(cr.RoleError) as caught, admin.begin() as conn:
        cr.ensure_login_role(conn, account, "", "field")
    assert caught.value.code == "bad_password"
    with pytest.raises(cr.RoleError) as caught, admin.begin() as conn:
        cr.set_login_password(conn, account, "geheim-lang-1")
    assert caught.value.code == "no_role"


def test_sqlite_has_no_login_roles(tmp_path: object) -> None:
    engine = sa.create_engine("sqlite://")
    with pytest.raises(cr.RoleError) as caught, engine.begin() as conn:
        cr.ensure_login_role(conn, "anna", "geheim-lang-1", "field")
    assert caught.value.code == "not_postgresql"
