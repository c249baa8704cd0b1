"""What the map widget draws: the district's municipalities, the stored streets and roads of
an OpenStreetMap extract, place labels, the scale bar and the data's attributions.

The UI imports services only (issue 19, item 4; the contract in pyproject.toml); the data
and the layout rules live in :mod:`fieldkit.geo` and :mod:`fieldkit.printing.route_map`
(the printed route map places its labels and scale bar by the same rules as the screen).
This module names what ``ui/geo/map_view.py`` uses, nothing more. No Qt here.
"""

from __future__ import annotations

from fieldkit.geo.gazetteer import Municipality, attribution, load_municipalities
from fieldkit.geo.osm import ROAD_CLASSES
from fieldkit.geo.osm import attribution as osm_attribution
from fieldkit.geo.osmdata import Streets, load_roads, load_streets
from fieldkit.geo.roads import RoadGraph
from fieldkit.printing.route_map import nice_scale_km, place_labels

__all__ = [
    "ROAD_CLASSES",
    "Municipality",
    "RoadGraph",
    "Streets",
    "attribution",
    "load_municipalities",
    "load_roads",
    "load_streets",
    "nice_scale_km",
    "osm_attribution",
    "place_labels",
]
