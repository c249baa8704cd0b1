"""The login window (issue 14, item 1): name and password; the role comes from the account.

The dialog only collects and shows: ``attempt(name, password)`` (given by the app) checks
the login and returns the :class:`~fieldkit.services.office.Identity`, or raises a
:class:`~fieldkit.errors.BilingualError` whose one sentence is shown (wrong name or password,
locked until …, disabled, not on this computer). On a pure demo database the app passes the
demo accounts: a list to pick one from, which fills in name and password.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import BilingualError
from fieldkit.services.office import Identity
from fieldkit.ui.i18n import current_language

Attempt = Callable[[str, str], Identity]


class LoginDialog(QDialog):
    """Anmeldung: Benutzername und Passwort."""

    def __init__(
        self,
        attempt: Attempt,
        parent: QWidget | None = None,
        *,
        demo_accounts: Sequence[str] = (),
        demo_password: str = "",
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self._demo_password = demo_password
        self.identity: Identity | None = None
        self.setWindowTitle(self.tr("fieldkit – Anmeldung"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Bitte melden Sie sich mit Ihrem Konto an."), self))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("login_name")
        self.name.setMaxLength(64)
        self.name.setAccessibleName(self.tr("Benutzername"))
        form.addRow(self.tr("&Benutzername:"), self.name)
        self.password = QLineEdit(self)
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(1000)
        self.password.setAccessibleName(self.tr("Passwort"))
        form.addRow(self.tr("&Passwort:"), self.password)
        layout.addLayout(form)
        self.demo = self._demo_list(demo_accounts)
        if self.demo is not None:
            layout.addWidget(self.demo)
        self.message = QLabel(self)
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Anmelden"))
        ok.setObjectName("login_ok")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _demo_list(self, names: Sequence[str]) -> QListWidget | None:
        if not names:
            return None
        box = QListWidget(self)
        box.setObjectName("login_demo")
        box.setAccessibleName(self.tr("Demo-Konten"))
        box.setToolTip(self.tr("Nur in der Demo-Datenbank: ein Konto je Rolle."))
        box.addItems(list(names))
        box.setMaximumHeight(box.sizeHintForRow(0) * (len(names) + 1) + 4)
        box.currentTextChanged.connect(self._pick_demo)
        return box

    def _pick_demo(self, name: str) -> None:
        self.name.setText(name)
        self.password.setText(self._demo_password)
        self.message.clear()

    def try_login(self) -> None:
        """Check the login; accept with the identity, or show the one sentence."""
        try:
            self.identity = self._attempt(self.name.text(), self.password.text())
        except BilingualError as exc:
            self.message.setText(exc.message(current_language()))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


def ask_login(
    attempt: Attempt,
    parent: QWidget | None = None,
    *,
    demo_accounts: Sequence[str] = (),
    demo_password: str = "",
) -> Identity | None:
    """Show the login window until it succeeds; None when cancelled."""
    dialog = LoginDialog(attempt, parent, demo_accounts=demo_accounts, demo_password=demo_password)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.identity
