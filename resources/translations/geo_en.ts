<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>AreaEditor</name>
    <message>
        <source>Gebietsaufteilung des Landkreises</source>
        <translation>Areas of the district</translation>
    </message>
    <message>
        <source>(nicht mehr aktiv)</source>
        <translation>(no longer active)</translation>
    </message>
    <message>
        <source>Jedes Gebiet ist eine Menge von Gemeinden, die an bestimmten Wochentagen besucht werden. Wird ein Ort geteilt, die Postleitzahlen des Teils angeben.</source>
        <translation>Each area is a set of municipalities visited on certain weekdays. Where a town is split, give the postcodes of the part.</translation>
    </message>
    <message>
        <source>Gebiete:</source>
        <translation>Areas:</translation>
    </message>
    <message>
        <source>Gebiete</source>
        <translation>Areas</translation>
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
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Name des Gebiets</source>
        <translation>Name of the area</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Mo</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Montag</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Di</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Dienstag</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Mi</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Mittwoch</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Donnerstag</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Freitag</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Besuchstage:</source>
        <translation>Visiting days:</translation>
    </message>
    <message>
        <source>Aufsuchende Fachkraft</source>
        <translation>Outreach worker</translation>
    </message>
    <message>
        <source>(keine Festlegung)</source>
        <translation>(not fixed)</translation>
    </message>
    <message>
        <source>Fachkraft:</source>
        <translation>Worker:</translation>
    </message>
    <message>
        <source>Gemeinden des Gebiets</source>
        <translation>Municipalities of the area</translation>
    </message>
    <message>
        <source>Gemeinden:</source>
        <translation>Municipalities:</translation>
    </message>
    <message>
        <source>Postleitzahlen der gewählten Gemeinde</source>
        <translation>Postcodes of the selected municipality</translation>
    </message>
    <message>
        <source>leer = ganze Gemeinde; für einen geteilten Ort z. B. 74072, 74074</source>
        <translation>empty = the whole municipality; for a split town e.g. 74072, 74074</translation>
    </message>
    <message>
        <source>Postleitzahlen:</source>
        <translation>Postcodes:</translation>
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
        <source>%1 (%2 Gemeinden)</source>
        <translation>%1 (%2 municipalities)</translation>
    </message>
    <message>
        <source>%1 (1 Gemeinde)</source>
        <translation>%1 (1 municipality)</translation>
    </message>
    <message>
        <source>(ohne Namen)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>Gebiet %1</source>
        <translation>Area %1</translation>
    </message>
    <message>
        <source>nur PLZ %1</source>
        <translation>postcodes %1 only</translation>
    </message>
    <message>
        <source>in „%1“</source>
        <translation>in “%1”</translation>
    </message>
    <message>
        <source>Postleitzahlen (%1):</source>
        <translation>Postcodes (%1):</translation>
    </message>
    <message>
        <source>Ohne Gebiet (%1): %2</source>
        <translation>In no area (%1): %2</translation>
    </message>
    <message>
        <source>✓ Die Aufteilung ist stimmig.</source>
        <translation>✓ The division is consistent.</translation>
    </message>
    <message>
        <source>Die Gebiete widersprechen sich nicht, aber nicht jede Gemeinde hat eins:</source>
        <translation>The areas do not contradict each other, but not every municipality has one:</translation>
    </message>
    <message>
        <source>Nicht gespeichert:</source>
        <translation>Not saved:</translation>
    </message>
