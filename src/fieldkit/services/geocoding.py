"""Geocoding in the database: the week's addresses, hand placements and imported house points.

The chain itself lives in :mod:`fieldkit.geo.chain` (no database there); this module gives it
storage (:class:`DbGeocodeCache`, :class:`DbManualPlacements`), feeds it the week's flagged
addresses and writes the results back to ``Address``. No Qt here; every function is one or
more short transactions the UI runs in a background job.

Nothing is sent to any server unless the caller asks for ``online=True`` *and* the geo
settings name a server.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from fieldkit.domain import permissions
from fieldkit.errors import BilingualError
from fieldkit.geo import addresspoints as geo_points
from fieldkit.geo.chain import GeocodingChain, GeoResult, OnlineStep, Precision, Source
from fieldkit.geo.gazetteer import Gazetteer, in_germany
from fieldkit.geo.gazetteer import attribution as attribution  # the about box names the data
from fieldkit.geo.normalize import Address as GeoAddress
from fieldkit.geo.normalize import AddressKey
from fieldkit.geo.notes import GeoNote
from fieldkit.geo.settings import GeoSettings
from fieldkit.services import audit
from fieldkit.services.access import require
from fieldkit.services.office import Identity
from fieldkit.settings import Settings
from fieldkit.store.db import Database
from fieldkit.store.models import (
    Address,
    AddressImport,
    AddressPoint,
    Customer,
    Flag,
    GeocodeCacheEntry,
    ManualPlacement,
)
from fieldkit.store.types import utcnow

log = logging.getLogger(__name__)

_POINT_TABLE = cast(Table, AddressPoint.__table__)

#: Addresses written per transaction: a cancel keeps every finished batch.
BATCH = 200
#: Bigger address files are refused before reading (a whole Bundesland is about 600 MB).
MAX_FILE_BYTES = 800 * 1024 * 1024
#: Rows per INSERT statement when storing address points (all in one transaction).
_INSERT_CHUNK = 20_000
#: Precision keys of :class:`GeocodeSummary`, best first; ``none`` = not placed.
PRECISIONS = ("house", "street", "postcode", "municipality", "none")

_PRECISION_DE = {
    "house": "Hausnummer",
    "street": "Straße",
    "postcode": "Postleitzahl",
    "municipality": "Gemeinde",
    "none": "nicht platziert",
}
_PRECISION_EN = {
    "house": "house",
    "street": "street",
    "postcode": "postcode",
    "municipality": "municipality",
    "none": "not placed",
}

# The summary's sentences; one way of putting them together for both languages.
_SUMMARY_DE = {
    "cancelled": "Geokodierung abgebrochen nach {done} von {total} Adressen",
    "done": "{total} Adressen geokodiert",
    "attention": " Zu prüfen (nur Gemeinde oder nicht platziert): ",
}
_SUMMARY_EN = {
    "cancelled": "Geocoding cancelled after {done} of {total} addresses",
    "done": "Geocoded {total} addresses",
    "attention": " To check (municipality level or not placed): ",
}


#: :attr:`GeoServiceError.code` of an address file whose latitude and longitude look swapped.
SWAPPED_LAT_LON = geo_points.SWAPPED_LAT_LON


class GeoServiceError(BilingualError):
    """A geocoding action the user can fix; carries a German and an English sentence, and a
    ``code`` for the cases a caller reacts to (:data:`SWAPPED_LAT_LON`; else '')."""

    STR_LANGUAGE = "de"


def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process (read-only)."""
    return Gazetteer.shipped()


def address_of_flag(session: Session, flag_id: uuid.UUID) -> Address | None:
    """The address of the customer a flag is for (None: no such flag, or no address)."""
    flag = session.get(Flag, flag_id)
    return flag.customer.address if flag is not None else None


def key_string(address: Address) -> str:
    """The stored key of an ``Address`` record: its normalised address as one string."""
    return _geo_address(address.strasse, address.hausnummer, address.plz, address.ort)[1]


def _geo_address(street: str, number: str, plz: str, town: str) -> tuple[GeoAddress, str]:
    geo = GeoAddress(street or "", number or "", plz or "", town or "")
    return geo, geo.key().as_string()


# --------------------------------------------------------------------------- storage


