"""Settings of the geo layer (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class GeoSettings:
    """Geocoding and travel-time settings. Everything that talks to a server is off by default."""

    online_enabled: bool = field(
        default=False,
        metadata=describe(
            "Ask an online geocoding server for addresses the offline sources cannot place. "
            "Off by default: without it no address ever leaves this computer."
        ),
    )
    online_provider: str = field(
        default="nominatim",
        metadata=describe("Kind of geocoding server: 'nominatim' or 'photon'."),
    )
    online_url: str = field(
        default="",
        metadata=describe(
            "Address of the geocoding server, e.g. https://nominatim.example.org "
            "(authorities usually run their own)."
        ),
    )
    online_user_agent: str = field(
        default="fieldkit/0.1 (outreach route planning; self-hosted)",
        metadata=describe("User agent sent to the geocoding server (name it and a contact)."),
    )
    online_min_delay_seconds: float = field(
        default=1.0,
        metadata=describe("Minimum pause between two requests to the geocoding server."),
    )
    online_timeout_seconds: float = field(
        default=10.0,
        metadata=describe("How long to wait for one answer of the geocoding server."),
    )
    detour_factor: float = field(
        default=1.3,
        metadata=describe("Road distance ÷ straight-line distance used for travel times."),
    )
    average_speed_kmh: float = field(
        default=50.0,
        metadata=describe("Average driving speed (km/h) for travel times without a router."),
    )
    road_time_factor: float = field(
        default=1.15,
        metadata=describe(
            "Travel times from the imported OpenStreetMap road network are multiplied by "
            "this (1.0 = the speed limits; more for traffic, parking and the team's driving)."
        ),
    )
    routing_server_enabled: bool = field(
        default=False,
        metadata=describe("Take travel times from a road-routing server (OSRM or Valhalla)."),
    )
    routing_server_kind: str = field(
        default="osrm",
        metadata=describe("Kind of road-routing server: 'osrm' or 'valhalla'."),
    )
    routing_server_url: str = field(
        default="",
        metadata=describe("Address of the road-routing server, e.g. http://osrm.example.org:5000."),
    )
    routing_timeout_seconds: float = field(
        default=20.0,
        metadata=describe("How long to wait for the road-routing server's answer."),
    )
    mbtiles_path: str = field(
        default="",
        metadata=describe(
            "Offline map tiles of the district (an MBTiles file) under the field mode's map; "
            "empty: the map shows the municipalities only."
        ),
    )
