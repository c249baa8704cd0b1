<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>AbsenceModel</name>
    <message>
        <source>Kraft</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Erster Tag</source>
        <translation>First day</translation>
    </message>
    <message>
        <source>Letzter Tag</source>
        <translation>Last day</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>vorbei</source>
        <translation>over</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Termin der Eingangszone eintragen</source>
        <translation>Enter a reception appointment</translation>
    </message>
    <message>
        <source>Datum und Uhrzeit</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>Datum, Uhrzeit:</source>
        <translation>Date, time:</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Kundennummer:</source>
        <translation>Customer number:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Gebucht von</source>
        <translation>Booked by</translation>
    </message>
    <message>
        <source>Gebucht von:</source>
        <translation>Booked by:</translation>
    </message>
    <message>
        <source>Meldeversäumnis</source>
        <translation>Missed appointment</translation>
    </message>
</context>
<context>
    <name>CallbackBox</name>
    <message>
        <source>Rückruf des Teams</source>
        <translation>Team callback</translation>
    </message>
    <message>
        <source>Was besprochen wurde</source>
        <translation>What was discussed</translation>
    </message>
    <message>
        <source>Besprochen:</source>
        <translation>Discussed:</translation>
    </message>
    <message>
        <source>Ergebnis des Rückrufs</source>
        <translation>Outcome of the callback</translation>
    </message>
    <message>
        <source>Ergebnis:</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <source>Nächster Schritt</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Nächster Schritt:</source>
        <translation>Next step:</translation>
    </message>
    <message>
        <source>Rückrufgespräch speichern</source>
        <translation>Save callback talk</translation>
    </message>
    <message>
        <source>Freie Termine beim HB</source>
        <translation>Free slots with the caseworker</translation>
    </message>
    <message>
        <source>Termin beim HB buchen</source>
        <translation>Book appointment with the caseworker</translation>
    </message>
    <message>
        <source>(Vertretung)</source>
        <translation>(deputy)</translation>
    </message>
    <message>
        <source>HB-Termin umbuchen</source>
        <translation>Move the caseworker appointment</translation>
    </message>
    <message>
        <source>Rückrufgespräch gespeichert.</source>
        <translation>Callback talk saved.</translation>
    </message>
    <message>
        <source>Gebucht: %1</source>
        <translation>Booked: %1</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>Mindestkontakte</source>
        <translation>Minimum contacts</translation>
    </message>
    <message>
        <source>Letzter Kontakt</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>Fällig seit</source>
        <translation>Due since</translation>
    </message>
    <message>
        <source>nie</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>ContactsWindow</name>
    <message>
        <source>Hamburger Regeln: Kontakte fällig</source>
        <translation>Hamburg rules: contacts due</translation>
    </message>
    <message>
        <source>Fällige Kontakte</source>
        <translation>Contacts due</translation>
    </message>
    <message>
        <source>Kontakte fällig</source>
        <translation>Contacts due</translation>
    </message>
    <message>
        <source>Überprüfung (halbjährlich)</source>
        <translation>Review (every six months)</translation>
    </message>
    <message>
        <source>Situation der Kunden</source>
        <translation>Customer situation</translation>
    </message>
    <message>
        <source>Stellen und Gespräche</source>
        <translation>Posts and talks</translation>
    </message>
    <message>
        <source>Stand: %1. Der Abstand folgt der Situation des Kunden.</source>
        <translation>As of %1. The interval follows the customer&apos;s situation.</translation>
    </message>
    <message>
        <source>Fällig: %1</source>
        <translation>Due: %1</translation>
    </message>
</context>
<context>
    <name>DeputyModel</name>
    <message>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Vertretung</source>
        <translation>Deputy</translation>
    </message>
    <message>
        <source>Heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>anwesend</source>
        <translation>present</translation>
    </message>
    <message>
        <source>abwesend bis %1</source>
        <translation>absent until %1</translation>
    </message>
