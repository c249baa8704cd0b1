"""Releasing a blocked customer for planning: who and why, in writing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from fieldkit.services.week import WeekRow


class OverrideDialog(QDialog):
    """Asks for the caseworker's name and a written reason (recorded with the time)."""

    def __init__(self, row: WeekRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sperre aufheben"))
        layout = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "%1 (%2) ist gesperrt, weil die Eskalationskette unvollständig ist. "
                "Eine Freigabe wird mit Name, Zeit und Begründung gespeichert."
            )
            .replace("%1", row.name)
            .replace("%2", row.kundennummer),
            self,
        )
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.who_edit = QLineEdit(self)
        self.who_edit.setAccessibleName(self.tr("Freigegeben von"))
        layout.addRow(self.tr("Freigegeben &von:"), self.who_edit)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName(self.tr("Begründung"))
        self.reason_edit.setTabChangesFocus(True)
        layout.addRow(self.tr("&Begründung:"), self.reason_edit)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #8e1b15")
        self.error.setWordWrap(True)
        layout.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def who(self) -> str:
        """The name typed."""
        return self.who_edit.text()

    def reason(self) -> str:
        """The reason typed."""
        return self.reason_edit.toPlainText()

    def show_error(self, text: str) -> None:
        """Show why the input was refused (the dialog is shown again)."""
        self.error.setText(text)
