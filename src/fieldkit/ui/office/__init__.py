"""Back office: flagging, results inbox, follow-ups, Meldeversäumnis desk, benefits outbox,
reports, deputies and absences (issue 9, outbox issue 17).

Installed only for the back-office role (see :mod:`fieldkit.ui.features`). Every screen is
a non-modal window that the :class:`OfficeFeature` keeps while it is open.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from fieldkit.domain.changes import AUDITED
from fieldkit.domain.permissions import (
    DESK,
    FLAGGING,
    FOLLOWUP,
    INBOX,
    REPORTS,
    STAFF,
    allowed,
)
from fieldkit.domain.settings import RulesSettings
from fieldkit.services.office import Identity
from fieldkit.ui.ops import OpRunner

if TYPE_CHECKING:
    from fieldkit.ui.host import FeatureHost


def identity_label(identity: Identity) -> str:
    """'Innendienst – Frau Keller (Team 521)' (translated) for the status bar."""
    if identity.is_field:
        return QCoreApplication.translate("OfficeFeature", "Außendienst")
    if not identity.is_office:
        return QCoreApplication.translate("OfficeFeature", "alle Bereiche")
    who = (
        QCoreApplication.translate("OfficeFeature", "Teamleitung")
        if identity.team_lead
        else identity.caseworker or "?"
    )
    if identity.team:
        return (
            QCoreApplication.translate("OfficeFeature", "Innendienst – %1 (Team %2)")
            .replace("%1", who)
            .replace("%2", identity.team)
        )
    return QCoreApplication.translate("OfficeFeature", "Innendienst – %1").replace("%1", who)


class OfficeFeature(QObject):
    """The back office's actions in the main window and the windows they open."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        with window.db.session() as session:
            self.identity = window.identity.with_team_from(session)
        self.windows: dict[str, QWidget] = {}
        menu = window.tools_menu.addMenu(self.tr("&Innendienst"))
        self.menu = menu
        self.action_flag = self._action(
            self.tr("Kunden &vormerken …"), "flag", self.open_flagging, "Ctrl+N"
        )
        self.action_inbox = self._action(
            self.tr("&Ergebnisse (Posteingang)"), "inbox", self.open_inbox
        )
        self.action_followup = self._action(
            self.tr("&Terminnachverfolgung"), "followup", self.open_followup
        )
        self.action_desk = self._action(
            self.tr("&Meldeversäumnis-Schalter (Eingangszone)"), "desk", self.open_desk
        )
        self.action_outbox = self._action(
            self.tr("&Postausgang Leistungsabteilung"), "outbox", self.open_outbox
        )
        self.action_contacts = self._action(
            self.tr("&Hamburger Regeln (Kontakte fällig, Überprüfung, Gespräche)"),
            "contacts",
            self.open_contacts,
        )
        if not window.settings.section("rules", RulesSettings).hamburg_rules:
            # Only offices that use the Hamburg concept get the list (a setting).
            self.menu.removeAction(self.action_contacts)
            self.action_contacts.setEnabled(False)
        self.action_reports = self._action(self.tr("&Berichte"), "reports", self.open_reports)
        self.action_staff = self._action(
            self.tr("&Vertretung und Abwesenheiten …"), "staff", self.open_staff
        )
        office_only = (
            self.action_flag,
            self.action_inbox,
            self.action_followup,
            self.action_outbox,
            self.action_contacts,
            self.action_reports,
            self.action_staff,
        )
        if self.identity.is_field:
            # On the outreach worker's laptop only the desk (Eingangszone duty) is offered.
            for action in office_only:
                self.menu.removeAction(action)
                action.setEnabled(False)
        # A window no one of this account's role may open is not offered (the services refuse
        # it; a caseworker's click on "Berichte" ended in the unexpected-error dialog).
        needs = {
            self.action_flag: FLAGGING,
            self.action_inbox: INBOX,
            self.action_followup: FOLLOWUP,
            self.action_desk: DESK,
            self.action_outbox: INBOX,
            self.action_reports: REPORTS,
            self.action_staff: STAFF,
        }
        for action, permission in needs.items():
            if action.isEnabled() and not allowed(self.identity.account_role, permission):
                self.menu.removeAction(action)
                action.setEnabled(False)
        window.toolbar.addSeparator()
        for action in (self.action_flag, self.action_inbox, self.action_followup, self.action_desk):
            if action.isEnabled():
                window.toolbar.addAction(action)
        self.who = QLabel(identity_label(self.identity), window.window())
        self.who.setObjectName("office_identity")
        window.statusBar().addPermanentWidget(self.who)
        self.open_label = QLabel(window.window())
        self.open_label.setObjectName("office_open_count")
        if self.identity.is_office:
            window.statusBar().addPermanentWidget(self.open_label)
        # After an operation (a sync, an import, F5 …) the inbox may have grown (issue 19).
        window.events.changed.connect(self.refresh)
        # New settings in use (saved, or adopted by a sync): open windows use their rules.
        window.settings_changed.connect(self._use_settings)
        self.refresh()

    def _use_settings(self, settings: object) -> None:
        for widget in self.windows.values():
            use = getattr(widget, "use_settings", None)
            if callable(use):
                use(settings)

    def refresh(self, changes: object = None) -> None:
        """Count the open inbox items and reload the open back-office windows.

        A change to the audit log alone (a print) concerns none of them. A window whose own
        save is being emitted (its runner is ``calling``) is skipped: it reloads itself right
        after, with its row selected again; reloading it here too read it twice."""
        if changes == AUDITED:
            return
        if self.identity.is_office:
            from fieldkit.services.office_inbox import open_counts

            with self.window.db.session() as session:
                total = sum(open_counts(session, self.identity).values())
            self.open_label.setText(self.tr("Posteingang: %1 offen").replace("%1", str(total)))
        for widget in self.windows.values():
            reload = getattr(widget, "reload", None)
            runner = getattr(widget, "runner", None)
            if isinstance(runner, OpRunner) and runner.calling:
                continue
            if widget.isVisible() and callable(reload):
                reload()

    def _action(self, text: str, name: str, slot: object, shortcut: str = "") -> QAction:
        action = QAction(text, self.window.window())
        action.setObjectName(f"office_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def _show(self, key: str, widget: QWidget) -> QWidget:
        old = self.windows.get(key)
        if old is not None and old.isVisible():
            old.raise_()
            old.activateWindow()
            return old
        self.windows[key] = widget
        widget.show()
        return widget

    def open_flagging(self) -> QWidget:
        """The flagging form; a saved flag reaches the views through its Changes."""
        from fieldkit.ui.office.flagging import FlaggingDialog

        dialog = FlaggingDialog(
            self.window.db,
            self.window.settings,
            self.window.clock,
            self.identity,
            self.window.window(),
            events=self.window.events,
        )
        return self._show("flag", dialog)

    def open_inbox(self) -> QWidget:
        """The results inbox."""
        inbox = _screen("inbox", "InboxWindow")(*self._args(), events=self.window.events)
        return self._show("inbox", inbox)

    def open_followup(self) -> QWidget:
        """Did the customers come to the handed-over appointments?"""
        window = _screen("followup", "FollowUpWindow")(*self._args(), events=self.window.events)
        return self._show("followup", window)

    def open_desk(self) -> QWidget:
        """The Meldeversäumnis desk at the reception."""
        desk = _screen("desk", "DeskWindow")(*self._args(), events=self.window.events)
        return self._show("desk", desk)

    def open_outbox(self) -> QWidget:
        """The benefits outbox (Postausgang Leistungsabteilung)."""
        outbox = _screen("outbox", "OutboxWindow")(*self._args(), events=self.window.events)
        return self._show("outbox", outbox)

    def open_contacts(self) -> QWidget:
        """The Hamburg 'Kontakte fällig' list."""
        contacts = _screen("contacts", "ContactsWindow")(*self._args(), events=self.window.events)
        return self._show("contacts", contacts)

    def open_reports(self) -> QWidget:
        """Reports with charts."""
        reports = _screen("reports", "ReportWindow")(*self._args(), events=self.window.events)
        return self._show("reports", reports)

    def open_staff(self) -> QWidget:
        """The team's deputy rule and the absences; a change reaches the desk through its
        Changes (``office``) on the main window's events."""
        dialog = _screen("staff", "StaffDialog")(*self._args(), events=self.window.events)
        return self._show("staff", dialog)

    def _args(self) -> tuple[Any, ...]:
        w = self.window
        return (w.db, w.settings, w.clock, self.identity, w.window())


def _screen(module: str, name: str) -> Any:
    # Imported when first opened: the screens are not needed to start the app.
    return getattr(importlib.import_module(f"fieldkit.ui.office.{module}"), name)


def install(host: FeatureHost) -> OfficeFeature:
    """Add the back office's menu, toolbar actions and identity label to the main window."""
    return OfficeFeature(host)