</context>
<context>
    <name>DeskModel</name>
    <message>
        <source>Uhrzeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Stand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Meldeversäumnis (umgestuft)</source>
        <translation>Missed appointment (reclassified)</translation>
    </message>
    <message>
        <source>Meldeversäumnis</source>
        <translation>Missed appointment</translation>
    </message>
    <message>
        <source>sonstiger Termin</source>
        <translation>other appointment</translation>
    </message>
    <message>
        <source>Rückruf des Teams gebucht</source>
        <translation>Team callback booked</translation>
    </message>
    <message>
        <source>Gespräch erfasst</source>
        <translation>Talk recorded</translation>
    </message>
    <message>
        <source>Folgetermin gebucht</source>
        <translation>Follow-up booked</translation>
    </message>
    <message>
        <source>Aufhebung im Postausgang</source>
        <translation>Lift in the outbox</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Meldeversäumnis-Schalter (Eingangszone)</source>
        <translation>Missed-appointment desk (reception)</translation>
    </message>
    <message>
        <source>Termine der Eingangszone</source>
        <translation>Reception appointments</translation>
    </message>
    <message>
        <source>Tag des Kalenders</source>
        <translation>Calendar day</translation>
    </message>
    <message>
        <source>nur Meldeversäumnisse</source>
        <translation>missed appointments only</translation>
    </message>
    <message>
        <source>Termin eintragen …</source>
        <translation>Enter appointment …</translation>
    </message>
    <message>
        <source>Kalender importieren …</source>
        <translation>Import calendar …</translation>
    </message>
    <message>
        <source>1. Gespräch</source>
        <translation>1. Talk</translation>
    </message>
    <message>
        <source>AB im Dienst</source>
        <translation>Outreach worker on duty</translation>
    </message>
    <message>
        <source>AB im Dienst:</source>
        <translation>Outreach worker on duty:</translation>
    </message>
    <message>
        <source>Vom Kunden genannte Gründe</source>
        <translation>Reasons given by the customer</translation>
    </message>
    <message>
        <source>Gründe:</source>
        <translation>Reasons:</translation>
    </message>
    <message>
        <source>Motivation und Arbeitsbündnis</source>
        <translation>Motivation and working alliance</translation>
    </message>
    <message>
        <source>Motivation:</source>
        <translation>Motivation:</translation>
    </message>
    <message>
        <source>Vereinbarungen</source>
        <translation>Agreements</translation>
    </message>
    <message>
        <source>Vereinbarungen:</source>
        <translation>Agreements:</translation>
    </message>
    <message>
        <source>Gespräch speichern</source>
        <translation>Save talk</translation>
    </message>
    <message>
        <source>Vermerk kopieren</source>
        <translation>Copy case note</translation>
    </message>
    <message>
        <source>HB nicht erreicht (Vertretung)</source>
        <translation>Caseworker not reached (deputy)</translation>
    </message>
    <message>
        <source>Als Meldeversäumnis umstufen</source>
        <translation>Reclassify as missed appointment</translation>
    </message>
    <message>
        <source>2. Folgetermin (1 Stunde) beim HB</source>
        <translation>2. Follow-up (1 hour) with the caseworker</translation>
    </message>
    <message>
        <source>Freie Termine</source>
        <translation>Free slots</translation>
    </message>
    <message>
        <source>Folgetermin buchen</source>
        <translation>Book follow-up</translation>
    </message>
    <message>
        <source>Terminzettel drucken …</source>
        <translation>Print appointment slip …</translation>
    </message>
    <message>
        <source>3. Leistungsabteilung</source>
        <translation>3. Benefits department</translation>
    </message>
    <message>
        <source>Aufhebung der vorläufigen Zahlungseinstellung vormerken (Postausgang + Aufgabe an HB)</source>
        <translation>Queue lifting of the provisional suspension (outbox + task to caseworker)</translation>
    </message>
    <message>
        <source>(nicht erreicht – Vertretungsregelung)</source>
        <translation>(not reached – deputy rule)</translation>
    </message>
    <message>
        <source>(Vertretung, HB nicht erreicht)</source>
        <translation>(deputy, caseworker not reached)</translation>
    </message>
    <message>
        <source>Aufhebung zur Weitergabe an die Leistungsabteilung vorgemerkt (Postausgang); Aufgabe an den HB.</source>
        <translation>Lift queued for the benefits department (outbox); task to the caseworker.</translation>
    </message>
    <message>
        <source>HB nicht erreicht: Folgetermin und Aufgaben gehen an die Vertretung.</source>
        <translation>Caseworker not reached: follow-up and tasks go to the deputy.</translation>
    </message>
    <message>
        <source>Als Meldeversäumnis umgestuft.</source>
        <translation>Reclassified as missed appointment.</translation>
    </message>
    <message>
        <source>%1. Der Rückruf erfasst das Gespräch und bucht den Termin beim HB.</source>
        <translation>%1. The callback records the talk and books the appointment with the caseworker.</translation>
    </message>
    <message>
        <source>Keine AB verfügbar: Rückruf des Teams heute buchen</source>
        <translation>No outreach worker free: book a same-day team callback</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <source>An diesem Tag keine Termine.</source>
        <translation>No appointments on this day.</translation>
    </message>
    <message>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>(abwesend bis %1)</source>
        <translation>(absent until %1)</translation>
    </message>
    <message>
        <source>(Team %1)</source>
        <translation>(team %1)</translation>
    </message>
    <message>
        <source>HB: %1</source>
        <translation>Caseworker: %1</translation>
    </message>
    <message>
        <source>(Vertretung, HB abwesend)</source>
        <translation>(deputy, caseworker absent)</translation>
    </message>
    <message>
        <source>kein freier Termin (HB unbekannt oder niemand da)</source>
        <translation>no free slot (caseworker unknown or nobody present)</translation>
    </message>
    <message>
        <source>Gebucht:</source>
        <translation>Booked:</translation>
    </message>
    <message>
        <source>Umbuchen auf diesen Termin</source>
        <translation>Rebook to this slot</translation>
    </message>
    <message>
        <source>Termin eingetragen.</source>
        <translation>Appointment entered.</translation>
    </message>
    <message>
        <source>Kalender der Eingangszone importieren</source>
        <translation>Import the reception calendar</translation>
    </message>
    <message>
        <source>CSV-Dateien (*.csv *.txt)</source>
        <translation>CSV files (*.csv *.txt)</translation>
    </message>
    <message>
        <source>%1 Termine importiert.</source>
        <translation>%1 appointments imported.</translation>
    </message>
    <message>
        <source>Gespräch gespeichert. Jetzt den Folgetermin beim HB buchen.</source>
        <translation>Talk saved. Now book the follow-up with the caseworker.</translation>
    </message>
    <message>
        <source>Vermerk in die Zwischenablage kopiert.</source>
        <translation>Case note copied to the clipboard.</translation>
    </message>
    <message>
        <source>Gebucht: %1. Terminzettel drucken.</source>
        <translation>Booked: %1. Print the appointment slip.</translation>
    </message>
    <message>
        <source>Terminzettel speichern</source>
        <translation>Save appointment slip</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Terminzettel gespeichert: %1</source>
        <translation>Appointment slip saved: %1</translation>
    </message>
