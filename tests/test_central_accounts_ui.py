"""*Extras → Konten* on the central PostgreSQL database: an account added, given a password or
disabled in the window moves its login role with it, as ``fieldkit user`` does (issue 15,
item 1), on the real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fieldkit.app.context import AppContext
from fieldkit.domain.week import BERLIN
from fieldkit.services import login
from fieldkit.services.accounts import AccountError
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import open_database
from fieldkit.sync import central_roles as cr
from fieldkit.ui.accounts.window import AccountsWindow
from fieldkit.ui.ops import OpRunner
from tests.test_central_accounts import DEMO, _name, _state, names  # noqa: F401  (fixture)
from tests.test_sync_helpers import ANNA

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)


def test_the_window_on_central_moves_the_login_role_with_the_account(
    central: str,
    names: list[str],  # noqa: F811
    qtbot: QtBot,
) -> None:
    db = open_database(central, migrate=False)
    admin = login.login(db, DEMO["user"], DEMO["password"], NOW, Settings())
    host = QWidget()
    qtbot.addWidget(host)
    runner = OpRunner(
        lambda: AppContext(db, SettingsStore(Settings()), lambda: NOW, admin), None, host
    )
    dialog = AccountsWindow(db, lambda: NOW, host, runner=runner)
    field = _name(names, "Anna")
    dialog.name.setText(field)
    dialog.role.setCurrentIndex(dialog.role.findData("field"))
    dialog.worker.setCurrentText(ANNA)
    dialog.password.setText("anna-passwort-1")
    dialog.again.setText("anna-passwort-1")
    assert dialog.add(), dialog.message.text()
    state = _state(central, field)
    assert state["account"] == ("field", False)
    assert state["groups"] == {"fieldkit_field"}
    assert state["role"][0] is True
    assert cr.verifier_matches(state["role"][1], "anna-passwort-1")

    dialog.table.selectRow([r.name for r in dialog.model.rows].index(field))
    dialog.password.setText("anna-passwort-2")
    dialog.again.setText("anna-passwort-2")
    assert dialog.set_password(), dialog.message.text()
    assert cr.verifier_matches(_state(central, field)["role"][1], "anna-passwort-2")

    dialog.table.selectRow([r.name for r in dialog.model.rows].index(field))
    assert dialog.disable(), dialog.message.text()
    state = _state(central, field)
    assert state["account"] == ("field", True)
    assert state["role"][0] is False
    db.dispose()


def test_the_wizard_on_a_new_central_database_gives_the_first_account_its_login_role(
    qtbot: QtBot,
) -> None:
    """IT sets the office up from a back-office PC on the new central database (install.md,
    step 6): the wizard's administration account must be able to log in there (it enrols the
    laptops with that login), as one made by ``fieldkit user add`` can."""
    from fieldkit.geo.setup_areas import parse_setup
    from fieldkit.services.office import UNRESTRICTED
    from fieldkit.ui.setup.wizard import SetupWizard
    from tests.test_setup_file import TEXT
    from tests.test_sync_helpers import create_database, drop_database, drop_role_now, init_central

    url = create_database()
    name = f"chefin_{uuid.uuid4().hex[:8]}"
    try:
        db = open_database(url)  # the schema, then what central init adds to it
        init_central(url)
        wizard = SetupWizard(db, identity=UNRESTRICTED)
        qtbot.addWidget(wizard)
        box = wizard.start.account
        assert box is not None
        box.name.setText(name)
        box.password.setText("chefin-passwort-1")
        box.again.setText("chefin-passwort-1")
        assert wizard.set_up(parse_setup(TEXT), wizard.start.error), wizard.start.error.text()
        state = _state(url, name)
        assert state["account"] == ("admin", False)
        assert state["groups"] == {"fieldkit_admin"}
        assert state["role"][0] is True
        assert cr.verifier_matches(state["role"][1], "chefin-passwort-1")
        db.dispose()
    finally:
        drop_role_now(name.lower())
        drop_database(url)


def test_the_app_on_a_central_address_without_a_user_logs_in_as_the_persons_login(
    central: str,
    names: list[str],  # noqa: F811
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlalchemy as sa

    from fieldkit.ui import app as app_module
    from fieldkit.ui import central_login
    from fieldkit.ui import login as login_ui
    from tests.test_sync_helpers import add_login

    admin = add_login(central, "admin")
    names.append(admin)
    url = sa.engine.make_url(central)._replace(username=None, password=None)
    said: list[str] = []

    def ask(attempt: Any, *_args: Any, **_kwargs: Any) -> Any:
        try:  # the login window's first try: a wrong password
            attempt(admin, "falsch-falsch-falsch")
        except AccountError as exc:
            said.append(exc.message("de"))
        return attempt(admin, "test")

    monkeypatch.setattr(login_ui, "ask_login", ask)
    opened = app_module._open(url.render_as_string(hide_password=False), Settings())
    assert opened is not None
    db, identity = opened
    assert said == ["Benutzername oder Passwort ist falsch."]
    assert identity is not None
    assert identity.account_role == "admin"
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT session_user")) == admin
    assert central_login.account() == admin  # the sync dialog connects as this login too
    central_login.forget()
    db.dispose()
