<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>CustomerCard</name>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Angaben zum Kunden</source>
        <translation>Customer details</translation>
    </message>
    <message>
        <source>Vorbereitung vor der Abfahrt</source>
        <translation>Preparation before leaving</translation>
    </message>
    <message>
        <source>E-Akte auf offene Mitwirkungsschreiben geprüft</source>
        <translation>E-file checked for open requests for documents</translation>
    </message>
    <message>
        <source>Kontakt mit der Leistungssachbearbeitung (LSB) nötig</source>
        <translation>Contact with the benefits clerk (LSB) needed</translation>
    </message>
    <message>
        <source>LSB kontaktiert</source>
        <translation>Benefits clerk contacted</translation>
    </message>
    <message>
        <source>Notiz zur Vorbereitung, z. B. Absprache mit LSB</source>
        <translation>Preparation note, e.g. agreement with the benefits clerk</translation>
    </message>
    <message>
        <source>Notiz zur Vorbereitung</source>
        <translation>Preparation note</translation>
    </message>
    <message>
        <source>Kein Halt ausgewählt</source>
        <translation>No stop selected</translation>
    </message>
    <message>
        <source>kein Termin</source>
        <translation>no appointment</translation>
    </message>
    <message>
        <source>Tel.</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>keine</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Einladung zum Termin</source>
        <translation>Invitation to the appointment</translation>
    </message>
    <message>
        <source>Hauptbetreuer/in</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Hinweise</source>
        <translation>Hints</translation>
    </message>
    <message>
        <source>Offene Mitwirkungsschreiben</source>
        <translation>Open requests for documents</translation>
    </message>
    <message>
        <source>Geplante Ankunft</source>
        <translation>Planned arrival</translation>
    </message>
    <message>
        <source>%1 Uhr</source>
        <translation>%1</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <source>Außendienst öffnen</source>
        <translation>Open field mode</translation>
    </message>
    <message>
        <source>&amp;Tag und Außendienstkraft:</source>
        <translation>&amp;Day and outreach worker:</translation>
    </message>
    <message>
        <source>Tag und Außendienstkraft</source>
        <translation>Day and outreach worker</translation>
    </message>
    <message>
        <source>%1 %2 – %3 (%4 Halte)</source>
        <translation>%1 %2 – %3 (%4 stops)</translation>
    </message>
    <message>
        <source>ohne Zuordnung</source>
        <translation>unassigned</translation>
    </message>
</context>
<context>
    <name>FieldDay</name>
    <message>
        <source>geplant</source>
        <translation>planned</translation>
    </message>
    <message>
        <source>erledigt</source>
        <translation>done</translation>
    </message>
    <message>
        <source>übersprungen</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>später</source>
        <translation>later</translation>
    </message>
    <message>
        <source>%1 %2, %3 Uhr</source>
        <translation>%1 %2, %3</translation>
    </message>
    <message>
        <source>Karte der Tagestour</source>
        <translation>Map of the day&apos;s route</translation>
    </message>
</context>
<context>
    <name>FieldMode</name>
    <message>
        <source>&amp;Außendienst …</source>
        <translation>&amp;Field mode …</translation>
    </message>
    <message>
        <source>Tagestour, Kundenkarte und Besuchserfassung für unterwegs (offline)</source>
        <translation>Day route, customer card and visit record for the road (offline)</translation>
    </message>
    <message>
        <source>Noch keine gespeicherte Tour. Bitte zuerst die Woche planen.</source>
        <translation>No stored route yet. Please plan the week first.</translation>
    </message>
