<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>ConflictModel</name>
    <message>
        <source>Erkannt</source>
        <translation>Detected</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Datensatz</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Einzelheiten</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Gerät</source>
        <translation>Device</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Synchronisieren</source>
        <translation>Synchronise</translation>
    </message>
    <message>
        <source>Konfliktliste</source>
        <translation>Conflict list</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Adresse der zentralen Datenbank</source>
        <translation>Address of the central database</translation>
    </message>
    <message>
        <source>Von der IT festgelegt (Richtlinie dieses Rechners)</source>
        <translation>Set by IT (this computer&apos;s policy)</translation>
    </message>
    <message>
        <source>Zentrale &amp;Datenbank:</source>
        <translation>Central &amp;database:</translation>
    </message>
    <message>
        <source>Name der Außendienstkraft</source>
        <translation>Name of the outreach worker</translation>
    </message>
    <message>
        <source>&amp;Außendienstkraft:</source>
        <translation>&amp;Outreach worker:</translation>
    </message>
    <message>
        <source>Nicht synchronisiert:</source>
        <translation>Not synchronised:</translation>
    </message>
    <message>
        <source>Letzte Synchronisation:</source>
        <translation>Last sync:</translation>
    </message>
    <message>
        <source>Fortschritt der Synchronisation</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>Erneut versuchen</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Jetzt &amp;synchronisieren</source>
        <translation>&amp;Synchronise now</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>In Datei &amp;exportieren …</source>
        <translation>&amp;Export to file …</translation>
    </message>
    <message>
        <source>Ohne Netz: die neuen Datensätze in eine Datei für das Büro schreiben</source>
        <translation>Without a network: write the new records into a file for the office</translation>
    </message>
    <message>
        <source>Aus Datei &amp;einlesen …</source>
        <translation>&amp;Read from file …</translation>
    </message>
    <message>
        <source>Die Antwortdatei des Büros einlesen</source>
        <translation>Read the office&apos;s answer file</translation>
    </message>
    <message>
        <source>Für den Außendienst &amp;veröffentlichen</source>
        <translation>&amp;Publish for the field service</translation>
    </message>
    <message>
        <source>Die Briefvorlagen dieser Dienststelle und die dienststellenweiten Einstellungen in die zentrale Datenbank stellen; die Laptops übernehmen sie beim nächsten Synchronisieren</source>
        <translation>Put this office&apos;s letter templates and office-wide settings into the central database; the laptops take them over at their next sync</translation>
    </message>
    <message>
        <source>– (zentrale Datenbank)</source>
        <translation>– (central database)</translation>
    </message>
    <message>
        <source>%1 Datensätze</source>
        <translation>%1 records</translation>
    </message>
    <message>
        <source>Konflikte (%1)</source>
        <translation>Conflicts (%1)</translation>
    </message>
    <message>
        <source>Bitte die Adresse der zentralen Datenbank eintragen.</source>
        <translation>Please enter the address of the central database.</translation>
    </message>
    <message>
        <source>Bitte den Namen der Außendienstkraft eintragen.</source>
        <translation>Please enter the name of the outreach worker.</translation>
    </message>
    <message>
        <source>Sync-Datei speichern</source>
        <translation>Save sync file</translation>
    </message>
    <message>
        <source>Sync-Dateien (*.zip)</source>
        <translation>Sync files (*.zip)</translation>
    </message>
    <message>
        <source>Antwortdatei des Büros öffnen</source>
        <translation>Open the office&apos;s answer file</translation>
    </message>
    <message>
        <source>die Briefvorlagen</source>
        <translation>the letter templates</translation>
    </message>
    <message>
        <source>die Einstellungen</source>
        <translation>the settings</translation>
    </message>
    <message>
        <source>Vom Innendienst übernommen: %1.</source>
        <translation>Taken over from the back office: %1.</translation>
    </message>
    <message>
        <source> und </source>
        <translation> and </translation>
    </message>
    <message>
        <source>Für %1 veröffentlicht: %2 geänderte Textbausteine der Briefvorlagen und die dienststellenweiten Einstellungen. Die Laptops übernehmen sie beim nächsten Synchronisieren.</source>
        <translation>Published for %1: %2 changed letter template entries and the office-wide settings. The laptops take them over at their next sync.</translation>
    </message>
    <message>
        <source>Noch nie synchronisiert.</source>
        <translation>Never synchronised.</translation>
    </message>
    <message>
        <source>%1: nicht zu Ende gekommen (Programm beendet). Bitte erneut synchronisieren.</source>
        <translation>%1: did not finish (the program was closed). Please synchronise again.</translation>
    </message>
    <message>
        <source>%1: fehlgeschlagen. %2</source>
        <translation>%1: failed. %2</translation>
    </message>
    <message>
        <source>Hoch: %1
