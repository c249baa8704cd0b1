"""Ask for the central password when the central database refused the remembered one.

After a password change on the central database the laptop still logs in with the old
password (the new hash arrives with the next sync), but the central database already wants
the new one: the sync dialog then asks for it here (issue 15), keeps it with
``central_login.remember`` and tries once more.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget


def central_password_prompt(parent: QWidget, account: str) -> QInputDialog:
    """A window-modal prompt for ``account``'s central password (not yet opened)."""
    prompt = QInputDialog(parent)
    prompt.setObjectName("central_password")
    prompt.setInputMode(QInputDialog.InputMode.TextInput)
    prompt.setTextEchoMode(QLineEdit.EchoMode.Password)
    prompt.setWindowTitle(QCoreApplication.translate("sync", "Zentrales Passwort"))
    prompt.setLabelText(
        QCoreApplication.translate(
            "sync",
            "Die zentrale Datenbank hat das Passwort von „%1“ abgelehnt. Wurde es dort "
            "geändert? Dann bitte das neue Passwort eingeben; der Laptop übernimmt es mit "
            "dieser Synchronisierung.",
        ).replace("%1", account)
    )
    prompt.setOkButtonText(QCoreApplication.translate("sync", "Erneut synchronisieren"))
    prompt.setCancelButtonText(QCoreApplication.translate("sync", "Abbrechen"))
    prompt.setAccessibleName(QCoreApplication.translate("sync", "Zentrales Passwort"))
    # The sentence wraps: on one line the prompt was wider than a laptop's screen allows.
    for label in prompt.findChildren(QLabel):
        label.setWordWrap(True)
    prompt.resize(PROMPT_WIDTH, prompt.sizeHint().height())
    return prompt


#: The prompt's width in pixels: the sentence wraps onto about three lines.
PROMPT_WIDTH = 480
