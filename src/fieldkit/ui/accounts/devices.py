"""Laptops: the administration enrols a laptop database and revokes a lost laptop (issue 15).

The same as ``fieldkit enroll`` and ``fieldkit sync --disable-device``: the administrator
logs in on the *central* database with their account (name and password here, never
stored), names the laptop's database file and its outreach worker or team; the services
(:mod:`fieldkit.services.enrolment`, :mod:`fieldkit.sync.service`) check the role.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import BilingualError
from fieldkit.services import enrolment
from fieldkit.services import sync as service
from fieldkit.services.database import Database
from fieldkit.services.sync import SyncError
from fieldkit.sync.settings import SyncSettings
from fieldkit.ui import central_login
from fieldkit.ui.i18n import current_language
from fieldkit.ui.office.widgets import push_button, wrapped_label
from fieldkit.ui.safety import save_file_name
from fieldkit.ui.sync.texts import error_text


class DevicesDialog(QDialog):
    """Laptop einrichten (accounts, keys) and Laptop sperren (revoke), for the administration."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        settings: SyncSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.settings = settings
        self.setObjectName("devices_dialog")
        self.setWindowTitle(self.tr("Laptops einrichten und sperren"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._login_box())
        layout.addWidget(self._enrol_box())
        layout.addWidget(self._revoke_box())
        self.message = wrapped_label(self, "devices_message")
        layout.addWidget(self.message)

    def _edit(self, name: str, accessible: str, length: int = 1000) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(length)
        return edit

    def _login_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Anmeldung an der zentralen Datenbank"), self)
        form = QFormLayout(box)
        self.central = self._edit("devices_central", self.tr("Zentrale Datenbank"))
        self.central.setText(self.settings.central_url)
        if service.is_central(self.db):
            # Working in the central database itself: it is the one to enrol against, and
            # the name is who logged in (the password is asked again for this step).
            self.central.setText(service.url_without_password(self.db.url))
        form.addRow(self.tr("Zentrale Datenbank:"), self.central)
        self.user = self._edit("devices_user", self.tr("Ihr Benutzername"), 64)
        self.user.setText(central_login.account())
        form.addRow(self.tr("Ihr Benutzername:"), self.user)
        self.password = self._edit("devices_password", self.tr("Ihr Passwort"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Ihr Passwort:"), self.password)
        return box

    def _enrol_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Laptop einrichten"), self)
        form = QFormLayout(box)
        row = QHBoxLayout()
        self.laptop = self._edit("devices_laptop", self.tr("Datenbankdatei des Laptops"))
        row.addWidget(self.laptop, 1)
        row.addWidget(
            push_button(self, self.tr("Datei &wählen …"), "devices_choose", self.choose_file)
        )
        form.addRow(self.tr("Datenbankdatei:"), row)
        self.worker = self._edit("devices_worker", self.tr("Außendienstkraft"), 200)
        form.addRow(self.tr("Außendienstkraft:"), self.worker)
        self.team = self._edit("devices_team", self.tr("oder Team"), 20)
        form.addRow(self.tr("oder Team:"), self.team)
        self.enrol_button = push_button(
            self, self.tr("Laptop &einrichten"), "devices_enrol", self.enrol
        )
        form.addRow(self.enrol_button)
        return box

    def _revoke_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Laptop sperren"), self)
        form = QFormLayout(box)
        self.device = self._edit("devices_device", self.tr("Geräte-ID des Laptops"), 64)
        form.addRow(self.tr("Geräte-ID:"), self.device)
        self.revoke_button = push_button(
            self, self.tr("Laptop &sperren"), "devices_revoke", self.revoke
        )
        form.addRow(self.revoke_button)
        return box

    def choose_file(self) -> None:
        """Pick the laptop's database file (new or existing)."""
        name = save_file_name(
            self,
            self.db,
            self.tr("Datenbankdatei des Laptops"),
            "fieldkit.sqlite",
            self.tr("Datenbank (*.sqlite)"),
        )
        if name:
            self.laptop.setText(name)

    def _say_error(self, exc: Exception) -> None:
        if isinstance(exc, SyncError):
            self.message.setText(error_text(exc.code))
        elif isinstance(exc, BilingualError):
            self.message.setText(exc.message(current_language()))

    def _url(self) -> str:
        return enrolment.central_as_account(
            self.central.text().strip(), self.user.text(), self.password.text()
        )

    def enrol(self) -> bool:
        """Enrol the named laptop database; the result or the refusal in one sentence."""
        if not self.laptop.text().strip() or not self.central.text().strip():
            self.message.setText(
                self.tr("Bitte zentrale Datenbank und Datenbankdatei des Laptops angeben.")
            )
            return False
        request = enrolment.EnrolRequest(
            self.laptop.text().strip(), self._url(), self.worker.text(), self.team.text()
        )
        try:
            done = enrolment.enroll(
                request,
                user=self.user.text().strip(),
                password=self.password.text(),
                now=self.clock(),
                settings=self.settings,
            )
        except (BilingualError, SyncError) as exc:
            self._say_error(exc)
            return False
        finally:
            self.password.clear()
        names = ", ".join(done.accounts.added + done.accounts.changed) or self.tr("keine neuen")
        self.message.setText(
            self.tr("Der Laptop %1 ist eingerichtet; Konten: %2.")
            .replace("%1", done.device)
            .replace("%2", names)
        )
        return True

    def revoke(self) -> bool:
        """Revoke the laptop of the given device id."""
        device = self.device.text().strip()
        if not device or not self.central.text().strip():
            self.message.setText(self.tr("Bitte zentrale Datenbank und Geräte-ID angeben."))
            return False
        user, password = self.user.text().strip(), self.password.text()
        try:
            who = enrolment.central_login(
                self._url(), lambda: (user, password), self.clock(), self.settings
            )
            service.disable_device(
                self._url(), device, now=self.clock(), identity=who, settings=self.settings
            )
        except (BilingualError, SyncError) as exc:
            self._say_error(exc)
            return False
        finally:
            self.password.clear()
        self.message.setText(
            self.tr("Der Laptop %1 ist gesperrt: seine Synchronisierungen und Dateien werden "
                    "abgelehnt.").replace("%1", device)
        )  # fmt: skip
        return True
