"""Starting the app: QApplication, language, database, main window."""

from __future__ import annotations

import logging
import sys
from datetime import datetime

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DBAPIError

from fieldkit import paths
from fieldkit.domain.week import BERLIN
from fieldkit.policy import PolicyError
from fieldkit.settings import AppSettings, Settings
from fieldkit.store.db import Database, StoreError, open_database
from fieldkit.ui.i18n import choose_language, install_translators
from fieldkit.ui.safety import install_store_error_hook

log = logging.getLogger(__name__)


def ui_state() -> QSettings:
    """Window geometry, last week and the like, in the config folder (not the registry)."""
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def berlin_now() -> datetime:
    """The wall clock in Europe/Berlin (the app's clock; tests pass their own)."""
    return datetime.now(BERLIN)


def choose_role(db: Database, settings: Settings) -> Settings | None:
    """The settings with a role: as assigned, or as chosen at start (None: cancelled)."""
    from fieldkit.services.office import Identity, caseworker_names
    from fieldkit.ui.office.role_dialog import RoleDialog

    identity = Identity.from_settings(settings)
    # The back office needs a name (whose customers); the field laptop needs nothing more.
    if identity.is_field or (identity.is_office and identity.caseworker):
        return settings
    with db.session() as session:
        names = caseworker_names(session)
    from fieldkit.services.office_settings import OfficeSettings

    dialog = RoleDialog(
        names, identity, allowed=settings.section("office", OfficeSettings).allowed_roles
    )
    if dialog.exec() != RoleDialog.DialogCode.Accepted:
        return None
    chosen = dialog.identity().to_settings(settings)
    if dialog.remember.isChecked():
        chosen.save()
    return chosen


def first_start(db: Database, settings: Settings | None = None) -> bool:
    """On a database without an office, the setup wizard first (False: it was cancelled).

    A database with an office (the demo's, a set-up office's) opens straight away, and so
    does an outreach worker's laptop (its setup comes with the first sync).
    """
    from fieldkit.services.office import Identity
    from fieldkit.ui.setup.wizard import run_first_start

    if settings is not None and Identity.from_settings(settings).is_field:
        return True
    return run_first_start(db)


def purge_audit_log(db: Database, settings: Settings) -> int:
    """Remove audit entries past the retention period (``audit.keep_days``) at each start;
    a database that cannot be written keeps them (nothing else depends on it)."""
    from fieldkit.services import audit
    from fieldkit.services.audit_settings import AuditSettings
    from fieldkit.store.types import utcnow

    try:
        return audit.purge(db, settings.section("audit", AuditSettings), utcnow())
    except (StoreError, DBAPIError):
        log.warning("the audit log's retention purge failed; it runs again at the next start")
        return 0


def run_app(db_url: str | None = None) -> int:
    """Open the main window on the database; returns the exit code."""
    from fieldkit.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("fieldkit")
    app.setOrganizationName("fieldkit")
    try:
        settings = Settings.load()
    except PolicyError as exc:  # a broken machine policy: nothing starts (fieldkit.policy)
        language = choose_language("")
        QMessageBox.critical(None, app.translate("app", "Richtlinie"), exc.message(language))
        return 1
    language = choose_language(settings.section("app", AppSettings).language)
    translators = install_translators(app, language)
    try:
        db = open_database(db_url)
    except StoreError as exc:
        QMessageBox.critical(None, app.translate("app", "Datenbank"), exc.message(language))
        return 1
    # db holds the file's lock for the app's lifetime: a second app or a command is refused.
    if not first_start(db, settings):
        db.dispose()
        return 0
    with_role = choose_role(db, settings)
    if with_role is None:
        db.dispose()
        return 0
    purge_audit_log(db, with_role)
    window = MainWindow(db, with_role, ui_state(), berlin_now)
    window.show()
    previous_hook = install_store_error_hook()
    try:
        # The database's lock is held: no other app of this profile uses the folder now.
        with paths.private_temp_session():
            return app.exec()
    finally:
        sys.excepthook = previous_hook
        del translators
        db.dispose()
