"""Konten → Laptops: the administration enrols and revokes laptops in the app (issue 15),
against the real PostgreSQL; the sentences are German."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.store import cipher
from fieldkit.ui.accounts.devices import DevicesDialog
from fieldkit.ui.accounts.window import AccountsWindow
from tests.test_sync_helpers import ANNA, central_copy, new_laptop


@pytest.fixture
def central(central_template: str) -> Iterator[str]:
    yield from central_copy(central_template)


def _dialog(qtbot: QtBot, tmp_path: Path) -> tuple[AccountsWindow, DevicesDialog]:
    db = new_laptop(tmp_path / "office.sqlite")
    window = AccountsWindow(db, lambda: datetime.now(UTC))
    qtbot.addWidget(window)
    dialog = window.open_devices()
    assert isinstance(dialog, DevicesDialog)
    return window, dialog


def _disabled(url: str, device: str) -> bool | None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        value = conn.scalar(
            sa.text("SELECT disabled FROM sync_device WHERE device = :d"), {"d": device}
        )
    engine.dispose()
    return value if value is None else bool(value)


def test_the_administration_enrols_and_revokes_a_laptop(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    window, dialog = _dialog(qtbot, tmp_path)
    try:
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        assert "Bitte zentrale Datenbank und Datenbankdatei" in dialog.message.text()
        laptop = tmp_path / "laptop.sqlite"
        dialog.central.setText(central)
        dialog.user.setText("demo-administration")
        dialog.password.setText("demo-passwort")
        dialog.laptop.setText(str(laptop))
        dialog.worker.setText(ANNA)
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        text = dialog.message.text()
        assert "ist eingerichtet" in text
        assert "demo-aussendienst" in text
        assert dialog.password.text() == ""  # never kept in the form
        assert cipher.is_encrypted(laptop)
        device = text.split("Der Laptop ")[1].split(" ist")[0]
        assert _disabled(central, device) is False
        # A field account may not revoke a laptop; the refusal is German.
        dialog.device.setText(device)
        dialog.user.setText("demo-aussendienst")
        dialog.password.setText("demo-passwort")
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert "fehlt Ihrer Rolle die Berechtigung" in dialog.message.text()
        assert _disabled(central, device) is False
        dialog.user.setText("demo-administration")
        dialog.password.setText("falsches-passwort")
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert "Passwort" in dialog.message.text()
        assert _disabled(central, device) is False
        dialog.password.setText("demo-passwort")
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert "ist gesperrt" in dialog.message.text()
        assert _disabled(central, device) is True
        engine = sa.create_engine(central)
        with engine.connect() as conn:
            audited = conn.execute(
                sa.text(
                    "SELECT account, detail FROM audit_log WHERE object_kind = 'device' ORDER BY at"
                )
            ).all()
        engine.dispose()
        # The enrolment's own entry reached the central log with the enrolment itself.
        enrolled, revoked = (tuple(r) for r in audited)
        assert enrolled[0] == "demo-administration"
        assert enrolled[1].startswith("enrol: ")
        assert revoked == ("demo-administration", f"revoke {device}")
        dialog.device.setText("gibt-es-nicht")
        dialog.password.setText("demo-passwort")
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text()  # one sentence, no traceback
    finally:
        window.db.dispose()


def test_a_refused_enrolment_is_one_german_sentence(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    window, dialog = _dialog(qtbot, tmp_path)
    try:
        laptop = tmp_path / "laptop.sqlite"
        dialog.central.setText(central)
        dialog.user.setText("demo-administration")
        dialog.password.setText("demo-passwort")
        dialog.laptop.setText(str(laptop))
        dialog.worker.setText(ANNA)
        dialog.team.setText("521")  # both: one of them, please
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        assert "genau eines" in dialog.message.text()
        dialog.team.setText("")
        dialog.worker.setText("Niemand")
        dialog.password.setText("demo-passwort")
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        assert "kennt keine Außendienstkraft mit diesem Namen" in dialog.message.text()
        assert not laptop.exists()
    finally:
        window.db.dispose()


def test_the_app_sync_refuses_an_account_disabled_centrally_in_german(
    qtbot: QtBot, tmp_path: Path, central: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from fieldkit.domain import roles
    from fieldkit.services import accounts
    from fieldkit.services.office import Identity
    from fieldkit.settings import Settings
    from fieldkit.store.db import open_database
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.sync import SyncFeature

    laptop = tmp_path / "laptop.sqlite"
    window, dialog = _dialog(qtbot, tmp_path)
    dialog.central.setText(central)
    dialog.user.setText("demo-administration")
    dialog.password.setText("demo-passwort")
    dialog.laptop.setText(str(laptop))
    dialog.worker.setText(ANNA)
    assert dialog.enrol()
    window.db.dispose()
    engine = sa.create_engine(central)
    with sa.orm.Session(engine) as session:
        accounts.disable(session, "demo-aussendienst")
        session.commit()
    engine.dispose()
    db = open_database(
        str(laptop), key=cipher.unlock(laptop, "demo-administration", "demo-passwort")
    )
    try:
        me = Identity("field", account="demo-aussendienst", account_role=roles.FIELD, worker=ANNA)
        state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        main = MainWindow(db, Settings(), state, lambda: datetime.now(UTC), identity=me)
        qtbot.addWidget(main)
        feature = main.features.get_as("sync", SyncFeature)
        assert isinstance(feature, SyncFeature)
        feature.action.trigger()
        sync = feature.dialog
        assert sync is not None
        sync.url_edit.setText(central)
        sync.worker_edit.setText(ANNA)
        qtbot.mouseClick(sync.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not sync.is_busy() and sync.error_label.isVisible(), timeout=20000)
        assert "in der zentralen Datenbank gesperrt" in sync.error_label.text()
        with db.session() as session:
            found = accounts.find(session, "demo-aussendienst")
            assert found is not None
            assert found.disabled
        sync.close()
        main.close()
    finally:
        db.dispose()


def test_in_the_central_database_the_dialog_names_it_and_who_logged_in(
    qtbot: QtBot, central: str
) -> None:
    """The administration works in the central database itself (its own login): that is the
    database to enrol against, and its name is the one it logged in with; the password is
    asked again for this step."""
    from fieldkit.services.sync import url_without_password
    from fieldkit.store.db import open_database
    from fieldkit.sync.settings import SyncSettings
    from fieldkit.ui import central_login

    db = open_database(central, migrate=False)
    central_login.remember("chefin", "ein-passwort-123")
    try:
        dialog = DevicesDialog(db, lambda: datetime.now(UTC), SyncSettings())
        qtbot.addWidget(dialog)
        assert dialog.central.text() == url_without_password(central)
        assert dialog.user.text() == "chefin"
        assert dialog.password.text() == ""
    finally:
        central_login.forget()
        db.dispose()
