"""At start, on an encrypted laptop database: name and password unlock its key (issue 14).

Small on purpose: the login window of the accounts work takes this over (name, password,
the sentence of a refusal, the key for :func:`fieldkit.store.db.open_database`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.store import cipher
from fieldkit.ui.i18n import current_language


class UnlockDialog(QDialog):
    """Name and password; OK unwraps the database key, a refusal stays in the dialog."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._key: bytes | None = None
        self.setWindowTitle(self.tr("Anmeldung"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Die Datenbank ist verschlüsselt. Bitte mit Name und Passwort anmelden."),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("unlock_name")
        self.name_edit.setAccessibleName(self.tr("Name"))
        form.addRow(self.tr("Name:"), self.name_edit)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("unlock_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Passwort"))
        form.addRow(self.tr("Passwort:"), self.password_edit)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("unlock_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def key(self) -> bytes | None:
        """The unwrapped database key after OK (None before, or after Cancel)."""
        return self._key

    def _accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name or not self.password_edit.text():
            self.error.setText(self.tr("Bitte Name und Passwort angeben."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # Argon2id takes a moment
        try:
            self._key = cipher.unlock(self._database, name, self.password_edit.text())
        except cipher.CipherError as exc:
            self.password_edit.clear()
            self.error.setText(exc.message(current_language()))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.password_edit.clear()
        self.accept()


def ask_key(database: Path, parent: QWidget | None = None) -> bytes | None:
    """The key of the encrypted ``database`` from the user's login (None: cancelled)."""
    dialog = UnlockDialog(database, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.key()