</context>
<context>
    <name>FlaggingDialog</name>
    <message>
        <source>Kunden für die Aufsuchende Beratung vormerken</source>
        <translation>Flag a customer for outreach</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Kundennummer:</source>
        <translation>Customer number:</translation>
    </message>
    <message>
        <source>Nachname</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>Vorname</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Geburtsdatum:</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <source>Straße</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Hausnummer</source>
        <translation>House number</translation>
    </message>
    <message>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Straße, Nr.:</source>
        <translation>Street, no.:</translation>
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
        <source>PLZ, Ort:</source>
        <translation>Postcode, town:</translation>
    </message>
    <message>
        <source>Adresszusatz</source>
        <translation>Address supplement</translation>
    </message>
    <message>
        <source>Adresszusatz:</source>
        <translation>Address supplement:</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Telefon:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>langzeitarbeitslos (LZA)</source>
        <translation>long-term unemployed</translation>
    </message>
    <message>
        <source>Hauptbetreuer/in</source>
        <translation>Responsible caseworker</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>HB, Team:</source>
        <translation>Caseworker, team:</translation>
    </message>
    <message>
        <source>Eskalationskette</source>
        <translation>Escalation chain</translation>
    </message>
    <message>
        <source>Termin am</source>
        <translation>Appointment on</translation>
    </message>
    <message>
        <source>%1. Einladung:</source>
        <translation>Invitation %1:</translation>
    </message>
    <message>
        <source>mit RFB</source>
        <translation>with legal notice</translation>
    </message>
    <message>
        <source>erschienen</source>
        <translation>attended</translation>
    </message>
    <message>
        <source>%1. Anruf:</source>
        <translation>Call %1:</translation>
    </message>
    <message>
        <source>Zwei dokumentierte Anrufe an verschiedenen Tagen zu verschiedenen Uhrzeiten.</source>
        <translation>Two documented calls on different days at different times of day.</translation>
    </message>
    <message>
        <source>Aufsuchende Beratung</source>
        <translation>Outreach</translation>
    </message>
    <message>
        <source>Warum die Aufsuchende Beratung sinnvoll ist</source>
        <translation>Why outreach makes sense</translation>
    </message>
    <message>
        <source>Sinnhaftigkeit:</source>
        <translation>Why outreach:</translation>
    </message>
    <message>
        <source>Termin der Einladung</source>
        <translation>Appointment of the invitation</translation>
    </message>
    <message>
        <source>Termin (Einladung):</source>
        <translation>Appointment (invitation):</translation>
    </message>
    <message>
        <source>Art des Termins</source>
        <translation>Appointment kind</translation>
    </message>
    <message>
        <source>persönlich</source>
        <translation>in person</translation>
    </message>
    <message>
        <source>telefonisch (ohne RFB)</source>
        <translation>by phone (no RFB)</translation>
    </message>
    <message>
        <source>per Video (ohne RFB)</source>
        <translation>by video (no RFB)</translation>
    </message>
    <message>
        <source>Art des Termins:</source>
        <translation>Appointment kind:</translation>
    </message>
    <message>
        <source>Regelbedarfsstufe</source>
        <translation>Standard need level (Regelbedarfsstufe)</translation>
    </message>
    <message>
        <source>Regelbedarfsstufe:</source>
        <translation>Standard need level:</translation>
    </message>
    <message>
        <source>BG-Nummer</source>
        <translation>BG number</translation>
    </message>
    <message>
        <source>BG-Nummer:</source>
        <translation>BG number:</translation>
    </message>
    <message>
        <source>Ort des Termins</source>
        <translation>Place of the appointment</translation>
    </message>
    <message>
        <source>z. B. Raum 1.05</source>
        <translation>e.g. room 1.05</translation>
    </message>
    <message>
        <source>Ort des Termins:</source>
        <translation>Place of the appointment:</translation>
    </message>
    <message>
        <source>Offene Mitwirkungsschreiben, eines je Zeile</source>
        <translation>Open requests for documents, one per line</translation>
    </message>
    <message>
        <source>eines je Zeile, z. B. Kontoauszüge</source>
        <translation>one per line, e.g. bank statements</translation>
    </message>
    <message>
        <source>Offene Mitwirkung:</source>
        <translation>Open requests:</translation>
    </message>
    <message>
        <source>Hinweise für die Aufsuchende Beratung</source>
        <translation>Hints for the outreach worker</translation>
    </message>
    <message>
        <source>Hinweise:</source>
        <translation>Hints:</translation>
    </message>
    <message>
        <source>Prüfung nach dem Konzept</source>
        <translation>Check against the concept</translation>
    </message>
    <message>
        <source>Was fehlt oder nicht stimmt:</source>
        <translation>What is missing or wrong:</translation>
    </message>
    <message>
        <source>Was fehlt oder nicht stimmt</source>
        <translation>What is missing or wrong</translation>
    </message>
    <message>
        <source>Vormerken</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>%1: „%2“ ist kein gültiges Datum.</source>
        <translation>%1: “%2” is not a valid date.</translation>
    </message>
    <message>
        <source>%1. Einladung</source>
        <translation>Invitation %1</translation>
    </message>
    <message>
        <source>%1. Anruf</source>
        <translation>Call %1</translation>
    </message>
    <message>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Bekannter Kunde – Stammdaten übernommen.</source>
        <translation>Known customer – master data filled in.</translation>
    </message>
    <message>
        <source>Die Kette ist vollständig; die AB kann den Kunden einplanen.</source>
        <translation>The chain is complete; the outreach worker can plan the customer.</translation>
    </message>
    <message>
        <source>Vormerken möglich; bitte die Hinweise unten prüfen.</source>
        <translation>Flagging is possible; please check the hints below.</translation>
    </message>
    <message>
        <source>Die Kette ist unvollständig. Gespeichert wird die Vormerkung als gesperrt; die AB plant sie erst nach einer begründeten Freigabe ein.</source>
        <translation>The chain is incomplete. The flag is saved as blocked; the outreach worker plans it only after a justified release.</translation>
    </message>
    <message>
        <source>Kette vollständig – der Kunde kann vorgemerkt werden.</source>
        <translation>Chain complete – the customer can be flagged.</translation>
    </message>
    <message>
        <source>Vormerken (gesperrt)</source>
        <translation>Flag (blocked)</translation>
    </message>
    <message>
        <source>Mangelnde Mitwirkung bis %1</source>
        <translation>Lack of cooperation until %1</translation>
    </message>
    <message>
        <source>Achtung: der Termin liegt danach.</source>
        <translation>Caution: the appointment lies after it.</translation>
    </message>
    <message>
        <source>Nicht gespeichert: für diese Woche gibt es eine neuere Vormerkung.</source>
        <translation>Not saved: there is a newer flag for this week.</translation>
    </message>
    <message>
        <source>Vorgemerkt für %1 (%2).</source>
        <translation>Flagged for %1 (%2).</translation>
    </message>