class DbGeocodeCache:
    """:class:`~fieldkit.geo.chain.GeocodeCache` on ``GeocodeCacheEntry`` rows.

    ``preload(keys)`` fetches many entries in a few queries; ``get`` falls back to one query
    for a key not preloaded. ``put`` adds or changes the row in the session (committed with
    the caller's transaction).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[str, GeocodeCacheEntry | None] = {}

    def preload(self, keys: Iterable[str]) -> None:
        """Fetch the entries of ``keys`` at once (missing ones are remembered as missing)."""
        wanted = [k for k in set(keys) if k not in self._rows]
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for k in chunk:
                self._rows[k] = None
            for row in self.session.scalars(
                select(GeocodeCacheEntry).where(GeocodeCacheEntry.key.in_(chunk))
            ):
                self._rows[row.key] = row

    def _row(self, key: str) -> GeocodeCacheEntry | None:
        if key not in self._rows:
            self._rows[key] = self.session.scalar(
                select(GeocodeCacheEntry).where(GeocodeCacheEntry.key == key)
            )
        return self._rows[key]

    def get(self, key: AddressKey) -> GeoResult | None:
        """The stored result for ``key``, if any."""
        row = self._row(key.as_string())
        if row is None:
            return None
        try:
            return GeoResult(
                row.lat,
                row.lon,
                Source(row.source),
                Precision(row.precision),
                GeoNote.from_storage(row.note),
            )
        except ValueError:  # a value written by a newer version: ignore the entry
            return None

    def put(self, key: AddressKey, result: GeoResult) -> None:
        """Remember ``result`` for ``key``."""
        text = key.as_string()
        source = (result.origin or result.source) if result.source is Source.CACHE else None
        values = {
            "lat": result.lat,
            "lon": result.lon,
            "source": str(source or result.source),
            "precision": str(result.precision),
            "note": result.note.to_storage() if result.note is not None else "",
        }
        row = self._row(text)
        if row is None:
            row = GeocodeCacheEntry(key=text, **values)
            self.session.add(row)
            self._rows[text] = row
        else:
            for name, value in values.items():
                setattr(row, name, value)


class DbManualPlacements:
    """:class:`~fieldkit.geo.chain.ManualPlacements` on ``ManualPlacement`` rows.

    All placements are read at once (there are few); ``who`` is stored with new ones.
    """

    def __init__(self, session: Session, who: str = "") -> None:
        self.session = session
        self.who = who
        self._rows = {row.key: row for row in session.scalars(select(ManualPlacement))}

    def get(self, key: AddressKey) -> tuple[float, float] | None:
        """The (lat, lon) placed by hand for ``key``, if any."""
        row = self._rows.get(key.as_string())
        return (row.lat, row.lon) if row is not None else None

    def put(self, key: AddressKey, lat: float, lon: float) -> None:
        """Remember a hand placement."""
        text = key.as_string()
        row = self._rows.get(text)
        if row is None:
            row = ManualPlacement(key=text, lat=lat, lon=lon, placed_by=self.who)
            self.session.add(row)
            self._rows[text] = row
        else:
            row.lat, row.lon, row.placed_by = lat, lon, self.who

    def remove(self, key: AddressKey) -> None:
        """Forget a hand placement."""
        row = self._rows.pop(key.as_string(), None)
        if row is not None:
            self.session.delete(row)


def address_index(session: Session) -> geo_points.AddressIndex:
    """An index over all stored address points (built in memory for one geocoding run)."""
    rows = session.execute(
        select(
            AddressPoint.street,
            AddressPoint.housenumber,
            AddressPoint.postcode,
            AddressPoint.city,
            AddressPoint.lat,
            AddressPoint.lon,
        )
    )
    return geo_points.AddressIndex(geo_points.AddressPoint(*row) for row in rows)


# --------------------------------------------------------------------------- geocoding a week


@dataclass(frozen=True)
class GeocodeSummary:
    """What a geocoding run did: counts per precision and who needs a look."""

    total: int
    by_precision: dict[str, int]
    #: Customer numbers placed only at municipality level or not at all.
    attention: tuple[str, ...]
    cancelled: bool
    seconds: float
    #: (customer number, note) where the chain had something to say, e.g. a postcode
    #: that does not exist or does not match the town; shown with ``note.text(lang)``.
    notes: tuple[tuple[str, GeoNote], ...] = ()

    @property
    def done(self) -> int:
        """Addresses handled before the end (or the cancel)."""
        return sum(self.by_precision.values())

    def text(self, lang: str) -> str:
        """Counts and the customer numbers to check (no names), in German or English."""
        en = lang == "en"
        words = _SUMMARY_EN if en else _SUMMARY_DE
        labels = _PRECISION_EN if en else _PRECISION_DE
        counts = ", ".join(f"{self.by_precision.get(p, 0)} {labels[p]}" for p in PRECISIONS)
        seconds = f"{self.seconds:.1f}" if en else f"{self.seconds:.1f}".replace(".", ",")
        head = words["cancelled" if self.cancelled else "done"].format(
            done=self.done, total=self.total
        )
        text = f"{head} in {seconds} s: {counts}."
        if self.attention:
            text += words["attention"] + ", ".join(self.attention) + "."
        for number, note in self.notes:
            text += f" {number}: {note.text('en' if en else 'de')}"
        return text


def _online_step(settings: Settings, online: bool) -> OnlineStep | None:
    if not online:
        return None
    from fieldkit.geo.online import build_online_geocoder

    geo = settings.section("geo", GeoSettings)
    step = build_online_geocoder(geo)
    if step is None:
        raise GeoServiceError(
            "Es ist kein Geokodierungs-Server eingerichtet (Einstellungen → Geodaten); "
            "ohne ihn wird nichts online gesucht.",
            "No geocoding server is configured (settings: geo.online_enabled and "
            "geo.online_url); nothing is looked up online without one.",
        )
    return step


def _week_addresses(session: Session, week: str) -> list[tuple[Any, ...]]:
    stmt = (
        select(
            Address.id,
            Customer.kundennummer,
            Address.strasse,
            Address.hausnummer,
            Address.plz,
            Address.ort,
            Address.lat,
            Address.lon,
            Address.geo_source,
            Address.geo_precision,
        )
        .join(Customer, Customer.id == Address.customer_id)
        .join(Flag, Flag.customer_id == Customer.id)
        .where(Flag.visit_week == week, Flag.withdrawn_at.is_(None))
        .order_by(Customer.kundennummer)
    )
    seen: set[uuid.UUID] = set()
    rows = []
    for row in session.execute(stmt):
        if row[0] not in seen:  # one customer flagged twice in a week: geocode once
            seen.add(row[0])
            rows.append(tuple(row))
    return rows


def geocode_week(
    db: Database,
    week: str,
    settings: Settings,
    *,
    online: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    identity: Identity,
) -> GeocodeSummary:
    """Place every flagged customer of ``week`` (not withdrawn) and store the results.

    Order: hand placement, cache, imported address points, gazetteer, and the online server
    only when ``online`` is true and the settings name one (else :class:`GeoServiceError`).
    Results are committed every :data:`BATCH` addresses, so a cancel keeps what was done;
    a second run is cheap through the cache.
    """
    require(identity, permissions.GEOCODING)
    t0 = time.perf_counter()
    online_step = _online_step(settings, online)
    tally = _Tally()
    was_cancelled = False
    with db.session() as session:
        rows = _week_addresses(session, week)
        total = len(rows)
        if progress is not None:
            progress(0, total)
        keyed = [(row, *_geo_address(row[2], row[3], row[4], row[5])) for row in rows]
        chain = _week_chain(session, [k for _, _, k in keyed], online_step)
        for start in range(0, total, BATCH):
            if cancelled is not None and cancelled():
                was_cancelled = True
                break
            changes = _geocode_batch(chain, keyed[start : start + BATCH], tally)
            _write_addresses(session, changes, db.device_id)
            session.commit()
            if progress is not None:
                progress(min(start + BATCH, total), total)
        # Every flagged address is placed (a field account's areas are known only then), but
        # the summary speaks of the customers this identity sees, never of anyone else's.
        seen = _visible_numbers(session, week, identity)
    audit.record_now(db, identity, audit.GEOCODE, "week", week, f"{total} Adressen")
    shown = tally.within(seen)
    return GeocodeSummary(
        total=sum(1 for row in rows if row[1] in seen),
        by_precision=shown.counts,
        attention=tuple(shown.attention),
        cancelled=was_cancelled,
        seconds=time.perf_counter() - t0,
        notes=tuple(shown.notes),
    )


def _visible_numbers(session: Session, week: str, identity: Identity) -> set[str]:
    """The Kundennummern of ``week`` that ``identity`` sees in the week table."""
    from fieldkit.services.week import week_rows  # week -> areas -> this module

    return {row.kundennummer for row in week_rows(session, week, identity)}


@dataclass
class _Tally:
    """What a geocoding run found so far: each address's precision, the Kundennummern that
    need attention (not placed, or only at the municipality) and the notes on the way."""

    #: Kundennummer -> the precision found for its address ("none": not placed).
    placed: dict[str, str] = field(default_factory=dict)
    attention: list[str] = field(default_factory=list)
    notes: list[tuple[str, GeoNote]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Addresses per precision (every precision named, 0 where none)."""
        counts = dict.fromkeys(PRECISIONS, 0)
        for key in self.placed.values():
            counts[key] += 1
        return counts

    def add(self, number: str, result: GeoResult | None) -> None:
        """Count one address's result."""
        self.placed[number] = str(result.precision) if result is not None else "none"
        if result is None or result.precision is Precision.MUNICIPALITY:
            self.attention.append(number)
        if result is not None and result.note is not None:
            self.notes.append((number, result.note))

    def within(self, numbers: set[str]) -> _Tally:
        """What the run found for the customers ``numbers`` only."""
        return _Tally(
            {n: key for n, key in self.placed.items() if n in numbers},
            [n for n in self.attention if n in numbers],
            [(n, note) for n, note in self.notes if n in numbers],
        )


