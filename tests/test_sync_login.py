"""A refused login and published office documents, seen from the sync dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from fieldkit.domain.permissions import ANYONE
from fieldkit.printing.templates import load_templates, office_template_key
from fieldkit.services.printing import office_template_key_of
from fieldkit.settings import Settings
from fieldkit.sync import office_docs, service
from fieldkit.sync.errors import SyncError
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync import SyncFeature
from tests.test_sync_helpers import ANNA, NOW, new_laptop, pg_admin_url
from tests.test_sync_ui import make_window

LOGIN = "fieldkit_login"  # ./dev lets only this role in with a password (scram-sha-256)


def _login_url(password: str) -> str:
    admin = sa.engine.make_url(pg_admin_url())
    return admin.set(username=LOGIN, password=password).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def login_role() -> None:
    engine = sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        rule = conn.scalar(
            sa.text("SELECT auth_method FROM pg_hba_file_rules WHERE :u = ANY(user_name)"),
            {"u": LOGIN},
        )
        assert rule == "scram-sha-256", "the test server must ask this role for a password"
        if not conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": LOGIN}):
            conn.execute(sa.text(f"CREATE ROLE {LOGIN} LOGIN PASSWORD 'richtig'"))
    engine.dispose()


def test_a_wrong_password_is_named_as_such(login_role: None) -> None:
    with pytest.raises(SyncError) as caught:
        service.open_central(_login_url("falsch"))
    assert caught.value.code == "auth"
    assert "refused the login; check user and password" in str(caught.value)
    assert "falsch" not in str(caught.value)
    # The right password gets past the login (this database has no fieldkit tables).
    with pytest.raises(SyncError) as past:
        service.open_central(_login_url("richtig"))
    assert past.value.code == "schema_empty"


def test_the_dialog_explains_a_refused_login_in_german(
    qtbot: QtBot, tmp_path: Path, login_role: None
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        dialog = feature.open()
        qtbot.addWidget(dialog)
        dialog.url_edit.setText(_login_url("falsch"))
        dialog.worker_edit.setText(ANNA)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.is_busy() and dialog.error_label.isVisible(), timeout=20000
        )
        assert "hat die Anmeldung abgelehnt" in dialog.error_label.text()
        assert "Benutzername und Passwort" in dialog.error_label.text()
        assert dialog.retry_button.isVisible()
        # The password is not remembered in the settings.
        assert "falsch" not in window.settings.sync.central_url
        assert "falsch" not in json.dumps(Settings.load().to_dict())
        dialog.close()
    finally:
        db.dispose()


def test_the_dialog_says_what_the_office_handed_over(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    office_settings = Settings().replace("rules", office_hours_end="15:30")
    folder = tmp_path / "office"
    folder.mkdir()
    engine = sa.create_engine(central)
    with engine.connect() as conn:
        office = str(conn.scalar(sa.text("SELECT name FROM office")))
    engine.dispose()
    (folder / f"{office_template_key(office)}.json").write_text(
        json.dumps({"invitation.intro": "Neu vom Team."}), encoding="utf-8"
    )
    office_docs.publish(
        central,
        office=office,
        settings=office_settings.replace("printing", template_dir=str(folder)),
        now=NOW,
    )
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window, feature = make_window(qtbot, db, tmp_path)
        dialog = feature.open()
        qtbot.addWidget(dialog)
        dialog.url_edit.setText(central)
        dialog.worker_edit.setText(ANNA)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30000)
        assert not dialog.error_label.isVisible()
        assert dialog.notice_label.isVisible()
        assert dialog.notice_label.text() == (
            "Vom Innendienst übernommen: die Briefvorlagen und die Einstellungen."
        )
        assert window.settings.rules.office_hours_end == "15:30"
        assert Settings.load().rules.office_hours_end == "15:30"
        assert Settings.load().sync.worker_name == ANNA
        assert load_templates(office_template_key(office)).text("invitation.intro") == (
            "Neu vom Team."
        )
        dialog.close()
    finally:
        db.dispose()


def test_the_remembered_address_never_holds_the_password() -> None:
    url = "postgresql+psycopg://fieldkit:geheim@db.example.invalid:5432/fieldkit?sslmode=require"
    kept = service.url_without_password(url)
    assert "geheim" not in kept
    assert kept == "postgresql+psycopg://fieldkit@db.example.invalid:5432/fieldkit?sslmode=require"


def test_the_back_office_publishes_from_the_dialog(
    qtbot: QtBot, tmp_path: Path, central: str
) -> None:
    db = new_laptop(tmp_path / "office.sqlite")
    try:
        service.sync_network(
            db, central, worker=ANNA, now=NOW, identity=ANYONE
        )  # gives it the office
        folder = tmp_path / "templates"
        folder.mkdir()
        settings = (
            Settings()
            .replace("office", role="office", caseworker="Teamleitung 521")
            .replace("printing", template_dir=str(folder))
            .replace("rules", office_hours_end="15:00")
        )
        _key, office = office_template_key_of(db)
        (folder / f"{office_template_key(office)}.json").write_text(
            json.dumps({"invitation.intro": "A", "invitation.subject": "B"}), encoding="utf-8"
        )
        window = MainWindow(
            db,
            settings,
            QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
            lambda: NOW,
        )
        qtbot.addWidget(window)
        dialog = window.features.get_as("sync", SyncFeature).open()
        qtbot.addWidget(dialog)
        assert dialog.publish_button.isVisibleTo(dialog)
        dialog.url_edit.setText(central)
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.notice_label.isVisible())
        assert dialog.notice_label.text().startswith(
            f"Für {office} veröffentlicht: 2 geänderte Textbausteine"
        )
        engine = sa.create_engine(central)
        with engine.connect() as conn:
            rows: dict[str, str] = dict(
                conn.execute(sa.text("SELECT kind, published_by FROM office_document")).all()
            )
        engine.dispose()
        assert rows == {"letter_templates": "Teamleitung 521", "settings": "Teamleitung 521"}
        dialog.close()
    finally:
        db.dispose()


def test_a_field_laptop_does_not_offer_to_publish(qtbot: QtBot, tmp_path: Path) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    try:
        window = MainWindow(
            db,
            Settings().replace("office", role="field"),
            QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
            lambda: NOW,
        )
        qtbot.addWidget(window)
        dialog = window.features.get_as("sync", SyncFeature).open()
        qtbot.addWidget(dialog)
        assert not dialog.publish_button.isVisibleTo(dialog)
        dialog.close()
    finally:
        db.dispose()


def test_an_unknown_login_role_is_a_refused_login_not_a_missing_database() -> None:
    # PostgreSQL names an unknown role "does not exist", as it does a missing database; the
    # sync dialog must still say to check name and password (the login window says so too).
    admin = sa.engine.make_url(pg_admin_url())
    url = admin.set(username="fieldkit_niemand").render_as_string(hide_password=False)
    with pytest.raises(SyncError) as caught:
        service.open_central(url)
    assert caught.value.code == "auth"
    missing = admin.set(database="fieldkit_gibt_es_nicht").render_as_string(hide_password=False)
    with pytest.raises(SyncError) as other:
        service.open_central(missing)
    assert other.value.code == "no_database"
