"""Konten: the list of accounts, a form to add one, set a password, disable one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops import accounts as account_ops
from fieldkit.domain import roles
from fieldkit.domain.changes import OpResult
from fieldkit.services import accounts, credentials, office
from fieldkit.services.database import Database
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import push_button, rows_table, selected_row, wrapped_label
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.screen import fit_to_screen


class AccountsModel(RowsModel):
    """One line per account: name, role, team, worker or caseworker, state."""

    rows: list[accounts.AccountRow]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Benutzername"),
            self.tr("Rolle"),
            self.tr("Team"),
            self.tr("Außendienst / Fachkraft"),
            self.tr("Zustand"),
        )

    def cell(self, row: accounts.AccountRow, column: int, role: int) -> Any:
        """Cell texts."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 4:
            if row.disabled:
                return self.tr("gesperrt")
            return self.tr("vorübergehend gesperrt") if row.locked_until else self.tr("aktiv")
        lang = current_language()
        values = (row.name, roles.label(row.role, lang), row.team, row.worker or row.caseworker)
        return values[column]


class AccountsWindow(QDialog):
    """Konten: the administration adds accounts, sets passwords and disables accounts."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        # Every change is an operation (issue 19) on the main window's runner, as its login
        # (the operation checks the role). On its own (a database without accounts yet),
        # the window has a runner of its own, as the identity without an account role.
        self.runner = runner or OpRunner(
            lambda: AppContext(db, SettingsStore(Settings()), clock, Identity()), None, self
        )
        self.setWindowTitle(self.tr("Konten"))
        self.model = AccountsModel(self)
        layout = QVBoxLayout(self)
        self.table = rows_table(self, "accounts_table", self.tr("Konten"), self.model)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._form())
        row = QHBoxLayout()
        self.add_button = push_button(self, self.tr("Konto &anlegen"), "accounts_add", self.add)
        self.password_button = push_button(
            self, self.tr("&Passwort setzen"), "accounts_password", self.set_password
        )
        self.disable_button = push_button(
            self, self.tr("Konto &sperren"), "accounts_disable", self.disable
        )
        self.devices_button = push_button(
            self, self.tr("&Laptops …"), "accounts_devices", self.open_devices
        )
        buttons = (self.add_button, self.password_button, self.disable_button, self.devices_button)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = wrapped_label(self, "accounts_message")
        layout.addWidget(self.message)
        # Wide enough for the five columns without a scroll bar, on a 1366×768 laptop too.
        fit_to_screen(self, 760, 620)
        self.reload()

    def open_devices(self) -> QDialog:
        """Laptops: enrol one, revoke one (issue 15), with a login on the central database."""
        from fieldkit.settings import Settings
        from fieldkit.sync.settings import SyncSettings
        from fieldkit.ui.accounts.devices import DevicesDialog

        settings = Settings.load().section("sync", SyncSettings)
        dialog = DevicesDialog(self.db, self.clock, settings, self)
        self.devices_dialog = dialog
        dialog.show()
        return dialog

    def _form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Neues Konto oder neues Passwort"), self)
        form = QFormLayout(box)
        self.name = self._edit("accounts_name", self.tr("Benutzername"), 64)
        form.addRow(self.tr("Benutzername:"), self.name)
        self.role = QComboBox(box)
        self.role.setObjectName("accounts_role")
        self.role.setAccessibleName(self.tr("Rolle"))
        for code in roles.ACCOUNT_ROLES:
            self.role.addItem(roles.label(code, current_language()), code)
        form.addRow(self.tr("Rolle:"), self.role)
        self.team = self._edit("accounts_team", self.tr("Team"), 20)
        form.addRow(self.tr("Team:"), self.team)
        self.worker = QComboBox(box)
        self.worker.setObjectName("accounts_worker")
        self.worker.setAccessibleName(self.tr("Außendienstkraft"))
        form.addRow(self.tr("Außendienstkraft:"), self.worker)
        self.caseworker = self._edit("accounts_caseworker", self.tr("Fachkraft (Name)"), 200)
        form.addRow(self.tr("Fachkraft (Name):"), self.caseworker)
        self.password = self._edit("accounts_password_edit", self.tr("Passwort"), 1000)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passwort:"), self.password)
        self.again = self._edit("accounts_again", self.tr("Passwort wiederholen"), 1000)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passwort wiederholen:"), self.again)
        return box

    def _edit(self, name: str, accessible: str, length: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(length)
        return edit

    def reload(self) -> None:
        """Fill the list and the workers' choice from the database."""
        with self.db.session() as session:
            self.model.set_rows(accounts.list_accounts(session))
            names = [name for _, name, _ in office.outreach_workers(session)]
        self.worker.clear()
        self.worker.addItems(["", *names])

    def _new_password(self) -> str | None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("Die beiden Passwörter sind verschieden."))
            return None
        return self.password.text()

    def _run(
        self,
        op: Callable[..., OpResult[Any]],
        *args: Any,
        said: Callable[[Any], str],
        also: account_ops.Also,
    ) -> bool:
        """Run ``op`` (then ``said(its value)`` is shown) or show the refusal; the list is
        reloaded. ``also`` keeps the central login role and an encrypted file's key entry in
        step with the account, in the same transaction (``services.credentials``)."""
        done = self.runner.call(op, *args, also=also, on_failed=self._refused)
        if done is None:
            return False
        self.password.clear()
        self.again.clear()
        self.message.setText(said(done.value))
        self.reload()
        return True

    def _refused(self, failure: Failure) -> None:
        self.message.setText(failure.sentence)

    def add(self) -> bool:
        """Add the account the form describes."""
        password = self._new_password()
        if password is None:
            return False
        new = accounts.NewAccount(
            self.name.text(), str(self.role.currentData()), self.team.text(),
            self.worker.currentText(), self.caseworker.text(),
        )  # fmt: skip
        said = self.tr("Das Konto %1 wurde angelegt.")
        also = credentials.adding(self.db, password, new.role)
        if not self._run(
            account_ops.add_account, new, password, said=lambda n: said.replace("%1", n), also=also
        ):
            return False
        self.name.clear()
        return True

    def _chosen(self) -> accounts.AccountRow | None:
        row = selected_row(self.table, accounts.AccountRow)
        if row is None:
            self.message.setText(self.tr("Bitte zuerst ein Konto in der Liste wählen."))
        return row

    def set_password(self) -> bool:
        """Give the chosen account the password of the form (this also lifts a lock)."""
        row = self._chosen()
        password = self._new_password() if row is not None else None
        if row is None or password is None:
            return False
        said = self.tr("Das Passwort von %1 wurde gesetzt.").replace("%1", row.name)
        also = credentials.setting_password(self.db, password)
        return self._run(
            account_ops.set_password, row.name, password, said=lambda _: said, also=also
        )

    def disable(self) -> bool:
        """Disable the chosen account."""
        row = self._chosen()
        if row is None:
            return False
        said = self.tr("Das Konto %1 ist gesperrt.").replace("%1", row.name)
        also = credentials.disabling(self.db)
        return self._run(account_ops.disable_account, row.name, said=lambda _: said, also=also)
