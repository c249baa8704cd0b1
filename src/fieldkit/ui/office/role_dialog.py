"""At start: Außendienst or Innendienst, and in the back office who is working."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.policy import allows
from fieldkit.services.office import FIELD, OFFICE, Identity


class RoleDialog(QDialog):
    """Choose the role; the back office also names the caseworker (or team lead) and team."""

    def __init__(
        self,
        caseworkers: list[tuple[str, str]],
        current: Identity | None = None,
        parent: QWidget | None = None,
        *,
        allowed: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Anmeldung – Rolle wählen"))
        self._teams = dict(caseworkers)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Wie arbeiten Sie heute mit fieldkit?")))
        self.field_button = QRadioButton(self.tr("Außendienst – Laptop der Aufsuchenden Beratung"))
        self.field_button.setObjectName("role_field")
        self.office_button = QRadioButton(
            self.tr("Innendienst – Integrationsfachkraft oder Teamleitung")
        )
        self.office_button.setObjectName("role_office")
        group = QButtonGroup(self)
        group.addButton(self.field_button)
        group.addButton(self.office_button)
        layout.addWidget(self.field_button)
        layout.addWidget(self.office_button)

        self.office_box = QGroupBox(self.tr("Innendienst"), self)
        form = QFormLayout(self.office_box)
        self.name_combo = QComboBox(self)
        self.name_combo.setObjectName("role_name")
        self.name_combo.setEditable(True)
        self.name_combo.setAccessibleName(self.tr("Name der Integrationsfachkraft"))
        for name, _team in caseworkers:
            self.name_combo.addItem(name)
        self.name_combo.currentTextChanged.connect(self._name_changed)
        form.addRow(self.tr("Name (IFK):"), self.name_combo)
        self.team_edit = QLineEdit(self)
        self.team_edit.setObjectName("role_team")
        self.team_edit.setAccessibleName(self.tr("Team"))
        form.addRow(self.tr("Team:"), self.team_edit)
        self.lead_check = QCheckBox(self.tr("Teamleitung (sieht alle Kunden des Teams)"), self)
        self.lead_check.setObjectName("role_lead")
        form.addRow("", self.lead_check)
        layout.addWidget(self.office_box)

        self.remember = QCheckBox(self.tr("Auswahl merken (nicht mehr fragen)"), self)
        self.remember.setObjectName("role_remember")
        layout.addWidget(self.remember)
        self.error = QLabel(self)
        self.error.setObjectName("role_error")
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.office_button.toggled.connect(self.office_box.setEnabled)

        current = current or Identity()
        if current.role == FIELD:
            self.field_button.setChecked(True)
        else:
            self.office_button.setChecked(True)
        if current.caseworker:
            self.name_combo.setCurrentText(current.caseworker)
        self._name_changed(self.name_combo.currentText())
        if current.team:
            self.team_edit.setText(current.team)
        self.lead_check.setChecked(current.team_lead)
        self._restrict(allowed)

    def _restrict(self, allowed: tuple[str, ...]) -> None:
        """Roles the machine policy does not allow here cannot be chosen (shown disabled)."""
        for role, button in ((FIELD, self.field_button), (OFFICE, self.office_button)):
            if not allows(allowed, role):
                button.setEnabled(False)
                button.setToolTip(self.tr("Auf diesem Rechner nicht erlaubt (Richtlinie der IT)"))
                if button.isChecked():
                    other = self.office_button if role == FIELD else self.field_button
                    other.setChecked(True)

    def _name_changed(self, name: str) -> None:
        team = self._teams.get(name.strip())
        if team:
            self.team_edit.setText(team)

    def identity(self) -> Identity:
        """The chosen identity."""
        if self.field_button.isChecked():
            return Identity(FIELD)
        return Identity(
            OFFICE,
            self.name_combo.currentText().strip(),
            self.team_edit.text().strip(),
            self.lead_check.isChecked(),
        )

    def _accept(self) -> None:
        chosen = self.identity()
        if chosen.is_office and not chosen.caseworker:
            self.error.setText(self.tr("Bitte Ihren Namen angeben."))
            return
        if chosen.is_office and chosen.team_lead and not chosen.team:
            self.error.setText(self.tr("Als Teamleitung bitte das Team angeben."))
            return
        self.accept()
