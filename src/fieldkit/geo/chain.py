"""The geocoding chain: manual placement, cache, address points, gazetteer, (online).

Each step is asked in order; every result says where it came from (:class:`Source`) and how
exact it is (:class:`Precision`). Storage is behind two small protocols so the store layer
can put them in the database; in-memory versions are here for tests and the CLI.

Cache rule: a cached ``house`` result, or one that came from the online server, is returned
at once. A cached coarser offline result is re-checked against the (cheap, offline) address
points and gazetteer first — after the user imports house coordinates, old municipality-level
guesses improve by themselves; if nothing better turns up, the cached one is used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from fieldkit.errors import BilingualError
from fieldkit.geo.addresspoints import AddressIndex
from fieldkit.geo.gazetteer import Gazetteer, in_germany
from fieldkit.geo.normalize import Address, AddressKey
from fieldkit.geo.notes import GeoNote, NoteCode

log = logging.getLogger(__name__)


class Source(StrEnum):
    """Where a position came from."""

    MANUAL = "manual"
    CACHE = "cache"
    ADDRESS_POINTS = "address_points"
    GAZETTEER_POSTCODE = "gazetteer_postcode"
    GAZETTEER_MUNICIPALITY = "gazetteer_municipality"
    ONLINE = "online"


class Precision(StrEnum):
    """How exact a position is; ``municipality`` is the one the UI highlights."""

    HOUSE = "house"
    STREET = "street"
    POSTCODE = "postcode"
    MUNICIPALITY = "municipality"

    @property
    def rank(self) -> int:
        """3 for house … 0 for municipality (higher is better)."""
        return _RANK[self]


_RANK = {
    Precision.HOUSE: 3,
    Precision.STREET: 2,
    Precision.POSTCODE: 1,
    Precision.MUNICIPALITY: 0,
}


@dataclass(frozen=True, slots=True)
class GeoResult:
    """A position (WGS84) with its source, precision and an optional note (a code that
    the caller renders in its user's language, see :class:`~fieldkit.geo.notes.GeoNote`)."""

    lat: float
    lon: float
    source: Source
    precision: Precision
    note: GeoNote | None = None
    #: For a cache hit: the source the cached result originally came from.
    origin: Source | None = None

    @property
    def needs_attention(self) -> bool:
        """Municipality-level results are to be checked (and maybe placed by hand)."""
        return self.precision is Precision.MUNICIPALITY


class GeocodeCache(Protocol):
    """Earlier results per normalised address (the store keeps them in the database)."""

    def get(self, key: AddressKey) -> GeoResult | None:
        """The stored result for ``key``, if any."""
        ...

    def put(self, key: AddressKey, result: GeoResult) -> None:
        """Remember ``result`` for ``key``."""
        ...


class ManualPlacements(Protocol):
    """Positions the user set by hand per normalised address; they win over everything."""

    def get(self, key: AddressKey) -> tuple[float, float] | None:
        """The (lat, lon) placed by hand for ``key``, if any."""
        ...

    def put(self, key: AddressKey, lat: float, lon: float) -> None:
        """Remember a hand placement."""
        ...

    def remove(self, key: AddressKey) -> None:
        """Forget a hand placement."""
        ...


class InMemoryCache:
    """:class:`GeocodeCache` in a dict."""

    def __init__(self) -> None:
        self.data: dict[AddressKey, GeoResult] = {}

    def get(self, key: AddressKey) -> GeoResult | None:
        """The stored result for ``key``, if any."""
        return self.data.get(key)

    def put(self, key: AddressKey, result: GeoResult) -> None:
        """Remember ``result`` for ``key``."""
        self.data[key] = result


class InMemoryPlacements:
    """:class:`ManualPlacements` in a dict."""

    def __init__(self) -> None:
        self.data: dict[AddressKey, tuple[float, float]] = {}

    def get(self, key: AddressKey) -> tuple[float, float] | None:
        """The (lat, lon) placed by hand for ``key``, if any."""
        return self.data.get(key)

    def put(self, key: AddressKey, lat: float, lon: float) -> None:
        """Remember a hand placement."""
        self.data[key] = (lat, lon)

    def remove(self, key: AddressKey) -> None:
        """Forget a hand placement."""
        self.data.pop(key, None)


class OnlineStep(Protocol):
    """An online geocoder (see :mod:`fieldkit.geo.online`)."""

    def geocode(self, address: Address, key: AddressKey) -> GeoResult | None:
        """Ask the server; ``None`` when it finds nothing trustworthy."""
        ...


class ManualPlacementError(BilingualError, ValueError):
    """A hand placement outside Germany, in German and English (``str()`` is German)."""

    STR_LANGUAGE = "de"


class GeocodingChain:
    """The chain of sources; pass in what you have, missing steps are skipped."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        index: AddressIndex | None = None,
        cache: GeocodeCache | None = None,
        manual: ManualPlacements | None = None,
        online: OnlineStep | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.index = index
        self.cache = cache
        self.manual = manual
        self.online = online

    def geocode(self, address: Address) -> GeoResult | None:
        """The best position for ``address``, or ``None`` (the UI asks the user to place it)."""
        key = address.key()
        if self.manual is not None:
            placed = self.manual.get(key)
            if placed is not None:
                return GeoResult(placed[0], placed[1], Source.MANUAL, Precision.HOUSE)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None and (
            cached.precision is Precision.HOUSE or cached.source is Source.ONLINE
        ):
            return replace(cached, source=Source.CACHE, origin=cached.source)
        best = self._offline(key)
        if cached is not None and (best is None or best.precision.rank < cached.precision.rank):
            return replace(cached, source=Source.CACHE, origin=cached.source)
        if self.online is not None and (best is None or best.precision.rank < 2):
            found = self.online.geocode(address, key)
            if found is not None and (best is None or found.precision.rank > best.precision.rank):
                best = found
        if best is not None and self.cache is not None:
            self.cache.put(key, best)
        return best

    def place_manually(self, address: Address, lat: float, lon: float) -> GeoResult:
        """Remember a hand placement (map click or typed coordinates) for this address."""
        if not in_germany(lat, lon):
            raise ManualPlacementError(
                f"Die Position {lat:.5f}, {lon:.5f} liegt nicht in Deutschland.",
                f"The position {lat:.5f}, {lon:.5f} is not in Germany.",
            )
        if self.manual is None:
            raise RuntimeError("no storage for manual placements")
        self.manual.put(address.key(), lat, lon)
        return GeoResult(lat, lon, Source.MANUAL, Precision.HOUSE)

    def _offline(self, key: AddressKey) -> GeoResult | None:
        if self.index is not None:
            hit = self.index.lookup(key.postcode, key.municipality, key.street, key.housenumber)
            if hit is not None:
                return GeoResult(hit.lat, hit.lon, Source.ADDRESS_POINTS, Precision(hit.precision))
        return self._gazetteer(key)

    def _gazetteer(self, key: AddressKey) -> GeoResult | None:
        gaz = self.gazetteer
        plz, town = key.postcode, key.municipality
        municipality = gaz.municipality(town) if town else None
        known = gaz.postcode_known(plz) if plz else None
        note: GeoNote | None = None
        if plz and known is False:
            note = GeoNote.of(NoteCode.POSTCODE_UNKNOWN, plz=plz)
            plz = ""
        if plz and town:
            inside = gaz.postcode_in_municipality(plz, town)
            if inside is False:
                # Postcode and town disagree: trust the town, never another municipality.
                if municipality is None:
                    return None
                return GeoResult(
                    municipality.lat,
                    municipality.lon,
                    Source.GAZETTEER_MUNICIPALITY,
                    Precision.MUNICIPALITY,
                    GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz=plz, town=municipality.name),
                )
            centroid = gaz.postcode_centroid(plz)
            shared = len(gaz.localities_of_postcode(plz)) > 1
            if centroid is not None and inside and not (shared and municipality is not None):
                return GeoResult(
                    centroid[0], centroid[1], Source.GAZETTEER_POSTCODE, Precision.POSTCODE, note
                )
            if municipality is not None:
                return GeoResult(
                    municipality.lat,
                    municipality.lon,
                    Source.GAZETTEER_MUNICIPALITY,
                    Precision.MUNICIPALITY,
                    note,
                )
            if centroid is not None and inside is None:
                return GeoResult(
                    centroid[0],
                    centroid[1],
                    Source.GAZETTEER_POSTCODE,
                    Precision.POSTCODE,
                    GeoNote.of(NoteCode.POSTCODE_UNCHECKED, plz=plz),
                )
            return None
        if plz:
            centroid = gaz.postcode_centroid(plz)
            if centroid is not None:
                return GeoResult(
                    centroid[0], centroid[1], Source.GAZETTEER_POSTCODE, Precision.POSTCODE, note
                )
            return None
        if municipality is not None:
            return GeoResult(
                municipality.lat,
                municipality.lon,
                Source.GAZETTEER_MUNICIPALITY,
                Precision.MUNICIPALITY,
                note,
            )
        return None


def geocode_many(
    addresses: Sequence[Address],
    chain: GeocodingChain,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[GeoResult | None]:
    """Geocode a batch; ``progress(done, total)`` now and then, stops early when ``cancelled()``.

    The list always has one entry per address; those not reached after a cancel are ``None``.
    """
    total = len(addresses)
    results: list[GeoResult | None] = [None] * total
    step = max(1, total // 100)
    for i, address in enumerate(addresses):
        if cancelled is not None and cancelled():
            break
        try:
            results[i] = chain.geocode(address)
        except Exception:  # one broken address must not stop the week
            log.exception("geocoding failed for one address")
        if progress is not None and ((i + 1) % step == 0 or i + 1 == total):
            progress(i + 1, total)
    return results
