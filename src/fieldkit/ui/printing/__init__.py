"""Print preview, printing and the letter templates (issue 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from fieldkit.domain.permissions import PRINTING, RULES, allowed
from fieldkit.domain.settings import RulesSettings
from fieldkit.printing.settings import PrintSettings
from fieldkit.services.printing import office_template_key_of
from fieldkit.ui.printing.dialog import PrintDialog
from fieldkit.ui.printing.rules import RulesDialog
from fieldkit.ui.printing.templates import TemplateEditor

if TYPE_CHECKING:
    from fieldkit.ui.host import FeatureHost

__all__ = ["PrintDialog", "PrintingFeature", "RulesDialog", "TemplateEditor", "install"]


class PrintingFeature(QObject):
    """The window's printing actions and the dialogs they open."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.dialog: PrintDialog | None = None
        self.editor: TemplateEditor | None = None
        self.rules_dialog: RulesDialog | None = None
        self.action_print = QAction(self.tr("&Drucken …"), window.window())
        self.action_print.setObjectName("action_print")
        self.action_print.setShortcut(QKeySequence.StandardKey.Print)
        self.action_print.setStatusTip(
            self.tr("Einladungen, Kunden-Pakete und Routenblätter der Woche drucken")
        )
        self.action_print.triggered.connect(self.open_print)
        self.action_templates = QAction(self.tr("&Briefvorlagen …"), window.window())
        self.action_templates.setObjectName("action_templates")
        self.action_templates.setStatusTip(self.tr("Texte der Schreiben bearbeiten"))
        self.action_templates.triggered.connect(self.open_templates)
        role = window.identity.account_role
        # Printing and the templates for who may print; the administration (which may not)
        # still gets the Regelwerke: only it may record that one was verified, and until
        # then no invitation with RFB is printed.
        if allowed(role, PRINTING):
            window.week_menu.addSeparator()
            window.week_menu.addAction(self.action_print)
            window.toolbar.addAction(self.action_print)
            window.tools_menu.addAction(self.action_templates)
        else:
            self.action_print.setVisible(False)
            self.action_templates.setVisible(False)
        self.action_rules = QAction(self.tr("&Regelwerke …"), window.window())
        self.action_rules.setObjectName("action_rules")
        self.action_rules.setStatusTip(
            self.tr("Regelwerke (Recht und Konzept) ansehen und als geprüft eintragen")
        )
        self.action_rules.triggered.connect(self.open_rules)
        if allowed(role, PRINTING) or allowed(role, RULES):
            window.tools_menu.addAction(self.action_rules)
        else:
            self.action_rules.setVisible(False)
        window.week_changed.connect(self._on_week)
        self._on_week(window.current_week())

    def _print_settings(self) -> PrintSettings:
        return self.window.settings.printing

    def _rules(self) -> RulesSettings:
        return self.window.settings.rules

    def _on_week(self, week: str) -> None:
        self.action_print.setEnabled(bool(week) and self.action_print.isVisible())

    def open_print(self) -> PrintDialog | None:
        """Open the print dialog for the week shown (non-modal, one at a time)."""
        week = self.window.current_week()
        if not week:
            QMessageBox.information(
                self.window.window(),
                self.tr("Drucken"),
                self.tr("Bitte zuerst eine Woche auswählen."),
            )
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = PrintDialog(
            self.window.db,
            week,
            self.window.clock,
            self.window.window(),
            identity=self.window.identity,
            runner=self.window.ops,
        )
        self.dialog.open()
        return self.dialog

    def open_templates(self) -> TemplateEditor:
        """Open the template editor for the office's letters."""
        key, office = office_template_key_of(self.window.db)
        if self.editor is not None:
            self.editor.close()
        self.editor = TemplateEditor(key, office, self._print_settings(), self.window.window())
        self.editor.open()
        return self.editor

    def open_rules(self) -> RulesDialog:
        """Open the rule sets dialog."""
        if self.rules_dialog is not None:
            self.rules_dialog.close()
        self.rules_dialog = RulesDialog(
            self.window.db,
            self._rules(),
            self.window.clock,
            self.window.window(),
            identity=self.window.identity,
            runner=self.window.ops,
        )
        self.rules_dialog.open()
        return self.rules_dialog


def install(host: FeatureHost) -> PrintingFeature:
    """Add this feature's actions and widgets to the main window."""
    return PrintingFeature(host)