</context>
<context>
    <name>FollowUpModel</name>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Besuch</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Einladung</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Stand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Frist</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>persönlich übergeben</source>
        <translation>handed over in person</translation>
    </message>
    <message>
        <source>in Briefkasten</source>
        <translation>into the mailbox</translation>
    </message>
    <message>
        <source>kein Termin hinterlegt</source>
        <translation>no appointment recorded</translation>
    </message>
</context>
<context>
    <name>FollowUpWindow</name>
    <message>
        <source>Verfügung, sonst Nachzahlung (§ 331 Abs. 2 SGB III)</source>
        <translation>Order, else back payment (§ 331(2) SGB III)</translation>
    </message>
    <message>
        <source>Anhörungsfrist endet</source>
        <translation>Hearing period ends</translation>
    </message>
    <message>
        <source>Minderung nur bis (§ 31b SGB II)</source>
        <translation>Reduction only until (§ 31b SGB II)</translation>
    </message>
    <message>
        <source>Bescheid an den Kunden</source>
        <translation>Notice to the customer</translation>
    </message>
    <message>
        <source>Anhörung</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>Entscheidung wichtiger Grund</source>
        <translation>Decision on good reason</translation>
    </message>
    <message>
        <source>Verfügung</source>
        <translation>Order (Verfügung)</translation>
    </message>
    <message>
        <source>vorläufige Zahlungseinstellung veranlasst</source>
        <translation>provisional suspension ordered</translation>
    </message>
    <message>
        <source>keine Zahlungseinstellung</source>
        <translation>no suspension</translation>
    </message>
    <message>
        <source>Termin steht noch aus</source>
        <translation>appointment still ahead</translation>
    </message>
    <message>
        <source>Erscheinen erfassen</source>
        <translation>record attendance</translation>
    </message>
    <message>
        <source>erschienen</source>
        <translation>attended</translation>
    </message>
    <message>
        <source>nicht erschienen – Entscheidung offen</source>
        <translation>did not come – decision open</translation>
    </message>
    <message>
        <source>Terminnachverfolgung nach der Aufsuchenden Beratung</source>
        <translation>Appointment follow-up after outreach</translation>
    </message>
    <message>
        <source>Anzeigen:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Zu erledigen</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Übergebene Einladungen</source>
        <translation>Handed-over invitations</translation>
    </message>
    <message>
        <source>Erschienen</source>
        <translation>Came</translation>
    </message>
    <message>
        <source>Nicht erschienen</source>
        <translation>Did not come</translation>
    </message>
    <message>
        <source>Nächster Schritt</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Vorläufige Zahlungseinstellung veranlassen</source>
        <translation>Order a provisional suspension of payments</translation>
    </message>
    <message>
        <source>Keine Zahlungseinstellung</source>
        <translation>No suspension</translation>
    </message>
    <message>
        <source>Begründung der Entscheidung</source>
        <translation>Reason for the decision</translation>
    </message>
    <message>
        <source>Begründung (bei „keine Zahlungseinstellung“ nötig)</source>
        <translation>Reason (required for “no suspension”)</translation>
    </message>
    <message>
        <source>Entscheidung speichern</source>
        <translation>Save decision</translation>
    </message>
    <message>
        <source>Verfahren (mit Datum)</source>
        <translation>Procedure (with dates)</translation>
    </message>
    <message>
        <source>Schritt</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Datum des Schritts</source>
        <translation>Date of the step</translation>
    </message>
    <message>
        <source>Wichtiger Grund liegt vor</source>
        <translation>There is a good reason</translation>
    </message>
    <message>
        <source>Notiz zum Schritt</source>
        <translation>Note on the step</translation>
    </message>
    <message>
        <source>Notiz (z. B. Antwort des Kunden)</source>
        <translation>Note (e.g. the customer&apos;s answer)</translation>
    </message>
    <message>
        <source>Schritt erfassen</source>
        <translation>Record step</translation>
    </message>
    <message>
        <source>Erfasst: %1.</source>
        <translation>Recorded: %1.</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>wichtiger Grund</source>
        <translation>good reason</translation>
    </message>
    <message>
        <source>kein wichtiger Grund</source>
        <translation>no good reason</translation>
    </message>
    <message>
        <source>Nichts zu erledigen.</source>
        <translation>Nothing to do.</translation>
    </message>
    <message>
        <source>kein Termin hinterlegt</source>
        <translation>no appointment recorded</translation>
    </message>
    <message>
        <source>Termin: %1</source>
        <translation>Appointment: %1</translation>
    </message>
    <message>
        <source>Stand: %1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <source>Keine vorläufige Zahlungseinstellung möglich: %1</source>
        <translation>No provisional suspension possible: %1</translation>
    </message>
    <message>
        <source>Entschieden von %1 am %2</source>
        <translation>Decided by %1 on %2</translation>
    </message>
    <message>
        <source>Mangelnde Mitwirkung bis %1</source>
        <translation>Lack of cooperation until %1</translation>
    </message>
    <message>
        <source>Achtung: der Termin liegt danach.</source>
        <translation>Caution: the appointment lies after it.</translation>
    </message>
    <message>
        <source>Erfasst: erschienen.</source>
        <translation>Recorded: came.</translation>
    </message>
    <message>
        <source>Erfasst: nicht erschienen.</source>
        <translation>Recorded: did not come.</translation>
    </message>
    <message>
        <source>Entscheidung gespeichert.</source>
        <translation>Decision saved.</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Besuch</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Betreff</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>(Korrektur)</source>
        <translation>(correction)</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
