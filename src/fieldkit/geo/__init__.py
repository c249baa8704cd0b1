"""Offline geocoding, address points, areas of the district and travel-time matrices.

No Qt and no database here: storage is behind the protocols in :mod:`fieldkit.geo.chain`.
Nothing is sent to any server unless ``GeoSettings`` enables it.
"""

from fieldkit.geo.addresspoints import (
    AddressFile,
    AddressFileError,
    AddressIndex,
    AddressPoint,
    read_address_file,
)
from fieldkit.geo.areas import Area, AreaDefinitionError, AreaDivision, assign_area, demo_areas
from fieldkit.geo.chain import (
    GeocodeCache,
    GeocodingChain,
    GeoResult,
    InMemoryCache,
    InMemoryPlacements,
    ManualPlacements,
    Precision,
    Source,
    geocode_many,
)
from fieldkit.geo.gazetteer import ATTRIBUTION, GEONAMES_ATTRIBUTION, Gazetteer
from fieldkit.geo.matrix import TravelMatrix, TravelTimeService, geodesic_travel_matrix
from fieldkit.geo.normalize import Address, AddressKey, normalize_address
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.geo.online import build_online_geocoder
from fieldkit.geo.settings import GeoSettings

__all__ = [
    "ATTRIBUTION",
    "GEONAMES_ATTRIBUTION",
    "Address",
    "AddressFile",
    "AddressFileError",
    "AddressIndex",
    "AddressKey",
    "AddressPoint",
    "Area",
    "AreaDefinitionError",
    "AreaDivision",
    "Gazetteer",
    "GeoNote",
    "GeoResult",
    "GeoSettings",
    "GeocodeCache",
    "GeocodingChain",
    "InMemoryCache",
    "InMemoryPlacements",
    "ManualPlacements",
    "NoteCode",
    "Precision",
    "Source",
    "TravelMatrix",
    "TravelTimeService",
    "assign_area",
    "build_online_geocoder",
    "demo_areas",
    "geocode_many",
    "geodesic_travel_matrix",
    "normalize_address",
    "read_address_file",
]
