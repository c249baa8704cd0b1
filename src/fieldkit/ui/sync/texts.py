"""German texts of the sync screens: error explanations, conflict kinds, record names."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

BERLIN = ZoneInfo("Europe/Berlin")


def _t(text: str) -> str:
    return QCoreApplication.translate("SyncTexts", text)


def error_text(code: str) -> str:
    """A German explanation of a failed sync, by the error's code."""
    texts = {
        "unreachable": _t(
            "Die zentrale Datenbank ist nicht erreichbar. Bitte Netzwerkverbindung und "
            "Adresse prüfen."
        ),
        "auth": _t(
            "Die zentrale Datenbank hat die Anmeldung abgelehnt. Bitte Benutzername und "
            "Passwort prüfen."
        ),
        "no_database": _t("Die angegebene Datenbank gibt es auf dem Server nicht."),
        "schema_empty": _t(
            "Die zentrale Datenbank ist noch nicht eingerichtet. Die IT muss sie zuerst mit "
            "„fieldkit db upgrade“ anlegen."
        ),
        "schema_old": _t(
            "Die zentrale Datenbank hat einen älteren Stand als dieses Programm. Bitte die IT, "
            "sie zu aktualisieren."
        ),
        "schema_new": _t(
            "Die zentrale Datenbank ist neuer als dieses Programm. Bitte fieldkit aktualisieren."
        ),
        "worker": _t(
            "Die zentrale Datenbank kennt keine Außendienstkraft mit diesem Namen. Bitte den "
            "Namen prüfen."
        ),
        "file_bad": _t(
            "Die Datei ist keine vollständige Sync-Datei (beschädigt oder abgeschnitten). Es "
            "wurde nichts übernommen."
        ),
        "file_tampered": _t(
            "Die Datei wurde nach dem Schreiben verändert (Prüfsumme stimmt nicht). Es wurde "
            "nichts übernommen."
        ),
        "file_kind": _t(
            "Diese Datei ist nicht für diesen Laptop oder diese Richtung bestimmt. Es wurde "
            "nichts übernommen."
        ),
        "file_schema": _t(
            "Die Datei stammt von einer anderen fieldkit-Version. Es wurde nichts übernommen."
        ),
        "cancelled": _t(
            "Die Synchronisation wurde abgebrochen. Was schon übertragen ist, bleibt sicher."
        ),
    }
    return texts.get(
        code,
        _t(
            "Die Synchronisation wurde unterbrochen. Was schon übertragen ist, bleibt sicher; "
            "nichts geht verloren."
        ),
    )


def record_name(table: str) -> str:
    """German name of a kind of record."""
    names = {
        "visit": _t("Besuche"),
        "case_note": _t("Vermerke"),
        "task": _t("Aufgaben"),
        "prep_check": _t("Vorbereitungen"),
        "manual_placement": _t("Kartenpositionen"),
        "route_stop": _t("Tourhalte"),
        "office": _t("Dienststellen"),
        "outreach_worker": _t("Außendienstkräfte"),
        "caseworker": _t("Integrationsfachkräfte"),
        "area": _t("Gebiete"),
        "area_member": _t("Gebietsgemeinden"),
        "customer": _t("Kunden"),
        "address": _t("Adressen"),
        "flag": _t("Vormerkungen"),
        "invitation": _t("Einladungen"),
        "phone_call": _t("Anrufe"),
    }
    return names.get(table, table)


def conflict_kind(kind: str) -> str:
    """German description of a kind of conflict."""
    kinds = {
        "flag_withdrawn_after_visit": _t("Vormerkung zurückgezogen – der Besuch bleibt erhalten"),
        "changed_after_sync": _t(
            "Nach der Synchronisation geändert – die zentrale Fassung gilt, die Änderung ist "
            "hier aufbewahrt"
        ),
        "rejected_by_central": _t(
            "Von der Zentrale nicht angenommen – bleibt auf dem Laptop und wird erneut gesendet"
        ),
        "rejected_by_laptop": _t("Zentrale Daten passen nicht zu den Daten dieses Laptops"),
    }
    return kinds.get(kind, kind)


def conflict_detail(detail: dict[str, Any]) -> str:
    """The conflict's parameters in a short German line."""
    parts = []
    if detail.get("kundennummer"):
        parts.append(_t("Kundennummer %1").replace("%1", str(detail["kundennummer"])))
    if detail.get("visit_week"):
        parts.append(_t("Woche %1").replace("%1", str(detail["visit_week"])))
    if detail.get("reason"):
        parts.append(str(detail["reason"]))
    return ", ".join(parts)


def when(moment: datetime | None) -> str:
    """A moment in German format, Berlin time."""
    if moment is None:
        return "–"
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def counts(values: dict[str, int]) -> str:
    """'12 (Besuche 5, Vermerke 5, Aufgaben 2)' in German."""
    total = sum(values.values())
    shown = [f"{record_name(k)} {v}" for k, v in values.items() if v]
    return f"{total} ({', '.join(shown)})" if shown else str(total)
