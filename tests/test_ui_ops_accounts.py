"""The accounts window's writes are operations (issue 19, item 1): they report
Changes(accounts=True, audit=True), only the administration may make them, each is named in
the audit log, and a refusal says one German sentence and writes nothing. From an office set
up as a real one (tests/data/setup-office.toml), with its first administration account.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.domain.changes import Changes
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.services import accounts, audit, login
from fieldkit.services.accounts import AccountError, NewAccount
from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database
from fieldkit.ui.accounts import AccountsFeature
from fieldkit.ui.main_window import MainWindow
from tests.test_app_ops import NOW, office_db

PW = "richtig-langes-passwort"
ACCOUNTS = Changes(accounts=True, audit=True)  # the change and its audit entry


def account_log(db: Database) -> list[tuple[str, str, str]]:
    """(who, which account, what) of the account entries of the audit log, oldest first."""
    with db.session() as session:
        found = audit.entries(session, UNRESTRICTED, audit.Filters(action=audit.ACCOUNT))
        return [(e.account, e.object_id, e.detail) for e in reversed(found)]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = office_db(tmp_path)
    with database.session() as session:
        accounts.add_account(session, NewAccount("chefin", "admin"), PW, NOW)
        accounts.add_account(
            session, NewAccount("keller", "caseworker", team="521", caseworker="Frau Keller"),
            PW, NOW,
        )  # fmt: skip
    yield database
    database.dispose()


def as_(db: Database, name: str) -> AppContext:
    identity = login.login(db, name, PW, NOW, Settings())
    return AppContext(db, SettingsStore(Settings()), lambda: NOW, identity)


def names(db: Database) -> list[str]:
    with db.session() as session:
        return [r.name for r in accounts.list_accounts(session)]


def test_the_administration_adds_sets_and_disables_and_each_says_accounts(
    db: Database,
) -> None:
    admin = as_(db, "chefin")
    added = ops.add_account(admin, NewAccount("aussen", "field", worker="Anna Berger"), PW)
    assert added.value == "aussen"
    assert added.changes == ACCOUNTS
    assert login.login(db, "aussen", PW, NOW, Settings()).role == "field"
    assert ops.set_password(admin, "aussen", "ein-neues-passwort").changes == ACCOUNTS
    assert login.login(db, "aussen", "ein-neues-passwort", NOW, Settings()).account == "aussen"
    assert ops.disable_account(admin, "aussen").changes == ACCOUNTS
    with pytest.raises(AccountError):
        login.login(db, "aussen", "ein-neues-passwort", NOW, Settings())
    clerk = as_(db, "keller")
    ops.set_password(clerk, "keller", "mein-eigenes-passwort")  # a person's own password
    assert account_log(db) == [
        ("chefin", "aussen", "angelegt, Rolle field"),
        ("chefin", "aussen", "neues Passwort gesetzt"),
        ("chefin", "aussen", "deaktiviert"),
        ("keller", "keller", "eigenes Passwort geändert"),
    ]
    with db.session() as session:
        everything = audit.entries(session, UNRESTRICTED)
        secrets = (PW, "ein-neues-passwort", "mein-eigenes-passwort")
        assert not any(secret in e.detail for e in everything for secret in secrets)


def test_a_caseworker_may_change_no_account(db: Database) -> None:
    clerk = as_(db, "keller")
    with pytest.raises(PermissionDenied) as refused:
        ops.add_account(clerk, NewAccount("aussen", "field"), PW)
    assert refused.value.message("de").startswith("Dafür fehlt Ihrer Rolle die Berechtigung")
    with pytest.raises(PermissionDenied):
        ops.disable_account(clerk, "chefin")
    with pytest.raises(PermissionDenied):
        ops.set_password(clerk, "chefin", "ein-neues-passwort")
    assert names(db) == ["chefin", "keller"]
    assert account_log(db) == []  # refused before anything was written
    assert login.login(db, "chefin", PW, NOW, Settings()).account == "chefin"


@pytest.mark.parametrize(
    ("name", "password"),
    [("", PW), ("x" * 5000, PW), ("robert'); DROP TABLE account;--", PW), ("neu", "kurz")],
)
def test_a_bad_account_is_refused_and_nothing_written(
    db: Database, name: str, password: str
) -> None:
    with pytest.raises(AccountError) as refused:
        ops.add_account(as_(db, "chefin"), NewAccount(name, "field"), password)
    assert refused.value.message("de")
    assert names(db) == ["chefin", "keller"]
    assert account_log(db) == []


def main_window(qtbot: QtBot, db: Database, tmp_path: Path, identity: Identity) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, identity.to_settings(Settings()), state, lambda: NOW, identity=identity)
    qtbot.addWidget(window)
    return window


def test_the_window_runs_on_the_main_windows_runner_and_refuses_in_german(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, db, tmp_path, as_(db, "chefin").identity)
    seen: list[object] = []
    window.events.changed.connect(seen.append)
    table_reloads: list[str] = []
    window.week_changed.connect(table_reloads.append)
    dialog = window.features.get_as("accounts", AccountsFeature).open_accounts()
    qtbot.addWidget(dialog)
    dialog.name.setText("aussen")
    dialog.role.setCurrentIndex(dialog.role.findData("field"))
    dialog.password.setText("kurz")
    dialog.again.setText("kurz")
    assert not dialog.add()
    assert dialog.message.text() == "Das Passwort muss mindestens 10 Zeichen lang sein."
    assert seen == []
    dialog.password.setText(PW)
    dialog.again.setText(PW)
    assert dialog.add()
    assert dialog.message.text() == "Das Konto aussen wurde angelegt."
    assert seen == [ACCOUNTS]
    assert table_reloads == [], "no week shows accounts: the table is not reloaded"
    assert [r.name for r in dialog.model.rows] == ["aussen", "chefin", "keller"]
