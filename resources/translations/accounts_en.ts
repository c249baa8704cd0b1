<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>AccountsFeature</name>
    <message>
        <source>&amp;Konten …</source>
        <translation>&amp;Accounts …</translation>
    </message>
    <message>
        <source>Konten anlegen, Passwörter setzen, Konten sperren</source>
        <translation>Add accounts, set passwords, disable accounts</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <source>Benutzername</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Außendienst / Fachkraft</source>
        <translation>Outreach worker / caseworker</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>gesperrt</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>vorübergehend gesperrt</source>
        <translation>locked for now</translation>
    </message>
    <message>
        <source>aktiv</source>
        <translation>active</translation>
    </message>
</context>
<context>
    <name>AccountsWindow</name>
    <message>
        <source>Konten</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Konto &amp;anlegen</source>
        <translation>&amp;Add account</translation>
    </message>
    <message>
        <source>&amp;Passwort setzen</source>
        <translation>Set &amp;password</translation>
    </message>
    <message>
        <source>Konto &amp;sperren</source>
        <translation>&amp;Disable account</translation>
    </message>
    <message>
        <source>&amp;Laptops …</source>
        <translation>&amp;Laptops …</translation>
    </message>
    <message>
        <source>Neues Konto oder neues Passwort</source>
        <translation>New account or new password</translation>
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
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Rolle:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>Außendienstkraft</source>
        <translation>Outreach worker</translation>
    </message>
    <message>
        <source>Außendienstkraft:</source>
        <translation>Outreach worker:</translation>
    </message>
    <message>
        <source>Fachkraft (Name)</source>
        <translation>Caseworker (name)</translation>
    </message>
    <message>
        <source>Fachkraft (Name):</source>
        <translation>Caseworker (name):</translation>
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
        <source>Das Konto %1 wurde angelegt.</source>
        <translation>The account %1 was added.</translation>
    </message>
    <message>
        <source>Bitte zuerst ein Konto in der Liste wählen.</source>
        <translation>Please choose an account in the list first.</translation>
    </message>
    <message>
        <source>Das Passwort von %1 wurde gesetzt.</source>
        <translation>The password of %1 was set.</translation>
    </message>
    <message>
        <source>Das Konto %1 ist gesperrt.</source>
        <translation>The account %1 is disabled.</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <source>Laptops einrichten und sperren</source>
        <translation>Enrol and revoke laptops</translation>
    </message>
    <message>
        <source>Anmeldung an der zentralen Datenbank</source>
        <translation>Login to the central database</translation>
    </message>
    <message>
        <source>Zentrale Datenbank</source>
        <translation>Central database</translation>
    </message>
    <message>
        <source>Zentrale Datenbank:</source>
        <translation>Central database:</translation>
    </message>
    <message>
        <source>Ihr Benutzername</source>
        <translation>Your user name</translation>
    </message>
    <message>
        <source>Ihr Benutzername:</source>
        <translation>Your user name:</translation>
    </message>
    <message>
        <source>Ihr Passwort</source>
        <translation>Your password</translation>
    </message>
    <message>
        <source>Ihr Passwort:</source>
        <translation>Your password:</translation>
    </message>
    <message>
        <source>Laptop einrichten</source>
        <translation>Enrol a laptop</translation>
    </message>
    <message>
        <source>Datenbankdatei des Laptops</source>
        <translation>The laptop's database file</translation>
    </message>
    <message>
        <source>Datei &amp;wählen …</source>
        <translation>&amp;Choose file …</translation>
    </message>
    <message>
        <source>Datenbankdatei:</source>
        <translation>Database file:</translation>
    </message>
    <message>
        <source>Außendienstkraft</source>
        <translation>Outreach worker</translation>
    </message>
    <message>
        <source>Außendienstkraft:</source>
        <translation>Outreach worker:</translation>
    </message>
    <message>
        <source>oder Team</source>
        <translation>or team</translation>
    </message>
    <message>
        <source>oder Team:</source>
        <translation>or team:</translation>
    </message>
    <message>
        <source>Laptop &amp;einrichten</source>
        <translation>&amp;Enrol laptop</translation>
    </message>
    <message>
        <source>Laptop sperren</source>
        <translation>Revoke a laptop</translation>
    </message>
    <message>
        <source>Geräte-ID des Laptops</source>
        <translation>The laptop's device id</translation>
    </message>
    <message>
        <source>Geräte-ID:</source>
        <translation>Device id:</translation>
    </message>
    <message>
        <source>Laptop &amp;sperren</source>
        <translation>&amp;Revoke laptop</translation>
    </message>
    <message>
        <source>Datenbank (*.sqlite)</source>
        <translation>Database (*.sqlite)</translation>
    </message>
    <message>
        <source>Bitte zentrale Datenbank und Datenbankdatei des Laptops angeben.</source>
        <translation>Please give the central database and the laptop's database file.</translation>
    </message>
    <message>
        <source>keine neuen</source>
        <translation>none new</translation>
    </message>
    <message>
        <source>Der Laptop %1 ist eingerichtet; Konten: %2.</source>
        <translation>Laptop %1 is enrolled; accounts: %2.</translation>
    </message>
    <message>
        <source>Bitte zentrale Datenbank und Geräte-ID angeben.</source>
        <translation>Please give the central database and the device id.</translation>
    </message>
    <message>
        <source>Der Laptop %1 ist gesperrt: seine Synchronisierungen und Dateien werden abgelehnt.</source>
        <translation>Laptop %1 is revoked: its syncs and files are refused.</translation>
    </message>
</context>
</TS>
