"""Hilfe → Richtlinie: which settings the IT department fixed on this computer (issue 18).

Read-only: the machine policy (:mod:`fieldkit.policy`) is a file only IT can change. The
dialog names the file and lists every value it fixes, database addresses without password;
the allowed roles by their German names.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.domain.roles import label
from fieldkit.policy import LEGACY_ROLES, Policy, shown_value
from fieldkit.ui.i18n import current_language


class PolicyDialog(QDialog):
    """The machine policy's fixed values, as a table nobody can edit."""

    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Richtlinie dieses Rechners"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("policy_intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("policy_table")
        self.table.setHorizontalHeaderLabels([self.tr("Einstellung"), self.tr("Wert")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Von der IT festgelegte Einstellungen"))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(policy)
        self.resize(560, 320)

    def _fill(self, policy: Policy) -> None:
        if policy.path is None:
            self.intro.setText(
                self.tr(
                    "Auf diesem Rechner gilt keine Richtlinie der IT: keine Einstellung ist "
                    "gesperrt."
                )
            )
            self.table.setVisible(False)
            return
        self.intro.setText(
            self.tr(
                "Diese Einstellungen hat die IT in %1 festgelegt; sie lassen sich in fieldkit "
                "nicht ändern."
            ).replace("%1", str(policy.path))
        )
        locked = policy.locked()
        self.table.setRowCount(len(locked))
        for row, (section, name) in enumerate(locked):
            value = policy.values[section][name]
            self.table.setItem(row, 0, QTableWidgetItem(f"{section}.{name}"))
            self.table.setItem(row, 1, QTableWidgetItem(self._text(name, value)))

    def _text(self, name: str, value: Any) -> str:
        if name == "allowed_roles":
            return ", ".join(self._role(code) for code in value)
        if isinstance(value, bool):
            return self.tr("ja") if value else self.tr("nein")
        shown = shown_value(name, value)
        if isinstance(shown, list):
            return ", ".join(str(v) for v in shown)
        return str(shown)

    def _role(self, code: str) -> str:
        lang = current_language()
        if code in LEGACY_ROLES:
            names = ", ".join(label(r, lang) for r in LEGACY_ROLES[code])
            return self.tr("Innendienst (%1)").replace("%1", names)
        return label(code, lang)
