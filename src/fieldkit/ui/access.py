"""Screen-reader helpers (issue 23): status changes are announced, not only painted.

A status bar message or a changed status label is drawn for sighted users; a screen reader
(Orca via AT-SPI, NVDA via UIA) hears of it only through a ``QAccessible`` event. The
announcement event (Qt ≥ 6.8) asks the reader to speak the text politely, after what it is
reading; the name change lets it re-read a focused label.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


def announce(widget: QWidget, text: str) -> None:
    """Ask a screen reader to speak ``text`` (from ``widget``); nothing for empty text."""
    if not text.strip():
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def announce_status(bar: QStatusBar) -> None:
    """Every message shown in ``bar`` from now on is announced."""
    bar.messageChanged.connect(lambda text: announce(bar, text))


def set_status_text(label: QLabel, text: str) -> None:
    """Show ``text`` in a status label and tell a screen reader that it changed."""
    if label.text() == text:
        return
    label.setText(text)
    label.setAccessibleName(text)
    QAccessible.updateAccessibility(QAccessibleEvent(label, QAccessible.Event.NameChanged))
    announce(label, text)
