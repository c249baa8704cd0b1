<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>DetailPanel</name>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Details zum Kunden</source>
        <translation>Customer details</translation>
    </message>
    <message>
        <source>Bitte einen Kunden auswählen.</source>
        <translation>Please select a customer.</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Eskalationskette</source>
        <translation>Escalation chain</translation>
    </message>
    <message>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Langzeitarbeitslos</source>
        <translation>Long-term unemployed</translation>
    </message>
    <message>
        <source>Vorgemerkt am</source>
        <translation>Flagged on</translation>
    </message>
    <message>
        <source>Termin zum Übergeben</source>
        <translation>Appointment to hand over</translation>
    </message>
    <message>
        <source>noch keiner</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>Verortung</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>keines ⚠</source>
        <translation>none ⚠</translation>
    </message>
    <message>
        <source>Sinnhaftigkeit</source>
        <translation>Why outreach makes sense</translation>
    </message>
    <message>
        <source>Hinweise</source>
        <translation>Hints</translation>
    </message>
    <message>
        <source>Offene Mitwirkung</source>
        <translation>Open document requests</translation>
    </message>
    <message>
        <source>keine</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Prüfergebnis</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>Freigegeben</source>
        <translation>Released</translation>
    </message>
    <message>
        <source>fehlt</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>mit RFB</source>
        <translation>with legal notice</translation>
    </message>
    <message>
        <source>ohne RFB</source>
        <translation>without legal notice</translation>
    </message>
    <message>
        <source>erschienen</source>
        <translation>attended</translation>
    </message>
    <message>
        <source>nicht erschienen</source>
        <translation>did not attend</translation>
    </message>
    <message>
        <source>Ein Prüfhinweis einer neueren fieldkit-Version.</source>
        <translation>A check result from a newer fieldkit version.</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>fieldkit – gesperrt</source>
        <translation>fieldkit – locked</translation>
    </message>
    <message>
        <source>Zu viele falsche Versuche: Sie werden abgemeldet.</source>
        <translation>Too many wrong attempts: you are being logged out.</translation>
    </message>
    <message>
        <source>Das Passwort ist falsch (Fehlversuch %1 von %2).</source>
        <translation>The password is wrong (failed attempt %1 of %2).</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Vormerkliste importieren</source>
        <translation>Import flag list</translation>
    </message>
    <message>
        <source>CSV- oder Excel-Datei wählen oder hierher ziehen.</source>
        <translation>Choose a CSV or Excel file or drop it here.</translation>
    </message>
    <message>
        <source>Gewählte Datei</source>
        <translation>Chosen file</translation>
    </message>
    <message>
        <source>Datei &amp;wählen …</source>
        <translation>&amp;Choose file …</translation>
    </message>
    <message>
        <source>Fortschritt</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Vorschau der Zeilen</source>
        <translation>Preview of the rows</translation>
    </message>
    <message>
        <source>Ungültige Zeilen überspringen</source>
        <translation>Skip invalid rows</translation>
    </message>
    <message>
        <source>&amp;Importieren</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Vormerkliste wählen</source>
        <translation>Choose flag list</translation>
    </message>
    <message>
        <source>Vormerklisten (*.csv *.xlsx);;Alle Dateien (*)</source>
        <translation>Flag lists (*.csv *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Datei wird geprüft …</source>
        <translation>Checking the file …</translation>
    </message>
    <message>
        <source>%1 planbar, %2 mit Hinweis, %3 gesperrt, %4 ungültig</source>
        <translation>%1 plannable, %2 with notices, %3 blocked, %4 invalid</translation>
    </message>
    <message>
        <source>Die Datei enthält keine Zeilen.</source>
        <translation>The file contains no rows.</translation>
    </message>
    <message>
        <source>Die Liste hat ungültige Zeilen. Es wird nichts importiert, außer Sie überspringen sie ausdrücklich.</source>
        <translation>The list has invalid rows. Nothing is imported unless you explicitly skip them.</translation>
    </message>
    <message>
        <source>Geprüft. Mit „Importieren“ übernehmen.</source>
        <translation>Checked. Click “Import” to take it over.</translation>
    </message>
    <message>
        <source>Wird importiert …</source>
        <translation>Importing …</translation>
    </message>
    <message>
        <source>Prüfung abgebrochen.</source>
        <translation>Check cancelled.</translation>
    </message>
    <message>
        <source>Unerwarteter Fehler, es wurde nichts gespeichert: %1</source>
        <translation>Unexpected error, nothing was saved: %1</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>fieldkit ist gesperrt.</source>
        <translation>fieldkit is locked.</translation>
    </message>
    <message>
        <source>Bitte geben Sie Ihr Passwort erneut ein.</source>
        <translation>Please enter your password again.</translation>
    </message>
    <message>
        <source>Passwort</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Hinweis</source>
        <translation>Notice</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>fieldkit – Anmeldung</source>
        <translation>fieldkit – Log in</translation>
    </message>
    <message>
        <source>Bitte melden Sie sich mit Ihrem Konto an.</source>
        <translation>Please log in with your account.</translation>
    </message>
    <message>
        <source>Benutzername</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>&amp;Benutzername:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>Passwort</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Passwort:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Anmelden</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Demo-Konten</source>
        <translation>Demo accounts</translation>
    </message>
    <message>
        <source>Nur in der Demo-Datenbank: ein Konto je Rolle.</source>
        <translation>Only in the demo database: one account per role.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>fieldkit – Aufsuchende Beratung</source>
        <translation>fieldkit – Outreach counselling</translation>
    </message>
    <message>
        <source>Bereit</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>&amp;Datei</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Vormerkliste &amp;importieren …</source>
        <translation>&amp;Import flag list …</translation>
    </message>
    <message>
        <source>Vormerkliste (CSV/Excel) prüfen und importieren</source>
        <translation>Check and import a flag list (CSV/Excel)</translation>
    </message>
    <message>
        <source>&amp;Beenden</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Woche</source>
        <translation>&amp;Week</translation>
    </message>
    <message>
        <source>&amp;Aktualisieren</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Sperre &amp;aufheben …</source>
        <translation>&amp;Release block …</translation>
    </message>
    <message>
        <source>Gesperrten Kunden mit schriftlicher Begründung für die Planung freigeben</source>
        <translation>Release a blocked customer for planning with a written reason</translation>
    </message>
    <message>
        <source>&amp;Extras</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>&amp;Hilfe</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Richtlinie dieses Rechners …</source>
        <translation>This computer&apos;s &amp;policy …</translation>
    </message>
    <message>
        <source>Welche Einstellungen die IT auf diesem Rechner festgelegt hat</source>
        <translation>Which settings IT has fixed on this computer</translation>
    </message>
    <message>
        <source>Über &amp;fieldkit</source>
        <translation>About &amp;fieldkit</translation>
    </message>
    <message>
        <source>Werkzeugleiste</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>Woche:</source>
        <translation>Week:</translation>
    </message>
    <message>
        <source>Besuchswoche</source>
        <translation>Visit week</translation>
    </message>
    <message>
        <source>Suchen: Name, Kundennummer, Ort, HB …</source>
        <translation>Search: name, customer number, town, caseworker …</translation>
    </message>
    <message>
        <source>Suche</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Status-Filter</source>
        <translation>Status filter</translation>
    </message>
    <message>
        <source>Alle Status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Vorgemerkte Kunden der Woche</source>
        <translation>Flagged customers of the week</translation>
    </message>
    <message>
        <source>Kundendaten sind für dieses Konto nicht sichtbar (Rolle %1).</source>
        <translation>Customer records are not visible to this account (role %1).</translation>
    </message>
    <message>
        <source>Noch keine vorgemerkten Kunden. Bitte eine Vormerkliste importieren.</source>
        <translation>No flagged customers yet. Please import a flag list.</translation>
    </message>
    <message>
        <source>Noch keine vorgemerkten Kunden. Bitte synchronisieren.</source>
        <translation>No flagged customers yet. Please sync.</translation>
    </message>
    <message>
        <source>%1 von %2 Kunden angezeigt, %3 gesperrt</source>
        <translation>%1 of %2 customers shown, %3 blocked</translation>
    </message>
    <message>
        <source>Importiert: %1 neu, %2 geändert, %3 unverändert</source>
        <translation>Imported: %1 new, %2 changed, %3 unchanged</translation>
    </message>
    <message>
        <source>Sperre aufgehoben und begründet.</source>
        <translation>Block released with a reason.</translation>
    </message>
    <message>
        <source>Über fieldkit</source>
        <translation>About fieldkit</translation>
    </message>
    <message>
        <source>fieldkit %1 – Aufsuchende Beratung im Jobcenter.</source>
        <translation>fieldkit %1 – outreach counselling at the job centre.</translation>
    </message>
    <message>
        <source>&amp;Einstellungen …</source>
        <translation>&amp;Settings …</translation>
    </message>
    <message>
        <source>Sprache, Ordner und Druckvorgaben ändern (was die IT nicht festgelegt hat)</source>
        <translation>Change language, folders and print defaults (what IT has not fixed)</translation>
    </message>
    <message>
        <source>Einstellungen gespeichert.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>OpRunner</name>
    <message>
        <source>Der Vorgang ist fehlgeschlagen; es wurde nichts gespeichert.</source>
        <translation>The operation failed; nothing was saved.</translation>
    </message>
    <message>
        <source>Nicht ausgeführt</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Sperre aufheben</source>
        <translation>Release block</translation>
    </message>
    <message>
        <source>%1 (%2) ist gesperrt, weil die Eskalationskette unvollständig ist. Eine Freigabe wird mit Name, Zeit und Begründung gespeichert.</source>
        <translation>%1 (%2) is blocked because the escalation chain is incomplete. A release is stored with name, time and reason.</translation>
    </message>
    <message>
        <source>Freigegeben von</source>
        <translation>Released by</translation>
    </message>
    <message>
        <source>Freigegeben &amp;von:</source>
        <translation>Released &amp;by:</translation>
    </message>
    <message>
        <source>Begründung</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>&amp;Begründung:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Richtlinie dieses Rechners</source>
        <translation>This computer&apos;s policy</translation>
    </message>
    <message>
        <source>Einstellung</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>Wert</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Von der IT festgelegte Einstellungen</source>
        <translation>Settings fixed by IT</translation>
    </message>
    <message>
        <source>Auf diesem Rechner gilt keine Richtlinie der IT: keine Einstellung ist gesperrt.</source>
        <translation>No IT policy applies on this computer: no setting is locked.</translation>
    </message>
    <message>
        <source>Diese Einstellungen hat die IT in %1 festgelegt; sie lassen sich in fieldkit nicht ändern.</source>
        <translation>IT has fixed these settings in %1; they cannot be changed in fieldkit.</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Innendienst (%1)</source>
        <translation>Back office (%1)</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Zeile</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Woche</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Gründe</source>
        <translation>Reasons</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Karte</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>keine (nur die Gemeinden)</source>
        <translation>none (the municipalities only)</translation>
    </message>
    <message>
        <source>Datei wäh&amp;len …</source>
        <translation>Choose f&amp;ile …</translation>
    </message>
    <message>
        <source>Kartendatei wählen</source>
        <translation>Choose the map file</translation>
    </message>
    <message>
        <source>Kartenkacheln (&amp;MBTiles):</source>
        <translation>Map tiles (&amp;MBTiles):</translation>
    </message>
    <message>
        <source>Eine Rasterkarte des Bezirks für die Karte im Außendienst (ohne Netz).</source>
        <translation>A raster map of the district for the map in field mode (works without a network).</translation>
    </message>
    <message>
        <source>MBTiles-Karten (*.mbtiles)</source>
        <translation>MBTiles maps (*.mbtiles)</translation>
    </message>
    <message>
        <source>„%1“ ist kein gültiger Dateiname.</source>
        <translation>“%1” is not a valid file name.</translation>
    </message>
    <message>
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Speichern</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>von der IT festgelegt</source>
        <translation>fixed by IT</translation>
    </message>
    <message>
        <source>vom Büro festgelegt</source>
        <translation>fixed by the office</translation>
    </message>
    <message>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>wie das System</source>
        <translation>as the system</translation>
    </message>
    <message>
        <source>Eine andere Sprache gilt ab dem nächsten Start.</source>
        <translation>A different language applies from the next start.</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Ordner</source>
        <translation>Folders</translation>
    </message>
    <message>
        <source>Ordner &amp;wählen …</source>
        <translation>&amp;Choose folder …</translation>
    </message>
    <message>
        <source>&amp;Exporte und Ausdrucke:</source>
        <translation>&amp;Exports and printouts:</translation>
    </message>
    <message>
        <source>Sprache der &amp;Oberfläche:</source>
        <translation>&amp;Interface language:</translation>
    </message>
    <message>
        <source>Ordner wä&amp;hlen …</source>
        <translation>C&amp;hoose folder …</translation>
    </message>
    <message>
        <source>&amp;Briefvorlagen:</source>
        <translation>&amp;Letter templates:</translation>
    </message>
    <message>
        <source>Ordner wählen für %1</source>
        <translation>Choose folder for %1</translation>
    </message>
    <message>
        <source>Drucken</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>&amp;Doppelseitig: jeder Brief beginnt auf einer Vorderseite</source>
        <translation>&amp;Duplex: every letter starts on a front page</translation>
    </message>
    <message>
        <source>&amp;Falz- und Lochmarken auf Briefen</source>
        <translation>&amp;Fold and hole marks on letters</translation>
    </message>
    <message>
        <source>&amp;Karte auf dem Tourenblatt</source>
        <translation>&amp;Map on the route sheet</translation>
    </message>
    <message>
        <source>Tourenplanung</source>
        <translation>Route planning</translation>
    </message>
    <message>
        <source> Sekunden</source>
        <translation> seconds</translation>
    </message>
    <message>
        <source>&amp;Rechenzeit der Wochenplanung:</source>
        <translation>&amp;Planning time for a week:</translation>
    </message>
    <message>
        <source>Große Wochen: mehr Zeit, bessere Touren (1.000 Besuche: etwa 45 s).</source>
        <translation>Large weeks: more time, better routes (1,000 visits: about 45 s).</translation>
    </message>
    <message>
        <source>Sperre</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source> Minuten</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>aus; nur die IT kann die Sperre abschalten</source>
        <translation>off; only IT can switch the lock off</translation>
    </message>
    <message>
        <source>Sperren &amp;nach:</source>
        <translation>&amp;Lock after:</translation>
    </message>
    <message>
        <source>Gilt sofort nach dem Speichern.</source>
        <translation>Takes effect as soon as it is saved.</translation>
    </message>
    <message>
        <source>Ordner wählen</source>
        <translation>Choose folder</translation>
    </message>
    <message>
        <source>„%1“ ist kein gültiger Ordnername.</source>
        <translation>“%1” is not a valid folder name.</translation>
    </message>
    <message>
        <source>Den Ordner für „%1“ gibt es nicht.</source>
        <translation>The folder for “%1” does not exist.</translation>
    </message>
    <message>
        <source>Die Einstellungen konnten nicht gespeichert werden; nichts wurde geändert.</source>
        <translation>The settings could not be saved; nothing was changed.</translation>
    </message>
</context>
<context>
    <name>SyncOnlyWindow</name>
    <message>
        <source>fieldkit – bitte zuerst synchronisieren</source>
        <translation>fieldkit – please sync first</translation>
    </message>
    <message>
        <source>Bitte zuerst synchronisieren</source>
        <translation>Please sync first</translation>
    </message>
    <message>
        <source>&amp;Synchronisieren …</source>
        <translation>&amp;Sync …</translation>
    </message>
</context>
<context>
    <name>WeekTableModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Straße</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>PLZ</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Verortung</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Von Hand auf der Karte gesetzt; diese Position gilt vor allen automatischen Quellen und bleibt für die Adresse gespeichert.</source>
        <translation>Placed by hand on the map; this position wins over every automatic source and is kept for the address.</translation>
    </message>
    <message>
        <source>Die Adresse ist nicht verortet: ohne Position kann der Kunde nicht in eine Tour. Bitte „Woche verorten“ oder „Von Hand verorten …“.</source>
        <translation>The address is not placed: without a position the customer cannot be put on a route. Please use “Geocode week” or “Place by hand …”.</translation>
    </message>
    <message>
        <source>Nur der Ortsmittelpunkt ist bekannt, nicht die Adresse. Bitte von Hand verorten (Woche → Von Hand verorten …).</source>
        <translation>Only the town centre is known, not the address. Please place it by hand (Week → Place by hand …).</translation>
    </message>
    <message>
        <source>Die Adresse liegt in keinem Gebiet der Aufteilung des Landkreises. Bitte die Gebietsaufteilung ergänzen (Extras → Gebietsaufteilung …).</source>
        <translation>The address lies in no area of the district&apos;s division. Please complete the areas (Tools → Areas of the district …).</translation>
    </message>
    <message>
        <source>(freigegeben)</source>
        <translation>(released)</translation>
    </message>
    <message>
        <source>kein Gebiet</source>
        <translation>no area</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Richtlinie</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Datenbank</source>
        <translation>Database</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Der Zugriff auf die Datei wurde verweigert (fehlende Berechtigung).</source>
        <translation>Access to the file was denied (missing permission).</translation>
    </message>
    <message>
        <source>Die Datei oder der Ordner wurde nicht gefunden.</source>
        <translation>The file or folder was not found.</translation>
    </message>
    <message>
        <source>Auf dem Datenträger ist kein Platz mehr frei.</source>
        <translation>There is no space left on the disk.</translation>
    </message>
    <message>
        <source>Der Datenträger ist schreibgeschützt.</source>
        <translation>The disk is read-only.</translation>
    </message>
    <message>
        <source>Statt einer Datei wurde ein Ordner angegeben.</source>
        <translation>A folder was given instead of a file.</translation>
    </message>
    <message>
        <source>Die Datei gibt es schon.</source>
        <translation>The file already exists.</translation>
    </message>
    <message>
        <source>Ein Teil des Pfads ist kein Ordner.</source>
        <translation>Part of the path is not a folder.</translation>
    </message>
    <message>
        <source>Die Datei wird gerade von einem anderen Programm benutzt.</source>
        <translation>The file is in use by another program.</translation>
    </message>
    <message>
        <source>Die Datei ließ sich nicht lesen oder schreiben (Systemfehler %1).</source>
        <translation>The file could not be read or written (system error %1).</translation>
    </message>
    <message>
        <source>Ein unerwarteter Fehler ist aufgetreten (Fehlerart: %1).</source>
        <translation>An unexpected error occurred (kind of error: %1).</translation>
    </message>
</context>
<context>
    <name>excepthook</name>
    <message>
        <source>Was zuletzt getan wurde, ist womöglich nicht gespeichert. Bitte prüfen und gegebenenfalls wiederholen; bleibt der Fehler, die Details an die IT geben.</source>
        <extracomment>Unexpected-error dialogs open at once; further errors are logged and counted only.</extracomment>
        <translation>What was done last may not have been saved. Please check it and repeat it if needed; if the error stays, give the details to IT.</translation>
    </message>
    <message>
        <source>Dieser Fehler ist %1-mal aufgetreten.</source>
        <translation>This error occurred %1 times.</translation>
    </message>
    <message>
        <source>Unerwarteter Fehler</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Ein unerwarteter Fehler ist aufgetreten (%1).</source>
        <translation>An unexpected error occurred (%1).</translation>
    </message>
</context>
<context>
    <name>safety</name>
    <message>
        <source>Nicht gespeichert</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>Mo</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Di</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Mi</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Sa</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>So</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Montag</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Dienstag</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Mittwoch</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Donnerstag</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Freitag</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Samstag</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Sonntag</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>KW %1/%2</source>
        <translation>Week %1/%2</translation>
    </message>
    <message>
        <source>planbar</source>
        <translation>plannable</translation>
    </message>
    <message>
        <source>Hinweis</source>
        <translation>notice</translation>
    </message>
    <message>
        <source>gesperrt</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>ungültig</source>
        <translation>invalid</translation>
    </message>
    <message>
        <source>Hausnummer</source>
        <translation>House number</translation>
    </message>
    <message>
        <source>Straße</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>PLZ</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Gemeinde</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>von Hand</source>
        <translation>by hand</translation>
    </message>
    <message>
        <source>nicht verortet</source>
        <translation>not located</translation>
    </message>
    <message>
        <source>1. Einladung</source>
        <translation>1st invitation</translation>
    </message>
    <message>
        <source>2. Einladung</source>
        <translation>2nd invitation</translation>
    </message>
    <message>
        <source>1. Anruf</source>
        <translation>1st call</translation>
    </message>
    <message>
        <source>2. Anruf</source>
        <translation>2nd call</translation>
    </message>
</context>
</TS>
