"""German display texts for stored values, translatable through Qt."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from fieldkit.domain.week import BERLIN, IsoWeek


def weekday_short(day: date) -> str:
    """'Mo' … 'So' (English 'Mon' … 'Sun')."""
    names = (
        QCoreApplication.translate("texts", "Mo"),
        QCoreApplication.translate("texts", "Di"),
        QCoreApplication.translate("texts", "Mi"),
        QCoreApplication.translate("texts", "Do"),
        QCoreApplication.translate("texts", "Fr"),
        QCoreApplication.translate("texts", "Sa"),
        QCoreApplication.translate("texts", "So"),
    )
    return names[day.weekday()]


def weekday_long(day: date) -> str:
    """'Montag' … 'Sonntag' (English 'Monday' … 'Sunday')."""
    names = (
        QCoreApplication.translate("texts", "Montag"),
        QCoreApplication.translate("texts", "Dienstag"),
        QCoreApplication.translate("texts", "Mittwoch"),
        QCoreApplication.translate("texts", "Donnerstag"),
        QCoreApplication.translate("texts", "Freitag"),
        QCoreApplication.translate("texts", "Samstag"),
        QCoreApplication.translate("texts", "Sonntag"),
    )
    return names[day.weekday()]


def week_label(week: str) -> str:
    """'2026-W49' → 'KW 49/2026' (English 'Week 49/2026'); anything else unchanged."""
    try:
        iso = IsoWeek.parse(week)
    except ValueError:
        return week
    return (
        QCoreApplication.translate("texts", "KW %1/%2")
        .replace("%1", str(iso.week))
        .replace("%2", str(iso.year))
    )


def status_label(status: str) -> str:
    """The row status in the users' words."""
    labels = {
        "eligible": QCoreApplication.translate("texts", "planbar"),
        "warning": QCoreApplication.translate("texts", "Hinweis"),
        "blocked": QCoreApplication.translate("texts", "gesperrt"),
        "invalid": QCoreApplication.translate("texts", "ungültig"),
    }
    return labels.get(status, status)


def precision_label(precision: str) -> str:
    """How exactly an address was placed on the map."""
    labels = {
        "house": QCoreApplication.translate("texts", "Hausnummer"),
        "street": QCoreApplication.translate("texts", "Straße"),
        "postcode": QCoreApplication.translate("texts", "PLZ"),
        "municipality": QCoreApplication.translate("texts", "Gemeinde"),
        "manual": QCoreApplication.translate("texts", "von Hand"),
        "": QCoreApplication.translate("texts", "nicht verortet"),
    }
    return labels.get(precision, precision)


def chain_label(kind: str) -> str:
    """Name of an escalation-chain step."""
    labels = {
        "invitation1": QCoreApplication.translate("texts", "1. Einladung"),
        "invitation2": QCoreApplication.translate("texts", "2. Einladung"),
        "call1": QCoreApplication.translate("texts", "1. Anruf"),
        "call2": QCoreApplication.translate("texts", "2. Anruf"),
    }
    return labels.get(kind, kind)


def fmt_date(value: date | None) -> str:
    """German short date (dd.MM.yyyy) in the UI locale."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y")


def fmt_datetime(value: datetime | None) -> str:
    """Local (Europe/Berlin) date and time, 'dd.MM.yyyy HH:mm'."""
    if value is None:
        return ""
    return value.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def reason_messages(reasons: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """Stored reasons as sentences in the UI's language (never their internal codes)."""
    from fieldkit.services.flaglist import reason_from_json
    from fieldkit.ui.i18n import current_language

    lang = current_language()
    messages = []
    for reason in reasons:
        try:
            messages.append(reason_from_json(reason).message(lang))
        except (KeyError, ValueError):
            # A reason stored by a newer version with parameters we do not know.
            messages.append(
                QCoreApplication.translate(
                    "DetailPanel", "Ein Prüfhinweis einer neueren fieldkit-Version."
                )
            )
    return messages