def _week_chain(
    session: Session, keys: list[str], online_step: OnlineStep | None
) -> GeocodingChain:
    """The geocoding chain for one run, with the cache preloaded for the week's ``keys``."""
    cache = DbGeocodeCache(session)
    cache.preload(keys)
    has_points = session.scalar(select(AddressPoint.id).limit(1)) is not None
    return GeocodingChain(
        gazetteer(),
        index=address_index(session) if has_points else None,
        cache=cache,
        manual=DbManualPlacements(session),
        online=online_step,
    )


def _geocode_batch(
    chain: GeocodingChain, batch: list[tuple[Any, ...]], tally: _Tally
) -> list[dict[str, Any]]:
    """Geocode one batch of (row, address, key); the rows whose stored place changes."""
    changes: list[dict[str, Any]] = []
    for row, geo, _key in batch:
        try:
            result = chain.geocode(geo)
        except Exception:  # one broken address must not stop the week
            log.exception("geocoding failed for one address")
            result = None
        tally.add(row[1], result)
        new = _address_values(result)
        if (new["lat"], new["lon"], new["geo_source"], new["geo_precision"]) != row[6:]:
            changes.append({"id": row[0], **new})
    return changes


def _address_values(result: GeoResult | None) -> dict[str, Any]:
    if result is None:
        return {"lat": None, "lon": None, "geo_source": "", "geo_precision": "none"}
    # A cache hit is stored under the source it first came from ("address_points" …).
    source = result.origin if result.source is Source.CACHE and result.origin else result.source
    return {
        "lat": result.lat,
        "lon": result.lon,
        "geo_source": str(source),
        "geo_precision": str(result.precision),
    }