</context>
<context>
    <name>InboxWindow</name>
    <message>
        <source>Verbis-Vermerk</source>
        <translation>VerBIS note</translation>
    </message>
    <message>
        <source>Aufgabe</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Gespräch (komplexer Fall)</source>
        <translation>Talk (complex case)</translation>
    </message>
    <message>
        <source>Hinweis Leistungsabteilung</source>
        <translation>Hint for benefits</translation>
    </message>
    <message>
        <source>übertragen</source>
        <translation>transferred</translation>
    </message>
    <message>
        <source>erledigt</source>
        <translation>done</translation>
    </message>
    <message>
        <source>Gespräch geführt</source>
        <translation>talk held</translation>
    </message>
    <message>
        <source>über E-Akte weitergeleitet</source>
        <translation>forwarded via e-file</translation>
    </message>
    <message>
        <source>angetroffen</source>
        <translation>met</translation>
    </message>
    <message>
        <source>nicht angetroffen</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>Ergebnisse der Aufsuchenden Beratung</source>
        <translation>Outreach results</translation>
    </message>
    <message>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Offen</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Erledigt</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Alle Arten</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>Anzeigen:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Aktualisieren</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Ergebnisse</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Text des Eintrags</source>
        <translation>Text of the item</translation>
    </message>
    <message>
        <source>Kopieren (Strg+C)</source>
        <translation>Copy (Ctrl+C)</translation>
    </message>
    <message>
        <source>Offen – Verbis-Vermerke: %1 · Aufgaben: %2 · Gespräche: %3 · Hinweise an die Leistungsabteilung: %4</source>
        <translation>Open – VerBIS notes: %1 · tasks: %2 · talks: %3 · hints for the benefits department: %4</translation>
    </message>
    <message>
        <source>Text in die Zwischenablage (für VerBIS)</source>
        <translation>Text to the clipboard (for VerBIS)</translation>
    </message>
    <message>
        <source>Als übertragen markieren</source>
        <translation>Mark as transferred</translation>
    </message>
    <message>
        <source>Wieder öffnen</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>Keine Einträge in dieser Ansicht.</source>
        <translation>No items in this view.</translation>
    </message>
    <message>
        <source>Als erledigt markieren</source>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>Über E-Akte weitergeleitet</source>
        <translation>Forwarded via e-file</translation>
    </message>
    <message>
        <source>In die Zwischenablage kopiert.</source>
        <translation>Copied to the clipboard.</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>Wieder offen.</source>
        <translation>Open again.</translation>
    </message>
</context>
<context>
    <name>OfficeFeature</name>
    <message>
        <source>Außendienst</source>
        <translation>Field service</translation>
    </message>
    <message>
        <source>alle Bereiche</source>
        <translation>all areas</translation>
    </message>
    <message>
        <source>Teamleitung</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>Innendienst – %1 (Team %2)</source>
        <translation>Back office – %1 (team %2)</translation>
    </message>
    <message>
        <source>Innendienst – %1</source>
        <translation>Back office – %1</translation>
    </message>
    <message>
        <source>&amp;Innendienst</source>
        <translation>&amp;Back office</translation>
    </message>
    <message>
        <source>Kunden &amp;vormerken …</source>
        <translation>&amp;Flag customer …</translation>
    </message>
    <message>
        <source>&amp;Ergebnisse (Posteingang)</source>
        <translation>&amp;Results (inbox)</translation>
    </message>
    <message>
        <source>&amp;Terminnachverfolgung</source>
        <translation>Appointment &amp;follow-up</translation>
    </message>
    <message>
        <source>&amp;Meldeversäumnis-Schalter (Eingangszone)</source>
        <translation>&amp;Missed-appointment desk (reception)</translation>
    </message>
    <message>
        <source>&amp;Postausgang Leistungsabteilung</source>
        <translation>Benefits &amp;outbox</translation>
    </message>
    <message>
        <source>&amp;Hamburger Regeln (Kontakte fällig, Überprüfung, Gespräche)</source>
        <translation>&amp;Hamburg rules (contacts due, review, talks)</translation>
    </message>
    <message>
        <source>&amp;Berichte</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <source>&amp;Vertretung und Abwesenheiten …</source>
        <translation>&amp;Deputies and absences …</translation>
    </message>
    <message>
        <source>Posteingang: %1 offen</source>
        <translation>Inbox: %1 open</translation>
    </message>
