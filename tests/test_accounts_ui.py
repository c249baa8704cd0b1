"""The login window (issue 14, item 1) on the real dialog and real databases."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from fieldkit.domain.week import BERLIN, IsoWeek
from fieldkit.services import accounts, demo_setup, login
from fieldkit.services.accounts import NewAccount
from fieldkit.services.demo_accounts import DEMO_PASSWORD, offered_accounts
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database, sqlite_file
from fieldkit.ui import app as app_module
from fieldkit.ui.accounts import AccountsFeature
from fieldkit.ui.login import LoginDialog
from fieldkit.ui.main_window import MainWindow

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
PW = "richtig-langes-passwort"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "office.sqlite"))
    with database.session() as s:
        accounts.add_account(
            s, NewAccount("berg", "caseworker", team="521", caseworker="Frau Berg"), PW, NOW
        )
    yield database
    database.dispose()


def dialog_for(
    qtbot: QtBot, db: Database, demo_accounts: list[str] | None = None, demo_password: str = ""
) -> LoginDialog:
    def attempt(user: str, password: str) -> Identity:
        return login.login(db, user, password, NOW, Settings())

    dialog = LoginDialog(attempt, demo_accounts=demo_accounts or [], demo_password=demo_password)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_login_succeeds_with_the_accounts_role(qtbot: QtBot, db: Database) -> None:
    dialog = dialog_for(qtbot, db)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.findChild(QListWidget, "login_demo") is None  # a real office: no demo list
    dialog.name.setText("Berg")
    dialog.password.setText(PW)
    ok = dialog.findChild(QPushButton, "login_ok")
    assert ok is not None
    ok.click()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.identity is not None
    assert (dialog.identity.role, dialog.identity.caseworker, dialog.identity.account) == (
        "office", "Frau Berg", "berg",
    )  # fmt: skip


def test_failure_shows_one_sentence_and_lockout(qtbot: QtBot, db: Database) -> None:
    dialog = dialog_for(qtbot, db)
    for attempt in range(accounts.MAX_FAILURES):
        dialog.name.setText("berg")
        dialog.password.setText("falsches-passwort")
        dialog.try_login()
        assert dialog.isVisible()
        assert dialog.password.text() == ""  # never left in the field
        if attempt < accounts.MAX_FAILURES - 1:
            assert dialog.message.text() == "Benutzername oder Passwort ist falsch."
    assert "gesperrt" in dialog.message.text()
    assert "09:15" in dialog.message.text()
    dialog.name.setText("berg")
    dialog.password.setText(PW)
    dialog.try_login()
    assert dialog.identity is None
    assert "gesperrt" in dialog.message.text()


def test_demo_accounts_offered_only_on_a_pure_demo_database(
    qtbot: QtBot, tmp_path: Path, db: Database
) -> None:
    assert offered_accounts(db) == []  # a real account: no demo offered
    demo_db = open_database(str(tmp_path / "demo.sqlite"))
    try:
        demo_setup.write_demo(demo_db, Settings(), IsoWeek(2026, 50), 3, 7)
        offered = offered_accounts(demo_db)
        assert offered == [
            "demo-aussendienst", "demo-sachbearbeitung", "demo-teamleitung",
            "demo-administration",
        ]  # fmt: skip
        dialog = dialog_for(qtbot, demo_db, demo_accounts=offered, demo_password=DEMO_PASSWORD)
        demo_list = dialog.demo
        assert demo_list is not None
        demo_list.setCurrentRow(0)
        assert dialog.name.text() == "demo-aussendienst"
        assert dialog.password.text() == DEMO_PASSWORD
        dialog.try_login()
        assert dialog.identity is not None
        assert (dialog.identity.role, dialog.identity.worker) == ("field", "Anna Berger")
        # One real account in it, and it is a demo database no more.
        with demo_db.session() as s:
            accounts.add_account(s, NewAccount("echt", "admin"), PW, NOW)
        assert offered_accounts(demo_db) == []
    finally:
        demo_db.dispose()


def test_app_starts_with_the_login_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_app on a database with accounts: the login window comes first, cancelling ends."""
    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        accounts.add_account(s, NewAccount("chefin", "admin"), PW, NOW)
    database.dispose()
    seen: list[str] = []

    def close_login() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.reject()
                return
        QTimer.singleShot(50, close_login)

    QTimer.singleShot(50, close_login)
    monkeypatch.setattr(app_module, "choose_role", lambda *_: pytest.fail("no role dialog"))
    assert app_module.run_app(str(path)) == 0
    assert seen == ["fieldkit – Anmeldung"]


