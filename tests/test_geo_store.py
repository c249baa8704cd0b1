"""Geocoding in the database: chain order, hand placements, cancel, address-file imports."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from fieldkit.geo.chain import GeoResult, Precision, Source
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.services import geocoding
from fieldkit.services.geocoding import GeoServiceError
from fieldkit.services.office import UNRESTRICTED
from fieldkit.settings import Settings
from fieldkit.store.db import Database, open_database
from fieldkit.store.models import (
    Address,
    AddressImport,
    AddressPoint,
    Customer,
    Flag,
    GeocodeCacheEntry,
    ManualPlacement,
)

WEEK = "2026-W49"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "geo.sqlite"))
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach a server fails the test loudly."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def add_customer(
    db: Database,
    number: str,
    street: str,
    hnr: str,
    plz: str = "74206",
    ort: str = "Bad Wimpfen",
    week: str = WEEK,
) -> None:
    """One flagged customer at the given address."""
    with db.session() as session:
        customer = Customer(
            kundennummer=number, nachname="Muster", vorname="Testa", geburtsdatum=date(1980, 1, 1)
        )
        customer.address = Address(strasse=street, hausnummer=hnr, plz=plz, ort=ort)
        session.add(
            Flag(
                customer=customer,
                visit_week=week,
                flagged_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
                status="eligible",
            )
        )


def address_of(db: Database, number: str) -> Address:
    with db.session() as session:
        return session.scalars(
            select(Address).join(Customer).where(Customer.kundennummer == number)
        ).one()


def count(db: Database, model: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def osm_file(tmp_path: Path, rows: list[str], name: str = "punkte.csv") -> Path:
    path = tmp_path / name
    path.write_text("street,housenumber,postcode,city,lat,lon\n" + "\n".join(rows) + "\n")
    return path


LINDENWEG_3 = "Lindenweg,3,74206,Bad Wimpfen,49.23010,9.16010"


# --- the chain in the database ---------------------------------------------------------------


def test_chain_order_manual_cache_points_gazetteer(db: Database, tmp_path: Path) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    settings = Settings()

    summary = geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    addr = address_of(db, "100A000001")
    assert addr.geo_source.startswith("gazetteer")
    assert summary.total == 1
    assert not summary.cancelled

    geocoding.import_addresses(db, osm_file(tmp_path, [LINDENWEG_3]), identity=UNRESTRICTED)
    geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    addr = address_of(db, "100A000001")
    assert (addr.geo_source, addr.geo_precision) == ("address_points", "house")
    assert (addr.lat, addr.lon) == pytest.approx((49.2301, 9.1601))

    # A house-level cache entry is taken before the address points are searched.
    with db.session() as session:
        entry = session.scalars(select(GeocodeCacheEntry)).one()
        entry.lat, entry.lon = 49.2305, 9.1605
    geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    assert (address_of(db, "100A000001").lat) == pytest.approx(49.2305)

    # A hand placement wins over everything.
    geocoding.place_by_hand(db, addr.id, 49.2311, 9.1622, "Test", identity=UNRESTRICTED)
    geocoding.geocode_week(db, WEEK, settings, identity=UNRESTRICTED)
    addr = address_of(db, "100A000001")
    assert (addr.geo_source, addr.geo_precision) == ("manual", "house")
    assert (addr.lat, addr.lon) == pytest.approx((49.2311, 9.1622))

    geocoding.clear_placement(db, addr.id, identity=UNRESTRICTED)
    assert count(db, ManualPlacement) == 0
    assert address_of(db, "100A000001").lat == pytest.approx(49.2305)


def test_manual_placement_remembered_for_same_address_in_other_spelling(db: Database) -> None:
    add_customer(db, "100A000001", "Hauptstr.", "3 a")
    add_customer(db, "100A000002", "Hauptstraße", "3a", week="2026-W50")
    add_customer(db, "100A000003", "Hauptstraße", "3b", week="2026-W50")
    geocoding.place_by_hand(
        db, address_of(db, "100A000001").id, 49.231, 9.158, "Frau Test", identity=UNRESTRICTED
    )
    with db.session() as session:
        assert session.scalars(select(ManualPlacement)).one().placed_by == "Frau Test"

    geocoding.geocode_week(db, "2026-W50", Settings(), identity=UNRESTRICTED)
    same = address_of(db, "100A000002")
    assert (same.lat, same.lon, same.geo_source) == (49.231, 9.158, "manual")
    assert address_of(db, "100A000003").geo_source != "manual"


def test_place_by_hand_outside_germany_is_refused(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    addr = address_of(db, "100A000001")
    with pytest.raises(GeoServiceError) as err:
        geocoding.place_by_hand(db, addr.id, 48.85, 2.35, "Test", identity=UNRESTRICTED)
    assert "nicht in Deutschland" in err.value.message("de")
    assert "not in Germany" in err.value.message("en")
    assert count(db, ManualPlacement) == 0
    assert address_of(db, "100A000001").lat is None


def test_place_by_hand_far_from_the_district_is_refused(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    addr = address_of(db, "100A000001")
    with pytest.raises(GeoServiceError) as err:
        geocoding.place_by_hand(db, addr.id, 53.55, 9.99, "Test", identity=UNRESTRICTED)  # Hamburg
    assert "außerhalb des Landkreises" in err.value.message("de")
    assert "outside the district" in err.value.message("en")
    assert count(db, ManualPlacement) == 0
    # The district's edges and its neighbours' doorsteps are fine.
    geocoding.place_by_hand(
        db, addr.id, 49.0414 - 0.1, 8.91229 - 0.1, "Test", identity=UNRESTRICTED
    )
    assert count(db, ManualPlacement) == 1


def test_typed_coordinates_swapped_are_reported() -> None:
    assert geocoding.parse_coordinates_checked("49,142 9,219") == (49.142, 9.219, False)
    assert geocoding.parse_coordinates_checked("9.219, 49.142") == (49.142, 9.219, True)


def test_cancel_keeps_the_finished_batches(db: Database) -> None:
    for i in range(450):
        add_customer(db, f"200A{i:06d}", "Lindenweg", str(i + 1))
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # cancel after the first batch

    seen: list[tuple[int, int]] = []
    summary = geocoding.geocode_week(
        db,
        WEEK,
        Settings(),
        progress=lambda d, t: seen.append((d, t)),
        cancelled=cancelled,
        identity=UNRESTRICTED,
    )
    assert summary.cancelled
    assert summary.done == geocoding.BATCH
    assert "cancelled after 200 of 450" in summary.text("en")
    with db.session() as session:
        placed = session.scalar(select(func.count()).where(Address.geo_precision != ""))
    assert placed == geocoding.BATCH
    assert seen[0] == (0, 450)
    assert seen[-1] == (200, 450)

    again = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    assert not again.cancelled
    assert again.done == 450


def test_summary_names_customers_to_check_not_persons(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3", plz="", ort="Talheim")
    add_customer(db, "100A000002", "Lindenweg", "3", plz="", ort="Atlantis")
    summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    assert summary.by_precision["municipality"] == 1
    assert summary.by_precision["none"] == 1
    assert summary.attention == ("100A000001", "100A000002")
    text = summary.text("en")
    assert "100A000001" in text
    assert "Muster" not in text
    assert "Zu prüfen" in summary.text("de")
    assert address_of(db, "100A000002").geo_precision == "none"


def test_postcode_that_does_not_exist_is_said(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3", plz="99999", ort="Talheim")
    for _ in range(2):  # the second run comes from the cache and still says it
        summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
        assert summary.attention == ("100A000001",)
        assert "100A000001: Postleitzahl 99999 gibt es nicht." in summary.text("de")
        assert "100A000001: postcode 99999 does not exist." in summary.text("en")
    assert address_of(db, "100A000001").geo_precision == "municipality"


def test_notes_are_cached_as_codes_and_said_in_either_language(db: Database) -> None:
    # 74336 is Brackenheim's postcode; the customer lives in Flein.
    add_customer(db, "100A000001", "Gartenweg", "2", plz="74336", ort="Flein")
    summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    note = GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz="74336", town="Flein")
    assert summary.notes == (("100A000001", note),)
    assert "100A000001: Postleitzahl 74336 passt nicht zu Flein; Ortsmitte verwendet." in (
        summary.text("de")
    )
    english = summary.text("en")
    assert "100A000001: postcode 74336 does not belong to Flein; the town centre was used." in (
        english
    )
    assert "Postleitzahl" not in english
    with db.session() as session:
        stored = session.scalars(select(GeocodeCacheEntry.note)).one()
    assert GeoNote.from_storage(stored) == note


def test_a_note_cached_by_an_older_version_is_still_shown(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    key = geocoding.key_string(address_of(db, "100A000001"))
    with db.session() as session:  # an online result with the German sentence of old
        session.add(
            GeocodeCacheEntry(
                key=key, lat=49.2302, lon=9.1603, source="online", precision="house",
                note="Online (nominatim)",
            )
        )  # fmt: skip
    summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    assert summary.by_precision["house"] == 1
    assert summary.notes == (("100A000001", GeoNote.of(NoteCode.TEXT, text="Online (nominatim)")),)
    assert "100A000001: Online (nominatim)" in summary.text("en")


# --- online only when asked and configured ---------------------------------------------------


class FakeOnline:
    def __init__(self) -> None:
        self.asked = 0

    def geocode(self, address: Any, key: Any) -> GeoResult | None:
        self.asked += 1
        return GeoResult(49.2302, 9.1603, Source.ONLINE, Precision.HOUSE)


def test_never_online_without_the_setting(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    fake = FakeOnline()
    monkeypatch.setattr("fieldkit.geo.online.build_online_geocoder", lambda geo: None)
    with pytest.raises(GeoServiceError, match="Server"):
        geocoding.geocode_week(db, WEEK, Settings(), online=True, identity=UNRESTRICTED)

    configured = Settings().replace(
        "geo", online_enabled=True, online_url="https://nominatim.example.org"
    )

    def build(geo: Any) -> FakeOnline | None:
        return fake if geo.online_enabled and geo.online_url else None

    monkeypatch.setattr("fieldkit.geo.online.build_online_geocoder", build)
    geocoding.geocode_week(db, WEEK, configured, identity=UNRESTRICTED)  # online not asked for
    assert fake.asked == 0
    geocoding.geocode_week(db, WEEK, configured, online=True, identity=UNRESTRICTED)
    assert fake.asked == 1
    assert address_of(db, "100A000001").geo_source == "online"


def test_default_settings_with_online_flag_refuse_without_network(db: Database) -> None:
    add_customer(db, "100A000001", "Lindenweg", "3")
    with pytest.raises(GeoServiceError):
        geocoding.geocode_week(db, WEEK, Settings(), online=True, identity=UNRESTRICTED)
    summary = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    assert summary.done == 1


# --- typed coordinates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("49,142 9,219", (49.142, 9.219)),
        ("49.142, 9.219", (49.142, 9.219)),
        ("49.142,9.219", (49.142, 9.219)),
        ("49,142; 9,219", (49.142, 9.219)),
        ("49.142° N 9.219° E", (49.142, 9.219)),
        ("9,219 49,142", (49.142, 9.219)),  # swapped: taken back
    ],
)
def test_parse_coordinates(text: str, expected: tuple[float, float]) -> None:
    assert geocoding.parse_coordinates(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "49,142", "Hauptstraße 3", "48.85 2.35", "1 2 3", "abc 49 9"])
def test_parse_coordinates_refuses(text: str) -> None:
    with pytest.raises(GeoServiceError):
        geocoding.parse_coordinates(text)


# --- address files ---------------------------------------------------------------------------


def test_reimport_replaces_only_after_success(db: Database, tmp_path: Path) -> None:
    first = geocoding.import_addresses(db, osm_file(tmp_path, [LINDENWEG_3]), identity=UNRESTRICTED)
    assert (first.points, first.replaced, first.file_format) == (1, False, "osm")
    bad = osm_file(tmp_path, [LINDENWEG_3, "Lindenweg,5,74206,Bad Wimpfen,x,y"])
    with pytest.raises(GeoServiceError):
        geocoding.import_addresses(db, bad, identity=UNRESTRICTED)
    assert count(db, AddressPoint) == 1
    assert count(db, AddressImport) == 1

    rows = [LINDENWEG_3, "Lindenweg,5,74206,Bad Wimpfen,49.2302,9.1603"]
    second = geocoding.import_addresses(db, osm_file(tmp_path, rows), identity=UNRESTRICTED)
    assert (second.points, second.replaced) == (2, True)
    assert "ersetzt" in second.text("de")
    assert "replacing" in second.text("en")
    assert count(db, AddressPoint) == 2
    assert count(db, AddressImport) == 1
    geocoding.import_addresses(db, osm_file(tmp_path, rows, "andere.csv"), identity=UNRESTRICTED)
    assert count(db, AddressPoint) == 4
    assert count(db, AddressImport) == 2


def _hkde(east: str, north: str) -> str:
    return (
        f"N;DEBWxxxx00000001;A;08;1;25;007;0001;00123;3;a;{east};{north};"
        "Lindenweg;74206;Bad Wimpfen;;"
    )


BAD_FILES: dict[str, tuple[str, bytes]] = {
    "empty": ("leer.csv", b""),
    "only header": ("kopf.csv", b"street,housenumber,postcode,city,lat,lon\n"),
    "corrupt": ("kaputt.csv", b"street,housenumber,postcode,city,lat,lon\nLindenweg,3,74206\n"),
    "binary": ("daten.xlsx", b"PK\x03\x04\x00\x00binary"),
    "wrong format": ("fremd.csv", b"name;telefon\nA;1\n"),
    "utm in osm": (
        "utm.csv",
        b"street,housenumber,postcode,city,lat,lon\nA,1,74206,X,5455000,511000\n",
    ),
    "outside": (
        "paris.csv",
        b"street,housenumber,postcode,city,lat,lon\nRue,1,75001,Paris,48.85,2.35\n",
    ),
    "swapped": (
        "vertauscht.csv",
        b"street,housenumber,postcode,city,lat,lon\nA,1,74206,B,9.16,49.23\n",
    ),
    "hkde in degrees": ("hk.txt", _hkde("9,1602", "49,2302").encode()),
    "hkde corrupt": ("hk2.txt", (_hkde("32511000,0", "5455000,0") + "\nN;kaputt\n").encode()),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_address_files_store_nothing(db: Database, tmp_path: Path, case: str) -> None:
    name, data = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(GeoServiceError) as err:
        geocoding.import_addresses(db, path, identity=UNRESTRICTED)
    assert err.value.message("de")
    assert err.value.message("en")
    assert err.value.message("de") != err.value.message("en")
    # Only the swapped file carries the code the app offers the swap on.
    assert (err.value.code == geocoding.SWAPPED_LAT_LON) == (case == "swapped")
    assert count(db, AddressPoint) == 0
    assert count(db, AddressImport) == 0


def test_swapped_file_imports_when_asked(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "vertauscht.csv"
    path.write_bytes(BAD_FILES["swapped"][1])
    summary = geocoding.import_addresses(db, path, swap_lat_lon=True, identity=UNRESTRICTED)
    assert summary.points == 1
    with db.session() as session:
        point = session.scalars(select(AddressPoint)).one()
    assert (point.lat, point.lon) == pytest.approx((49.23, 9.16))


def test_huge_and_missing_files(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = osm_file(tmp_path, [LINDENWEG_3])
    monkeypatch.setattr(geocoding, "MAX_FILE_BYTES", 10)
    with pytest.raises(GeoServiceError, match="zu groß"):
        geocoding.import_addresses(db, path, identity=UNRESTRICTED)
    with pytest.raises(GeoServiceError, match="kann nicht gelesen"):
        geocoding.import_addresses(db, tmp_path / "fehlt.csv", identity=UNRESTRICTED)
    assert count(db, AddressImport) == 0


def test_hkde_import_places_the_house(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "hk.txt"
    # East/North of a point in Bad Wimpfen (UTM zone 32, zone prefix written in front).
    path.write_text(_hkde("32511640,000", "5453690,000") + "\n", encoding="utf-8")
    progress: list[tuple[int, int]] = []
    summary = geocoding.import_addresses(
        db, path, progress=lambda d, t: progress.append((d, t)), identity=UNRESTRICTED
    )
    assert summary.file_format == "hkde"
    assert progress[-1] == (1, 1)
    add_customer(db, "100A000001", "Lindenweg", "3a")
    geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    addr = address_of(db, "100A000001")
    assert addr.geo_precision == "house"
    assert addr.lat == pytest.approx(49.23, abs=0.01)
    assert addr.lon == pytest.approx(9.16, abs=0.01)


def test_the_summary_speaks_only_of_the_customers_the_user_sees(db: Database) -> None:
    from fieldkit.services.office import Identity
    from tests.factories import add_flagged

    # Two caseworkers' customers in a town the gazetteer places only at its centre, so
    # both would be named for a look. Every address is placed (areas need the places), but
    # Ada's summary counts and names only her own customer.
    add_flagged(db, "111A000001", "Adler", "Lauffen am Neckar", week=WEEK, hb="Ada Muster")
    add_flagged(db, "111A000002", "Berg", "Lauffen am Neckar", week=WEEK, hb="Ben Beispiel")
    ada = Identity("office", "Ada Muster", "521")
    summary = geocoding.geocode_week(db, WEEK, Settings(), identity=ada)
    assert summary.total == 1
    assert summary.done == 1
    assert "111A000002" not in summary.text("de")
    assert "111A000002" not in summary.text("en")
    assert all(number == "111A000001" for number, _ in summary.notes)
    assert set(summary.attention) <= {"111A000001"}
    assert address_of(db, "111A000002").lat is not None  # placed all the same
    everyone = geocoding.geocode_week(db, WEEK, Settings(), identity=UNRESTRICTED)
    assert everyone.total == 2
    assert everyone.done == 2
