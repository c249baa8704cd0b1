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
        <source>Diese Datenbank ist verschlüsselt: Konten bitte mit „fieldkit user“ ändern.</source>
        <translation>This database is encrypted: please change accounts with “fieldkit user”.</translation>
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
</TS>