</context>
<context>
    <name>OfficeWindow</name>
    <message>
        <source>Innendienst</source>
        <translation>Back office</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Erstellt</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>BG-Nummer</source>
        <translation>BG number</translation>
    </message>
    <message>
        <source>Was</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>OutboxWindow</name>
    <message>
        <source>Hinweis aus dem Hausbesuch</source>
        <translation>Hint from the visit</translation>
    </message>
    <message>
        <source>Aufhebung der Zahlungseinstellung</source>
        <translation>Lift of the payment suspension</translation>
    </message>
    <message>
        <source>Entscheidung Zahlungseinstellung</source>
        <translation>Payment suspension decision</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>übergeben am %1 von %2</source>
        <translation>handed over on %1 by %2</translation>
    </message>
    <message>
        <source>Postausgang Leistungsabteilung</source>
        <translation>Benefits department outbox</translation>
    </message>
    <message>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Offen</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Übergeben</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Anzeigen:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Mitteilungen</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Text der Mitteilung</source>
        <translation>Text of the message</translation>
    </message>
    <message>
        <source>Als übergeben markieren (E-Akte)</source>
        <translation>Mark as handed over (e-file)</translation>
    </message>
    <message>
        <source>Als PDF speichern …</source>
        <translation>Save as PDF …</translation>
    </message>
    <message>
        <source>Alle offenen exportieren …</source>
        <translation>Export all open …</translation>
    </message>
    <message>
        <source>Offen: %1 · übergeben: %2</source>
        <translation>Open: %1 · handed over: %2</translation>
    </message>
    <message>
        <source>Keine Mitteilungen in dieser Ansicht.</source>
        <translation>No messages in this view.</translation>
    </message>
    <message>
        <source>Nr. %1, BG %2, von %3: %4</source>
        <translation>No. %1, BG %2, by %3: %4</translation>
    </message>
    <message>
        <source>Mitteilung Nr. %1 übergeben.</source>
        <translation>Message no. %1 handed over.</translation>
    </message>
    <message>
        <source>Mitteilung speichern</source>
        <translation>Save message</translation>
    </message>
    <message>
        <source>Die Datei konnte nicht geschrieben werden.</source>
        <translation>The file could not be written.</translation>
    </message>
    <message>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Ordner für die PDFs</source>
        <translation>Folder for the PDFs</translation>
    </message>
    <message>
        <source>%1 PDF-Dateien gespeichert in %2</source>
        <translation>%1 PDF files saved in %2</translation>
    </message>
</context>
<context>
    <name>PostsTab</name>
    <message>
        <source>Stellenanteil (Vollzeitäquivalent)</source>
        <translation>Share of a post (full-time equivalent)</translation>
    </message>
    <message>
        <source>HB:</source>
        <translation>Caseworker:</translation>
    </message>
    <message>
        <source>Stellenanteil</source>
        <translation>Share of a post</translation>
    </message>
    <message>
        <source>Anteil einer Vollzeitstelle:</source>
        <translation>Share of a full-time post:</translation>
    </message>
    <message>
        <source>Stellenanteil speichern</source>
        <translation>Save share of post</translation>
    </message>
    <message>
        <source>Qualifiziertes Beratungsgespräch erfassen</source>
        <translation>Record a qualified counselling talk</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Kundennummer:</source>
        <translation>Customer number:</translation>
    </message>
    <message>
        <source>Tag des Gesprächs</source>
        <translation>Day of the talk</translation>
    </message>
    <message>
        <source>Am:</source>
        <translation>On:</translation>
    </message>
    <message>
        <source>Art des Gesprächs</source>
        <translation>Kind of talk</translation>
    </message>
    <message>
        <source>persönlich (Präsenz)</source>
        <translation>in person (presence)</translation>
    </message>
    <message>
        <source>Video (zählt als Präsenz)</source>
        <translation>video (counts as presence)</translation>
    </message>
    <message>
        <source>Telefon (keine Präsenz)</source>
        <translation>phone (no presence)</translation>
    </message>
    <message>
        <source>Präsenz:</source>
        <translation>Presence:</translation>
    </message>
    <message>
        <source>Gespräch erfassen</source>
        <translation>Record talk</translation>
    </message>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Stellenanteil gespeichert: %1 – %2</source>
        <translation>Share of post saved: %1 – %2</translation>
    </message>
    <message>
        <source>Gespräch erfasst.</source>
        <translation>Talk recorded.</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>KW</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>AB</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>vor-
gemerkt</source>
        <translation>flagged</translation>
    </message>
    <message>
        <source>ange-
troffen</source>
        <translation>met</translation>
    </message>
    <message>
        <source>nicht
angetroffen</source>
        <translation>not
met</translation>
    </message>
    <message>
        <source>Einladung
übergeben</source>
        <translation>invitation
handed over</translation>
    </message>
    <message>
        <source>Einladung
eingeworfen</source>
        <translation>invitation
dropped</translation>
    </message>
    <message>
        <source>Kunden-
Pakete</source>
        <translation>customer
packages</translation>
    </message>
    <message>
        <source>zum Termin
erschienen</source>
        <translation>came to
appointment</translation>
    </message>
    <message>
        <source>nicht
erschienen</source>
        <translation>did not
come</translation>
    </message>
    <message>
        <source>Zahlungseinst.
vorgeschlagen</source>
        <translation>suspension
proposed</translation>
    </message>
    <message>
        <source>Zahlungseinst.
veranlasst</source>
        <translation>suspension
ordered</translation>
    </message>
    <message>
        <source>besucht</source>
        <translation>visited</translation>
    </message>
    <message>
        <source>gesamt</source>
        <translation>total</translation>
    </message>
