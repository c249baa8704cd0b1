"""Import an OpenStreetMap extract: address points, streets and the road graph (issue 22).

The extract is read and checked completely first (:func:`fieldkit.geo.osm.read_extract`),
keeping only the district's box (its municipality centres plus :data:`MARGIN_DEG`). The road
graph and the streets are written to a fresh folder; then, in one transaction, the address
points of the previous extract are replaced by the new ones; only after that commit does the
new folder become current. A broken, foreign or huge file, or a cancel, changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from fieldkit.domain import permissions
from fieldkit.geo import osm, osmdata
from fieldkit.geo.chain import Source
from fieldkit.services.access import require
from fieldkit.services.geocoding import GeoServiceError, _insert_points, gazetteer
from fieldkit.services.office import Identity
from fieldkit.store.db import Database
from fieldkit.store.models import AddressImport, AddressPoint, GeocodeCacheEntry

#: ``AddressImport.file_format`` of address points from an OpenStreetMap extract.
FORMAT = "osmextract"
#: Degrees around the district's municipality centres that are kept (about 11 km north-south):
#: customers at the district's edge and the roads just across it.
MARGIN_DEG = 0.1


@dataclass(frozen=True)
class OsmImportSummary:
    """What an extract import stored."""

    file_name: str
    addresses: int
    streets: int
    junctions: int
    seconds: float
    replaced: bool

    def text(self, lang: str) -> str:
        """One sentence in German or English, with the ODbL attribution."""
        if lang.lower().startswith("en"):
            tail = ", replacing the earlier extract" if self.replaced else ""
            return (
                f"Imported {self.file_name}: {self.addresses} address points, {self.streets} "
                f"streets, road graph of {self.junctions} junctions{tail} "
                f"({self.seconds:.1f} s). {osm.attribution('en')}."
            )
        tail = "; der frühere Auszug wurde ersetzt" if self.replaced else ""
        return (
            f"{self.file_name} importiert: {_de(self.addresses)} Adresspunkte, "
            f"{_de(self.streets)} Straßenabschnitte, Straßennetz mit {_de(self.junctions)} "
            f"Knoten{tail} ({self.seconds:.1f} s). {osm.attribution('de')}."
        )


def _de(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def district_box() -> osm.Box:
    """The box around the district's municipality centres, with :data:`MARGIN_DEG`."""
    towns = gazetteer().municipalities
    if not towns:
        return (47.2, 55.1, 5.8, 15.1)  # no gazetteer: all of Germany
    lat = [t.lat for t in towns]
    lon = [t.lon for t in towns]
    margin_lon = MARGIN_DEG * 1.5  # a degree of longitude is ~2/3 of one of latitude here
    return (
        min(lat) - MARGIN_DEG,
        max(lat) + MARGIN_DEG,
        min(lon) - margin_lon,
        max(lon) + margin_lon,
    )


def import_osm(
    db: Database,
    path: Path,
    *,
    folder: Path | None = None,
    box: osm.Box | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    identity: Identity,
) -> OsmImportSummary:
    """Import the extract at ``path`` (all or nothing); :class:`GeoServiceError` if not."""
    require(identity, permissions.SETUP)
    t0 = time.perf_counter()
    path = Path(path)
    try:
        extract = osm.read_extract(path, box or district_box(), cancelled=cancelled)
        if cancelled is not None and cancelled():  # the last chance before anything is written
            raise osm.cancelled_error()
    except osm.OsmFileError as exc:
        raise GeoServiceError(exc.de, exc.en, exc.code) from exc
    staged = osmdata.stage(extract, path.name, folder)
    try:
        replaced = _store_points(db, path.name, extract, progress)
    except BaseException:
        osmdata.discard(staged)
        raise
    osmdata.activate(staged)
    return OsmImportSummary(
        path.name,
        len(extract.addresses),
        staged.streets,
        staged.junctions,
        time.perf_counter() - t0,
        replaced,
    )


def _store_points(
    db: Database,
    file_name: str,
    extract: osm.Extract,
    progress: Callable[[int, int], None] | None,
) -> bool:
    """Replace the previous extract's address points by these, in one transaction."""
    points = extract.addresses
    with db.session() as session:
        earlier = list(
            session.scalars(select(AddressImport.id).where(AddressImport.file_format == FORMAT))
        )
        if earlier:
            session.execute(delete(AddressPoint).where(AddressPoint.import_id.in_(earlier)))
            session.execute(delete(AddressImport).where(AddressImport.id.in_(earlier)))
        record = AddressImport(
            file_name=file_name[:300], file_format=FORMAT, point_count=len(points)
        )
        session.add(record)
        session.flush()
        session.execute(
            delete(GeocodeCacheEntry).where(GeocodeCacheEntry.source == str(Source.ADDRESS_POINTS))
        )
        _insert_points(session, record.id, points, db.device_id, progress)
    return bool(earlier)