def _write_addresses(session: Session, changes: list[dict[str, Any]], device_id: str) -> None:
    if not changes:
        return
    # Bulk UPDATE by primary key skips the flush hook, so stamp what sync relies on here.
    now = utcnow()
    for change in changes:
        change["updated_at"] = now
        change["device_id"] = device_id
    session.execute(update(Address), changes)


# --------------------------------------------------------------------------- by hand


def _outside_germany(lat: float, lon: float) -> GeoServiceError:
    return GeoServiceError(
        f"Die Position {_de_number(lat)} {_de_number(lon)} liegt nicht in Deutschland; "
        "bitte den Punkt in Deutschland setzen.",
        f"The position {lat:.5f}, {lon:.5f} is not in Germany; please place the point in Germany.",
    )


#: How far (degrees) a hand placement may lie outside the box of the district's
#: municipality centres: about 30 km, enough for every edge of the district and the
#: neighbouring towns, but a point in another part of Germany is a slip of the hand.
DISTRICT_MARGIN_DEG = 0.3


def in_district_box(lat: float, lon: float) -> bool:
    """Is the point near enough to the district to be a plausible customer address?"""
    towns = gazetteer().municipalities
    if not towns:
        return True
    return (
        min(t.lat for t in towns) - DISTRICT_MARGIN_DEG
        <= lat
        <= max(t.lat for t in towns) + DISTRICT_MARGIN_DEG
        and min(t.lon for t in towns) - DISTRICT_MARGIN_DEG
        <= lon
        <= max(t.lon for t in towns) + DISTRICT_MARGIN_DEG
    )


