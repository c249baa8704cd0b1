"""The idle lock (issue 14, item 5): after some minutes without input every window hides.

:class:`IdleLock` watches the whole application's keyboard and mouse input through one event
filter and a single-shot ``QTimer``. When the timer runs out, every visible window (the main
window, field mode, planning, the office windows, an open dialog) is covered by a
:class:`LockOverlay`: an opaque child over the whole window that asks for the password again,
and the windows' titles hide what they showed. The overlay only *covers*: nothing is closed,
so text typed into a form (a visit half written in field mode) is still there after unlocking.
While locked, input to anything but an overlay is swallowed (mouse, keys, wheel, shortcuts).

The idle time can change while the app runs (:meth:`IdleLock.set_idle_ms`, called through
:func:`apply_idle_minutes` when the settings window saves a new value, issue 23 item 6): it
applies at once, 0 switches the lock off until a value above 0 comes.

The password is checked by the injected ``verify(password) -> bool`` (the accounts service);
without one (a database without accounts) the app does not lock. A wrong password gets one
sentence; after :data:`MAX_FAILURES` wrong ones ``logout`` runs: it closes every window (field
mode commits its form when it closes) and ends the app.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

MAX_FAILURES = 5
MINUTE_MS = 60_000

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.ContextMenu,
    }
)


def idle_ms(minutes: int) -> int:
    """The setting's minutes as the timer's milliseconds (0: never lock)."""
    return max(0, int(minutes)) * MINUTE_MS


def apply_idle_minutes(minutes: int) -> IdleLock | None:
    """Give the running app's idle lock the new minutes (the settings window saved them);
    the lock, or None when the app has none (a database without accounts: nothing to ask)."""
    app = QApplication.instance()
    locks = [lock for lock in app.findChildren(IdleLock) if lock.running] if app else []
    for lock in locks:
        lock.set_idle_ms(idle_ms(minutes))
    return locks[0] if locks else None


def quit_app() -> None:
    """Log out: close every window (each saves what it holds), then end the event loop."""
    QApplication.closeAllWindows()
    QCoreApplication.quit()


class LockOverlay(QWidget):
    """The opaque cover of one window with the password field."""

    def __init__(self, window: QWidget, lock: IdleLock) -> None:
        super().__init__(window)
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("fieldkit ist gesperrt."), self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(self.tr("Bitte geben Sie Ihr Passwort erneut ein."), self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Passwort"))
        self.password.returnPressed.connect(lambda: lock.try_unlock(self.password))
        self.unlock_button = QPushButton(self.tr("Entsperren"), self)
        self.unlock_button.clicked.connect(lambda: lock.try_unlock(self.password))
        self.error = QLabel("", self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Hinweis"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, hint, self.password, self.unlock_button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.password.setMinimumWidth(240)
        self.cover()

    def cover(self) -> None:
        """Lie over the whole window, on top of everything in it."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()