</context>
<context>
    <name>FieldWindow</name>
    <message>
        <source>Außendienst</source>
        <translation>Field mode</translation>
    </message>
    <message>
        <source>Speicherstand</source>
        <translation>Save state</translation>
    </message>
    <message>
        <source>&amp;Halte des Tages</source>
        <translation>&amp;Stops of the day</translation>
    </message>
    <message>
        <source>Halte des Tages in geplanter Reihenfolge</source>
        <translation>Stops of the day in planned order</translation>
    </message>
    <message>
        <source>Über&amp;springen</source>
        <translation>S&amp;kip</translation>
    </message>
    <message>
        <source>Halt überspringen</source>
        <translation>Skip stop</translation>
    </message>
    <message>
        <source>Spä&amp;ter</source>
        <translation>La&amp;ter</translation>
    </message>
    <message>
        <source>Halt auf später schieben</source>
        <translation>Move stop to later</translation>
    </message>
    <message>
        <source>&amp;Erledigt</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>Halt als erledigt markieren</source>
        <translation>Mark stop as done</translation>
    </message>
    <message>
        <source>Ab hier &amp;neu planen</source>
        <translation>Re-pla&amp;n from here</translation>
    </message>
    <message>
        <source>Restliche Halte ab hier neu planen</source>
        <translation>Re-plan the remaining stops from here</translation>
    </message>
    <message>
        <source>Neuplanung läuft</source>
        <translation>Re-planning</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Neuplanung abbrechen</source>
        <translation>Cancel re-planning</translation>
    </message>
    <message>
        <source>Meldung</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Kunde und Besuch</source>
        <translation>Customer and visit</translation>
    </message>
    <message>
        <source>&amp;Besuch erfassen</source>
        <translation>&amp;Record visit</translation>
    </message>
    <message>
        <source>Besuch erfassen</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <source>Kunde und Karte</source>
        <translation>Customer and map</translation>
    </message>
    <message>
        <source>Außendienst · %1 %2 · %3</source>
        <translation>Field mode · %1 %2 · %3</translation>
    </message>
    <message>
        <source>Gespeichert %1 Uhr</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>%1 übersprungen.</source>
        <translation>%1 skipped.</translation>
    </message>
    <message>
        <source>%1 erledigt.</source>
        <translation>%1 done.</translation>
    </message>
    <message>
        <source>%1 ans Ende der Tour geschoben.</source>
        <translation>%1 moved to the end of the route.</translation>
    </message>
    <message>
        <source>Besuch bei %1 abgeschlossen; Vermerk und Aufgabe gespeichert.</source>
        <translation>Visit to %1 finished; case note and task saved.</translation>
    </message>
    <message>
        <source>Die restlichen Halte werden neu geplant …</source>
        <translation>Re-planning the remaining stops …</translation>
    </message>
    <message>
        <source>Neuplanung abgebrochen; die Reihenfolge bleibt.</source>
        <translation>Re-planning cancelled; the order stays.</translation>
    </message>
    <message>
        <source>Neu geplant: %1 Halte ab dem aktuellen.</source>
        <translation>Re-planned: %1 stops from the current one.</translation>
    </message>
    <message>
        <source>%1 passen heute nicht mehr und stehen am Ende.</source>
        <translation>%1 no longer fit today and are at the end.</translation>
    </message>
    <message>
        <source>Die Neuplanung ist fehlgeschlagen; die Reihenfolge bleibt.</source>
        <translation>Re-planning failed; the order stays.</translation>
    </message>
