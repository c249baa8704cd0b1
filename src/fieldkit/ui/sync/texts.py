"""German texts of the sync screens: error explanations, conflict kinds, record names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from fieldkit.services.sync import explain
from fieldkit.ui.i18n import current_language
from fieldkit.ui.texts import fmt_datetime, week_label


def error_text(code: str) -> str:
    """A German explanation of a failed sync, by the error's code."""
    texts = {
        "unreachable": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank ist nicht erreichbar. Bitte Netzwerkverbindung und "
            "Adresse prüfen.",
        ),
        "auth": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank hat die Anmeldung abgelehnt. Bitte Benutzername und "
            "Passwort prüfen.",
        ),
        "no_database": QCoreApplication.translate(
            "SyncTexts", "Die angegebene Datenbank gibt es auf dem Server nicht."
        ),
        "schema_empty": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank ist noch nicht eingerichtet. Die IT muss sie zuerst mit "
            "„fieldkit db upgrade“ anlegen.",
        ),
        "schema_old": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank hat einen älteren Stand als dieses Programm. Bitte die IT, "
            "sie zu aktualisieren.",
        ),
        "schema_new": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank ist neuer als dieses Programm. Bitte fieldkit aktualisieren.",
        ),
        "worker": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank kennt keine Außendienstkraft mit diesem Namen. Bitte den "
            "Namen prüfen; angelegt wird sie im Innendienst unter Extras → Einrichtung → "
            "Außendienst.",
        ),
        "file_bad": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei ist keine vollständige Sync-Datei (beschädigt oder abgeschnitten). Es "
            "wurde nichts übernommen.",
        ),
        "file_tampered": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei wurde nach dem Schreiben verändert oder nicht vom Absender signiert. Es "
            "wurde nichts übernommen.",
        ),
        "file_kind": QCoreApplication.translate(
            "SyncTexts",
            "Diese Datei ist nicht für diesen Laptop oder diese Richtung bestimmt. Es wurde "
            "nichts übernommen.",
        ),
        "file_schema": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei stammt von einer anderen fieldkit-Version. Es wurde nichts übernommen.",
        ),
        "office": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank kennt die Dienststelle dieser Installation nicht. Bitte den "
            "Namen der Dienststelle prüfen; angelegt wird sie unter Extras → Einrichtung → "
            "Dienststelle.",
        ),
        "file_big": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei entpackt sich zu mehr Daten, als eine Sync-Datei je enthält. Es wurde "
            "nichts übernommen.",
        ),
        "foreign": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei oder die zentrale Datenbank gehört zu einem anderen Laptop, einer anderen "
            "Außendienstkraft oder einer anderen Dienststelle. Es wurde nichts übernommen; bitte "
            "im Büro die richtige Datei erstellen lassen.",
        ),
        "replayed": QCoreApplication.translate(
            "SyncTexts",
            "Die Datei ist älter als der Stand, den dieser Laptop schon hat. Es wurde nichts "
            "übernommen; bitte im Büro eine neue Datei erstellen lassen.",
        ),
        "join": QCoreApplication.translate(
            "SyncTexts",
            "Dieser Laptop wurde eigenständig eingerichtet (eigene Kunden, Gebiete oder "
            "Außendienstkräfte) und kann der zentralen Datenbank so nicht beitreten. Es wurde "
            "nichts übertragen, seine Daten bleiben hier. Bitte mit einer neuen Datenbank "
            "beitreten; die Vormerkliste spielt das Büro zentral ein.",
        ),
        "clock": QCoreApplication.translate(
            "SyncTexts",
            "Die Uhr dieses Laptops geht deutlich falsch. Bitte Datum und Uhrzeit richtig "
            "einstellen und dann erneut synchronisieren. Es wurde nichts übertragen.",
        ),
        "cancelled": QCoreApplication.translate(
            "SyncTexts",
            "Die Synchronisation wurde abgebrochen. Was schon übertragen ist, bleibt sicher.",
        ),
        "not_enrolled": QCoreApplication.translate(
            "SyncTexts",
            "Dieser Laptop ist für Sync-Dateien noch nicht angemeldet. Bitte einmal im Büro mit "
            "der zentralen Datenbank verbinden (Synchronisieren) oder von der Administration "
            "einrichten lassen. Es wurde nichts übertragen.",
        ),
        "account_disabled": QCoreApplication.translate(
            "SyncTexts",
            "Dieses Konto ist in der zentralen Datenbank gesperrt und kann nicht mehr "
            "synchronisieren; es ist jetzt auch auf diesem Laptop gesperrt. Es wurde nichts "
            "übertragen; bitte an die Administration wenden.",
        ),
        "revoked": QCoreApplication.translate(
            "SyncTexts",
            "Dieser Laptop wurde vom Büro gesperrt und kann nicht mehr synchronisieren. Es "
            "wurde nichts übertragen; bitte die IT fragen.",
        ),
        "insecure": QCoreApplication.translate(
            "SyncTexts",
            "Die zentrale Datenbank liegt auf einem anderen Rechner und darf nur über TLS mit "
            "geprüftem Zertifikat (sslmode=verify-full) erreicht werden. Es wurde nichts "
            "übertragen; bitte die IT fragen.",
        ),
        "ca_file": QCoreApplication.translate(
            "SyncTexts",
            "Die Zertifikatsdatei für die zentrale Datenbank (Einstellung sync.ca_file) fehlt. "
            "Bitte die IT fragen.",
        ),
    }
    return texts.get(
        code,
        QCoreApplication.translate(
            "SyncTexts",
            "Die Synchronisation wurde unterbrochen. Was schon übertragen ist, bleibt sicher; "
            "nichts geht verloren.",
        ),
    )