def _far_from_district(lat: float, lon: float) -> GeoServiceError:
    return GeoServiceError(
        f"Die Position {_de_number(lat)} {_de_number(lon)} liegt weit außerhalb des Landkreises; "
        "bitte den Punkt beim Wohnort des Kunden setzen.",
        f"The position {lat:.5f}, {lon:.5f} lies far outside the district; please place the "
        "point at the customer's home.",
    )


def _de_number(value: float) -> str:
    return f"{value:.5f}".replace(".", ",")


def _address(session: Session, address_id: uuid.UUID) -> Address:
    address = session.get(Address, address_id)
    if address is None:
        raise GeoServiceError(
            "Diese Adresse gibt es nicht mehr (inzwischen gelöscht?).",
            "This address no longer exists (deleted meanwhile?).",
        )
    return address


def place_by_hand(
    db: Database,
    address_id: uuid.UUID,
    lat: float,
    lon: float,
    who: str,
    *,
    identity: Identity,
) -> None:
    """Place an address by hand (map click or typed coordinates); remembered for the address.

    The placement is stored per normalised address, so the same address of another customer
    or week gets it on its next geocoding. Points outside Germany, or far outside the
    district (:func:`in_district_box`), are refused.
    """
    require(identity, permissions.GEOCODING)
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)) or not in_germany(
        lat, lon
    ):
        raise _outside_germany(float(lat), float(lon))
    if not in_district_box(lat, lon):
        raise _far_from_district(lat, lon)
    with db.session() as session:
        address = _address(session, address_id)
        placements = DbManualPlacements(session, who)
        geo, _ = _geo_address(address.strasse, address.hausnummer, address.plz, address.ort)
        placements.put(geo.key(), lat, lon)
        address.lat, address.lon = lat, lon
        address.geo_source, address.geo_precision = str(Source.MANUAL), str(Precision.HOUSE)
        audit.record(session, identity, audit.GEOCODE, "address", address_id, "von Hand verortet")


def clear_placement(
    db: Database,
    address_id: uuid.UUID,
    *,
    identity: Identity,
) -> None:
    """Forget the hand placement of an address and place it again from the offline sources."""
    require(identity, permissions.GEOCODING)
    with db.session() as session:
        address = _address(session, address_id)
        geo, _ = _geo_address(address.strasse, address.hausnummer, address.plz, address.ort)
        DbManualPlacements(session).remove(geo.key())
        session.flush()
        has_points = session.scalar(select(AddressPoint.id).limit(1)) is not None
        chain = GeocodingChain(
            gazetteer(),
            index=address_index(session) if has_points else None,
            cache=DbGeocodeCache(session),
        )
        values = _address_values(chain.geocode(geo))
        for name, value in values.items():
            setattr(address, name, value)


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_ALLOWED_REST = re.compile(r"^[\s,;/°NnEeOo]*$")


def parse_coordinates(text: str) -> tuple[float, float]:
    """(lat, lon) from typed text: "49,142 9,219", "49.142, 9.219", "49.142°N 9.219°E".

    A German decimal comma is understood; latitude and longitude typed the wrong way round
    are swapped back when only that order lies in Germany. Anything else: GeoServiceError.
    """
    lat, lon, _ = parse_coordinates_checked(text)
    return lat, lon


def parse_coordinates_checked(text: str) -> tuple[float, float, bool]:
    """Like :func:`parse_coordinates`, plus whether latitude and longitude were swapped."""
    numbers = _NUMBER.findall(text or "")
    rest = _NUMBER.sub(" ", text or "")
    if len(numbers) != 2 or not _ALLOWED_REST.match(rest):
        raise GeoServiceError(
            f"„{(text or '').strip()}“ sind keine Koordinaten; erwartet werden Breite und Länge, "
            "z. B. „49,142 9,219“.",
            f"'{(text or '').strip()}' are no coordinates; expected latitude and longitude, "
            "e.g. '49.142, 9.219'.",
        )
    lat, lon = (float(n.replace(",", ".")) for n in numbers)
    if in_germany(lat, lon):
        return lat, lon, False
    if in_germany(lon, lat):
        return lon, lat, True
    raise _outside_germany(lat, lon)


