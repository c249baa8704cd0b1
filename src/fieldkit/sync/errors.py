"""Sync errors: one sentence in German and English, and a code the UI turns into German."""

from __future__ import annotations

from fieldkit.errors import FieldkitError, UserError

#: The German sentence per code, for the CLI on a German system (issue 23, item 4). The app
#: says the same through its catalogue (``fieldkit.ui.sync.texts.error_text``); keep both alike.
GERMAN: dict[str, str] = {
    "account_disabled": (
        "Dieses Konto ist in der zentralen Datenbank gesperrt und kann nicht mehr "
        "synchronisieren; es ist jetzt auch auf diesem Laptop gesperrt. Es wurde nichts "
        "übertragen; bitte an die Administration wenden."
    ),
    "auth": (
        "Die zentrale Datenbank hat die Anmeldung abgelehnt. Bitte Benutzername und "
        "Passwort prüfen."
    ),
    "ca_file": (
        "Die Zertifikatsdatei für die zentrale Datenbank (Einstellung sync.ca_file) "
        "fehlt. Bitte die IT fragen."
    ),
    "cancelled": (
        "Die Synchronisation wurde abgebrochen. Was schon übertragen ist, bleibt sicher."
    ),
    "clock": (
        "Die Uhr dieses Laptops geht deutlich falsch. Bitte Datum und Uhrzeit richtig "
        "einstellen und dann erneut synchronisieren. Es wurde nichts übertragen."
    ),
    "failed": (
        "Die Synchronisation wurde unterbrochen. Was schon übertragen ist, bleibt "
        "sicher; nichts geht verloren."
    ),
    "file_bad": (
        "Die Datei ist keine vollständige Sync-Datei (beschädigt oder abgeschnitten). "
        "Es wurde nichts übernommen."
    ),
    "file_big": (
        "Die Datei entpackt sich zu mehr Daten, als eine Sync-Datei je enthält. Es "
        "wurde nichts übernommen."
    ),
    "file_kind": (
        "Diese Datei ist nicht für diesen Laptop oder diese Richtung bestimmt. Es wurde "
        "nichts übernommen."
    ),
    "file_schema": (
        "Die Datei stammt von einer anderen fieldkit-Version. Es wurde nichts übernommen."
    ),
    "file_tampered": (
        "Die Datei wurde nach dem Schreiben verändert oder nicht vom Absender signiert. "
        "Es wurde nichts übernommen."
    ),
    "foreign": (
        "Die Datei oder die zentrale Datenbank gehört zu einem anderen Laptop, einer "
        "anderen Außendienstkraft oder einer anderen Dienststelle. Es wurde nichts "
        "übernommen; bitte im Büro die richtige Datei erstellen lassen."
    ),
    "insecure": (
        "Die zentrale Datenbank liegt auf einem anderen Rechner und darf nur über TLS "
        "mit geprüftem Zertifikat (sslmode=verify-full) erreicht werden. Es wurde "
        "nichts übertragen; bitte die IT fragen."
    ),
    "join": (
        "Dieser Laptop wurde eigenständig eingerichtet (eigene Kunden, Gebiete oder "
        "Außendienstkräfte) und kann der zentralen Datenbank so nicht beitreten. Es "
        "wurde nichts übertragen, seine Daten bleiben hier. Bitte mit einer neuen "
        "Datenbank beitreten; die Vormerkliste spielt das Büro zentral ein."
    ),
    "no_database": ("Die angegebene Datenbank gibt es auf dem Server nicht."),
    "not_enrolled": (
        "Dieser Laptop ist für Sync-Dateien noch nicht angemeldet. Bitte einmal im Büro "
        "mit der zentralen Datenbank verbinden (Synchronisieren) oder von der "
        "Administration einrichten lassen. Es wurde nichts übertragen."
    ),
    "office": (
        "Die zentrale Datenbank kennt die Dienststelle dieser Installation nicht. Bitte "
        "den Namen der Dienststelle prüfen; angelegt wird sie unter Extras → "
        "Einrichtung → Dienststelle."
    ),
    "replayed": (
        "Die Datei ist älter als der Stand, den dieser Laptop schon hat. Es wurde "
        "nichts übernommen; bitte im Büro eine neue Datei erstellen lassen."
    ),
    "revoked": (
        "Dieser Laptop wurde vom Büro gesperrt und kann nicht mehr synchronisieren. Es "
        "wurde nichts übertragen; bitte die IT fragen."
    ),
    "schema_empty": (
        "Die zentrale Datenbank ist noch nicht eingerichtet. Die IT muss sie zuerst mit "
        "„fieldkit db upgrade“ anlegen."
    ),
    "schema_new": (
        "Die zentrale Datenbank ist neuer als dieses Programm. Bitte fieldkit aktualisieren."
    ),
    "schema_old": (
        "Die zentrale Datenbank hat einen älteren Stand als dieses Programm. Bitte die "
        "IT, sie zu aktualisieren."
    ),
    "unreachable": (
        "Die zentrale Datenbank ist nicht erreichbar. Bitte Netzwerkverbindung und Adresse prüfen."
    ),
    "worker": (
        "Die zentrale Datenbank kennt keine Außendienstkraft mit diesem Namen. Bitte "
        "den Namen prüfen; angelegt wird sie im Innendienst unter Extras → Einrichtung "
        "→ Außendienst."
    ),
}


class SyncError(FieldkitError, UserError):
    """A sync that could not run or finish; ``code`` names the cause for the UI.

    Codes: ``unreachable``, ``auth``, ``no_database``, ``schema_empty``, ``schema_old``,
    ``schema_new``, ``worker``, ``file_bad``, ``file_tampered``, ``file_kind``,
    ``file_schema``, ``cancelled``, ``failed``, ``office`` (publishing: no such office),
    ``ca_file`` (the CA file of the settings or the machine policy is missing or, for a
    remote server, not set), ``insecure`` (a remote server without verified TLS),
    ``not_enrolled`` (no keys exchanged for sync files yet), ``revoked`` (a disabled laptop),
    ``account_disabled`` (the account is disabled on the central database).

    ``str()`` is the English sentence with its particulars; the German one is the code's
    (:data:`GERMAN`) unless the raiser gives its own.
    """

    def __init__(self, code: str, message: str, de: str = "") -> None:
        # The app says the German sentence from the code (ui/sync/texts.py); the CLI on a
        # German system says GERMAN's (issue 23, item 4).
        super().__init__(code, de or GERMAN.get(code, GERMAN["failed"]), message)
