<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>DayColumn</name>
    <message>
        <source>Diesen Tag auf der Karte zeigen</source>
        <translation>Show this day on the map</translation>
    </message>
    <message>
        <source>Touren am %1</source>
        <translation>Routes on %1</translation>
    </message>
    <message>
        <source>Kein Arbeitstag: %1</source>
        <translation>Not a working day: %1</translation>
    </message>
    <message>
        <source>geschlossen</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>Niemand arbeitet an diesem Tag.</source>
        <translation>Nobody works on this day.</translation>
    </message>
    <message>
        <source>%1: %2 Besuche, %3–%4 Uhr, Fahrzeit %5</source>
        <translation>%1: %2 visits, %3–%4, driving %5</translation>
    </message>
    <message>
        <source>Noch keine Besuche.</source>
        <translation>No visits yet.</translation>
    </message>
    <message>
        <source>%1 Besuche</source>
        <translation>%1 visits</translation>
    </message>
</context>
<context>
    <name>DayRoutesModel</name>
    <message>
        <source>Ankunft</source>
        <extracomment>One colour per worker (by order on the day), readable on white and on the map.</extracomment>
        <translation>Arrival</translation>
    </message>
    <message>
        <source>Ort – Kunde</source>
        <translation>Place – customer</translation>
    </message>
    <message>
        <source>%1 – frei (hierher ziehen)</source>
        <translation>%1 – free (drag visits here)</translation>
    </message>
    <message>
        <source>%1 – zurück %2</source>
        <translation>%1 – back at %2</translation>
    </message>
    <message>
        <source>%1: Arbeitszeit %2, davon Fahrzeit %3</source>
        <translation>%1: working time %2, of which driving %3</translation>
    </message>
    <message>
        <source>Pause ab %1</source>
        <translation>Break from %1</translation>
    </message>
    <message>
        <source>ab %1</source>
        <translation>from %1</translation>
    </message>
    <message>
        <source>bis %1</source>
        <translation>until %1</translation>
    </message>
    <message>
        <source>%1, wartet bis %2</source>
        <translation>%1, waits until %2</translation>
    </message>
    <message>
        <source>fest</source>
        <translation>fixed</translation>
    </message>
    <message>
        <source>erledigt</source>
        <translation>done</translation>
    </message>
    <message>
        <source>Ankunft %1, Besuch %2 Min.</source>
        <translation>Arrival %1, visit %2 min</translation>
    </message>
    <message>
        <source>Zeitfenster: %1</source>
        <translation>Time window: %1</translation>
    </message>
    <message>
        <source>Vorrang (z. B. U25)</source>
        <translation>Priority (e.g. under 25)</translation>
    </message>
    <message>
        <source>Von Hand festgelegt</source>
        <translation>Fixed by hand</translation>
    </message>
    <message>
        <source>Schon besucht oder unterwegs markiert: bleibt, wo er ist</source>
        <translation>Already visited or marked on the road: stays where it is</translation>
    </message>
</context>
<context>
    <name>PlanningFeature</name>
    <message>
        <source>&amp;Touren planen …</source>
        <translation>Plan &amp;routes …</translation>
    </message>
    <message>
        <source>Die Touren der Woche planen, ansehen und von Hand anpassen</source>
        <translation>Plan the week&apos;s routes, look at them and adjust them by hand</translation>
    </message>
</context>
<context>
    <name>PlanningWindow</name>
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
        <source>Woche planen</source>
        <translation>Plan the week</translation>
    </message>
    <message>
        <source>Alle planbaren Kunden der Woche auf Tage und Fachkräfte verteilen und die Reihenfolge berechnen. Schon erledigte Besuche bleiben, wo sie sind.</source>
        <translation>Assign all plannable customers of the week to days and outreach workers and compute the order. Visits already made stay where they are.</translation>
    </message>
    <message>
        <source>Fortschritt der Planung</source>
        <translation>Planning progress</translation>
    </message>
    <message>
        <source>Abbrechen (besten Plan behalten)</source>
        <translation>Cancel (keep the best plan)</translation>
    </message>
    <message>
        <source>Besuche mit der Maus auf eine andere Stelle, einen anderen Tag oder eine andere Fachkraft ziehen: Die Wahl wird festgehalten („fest“), der Rest neu berechnet. Ein Klick auf den Tag zeigt ihn auf der Karte.</source>
        <translation>Drag visits with the mouse to another place, day or outreach worker: the choice is kept (“fixed”), the rest is recomputed. Click a day to show it on the map.</translation>
    </message>
    <message>
        <source>Karte der Touren</source>
        <translation>Map of the routes</translation>
    </message>
    <message>
        <source>Nicht eingeplante Kunden</source>
        <translation>Customers not planned</translation>
    </message>
    <message>
        <source>Touren planen – %1</source>
        <translation>Plan routes – %1</translation>
    </message>
    <message>
        <source>Nicht eingeplant (%1) – zum Einplanen auf eine Tour ziehen</source>
        <translation>Not planned (%1) – drag onto a route to plan</translation>
    </message>
    <message>
        <source>Für diese Woche gibt es noch keinen Plan. „Woche planen“ berechnet ihn.</source>
        <translation>There is no plan for this week yet. “Plan the week” computes it.</translation>
    </message>
    <message>
        <source>%1 von %2 Kunden eingeplant · Fahrzeit gesamt %3 · geplant am %4 um %5 Uhr</source>
        <translation>%1 of %2 customers planned · total driving %3 · planned on %4 at %5</translation>
    </message>
    <message>
        <source>Karte: %1</source>
        <translation>Map: %1</translation>
    </message>
    <message>
        <source>Die Woche wird geplant … (höchstens %1 s)</source>
        <translation>Planning the week … (at most %1 s)</translation>
    </message>
    <message>
        <source>Wird beendet, der beste Plan bisher wird gespeichert …</source>
        <translation>Stopping, the best plan so far is being stored …</translation>
    </message>
    <message>
        <source>Die Wahl wird festgehalten, die Touren werden neu berechnet …</source>
        <translation>Keeping your choice, recomputing the routes …</translation>
    </message>
    <message>
        <source>(abgebrochen: bester Plan bis dahin)</source>
        <translation>(cancelled: best plan until then)</translation>
    </message>
    <message>
        <source>Die Planung ist fehlgeschlagen: %1</source>
        <translation>Planning failed: %1</translation>
    </message>
</context>
<context>
    <name>UnplannedModel</name>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
</context>
</TS>
