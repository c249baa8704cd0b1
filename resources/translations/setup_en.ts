<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>AuditLog</name>
    <message>
        <source>geöffnet</source>
        <translation>opened</translation>
    </message>
    <message>
        <source>geändert</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>abgeschlossen</source>
        <translation>finalised</translation>
    </message>
    <message>
        <source>importiert</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>geplant</source>
        <translation>planned</translation>
    </message>
    <message>
        <source>gedruckt</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>Druckvorschau</source>
        <translation>print preview</translation>
    </message>
    <message>
        <source>Konto geändert</source>
        <translation>account changed</translation>
    </message>
    <message>
        <source>exportiert</source>
        <translation>exported</translation>
    </message>
    <message>
        <source>synchronisiert</source>
        <translation>synced</translation>
    </message>
    <message>
        <source>Einrichtung geändert</source>
        <translation>setup changed</translation>
    </message>
    <message>
        <source>Regelwerk geprüft</source>
        <translation>rule set verified</translation>
    </message>
    <message>
        <source>verortet</source>
        <translation>placed on the map</translation>
    </message>
    <message>
        <source>angemeldet</source>
        <translation>logged in</translation>
    </message>
    <message>
        <source>Anmeldung fehlgeschlagen</source>
        <translation>login failed</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Besuch</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Tagestour</source>
        <translation>Day's route</translation>
    </message>
    <message>
        <source>Woche</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Vormerkliste</source>
        <translation>Flag list</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Regelwerk</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <source>Einrichtung</source>
        <translation>Office setup</translation>
    </message>
    <message>
        <source>PDF-Datei</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <source>Excel-Datei</source>
        <translation>Excel file</translation>
    </message>
    <message>
        <source>Sync-Datei</source>
        <translation>Sync file</translation>
    </message>
    <message>
        <source>Synchronisierung</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>AuditLogWindow</name>
    <message>
        <source>Protokoll</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Anmeldename</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <source>&amp;Kunde:</source>
        <translation>&amp;Customer:</translation>
    </message>
    <message>
        <source>&amp;Konto:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <source>Letzte &amp;Tage:</source>
        <translation>Last &amp;days:</translation>
    </message>
    <message>
        <source>&amp;Anzeigen</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Protokolleinträge</source>
        <translation>Audit log entries</translation>
    </message>
    <message>
        <source>Einträge: %1 (neueste zuerst).</source>
        <translation>Entries: %1 (newest first).</translation>
    </message>
    <message>
        <source>Keine Einträge für diese Auswahl.</source>
        <translation>No entries for this selection.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Gerät</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Aktion</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Objekt</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>Kennung</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Hinweis</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>SetupFeature</name>
    <message>
        <source>&amp;Einrichtung …</source>
        <translation>&amp;Setup …</translation>
    </message>
    <message>
        <source>Dienststelle, Standorte, Teams, Außendienst und Gebiete einrichten</source>
        <translation>Set up the office, branches, teams, outreach workers and areas</translation>
    </message>
    <message>
        <source>&amp;Protokoll …</source>
        <translation>&amp;Audit log …</translation>
    </message>
    <message>
        <source>Wer wann welche Kundendaten geöffnet, geändert, gedruckt oder exportiert hat</source>
        <translation>Who opened, changed, printed or exported which customer data, and when</translation>
    </message>