</context>
<context>
    <name>GeoFeature</name>
    <message>
        <source>Woche &amp;verorten</source>
        <translation>&amp;Geocode week</translation>
    </message>
    <message>
        <source>Die Adressen der Woche auf der Karte verorten (offline, im Hintergrund)</source>
        <translation>Place the week&apos;s addresses on the map (offline, in the background)</translation>
    </message>
    <message>
        <source>Von &amp;Hand verorten …</source>
        <translation>Place by &amp;hand …</translation>
    </message>
    <message>
        <source>Die Adresse des gewählten Kunden auf der Karte setzen oder Koordinaten eingeben</source>
        <translation>Set the selected customer&apos;s address on the map or type its coordinates</translation>
    </message>
    <message>
        <source>A&amp;dressdaten importieren …</source>
        <translation>Import a&amp;ddress data …</translation>
    </message>
    <message>
        <source>Hauskoordinaten (OpenStreetMap-CSV oder HK-DE) für die Verortung einlesen</source>
        <translation>Read house coordinates (OpenStreetMap CSV or HK-DE) for geocoding</translation>
    </message>
    <message>
        <source>&amp;OpenStreetMap-Auszug importieren …</source>
        <translation>Import &amp;OpenStreetMap extract …</translation>
    </message>
    <message>
        <source>Hausadressen, Straßen und Straßennetz aus einer OpenStreetMap-Datei (.osm.pbf) einlesen</source>
        <translation>Read house addresses, streets and the road network from an OpenStreetMap file (.osm.pbf)</translation>
    </message>
    <message>
        <source>&amp;Gebietsaufteilung …</source>
        <translation>&amp;Areas of the district …</translation>
    </message>
    <message>
        <source>Die Gebiete des Landkreises mit Gemeinden, Besuchstagen und Fachkraft</source>
        <translation>The district&apos;s areas with municipalities, visiting days and worker</translation>
    </message>
    <message>
        <source>Bitte warten: eine Verortung oder ein Import läuft noch.</source>
        <translation>Please wait: geocoding or an import is still running.</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Verortung</source>
        <translation>Geocoding</translation>
    </message>
    <message>
        <source>Wird abgebrochen; Erledigtes bleibt erhalten …</source>
        <translation>Cancelling; what is done is kept …</translation>
    </message>
    <message>
        <source>Die Adressen der Woche werden verortet …</source>
        <translation>Geocoding the week&apos;s addresses …</translation>
    </message>
    <message>
        <source>Die Verortung ist an einem unerwarteten Fehler gescheitert; bereits verortete Adressen bleiben erhalten.</source>
        <translation>Geocoding failed with an unexpected error; addresses already placed are kept.</translation>
    </message>
    <message>
        <source>Adressdaten importieren</source>
        <translation>Import address data</translation>
    </message>
    <message>
        <source>Adressdaten (*.csv *.txt);;Alle Dateien (*)</source>
        <translation>Address data (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>„%1“ wird eingelesen …</source>
        <translation>Reading “%1” …</translation>
    </message>
    <message>
        <source>Adressdaten importiert</source>
        <translation>Address data imported</translation>
    </message>
    <message>
        <source>Die Datei konnte nicht eingelesen werden; es wurde nichts gespeichert.</source>
        <translation>The file could not be read; nothing was stored.</translation>
    </message>
    <message>
        <source>Mit getauschter Breite und Länge importieren?</source>
        <translation>Import with latitude and longitude swapped?</translation>
    </message>
    <message>
        <source>OpenStreetMap-Auszug importieren</source>
        <translation>Import OpenStreetMap extract</translation>
    </message>
    <message>
        <source>OpenStreetMap-Auszüge (*.osm.pbf *.pbf *.osm);;Alle Dateien (*)</source>
        <translation>OpenStreetMap extracts (*.osm.pbf *.pbf *.osm);;All files (*)</translation>
    </message>
    <message>
        <source>„%1“ wird eingelesen (einige Minuten) …</source>
        <translation>Reading “%1” (a few minutes) …</translation>
    </message>
    <message>
        <source>OpenStreetMap-Auszug importiert</source>
        <translation>OpenStreetMap extract imported</translation>
    </message>
    <message>
        <source>Der Auszug konnte nicht eingelesen werden; es wurde nichts geändert.</source>
        <translation>The extract could not be read; nothing was changed.</translation>
    </message>
    <message>
        <source>Der Kunde hat keine Adresse, die verortet werden könnte.</source>
        <translation>The customer has no address that could be placed.</translation>
    </message>
    <message>
        <source>Die Position wurde gespeichert.</source>
        <translation>The position was saved.</translation>
    </message>
    <message>
        <source>Die Gebietsaufteilung wurde gespeichert.</source>
        <translation>The areas of the district were saved.</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Karte</source>
        <extracomment>Scene units of the whole world&apos;s width (Web Mercator &quot;pixels&quot; at zoom 12). Distinct shapes as well as colours, so the kinds are told apart without colour too. Street groups, drawn from the least to the most important: (classes, colour, casing colour, width in px, least px per km at which the group is drawn). From this many pixels per km on, street names are written on the map. A German sentence when an MBTiles file cannot be shown (the map carries on without it).</extracomment>
        <translation>Map</translation>
    </message>
    <message>
        <source>Die Kartendatei „%1“ wurde nicht gefunden.</source>
        <extracomment>The street names written in the last frame (for tests and accessibility).</extracomment>
        <translation>The map file “%1” was not found.</translation>
    </message>
    <message>
        <source>„%1“ ist keine MBTiles-Kartendatei (die Tabelle der Kacheln fehlt).</source>
        <translation>“%1” is not an MBTiles map file (the tiles table is missing).</translation>
    </message>
    <message>
        <source>„%1“ enthält Vektorkacheln (%2); angezeigt werden nur Rasterkacheln (PNG, JPEG, WebP).</source>
        <translation>“%1” holds vector tiles (%2); only raster tiles (PNG, JPEG, WebP) can be shown.</translation>
    </message>
    <message>
        <source>„%1“ ist beschädigt oder keine MBTiles-Kartendatei.</source>
        <translation>“%1” is damaged or not an MBTiles map file.</translation>
    </message>
    <message>
        <source>Die Kartendatei „%1“ enthält keine Kacheln.</source>
        <translation>The map file “%1” holds no tiles.</translation>
    </message>
    <message>
        <source>Die Kartendatei kann nicht mehr gelesen werden; die Karte zeigt nur die Gemeinden.</source>
        <translation>The map file can no longer be read; the map shows the municipalities only.</translation>
    </message>
    <message>
        <source>Karte des Landkreises mit %1 Markierungen</source>
        <translation>Map of the district with %1 markers</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <source>Von Hand verorten</source>
        <translation>Place by hand</translation>
    </message>
    <message>
        <source>Bisher: %1</source>
        <translation>So far: %1</translation>
    </message>
    <message>
        <source>Auf die Karte klicken, wo die Adresse liegt (Mausrad zoomt, Ziehen verschiebt), oder die Koordinaten eingeben.</source>
        <translation>Click on the map where the address lies (the mouse wheel zooms, dragging pans), or type the coordinates.</translation>
    </message>
    <message>
        <source>bisherige Position</source>
        <translation>previous position</translation>
    </message>
    <message>
        <source>neue Position</source>
        <translation>new position</translation>
    </message>
    <message>
        <source>Gemeindemitte</source>
        <translation>municipality centre</translation>
    </message>
    <message>
        <source>z. B. 49,142 9,219</source>
        <translation>e.g. 49.142 9.219</translation>
    </message>
    <message>
        <source>Koordinaten als Text</source>
        <translation>Coordinates as text</translation>
    </message>
    <message>
        <source>Auf der Karte zeigen</source>
        <translation>Show on the map</translation>
    </message>
    <message>
        <source>Koordinaten (Breite Länge):</source>
        <translation>Coordinates (latitude longitude):</translation>
    </message>
    <message>
        <source>Geografische Breite</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Geografische Länge</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Breite:</source>
        <translation>Latitude:</translation>
    </message>
    <message>
        <source>Länge:</source>
        <translation>Longitude:</translation>
    </message>
    <message>
        <source>oder einzeln (WGS84, Grad):</source>
        <translation>or one by one (WGS84, degrees):</translation>
    </message>
    <message>
        <source>Platzierung &amp;entfernen</source>
        <translation>&amp;Remove placement</translation>
    </message>
    <message>
        <source>Die von Hand gesetzte Position löschen; die Adresse wird neu verortet.</source>
        <translation>Delete the position set by hand; the address is geocoded again.</translation>
    </message>
    <message>
        <source>Ü&amp;bernehmen</source>
        <translation>&amp;Apply</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Neue Position: %1 %2 – mit „Übernehmen“ speichern.</source>
        <translation>New position: %1 %2 – save it with “Apply”.</translation>
    </message>
    <message>
        <source>Breite und Länge waren vertauscht; übernommen als %1 %2 – mit „Übernehmen“ speichern.</source>
        <translation>Latitude and longitude were swapped; taken as %1 %2 – save with “Apply”.</translation>
    </message>
    <message>
        <source>Bisherige Position (%1)</source>
        <translation>Position so far (%1)</translation>
    </message>
    <message>
        <source>Neue Position</source>
        <translation>New position</translation>
    </message>
    <message>
        <source>Bitte zuerst eine Position wählen.</source>
        <translation>Please choose a position first.</translation>
    </message>
</context>
</TS>
