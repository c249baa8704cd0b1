"""``fieldkit user add|passwd|disable`` write through the accounts' app operations (issue 19,
item 1): the CLI and the accounts window leave the same account row behind, and a failing
key-file step (in the operation's ``also``) leaves nothing half-written.

The twins: two copies of the office set up as a real one (tests/data/setup-office.toml) with
the same accounts, plain SQLite files (no key file), one written by the CLI, one by the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.app import ops
from fieldkit.errors import BilingualError
from fieldkit.services import accounts, login
from fieldkit.services.accounts import AccountError, NewAccount
from fieldkit.settings import Settings
from fieldkit.store import cipher
from fieldkit.store.db import Database
from fieldkit.store.models_accounts import Account
from fieldkit.ui.accounts import AccountsFeature
from fieldkit.ui.accounts.window import AccountsWindow
from fieldkit.ui.main_window import MainWindow
from tests.test_accounts_cli import (
    ADMIN_PW,
    BERG_PW,
    _no_terminal,  # noqa: F401  (autouse: no terminal here)
    run,
    with_admin,  # noqa: F401  (the encrypted office file)
)
from tests.test_app_ops import NOW, office_db
from tests.test_ui_ops_accounts import as_, names

PW = "richtig-langes-passwort"
NEW_PW = "ein-ganz-neues-passwort"
ADMIN = {"user": "chefin", "password": PW}


def _office(path: Path) -> Database:
    path.mkdir()
    db = office_db(path)
    with db.session() as session:
        accounts.add_account(session, NewAccount("chefin", "admin"), PW, NOW)
        accounts.add_account(
            session, NewAccount("keller", "caseworker", team="521", caseworker="Frau Keller"),
            PW, NOW,
        )  # fmt: skip
    return db


@pytest.fixture
def twins(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    cli, ui = _office(tmp_path / "cli"), _office(tmp_path / "ui")
    yield cli, ui
    cli.dispose()
    ui.dispose()


def _window(qtbot: QtBot, db: Database, tmp_path: Path) -> AccountsWindow:
    identity = as_(db, "chefin").identity
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(db, identity.to_settings(Settings()), state, lambda: NOW, identity=identity)
    qtbot.addWidget(main)
    dialog = main.features.get_as("accounts", AccountsFeature).open_accounts()
    qtbot.addWidget(dialog)
    return dialog


def _choose(dialog: AccountsWindow, name: str) -> None:
    dialog.table.selectRow([r.name for r in dialog.model.rows].index(name))


def _row(db: Database, name: str) -> tuple[object, ...]:
    """What the account row says, without its ids, hashes and time stamps."""
    with db.session() as session:
        a = session.scalars(select(Account).where(Account.name_key == name)).one()
        return (
            a.name, a.full_name, a.role, a.team, a.worker_id is not None, a.caseworker,
            a.failed_logins, a.locked_until, a.disabled, a.password_changed_at is not None,
        )  # fmt: skip


def _cli(
    capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch, db: Database, *argv: str
) -> str:
    file = db.url.removeprefix("sqlite:///")
    code, out, err = run(capsys, mp, file, "user", *argv, new=NEW_PW, **ADMIN)
    assert (code, err) == (0, "")
    return out


def test_user_add_writes_the_row_the_accounts_window_writes(
    twins: tuple[Database, Database],
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli, ui = twins
    argv = ("aussen", "--role", "field", "--worker", "Anna Berger", "--team", "521")
    assert _cli(capsys, monkeypatch, cli, "add", *argv) == "Account aussen (Outreach) added.\n"
    dialog = _window(qtbot, ui, tmp_path)
    dialog.name.setText("aussen")
    dialog.role.setCurrentIndex(dialog.role.findData("field"))
    dialog.team.setText("521")
    dialog.worker.setCurrentText("Anna Berger")
    dialog.password.setText(NEW_PW)
    dialog.again.setText(NEW_PW)
    assert dialog.add(), dialog.message.text()
    assert _row(cli, "aussen") == _row(ui, "aussen")
    assert _row(cli, "aussen")[:5] == ("aussen", "", "field", "521", True)
    for db in twins:
        assert login.login(db, "aussen", NEW_PW, NOW, Settings()).worker == "Anna Berger"


def test_user_passwd_writes_the_row_the_accounts_window_writes(
    twins: tuple[Database, Database],
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli, ui = twins
    for db in twins:  # a locked account: setting its password lifts the lock
        for _ in range(8):
            with pytest.raises(AccountError):
                login.login(db, "keller", "falsch-falsch", NOW, Settings())
    out = _cli(capsys, monkeypatch, cli, "passwd", "keller")
    assert out == "The password of keller was changed.\n"
    dialog = _window(qtbot, ui, tmp_path)
    _choose(dialog, "keller")
    dialog.password.setText(NEW_PW)
    dialog.again.setText(NEW_PW)
    assert dialog.set_password(), dialog.message.text()
    assert _row(cli, "keller") == _row(ui, "keller")
    assert _row(cli, "keller")[6:8] == (0, None)
    for db in twins:
        assert login.login(db, "keller", NEW_PW, NOW, Settings()).account == "keller"


def test_user_disable_writes_the_row_the_accounts_window_writes(
    twins: tuple[Database, Database],
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli, ui = twins
    assert _cli(capsys, monkeypatch, cli, "disable", "keller") == "Account keller disabled.\n"
    dialog = _window(qtbot, ui, tmp_path)
    _choose(dialog, "keller")
    assert dialog.disable(), dialog.message.text()
    assert _row(cli, "keller") == _row(ui, "keller")
    assert _row(cli, "keller")[8] is True
    for db in twins:
        with pytest.raises(AccountError):
            login.login(db, "keller", PW, NOW, Settings())


def test_a_failing_also_step_writes_nothing(twins: tuple[Database, Database]) -> None:
    db = twins[0]
    admin = as_(db, "chefin")

    def fails(_session: Session, _name: str) -> None:
        raise cipher._too_many()

    for call in (
        lambda: ops.add_account(admin, NewAccount("aussen", "field"), NEW_PW, also=fails),
        lambda: ops.set_password(admin, "keller", NEW_PW, also=fails),
        lambda: ops.disable_account(admin, "keller", also=fails),
    ):
        with pytest.raises(cipher.CipherError):
            call()
    assert names(db) == ["chefin", "keller"]
    assert login.login(db, "keller", PW, NOW, Settings()).account == "keller"


def test_a_person_sets_their_own_password_through_the_op_and_no_other(
    twins: tuple[Database, Database],
) -> None:
    clerk = as_(twins[0], "keller")
    assert ops.set_password(clerk, " KELLER ", NEW_PW).value is None
    assert login.login(twins[0], "keller", NEW_PW, NOW, Settings()).account == "keller"
    with pytest.raises(BilingualError):
        ops.set_password(clerk, "chefin", NEW_PW)
    assert login.login(twins[0], "chefin", PW, NOW, Settings()).account == "chefin"


@pytest.mark.parametrize("step", ["add_account", "remove_account"])
def test_a_failing_key_file_leaves_the_encrypted_office_as_it_was(
    with_admin: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    login_ = {"user": "chefin", "password": ADMIN_PW}
    add = ("user", "add", "berg", "--role", "caseworker", "--team", "521")
    assert run(capsys, monkeypatch, with_admin, *add, new=BERG_PW, **login_)[0] == 0
    keys = cipher.key_file(with_admin).read_bytes()

    def fails(*_args: object) -> None:
        raise cipher._too_many()

    real = getattr(cipher, step)
    monkeypatch.setattr(cipher, step, fails)
    if step == "add_account":
        tries = [("user", "add", "dritte"), ("user", "passwd", "berg")]
    else:
        tries = [("user", "disable", "berg")]
    for argv in tries:
        code, out, err = run(capsys, monkeypatch, with_admin, *argv, new=ADMIN_PW, **login_)
        assert (code, out) == (1, "")
        assert err.count("\n") == 1
        assert "cannot have more than" in err
    monkeypatch.setattr(cipher, step, real)
    assert cipher.key_file(with_admin).read_bytes() == keys
    code, out, _ = run(capsys, monkeypatch, with_admin, "user", "list", **login_)
    assert code == 0
    assert [line.split()[:4] for line in out.splitlines()] == [
        ["berg", "caseworker", "521", "active"],
        ["Chefin", "admin", "active"],
    ]
    _, _, err = run(capsys, monkeypatch, with_admin, "week", user="berg", password=BERG_PW)
    assert "no flagged customers" in err  # berg logs in with the old password: the command ran


def test_the_accounts_window_manages_accounts_of_an_encrypted_office(
    with_admin: Path,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    """The wizard encrypts a new office's file with the first account; the administration
    then adds its colleagues in *Extras → Konten*, not on a command line: each account gets
    the file's key wrapped for its password, a new password re-wraps it, a disabled account's
    password opens the file no more."""
    db = login.open_unlocked(str(with_admin), "chefin", ADMIN_PW)
    identity = login.login(db, "chefin", ADMIN_PW, NOW, Settings())
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(db, identity.to_settings(Settings()), state, lambda: NOW, identity=identity)
    qtbot.addWidget(main)
    dialog = main.features.get_as("accounts", AccountsFeature).open_accounts()
    qtbot.addWidget(dialog)
    dialog.name.setText("berg")
    dialog.role.setCurrentIndex(dialog.role.findData("caseworker"))
    dialog.team.setText("521")
    dialog.password.setText(BERG_PW)
    dialog.again.setText(BERG_PW)
    assert dialog.add(), dialog.message.text()
    assert dialog.message.text() == "Das Konto berg wurde angelegt."
    assert cipher.accounts(with_admin) == ["berg", "chefin"]
    assert login.unlock(str(with_admin), "berg", BERG_PW) == login.unlock(
        str(with_admin), "chefin", ADMIN_PW
    )
    _choose(dialog, "berg")
    dialog.password.setText(NEW_PW)
    dialog.again.setText(NEW_PW)
    assert dialog.set_password(), dialog.message.text()
    with pytest.raises(cipher.CipherError):
        login.unlock(str(with_admin), "berg", BERG_PW)
    other = login.open_unlocked(str(with_admin), "berg", NEW_PW)
    assert login.login(other, "berg", NEW_PW, NOW, Settings()).account == "berg"
    other.dispose()
    _choose(dialog, "berg")
    assert dialog.disable(), dialog.message.text()
    assert cipher.accounts(with_admin) == ["chefin"]
    with pytest.raises(cipher.CipherError):
        login.unlock(str(with_admin), "berg", NEW_PW)
    db.dispose()