</context>
<context>
    <name>SetupWindow</name>
    <message>
        <source>Einrichtung der Dienststelle</source>
        <translation>Office setup</translation>
    </message>
    <message>
        <source>Seiten der Einrichtung</source>
        <translation>Pages of the setup</translation>
    </message>
    <message>
        <source>Einrichtungsdatei &amp;importieren …</source>
        <translation>&amp;Import setup file …</translation>
    </message>
    <message>
        <source>Einrichtungsdatei e&amp;xportieren …</source>
        <translation>E&amp;xport setup file …</translation>
    </message>
    <message>
        <source>Ü&amp;bernehmen</source>
        <translation>&amp;Apply</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>„%1“ wird beim Übernehmen stillgelegt, nicht gelöscht: keine neuen Touren, die bisherigen Besuche bleiben.</source>
        <translation>“%1” will be retired when applied, not deleted: no new routes; past visits are kept.</translation>
    </message>
    <message>
        <source>Das Gebiet „%1“ wird beim Übernehmen stillgelegt, nicht gelöscht: keine neuen Kunden, die bisherigen bleiben.</source>
        <translation>The area “%1” will be retired when applied, not deleted: no new customers; the existing ones stay.</translation>
    </message>
    <message>
        <source>Weitere %1 Probleme auf anderen Seiten (links rot markiert).</source>
        <translation>%1 more problems on other pages (marked red on the left).</translation>
    </message>
    <message>
        <source>Nicht übernommen: Bitte zuerst die markierten Angaben korrigieren (%1 Probleme). Es wurde nichts gespeichert.</source>
        <translation>Not applied: please correct the marked entries first (%1 problems). Nothing was saved.</translation>
    </message>
    <message>
        <source>Nicht übernommen: %1</source>
        <translation>Not applied: %1</translation>
    </message>
    <message>
        <source>Nichts zu ändern: die Datenbank hat diese Einrichtung schon.</source>
        <translation>Nothing to change: the database already has this setup.</translation>
    </message>
    <message>
        <source>… und %1 weitere</source>
        <translation>… and %1 more</translation>
    </message>
    <message>
        <source>Die Einrichtung wurde übernommen (%1 Änderungen):</source>
        <translation>The setup has been applied (%1 changes):</translation>
    </message>
    <message>
        <source>Einrichtungsdatei importieren</source>
        <translation>Import setup file</translation>
    </message>
    <message>
        <source>Einrichtungsdateien (*.toml);;Alle Dateien (*)</source>
        <translation>Setup files (*.toml);;All files (*)</translation>
    </message>
    <message>
        <source>„%1“ ist eingelesen; mit „Übernehmen“ wird es gespeichert.</source>
        <translation>“%1” has been read; “Apply” saves it.</translation>
    </message>
    <message>
        <source>Nicht exportiert: Bitte zuerst die markierten Angaben korrigieren.</source>
        <translation>Not exported: please correct the marked entries first.</translation>
    </message>
    <message>
        <source>Einrichtungsdatei exportieren</source>
        <translation>Export setup file</translation>
    </message>
    <message>
        <source>Einrichtungsdateien (*.toml)</source>
        <translation>Setup files (*.toml)</translation>
    </message>
    <message>
        <source>Gespeichert in „%1“.</source>
        <translation>Saved to “%1”.</translation>
    </message>