# --------------------------------------------------------------------------- address files


@dataclass(frozen=True)
class AddressImportSummary:
    """What an address-file import stored."""

    file_name: str
    file_format: str  # "osm" or "hkde"
    points: int
    replaced: bool  # an earlier import of the same file name was replaced

    def text(self, lang: str) -> str:
        """One sentence in German or English."""
        kind = "HK-DE" if self.file_format == "hkde" else "OpenStreetMap-CSV"
        if lang == "en":
            kind = "HK-DE" if self.file_format == "hkde" else "OpenStreetMap CSV"
            tail = ", replacing the earlier import of this file" if self.replaced else ""
            return f"Imported {self.points} address points from {self.file_name} ({kind}){tail}."
        count = f"{self.points:,}".replace(",", ".")
        tail = "; der frühere Import dieser Datei wurde ersetzt" if self.replaced else ""
        return f"{count} Adresspunkte aus {self.file_name} ({kind}) importiert{tail}."


def import_addresses(
    db: Database,
    path: Path,
    *,
    swap_lat_lon: bool = False,
    progress: Callable[[int, int], None] | None = None,
    identity: Identity,
) -> AddressImportSummary:
    """Import a file of house coordinates (OSM-style CSV or HK-DE): all points or none.

    The whole file is read and checked first; only then, in one transaction, an earlier
    import of the same file name is replaced and the new points stored. Cached results from
    address points are dropped so the next geocoding uses the new file.
    """
    require(identity, permissions.SETUP)
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GeoServiceError(
            f"Die Datei {path.name} kann nicht gelesen werden ({exc.strerror}).",
            f"The file {path.name} cannot be read ({exc.strerror}).",
        ) from exc
    if size > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        raise GeoServiceError(
            f"Die Datei {path.name} ist zu groß (über {mb} MB); bitte einen Ausschnitt für den "
            "Landkreis importieren. Nichts wurde importiert.",
            f"The file {path.name} is too large (over {mb} MB); please import an extract for "
            "the district. Nothing was imported.",
        )
    try:
        parsed = geo_points.read_address_file(path, swap_lat_lon=swap_lat_lon)
    except geo_points.AddressFileError as exc:
        raise GeoServiceError(exc.de, exc.en, exc.code) from exc
    points = parsed.points
    total = len(points)
    if progress is not None:
        progress(0, total)
    with db.session() as session:
        earlier = list(
            session.scalars(select(AddressImport.id).where(AddressImport.file_name == path.name))
        )
        if earlier:
            session.execute(delete(AddressPoint).where(AddressPoint.import_id.in_(earlier)))
            session.execute(delete(AddressImport).where(AddressImport.id.in_(earlier)))
        record = AddressImport(file_name=path.name, file_format=parsed.format, point_count=total)
        session.add(record)
        session.flush()
        session.execute(
            delete(GeocodeCacheEntry).where(GeocodeCacheEntry.source == str(Source.ADDRESS_POINTS))
        )
        _insert_points(session, record.id, points, db.device_id, progress)
    return AddressImportSummary(path.name, parsed.format, total, bool(earlier))


def _insert_points(
    session: Session,
    import_id: uuid.UUID,
    points: Sequence[geo_points.AddressPoint],
    device_id: str,
    progress: Callable[[int, int], None] | None,
) -> None:
    now = utcnow()
    total = len(points)
    for start in range(0, total, _INSERT_CHUNK):
        rows = [
            {
                "id": uuid.uuid4(),
                "created_at": now,
                "updated_at": now,
                "device_id": device_id,
                "import_id": import_id,
                "street": p.street[:200],
                "housenumber": p.housenumber[:20],
                "postcode": p.postcode[:5],
                "city": p.city[:100],
                "lat": p.lat,
                "lon": p.lon,
            }
            for p in points[start : start + _INSERT_CHUNK]
        ]
        # Core insert on the table: the ORM's bulk path costs more than the rows themselves.
        session.execute(insert(_POINT_TABLE), rows)
        if progress is not None:
            progress(min(start + _INSERT_CHUNK, total), total)