</context>
<context>
    <name>StopListModel</name>
    <message>
        <source>Halt %1, %2 Uhr, %3, %4, %5</source>
        <translation>Stop %1, %2, %3, %4, %5</translation>
    </message>
    <message>
        <source>jetzt dran</source>
        <translation>now</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>&amp;Besuch beginnen</source>
        <translation>&amp;Begin visit</translation>
    </message>
    <message>
        <source>Besuch beginnen</source>
        <translation>Begin visit</translation>
    </message>
    <message>
        <source>Zeit des Besuchs:</source>
        <translation>Time of the visit:</translation>
    </message>
    <message>
        <source>Zeit des Besuchs</source>
        <translation>Time of the visit</translation>
    </message>
    <message>
        <source>Jetzt</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Zeit auf jetzt setzen</source>
        <translation>Set the time to now</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Angetroffen</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Nicht angetroffen</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>Einladung persönlich ausgehändigt</source>
        <translation>Invitation handed over in person</translation>
    </message>
    <message>
        <source>Auf die Rechtsfolgen hingewiesen</source>
        <translation>Legal consequences pointed out</translation>
    </message>
    <message>
        <source>Arbeitsbündnis versucht aufzubauen</source>
        <translation>Working relationship attempted</translation>
    </message>
    <message>
        <source>Meet and Walk (auf Wunsch)</source>
        <translation>Meet and Walk (on request)</translation>
    </message>
    <message>
        <source>Allgemeine Auskünfte erteilt</source>
        <translation>General information given</translation>
    </message>
    <message>
        <source>Niederschwellige Leistungsangelegenheit geklärt</source>
        <translation>Low-threshold benefit matter settled</translation>
    </message>
    <message>
        <source>Welche Leistungsangelegenheit</source>
        <translation>Which benefit matter</translation>
    </message>
    <message>
        <source>z. B. Infos zum Upload fehlender Unterlagen</source>
        <translation>e.g. how to upload missing documents</translation>
    </message>
    <message>
        <source>Auf offene Mitwirkungsschreiben hingewiesen</source>
        <translation>Open requests for documents pointed out</translation>
    </message>
    <message>
        <source>KD verweigerte das Gespräch</source>
        <translation>Customer refused to talk</translation>
    </message>
    <message>
        <source>Warum nicht angetroffen?</source>
        <translation>Why not met?</translation>
    </message>
    <message>
        <source>Niemand hat geöffnet</source>
        <translation>Nobody opened</translation>
    </message>
    <message>
        <source>Adresse nicht gefunden</source>
        <translation>Address not found</translation>
    </message>
    <message>
        <source>Verzogen</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>Anderer Grund</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <source>Grund: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Anderer Grund, Beschreibung</source>
        <translation>Other reason, description</translation>
    </message>
    <message>
        <source>Anderen Grund kurz beschreiben</source>
        <translation>Describe the other reason briefly</translation>
    </message>
    <message>
        <source>Einladung in den Briefkasten eingeworfen</source>
        <translation>Invitation put in the mailbox</translation>
    </message>
    <message>
        <source>Kunden-Paket in den Briefkasten eingeworfen</source>
        <translation>Customer package put in the mailbox</translation>
    </message>
    <message>
        <source>Name am Briefkasten geprüft</source>
        <translation>Name on the mailbox checked</translation>
    </message>
    <message>
        <source>Grund, warum nicht eingeworfen</source>
        <translation>Reason for not putting it in the mailbox</translation>
    </message>
    <message>
        <source>Nur nötig, wenn etwas nicht eingeworfen wurde</source>
        <translation>Only needed if something was not put in the mailbox</translation>
    </message>
    <message>
        <source>Weiteres</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Notiz:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Notiz zum Besuch</source>
        <translation>Note on the visit</translation>
    </message>
    <message>
        <source>Freitext</source>
        <translation>Free text</translation>
    </message>
    <message>
        <source>Komplexer Fall – Gespräch mit dem HB nötig</source>
        <translation>Complex case – talk with the caseworker needed</translation>
    </message>
    <message>
        <source>Hinweis für die Leistungsabteilung</source>
        <translation>Hint for the benefits department</translation>
    </message>
    <message>
        <source>Text des Hinweises für die Leistungsabteilung</source>
        <translation>Text of the hint for the benefits department</translation>
    </message>
    <message>
        <source>Was die Leistungsabteilung wissen muss (geht über die E-Akte)</source>
        <translation>What the benefits department must know (sent via the e-file)</translation>
    </message>
    <message>
        <source>Verbis-Vermerk (Vorschlag, bearbeitbar)</source>
        <translation>Verbis case note (proposal, editable)</translation>
    </message>
    <message>
        <source>Verbis-Vermerk</source>
        <translation>Verbis case note</translation>
    </message>
    <message>
        <source>Vorschlag wiederherstellen</source>
        <translation>Restore proposal</translation>
    </message>
    <message>
        <source>Vorschlag des Vermerks wiederherstellen</source>
        <translation>Restore the proposed case note</translation>
    </message>
    <message>
        <source>Noch offen</source>
        <translation>Still missing</translation>
    </message>
    <message>
        <source>Besuch &amp;abschließen</source>
        <translation>&amp;Finish visit</translation>
    </message>
    <message>
        <source>Besuch abschließen</source>
        <translation>Finish visit</translation>
    </message>
    <message>
        <source>Besuch &amp;korrigieren</source>
        <translation>&amp;Correct visit</translation>
    </message>
    <message>
        <source>Besuch korrigieren</source>
        <translation>Correct visit</translation>
    </message>
    <message>
        <source>Verlauf der Fassungen</source>
        <translation>History of versions</translation>
    </message>
    <message>
        <source>Besuch bei %1</source>
        <translation>Visit to %1</translation>
    </message>
    <message>
        <source>Kein Halt</source>
        <translation>No stop</translation>
    </message>
    <message>
        <source>Noch kein Besuch erfasst.</source>
        <translation>No visit recorded yet.</translation>
    </message>
    <message>
        <source>Bitte einen Halt wählen.</source>
        <translation>Please choose a stop.</translation>
    </message>
    <message>
        <source>Abgeschlossen. Änderungen nur als Korrektur.</source>
        <translation>Finished. Changes only as a correction.</translation>
    </message>
    <message>
        <source>Entwurf – jede Eingabe wird sofort gespeichert.</source>
        <translation>Draft – every entry is saved at once.</translation>
    </message>
    <message>
        <source>Korrektur (Entwurf) – die frühere Fassung bleibt erhalten.</source>
        <translation>Correction (draft) – the earlier version is kept.</translation>
    </message>
    <message>
        <source>Offen: %1</source>
        <translation>Open: %1</translation>
    </message>
    <message>
        <source>Fassungen dieses Besuchs:</source>
        <translation>Versions of this visit:</translation>
    </message>
    <message>
        <source>abgeschlossen</source>
        <translation>finished</translation>
    </message>
    <message>
        <source>Entwurf</source>
        <translation>draft</translation>
    </message>
    <message>
        <source>durch Korrektur ersetzt</source>
        <translation>replaced by a correction</translation>
    </message>
    <message>
        <source>%1. erfasst %2 – %3</source>
        <translation>%1. recorded %2 – %3</translation>
    </message>
    <message>
        <source>Noch offen: %1</source>
        <translation>Still missing: %1</translation>
    </message>
</context>
</TS>
