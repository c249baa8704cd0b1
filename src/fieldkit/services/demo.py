"""A synthetic outreach week in Landkreis Heilbronn, for trying fieldkit out.

Everything about persons is invented: names are random pairs from short lists of common
first and last names, streets are generic German street names, house numbers random. Only
the municipalities (and their centres, GeoNames, CC BY 4.0) are real. The week is written
as a flag list in the import format and goes through the normal import, so the demo always
shows what the rules engine says about it.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from fieldkit.geo.gazetteer import Municipality, load_municipalities

FIRST_NAMES = (
    "Anna",
    "Lukas",
    "Marie",
    "Jonas",
    "Sophie",
    "Leon",
    "Emma",
    "Finn",
    "Mia",
    "Paul",
    "Lea",
    "Elias",
    "Hannah",
    "Noah",
    "Lina",
    "Ben",
    "Aylin",
    "Mehmet",
    "Olga",
    "Piotr",
    "Fatima",
    "Ahmad",
    "Sandra",
    "Thomas",
    "Petra",
    "Michael",
    "Sabine",
    "Stefan",
)
LAST_NAMES = (
    "Bauer",
    "Schäfer",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Huber",
    "Kaya",
    "Öztürk",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Haddad",
    "Weiß",
)
STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Lindenweg",
    "Schulstraße",
    "Gartenstraße",
    "Kirchgasse",
    "Am Weinberg",
    "Rosenstraße",
    "Brunnenweg",
    "Mühlstraße",
    "Wiesenweg",
    "Ringstraße",
    "Talstraße",
    "Friedhofstraße",
    "Kelterstraße",
    "Am Sportplatz",
    "Birkenweg",
    "Uhlandstraße",
)
ADDITIONS = ("", "", "", "", "", "Hinterhaus", "bei Hofmann", "2. OG links", "Eingang Hofseite")
HINTS = (
    "",
    "",
    "",
    "Hund auf dem Grundstück",
    "nicht vor 10 Uhr",
    "Klingel defekt, bitte klopfen",
    "spricht gut Englisch",
    "Parkplatz hinter dem Haus",
)
REASONS = (
    "Kontaktabbruch seit Monaten, Arbeitsbündnis aufbauen",
    "Wohnsituation klären",
    "U25, Ausbildung abgebrochen",
    "Gesundheitliche Situation klären",
    "Unterlagen fehlen seit längerem",
    "Erreichbarkeit prüfen",
)
OPEN_ITEMS = ("Kontoauszüge", "Mietbescheinigung", "Nebenkostenabrechnung", "Lohnabrechnung")
CASEWORKERS = (
    ("Frau Keller", "521", "07131 000-521"),
    ("Herr Brandt", "523", "07131 000-523"),
    ("Frau Ahmadi", "522", "07131 000-522"),
    ("Herr Vogt", "521", "07131 000-524"),
    ("Frau Lindner", "524", "07131 000-525"),
)
WORKERS = (("Anna Berger", "1,2,3,4,5"), ("Murat Demir", "1,2,3,4"))
OFFICE = {
    "name": "Jobcenter Landkreis Heilbronn",
    "street": "Musterstraße 1",
    "postcode": "74072",
    "city": "Heilbronn",
    "phone": "07131 000-0",
    "opening_hours": "Mo–Fr 8:00–12:00, Do 14:00–17:30",
    "lat": 49.1427,
    "lon": 9.2109,
}

COLUMNS = (
    "kundennummer", "nachname", "vorname", "geburtsdatum", "strasse", "hausnummer", "plz",
    "ort", "adresszusatz", "telefon", "hb", "team", "langzeitarbeitslos", "vorgemerkt_am",
    "einladung1_datum", "einladung1_rfb", "einladung1_erschienen", "einladung2_datum",
    "einladung2_rfb", "einladung2_erschienen", "anruf1", "anruf2", "sinnhaftigkeit",
    "termin", "termin_ort", "offene_mitwirkung", "hinweise",
)  # fmt: skip


def _de(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _de_dt(dt: datetime) -> str:
    return dt.strftime("%d.%m.%Y %H:%M")


def _yn(value: bool) -> str:
    return "ja" if value else "nein"


def flag_list_csv(visit_monday: date, count: int = 40, seed: int = 49) -> str:
    """A flag list (import format, ``;``-separated) for the week starting ``visit_monday``.

    About three in four rows have a complete chain; the rest show the typical gaps: a
    missing second call, calls on the same day, a first invitation with RFB, no reason,
    no appointment yet, a late flag after Thursday's deadline.
    """
    rng = random.Random(seed)
    places = load_municipalities()
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    used: set[tuple[str, str]] = set()
    for i in range(count):
        row = _demo_row(rng, i, places, visit_monday, used)
        writer.writerow([row[c] for c in COLUMNS])
    return buf.getvalue()


def _demo_row(
    rng: random.Random,
    index: int,
    places: Sequence[Municipality],
    visit_monday: date,
    used: set[tuple[str, str]],
) -> dict[str, str]:
    """One customer's row. The random draws keep one fixed order (person, kind, chain,
    address, case), so a seed always gives the same list."""
    place = places[rng.randrange(len(places))]
    name = _demo_name(rng, used)
    u25 = rng.random() < 0.25
    today_age = rng.randint(19, 24) if u25 else rng.randint(26, 61)
    birth = visit_monday - timedelta(days=today_age * 365 + rng.randint(0, 300))
    lza = rng.random() < 0.4
    hb, team, _phone = CASEWORKERS[rng.randrange(len(CASEWORKERS))]
    kind = rng.choices(
        ("ok", "same_day", "one_call", "no_reason", "late", "attended", "no_termin"),
        weights=(30, 2, 2, 2, 2, 1, 1),
    )[0]
    chain = _demo_chain(rng, kind, visit_monday, u25 and lza)
    address = _demo_address(rng, place)
    return {
        "kundennummer": f"962D2{index + 1:05d}",
        "nachname": name[0],
        "vorname": name[1],
        "geburtsdatum": _de(birth),
        **address,
        "hb": hb,
        "team": team,
        "langzeitarbeitslos": _yn(lza),
        **chain,
        **_demo_case(rng, kind),
    }


def _demo_name(rng: random.Random, used: set[tuple[str, str]]) -> tuple[str, str]:
    """(last, first): distinct while the lists allow it (a demo week), repeats in big bench
    lists."""
    name = (rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES))
    while name in used and len(used) < len(LAST_NAMES) * len(FIRST_NAMES) // 2:
        name = (rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES))
    used.add(name)
    return name


def _demo_chain(
    rng: random.Random, kind: str, visit_monday: date, rfb_first: bool
) -> dict[str, str]:
    """The flag, the two invitations, the two calls and the appointment, with the gap
    ``kind`` asks for."""
    prev_monday = visit_monday - timedelta(days=7)
    flag_day = prev_monday + timedelta(days=rng.randint(0, 3))
    flagged = datetime.combine(flag_day, time(rng.randint(8, 15), rng.choice((0, 15, 30))))
    if kind == "late":
        flagged = datetime.combine(prev_monday + timedelta(days=3), time(17, 10))
    inv1 = prev_monday - timedelta(days=rng.randint(50, 80))
    inv2 = inv1 + timedelta(days=rng.randint(14, 24))
    call1 = datetime.combine(inv2 + timedelta(days=rng.randint(5, 9)), time(9, 10))
    call2 = datetime.combine(call1.date() + timedelta(days=rng.randint(2, 4)), time(15, 40))
    if kind == "same_day":
        call2 = datetime.combine(call1.date(), time(15, 0))
    termin_day = visit_monday + timedelta(days=rng.randint(10, 16))
    while termin_day.weekday() >= 5:
        termin_day += timedelta(days=1)
    termin = datetime.combine(termin_day, time(rng.choice((8, 9, 10, 11, 14)), 0))
    return {
        "vorgemerkt_am": _de_dt(flagged),
        "einladung1_datum": _de(inv1),
        "einladung1_rfb": _yn(not rfb_first if kind == "no_reason" else rfb_first),
        "einladung1_erschienen": _yn(kind == "attended"),
        "einladung2_datum": _de(inv2),
        "einladung2_rfb": "ja",
        "einladung2_erschienen": "nein",
        "anruf1": _de_dt(call1),
        "anruf2": "" if kind == "one_call" else _de_dt(call2),
        "termin": "" if kind == "no_termin" else _de_dt(termin),
    }


def _demo_address(rng: random.Random, place: Municipality) -> dict[str, str]:
    """Street, house number, place, addition and (for about 60 %) a phone number."""
    return {
        "strasse": rng.choice(STREETS),
        "hausnummer": str(rng.randint(1, 60)) + rng.choice(("", "", "", "a", "b")),
        "plz": place.postcode,
        "ort": place.name,
        "adresszusatz": rng.choice(ADDITIONS),
        "telefon": f"07{rng.randint(130, 139)} {rng.randint(10000, 99999)}"
        if rng.random() < 0.6
        else "",
    }


def _demo_case(rng: random.Random, kind: str) -> dict[str, str]:
    """The reason for the visit, the appointment's room, open cooperation and hints."""
    return {
        "sinnhaftigkeit": "" if kind == "no_reason" else rng.choice(REASONS),
        "termin_ort": ""
        if kind == "no_termin"
        else "Jobcenter Heilbronn, Raum 1.0" + str(rng.randint(1, 9)),
        "offene_mitwirkung": "|".join(rng.sample(OPEN_ITEMS, rng.choice((0, 0, 1, 2)))),
        "hinweise": rng.choice(HINTS),
    }
