"""The first-start wizard writes through one operation (issue 19, item 1): the office's setup
and the administration's account in one transaction (``app.ops.setup.set_up_office``), so a
refused account leaves no office behind and the wizard says one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from fieldkit.app import ops
from fieldkit.app.context import AppContext
from fieldkit.app.ops.setup import FirstAccount
from fieldkit.domain import roles
from fieldkit.domain.setup import SetupError
from fieldkit.geo.setup_areas import parse_setup
from fieldkit.services import accounts
from fieldkit.services import setup as setup_service
from fieldkit.services.accounts import AccountError, NewAccount
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings, SettingsStore
from fieldkit.store.db import Database, open_database
from fieldkit.ui.setup.wizard import SetupWizard, needs_setup
from tests.test_setup_ui import ADMIN_PW, SETUP_FILE, fill_account, run_wizard

TAKEN = "Diesen Benutzernamen gibt es schon."
NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "first-start.sqlite"))
    yield database
    database.dispose()


def context(db: Database) -> AppContext:
    return AppContext(db, SettingsStore(Settings()), lambda: NOW, UNRESTRICTED)


def names(db: Database) -> list[str]:
    with db.session() as session:
        return [a.name for a in accounts.list_accounts(session)]


def meanwhile_add(db: Database, name: str) -> None:
    """Another program (``fieldkit user add``) makes an account while the wizard is open."""
    with db.session() as session:
        accounts.add_account(session, NewAccount(name, roles.ADMIN), "ein-anderes-pw", NOW)


def test_setup_and_account_are_written_together_or_not_at_all(empty_db: Database) -> None:
    setup = parse_setup(SETUP_FILE.read_text(encoding="utf-8"))
    for password in ("kurz", "x" * 10_000, "null\x00zeichen-drin"):  # refused by the service
        first = FirstAccount(NewAccount("verwaltung", roles.ADMIN), password)
        with pytest.raises(AccountError):
            ops.set_up_office(context(empty_db), setup, first)
        assert needs_setup(empty_db), "no office without its account"
        assert names(empty_db) == []
    broken = parse_setup(SETUP_FILE.read_text(encoding="utf-8"))
    assert broken.office is not None
    broken.office.name = ""
    with pytest.raises(SetupError):
        ops.set_up_office(
            context(empty_db), broken, FirstAccount(NewAccount("v", roles.ADMIN), ADMIN_PW)
        )
    assert names(empty_db) == [], "no account without its office"
    done = ops.set_up_office(
        context(empty_db), setup, FirstAccount(NewAccount(" verwaltung ", roles.ADMIN), ADMIN_PW)
    )
    assert done.value.account == "verwaltung"
    assert done.value.changes
    assert done.changes.accounts
    assert done.changes.staff
    assert done.changes.areas
    assert done.changes.audit
    assert not needs_setup(empty_db)
    assert names(empty_db) == ["verwaltung"]
    # Without an account to make (a database that has one), only the setup is applied.
    again = ops.set_up_office(context(empty_db), setup)
    assert again.value.account == ""
    assert not again.changes.accounts


def test_an_imported_setup_with_a_taken_name_says_one_sentence_and_writes_nothing(
    qtbot: QtBot, empty_db: Database
) -> None:
    wizard = SetupWizard(empty_db, identity=UNRESTRICTED)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_account(wizard)
    assert wizard.account_ready()
    meanwhile_add(empty_db, "Verwaltung")  # the same name, another case
    assert not wizard.import_file(str(SETUP_FILE))
    assert wizard.start.error.text() == TAKEN
    assert needs_setup(empty_db), "the setup was not applied without its account"
    assert names(empty_db) == ["Verwaltung"]
    assert wizard.made is None
    assert wizard.start.account is not None
    assert wizard.start.account.password.text() == ADMIN_PW, "the form keeps what was typed"
    assert wizard.runner.box is None, "the wizard says it itself, no extra message box"
    assert wizard.result() != QWizard.DialogCode.Accepted


def test_finishing_with_a_taken_name_says_one_sentence_on_the_last_step(
    qtbot: QtBot, empty_db: Database
) -> None:
    wizard = run_wizard(qtbot, empty_db)
    meanwhile_add(empty_db, "verwaltung")
    wizard.button(QWizard.WizardButton.FinishButton).click()  # "Einrichten und starten"
    assert wizard.currentPage() is wizard.last_step
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert wizard.last_step.error.text() == f"⚠ {TAKEN}"
    assert needs_setup(empty_db)
    assert setup_service.current_setup(empty_db).outreach_workers == []
    assert names(empty_db) == ["verwaltung"]
    assert wizard.made is None
