"""Konten (issue 14, item 1): the administration manages the accounts in the app.

Installed into every main window, but the action "Extras → Konten …" appears only for the
administration's account (the role comes from the login). The window
(:mod:`fieldkit.ui.accounts.window`) adds accounts, sets passwords and disables accounts
through :mod:`fieldkit.services.accounts`, like ``fieldkit user`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from fieldkit.domain import roles

if TYPE_CHECKING:
    from fieldkit.ui.accounts.window import AccountsWindow
    from fieldkit.ui.host import FeatureHost


class AccountsFeature(QObject):
    """The "Konten …" action (administration only) and the window it opens."""

    def __init__(self, window: FeatureHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.accounts_window: AccountsWindow | None = None
        self.action: QAction | None = None
        if window.identity.account_role != roles.ADMIN:
            return
        self.action = QAction(self.tr("&Konten …"), window.window())
        self.action.setObjectName("action_accounts")
        self.action.setStatusTip(self.tr("Konten anlegen, Passwörter setzen, Konten sperren"))
        self.action.triggered.connect(self.open_accounts)
        window.tools_menu.addAction(self.action)

    def open_accounts(self) -> AccountsWindow:
        """The accounts window (modal to the main window)."""
        from fieldkit.ui.accounts.window import AccountsWindow

        dialog = AccountsWindow(
            self.window.db, self.window.clock, self.window.window(), runner=self.window.ops
        )
        self.accounts_window = dialog
        dialog.show()
        return dialog


def install(host: FeatureHost) -> AccountsFeature:
    """Add the accounts action to the main window (only the administration sees it)."""
    return AccountsFeature(host)