Runter: %2</source>
        <translation>Up: %1
Down: %2</translation>
    </message>
    <message>
        <source>%1: abgeschlossen, alles übertragen.</source>
        <translation>%1: finished, everything transferred.</translation>
    </message>
    <message>
        <source>einem offenen Konflikt</source>
        <translation>one open conflict</translation>
    </message>
    <message>
        <source>%1 offenen Konflikten</source>
        <translation>%1 open conflicts</translation>
    </message>
    <message>
        <source>einem noch nicht gesendeten Datensatz</source>
        <translation>one record not yet sent</translation>
    </message>
    <message>
        <source>%1 noch nicht gesendeten Datensätzen</source>
        <translation>%1 records not yet sent</translation>
    </message>
    <message>
        <source>%1: abgeschlossen mit %2. Bitte prüfen.</source>
        <translation>%1: finished with %2. Please check.</translation>
    </message>
</context>
<context>
    <name>SyncFeature</name>
    <message>
        <source>&amp;Synchronisieren …</source>
        <translation>&amp;Synchronise …</translation>
    </message>
    <message>
        <source>Besuche, Vermerke und Aufgaben an die Zentrale senden, Vormerkungen holen</source>
        <translation>Send visits, notes and tasks to the office, fetch flagged customers</translation>
    </message>
    <message>
        <source>Stand der Synchronisation</source>
        <translation>Sync state</translation>
    </message>
    <message>
        <source>Zentrale Datenbank</source>
        <translation>Central database</translation>
    </message>
    <message>
        <source>noch nie synchronisiert</source>
        <translation>never synchronised</translation>
    </message>
    <message>
        <source>zuletzt %1</source>
        <translation>last %1</translation>
    </message>
    <message>
        <source>letzte Synchronisation fehlgeschlagen (%1)</source>
        <translation>last sync failed (%1)</translation>
    </message>
    <message>
        <source>Nicht synchronisiert: %1 · %2</source>
        <translation>Not synchronised: %1 · %2</translation>
    </message>
    <message>
        <source>Dieses Fenster arbeitet direkt in der zentralen Datenbank: alles ist dort, sobald es gespeichert ist. Die Laptops gleichen mit ihr ab; von hier aus lassen sich nur die Briefvorlagen und Einstellungen für den Außendienst veröffentlichen.</source>
        <translation>This window works directly in the central database: everything is there as soon as it is saved. The laptops sync with it; from here you can only publish the letter templates and settings for the outreach workers.</translation>
    </message>