</context>
<context>
    <name>ReportWindow</name>
    <message>
        <source>Berichte der Aufsuchenden Beratung</source>
        <translation>Outreach reports</translation>
    </message>
    <message>
        <source>Von:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>Erste Woche</source>
        <translation>First week</translation>
    </message>
    <message>
        <source>bis:</source>
        <translation>to:</translation>
    </message>
    <message>
        <source>Letzte Woche</source>
        <translation>Last week</translation>
    </message>
    <message>
        <source>Gliedern nach:</source>
        <translation>Group by:</translation>
    </message>
    <message>
        <source>Gliedern nach</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>Woche</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>AB</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Woche, Gebiet und AB</source>
        <translation>Week, area and worker</translation>
    </message>
    <message>
        <source>Als Excel …</source>
        <translation>As Excel …</translation>
    </message>
    <message>
        <source>Als PDF …</source>
        <translation>As PDF …</translation>
    </message>
    <message>
        <source>Berichtstabelle</source>
        <translation>Report table</translation>
    </message>
    <message>
        <source>Für diesen Zeitraum liegen keine Vormerkungen vor.</source>
        <translation>No flags in this period.</translation>
    </message>
    <message>
        <source>%1 vorgemerkt, %2 besucht, davon %3 angetroffen (%4). %5 kamen danach zum Termin, %6 nicht; %7 Zahlungseinstellungen vorgeschlagen.</source>
        <translation>%1 flagged, %2 visited, %3 of them met (%4). %5 then came to their appointment, %6 did not; %7 suspensions proposed.</translation>
    </message>
    <message>
        <source>Besuche je Woche</source>
        <translation>Visits per week</translation>
    </message>
    <message>
        <source>Synchronisierungen der Laptops</source>
        <translation>The laptops' syncs</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>Letzte Synchronisierung</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Läufe</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Hochgeladen</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Heruntergeladen</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Gesperrt</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>vorgemerkt</source>
        <translation>flagged</translation>
    </message>
    <message>
        <source>angetroffen</source>
        <translation>met</translation>
    </message>
    <message>
        <source>nicht angetroffen</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>Kunden-Pakete</source>
        <translation>customer packages</translation>
    </message>
    <message>
        <source>Nach dem Besuch: Termin und Zahlungseinstellung</source>
        <translation>After the visit: appointment and suspension</translation>
    </message>
    <message>
        <source>zum Termin erschienen</source>
        <translation>came to appointment</translation>
    </message>
    <message>
        <source>nicht erschienen</source>
        <translation>did not come</translation>
    </message>
    <message>
        <source>Einst. vorgeschlagen</source>
        <translation>susp. proposed</translation>
    </message>
    <message>
        <source>Einst. veranlasst</source>
        <translation>susp. ordered</translation>
    </message>
    <message>
        <source>Eingangszone: %1 Gespräche, %2 Rückrufe, %3 Aufhebungen vorgemerkt. Postausgang: %4 offen, %5 übergeben.</source>
        <translation>Reception desk: %1 talks, %2 callbacks, %3 lifts queued. Outbox: %4 open, %5 handed over.</translation>
    </message>
    <message>
        <source>Rückrufgespräche: %1, HB-Termine aus Rückrufen: %2.</source>
        <translation>Callback talks: %1, caseworker appointments from callbacks: %2.</translation>
    </message>
    <message>
        <source>Gefiltert auf Team %1: %2 Kunden anderer Teams sind nicht enthalten.</source>
        <translation>Filtered to team %1: %2 customers of other teams are not included.</translation>
    </message>
    <message>
        <source>Nur Ihre eigenen Kunden: %1 weitere sind nicht enthalten.</source>
        <translation>Only your own customers: %1 more are not included.</translation>
    </message>
    <message>
        <source>Beratungsgespräche je Vollzeitstelle und Woche: %1 (Ziel %2); in Präsenz: %3 (Ziel %4 %)</source>
        <translation>Counselling talks per full-time post and week: %1 (target %2); in presence: %3 (target %4 %)</translation>
    </message>
    <message>
        <source>%1: in diesem Zeitraum nichts zu zeigen.</source>
        <translation>%1: nothing to show for this period.</translation>
    </message>
    <message>
        <source>keine Daten</source>
        <translation>no data</translation>
    </message>
    <message>
        <source>Excel-Dateien (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Bericht speichern</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Aufsuchende Beratung: %1 bis %2</source>
        <translation>Outreach: %1 to %2</translation>
    </message>
    <message>
        <source>Der Bericht kann dort nicht gespeichert werden.</source>
        <translation>The report cannot be saved there.</translation>
    </message>
    <message>
        <source>Bericht gespeichert: %1</source>
        <translation>Report saved: %1</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>Letzte Überprüfung</source>
        <translation>Last review</translation>
    </message>
    <message>
        <source>Fällig am</source>
        <translation>Due on</translation>
    </message>
    <message>
        <source>noch nie</source>
        <translation>never</translation>
    </message>
    <message>
        <source>(überfällig)</source>
        <translation>(overdue)</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Fällige Überprüfungen</source>
        <translation>Reviews due</translation>
    </message>
    <message>
        <source>Überprüfung des Beratungsbedarfs erfassen</source>
        <translation>Record a review of the need for counselling</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Kundennummer:</source>
        <translation>Customer number:</translation>
    </message>
    <message>
        <source>Tag der Überprüfung</source>
        <translation>Day of the review</translation>
    </message>
    <message>
        <source>Geprüft am:</source>
        <translation>Reviewed on:</translation>
    </message>
    <message>
        <source>Ergebnis der Überprüfung</source>
        <translation>Result of the review</translation>
    </message>
    <message>
        <source>Ergebnis:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>Überprüfung speichern</source>
        <translation>Save review</translation>
    </message>
    <message>
        <source>Innendienst</source>
        <translation>Back office</translation>
    </message>
    <message>
        <source>Überprüfung gespeichert; die nächste ist am %1 fällig.</source>
        <translation>Review saved; the next one is due on %1.</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Anmeldung – Rolle wählen</source>
        <translation>Sign in – choose a role</translation>
    </message>
    <message>
        <source>Wie arbeiten Sie heute mit fieldkit?</source>
        <translation>How do you work with fieldkit today?</translation>
    </message>
    <message>
        <source>Außendienst – Laptop der Aufsuchenden Beratung</source>
        <translation>Field – the outreach worker&apos;s laptop</translation>
    </message>
    <message>
        <source>Innendienst – Integrationsfachkraft oder Teamleitung</source>
        <translation>Back office – caseworker or team lead</translation>
    </message>
    <message>
        <source>Innendienst</source>
        <translation>Back office</translation>
    </message>
    <message>
        <source>Name der Integrationsfachkraft</source>
        <translation>Caseworker&apos;s name</translation>
    </message>
    <message>
        <source>Name (IFK):</source>
        <translation>Name (caseworker):</translation>
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
        <source>Teamleitung (sieht alle Kunden des Teams)</source>
        <translation>Team lead (sees all of the team&apos;s customers)</translation>
    </message>
    <message>
        <source>Auswahl merken (nicht mehr fragen)</source>
        <translation>Remember (do not ask again)</translation>
    </message>
    <message>
        <source>Auf diesem Rechner nicht erlaubt (Richtlinie der IT)</source>
        <translation>Not allowed on this computer (IT policy)</translation>
    </message>
    <message>
        <source>Bitte Ihren Namen angeben.</source>
        <translation>Please enter your name.</translation>
    </message>
    <message>
        <source>Als Teamleitung bitte das Team angeben.</source>
        <translation>As team lead, please enter the team.</translation>
    </message>
</context>
<context>
    <name>SituationModel</name>
    <message>
        <source>HB</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundennummer</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
</context>
<context>
    <name>SituationTab</name>
    <message>
        <source>Kunden</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Situation des Kunden</source>
        <translation>Customer&apos;s situation</translation>
    </message>
    <message>
        <source>unbekannt (keine Situation)</source>
        <translation>unknown (no situation)</translation>
    </message>
    <message>
        <source>Situation speichern</source>
        <translation>Save situation</translation>
    </message>
    <message>
        <source>Situation gespeichert: %1</source>
        <translation>Situation saved: %1</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Vertretung und Abwesenheiten</source>
        <translation>Deputies and absences</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Meldung</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>kein Team hinterlegt</source>
        <translation>no team recorded</translation>
    </message>
    <message>
        <source>1. Vertretungsregelung</source>
        <translation>1. Deputy rule</translation>
    </message>
    <message>
        <source>Gilt für:</source>
        <translation>Applies to:</translation>
    </message>
    <message>
        <source>Vertretungsregelung gilt für</source>
        <translation>Deputy rule applies to</translation>
    </message>
    <message>
        <source>Vertretungen in Reihenfolge</source>
        <translation>Deputies in order</translation>
    </message>
    <message>
        <source>Neue Vertretung</source>
        <translation>New deputy</translation>
    </message>
    <message>
        <source>Name der Vertretung</source>
        <translation>Name of the deputy</translation>
    </message>
    <message>
        <source>Hinzufügen</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Nach oben</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>Nach unten</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Nur die Teamleitung kann die Vertretungsregelung ändern.</source>
        <translation>Only the team lead can change the deputy rule.</translation>
    </message>
    <message>
        <source>2. Abwesenheiten</source>
        <translation>2. Absences</translation>
    </message>
    <message>
        <source>nur aktuelle und künftige</source>
        <translation>current and future only</translation>
    </message>
    <message>
        <source>Abwesenheiten nach Datum</source>
        <translation>Absences by date</translation>
    </message>
    <message>
        <source>Abwesende Kraft</source>
        <translation>Absent caseworker</translation>
    </message>
    <message>
        <source>Kraft:</source>
        <translation>Caseworker:</translation>
    </message>
    <message>
        <source>Erster Tag</source>
        <translation>First day</translation>
    </message>
    <message>
        <source>Letzter Tag</source>
        <translation>Last day</translation>
    </message>
    <message>
        <source>bis</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Zeitraum:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Grund der Abwesenheit</source>
        <translation>Reason for the absence</translation>
    </message>
    <message>
        <source>z. B. Urlaub, Fortbildung</source>
        <translation>e.g. Urlaub (leave), Fortbildung (training)</translation>
    </message>
    <message>
        <source>Grund:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Neu</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Abwesenheit speichern</source>
        <translation>Save absence</translation>
    </message>
    <message>
        <source>Löschen</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>ganzes Team</source>
        <translation>whole team</translation>
    </message>
    <message>
        <source>Die Eingangszone fragt für %1: %2</source>
        <translation>The reception asks for %1: %2</translation>
    </message>
    <message>
        <source>niemanden</source>
        <translation>nobody</translation>
    </message>
    <message>
        <source>Gefragt wird von oben nach unten; wer selbst abwesend ist, wird übersprungen. Eigene Regeln einer Kraft gehen vor.</source>
        <translation>Deputies are asked from top to bottom; anyone absent themselves is skipped. A caseworker&apos;s own rule comes first.</translation>
    </message>
    <message>
        <source>Änderung speichern</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>%1 in die Vertretungsregelung aufgenommen.</source>
        <translation>%1 added to the deputy rule.</translation>
    </message>
    <message>
        <source>Reihenfolge gespeichert.</source>
        <translation>Order saved.</translation>
    </message>
    <message>
        <source>%1 aus der Vertretungsregelung entfernt.</source>
        <translation>%1 removed from the deputy rule.</translation>
    </message>
    <message>
        <source>Abwesenheit gespeichert. Folgetermine am %1 übernimmt %2.</source>
        <translation>Absence saved. Follow-up talks on %1 go to %2.</translation>
    </message>
    <message>
        <source>Abwesenheit gespeichert. Achtung: am %1 ist niemand aus der Vertretungsregelung da; die Eingangszone bucht dann einen Rückruf des Teams.</source>
        <translation>Absence saved. Note: on %1 nobody of the deputy rule is present; the reception will then book a callback by the team.</translation>
    </message>
    <message>
        <source>Abwesenheit von %1 (%2 bis %3) löschen?</source>
        <translation>Delete the absence of %1 (%2 to %3)?</translation>
    </message>
    <message>
        <source>Abwesenheit gelöscht.</source>
        <translation>Absence deleted.</translation>
    </message>
</context>
</TS>
