"""Starting the app: QApplication, language, database, main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.exc import DBAPIError

from fieldkit import paths
from fieldkit.domain.week import BERLIN
from fieldkit.policy import PolicyError
from fieldkit.services.database import Database, StoreError, open_database
from fieldkit.services.office import Identity
from fieldkit.settings import AppSettings, Settings, SettingsStore
from fieldkit.ui import central_login, excepthook
from fieldkit.ui.i18n import choose_language, install_translators

if TYPE_CHECKING:
    from fieldkit.ui.lease import LeaseGate

log = logging.getLogger(__name__)


def ui_state() -> QSettings:
    """Window geometry, last week and the like, in the config folder (not the registry)."""
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def berlin_now() -> datetime:
    """The wall clock in Europe/Berlin (the app's clock; tests pass their own)."""
    return datetime.now(BERLIN)


def choose_role(db: Database, store: SettingsStore) -> Settings | None:
    """The settings with a role: as assigned, or as chosen at start (None: cancelled); a
    choice to remember is saved through ``store``."""
    from fieldkit.services.office import Identity, caseworker_names
    from fieldkit.ui.office.role_dialog import RoleDialog

    settings = store.current
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
        store.save(chosen)
    return chosen


def first_start(
    db: Database, settings: Settings | None = None, made: list[tuple[str, str]] | None = None
) -> bool:
    """On a database without an office, the setup wizard first (False: it was cancelled).

    A database with an office (the demo's, a set-up office's) opens straight away, and so
    does an outreach worker's laptop (its setup comes with the first sync).
    """
    from fieldkit.services.office import UNRESTRICTED, Identity
    from fieldkit.ui.setup.wizard import run_first_start

    if settings is not None and Identity.from_settings(settings).is_field:
        return True
    # The first start runs only on a database without accounts (``_choose``): nobody can
    # log in yet, and the wizard makes the administration's account; until then the
    # database is unrestricted, as ``fieldkit user add`` is for the first account.
    return run_first_start(db, made, identity=UNRESTRICTED)


def login_window(db: Database, settings: Settings) -> Identity | None:
    """On a database with accounts, the login window (None: cancelled); the demo accounts
    are offered on a pure demo database only."""
    from fieldkit.services import login
    from fieldkit.services.demo_accounts import DEMO_PASSWORD, offered_accounts
    from fieldkit.ui.login import ask_login

    def attempt(user: str, password: str) -> Identity:
        identity = login.login(db, user, password, berlin_now(), settings)
        central_login.remember(identity.account, password)  # memory only (issue 15)
        return identity

    offered = offered_accounts(db)
    return ask_login(attempt, demo_accounts=offered, demo_password=DEMO_PASSWORD if offered else "")


def unlock_window(
    db_url: str | None, settings: Settings
) -> tuple[Database, Identity | None] | None:
    """An encrypted database: the login first, then it is opened with the unwrapped key."""
    from fieldkit.services import login
    from fieldkit.services.demo_accounts import offered_by_key_file

    file = login.database_file(db_url)
    offered = offered_by_key_file(file) if file is not None else []
    return _login_then_open(
        lambda user, password: login.open_unlocked(db_url, user, password), settings, offered
    )


def central_window(
    db_url: str | None, settings: Settings
) -> tuple[Database, Identity | None] | None:
    """The central database named without a user (a back-office PC): the login first, then
    the database is opened as that account's own PostgreSQL login role (issue 15), so its
    row-level security decides what this person sees, as it does for a laptop's sync."""
    from fieldkit.services import login

    return _login_then_open(
        lambda user, password: login.open_as_account(db_url, user, password), settings, []
    )


def _login_then_open(
    opener: Callable[[str, str], Database], settings: Settings, offered: list[str]
) -> tuple[Database, Identity | None] | None:
    """The login window for a database that opens only with the name and password
    (``opener``); None when cancelled. ``offered``: demo accounts to pick from."""
    from fieldkit.services import login
    from fieldkit.services.demo_accounts import DEMO_PASSWORD
    from fieldkit.ui.login import ask_login

    opened: list[Database] = []

    def attempt(user: str, password: str) -> Identity:
        db = opener(user, password)
        try:
            # Encrypted before any account was made (``db encrypt`` on an office being set
            # up): the key file's name and password open it, and it works as without login.
            without_accounts = not login.needs_login(db)
            identity = (
                Identity()
                if without_accounts
                else login.login(db, user, password, berlin_now(), settings)
            )
            central_login.remember(identity.account, password)  # memory only (issue 15)
        except BaseException:
            db.dispose()
            raise
        opened.append(db)
        return identity

    identity = ask_login(
        attempt, demo_accounts=offered, demo_password=DEMO_PASSWORD if offered else ""
    )
    if identity is None or not opened:
        return None
    return opened[-1], (identity if identity.account else None)


def _open(db_url: str | None, settings: Settings) -> tuple[Database, Identity | None] | None:
    """The database and who logged in (None: no accounts, the old way); None: cancelled."""
    from fieldkit.services import login

    if login.is_encrypted(db_url):
        return unlock_window(db_url, settings)
    if login.central_without_user(db_url):
        return central_window(db_url, settings)
    db = open_database(db_url)
    _demo_accounts_for_an_older_demo(db)
    if not login.needs_login(db):
        return db, None
    identity = login_window(db, settings)
    if identity is None:
        db.dispose()
        return None
    return db, identity


def _demo_accounts_for_an_older_demo(db: Database) -> None:
    """A demo database written before accounts existed gets the demo accounts, so that
    ``./dev run`` on an old ``.demo`` folder shows the login window too."""
    from fieldkit.services import login
    from fieldkit.services.demo_accounts import write_demo_accounts
    from fieldkit.services.demo_guard import is_pure_demo

    if not login.needs_login(db) and is_pure_demo(db):
        write_demo_accounts(db, berlin_now())


def _choose(
    db: Database, db_url: str | None, store: SettingsStore, identity: Identity | None
) -> tuple[Database, Settings, Identity | None] | None:
    """Without accounts: the first-start wizard (which makes the administration's account
    and so encrypts the new office's database) or the role dialog as before."""
    settings = store.current
    if identity is None:
        made: list[tuple[str, str]] = []
        if not first_start(db, settings, made):
            return None
        if made:
            db, identity = encrypt_new_office(db, db_url, settings, *made[0])
    if identity is not None:
        return db, identity.for_session(settings), identity  # this session only, never saved
    chosen = choose_role(db, store)
    return None if chosen is None else (db, chosen, None)


def encrypt_new_office(
    db: Database, db_url: str | None, settings: Settings, user: str, password: str
) -> tuple[Database, Identity]:
    """After the wizard made the administration's account: a new office's SQLite file is
    encrypted at once (issue 14, item 2) with that account's key, reopened with it, and the
    administration is logged in. A central (PostgreSQL) database is only logged in to."""
    from fieldkit.services import login
    from fieldkit.services.database import encrypt_database

    file = login.database_file(db_url)
    if file is not None and not login.is_encrypted(db_url):
        db.dispose()
        encrypt_database(file, user, password)
        db = login.open_unlocked(db_url, user, password)
    return db, login.login(db, user, password, berlin_now(), settings)


def start_idle_lock(
    app: QApplication, settings: Settings, verify: Callable[[str], bool] | None
) -> QObject | None:
    """The idle lock over every window, or None when there is no password to check against
    (a database without accounts asks nothing; issue 14, item 5). At 0 minutes it is there
    but off, so that the settings window can switch it on while the app runs (issue 23)."""
    from fieldkit.ui.lock import IdleLock, idle_ms

    wait = idle_ms(settings.section("app", AppSettings).idle_lock_minutes)
    if verify is None:
        return None
    lock = IdleLock(app, wait, verify, parent=app)
    # While the screen is locked, the central password is not kept in memory either; the
    # password that unlocks it is remembered again (``password_check``).
    lock.locked_changed.connect(lambda locked: central_login.forget() if locked else None)
    return lock


def open_within_lease(
    db: Database,
    settings: Settings | SettingsStore,
    clock: Callable[[], datetime],
    identity: Identity | None = None,
) -> LeaseGate:
    """The main window, or for a field laptop past its sync lease the sync-only screen (which
    opens the main window after a good sync); the lease is checked again while the app runs
    (``fieldkit.ui.lease.LeaseGate``, which keeps the windows alive)."""
    from fieldkit.ui.lease import LeaseGate
    from fieldkit.ui.main_window import MainWindow

    def open_main(store: SettingsStore) -> QWidget:
        window = MainWindow(db, store, ui_state(), clock, identity=identity)
        window.show()
        return window

    store = settings if isinstance(settings, SettingsStore) else SettingsStore(settings)
    gate = LeaseGate(db, store, clock, open_main)
    gate.start()
    return gate


def password_check(
    db: Database, settings: Settings, identity: Identity | None
) -> Callable[[str], bool] | None:
    """``verify(password) -> bool`` for the idle lock: the logged-in account's password,
    checked (and failures counted towards the lockout) by the login service; None without
    accounts (nothing to check against: no lock)."""
    if identity is None or not identity.account:
        return None
    from fieldkit.errors import BilingualError
    from fieldkit.services import login

    account = identity.account

    def verify(password: str) -> bool:
        try:
            login.login(db, account, password, berlin_now(), settings)
        except BilingualError:
            return False
        central_login.remember(account, password)  # forgotten while locked (issue 15)
        return True

    return verify


def purge_audit_log(db: Database, settings: Settings) -> int:
    """Remove audit entries past the retention period (``audit.keep_days``) at each start;
    a database that cannot be written keeps them (nothing else depends on it). The central
    database's log is the administration's to purge (``fieldkit audit --purge``): a back-office
    login may not delete audit rows there, and its every start failed and warned."""
    from fieldkit.services import audit
    from fieldkit.services.audit_settings import AuditSettings
    from fieldkit.services.database import utcnow
    from fieldkit.services.sync import is_central

    if is_central(db):
        return 0
    try:
        return audit.purge(db, settings.section("audit", AuditSettings), utcnow())
    except (StoreError, DBAPIError):
        log.warning("the audit log's retention purge failed; it runs again at the next start")
        return 0


def run_app(db_url: str | None = None) -> int:
    """Open the main window on the database; returns the exit code."""

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("fieldkit")
    app.setOrganizationName("fieldkit")
    try:
        # The app's one settings store (issue 19, item 2): every window reads and saves
        # through it; a sync adopts the office's settings through it.
        store = SettingsStore.open()
    except PolicyError as exc:  # a broken machine policy: nothing starts (fieldkit.policy)
        language = choose_language("")
        QMessageBox.critical(None, app.translate("app", "Richtlinie"), exc.message(language))
        return 1
    settings = store.current
    language = choose_language(settings.section("app", AppSettings).language)
    translators = install_translators(app, language)
    try:
        opened = _open(db_url, settings)
    except StoreError as exc:
        QMessageBox.critical(None, app.translate("app", "Datenbank"), exc.message(language))
        return 1
    if opened is None:
        return 0
    # db holds the file's lock for the app's lifetime: a second app or a command is refused.
    db, identity = opened
    try:
        chosen = _choose(db, db_url, store, identity)
    except StoreError as exc:  # the new office's database could not be encrypted
        QMessageBox.critical(None, app.translate("app", "Datenbank"), exc.message(language))
        db.dispose()
        return 1
    if chosen is None:
        db.dispose()
        return 0
    db, with_role, identity = chosen
    store.use(with_role)  # the role or login's identity, for this session (not written)
    try:
        purge_audit_log(db, with_role)
        lease_gate = open_within_lease(db, store, berlin_now, identity)
    except Exception as exc:  # opening the window failed: the error dialog, no traceback
        excepthook.error_dialog(exc).exec()
        db.dispose()
        return 1
    idle_lock = start_idle_lock(app, with_role, password_check(db, settings, identity))
    # An error escaping a slot or a worker thread is a dialog, never silent (issue 19).
    hooks = excepthook.install(app)
    try:
        # The database's lock is held: no other app of this profile uses the folder now.
        with paths.private_temp_session():
            return app.exec()
    finally:
        hooks.restore()
        del translators, lease_gate, idle_lock
        db.dispose()