</context>
<context>
    <name>SyncTexts</name>
    <message>
        <source>Die zentrale Datenbank ist nicht erreichbar. Bitte Netzwerkverbindung und Adresse prüfen.</source>
        <translation>The central database cannot be reached. Please check the network connection and the address.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank hat die Anmeldung abgelehnt. Bitte Benutzername und Passwort prüfen.</source>
        <translation>The central database refused the login. Please check user name and password.</translation>
    </message>
    <message>
        <source>Die angegebene Datenbank gibt es auf dem Server nicht.</source>
        <translation>The database named does not exist on the server.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank ist noch nicht eingerichtet. Die IT muss sie zuerst mit „fieldkit db upgrade“ anlegen.</source>
        <translation>The central database is not set up yet. IT must first create it with “fieldkit db upgrade”.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank hat einen älteren Stand als dieses Programm. Bitte die IT, sie zu aktualisieren.</source>
        <translation>The central database is older than this program. Please ask IT to upgrade it.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank ist neuer als dieses Programm. Bitte fieldkit aktualisieren.</source>
        <translation>The central database is newer than this program. Please update fieldkit.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank kennt keine Außendienstkraft mit diesem Namen. Bitte den Namen prüfen; angelegt wird sie im Innendienst unter Extras → Einrichtung → Außendienst.</source>
        <translation>The central database knows no outreach worker of this name. Please check the name; the back office adds outreach workers under Tools → Setup → Outreach.</translation>
    </message>
    <message>
        <source>Die Datei ist keine vollständige Sync-Datei (beschädigt oder abgeschnitten). Es wurde nichts übernommen.</source>
        <translation>The file is not a complete sync file (damaged or cut short). Nothing was taken over.</translation>
    </message>
    <message>
        <source>Die Datei wurde nach dem Schreiben verändert oder nicht vom Absender signiert. Es wurde nichts übernommen.</source>
        <translation>The file was changed after it was written or not signed by its sender. Nothing was imported.</translation>
    </message>
    <message>
        <source>Diese Datei ist nicht für diesen Laptop oder diese Richtung bestimmt. Es wurde nichts übernommen.</source>
        <translation>This file is not meant for this laptop or this direction. Nothing was taken over.</translation>
    </message>
    <message>
        <source>Die Datei entpackt sich zu mehr Daten, als eine Sync-Datei je enthält. Es wurde nichts übernommen.</source>
        <translation>The file unpacks to more data than a sync file ever holds. Nothing was taken over.</translation>
    </message>
    <message>
        <source>Die Datei oder die zentrale Datenbank gehört zu einem anderen Laptop, einer anderen Außendienstkraft oder einer anderen Dienststelle. Es wurde nichts übernommen; bitte im Büro die richtige Datei erstellen lassen.</source>
        <translation>The file or the central database belongs to another laptop, another outreach worker or another office. Nothing was taken over; please have the office make the right file.</translation>
    </message>
    <message>
        <source>Die Datei ist älter als der Stand, den dieser Laptop schon hat. Es wurde nichts übernommen; bitte im Büro eine neue Datei erstellen lassen.</source>
        <translation>The file is older than what this laptop already has. Nothing was taken over; please have the office make a new file.</translation>
    </message>
    <message>
        <source>Die Uhr dieses Laptops geht deutlich falsch. Bitte Datum und Uhrzeit richtig einstellen und dann erneut synchronisieren. Es wurde nichts übertragen.</source>
        <translation>This laptop&apos;s clock is clearly wrong. Please set the date and time right, then sync again. Nothing was transferred.</translation>
    </message>
    <message>
        <source>Dieser Laptop wurde eigenständig eingerichtet (eigene Kunden, Gebiete oder Außendienstkräfte) und kann der zentralen Datenbank so nicht beitreten. Es wurde nichts übertragen, seine Daten bleiben hier. Bitte mit einer neuen Datenbank beitreten; die Vormerkliste spielt das Büro zentral ein.</source>
        <translation>This laptop was set up on its own (its own customers, areas or outreach workers) and cannot join the central database like that. Nothing was transferred; its data stays here. Please join with a fresh database; the office imports the flag list centrally.</translation>
    </message>
    <message>
        <source>Die Datei stammt von einer anderen fieldkit-Version. Es wurde nichts übernommen.</source>
        <translation>The file comes from another fieldkit version. Nothing was taken over.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank kennt die Dienststelle dieser Installation nicht. Bitte den Namen der Dienststelle prüfen; angelegt wird sie unter Extras → Einrichtung → Dienststelle.</source>
        <translation>The central database does not know this installation&apos;s office. Please check the office&apos;s name; it is recorded under Tools → Setup → Office.</translation>
    </message>
    <message>
        <source>Die Synchronisation wurde abgebrochen. Was schon übertragen ist, bleibt sicher.</source>
        <translation>The sync was cancelled. What was already transferred stays safe.</translation>
    </message>
    <message>
        <source>Dieser Laptop ist für Sync-Dateien noch nicht angemeldet. Bitte einmal im Büro mit der zentralen Datenbank verbinden (Synchronisieren) oder von der Administration einrichten lassen. Es wurde nichts übertragen.</source>
        <translation>This laptop is not enrolled for sync files yet. Connect it once to the central database at the office (Synchronise) or have the administration enrol it. Nothing was transferred.</translation>
    </message>
    <message>
        <source>Dieses Konto ist in der zentralen Datenbank gesperrt und kann nicht mehr synchronisieren; es ist jetzt auch auf diesem Laptop gesperrt. Es wurde nichts übertragen; bitte an die Administration wenden.</source>
        <translation>This account is disabled on the central database and can no longer sync; it is now disabled on this laptop too. Nothing was transferred; please ask the administration.</translation>
    </message>
    <message>
        <source>Dieser Laptop wurde vom Büro gesperrt und kann nicht mehr synchronisieren. Es wurde nichts übertragen; bitte die IT fragen.</source>
        <translation>This laptop was disabled by the office and can no longer sync. Nothing was transferred; please ask IT.</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank liegt auf einem anderen Rechner und darf nur über TLS mit geprüftem Zertifikat (sslmode=verify-full) erreicht werden. Es wurde nichts übertragen; bitte die IT fragen.</source>
        <translation>The central database is on another computer and may only be reached through TLS with a verified certificate (sslmode=verify-full). Nothing was synced; please ask IT.</translation>
    </message>
    <message>
        <source>Die Zertifikatsdatei für die zentrale Datenbank (Einstellung sync.ca_file) fehlt. Bitte die IT fragen.</source>
        <translation>The certificate file for the central database (setting sync.ca_file) is missing. Please ask IT.</translation>
    </message>
    <message>
        <source>Die Synchronisation wurde unterbrochen. Was schon übertragen ist, bleibt sicher; nichts geht verloren.</source>
        <translation>The sync was interrupted. What was already transferred stays safe; nothing is lost.</translation>
    </message>
    <message>
        <source>Besuche</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Vermerke</source>
        <translation>Case notes</translation>
    </message>
    <message>
        <source>Aufgaben</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Vorbereitungen</source>
        <translation>Preparation checks</translation>
    </message>
    <message>
        <source>Kartenpositionen</source>
        <translation>Map positions</translation>
    </message>
    <message>
        <source>Tourhalte</source>
        <translation>Route stops</translation>
    </message>
    <message>
        <source>Dienststellen</source>
        <translation>Offices</translation>
    </message>
    <message>
        <source>Außendienstkräfte</source>
        <translation>Outreach workers</translation>
    </message>
    <message>
        <source>Integrationsfachkräfte</source>
        <translation>Caseworkers</translation>
    </message>
    <message>
        <source>Gebiete</source>
        <translation>Areas</translation>
    </message>
    <message>
        <source>Gebietsgemeinden</source>
        <translation>Area municipalities</translation>
    </message>
    <message>
        <source>Kunden</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Adressen</source>
        <translation>Addresses</translation>
    </message>
    <message>
        <source>Vormerkungen</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>Einladungen</source>
        <translation>Invitations</translation>
    </message>
    <message>
        <source>Anrufe</source>
        <translation>Phone calls</translation>
    </message>
    <message>
        <source>Protokolleinträge</source>
        <translation>Audit log entries</translation>
    </message>
    <message>
        <source>Standorte</source>
        <translation>Branches</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>Teams</translation>
    </message>
    <message>
        <source>Gebietszuordnungen</source>
        <translation>Area assignments</translation>
    </message>
    <message>
        <source>Regelwerksprüfungen</source>
        <translation>Rule set checks</translation>
    </message>
    <message>
        <source>Besuch</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Vermerk</source>
        <translation>Case note</translation>
    </message>
    <message>
        <source>Aufgabe</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Vorbereitung</source>
        <translation>Preparation check</translation>
    </message>
    <message>
        <source>Kartenposition</source>
        <translation>Map position</translation>
    </message>
    <message>
        <source>Tourhalt</source>
        <translation>Route stop</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Vormerkung</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Protokolleintrag</source>
        <translation>Audit log entry</translation>
    </message>
    <message>
        <source>Vormerkung zurückgezogen – der Besuch bleibt erhalten</source>
        <translation>Flag withdrawn – the visit is kept</translation>
    </message>
    <message>
        <source>Nach der Synchronisation geändert – die zentrale Fassung gilt, die Änderung ist hier aufbewahrt</source>
        <translation>Changed after the sync – the central version stands, the change is kept here</translation>
    </message>
    <message>
        <source>Von der Zentrale nicht angenommen – bleibt auf dem Laptop und wird erneut gesendet</source>
        <translation>Not accepted by the office – stays on the laptop and is sent again</translation>
    </message>
    <message>
        <source>Zwei Korrekturen desselben Eintrags – beide sind erhalten, bitte klären</source>
        <translation>Two corrections of the same entry – both are kept, please clarify</translation>
    </message>
    <message>
        <source>Zentrale Daten passen nicht zu den Daten dieses Laptops</source>
        <translation>Central data does not fit the data on this laptop</translation>
    </message>
    <message>
        <source>Kundennummer %1</source>
        <translation>Customer number %1</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Zentrales Passwort</source>
        <translation>Central password</translation>
    </message>
    <message>
        <source>Die zentrale Datenbank hat das Passwort von „%1“ abgelehnt. Wurde es dort geändert? Dann bitte das neue Passwort eingeben; der Laptop übernimmt es mit dieser Synchronisierung.</source>
        <translation>The central database refused the password of “%1”. Was it changed there? Then please enter the new password; the laptop takes it over with this sync.</translation>
    </message>
    <message>
        <source>Erneut synchronisieren</source>
        <translation>Sync again</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
