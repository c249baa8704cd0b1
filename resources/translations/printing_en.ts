<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Vorschau</source>
        <translation>Preview</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Drucken – %1</source>
        <translation>Print – %1</translation>
    </message>
    <message>
        <source>Was drucken</source>
        <translation>What to print</translation>
    </message>
    <message>
        <source>Einladungen</source>
        <translation>Invitations</translation>
    </message>
    <message>
        <source>Kunden-Pakete</source>
        <translation>Customer packages</translation>
    </message>
    <message>
        <source>Routenblätter</source>
        <translation>Route sheets</translation>
    </message>
    <message>
        <source>Tagesstapel (Einladung und Paket je Stopp)</source>
        <translation>Day batch (invitation and package per stop)</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Außendienst</source>
        <translation>Outreach worker</translation>
    </message>
    <message>
        <source>Solche Schreiben werden sonst ausgelassen. Nur ankreuzen, wenn der Termin wirklich so vereinbart ist.</source>
        <translation>Such letters are left out otherwise. Tick only when the appointment really was agreed like that.</translation>
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
        <source>&amp;Was:</source>
        <translation>&amp;What:</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <source>Au&amp;ßendienst:</source>
        <translation>&amp;Outreach worker:</translation>
    </message>
    <message>
        <source>A&amp;uch Schreiben mit Termin vor dem Briefdatum, am Wochenende oder Feiertag</source>
        <translation>A&amp;lso letters whose appointment lies before the letter date, on a weekend or public holiday</translation>
    </message>
    <message>
        <source>&amp;Drucken …</source>
        <translation>&amp;Print …</translation>
    </message>
    <message>
        <source>Als PDF &amp;speichern …</source>
        <translation>&amp;Save as PDF …</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ganze Woche</source>
        <translation>Whole week</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Ohne gespeicherte Tourenplanung wird die ganze Woche gedruckt.</source>
        <translation>Without a stored route plan the whole week is printed.</translation>
    </message>
    <message>
        <source>Das Dokument wird erstellt …</source>
        <translation>Creating the document …</translation>
    </message>
    <message>
        <source>Nicht gedruckt: %1</source>
        <translation>Not printed: %1</translation>
    </message>
    <message>
        <source>Abgebrochen. Es wurde nichts gespeichert.</source>
        <translation>Cancelled. Nothing was saved.</translation>
    </message>
    <message>
        <source>Das Dokument konnte nicht erstellt werden: %1</source>
        <translation>The document could not be created: %1</translation>
    </message>
    <message>
        <source>Wird an den Drucker gesendet …</source>
        <translation>Sending to the printer …</translation>
    </message>
    <message>
        <source>%1 Seiten an den Drucker gesendet.</source>
        <translation>%1 pages sent to the printer.</translation>
    </message>
    <message>
        <source>Der Drucker konnte nicht gestartet werden.</source>
        <translation>The printer could not be started.</translation>
    </message>
    <message>
        <source>Drucken fehlgeschlagen: %1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <source>Drucken</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Als PDF speichern</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Die Datei konnte nicht gespeichert werden: %1</source>
        <translation>The file could not be saved: %1</translation>
    </message>
    <message>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>PrintingFeature</name>
    <message>
        <source>&amp;Drucken …</source>
        <translation>&amp;Print …</translation>
    </message>
    <message>
        <source>Einladungen, Kunden-Pakete und Routenblätter der Woche drucken</source>
        <translation>Print the week&apos;s invitations, customer packages and route sheets</translation>
    </message>
    <message>
        <source>&amp;Briefvorlagen …</source>
        <translation>Letter &amp;templates …</translation>
    </message>
    <message>
        <source>Texte der Schreiben bearbeiten</source>
        <translation>Edit the texts of the letters</translation>
    </message>
    <message>
        <source>&amp;Regelwerke …</source>
        <translation>&amp;Rule sets …</translation>
    </message>
    <message>
        <source>Regelwerke (Recht und Konzept) ansehen und als geprüft eintragen</source>
        <translation>View the rule sets (law and concept) and record their verification</translation>
    </message>
    <message>
        <source>Drucken</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Bitte zuerst eine Woche auswählen.</source>
        <translation>Please choose a week first.</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Regelwerke (Recht und Konzept)</source>
        <translation>Rule sets (law and concept)</translation>
    </message>
    <message>
        <source>Eine Prüfung trägt die Administration ein (mit ihrem Konto).</source>
        <translation>A verification is recorded by the administration (with its account).</translation>
    </message>
    <message>
        <source>Einladungen mit Rechtsfolgenbelehrung werden nur nach einem geprüften Regelwerk gedruckt, das am Tag des Termins gilt. Entwürfe bitte vor der Prüfung mit dem geltenden Recht abgleichen.</source>
        <translation>Invitations with a notice of legal consequences (RFB) are printed only under a verified rule set that is in force on the day of the appointment. Compare drafts with the law in force before verifying them.</translation>
    </message>
    <message>
        <source>Regelwerke</source>
        <translation>Rule sets</translation>
    </message>
    <message>
        <source>Regelwerk</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <source>gültig ab</source>
        <translation>valid from</translation>
    </message>
    <message>
        <source>gültig bis</source>
        <translation>valid until</translation>
    </message>
    <message>
        <source>Stand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>geprüft von</source>
        <translation>verified by</translation>
    </message>
    <message>
        <source>geprüft am</source>
        <translation>verified on</translation>
    </message>
    <message>
        <source>Geprüft von</source>
        <translation>Verified by</translation>
    </message>
    <message>
        <source>Geprüft von:</source>
        <translation>Verified by:</translation>
    </message>
    <message>
        <source>Geprüft am:</source>
        <translation>Verified on:</translation>
    </message>
    <message>
        <source>Ausgewähltes Regelwerk als geprüft eintragen</source>
        <translation>Record the selected rule set as verified</translation>
    </message>
    <message>
        <source>Entwurf, nicht geprüft</source>
        <translation>draft, not verified</translation>
    </message>
    <message>
        <source>Fassung</source>
        <translation>version</translation>
    </message>
    <message>
        <source>geprüft</source>
        <translation>verified</translation>
    </message>
    <message>
        <source>Bitte zuerst ein Regelwerk auswählen.</source>
        <translation>Please select a rule set first.</translation>
    </message>
    <message>
        <source>Regelwerk %1 als geprüft eingetragen.</source>
        <translation>Rule set %1 recorded as verified.</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>Einladung: Betreff</source>
        <translation>Invitation: subject</translation>
    </message>
    <message>
        <source>Einladung: Anrede</source>
        <translation>Invitation: salutation</translation>
    </message>
    <message>
        <source>Einladung: Einleitung</source>
        <translation>Invitation: introduction</translation>
    </message>
    <message>
        <source>Einladung: Beschriftung Wann</source>
        <translation>Invitation: label &apos;when&apos;</translation>
    </message>
    <message>
        <source>Einladung: Beschriftung Wo</source>
        <translation>Invitation: label &apos;where&apos;</translation>
    </message>
    <message>
        <source>Einladung: Beschriftung Anliegen</source>
        <translation>Invitation: label &apos;purpose&apos;</translation>
    </message>
    <message>
        <source>Einladung: Beschriftung Mitbringen</source>
        <translation>Invitation: label &apos;please bring&apos;</translation>
    </message>
    <message>
        <source>Einladung: Anliegen des Termins</source>
        <translation>Invitation: purpose of the appointment</translation>
    </message>
    <message>
        <source>Einladung: Was mitzubringen ist</source>
        <translation>Invitation: what to bring</translation>
    </message>
    <message>
        <source>Einladung: Text nach dem Termin</source>
        <translation>Invitation: text after the appointment</translation>
    </message>
    <message>
        <source>Einladung: Überschrift RFB</source>
        <translation>Invitation: legal notice heading</translation>
    </message>
    <message>
        <source>Einladung: Rechtsfolgenbelehrung</source>
        <translation>Invitation: legal notice (RFB)</translation>
    </message>
    <message>
        <source>Einladung: Grußformel</source>
        <translation>Invitation: closing</translation>
    </message>
    <message>
        <source>Einladung: Unterschrift</source>
        <translation>Invitation: signature</translation>
    </message>
    <message>
        <source>Einladung: Hinweis maschinell</source>
        <translation>Invitation: machine-made note</translation>
    </message>
    <message>
        <source>Anschreiben: Betreff</source>
        <translation>Cover letter: subject</translation>
    </message>
    <message>
        <source>Anschreiben: Anrede</source>
        <translation>Cover letter: salutation</translation>
    </message>
    <message>
        <source>Anschreiben: Text</source>
        <translation>Cover letter: text</translation>
    </message>
    <message>
        <source>Anschreiben: Überschrift fehlende Unterlagen</source>
        <translation>Cover letter: missing documents heading</translation>
    </message>
    <message>
        <source>Anschreiben: Einleitung fehlende Unterlagen</source>
        <translation>Cover letter: missing documents introduction</translation>
    </message>
    <message>
        <source>Anschreiben: Schlusssatz</source>
        <translation>Cover letter: final sentence</translation>
    </message>
    <message>
        <source>Anschreiben: Grußformel</source>
        <translation>Cover letter: closing</translation>
    </message>
    <message>
        <source>Anschreiben: Unterschrift</source>
        <translation>Cover letter: signature</translation>
    </message>
    <message>
        <source>Flyer: Titel</source>
        <translation>Flyer: title</translation>
    </message>
    <message>
        <source>Flyer: Einleitung</source>
        <translation>Flyer: introduction</translation>
    </message>
    <message>
        <source>Flyer: Angebote</source>
        <translation>Flyer: offers</translation>
    </message>
    <message>
        <source>Flyer: Schluss</source>
        <translation>Flyer: ending</translation>
    </message>
    <message>
        <source>Informationsblatt: Titel</source>
        <translation>Information sheet: title</translation>
    </message>
    <message>
        <source>Informationsblatt: Überschrift Hochladen</source>
        <translation>Information sheet: upload heading</translation>
    </message>
    <message>
        <source>Informationsblatt: Unterlagen hochladen</source>
        <translation>Information sheet: uploading documents</translation>
    </message>
    <message>
        <source>Informationsblatt: Überschrift Öffnungszeiten</source>
        <translation>Information sheet: opening hours heading</translation>
    </message>
    <message>
        <source>Informationsblatt: Überschrift Kontakt</source>
        <translation>Information sheet: contact heading</translation>
    </message>
    <message>
        <source>Informationsblatt: Kontakt</source>
        <translation>Information sheet: contact</translation>
    </message>
    <message>
        <source>Informationsblatt: Hinweis Kundennummer</source>
        <translation>Information sheet: customer number note</translation>
    </message>
    <message>
        <source>Briefvorlagen</source>
        <translation>Letter templates</translation>
    </message>
    <message>
        <source>Textbausteine</source>
        <translation>Text blocks</translation>
    </message>
    <message>
        <source>Text des Bausteins</source>
        <translation>Text of the block</translation>
    </message>
    <message>
        <source>Jede Zeile ist ein Absatz. Zeilen, die mit „- “ beginnen, werden Aufzählungspunkte; **so** wird fett. Platzhalter per Doppelklick einfügen.</source>
        <translation>Each line is a paragraph. Lines starting with “- ” become bullet points; **this** becomes bold. Double-click a placeholder to insert it.</translation>
    </message>
    <message>
        <source>Platzhalter</source>
        <translation>Placeholders</translation>
    </message>
    <message>
        <source>Baustein auf Standard zurücksetzen</source>
        <translation>Reset block to default</translation>
    </message>
    <message>
        <source>Alle auf Standard</source>
        <translation>Reset all to default</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>Platzhalter:</source>
        <translation>Placeholders:</translation>
    </message>
    <message>
        <source>Beispiel</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>Einladung mit RFB</source>
        <translation>Invitation with legal notice</translation>
    </message>
    <message>
        <source>Einladung ohne RFB</source>
        <translation>Invitation without legal notice</translation>
    </message>
    <message>
        <source>Kunden-Paket</source>
        <translation>Customer package</translation>
    </message>
    <message>
        <source>Vorschau:</source>
        <translation>Preview:</translation>
    </message>
    <message>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Unbekannter Platzhalter: %1. Bitte nur Platzhalter aus der Liste unten verwenden – sonst steht der Name so im Brief.</source>
        <translation>Unknown placeholder: %1. Please use only the placeholders listed below – otherwise the name is printed as it is.</translation>
    </message>
    <message>
        <source>Unbekannte Platzhalter in: %1</source>
        <translation>Unknown placeholders in: %1</translation>
    </message>
    <message>
        <source>Die Vorlagen konnten nicht gespeichert werden: %1</source>
        <translation>The templates could not be saved: %1</translation>
    </message>
    <message>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Vorschau wird erstellt …</source>
        <translation>Creating the preview …</translation>
    </message>
    <message>
        <source>Vorschau nicht möglich: %1</source>
        <translation>No preview possible: %1</translation>
    </message>
</context>
</TS>