def record_name(table: str) -> str:
    """German name of a kind of record."""
    names = {
        "visit": QCoreApplication.translate("SyncTexts", "Besuche"),
        "case_note": QCoreApplication.translate("SyncTexts", "Vermerke"),
        "task": QCoreApplication.translate("SyncTexts", "Aufgaben"),
        "prep_check": QCoreApplication.translate("SyncTexts", "Vorbereitungen"),
        "manual_placement": QCoreApplication.translate("SyncTexts", "Kartenpositionen"),
        "route_stop": QCoreApplication.translate("SyncTexts", "Tourhalte"),
        "office": QCoreApplication.translate("SyncTexts", "Dienststellen"),
        "outreach_worker": QCoreApplication.translate("SyncTexts", "Außendienstkräfte"),
        "caseworker": QCoreApplication.translate("SyncTexts", "Integrationsfachkräfte"),
        "area": QCoreApplication.translate("SyncTexts", "Gebiete"),
        "area_member": QCoreApplication.translate("SyncTexts", "Gebietsgemeinden"),
        "customer": QCoreApplication.translate("SyncTexts", "Kunden"),
        "address": QCoreApplication.translate("SyncTexts", "Adressen"),
        "flag": QCoreApplication.translate("SyncTexts", "Vormerkungen"),
        "invitation": QCoreApplication.translate("SyncTexts", "Einladungen"),
        "phone_call": QCoreApplication.translate("SyncTexts", "Anrufe"),
        "audit_log": QCoreApplication.translate("SyncTexts", "Protokolleinträge"),
        "branch": QCoreApplication.translate("SyncTexts", "Standorte"),
        "team": QCoreApplication.translate("SyncTexts", "Teams"),
        "worker_area": QCoreApplication.translate("SyncTexts", "Gebietszuordnungen"),
        "rule_set_verification": QCoreApplication.translate("SyncTexts", "Regelwerksprüfungen"),
    }
    return names.get(table, table)


def record_singular(table: str) -> str:
    """German name of one record of a kind (for the conflict list)."""
    names = {
        "visit": QCoreApplication.translate("SyncTexts", "Besuch"),
        "case_note": QCoreApplication.translate("SyncTexts", "Vermerk"),
        "task": QCoreApplication.translate("SyncTexts", "Aufgabe"),
        "prep_check": QCoreApplication.translate("SyncTexts", "Vorbereitung"),
        "manual_placement": QCoreApplication.translate("SyncTexts", "Kartenposition"),
        "route_stop": QCoreApplication.translate("SyncTexts", "Tourhalt"),
        "customer": QCoreApplication.translate("SyncTexts", "Kunde"),
        "address": QCoreApplication.translate("SyncTexts", "Adresse"),
        "flag": QCoreApplication.translate("SyncTexts", "Vormerkung"),
        "audit_log": QCoreApplication.translate("SyncTexts", "Protokolleintrag"),
    }
    return names.get(table, record_name(table))


def conflict_kind(kind: str) -> str:
    """German description of a kind of conflict."""
    kinds = {
        "flag_withdrawn_after_visit": QCoreApplication.translate(
            "SyncTexts", "Vormerkung zurückgezogen – der Besuch bleibt erhalten"
        ),
        "changed_after_sync": QCoreApplication.translate(
            "SyncTexts",
            "Nach der Synchronisation geändert – die zentrale Fassung gilt, die Änderung ist "
            "hier aufbewahrt",
        ),
        "rejected_by_central": QCoreApplication.translate(
            "SyncTexts",
            "Von der Zentrale nicht angenommen – bleibt auf dem Laptop und wird erneut gesendet",
        ),
        "competing_corrections": QCoreApplication.translate(
            "SyncTexts",
            "Zwei Korrekturen desselben Eintrags – beide sind erhalten, bitte klären",
        ),
        "rejected_by_laptop": QCoreApplication.translate(
            "SyncTexts", "Zentrale Daten passen nicht zu den Daten dieses Laptops"
        ),
    }
    return kinds.get(kind, kind)


def conflict_detail(detail: dict[str, Any], kind: str = "") -> str:
    """The conflict's parameters, its cause and what to do, in the UI's language."""
    parts = []
    if detail.get("kundennummer"):
        parts.append(
            QCoreApplication.translate("SyncTexts", "Kundennummer %1").replace(
                "%1", str(detail["kundennummer"])
            )
        )
    if detail.get("visit_week"):
        parts.append(week_label(str(detail["visit_week"])))
    text = ", ".join(parts)
    advice = explain(kind, detail, current_language())
    return f"{text}. {advice}" if text and advice else text or advice


def when(moment: datetime | None) -> str:
    """A moment in German format, Berlin time."""
    return "–" if moment is None else fmt_datetime(moment)


def counts(values: dict[str, int], only: tuple[str, ...] = ()) -> str:
    """'12 (Besuche 5, Vermerke 5, Aufgaben 2)' in German; ``only`` limits the details."""
    total = sum(values.values())
    shown = [f"{record_name(k)} {v}" for k, v in values.items() if v and (not only or k in only)]
    return f"{total} ({', '.join(shown)})" if shown else str(total)