class IdleLock(QObject):
    """Locks all windows after ``idle_ms`` without input; see the module's text."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        app: QApplication,
        idle_ms: int,
        verify: Callable[[str], bool],
        logout: Callable[[], None] = quit_app,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.verify = verify
        self.logout = logout
        self.failures = 0
        self.overlays: dict[QWidget, LockOverlay] = {}
        self._titles: dict[QWidget, str] = {}
        self.idle_ms = max(0, idle_ms)
        self.running = True  # False once stopped: a new idle time then starts nothing
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, self.idle_ms))
        self.timer.timeout.connect(self.lock)
        app.installEventFilter(self)
        if self.idle_ms > 0:
            self.timer.start()

    @property
    def is_locked(self) -> bool:
        """Whether the windows are covered now."""
        return bool(self.overlays)

    def stop(self) -> None:
        """Stop watching (the app ends)."""
        self.running = False
        self.timer.stop()
        self.app.removeEventFilter(self)

    def set_idle_ms(self, idle_ms: int) -> None:
        """A new idle time, at once: the idle time starts anew with it (0: no lock until a
        value above 0 comes). Windows locked now stay locked until the password is given."""
        self.idle_ms = max(0, int(idle_ms))
        if self.idle_ms == 0 or not self.running:
            self.timer.stop()
            return
        self.timer.setInterval(self.idle_ms)
        if not self.is_locked:
            self.timer.start()

    # ------------------------------------------------------------------ input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.overlays:
            if kind in _INPUT and self.idle_ms > 0:
                self.timer.start()  # any input starts the idle time anew
            return False
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, self._cover_all)  # a window that appears while locked
        elif kind == QEvent.Type.Resize and watched in self.overlays:
            self.overlays[watched].cover()
        elif kind == QEvent.Type.Shortcut:
            return True  # no menu shortcut acts behind the cover
        elif kind == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            if not self._in_overlay(watched):  # Tab left the cover: bring the focus back
                QTimer.singleShot(0, self._focus_password)
        elif kind in _INPUT and isinstance(watched, QWidget):
            return not self._in_overlay(watched)
        return False

    def _in_overlay(self, widget: QWidget) -> bool:
        return any(
            isValid(o) and (o is widget or o.isAncestorOf(widget)) for o in self.overlays.values()
        )

    def _focus_password(self) -> None:
        for window, overlay in self.overlays.items():
            if isValid(overlay) and window.isActiveWindow():
                overlay.password.setFocus()
                return

    # ------------------------------------------------------------------ lock and unlock

    def _windows(self) -> list[QWidget]:
        return [
            w
            for w in self.app.topLevelWidgets()
            if w.isVisible()
            and w.isWindow()
            and not isinstance(w, LockOverlay)
            and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        ]

    def lock(self) -> None:
        """Cover every window now (the timer calls this)."""
        self.timer.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu or completer would stand above the cover
        was_locked = self.is_locked
        self._cover_all()
        if not was_locked and self.is_locked:
            self.locked_changed.emit(True)

    def _cover_all(self) -> None:
        gone = [w for w, o in self.overlays.items() if not (isValid(w) and isValid(o))]
        for window in gone:  # closed while locked
            self.overlays.pop(window, None)
            self._titles.pop(window, None)
        for window in self._windows():
            if window in self.overlays:
                continue
            self._titles[window] = window.windowTitle()
            window.setWindowTitle(self.tr("fieldkit – gesperrt"))
            overlay = LockOverlay(window, self)
            self.overlays[window] = overlay
        focus = next(iter(self.overlays.values()), None)
        if focus is not None:
            focus.password.setFocus()
        self._focus_password()

    def try_unlock(self, field: QLineEdit) -> bool:
        """Check the password typed into ``field``; unlock, or say why not (or log out)."""
        password = field.text()
        field.clear()
        if password and self.verify(password):
            self.unlock()
            return True
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self._say(self.tr("Zu viele falsche Versuche: Sie werden abgemeldet."))
            self.timer.stop()
            self.logout()
            return False
        self._say(
            self.tr("Das Passwort ist falsch (Fehlversuch %1 von %2).")
            .replace("%1", str(self.failures))
            .replace("%2", str(MAX_FAILURES))
        )
        return False

    def _say(self, text: str) -> None:
        for overlay in self.overlays.values():
            if isValid(overlay):
                overlay.error.setText(text)

    def unlock(self) -> None:
        """Take every cover away and start the idle time anew."""
        for window, overlay in list(self.overlays.items()):
            if isValid(overlay):
                overlay.hide()
                overlay.deleteLater()
            if isValid(window):
                window.setWindowTitle(self._titles.pop(window, window.windowTitle()))
        self.overlays.clear()
        self._titles.clear()
        self.failures = 0
        if self.idle_ms > 0:
            self.timer.start()
        self.locked_changed.emit(False)