</context>
<context>
    <name>setup</name>
    <message>
        <source>„%1“ darf keine spitzen Klammern (&lt; &gt;) enthalten.</source>
        <translation>“%1” must not contain angle brackets (&lt; &gt;).</translation>
    </message>
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
        <source>&amp;Neu</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <source>&amp;Entfernen</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source> Min.</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>(ohne Namen)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>Die Datei „%1“ lässt sich nicht öffnen.</source>
        <translation>The file “%1” cannot be opened.</translation>
    </message>
    <message>
        <source>„%1“ ist keine Einrichtungsdatei: sie ist größer als %2 MB.</source>
        <translation>“%1” is not a setup file: it is larger than %2 MB.</translation>
    </message>
    <message>
        <source>Die Datei „%1“ lässt sich nicht lesen.</source>
        <translation>The file “%1” cannot be read.</translation>
    </message>
    <message>
        <source>%1 (und %2 weitere Probleme)</source>
        <translation>%1 (and %2 more problems)</translation>
    </message>
    <message>
        <source>Die Datei „%1“ lässt sich nicht schreiben.</source>
        <translation>The file “%1” cannot be written.</translation>
    </message>
    <message>
        <source>Baden-Württemberg</source>
        <translation>Baden-Württemberg</translation>
    </message>
    <message>
        <source>Bayern</source>
        <translation>Bavaria</translation>
    </message>
    <message>
        <source>Berlin</source>
        <translation>Berlin</translation>
    </message>
    <message>
        <source>Brandenburg</source>
        <translation>Brandenburg</translation>
    </message>
    <message>
        <source>Bremen</source>
        <translation>Bremen</translation>
    </message>
    <message>
        <source>Hamburg</source>
        <translation>Hamburg</translation>
    </message>
    <message>
        <source>Hessen</source>
        <translation>Hesse</translation>
    </message>
    <message>
        <source>Mecklenburg-Vorpommern</source>
        <translation>Mecklenburg-Western Pomerania</translation>
    </message>
    <message>
        <source>Niedersachsen</source>
        <translation>Lower Saxony</translation>
    </message>
    <message>
        <source>Nordrhein-Westfalen</source>
        <translation>North Rhine-Westphalia</translation>
    </message>
    <message>
        <source>Rheinland-Pfalz</source>
        <translation>Rhineland-Palatinate</translation>
    </message>
    <message>
        <source>Saarland</source>
        <translation>Saarland</translation>
    </message>
    <message>
        <source>Sachsen</source>
        <translation>Saxony</translation>
    </message>
    <message>
        <source>Sachsen-Anhalt</source>
        <translation>Saxony-Anhalt</translation>
    </message>
    <message>
        <source>Schleswig-Holstein</source>
        <translation>Schleswig-Holstein</translation>
    </message>
    <message>
        <source>Thüringen</source>
        <translation>Thuringia</translation>
    </message>
    <message>
        <source>Name der Dienststelle</source>
        <translation>Name of the office</translation>
    </message>
    <message>
        <source>z. B. Jobcenter Landkreis Heilbronn</source>
        <translation>e.g. Jobcenter Landkreis Heilbronn</translation>
    </message>
    <message>
        <source>Straße und Hausnummer</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <source>Postleitzahl</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>fünf Ziffern</source>
        <translation>five digits</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-Mail (freiwillig)</source>
        <translation>E-mail (optional)</translation>
    </message>
    <message>
        <source>Bundesland</source>
        <translation>Federal state</translation>
    </message>
    <message>
        <source>Öffnungszeiten</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>z. B. Mo–Fr 08:00–12:00</source>
        <translation>e.g. Mo–Fr 08:00–12:00</translation>
    </message>
    <message>
        <source>Werden auf die Schreiben gedruckt.</source>
        <translation>Printed on the letters.</translation>
    </message>
    <message>
        <source>Vormerkschluss</source>
        <translation>Flag cutoff</translation>
    </message>
    <message>
        <source>z. B. Do 16:00</source>
        <translation>e.g. Do 16:00 (Thursday)</translation>
    </message>
    <message>
        <source>Briefkopf-Text</source>
        <translation>Letterhead text</translation>
    </message>
    <message>
        <source>PNG- oder JPG-Datei (freiwillig)</source>
        <translation>PNG or JPG file (optional)</translation>
    </message>
    <message>
        <source>Bild &amp;wählen …</source>
        <translation>&amp;Choose image …</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Dienststelle</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Logo wählen</source>
        <translation>Choose logo</translation>
    </message>
    <message>
        <source>Bilder (*.png *.jpg *.jpeg);;Alle Dateien (*)</source>
        <translation>Images (*.png *.jpg *.jpeg);;All files (*)</translation>
    </message>
    <message>
        <source>(kein Logo)</source>
        <translation>(no logo)</translation>
    </message>
    <message>
        <source>Die Logodatei lässt sich nicht als Bild (PNG oder JPG) lesen.</source>
        <translation>The logo file cannot be read as an image (PNG or JPG).</translation>
    </message>
    <message>
        <source>Standorte (Orte der Termine)</source>
        <translation>Branches (places of appointments)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>wie im termin_ort der Vormerkliste</source>
        <translation>as in the flag list&apos;s termin_ort</translation>
    </message>
    <message>
        <source>Telefon (freiwillig)</source>
        <translation>Phone (optional)</translation>
    </message>
    <message>
        <source>Standort</source>
        <translation>Branch</translation>
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
        <source>Teamnummer</source>
        <translation>Team number</translation>
    </message>
    <message>
        <source>z. B. 521</source>
        <translation>e.g. 521</translation>
    </message>
    <message>
        <source>Teamleitung</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Fachkräfte (HB / IFK)</source>
        <translation>Caseworkers (HB / IFK)</translation>
    </message>
    <message>
        <source>wie in der Vormerkliste</source>
        <translation>as in the flag list</translation>
    </message>
    <message>
        <source>E-Mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Fachkraft</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Teams und Fachkräfte</source>
        <translation>Teams and caseworkers</translation>
    </message>
    <message>
        <source>Fachkräfte der Aufsuchenden Beratung</source>
        <translation>Outreach workers</translation>
    </message>
    <message>
        <source>Arbeitstage</source>
        <translation>Working days</translation>
    </message>
    <message>
        <source>Beginn</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>HH:MM, z. B. 08:00</source>
        <translation>HH:MM, e.g. 08:00</translation>
    </message>
    <message>
        <source>Ende</source>
        <translation>End</translation>
    </message>
    <message>
        <source>HH:MM, z. B. 16:00</source>
        <translation>HH:MM, e.g. 16:00</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Startadresse</source>
        <translation>Start address</translation>
    </message>
    <message>
        <source>leer = die Dienststelle</source>
        <translation>empty = the office</translation>
    </message>
    <message>
        <source>Gebiete</source>
        <translation>Areas</translation>
    </message>
    <message>
        <source>Außendienst</source>
        <translation>Outreach</translation>
    </message>
    <message>
        <source>Name des Gebiets</source>
        <translation>Name of the area</translation>
    </message>
    <message>
        <source>Willkommen bei fieldkit</source>
        <translation>Welcome to fieldkit</translation>
    </message>
    <message>
        <source>Diese Datenbank kennt noch keine Dienststelle.</source>
        <translation>This database does not know an office yet.</translation>
    </message>
    <message>
        <source>Bevor Vormerklisten geplant und Einladungen gedruckt werden können, braucht fieldkit den Absender der Schreiben, die Fachkräfte des Außendienstes und die Gebiete des Landkreises. Sie können das jetzt in drei Schritten eintragen („Weiter“) oder die Einrichtungsdatei Ihrer IT einlesen. Alles lässt sich später unter Extras → Einrichtung ändern.</source>
        <translation>Before flag lists can be planned and invitations printed, fieldkit needs the sender of the letters, the outreach workers and the areas of the district. You can enter them now in three steps (“Next”) or import the setup file from your IT. Everything can be changed later under Tools → Setup.</translation>
    </message>
    <message>
        <source>Einrichtungsdatei &amp;importieren …</source>
        <translation>&amp;Import setup file …</translation>
    </message>
    <message>
        <source>Ein Laptop des Außendienstes bekommt die Einrichtung mit dem ersten Abgleich: dann „Später“ wählen und im Hauptfenster abgleichen.</source>
        <translation>An outreach worker&apos;s laptop gets the setup with its first sync: choose “Later” then and sync in the main window.</translation>
    </message>
    <message>
        <source>&amp;Später</source>
        <translation>&amp;Later</translation>
    </message>
    <message>
        <source>Konto der Administration</source>
        <translation>Administration account</translation>
    </message>
    <message>
        <source>Mit diesem Konto melden Sie sich künftig an und legen die Konten der Kolleginnen und Kollegen an (Passwort mindestens 10 Zeichen).</source>
        <translation>With this account you log in from now on and add your colleagues’ accounts (password at least 10 characters).</translation>
    </message>
    <message>
        <source>Benutzername</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Benutzername:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Passwort</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Passwort:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Passwort wiederholen</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <source>Passwort wiederholen:</source>
        <translation>Repeat the password:</translation>
    </message>
    <message>
        <source>Die beiden Passwörter sind verschieden.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>Bitte mindestens eine Fachkraft des Außendienstes anlegen („Neu“).</source>
        <translation>Please add at least one outreach worker (“New”).</translation>
    </message>
    <message>
        <source>Bitte jeder Fachkraft mindestens ein Gebiet geben (sonst plant fieldkit für sie keinen Besuch): %1</source>
        <translation>Please give every outreach worker at least one area (otherwise fieldkit plans no visit for them): %1</translation>
    </message>
    <message>
        <source>fieldkit einrichten</source>
        <translation>Set up fieldkit</translation>
    </message>
    <message>
        <source>Der Absender der Schreiben und der Briefkopf.</source>
        <translation>The sender of the letters and the letterhead.</translation>
    </message>
    <message>
        <source>Wo die Kunden zu Terminen eingeladen werden, mit dem Namen, der in der Vormerkliste als Terminort steht. Kann leer bleiben und später unter Einrichtung → Standorte ergänzt werden.</source>
        <translation>Where customers are invited to appointments, named as the flag list names the appointment place. May stay empty and be added later under Office setup → Branches.</translation>
    </message>
    <message>
        <source>Wer im Außendienst Hausbesuche macht, in welchen Gebieten, an welchen Tagen und zu welchen Zeiten.</source>
        <translation>Who makes home visits, in which areas, on which days and at what times.</translation>
    </message>
    <message>
        <source>Welche Gemeinden an welchen Tagen besucht werden.</source>
        <translation>Which municipalities are visited on which days.</translation>
    </message>
    <message>
        <source>Einrichten und starten</source>
        <translation>Set up and start</translation>
    </message>
    <message>
        <source>Einrichtungsdatei importieren</source>
        <translation>Import setup file</translation>
    </message>
    <message>
        <source>Einrichtungsdateien (*.toml);;Alle Dateien (*)</source>
        <translation>Setup files (*.toml);;All files (*)</translation>
    </message>
</context>
</TS>