DEMO_APP = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from fieldkit.ui.app import run_app
    from fieldkit.ui.login import LoginDialog
    from fieldkit.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    seen = []

    def pick_and_look():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                seen.append("login")
                widget.demo.setCurrentRow(1)  # demo-sachbearbeitung
                widget.try_login()
                QTimer.singleShot(50, pick_and_look)
                return
            if isinstance(widget, MainWindow) and widget.isVisible():
                i = widget.identity
                seen.append("|".join((i.account, i.role, i.caseworker, i.team)))
                app.quit()
                return
        QTimer.singleShot(50, pick_and_look)

    QTimer.singleShot(50, pick_and_look)
    code = run_app(db_url=sys.argv[1])
    print("seen:" + ";".join(seen))
    sys.exit(code)
    """
)


@pytest.mark.slow
def test_app_on_the_demo_opens_the_main_window_as_the_picked_account(tmp_path: Path) -> None:
    """What ./dev run does: the login window offers the demo accounts; the main window then
    works as that account (the role from the account, not from the settings). In its own
    process: the app's event loop ends with quit(), which a shared QApplication survives badly."""
    path = tmp_path / "demo.sqlite"
    database = open_database(str(path))
    demo_setup.write_demo(database, Settings(), IsoWeek(2026, 50), 3, 7)
    database.dispose()
    script = tmp_path / "demo_app.py"
    script.write_text(DEMO_APP, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8")
    done = subprocess.run(
        [sys.executable, str(script), str(path)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = done.stdout.split("seen:", 1)[1].strip().split(";")
    assert seen == ["login", "demo-sachbearbeitung|office|Frau Keller|521"]


def _window(qtbot: QtBot, db: Database, identity: Identity) -> MainWindow:
    file = sqlite_file(db.url)
    assert file is not None
    state = QSettings(str(file.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(db, identity.to_settings(Settings()), state, lambda: NOW, identity=identity)
    qtbot.addWidget(window)
    return window


def test_an_outreach_account_is_not_offered_the_flag_list_import(
    qtbot: QtBot, db: Database
) -> None:
    # Its customers come by the sync (issue 14: a field account sees only its own); the
    # action it would always be refused is not shown, and the empty window says to sync.
    berg = login.login(db, "berg", PW, NOW, Settings())
    office = _window(qtbot, db, berg)
    assert office.action_import.isVisible()
    # A real office's empty window points at the import, never at a demo it does not offer.
    assert office.statusBar().currentMessage() == (
        "Noch keine vorgemerkten Kunden. Bitte eine Vormerkliste importieren."
    )
    with db.session() as s:
        accounts.add_account(s, NewAccount("aussen", "field"), PW, NOW)
    field = login.login(db, "aussen", PW, NOW, Settings())
    window = _window(qtbot, db, field)
    assert not window.action_import.isVisible()
    assert window.statusBar().currentMessage() == (
        "Noch keine vorgemerkten Kunden. Bitte synchronisieren."
    )
    window.identity = berg  # the setter follows a change of who works
    assert window.action_import.isVisible()


def test_a_caseworker_is_not_offered_the_team_leads_windows(qtbot: QtBot, db: Database) -> None:
    # "Berichte" and "Vertretung und Abwesenheiten" are the team lead's (REPORTS, STAFF): a
    # caseworker's click ended in the unexpected-error dialog (PermissionDenied in a slot).
    from fieldkit.ui.office import OfficeFeature

    berg = login.login(db, "berg", PW, NOW, Settings())
    office = _window(qtbot, db, berg).features.get_as("office", OfficeFeature)
    assert isinstance(office, OfficeFeature)
    assert office.action_inbox.isEnabled()
    assert not office.action_reports.isEnabled()
    assert not office.action_staff.isEnabled()
    assert office.action_reports not in office.menu.actions()
    with db.session() as s:
        accounts.add_account(
            s, NewAccount("lead", "teamlead", team="521", caseworker="Frau Keller"), PW, NOW
        )
    lead = login.login(db, "lead", PW, NOW, Settings())
    office = _window(qtbot, db, lead).features.get_as("office", OfficeFeature)
    assert isinstance(office, OfficeFeature)
    assert office.action_reports.isEnabled()
    assert office.action_staff.isEnabled()


def test_only_the_administration_gets_the_accounts_window(qtbot: QtBot, db: Database) -> None:
    berg = login.login(db, "berg", PW, NOW, Settings())
    assert _window(qtbot, db, berg).findChild(QAction, "action_accounts") is None
    with db.session() as s:
        accounts.add_account(s, NewAccount("chefin", "admin"), PW, NOW)
    admin = login.login(db, "chefin", PW, NOW, Settings())
    window = _window(qtbot, db, admin)
    action = window.findChild(QAction, "action_accounts")
    assert action is not None
    feature = window.features.get_as("accounts", AccountsFeature)
    dialog = feature.open_accounts()
    qtbot.addWidget(dialog)
    assert [r.name for r in dialog.model.rows] == ["berg", "chefin"]
    # Add: a short password is refused in one sentence, nothing written.
    dialog.name.setText("aussen")
    dialog.role.setCurrentIndex(dialog.role.findData("field"))
    dialog.password.setText("kurz")
    dialog.again.setText("kurz")
    assert not dialog.add()
    assert dialog.message.text() == "Das Passwort muss mindestens 10 Zeichen lang sein."
    dialog.password.setText(PW)
    dialog.again.setText(PW + "x")
    assert not dialog.add()
    assert dialog.message.text() == "Die beiden Passwörter sind verschieden."
    dialog.again.setText(PW)
    assert dialog.add()
    assert dialog.password.text() == ""
    assert [r.name for r in dialog.model.rows] == ["aussen", "berg", "chefin"]
    assert login.login(db, "aussen", PW, NOW, Settings()).role == "field"
    # Disable the chosen account: it may log in no more.
    assert not dialog.disable()  # nothing chosen
    dialog.table.selectRow(0)
    assert dialog.disable()
    with pytest.raises(accounts.AccountError):
        login.login(db, "aussen", PW, NOW, Settings())
    # The last administration account cannot be disabled.
    dialog.table.selectRow(2)
    assert not dialog.disable()
    assert "letzte Administrationskonto" in dialog.message.text()
    # A new password for berg.
    dialog.table.selectRow(1)
    dialog.password.setText("ein-neues-passwort")
    dialog.again.setText("ein-neues-passwort")
    assert dialog.set_password()
    assert login.login(db, "berg", "ein-neues-passwort", NOW, Settings()).account == "berg"


def test_the_administration_opens_a_window_with_customers_in_the_database(
    qtbot: QtBot, db: Database
) -> None:
    # Found on a real office: once the team lead had imported the first flag list, the
    # administration's app died at start ("viewing customer records": its window read the
    # week's customers, which the service refuses it). It opens, shows none, and says why.
    from tests.factories import add_flagged

    add_flagged(db, "962D000001", "Muster", "Flein")
    with db.session() as s:
        accounts.add_account(s, NewAccount("chefin", "admin"), PW, NOW)
    admin = login.login(db, "chefin", PW, NOW, Settings())
    window = _window(qtbot, db, admin)
    assert window.current_week() == "2026-W49"
    assert window.model.rowCount() == 0
    assert window.statusBar().currentMessage() == (
        "Kundendaten sind für dieses Konto nicht sichtbar (Rolle Administration)."
    )
    berg = login.login(db, "berg", PW, NOW, Settings())
    assert _window(qtbot, db, berg).model.rowCount() == 1  # the team lead sees its customer
